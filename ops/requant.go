package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Shared int8 output rescaling for the integer kernels.
//
// An int8 kernel computes, for each output, an int32 accumulator acc whose
// real value is S*acc, S being the accumulator scale (input_scale *
// weight_scale[c] for the convolutions). The output is the int8 q with
// out_scale*(q - out_zp) closest to S*acc, clamped to the fused activation's
// range. int8Requant does that step in one of two ways:
//
// quant.FloatRoundEven, XNNPACK's "fp32" requantization (the qs8 and
// qs8_qc8w GEMM, IGEMM and DWCONV microkernels that LiteRT uses through its
// XNNPACK delegate):
//
//	scale[c] = float32(float32(in_scale*w_scale[c]) / out_scale)   // all float32
//	f = float32(acc) * scale[c]                                    // float32 product
//	f = min(max(f, float32(lo - out_zp)), float32(hi - out_zp))
//	q = lrintf(f) + out_zp                                         // round half to even
//
// The per-channel scale is formed in float32 in exactly that order
// (input_scale * kernel_scale / output_scale, as
// create_convolution2d_nhwc_qx8_qc8w, xnn_create_fully_connected_nc_qs8_qc8w
// and the deconvolution create functions in XNNPACK's src/operators
// evaluate it), and requantize is xnn_qs8_requantize_fp32
// (src/xnnpack/requantization.h); the SIMD kernels' magic-bias rounding and
// integer max/min give the same result. The activation range [lo, hi] is
// xnn_qs8_quantize of the float activation bounds (see xnnActRange).
//
// quant.FixedPoint, TFLite's builtin reference kernels
// (reference_integer_ops::ConvPerChannel and friends):
//
//	mult[c], shift[c] = QuantizeMultiplier(real[c])   // real[c] a float64
//	q = clamp(MultiplyByQuantizedMultiplier(acc, mult[c], shift[c]) + out_zp, lo, hi)
//
// with gemmlowp's double rounding, and [lo, hi] from
// CalculateActivationRangeQuantized (see tfliteActRange). A third variant,
// the same with a single rounding (ruy's multiplier), serves the ops LiteRT
// runs on TFLite's ruy-based builtin kernels (see convRequant). The float64 real
// multiplier is op specific (PopulateConvolutionQuantizationParams uses
// double(in_scale)*double(w_scale[c])/double(out_scale)); callers pass it.
//
// The int32 arithmetic wraps on overflow as the C kernels do in practice;
// nothing here panics.
type int8Requant struct {
	fixed  bool
	single bool // FixedPoint with one rounding (ruy's multiplier), see convRequant
	zp     int32
	lo, hi int32   // activation clamp, in the quantized domain
	flo    float32 // lo - zp, for FloatRoundEven
	fhi    float32 // hi - zp
	scale  []float32
	wide   []float32 // scale repeated to a multiple of 16 values, when it has fewer
	mult   []int32
	shift  []int32
}

// initFloat sets up FloatRoundEven requantization with per-channel float32
// scales (XNNPACK's requantization_scale) and clamp range [lo, hi].
func (r *int8Requant) initFloat(scales []float32, zp, lo, hi int32) {
	*r = int8Requant{zp: zp, lo: lo, hi: hi, flo: float32(lo - zp), fhi: float32(hi - zp), scale: scales}
	if n := len(scales); n > 0 && n < 16 {
		// Few channels (a 1-channel mask, 8 channels): rows of n are
		// shorter than a vector; requantRows runs lcm(n, 16) at a time.
		l := 16
		for l%n != 0 {
			l += 16
		}
		r.wide = make([]float32, l)
		for i := range r.wide {
			r.wide[i] = scales[i%n]
		}
	}
}

// initFixed sets up FixedPoint requantization with per-channel real
// multipliers, each written as a Q31 multiplier and shift by
// quant.QuantizeMultiplier, and clamp range [lo, hi].
func (r *int8Requant) initFixed(reals []float64, zp, lo, hi int32) {
	*r = int8Requant{fixed: true, zp: zp, lo: lo, hi: hi,
		mult: make([]int32, len(reals)), shift: make([]int32, len(reals))}
	for c, m := range reals {
		mult, shift := quant.QuantizeMultiplier(m)
		r.mult[c], r.shift[c] = mult, int32(shift)
	}
}

