package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm/vf32"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Dequantize converts to float32:
//
//   - Float16 exactly (tensor.F16ToF32: subnormals, infinities, NaN);
//   - Int8, Uint8 and Int16 as r = scale*(q - zero_point), using the input's
//     quantization, per tensor or per axis (Quant.Axis). As TFLite, the
//     product is formed in float64 (exact here) and rounded once to float32.
type Dequantize struct {
	q   quantGeom
	dt  tensor.DType
	lut *[256]float32 // per-tensor Int8 or Uint8: the result of every input byte
}

// quantGeom splits a tensor into outer x channels x inner elements around a
// quantization axis (channels is 1 for per-tensor quantization) and holds the
// per-channel parameters.
type quantGeom struct {
	outer, ch, inner int
	scale            []float32
	zp               []int64
}

// set validates quantization q for a tensor of the given shape.
func (g *quantGeom) set(what string, q *tensor.Quantization, shape tensor.Shape) error {
	if q == nil || len(q.Scale) == 0 {
		return fmt.Errorf("%s has no quantization parameters", what)
	}
	n := shape.NumElements()
	if n < 0 {
		return fmt.Errorf("%s: %w: invalid shape %v", what, ErrShape, shape)
	}
	nz := len(q.ZeroPoint)
	if nz > 1 && nz != len(q.Scale) {
		return fmt.Errorf("%s: %d zero points for %d scales", what, nz, len(q.Scale))
	}
	g.scale, g.zp = nil, nil
	if !q.PerAxis() {
		g.outer, g.ch, g.inner = 1, 1, n
	} else {
		a := q.Axis
		if a < 0 || a >= len(shape) {
			return fmt.Errorf("%s: %w: quantization axis %d out of range for shape %v", what, ErrShape, a, shape)
		}
		if shape[a] != len(q.Scale) {
			return fmt.Errorf("%s: %w: %d scales for dimension %d of extent %d", what, ErrShape, len(q.Scale), a, shape[a])
		}
		g.outer, g.ch, g.inner = 1, shape[a], 1
		for _, d := range shape[:a] {
			g.outer *= d
		}
		for _, d := range shape[a+1:] {
			g.inner *= d
		}
	}
	for i := 0; i < g.ch; i++ {
		s, z := q.Params(i)
		g.scale = append(g.scale, s)
		g.zp = append(g.zp, z)
	}
	return nil
}

// size is the number of elements.
func (g *quantGeom) size() int { return g.outer * g.ch * g.inner }

// parts is the number of parts of the Splitter kernels on g: flat ranges
// per tensor, one part per axis.
func (g *quantGeom) parts() int {
	if g.ch != 1 {
		return 1
	}
	return flatParts(g.inner)
}

// partRange returns the elements [a, b) of parts [lo, hi): all of them
// per axis.
func (g *quantGeom) partRange(lo, hi int) (a, b int) {
	if g.ch != 1 {
		return 0, g.size()
	}
	return flatRange(g.size(), lo, hi)
}

// unit is PointwiseUnit of the kernels on g: any range per tensor, none
// per axis.
func (g *quantGeom) unit() int {
	if g.ch != 1 {
		return 0
	}
	return 1
}

// Prepare implements Kernel.
func (k *Dequantize) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return fmt.Errorf("Dequantize: %w", err)
	}
	x := in[0]
	if err := checkType(x, "Dequantize input", tensor.Float16, tensor.Int8, tensor.Uint8, tensor.Int16); err != nil {
		return err
	}
	k.dt = x.DType
	n := x.Shape.NumElements()
	if n < 0 {
		return fmt.Errorf("Dequantize: %w: invalid input shape %v", ErrShape, x.Shape)
	}
	if x.DType == tensor.Float16 {
		k.q = quantGeom{outer: 1, ch: 1, inner: n}
	} else if err := k.q.set("Dequantize input "+x.Name, x.Quant, x.Shape); err != nil {
		return err
	}
	k.lut = nil
	if (x.DType == tensor.Int8 || x.DType == tensor.Uint8) && k.q.ch == 1 {
		// 256 inputs: a table of the formula's results, indexed by the
		// input's byte.
		k.lut = new([256]float32)
		s, z := float64(k.q.scale[0]), k.q.zp[0]
		for b := range 256 {
			q := int64(b)
			if x.DType == tensor.Int8 {
				q = int64(int8(b))
			}
			k.lut[b] = float32(s * float64(q-z))
		}
	}
	out[0].DType = tensor.Float32
	out[0].Shape = x.Shape.Clone()
	return nil
}

