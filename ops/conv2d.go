package ops

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
	"github.com/octet-ml/octet/asm/gemmf32"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Conv2D is TFLite's CONV_2D on float32 NHWC tensors, and on int8 ones
// (see conv2d_int8.go for the quantized arithmetic).
//
// Inputs: input [N,H,W,Cin], filter [Cout,KH,KW,Cin/groups], optional bias
// [Cout]. Output: [N,OH,OW,Cout].
//
// Grouped convolution follows TFLite: groups = Cin / filter channels, and
// output channel oc reads input channels of group oc/(Cout/groups). Cin must
// be a multiple of the filter's channel count and Cout a multiple of groups
// (TFLite itself does not check the latter; its reference kernel would read
// past the input channels).
//
// Output sizes and the leading padding are TFLite's (see convOutSize): with
// SAME padding an odd total padding puts the extra row or column at the bottom
// or right. Each output is the sum over ky, kx, c of input times filter,
// skipping taps outside the input, then plus bias, then the activation clamp.
// The sum is accumulated in float64 and rounded to float32 once, so the
// reference is as close to the exact result as float32 allows; TFLite's
// float32 kernels round at every step, each in its own order, and differ
// from each other and from this by that rounding noise.
//
// When asm.Selected has SIMD kernels, the float32 path instead runs the
// asm/gemmf32 GEMM (1x1 convolutions directly on the input, others on
// im2col rows): each output is then bias plus the taps in (ky, kx, c) order,
// one float32 FMA per tap, as XNNPACK's GEMM and IGEMM kernels order them.
type Conv2D struct {
	Padding              Padding
	StrideH, StrideW     int
	DilationH, DilationW int
	Activation           Activation

	g    convGeom
	mode quant.Mode
	q    *convInt8 // int8 state; nil when the kernel runs on float32
	gemm *f32Gemm  // float32 GEMM state; nil for the reference loops
	workers
}

// SetRequantization implements Requantizer: it selects how the int8 path
// rescales accumulators (see conv2d_int8.go). The float32 path ignores it.
func (k *Conv2D) SetRequantization(m quant.Mode) { k.mode = m }

// convGeom is the geometry a convolution-like kernel works out in Prepare.
type convGeom struct {
	n, inH, inW, inC     int
	outH, outW, outC     int
	kH, kW               int
	kC                   int // filter input channels (Conv2D); depth multiplier (DepthwiseConv2D)
	groups               int
	padH, padW           int
	strideH, strideW     int
	dilationH, dilationW int
	lo, hi               float32
}

// Prepare implements Kernel.
//
// An int8 input selects the int8 path (conv2d_int8.go); anything else the
// float32 one.
func (k *Conv2D) Prepare(in, out []*tensor.Tensor) error {
	k.q = nil
	k.gemm = nil
	var err error
	if int8Input(in) {
		err = k.prepareInt8(in, out)
	} else {
		err = k.prepare(in, out)
	}
	if err != nil {
		return fmt.Errorf("CONV_2D: %w", err)
	}
	return nil
}

// convPrepareF32 checks the float32 input, filter and optional bias of a
// convolution, works out its geometry with geom, and sets the output shape.
func convPrepareF32(in, out []*tensor.Tensor, geom func(x, f *tensor.Tensor) (convGeom, error)) (convGeom, error) {
	if err := checkArity(in, out, 2, 3, 1); err != nil {
		return convGeom{}, err
	}
	x, f := in[0], in[1]
	if err := convCheckF32(x, "input", 4); err != nil {
		return convGeom{}, err
	}
	if err := convCheckF32(f, "filter", 4); err != nil {
		return convGeom{}, err
	}
	g, err := geom(x, f)
	if err != nil {
		return convGeom{}, err
	}
	if len(in) > 2 {
		if err := convCheckBias(in[2], g.outC); err != nil {
			return convGeom{}, err
		}
	}
	return g, convSetOutput(out[0], tensor.Shape{g.n, g.outH, g.outW, g.outC})
}

func (k *Conv2D) prepare(in, out []*tensor.Tensor) error {
	g, err := convPrepareF32(in, out, k.geometry)
	if err != nil {
		return err
	}
	k.g = g
	if im := gemmImpl(); im.ISA != asm.Generic {
		kk := g.kH * g.kW * g.kC
		k.gemm = newF32Gemm(im, g.groups, g.outC/g.groups, kk, in[1], biasTensor(in, 2))
		if g.kH != 1 || g.kW != 1 {
			k.gemm.cols = newScratch[float32](k.count(), im2colRows*g.groups*kk)
		}
	}
	return nil
}