// apply rescales the accumulator of channel c to int8.
func (r *int8Requant) apply(acc int32, c int) int8 {
	if r.fixed {
		var v int32
		if r.single {
			v = int32(quant.MultiplyByQuantizedMultiplierSingleRounding(acc, r.mult[c], int(r.shift[c]))) + r.zp
		} else {
			v = quant.MultiplyByQuantizedMultiplier(acc, r.mult[c], int(r.shift[c])) + r.zp
		}
		return int8(min(max(v, r.lo), r.hi))
	}
	return int8(xnnRequant(acc, r.scale[c], r.flo, r.fhi) + r.zp)
}

// xnnRequant is XNNPACK's fp32 requantization without the zero point:
// lrintf(min(max(float32(acc)*scale, flo), fhi)). The explicit float32
// conversions keep Go from fusing or widening the product.
func xnnRequant(acc int32, scale, flo, fhi float32) int32 {
	f := float32(float32(acc) * scale)
	if f < flo {
		f = flo
	}
	if f > fhi {
		f = fhi
	}
	return int32(math.RoundToEven(float64(f)))
}

// xnnRequantScale is XNNPACK's requantization scale for one output
// channel: input_scale * kernel_scale / output_scale, each step rounded to
// float32.
func xnnRequantScale(inScale, wScale, outScale float32) float32 {
	p := float32(inScale * wScale)
	return float32(p / outScale)
}

// tfliteConvReal is PopulateConvolutionQuantizationParams' effective output
// scale: double(input_scale) * double(filter_scale) / double(output_scale).
func tfliteConvReal(inScale, wScale, outScale float32) float64 {
	return float64(inScale) * float64(wScale) / float64(outScale)
}

// actBounds returns the real-valued clamp of a fused activation, with
// infinities for an open side. ok is false for activations that are not a
// clamp.
func actBounds(a Activation) (lo, hi float32, ok bool) {
	return a.Range()
}

// xnnActRange is the int8 clamp range XNNPACK derives from a fused
// activation: the TFLite delegate turns it into float bounds
// (ConvertActivationToOutputRange: NONE -> [-inf, inf], RELU -> [0, inf],
// RELU_N1_TO_1 -> [-1, 1], RELU6 -> [0, 6]) and XNNPACK's subgraph quantizes
// each bound with xnn_qs8_quantize:
//
//	lrintf(min(max(v/scale + float32(zp), -128), 127))
//
// in float32, rounding half to even.
func xnnActRange(a Activation, scale float32, zp int32) (lo, hi int32, err error) {
	flo, fhi, ok := actBounds(a)
	if !ok {
		return 0, 0, errUnsupportedAct(a)
	}
	return xnnQuantize(flo, scale, zp), xnnQuantize(fhi, scale, zp), nil
}

// xnnQuantize is XNNPACK's xnn_qs8_quantize.
func xnnQuantize(v, scale float32, zp int32) int32 {
	f := float32(float32(v/scale) + float32(zp))
	f = min(max(f, -128), 127)
	return int32(math.RoundToEven(float64(f)))
}

// tfliteActRange is TFLite's CalculateActivationRangeQuantized for int8:
// with quantize(f) = zp + int32(round(f/scale)) (float32 division, rounding
// half away from zero), RELU gives [max(-128, quantize(0)), 127], RELU6
// [max(-128, quantize(0)), min(127, quantize(6))], RELU_N1_TO_1
// [max(-128, quantize(-1)), min(127, quantize(1))] and NONE [-128, 127].
func tfliteActRange(a Activation, scale float32, zp int32) (lo, hi int32, err error) {
	q := func(f float32) int32 {
		// Clamped before the conversion so that a bound beyond the int32
		// range (a tiny scale) stays ordered.
		v := min(max(math.Round(float64(float32(f/scale))), -1<<20), 1<<20)
		return zp + int32(v)
	}
	switch a {
	case ActNone:
		return -128, 127, nil
	case ActRelu:
		return max(-128, q(0)), 127, nil
	case ActRelu6:
		return max(-128, q(0)), min(127, q(6)), nil
	case ActReluN1To1:
		return max(-128, q(-1)), min(127, q(1)), nil
	}
	return 0, 0, errUnsupportedAct(a)
}

