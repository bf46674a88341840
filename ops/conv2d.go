package ops

import (
	"fmt"

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
type Conv2D struct {
	Padding              Padding
	StrideH, StrideW     int
	DilationH, DilationW int
	Activation           Activation

	g    convGeom
	mode quant.Mode
	q    *convInt8 // int8 state; nil when the kernel runs on float32
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

func (k *Conv2D) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 3, 1); err != nil {
		return err
	}
	x, f := in[0], in[1]
	if err := convCheckF32(x, "input", 4); err != nil {
		return err
	}
	if err := convCheckF32(f, "filter", 4); err != nil {
		return err
	}
	g, err := k.geometry(x, f)
	if err != nil {
		return err
	}
	if len(in) > 2 {
		if err := convCheckBias(in[2], g.outC); err != nil {
			return err
		}
	}
	if err := convSetOutput(out[0], tensor.Shape{g.n, g.outH, g.outW, g.outC}); err != nil {
		return err
	}
	k.g = g
	return nil
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
	g := &k.g
	x := in[0].F32()
	f := in[1].F32()
	bias := convBias(in, 2)
	y := out[0].F32()
	perGroup := g.outC / g.groups
	for b := 0; b < g.n; b++ {
		for oy := 0; oy < g.outH; oy++ {
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
