package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/tensor"
)

// Int8 SOFTMAX.
//
// LiteRT's XNNPACK delegate takes SOFTMAX for float32 only, so LiteRT.js
// runs TFLite's builtin int8 kernel, the optimized float-table softmax
// (optimized_ops::PopulateSoftmaxLookupTable and optimized_ops::Softmax);
// TFLite's own builtin resolver uses the same kernel, so both modes compute
// it. Per row of the last axis, with si the input scale and so, zo the
// output's (1/256 and -128, which TFLite requires for int8):
//
//	e[d]  = expf(float32(-si*beta) * float32(d))   for d = 0..255, in Prepare
//	m     = max(x)
//	sum   = e[m-x[0]] + e[m-x[1]] + ...          (float32, in order)
//	inv   = 1 / float32(sum*so)
//	out[j] = clamp(int32(round(e[m-x[j]] * inv)) + zo, -128, 127)
//
// rounding half away from zero. LiteRT.js agrees bit for bit. TFLite's
// gemmlowp fixed-point softmax (reference_ops::Softmax, only in its
// reference resolver) is not implemented.
//
// A row depends on its values only through the 256 differences m - x, so
// for depth 2 every input pair has a precomputed answer: softmax2_lut.go.

// softmaxInt8 is the prepared state of an int8 Softmax.
type softmaxInt8 struct {
	on          bool
	rows, depth int
	so          float32
	zo          int32
	exp         [256]float32 // exp by difference from the row maximum
	pair        *softmaxPairTable
}

// prepare validates the quantization and builds the exp table (and the
// pair table for depth 2).
func (s *softmaxInt8) prepare(x, o *tensor.Tensor, beta float32) error {
	s.on = false
	si, _, err := int8TensorQuant(x, "Softmax input")
	if err != nil {
		return err
	}
	if o.DType != tensor.Int8 {
		return fmt.Errorf("Softmax: output %s: %w %v, want int8 like the input", o.Name, ErrType, o.DType)
	}
	so, zo, err := int8TensorQuant(o, "Softmax output")
	if err != nil {
		return err
	}
	if zo != -128 || math.Abs(float64(so)-1.0/256) > 0.001/256 {
		return fmt.Errorf("Softmax: int8 output quantization (%v, %d), want scale 1/256 and zero point -128", so, zo)
	}
	s.so, s.zo = so, zo
	softmaxExpTable(&s.exp, si, beta)
	n := x.Shape.NumElements()
	s.depth = x.Shape[len(x.Shape)-1]
	s.rows = 0
	if s.depth > 0 {
		s.rows = n / s.depth
	}
	s.pair = nil
	if s.depth == 2 {
		s.pair = newSoftmaxPairTable(s)
	}
	s.on = true
	return nil
}

// softmaxExpTable is TFLite's PopulateSoftmaxLookupTable indexed by the
// difference d = max - x: e[d] = expf(-si*beta * d), the product in
// float32 (expf taken as the correctly rounded float32 exp).
func softmaxExpTable(e *[256]float32, si, beta float32) {
	scale := -si * beta
	for d := range e {
		e[d] = float32(math.Exp(float64(float32(scale * float32(d)))))
	}
}

// row computes one row of the softmax.
func (s *softmaxInt8) row(y, x []int8) {
	m := int32(math.MinInt8)
	for _, v := range x {
		m = max(m, int32(v))
	}
	var sum float32
	for _, v := range x {
		sum += s.exp[m-int32(v)]
	}
	inv := 1 / float32(sum*s.so)
	y = y[:len(x)]
	for j, v := range x {
		p := float64(float32(s.exp[m-int32(v)] * inv))
		if p != p { // only for a beta so negative that exp overflows
			p = 0
		}
		q := min(max(math.Round(p)+float64(s.zo), -128), 127)
		y[j] = int8(q)
	}
}

// eval runs the softmax over all rows.
func (s *softmaxInt8) eval(x, y []int8) error {
	n := s.rows * s.depth
	if len(x) < n || len(y) < n {
		return ewErrData("Softmax")
	}
	if s.pair != nil {
		s.pair.run(y[:n], x[:n])
		return nil
	}
	d := s.depth
	for r := 0; r < s.rows; r++ {
		s.row(y[r*d:(r+1)*d], x[r*d:(r+1)*d])
	}
	return nil
}