// actRangeInt8 picks the activation range of the given mode.
func actRangeInt8(m quant.Mode, a Activation, scale float32, zp int32) (lo, hi int32, err error) {
	if m == quant.FixedPoint {
		return tfliteActRange(a, scale, zp)
	}
	return xnnActRange(a, scale, zp)
}

// validScale reports whether s is usable as a quantization scale: finite and
// positive.
func validScale(s float32) bool {
	return s > 0 && !math.IsInf(float64(s), 0)
}

// int8TensorQuant checks that t is an int8 tensor with per-tensor
// quantization (a finite positive scale and a zero point in [-128, 127]) and
// returns its parameters.
func int8TensorQuant(t *tensor.Tensor, what string) (scale float32, zp int32, err error) {
	if err := checkType(t, what, tensor.Int8); err != nil {
		return 0, 0, err
	}
	q := t.Quant
	if q == nil || len(q.Scale) == 0 {
		return 0, 0, fmt.Errorf("%s %s: %w: int8 without quantization parameters", what, t.Name, ErrType)
	}
	if len(q.Scale) != 1 {
		return 0, 0, fmt.Errorf("%s %s: want per-tensor quantization, got %d scales", what, t.Name, len(q.Scale))
	}
	if len(q.ZeroPoint) > 1 {
		return 0, 0, fmt.Errorf("%s %s: %d zero points for one scale", what, t.Name, len(q.ZeroPoint))
	}
	s, z := q.Params(0)
	if !validScale(s) {
		return 0, 0, fmt.Errorf("%s %s: invalid quantization scale %v", what, t.Name, s)
	}
	if z < -128 || z > 127 {
		return 0, 0, fmt.Errorf("%s %s: zero point %d outside the int8 range", what, t.Name, z)
	}
	return s, int32(z), nil
}

// int8OutputQuant checks an int8 kernel's output tensor: it must be declared
// int8 with per-tensor quantization. It returns the output's scale and zero
// point.
func int8OutputQuant(o *tensor.Tensor) (scale float32, zp int32, err error) {
	return int8TensorQuant(o, "output")
}

// int8WeightScales checks symmetric int8 weights quantized per tensor or per
// channel along axis (with one scale per element of that dimension), all
// zero points 0, and returns one scale per output channel (n of them): a
// per-tensor scale is repeated.
func int8WeightScales(w *tensor.Tensor, what string, axis, n int) ([]float32, error) {
	if err := checkType(w, what, tensor.Int8); err != nil {
		return nil, err
	}
	q := w.Quant
	if q == nil || len(q.Scale) == 0 {
		return nil, fmt.Errorf("%s %s: %w: int8 weights without quantization parameters", what, w.Name, ErrType)
	}
	if len(q.ZeroPoint) > 1 && len(q.ZeroPoint) != len(q.Scale) {
		return nil, fmt.Errorf("%s %s: %d zero points for %d scales", what, w.Name, len(q.ZeroPoint), len(q.Scale))
	}
	for _, z := range q.ZeroPoint {
		if z != 0 {
			return nil, fmt.Errorf("%s %s: weight zero point %d, want 0 (symmetric quantization)", what, w.Name, z)
		}
	}
	if len(q.Scale) > 1 {
		if q.Axis != axis {
			return nil, fmt.Errorf("%s %s: quantized along axis %d, want %d", what, w.Name, q.Axis, axis)
		}
		if len(q.Scale) != n {
			return nil, fmt.Errorf("%s %s: %w: %d scales for %d output channels", what, w.Name, ErrShape, len(q.Scale), n)
		}
	}
	scales := make([]float32, n)
	for c := range scales {
		s, _ := q.Params(c)
		if !validScale(s) {
			return nil, fmt.Errorf("%s %s: invalid quantization scale %v for channel %d", what, w.Name, s, c)
		}
		scales[c] = s
	}
	return scales, nil
}

