package ops

import (
	"fmt"
	"math"

	x8lut "github.com/octet-ml/octet/asm/lut8"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Int8 activations as 256-entry lookup tables.
//
// An elementwise function of one int8 has only 256 inputs, so each kernel
// evaluates the runtime's formula once per input value in Prepare and Eval
// is a table lookup per element. The formulas (and which runtime LiteRT.js
// uses for each op, established against LiteRT.js on all 256 inputs,
// including rounding ties):
//
//   - RELU, RELU6, RELU_N1_TO_1: TFLite's builtin kernel in both modes
//     (LiteRT's XNNPACK delegate takes these ops for float only).
//     QuantizedReluX: q = clamp(zo + MBQM(v - zi, M), lo, hi) with
//     M = float32(si/so) as a Q31 multiplier, gemmlowp's double rounding, and
//     [lo, hi] = CalculateActivationRangeQuantized (zo + roundf(bound/so)).
//   - HARD_SWISH: TFLite's builtin kernel in both modes (reference_ops::
//     HardSwish<int8>, the int16 fixed-point formula in hardSwishTFLite).
//   - LEAKY_RELU: default, XNNPACK's qs8-vlrelu microkernel when LiteRT's
//     delegate takes the op (xnnTakesLeakyRelu):
//     q = clamp(((zo<<8) + 128 + (v-zi)*m) >> 8, -128, 127) with
//     m = lrintf(256*float32(si/so)) for v >= zi and
//     lrintf(256*float32(float32(si/so)*alpha)) below;
//     otherwise (and in FixedPoint mode) TFLite's QuantizeLeakyRelu:
//     q = clamp(zo + MBQM(v-zi, v >= zi ? si/so : si*alpha/so), -128, 127)
//     with the multipliers formed in float32 as TFLite does.
//   - LOGISTIC, TANH: default, XNNPACK's quantized reference operator,
//     which XNNPACK evaluates over all 256 inputs into a table:
//     x = (float32(v) - float32(zi)) * si, y = f(x),
//     q = clamp(round(float32(y * float32(1/so)) + float32(zo))) with round
//     half away from zero, where sigmoid is exp(x)/(1+exp(x)) in float64
//     (1 above x = 100, 0 below -100) and tanh is tanhf.
//     FixedPoint: TFLite's PopulateLookupTable, which rounds before adding
//     the zero point: q = clamp(int32(round(y * float32(1/so)) + zo)), with
//     sigmoid 1/(1+expf(-x)) in float32. TFLite requires output scale 1/256
//     for LOGISTIC; XNNPACK does not.

// lut8 is the prepared state of an int8 table kernel.
type lut8 struct {
	on    bool
	n     int
	table [256]int8
}

// lutApply sets y[i] = t[uint8(x[i])] (asm/lut8: VPERMI2B on AVX-512
// VBMI, TBL/TBX on NEON).
func lutApply(t *[256]int8, y, x []int8) { x8lut.Lookup(y, x, t) }

// unaryInt8Params is the quantization of an int8 unary op.
type unaryInt8Params struct {
	si, so float32
	zi, zo int32
}

// prepareInt8 checks an int8 unary op: one int8 input and one output, both
// with per-tensor quantization, the output declared int8. It gives the
// output the input's shape.
func (l *lut8) prepareInt8(name string, in, out []*tensor.Tensor) (unaryInt8Params, error) {
	var p unaryInt8Params
	l.on = false
	x, o := in[0], out[0]
	if x.Shape.NumElements() < 0 {
		return p, fmt.Errorf("%s: %w: invalid input shape %v", name, ErrShape, x.Shape)
	}
	var err error
	if p.si, p.zi, err = int8TensorQuant(x, name+" input"); err != nil {
		return p, err
	}
	if o.DType != tensor.Int8 {
		return p, fmt.Errorf("%s: output %s: %w %v, want int8 like the input", name, o.Name, ErrType, o.DType)
	}
	if p.so, p.zo, err = int8TensorQuant(o, name+" output"); err != nil {
		return p, err
	}
	o.Shape = x.Shape.Clone()
	l.n = x.Shape.NumElements()
	l.on = true
	return p, nil
}

// lutFill sets t[uint8(v)] = f(v) for every int8 v.
func lutFill(t *[256]int8, f func(v int32) int32) {
	for v := int32(-128); v <= 127; v++ {
		t[uint8(int8(v))] = int8(min(max(f(v), -128), 127))
	}
}

// reluTableTFLite fills t with TFLite's QuantizedReluX for activation a
// (ActRelu, ActRelu6 or ActReluN1To1).
func reluTableTFLite(t *[256]int8, p unaryInt8Params, a Activation) error {
	lo, hi, err := tfliteActRange(a, p.so, p.zo)
	if err != nil {
		return err
	}
	m, sh := quant.QuantizeMultiplier(float64(float32(p.si / p.so)))
	lutFill(t, func(v int32) int32 {
		r := p.zo + quant.MultiplyByQuantizedMultiplier(v-p.zi, m, sh)
		return min(max(r, lo), hi)
	})
	return nil
}

// xnnTakesLeakyRelu reports whether LiteRT's XNNPACK delegate takes an int8
// LEAKY_RELU (VisitUnaryNode): alpha normal and non-zero, normal scales,
// positive scale si/so in [1/256, 128], negative scale si/so*alpha in
// [-127.99609375, 128] and of magnitude at least 1/256, all in float32.
func xnnTakesLeakyRelu(p unaryInt8Params, alpha float32) bool {
	if !isNormalF32(alpha) || !normalF32(p.si) || !normalF32(p.so) {
		return false
	}
	ps := float32(p.si / p.so)
	if ps < 1.0/256 || ps > 128 {
		return false
	}
	ns := float32(ps * alpha)
	return ns >= -127.99609375 && ns <= 128 && float32(math.Abs(float64(ns))) >= 1.0/256
}

// isNormalF32 reports whether x is a normal float32 of either sign
// (std::isnormal).
func isNormalF32(x float32) bool {
	a := math.Abs(float64(x))
	return a >= 0x1p-126 && a <= math.MaxFloat32
}

// leakyTableXNN fills t with XNNPACK's qs8-vlrelu.
func leakyTableXNN(t *[256]int8, p unaryInt8Params, alpha float32) {
	ps := float32(p.si / p.so)
	ns := float32(ps * alpha)
	pm := int32(math.RoundToEven(float64(256 * ps)))
	nm := int32(math.RoundToEven(float64(256 * ns)))
	bias := p.zo<<8 + 0x80
	lutFill(t, func(v int32) int32 {
		d := v - p.zi
		m := pm
		if d < 0 {
			m = nm
		}
		return (bias + d*m) >> 8
	})
}

// leakyTableTFLite fills t with TFLite's QuantizeLeakyRelu.
func leakyTableTFLite(t *[256]int8, p unaryInt8Params, alpha float32) {
	ma, sa := quant.QuantizeMultiplier(float64(float32(float32(p.si*alpha) / p.so)))
	mi, si := quant.QuantizeMultiplier(float64(float32(p.si / p.so)))
	lutFill(t, func(v int32) int32 {
		d := v - p.zi
		if d >= 0 {
			return p.zo + quant.MultiplyByQuantizedMultiplier(d, mi, si)
		}
		return p.zo + quant.MultiplyByQuantizedMultiplier(d, ma, sa)
	})
}

// xnnUnaryQuantize is XNNPACK's quantize step of its reference unary
// operators: round(y*inv + zo) in float32, half away from zero, NaN to 0,
// saturated to int8.
func xnnUnaryQuantize(y, inv float32, zo int32) int32 {
	f := float32(float32(y*inv) + float32(zo))
	if f != f {
		return 0
	}
	return int32(min(max(math.Round(float64(f)), -128), 127))
}

// tfliteLUTQuantize is the quantize step of TFLite's PopulateLookupTable:
// round(y*inv) half away from zero, then the zero point, saturated to int8.
func tfliteLUTQuantize(y, inv float32, zo int32) int32 {
	r := float32(math.Round(float64(float32(y * inv))))
	q := float32(r + float32(zo))
	if q != q {
		return 0
	}
	return int32(min(max(float64(q), -128), 127))
}

// sigmoidXNN is XNNPACK's reference sigmoid: exp in float64.
func sigmoidXNN(x float32) float32 {
	switch {
	case x > 100:
		return 1
	case x < -100:
		return 0
	}
	e := math.Exp(float64(x))
	return float32(e / (1 + e))
}

// sigmoidTFLite is TFLite's LUT sigmoid, 1/(1+expf(-x)) in float32 (expf
// taken as the correctly rounded float32 exp).
func sigmoidTFLite(x float32) float32 {
	e := float32(math.Exp(float64(-x)))
	return 1 / float32(1+e)
}

// tanhF32 is tanhf, taken as the correctly rounded float32 tanh.
func tanhF32(x float32) float32 { return float32(math.Tanh(float64(x))) }

// transcendentalTable fills t for LOGISTIC or TANH in the given mode.
func transcendentalTable(t *[256]int8, p unaryInt8Params, logistic bool, m quant.Mode) {
	inv := 1 / p.so
	if m == quant.FixedPoint || !normalF32(p.si) || !normalF32(p.so) {
		f := tanhF32
		if logistic {
			f = sigmoidTFLite
		}
		lutFill(t, func(v int32) int32 {
			x := p.si * float32(v-p.zi)
			return tfliteLUTQuantize(f(x), inv, p.zo)
		})
		return
	}
	f := tanhF32
	if logistic {
		f = sigmoidXNN
	}
	lutFill(t, func(v int32) int32 {
		x := (float32(v) - float32(p.zi)) * p.si
		return xnnUnaryQuantize(f(x), inv, p.zo)
	})
}

// hardSwishTableTFLite fills t with TFLite's int8 HardSwish
// (activations.cc HardSwishPrepare and reference_ops::HardSwish). It fails
// when the output multiplier exponent is positive, as TFLite's Prepare does.
func hardSwishTableTFLite(t *[256]int8, p unaryInt8Params) error {
	hires := float32((1.0 / 128.0) * p.si)
	const reluishScale = float32(3.0 / 32768.0)
	om32, oexp := quant.QuantizeMultiplier(float64(float32(hires / p.so)))
	if oexp > 0 {
		return fmt.Errorf("HardSwish: output scale %v too small for input scale %v (TFLite needs output_multiplier_exponent <= 0)", p.so, p.si)
	}
	om := downScaleMultiplier16(om32)
	rm32, rexp := quant.QuantizeMultiplier(float64(float32(hires / reluishScale)))
	rm := downScaleMultiplier16(rm32)
	lutFill(t, func(v int32) int32 {
		return hardSwishTFLite(int16(v-p.zi), om, oexp, rm, rexp) + p.zo
	})
	return nil
}

// hardSwishTFLite is TFLite's int8 HardSwish of one zero-point-corrected
// input, before the output zero point: the input on a 2^7 finer scale is
// multiplied by the output multiplier (a rounding doubling high multiply in
// int16) and by a "reluish" factor in [0, 1] (the input rescaled to
// [-3, 3] -> [-1, 1] as a Q15 value, saturating, then mapped to [0, 1]),
// and shifted down.
func hardSwishTFLite(in int16, om int16, oexp int, rm int16, rexp int) int32 {
	hi := in * (1 << 7)
	pre := srdhm16(hi, om)
	rel := hi
	if rexp > 0 {
		rel = satShl16(rel, rexp-1)
	}
	rel = srdhm16(rel, rm)
	if rexp > 0 {
		rel = satShl16(rel, 1)
	}
	if rexp < 0 {
		rel = rdbp16(rel, -rexp)
	}
	rel = int16((int32(rel) + 1<<15) >> 1)
	return int32(rdbp16(sdhm16(rel, pre), -oexp))
}

// downScaleMultiplier16 is TFLite's DownScaleInt32ToInt16Multiplier: the Q31
// multiplier rounded to Q15, saturating.
func downScaleMultiplier16(m int32) int16 {
	if m >= math.MaxInt32-(1<<15) {
		return math.MaxInt16
	}
	return int16((m + 1<<15) >> 16)
}

// srdhm16 is gemmlowp's SaturatingRoundingDoublingHighMul for int16:
// the high 16 bits of 2*a*b rounded to nearest (ties toward +Inf as the
// nudge makes them), saturating the one overflow a = b = -32768.
func srdhm16(a, b int16) int16 {
	if a == b && a == math.MinInt16 {
		return math.MaxInt16
	}
	ab := int32(a) * int32(b)
	nudge := int32(1 << 14)
	if ab < 0 {
		nudge = 1 - 1<<14
	}
	return int16((ab + nudge) / (1 << 15)) // Go's division truncates, as C's
}

// sdhm16 is TFLite's SaturatingDoublingHighMul for int16: like srdhm16
// but truncating toward zero.
func sdhm16(a, b int16) int16 {
	if a == b && a == math.MinInt16 {
		return math.MaxInt16
	}
	return int16(int32(a) * int32(b) / (1 << 15))
}

// satShl16 is TFLite's SaturatingLeftShift for int16.
func satShl16(x int16, n int) int16 {
	v := int32(x) * (1 << uint(n))
	return int16(min(max(v, math.MinInt16), math.MaxInt16))
}

// rdbp16 is gemmlowp's RoundingDivideByPOT for int16 (ties away from zero).
func rdbp16(x int16, e int) int16 {
	mask := int16(1<<uint(e) - 1)
	rem := x & mask
	th := mask >> 1
	if x < 0 {
		th++
	}
	r := x >> uint(e)
	if rem > th {
		r++
	}
	return r
}
