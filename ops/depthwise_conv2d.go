package ops

import (
	"fmt"
	"github.com/octet-ml/octet/asm/dwconvf32"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// DepthwiseConv2D is TFLite's DEPTHWISE_CONV_2D on float32 NHWC tensors,
// and on int8 ones (see depthwise_conv2d_int8.go).
//
// Inputs: input [N,H,W,Cin], filter [1,KH,KW,Cout], optional bias [Cout].
// Output: [N,OH,OW,Cout]. Output channel oc = ic*M + m (M the depth
// multiplier) convolves input channel ic with filter channel oc.
//
// The depth multiplier is taken from the shapes, M = Cout/Cin, and Cout must
// be a multiple of Cin. The DepthMultiplier option is ignored: current TFLite
// no longer checks it against the shapes in Prepare and its Eval derives the
// multiplier from the shapes the same way (ComputeDepthMultiplier), because
// some converters wrote inconsistent values. Old TFLite releases required
// DepthMultiplier*Cin == Cout; octet accepts those models too.
//
// Padding, output size and accumulation (float64, rounded once) are as in
// Conv2D.
type DepthwiseConv2D struct {
	Padding              Padding
	StrideH, StrideW     int
	DilationH, DilationW int
	DepthMultiplier      int // ignored; see the type comment
	Activation           Activation

	g    convGeom
	mode quant.Mode
	q    *depthwiseInt8   // int8 state; nil when the kernel runs on float32
	acc  scratch[float64] // float accumulators, outC per worker
	f32  *depthwiseF32    // the float kernel path (depth multiplier 1)
	workers
}

// depthwiseF32 is the float path on asm/dwconvf32 for a depth multiplier
// of 1: per output row, each run of columns that meet the same filter
// columns is one kernel call (bias first, then a fused multiply-add per
// tap in (ky, kx) order, as XNNPACK's f32 dwconv kernels).
type depthwiseF32 struct {
	dw     *dwconvf32.Impl
	runs   []dwRun
	xt, wt scratch[int] // tap offsets, KH*KW per worker
	zero   []float32
}

// SetRequantization implements Requantizer: it selects how the int8 path
// rescales accumulators (see depthwise_conv2d_int8.go). The float32 path
// ignores it.
func (k *DepthwiseConv2D) SetRequantization(m quant.Mode) { k.mode = m }

// Prepare implements Kernel.
//
// An int8 input selects the int8 path (depthwise_conv2d_int8.go); anything
// else the float32 one.
func (k *DepthwiseConv2D) Prepare(in, out []*tensor.Tensor) error {
	k.q = nil
	var err error
	if int8Input(in) {
		err = k.prepareInt8(in, out)
	} else {
		err = k.prepare(in, out)
	}
	if err != nil {
		return fmt.Errorf("DEPTHWISE_CONV_2D: %w", err)
	}
	return nil
}

func (k *DepthwiseConv2D) prepare(in, out []*tensor.Tensor) error {
	g, err := convPrepareF32(in, out, k.geometry)
	if err != nil {
		return err
	}
	k.g = g
	k.acc = newScratch[float64](k.count(), g.outC)
	k.f32 = nil
	if g.kC == 1 {
		k.f32 = &depthwiseF32{dw: dwconvf32.Best(), runs: dwRuns(&k.g),
			xt: newScratch[int](k.count(), g.kH*g.kW), wt: newScratch[int](k.count(), g.kH*g.kW), zero: make([]float32, g.outC)}
	}
	return nil
}

// evalF32 is EvalParts on asm/dwconvf32.
func (k *DepthwiseConv2D) evalF32(x, f, bias, y []float32, lo, hi, w int) {
	g, d := &k.g, k.f32
	if bias == nil {
		bias = d.zero
	}
	bias = bias[:g.outC]
	xt, wt := d.xt.of(w), d.wt.of(w)
	for r := lo; r < hi; r++ {
		b, oy := r/g.outH, r%g.outH
		iy0 := oy*g.strideH - g.padH
		ky0, ky1 := tapRange(iy0, g.dilationH, g.kH, g.inH)
		yrow := y[(b*g.outH+oy)*g.outW*g.outC:][:g.outW*g.outC]
		for _, run := range d.runs {
			ix0 := run.ox*g.strideW - g.padW
			n := 0
			for ky := ky0; ky < ky1; ky++ {
				row := (b*g.inH + iy0 + ky*g.dilationH) * g.inW
				for kx := run.kx0; kx < run.kx1; kx++ {
					xt[n] = (row + ix0 + kx*g.dilationW) * g.inC
					wt[n] = (ky*g.kW + kx) * g.outC
					n++
				}
			}
			np := run.end - run.ox
			d.dw.Run(yrow[run.ox*g.outC:][:np*g.outC], np, bias, x, xt[:n], g.strideW*g.inC, f, wt[:n], g.lo, g.hi)
		}
	}
}

// geometry checks the options and the input and filter shapes (rank 4,
// positive dimensions) and works out the convolution's geometry.
func (k *DepthwiseConv2D) geometry(x, f *tensor.Tensor) (convGeom, error) {
	if err := convCheckStrides(k.StrideH, k.StrideW, k.DilationH, k.DilationW); err != nil {
		return convGeom{}, err
	}
	lo, hi, ok := k.Activation.Range()
	if !ok {
		return convGeom{}, errUnsupportedAct(k.Activation)
	}
	n, h, w, c := x.Shape.NHWC()
	one, kh, kw, oc := f.Shape.NHWC()
	if one != 1 {
		return convGeom{}, fmt.Errorf("filter %s: %w: shape %v, want [1 KH KW Cout]", f.Name, ErrShape, f.Shape)
	}
	if oc%c != 0 {
		return convGeom{}, fmt.Errorf("%w: filter channels %d are not a multiple of input channels %d (input %v, filter %v)",
			ErrShape, oc, c, x.Shape, f.Shape)
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
		kH: kh, kW: kw, kC: oc / c, groups: c,
		padH: ph, padW: pw,
		strideH: k.StrideH, strideW: k.StrideW,
		dilationH: k.DilationH, dilationW: k.DilationW,
		lo: lo, hi: hi,
	}, nil
}

// Eval implements Kernel.
func (k *DepthwiseConv2D) Eval(in, out []*tensor.Tensor) error {
	return k.EvalParts(in, out, 0, k.g.n*k.g.outH, 0)
}

// Parts implements Splitter: one part per output row (batch x height).
// An int8 kernel with non-constant weights recomputes their tap sums in
// Eval and is not split.
func (k *DepthwiseConv2D) Parts(in, out []*tensor.Tensor) int {
	if k.q != nil && !k.q.constW {
		return 1
	}
	return k.g.n * k.g.outH
}

// EvalParts implements Splitter.
func (k *DepthwiseConv2D) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	if k.q != nil {
		return k.evalInt8(in, out, lo, hi, w)
	}
	g := &k.g
	x := in[0].F32()
	f := in[1].F32()
	bias := convBias(in, 2)
	y := out[0].F32()
	if k.f32 != nil {
		k.evalF32(x, f, bias, y, lo, hi, w)
		return nil
	}
	mult := g.kC
	acc := k.acc.of(w)
	for r := lo; r < hi; r++ {
		b, oy := r/g.outH, r%g.outH
		iy0 := oy*g.strideH - g.padH
		for ox := 0; ox < g.outW; ox++ {
			ix0 := ox*g.strideW - g.padW
			clear(acc)
			// Taps outside, channels inside: each output still sums its taps
			// in (ky, kx) order, as the definition does.
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
					xp := x[((b*g.inH+iy)*g.inW+ix)*g.inC:][:g.inC]
					fp := f[(ky*g.kW+kx)*g.outC:][:g.outC]
					if mult == 1 {
						for oc, fv := range fp {
							acc[oc] += float64(xp[oc]) * float64(fv)
						}
						continue
					}
					for oc, fv := range fp {
						acc[oc] += float64(xp[oc/mult]) * float64(fv)
					}
				}
			}
			yrow := y[((b*g.outH+oy)*g.outW+ox)*g.outC:][:g.outC]
			for oc := range yrow {
				var bv float32
				if bias != nil {
					bv = bias[oc]
				}
				yrow[oc] = clamp(float32(acc[oc]+float64(bv)), g.lo, g.hi)
			}
		}
	}
	return nil
}