// int8Bias checks an optional int32 bias of n values (nil is allowed). Its
// quantization parameters are not used: TFLite and XNNPACK add the stored
// integers to the accumulators as they are.
func int8Bias(b *tensor.Tensor, n int) error {
	if b == nil {
		return nil
	}
	if err := checkType(b, "bias", tensor.Int32); err != nil {
		return err
	}
	if b.Shape.NumElements() != n {
		return fmt.Errorf("bias %s: %w: shape %v, want %d values", b.Name, ErrShape, b.Shape, n)
	}
	return nil
}

// int8BiasData returns the int32 values of optional input i, or nil.
func int8BiasData(in []*tensor.Tensor, i int) []int32 {
	if i >= len(in) || in[i] == nil {
		return nil
	}
	return in[i].I32()
}

// int8SetOutput sets an int8 output's shape after checking it is non-empty
// and not too large (the dtype was checked by int8OutputQuant).
func int8SetOutput(o *tensor.Tensor, s tensor.Shape) error {
	if err := convSetOutput(o, s); err != nil {
		return err
	}
	o.DType = tensor.Int8
	return nil
}

// convRequant sets up the requantization of a convolution-like kernel with
// per-channel weight scales ws, for mode m: XNNPACK's float32 scales or
// TFLite's per-channel fixed-point multipliers. realFor, when non-nil,
// overrides the float64 real multiplier of channel c for FixedPoint.
//
// fallback selects, in FloatRoundEven mode, what LiteRT runs when its
// XNNPACK delegate declines the op (see xnnTakesConv): TFLite's builtin
// (optimized) kernel, with TFLite's multipliers and activation range. Its
// rounding depends on the op: CONV_2D and FULLY_CONNECTED multiply through
// ruy, whose output stage rounds once, (acc*mult + 2^(30-shift)) >>
// (31-shift) (quant.MultiplyByQuantizedMultiplierSingleRounding), while
// DEPTHWISE_CONV_2D and TRANSPOSE_CONV requantize with TFLite's own
// MultiplyByQuantizedMultiplier (double rounding). ruyBuiltin says which.
// LiteRT.js agrees with this on every output we compared, and disagrees
// with the other rounding on some. quant.FixedPoint mode always uses the
// reference kernels' double rounding.
func convRequant(r *int8Requant, m quant.Mode, fallback, ruyBuiltin bool, inScale float32, ws []float32, outScale float32,
	outZP int32, act Activation, realFor func(c int) float64) error {
	single := false
	if fallback && m == quant.FloatRoundEven {
		m, single = quant.FixedPoint, ruyBuiltin
	}
	lo, hi, err := actRangeInt8(m, act, outScale, outZP)
	if err != nil {
		return err
	}
	if m == quant.FixedPoint {
		reals := make([]float64, len(ws))
		for c, w := range ws {
			if realFor != nil {
				reals[c] = realFor(c)
			} else {
				reals[c] = tfliteConvReal(inScale, w, outScale)
			}
		}
		r.initFixed(reals, outZP, lo, hi)
		r.single = single
		return nil
	}
	scales := make([]float32, len(ws))
	for c, w := range ws {
		scales[c] = xnnRequantScale(inScale, w, outScale)
	}
	r.initFloat(scales, outZP, lo, hi)
	return nil
}

