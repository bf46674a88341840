package ops

import (
	"fmt"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// TransposeConv is TFLite's TRANSPOSE_CONV on float32 NHWC tensors, and on
// int8 ones (see transpose_conv_int8.go).
//
// Inputs, in TFLite's order: output_shape int32 [4] (must be constant),
// weights [Cout,KH,KW,Cin], input [N,H,W,Cin], optional bias [Cout].
// Output: the shape output_shape holds, which must be [N,OH,OW,Cout].
//
// The kernel follows TFLite's reference in its "scatter" form: every input
// element (b,iy,ix,ic) adds input*weight[oc,ky,kx,ic] to output
// (b, iy*StrideH-padH+ky, ix*StrideW-padW+kx, oc), dropping contributions that
// fall outside the output; then the bias is added and the activation clamp
// applied. The padding is TFLite's ComputePaddingHeightWidth with the output
// extent in the role of the input (dilation 1): n = ceil(OH/s) for SAME or
// (OH-KH+s)/s for VALID (C division), pad = max(0, (n-1)*s+KH-OH)/2.
//
// As in TFLite, OH and OW are not checked against H and W: output positions
// that no input reaches hold just the bias.
type TransposeConv struct {
	Padding          Padding
	StrideH, StrideW int
	Activation       Activation

	workers
	g    tconvGeom
	mode quant.Mode
	q    *tconvInt8 // int8 state; nil when the kernel runs on float32
	gemm *tconvGemm // the GEMM form, for constant weights
}

// SetRequantization implements Requantizer: it selects how the int8 path
// rescales accumulators (see transpose_conv_int8.go). The float32 path
// ignores it.
func (k *TransposeConv) SetRequantization(m quant.Mode) { k.mode = m }

// tconvGeom is the geometry of a transpose convolution.
type tconvGeom struct {
	n, inH, inW, inC int
	outH, outW, outC int
	kH, kW           int
	padH, padW       int
	strideH, strideW int
	lo, hi           float32
}

// Prepare implements Kernel.
//
// An int8 input (in[2]) selects the int8 path (transpose_conv_int8.go);
// anything else the float32 one.
func (k *TransposeConv) Prepare(in, out []*tensor.Tensor) error {
	k.q = nil
	var err error
	if len(in) > 2 && in[2] != nil && in[2].DType == tensor.Int8 {
		err = k.prepareInt8(in, out)
	} else {
		err = k.prepare(in, out)
	}
	if err != nil {
		return fmt.Errorf("TRANSPOSE_CONV: %w", err)
	}
	return nil
}

func (k *TransposeConv) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 3, 4, 1); err != nil {
		return err
	}
	shapeT, wt, x := in[0], in[1], in[2]
	if err := tconvCheckOutputShape(shapeT); err != nil {
		return err
	}
	if err := convCheckF32(wt, "weights", 4); err != nil {
		return err
	}
	if err := convCheckF32(x, "input", 4); err != nil {
		return err
	}
	g, s, err := k.geometry(shapeT, wt, x)
	if err != nil {
		return err
	}
	if len(in) > 3 {
		if err := convCheckBias(in[3], g.outC); err != nil {
			return err
		}
	}
	if err := convSetOutput(out[0], s); err != nil {
		return err
	}
	k.g = g
	k.gemm = newTconvGemmF32(&k.g, wt, k.count())
	return nil
}

// tconvCheckOutputShape checks the output_shape input: a constant int32
// tensor of shape [4].
func tconvCheckOutputShape(shapeT *tensor.Tensor) error {
	if err := checkType(shapeT, "output_shape", tensor.Int32); err != nil {
		return err
	}
	if len(shapeT.Shape) != 1 || shapeT.Shape[0] != 4 {
		return fmt.Errorf("output_shape %s: %w: shape %v, want [4]", shapeT.Name, ErrShape, shapeT.Shape)
	}
	if !shapeT.Const || len(shapeT.Data) < 16 {
		return fmt.Errorf("output_shape %s must be a constant tensor: octet sizes outputs in Prepare", shapeT.Name)
	}
	return nil
}