// Eval implements Kernel.
func (k *Dequantize) Eval(in, out []*tensor.Tensor) error {
	return k.EvalParts(in, out, 0, k.Parts(in, out), 0)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *Dequantize) SetWorkers(int) {}

// Parts implements Splitter: flat ranges of elements (see split_flat.go)
// for per-tensor quantization and float16; per-axis quantization is one part.
func (k *Dequantize) Parts(in, out []*tensor.Tensor) int { return k.q.parts() }

// EvalParts implements Splitter.
func (k *Dequantize) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	a, b := k.q.partRange(lo, hi)
	return k.EvalElems(in, out, a, b, w)
}

// PointwiseUnit implements Pointwise: per-tensor quantization and float16 takes any
// range of elements, per-axis quantization none.
func (k *Dequantize) PointwiseUnit(in, out []*tensor.Tensor) int { return k.q.unit() }

// EvalElems implements Pointwise; per-axis quantization takes only the
// whole tensor.
func (k *Dequantize) EvalElems(in, out []*tensor.Tensor, a, b, w int) error {
	g := &k.q
	n := g.size()
	x := in[0]
	y := out[0].F32()
	if len(x.Data) < n*k.dt.Size() || len(y) < n || a < 0 || a > b || b > n {
		return ewErrData("Dequantize")
	}
	if g.ch != 1 {
		if a != 0 || b != n {
			return ewErrData("Dequantize")
		}
		switch k.dt {
		case tensor.Int8:
			dequantizeRun(g, x.I8()[:n], y[:n])
		case tensor.Uint8:
			dequantizeRun(g, x.U8()[:n], y[:n])
		case tensor.Int16:
			dequantizeRun(g, x.I16()[:n], y[:n])
		}
		return nil
	}
	y = y[a:b]
	switch {
	case k.lut != nil: // Int8, Uint8
		lut := k.lut
		for i, v := range x.Data[a:b] {
			y[i] = lut[v]
		}
	case k.dt == tensor.Float16:
		for i, h := range x.F16()[a:b] {
			y[i] = tensor.F16ToF32(h)
		}
	case k.dt == tensor.Int16:
		s, z := float64(g.scale[0]), g.zp[0]
		for i, q := range x.I16()[a:b] {
			y[i] = float32(s * float64(int64(q)-z))
		}
	}
	return nil
}

func dequantizeRun[T int8 | uint8 | int16](g *quantGeom, x []T, y []float32) {
	i := 0
	for range g.outer {
		for c := 0; c < g.ch; c++ {
			s, z := float64(g.scale[c]), g.zp[c]
			for _, q := range x[i : i+g.inner] {
				y[i] = float32(s * float64(int64(q)-z))
				i++
			}
		}
	}
}