// gemmImpl is the float32 GEMM the float paths of Conv2D and FullyConnected
// use; Generic selects their float64 reference loops instead. It is a
// variable for tests.
var gemmImpl = gemmf32.Best

// im2colRows is how many output pixels Conv2D gathers at a time for a
// kernel larger than 1x1.
const im2colRows = 96

// f32Gemm is the state of a float32 layer that runs on asm/gemmf32: weights
// [groups*n, k] (n output columns per group), packed once in Prepare when
// they and the bias are constant, else in every Eval.
type f32Gemm struct {
	im     gemmf32.Impl
	groups int
	n, k   int
	packed []float32 // groups packings of PackedLen(n, k)
	constW bool
	cols   scratch[float32] // im2col rows per worker (Conv2D with a kernel larger than 1x1)
}

func newF32Gemm(im gemmf32.Impl, groups, n, k int, w, bias *tensor.Tensor) *f32Gemm {
	q := &f32Gemm{
		im: im, groups: groups, n: n, k: k,
		packed: make([]float32, groups*gemmf32.PackedLen(n, k)),
		constW: w.Const && w.Data != nil && (bias == nil || (bias.Const && bias.Data != nil)),
	}
	if q.constW {
		q.pack(w.F32(), biasF32(bias))
	}
	return q
}

// pack packs weights and bias (nil for none) of every group.
func (q *f32Gemm) pack(w, bias []float32) {
	pl := gemmf32.PackedLen(q.n, q.k)
	for g := range q.groups {
		var b []float32
		if bias != nil {
			b = bias[g*q.n:][:q.n]
		}
		gemmf32.Pack(q.packed[g*pl:][:pl], w[g*q.n*q.k:][:q.n*q.k], b, q.n, q.k)
	}
}

// group returns the packed weights of group g, packing them first if they
// are not constant (on group 0).
func (q *f32Gemm) group(g int, w, bias []float32) []float32 {
	if !q.constW && g == 0 {
		q.pack(w, bias)
	}
	return q.packedGroup(g)
}

// packedGroup returns the packed weights of group g as they are.
func (q *f32Gemm) packedGroup(g int) []float32 {
	pl := gemmf32.PackedLen(q.n, q.k)
	return q.packed[g*pl:][:pl]
}

// biasTensor returns optional input i, or nil.
func biasTensor(in []*tensor.Tensor, i int) *tensor.Tensor {
	if i >= len(in) {
		return nil
	}
	return in[i]
}

func biasF32(b *tensor.Tensor) []float32 {
	if b == nil {
		return nil
	}
	return b.F32()
}

// evalGemmPixels is evalGemm for a 1x1 convolution with stride 1 (output
// pixels are input pixels), over output pixels [first, last).
func (k *Conv2D) evalGemmPixels(x, f, bias, y []float32, first, last int) {
	g, q := &k.g, k.gemm
	for gr := range g.groups {
		wt := q.group(gr, f, bias)
		xo, yo := gr*g.kC, gr*q.n
		q.im.Run(last-first, q.n, g.kC, x[first*g.inC+xo:], g.inC, wt, y[first*g.outC+yo:], g.outC, g.lo, g.hi)
	}
}

// evalGemm is Eval's float32 path on asm/gemmf32, for output rows
// [lo, hi) (batch x height) with worker w's im2col buffer.
func (k *Conv2D) evalGemm(x, f, bias, y []float32, lo, hi, w int) {
	g, q := &k.g, k.gemm
	if g.kH == 1 && g.kW == 1 {
		if g.strideH == 1 && g.strideW == 1 {
			// Output rows are input rows: one GEMM over all their pixels.
			k.evalGemmPixels(x, f, bias, y, lo*g.outW, hi*g.outW)
			return
		}
		for gr := range g.groups {
			wt := q.group(gr, f, bias)
			xo, yo := gr*g.kC, gr*q.n
			// Strided: within one output row the input pixels are evenly spaced.
			for r := lo; r < hi; r++ {
				b, oy := r/g.outH, r%g.outH
				xr := x[((b*g.inH+oy*g.strideH)*g.inW)*g.inC+xo:]
				yr := y[((b*g.outH+oy)*g.outW)*g.outC+yo:]
				q.im.Run(g.outW, q.n, g.kC, xr, g.strideW*g.inC, wt, yr, g.outC, g.lo, g.hi)
			}
		}
		return
	}
	// One im2col row per output pixel holds every group's taps (see
	// im2col.go); each group's GEMM reads its own KH*KW*KC of them.
	ld := g.groups * q.k
	cols := q.cols.of(w)
	q.group(0, f, bias) // packs weights that are not constant, once
	first, last := lo*g.outW, hi*g.outW
	for p0 := first; p0 < last; p0 += im2colRows {
		rows := min(im2colRows, last-p0)
		im2col(g, x, 0, cols, ld, p0, rows)
		for gr := range g.groups {
			wt := q.packedGroup(gr)
			q.im.Run(rows, q.n, q.k, cols[gr*q.k:], ld, wt, y[p0*g.outC+gr*q.n:], g.outC, g.lo, g.hi)
		}
	}
}