// xnnTakesConv reports whether LiteRT's XNNPACK delegate takes a quantized
// CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED or TRANSPOSE_CONV with these
// tensors (TFLite's xnnpack_delegate.cc, Visit*Node). It refuses, and
// TFLite's builtin kernel runs instead, when
//
//   - the filter or the bias is not a constant;
//   - the bias is missing and needBias (CONV_2D and DEPTHWISE_CONV_2D);
//   - the int32 bias has no quantization parameters, is quantized along an
//     axis other than 0 or has a non-zero zero point;
//   - a scale is not a normal float32 (XNNPACK's isnormal checks);
//   - input_scale * filter_scale[0] / output_scale >= 256 in float32
//     (CheckTensorsRequantizationScale).
func xnnTakesConv(inScale, outScale float32, ws []float32, f, bias *tensor.Tensor, needBias bool) bool {
	if !f.Const || !normalF32(inScale) || !normalF32(outScale) {
		return false
	}
	for _, s := range ws {
		if !normalF32(s) {
			return false
		}
	}
	if bias == nil {
		if needBias {
			return false
		}
	} else {
		q := bias.Quant
		if !bias.Const || q == nil || len(q.Scale) == 0 || q.Axis != 0 {
			return false
		}
		for _, z := range q.ZeroPoint {
			if z != 0 {
				return false
			}
		}
		for _, s := range q.Scale {
			if !normalF32(s) {
				return false
			}
		}
	}
	return xnnRequantScale(inScale, ws[0], outScale) < 256
}

// normalF32 reports whether s is a positive normal float32.
func normalF32(s float32) bool {
	return s >= 0x1p-126 && !math.IsInf(float64(s), 0)
}

// int8Input reports whether a kernel's first input is int8, which selects
// its int8 path.
func int8Input(in []*tensor.Tensor) bool {
	return len(in) > 0 && in[0] != nil && in[0].DType == tensor.Int8
}

// int8CheckShape checks that t has the given rank and positive dimensions.
func int8CheckShape(t *tensor.Tensor, what string, rank int) error {
	if err := checkRank(t, what, rank); err != nil {
		return err
	}
	return convCheckPositive(t, what)
}

// tapRange returns the filter taps [k0, k1) of one spatial dimension that
// fall inside an input of extent n, for a window whose tap 0 sits at input
// position i0 and whose taps are d apart. The range may be empty (k0 == k1).
func tapRange(i0, d, k, n int) (k0, k1 int) {
	if i0 < 0 {
		k0 = min(k, (-i0+d-1)/d)
	}
	if last := n - 1 - i0; last >= 0 {
		k1 = min(k, last/d+1)
	}
	if k1 < k0 {
		k1 = k0
	}
	return k0, k1
}

// int8Conv holds what int8ConvPrepare checked of an int8 convolution.
type int8Conv struct {
	g                 convGeom
	inScale, outScale float32
	inZP, outZP       int32
	ws                []float32      // per-output-channel weight scales
	bias              *tensor.Tensor // nil when omitted
}

// int8ConvPrepare checks an int8 convolution's inputs (int8 NHWC input
// with per-tensor quantization, int8 filter with weight scales along
// weightAxis, optional int32 bias) and its int8 output, and works out the
// geometry with geom. It does not set the output shape.
func int8ConvPrepare(in, out []*tensor.Tensor, weightAxis int, geom func(x, f *tensor.Tensor) (convGeom, error)) (int8Conv, error) {
	var c int8Conv
	if err := checkArity(in, out, 2, 3, 1); err != nil {
		return c, err
	}
	x, f := in[0], in[1]
	var err error
	if c.inScale, c.inZP, err = int8TensorQuant(x, "input"); err != nil {
		return c, err
	}
	if err := int8CheckShape(x, "input", 4); err != nil {
		return c, err
	}
	if err := checkType(f, "filter", tensor.Int8); err != nil {
		return c, err
	}
	if err := int8CheckShape(f, "filter", 4); err != nil {
		return c, err
	}
	if c.g, err = geom(x, f); err != nil {
		return c, err
	}
	if c.ws, err = int8WeightScales(f, "filter", weightAxis, c.g.outC); err != nil {
		return c, err
	}
	if len(in) > 2 {
		c.bias = in[2]
	}
	if err := int8Bias(c.bias, c.g.outC); err != nil {
		return c, err
	}
	c.outScale, c.outZP, err = int8OutputQuant(out[0])
	return c, err
}