// Quantize converts float32 to the output's quantized dtype (Int8, Uint8 or
// Int16, set on the output by the model) with the output's quantization
// (kept by Prepare), per tensor or per axis, or requantizes a quantized
// input. Two arithmetics, picked by the kernel's quant.Mode:
//
// quant.FixedPoint is TFLite's builtin kernel. Float input, AffineQuantize:
//
//	q = clamp(round(x / scale) + zero_point, min, max)
//
// where x/scale is a float32 division, round is half away from zero
// (TfLiteRound), and min/max is the dtype's range; NaN becomes the zero
// point (clamped to the range). Quantized input (int8 or uint8 to int8 or
// uint8; int16 to int8 or int16), TFLite's Requantize, per-tensor only:
//
//	q = clamp(MultiplyByQuantizedMultiplier(x - in_zp, M) + out_zp, min, max)
//
// with M = in_scale/out_scale (float64) as a Q31 multiplier and shift and
// gemmlowp's double rounding (what LiteRT.js's builtin kernels do: on
// uint8 -> int8 with M = 0.375 its results agree with double rounding on
// all 256 inputs and differ from single rounding on 64). Int16 tensors need
// zero point 0.
//
// quant.FloatRoundEven (the default) is what LiteRT.js computes: its
// XNNPACK delegate takes QUANTIZE from float32 to a per-tensor int8 or
// uint8 (normal scale), and int8 -> int8 or uint8 -> uint8 when
// float32(in_scale/out_scale) is in [1/256, 128] (VisitUnaryNode). XNNPACK
// converts float32 with the f32-qs8/qu8-vcvt microkernels,
//
//	q = lrintf(clamp(x * float32(1/scale), min - zp, max - zp)) + zp
//
// (a multiply by the float32 reciprocal, rounding half to even; NaN gives
// max when its sign bit is clear and min when set, as LiteRT.js's WASM
// kernels do), and requantizes with the qs8/qu8-vcvt microkernels, an 8-bit
// fixed-point multiplier m = lrintf(256 * float32(in_scale/out_scale)):
//
//	q = clamp(((out_zp << 8) + 128 + (x - in_zp)*m) >> 8, min, max)
//
// Other cases run TFLite's formulas, as LiteRT does.
type Quantize struct {
	q          quantGeom
	in, outDT  tensor.DType
	mode       quant.Mode
	xnn        bool    // XNNPACK arithmetic
	inv        float32 // XNNPACK float input: 1/scale
	vcvt       int32   // XNNPACK requantize multiplier, 8 fractional bits
	mult       int32
	shift      int
	inZP, oZP  int32
	lo, hi     int32
	requantize bool
	lut        *[256]int8 // 8-bit to 8-bit requantization: the result of every input byte
}

// SetRequantization implements Requantizer.
func (k *Quantize) SetRequantization(m quant.Mode) { k.mode = m }

// Prepare implements Kernel.
func (k *Quantize) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return fmt.Errorf("Quantize: %w", err)
	}
	x, o := in[0], out[0]
	if err := checkType(x, "Quantize input", tensor.Float32, tensor.Int8, tensor.Uint8, tensor.Int16); err != nil {
		return err
	}
	if err := checkType(o, "Quantize output", tensor.Int8, tensor.Uint8, tensor.Int16); err != nil {
		return err
	}
	k.in, k.outDT = x.DType, o.DType
	k.xnn = false
	switch o.DType {
	case tensor.Int8:
		k.lo, k.hi = math.MinInt8, math.MaxInt8
	case tensor.Uint8:
		k.lo, k.hi = 0, math.MaxUint8
	case tensor.Int16:
		k.lo, k.hi = math.MinInt16, math.MaxInt16
	}
	if err := k.q.set("Quantize output "+o.Name, o.Quant, x.Shape); err != nil {
		return err
	}
	for c, s := range k.q.scale {
		if !(s > 0) || math.IsInf(float64(s), 0) {
			return fmt.Errorf("Quantize: output scale %v must be positive and finite", s)
		}
		if z := k.q.zp[c]; z < int64(k.lo) || z > int64(k.hi) {
			return fmt.Errorf("Quantize: output zero point %d out of %v range", z, o.DType)
		}
	}
	for _, z := range k.q.zp {
		if o.DType == tensor.Int16 && z != 0 {
			return fmt.Errorf("Quantize: int16 output needs zero point 0, got %d", z)
		}
	}
	k.requantize = x.DType != tensor.Float32
	k.lut = nil
	if k.requantize {
		if err := k.prepareRequantize(x, o); err != nil {
			return err
		}
	} else if k.mode == quant.FloatRoundEven && k.q.ch == 1 && o.DType != tensor.Int16 && normalF32(k.q.scale[0]) {
		k.xnn = true
		k.inv = 1 / k.q.scale[0]
		k.oZP = int32(k.q.zp[0])
	}
	o.Shape = x.Shape.Clone()
	return nil
}