// geometry checks the options and the shapes of the weights and input
// (rank 4 and positive, checked by the caller) against output_shape, and
// returns the geometry and the output shape.
func (k *TransposeConv) geometry(shapeT, wt, x *tensor.Tensor) (tconvGeom, tensor.Shape, error) {
	var g tconvGeom
	if err := convCheckStrides(k.StrideH, k.StrideW, 1, 1); err != nil {
		return g, nil, err
	}
	lo, hi, ok := k.Activation.Range()
	if !ok {
		return g, nil, errUnsupportedAct(k.Activation)
	}
	n, h, w, c := x.Shape.NHWC()
	oc, kh, kw, kc := wt.Shape.NHWC()
	if kc != c {
		return g, nil, fmt.Errorf("%w: weights channels %d != input channels %d (weights %v, input %v)",
			ErrShape, kc, c, wt.Shape, x.Shape)
	}
	v := shapeT.I32()
	s := tensor.Shape{int(v[0]), int(v[1]), int(v[2]), int(v[3])}
	if s[0] != n || s[3] != oc {
		return g, nil, fmt.Errorf("%w: output_shape %v does not match batch %d and weights output channels %d",
			ErrShape, s, n, oc)
	}
	for _, d := range s {
		if d <= 0 {
			return g, nil, fmt.Errorf("%w: empty output shape %v", ErrShape, s)
		}
	}
	if s.NumElements() < 0 {
		return g, nil, fmt.Errorf("%w: output shape %v is too large", ErrShape, s)
	}
	ph, err := tconvPad(k.Padding, k.StrideH, s[1], kh)
	if err != nil {
		return g, nil, err
	}
	pw, err := tconvPad(k.Padding, k.StrideW, s[2], kw)
	if err != nil {
		return g, nil, err
	}
	return tconvGeom{
		n: n, inH: h, inW: w, inC: c,
		outH: s[1], outW: s[2], outC: oc,
		kH: kh, kW: kw,
		padH: ph, padW: pw,
		strideH: k.StrideH, strideW: k.StrideW,
		lo: lo, hi: hi,
	}, s, nil
}

// tconvPad returns TFLite's leading padding for a transpose convolution
// with output extent out: ComputePaddingHeightWidth with out as the "input"
// and dilation 1. The intermediate size may be zero or negative for VALID
// padding when out < filter; TFLite computes with it all the same, and so do
// we (Go's integer division truncates toward zero like C's).
func tconvPad(p Padding, stride, out, filter int) (int, error) {
	var n int
	switch p {
	case PaddingSame:
		n = (out + stride - 1) / stride
	case PaddingValid:
		n = (out + stride - filter) / stride
	default:
		return 0, fmt.Errorf("unknown padding %v", p)
	}
	total := (n-1)*stride + filter - out
	if total < 0 {
		total = 0
	}
	return total / 2, nil
}

// Eval implements Kernel.
func (k *TransposeConv) Eval(in, out []*tensor.Tensor) error {
	return k.EvalParts(in, out, 0, k.Parts(in, out), 0)
}

// Parts implements Splitter: one part per input row (batch x height) when
// the taps tile the output (stride = kernel, no padding) and the weights
// are constant; otherwise the contributions overlap and the op is one part.
func (k *TransposeConv) Parts(in, out []*tensor.Tensor) int { return k.gemm.parts(&k.g) }

// EvalParts implements Splitter.
func (k *TransposeConv) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	if k.q != nil {
		return k.evalInt8(in, out, lo, hi)
	}
	g := &k.g
	y := out[0].F32()
	if k.gemm != nil && k.gemm.direct {
		k.gemm.runF32Direct(g, in[2].F32(), y, lo, hi, w, false)
		rows := g.kH * g.outW * g.outC
		y = y[lo*rows : hi*rows]
	} else {
		clear(y)
		if k.gemm != nil {
			k.gemm.runF32(g, in[2].F32(), y)
		} else {
			tconvScatter(g, in[2].F32(), in[1].F32(), y)
		}
	}
	bias := convBias(in, 3)
	for i := 0; i < len(y); i += g.outC {
		row := y[i : i+g.outC]
		for oc, v := range row {
			var bv float32
			if bias != nil {
				bv = bias[oc]
			}
			row[oc] = clamp(v+bv, g.lo, g.hi)
		}
	}
	return nil
}

// tconvScatter adds each input element's contribution to y, in TFLite's
// reference loop order (input y, x, channel, then filter y, x, output
// channel), so that every output accumulates in the same order as TFLite's.
func tconvScatter(g *tconvGeom, x, w, y []float32) {
	for b := 0; b < g.n; b++ {
		for iy := 0; iy < g.inH; iy++ {
			oy0 := iy*g.strideH - g.padH
			for ix := 0; ix < g.inW; ix++ {
				ox0 := ix*g.strideW - g.padW
				xrow := x[((b*g.inH+iy)*g.inW+ix)*g.inC:][:g.inC]
				for ic, v := range xrow {
					for ky := 0; ky < g.kH; ky++ {
						oy := oy0 + ky
						if oy < 0 || oy >= g.outH {
							continue
						}
						for kx := 0; kx < g.kW; kx++ {
							ox := ox0 + kx
							if ox < 0 || ox >= g.outW {
								continue
							}
							yrow := y[((b*g.outH+oy)*g.outW+ox)*g.outC:][:g.outC]
							wi := (ky*g.kW+kx)*g.inC + ic
							wstride := g.kH * g.kW * g.inC
							for oc := range yrow {
								yrow[oc] += v * w[wi+oc*wstride]
							}
						}
					}
				}
			}
		}
	}
}
