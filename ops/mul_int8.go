package ops

import (
	"math"

	"github.com/octet-ml/octet/quant"
)

// Int8 MUL; see add_int8.go for the two formulas and when each applies.

// xnnTakesMul reports whether LiteRT's XNNPACK delegate takes an int8 MUL
// with these scales: all normal, and float32(float32(sa*sb)/so) in
// [1/65536, 256) (CheckTensorsInputProductOutputScale).
func xnnTakesMul(sa, sb, so float32) bool {
	if !normalF32(sa) || !normalF32(sb) || !normalF32(so) {
		return false
	}
	r := xnnRequantScale(sa, sb, so)
	return r >= 1.0/65536 && r < 256
}

// mulXNN is one element of XNNPACK's qs8 MUL (fp32 requantization): the
// product of the zero-point-corrected inputs, times the float32 scale,
// clamped to the activation range less the zero point, rounded half to
// even.
func (q *ewInt8) mulXNN(a, b int8) int8 {
	acc := (int32(a) - q.za) * (int32(b) - q.zb)
	f := float32(float32(acc) * q.scale)
	if f < q.flo {
		f = q.flo
	}
	if f > q.fhi {
		f = q.fhi
	}
	return int8(int32(math.RoundToEven(float64(f))) + q.zo)
}

// mulTFLite is one element of TFLite's int8 MUL.
func (q *ewInt8) mulTFLite(a, b int8) int8 {
	acc := (int32(a) - q.za) * (int32(b) - q.zb)
	v := quant.MultiplyByQuantizedMultiplier(acc, q.mm, q.shm) + q.zo
	return int8(min(max(v, q.lo), q.hi))
}