func (k *Quantize) prepareRequantize(x, o *tensor.Tensor) error {
	ok := (x.DType == tensor.Int16 && (o.DType == tensor.Int8 || o.DType == tensor.Int16)) ||
		(x.DType != tensor.Int16 && o.DType != tensor.Int16)
	if !ok {
		return fmt.Errorf("Quantize: %w: requantizing %v to %v is not supported", ErrType, x.DType, o.DType)
	}
	if k.q.ch != 1 || x.Quant.PerAxis() {
		return fmt.Errorf("Quantize: requantizing needs per-tensor quantization")
	}
	if x.Quant == nil || len(x.Quant.Scale) == 0 {
		return fmt.Errorf("Quantize: input %s has no quantization parameters", x.Name)
	}
	is, iz := x.Quant.Params(0)
	if !(is > 0) || math.IsInf(float64(is), 0) {
		return fmt.Errorf("Quantize: input scale %v must be positive and finite", is)
	}
	if x.DType == tensor.Int16 && iz != 0 {
		return fmt.Errorf("Quantize: int16 input needs zero point 0, got %d", iz)
	}
	if iz < math.MinInt16 || iz > math.MaxUint16 {
		return fmt.Errorf("Quantize: input zero point %d out of range", iz)
	}
	k.inZP, k.oZP = int32(iz), int32(k.q.zp[0])
	k.mult, k.shift = quant.QuantizeMultiplier(float64(is) / float64(k.q.scale[0]))
	os := k.q.scale[0]
	if k.mode == quant.FloatRoundEven && x.DType == o.DType && x.DType != tensor.Int16 &&
		normalF32(is) && normalF32(os) {
		if r := float32(is / os); r >= 1.0/256 && r <= 128 {
			k.xnn = true
			k.vcvt = int32(math.RoundToEven(float64(256 * r)))
		}
	}
	k.lut = nil
	if x.DType != tensor.Int16 && o.DType != tensor.Int16 {
		// 256 inputs: a table of requantizeRun's results, indexed by the
		// input's byte, applied by asm/lut8.
		k.lut = new([256]int8)
		var in [256]byte
		for b := range in {
			in[b] = byte(b)
		}
		src, res := &tensor.Tensor{Data: in[:]}, &tensor.Tensor{Data: make([]byte, 256)}
		switch {
		case x.DType == tensor.Int8 && o.DType == tensor.Int8:
			requantizeRun(k, src.I8(), res.I8())
		case x.DType == tensor.Int8:
			requantizeRun(k, src.I8(), res.U8())
		case o.DType == tensor.Int8:
			requantizeRun(k, src.U8(), res.I8())
		default:
			requantizeRun(k, src.U8(), res.U8())
		}
		copy(k.lut[:], res.I8())
	}
	return nil
}

// Eval implements Kernel.
func (k *Quantize) Eval(in, out []*tensor.Tensor) error {
	return k.EvalParts(in, out, 0, k.Parts(in, out), 0)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *Quantize) SetWorkers(int) {}

// Parts implements Splitter: flat ranges of elements (see split_flat.go)
// for per-tensor quantization; per-axis quantization is one part.
func (k *Quantize) Parts(in, out []*tensor.Tensor) int { return k.q.parts() }

// EvalParts implements Splitter.
func (k *Quantize) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	a, b := k.q.partRange(lo, hi)
	return k.EvalElems(in, out, a, b, w)
}

// PointwiseUnit implements Pointwise: per-tensor quantization takes any
// range of elements, per-axis quantization none.
func (k *Quantize) PointwiseUnit(in, out []*tensor.Tensor) int { return k.q.unit() }