// geometry checks the options and the input and filter shapes (rank 4,
// positive dimensions) and works out the convolution's geometry.
func (k *Conv2D) geometry(x, f *tensor.Tensor) (convGeom, error) {
	if err := convCheckStrides(k.StrideH, k.StrideW, k.DilationH, k.DilationW); err != nil {
		return convGeom{}, err
	}
	lo, hi, ok := k.Activation.Range()
	if !ok {
		return convGeom{}, errUnsupportedAct(k.Activation)
	}
	n, h, w, c := x.Shape.NHWC()
	oc, kh, kw, kc := f.Shape.NHWC()
	if c%kc != 0 {
		return convGeom{}, fmt.Errorf("%w: input channels %d are not a multiple of filter channels %d (input %v, filter %v)",
			ErrShape, c, kc, x.Shape, f.Shape)
	}
	groups := c / kc
	if oc%groups != 0 {
		return convGeom{}, fmt.Errorf("%w: output channels %d are not a multiple of groups %d (input %v, filter %v)",
			ErrShape, oc, groups, x.Shape, f.Shape)
	}
	oh, ph, err := convOutSize(k.Padding, h, kh, k.StrideH, k.DilationH)
	if err != nil {
		return convGeom{}, fmt.Errorf("%w: height: %v", ErrShape, err)
	}
	ow, pw, err := convOutSize(k.Padding, w, kw, k.StrideW, k.DilationW)
	if err != nil {
		return convGeom{}, fmt.Errorf("%w: width: %v", ErrShape, err)
	}
	return convGeom{
		n: n, inH: h, inW: w, inC: c,
		outH: oh, outW: ow, outC: oc,
		kH: kh, kW: kw, kC: kc, groups: groups,
		padH: ph, padW: pw,
		strideH: k.StrideH, strideW: k.StrideW,
		dilationH: k.DilationH, dilationW: k.DilationW,
		lo: lo, hi: hi,
	}, nil
}

// Eval implements Kernel.
func (k *Conv2D) Eval(in, out []*tensor.Tensor) error {
	if k.q != nil {
		return k.evalInt8(in, out)
	}
	return k.EvalParts(in, out, 0, k.g.n*k.g.outH, 0)
}

// Parts implements Splitter: one part per output row (batch x height).
// Float weights that are not constant (packed during Eval), and int8
// filters or biases that are not constant (see conv2d_int8.go), are not
// split.
func (k *Conv2D) Parts(in, out []*tensor.Tensor) int {
	if k.q != nil && !k.q.splittable() || (k.gemm != nil && !k.gemm.constW) {
		return 1
	}
	return k.g.n * k.g.outH
}

// PointwiseUnit implements Pointwise: a 1x1 convolution with stride 1
// computes each output pixel from the same input pixel; on the GEMM paths
// it runs by whole pixels (output channels).
func (k *Conv2D) PointwiseUnit(in, out []*tensor.Tensor) int {
	g := &k.g
	if g.kH != 1 || g.kW != 1 || g.strideH != 1 || g.strideW != 1 || g.padH != 0 || g.padW != 0 {
		return 0
	}
	if k.q != nil {
		if !k.q.splittable() || !k.q.direct {
			return 0
		}
		return g.outC
	}
	if k.gemm == nil || !k.gemm.constW {
		return 0
	}
	return g.outC
}

// EvalElems implements Pointwise: output pixels [a/outC, b/outC).
func (k *Conv2D) EvalElems(in, out []*tensor.Tensor, a, b, w int) error {
	g := &k.g
	u := k.PointwiseUnit(in, out)
	n := g.n * g.outH * g.outW * g.outC
	if u == 0 || a < 0 || a > b || b > n || a%u != 0 || b%u != 0 {
		return fmt.Errorf("Conv2D: elements [%d, %d) are not a range of whole pixels of a 1x1 convolution", a, b)
	}
	if k.q != nil {
		x, y := in[0].I8(), out[0].I8()
		if len(x) < g.n*g.inH*g.inW*g.inC || len(y) < n {
			return ewErrData("Conv2D")
		}
		k.evalInt8Pixels(x, y, a/u, b/u, w)
		return nil
	}
	x, y := in[0].F32(), out[0].F32()
	if len(x) < g.n*g.inH*g.inW*g.inC || len(y) < n {
		return ewErrData("Conv2D")
	}
	k.evalGemmPixels(x, in[1].F32(), convBias(in, 2), y, a/u, b/u)
	return nil
}