// EvalElems implements Pointwise; per-axis quantization takes only the
// whole tensor.
func (k *Quantize) EvalElems(in, out []*tensor.Tensor, a, b, w int) error {
	g := &k.q
	n := g.size()
	x, o := in[0], out[0]
	if len(x.Data) < n*k.in.Size() || len(o.Data) < n*k.outDT.Size() || a < 0 || a > b || b > n ||
		(g.ch != 1 && (a != 0 || b != n)) {
		return ewErrData("Quantize")
	}
	if k.lut != nil {
		lutApply(k.lut, o.I8()[a:b], x.I8()[a:b]) // int8 views of either 8-bit type
		return nil
	}
	if k.requantize {
		switch k.in {
		case tensor.Int8:
			requantizeTo(k, x.I8()[a:b], o, a)
		case tensor.Uint8:
			requantizeTo(k, x.U8()[a:b], o, a)
		case tensor.Int16:
			requantizeTo(k, x.I16()[a:b], o, a)
		}
		return nil
	}
	src := x.F32()[a:b]
	switch k.outDT {
	case tensor.Int8:
		if k.xnn {
			vf32.QuantizeS8(o.I8()[a:b], src, k.inv, float32(k.lo-k.oZP), float32(k.hi-k.oZP), k.oZP)
			return nil
		}
		quantizeRun(k, src, o.I8()[a:b])
	case tensor.Uint8:
		quantizeRun(k, src, o.U8()[a:b])
	case tensor.Int16:
		quantizeRun(k, src, o.I16()[a:b])
	}
	return nil
}

func quantizeRun[T int8 | uint8 | int16](k *Quantize, x []float32, y []T) {
	if k.xnn {
		flo, fhi := float32(k.lo-k.oZP), float32(k.hi-k.oZP)
		for i, v := range x {
			y[i] = T(xnnQuantizeF32(v, k.inv, flo, fhi) + k.oZP)
		}
		return
	}
	g := &k.q
	if g.ch == 1 {
		// Per tensor: x may be any range of the elements.
		s, z := g.scale[0], int32(g.zp[0])
		for i, v := range x {
			y[i] = T(quant.QuantizeValue(v, s, z, k.lo, k.hi))
		}
		return
	}
	i := 0
	for range g.outer {
		for c := 0; c < g.ch; c++ {
			s, z := g.scale[c], int32(g.zp[c])
			for _, v := range x[i : i+g.inner] {
				y[i] = T(quant.QuantizeValue(v, s, z, k.lo, k.hi))
				i++
			}
		}
	}
}

// xnnQuantizeF32 is XNNPACK's float32 -> quantized conversion without the
// zero point: lrintf(min(max(x*inv, flo), fhi)), NaN giving fhi when
// positive and flo when negative.
func xnnQuantizeF32(x, inv, flo, fhi float32) int32 {
	f := float32(x * inv)
	if f != f {
		if math.Signbit(float64(f)) {
			return int32(flo)
		}
		return int32(fhi)
	}
	f = min(max(f, flo), fhi)
	return int32(math.RoundToEven(float64(f)))
}

// requantizeTo requantizes x into o's elements [a, a+len(x)).
func requantizeTo[S int8 | uint8 | int16](k *Quantize, x []S, o *tensor.Tensor, a int) {
	switch k.outDT {
	case tensor.Int8:
		requantizeRun(k, x, o.I8()[a:][:len(x)])
	case tensor.Uint8:
		requantizeRun(k, x, o.U8()[a:][:len(x)])
	case tensor.Int16:
		requantizeRun(k, x, o.I16()[a:][:len(x)])
	}
}

func requantizeRun[S, T int8 | uint8 | int16](k *Quantize, x []S, y []T) {
	if k.xnn {
		bias := k.oZP<<8 + 0x80 - k.vcvt*k.inZP
		for i, v := range x {
			r := (bias + int32(v)*k.vcvt) >> 8
			y[i] = T(min(max(r, k.lo), k.hi))
		}
		return
	}
	for i, v := range x {
		r := quant.MultiplyByQuantizedMultiplier(int32(v)-k.inZP, k.mult, k.shift) + k.oZP
		y[i] = T(min(max(r, k.lo), k.hi))
	}
}