// EvalParts implements Splitter.
func (k *Conv2D) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	if k.q != nil {
		if !k.q.splittable() {
			return k.evalInt8(in, out)
		}
		k.evalInt8Rows(in[0].I8(), out[0].I8(), lo, hi, w)
		return nil
	}
	g := &k.g
	x := in[0].F32()
	f := in[1].F32()
	bias := convBias(in, 2)
	y := out[0].F32()
	if k.gemm != nil {
		k.evalGemm(x, f, bias, y, lo, hi, w)
		return nil
	}
	perGroup := g.outC / g.groups
	for r := lo; r < hi; r++ {
		b, oy := r/g.outH, r%g.outH
		iy0 := oy*g.strideH - g.padH
		for ox := 0; ox < g.outW; ox++ {
			ix0 := ox*g.strideW - g.padW
			yrow := y[((b*g.outH+oy)*g.outW+ox)*g.outC:][:g.outC]
			for oc := range yrow {
				cOff := (oc / perGroup) * g.kC
				var acc float64
				for ky := 0; ky < g.kH; ky++ {
					iy := iy0 + ky*g.dilationH
					if iy < 0 || iy >= g.inH {
						continue
					}
					for kx := 0; kx < g.kW; kx++ {
						ix := ix0 + kx*g.dilationW
						if ix < 0 || ix >= g.inW {
							continue
						}
						xs := x[((b*g.inH+iy)*g.inW+ix)*g.inC+cOff:][:g.kC]
						fs := f[((oc*g.kH+ky)*g.kW+kx)*g.kC:][:g.kC]
						for i, v := range xs {
							acc += float64(v) * float64(fs[i])
						}
					}
				}
				var bv float32
				if bias != nil {
					bv = bias[oc]
				}
				yrow[oc] = clamp(float32(acc+float64(bv)), g.lo, g.hi)
			}
		}
	}
	return nil
}

// convCheckF32 checks that t is float32 with the given rank and that every
// dimension is positive.
func convCheckF32(t *tensor.Tensor, what string, rank int) error {
	if err := checkType(t, what, tensor.Float32); err != nil {
		return err
	}
	if err := checkRank(t, what, rank); err != nil {
		return err
	}
	return convCheckPositive(t, what)
}

// convCheckPositive checks that every dimension of t is positive.
func convCheckPositive(t *tensor.Tensor, what string) error {
	for _, d := range t.Shape {
		if d <= 0 {
			return fmt.Errorf("%s %s: %w: empty or invalid shape %v", what, t.Name, ErrShape, t.Shape)
		}
	}
	if t.Shape.NumElements() < 0 {
		return fmt.Errorf("%s %s: %w: shape %v is too large", what, t.Name, ErrShape, t.Shape)
	}
	return nil
}

// convCheckStrides checks that strides and dilations are positive.
func convCheckStrides(sh, sw, dh, dw int) error {
	if sh <= 0 || sw <= 0 {
		return fmt.Errorf("stride %dx%d must be positive", sh, sw)
	}
	if dh <= 0 || dw <= 0 {
		return fmt.Errorf("dilation %dx%d must be positive", dh, dw)
	}
	return nil
}

// convCheckBias checks an optional float32 bias (nil is allowed) holding n
// values.
func convCheckBias(b *tensor.Tensor, n int) error {
	if b == nil {
		return nil
	}
	if err := checkType(b, "bias", tensor.Float32); err != nil {
		return err
	}
	if b.Shape.NumElements() != n {
		return fmt.Errorf("bias %s: %w: shape %v, want %d values", b.Name, ErrShape, b.Shape, n)
	}
	return nil
}

// convBias returns the float32 values of optional input i, or nil when it is
// absent.
func convBias(in []*tensor.Tensor, i int) []float32 {
	if i >= len(in) || in[i] == nil {
		return nil
	}
	return in[i].F32()
}

// convSetOutput sets a float32 output's shape after checking that it is
// non-empty and not too large.
func convSetOutput(o *tensor.Tensor, s tensor.Shape) error {
	for _, d := range s {
		if d <= 0 {
			return fmt.Errorf("%w: empty output shape %v", ErrShape, s)
		}
	}
	if s.NumElements() < 0 {
		return fmt.Errorf("%w: output shape %v is too large", ErrShape, s)
	}
	o.DType = tensor.Float32
	o.Shape = s
	return nil
}
