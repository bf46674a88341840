package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Conv2DTransposeBias is MediaPipe's custom op "Convolution2DTransposeBias"
// (mediapipe/util/tflite/operations/transpose_conv_bias.cc), a transpose
// convolution that sizes its own output and takes a bias. It has no fused
// activation.
//
// Inputs, in MediaPipe's order: input [N,H,W,Cin], weights [Cout,KH,KW,Cin],
// bias [Cout] (required, rank 1). Output: [N,OH,OW,Cout] with, per spatial
// axis (shown for height),
//
//	P  = max(0, KH - (H-1)%StrideH - 1)  for SAME, 0 for VALID
//	OH = StrideH*(H-1) + KH - P
//	padH = P/2  (the leading padding)
//
// Each output starts at the bias; then, in TFLite's reference scatter order,
// input (b,iy,ix,ic) adds input*weights[oc,ky,kx,ic] to output
// (b, iy*StrideH-padH+ky, ix*StrideW-padW+kx, oc), dropping positions outside
// the output. So the bias comes first in the sum, unlike TransposeConv, where
// it is added last.
//
// For the 2x2 kernel, stride 2, SAME case of the selfie segmentation model,
// an even H gives P = 0 and OH = 2H; an odd H gives P = 1 and OH = 2H-1, the
// last row of the last input row's kernel being dropped. padH is 0 either way.
type Conv2DTransposeBias struct {
	Padding          Padding
	StrideH, StrideW int

	workers
	g    tconvGeom
	gemm *tconvGemm // the GEMM form, for constant weights
}

// Prepare implements Kernel.
func (k *Conv2DTransposeBias) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("Convolution2DTransposeBias: %w", err)
	}
	return nil
}

func (k *Conv2DTransposeBias) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 3, 3, 1); err != nil {
		return err
	}
	x, wt, bias := in[0], in[1], in[2]
	if err := convCheckF32(x, "input", 4); err != nil {
		return err
	}
	if err := convCheckF32(wt, "weights", 4); err != nil {
		return err
	}
	if err := checkType(bias, "bias", tensor.Float32); err != nil {
		return err
	}
	if err := checkRank(bias, "bias", 1); err != nil {
		return err
	}
	if err := convCheckStrides(k.StrideH, k.StrideW, 1, 1); err != nil {
		return err
	}
	n, h, w, c := x.Shape.NHWC()
	oc, kh, kw, kc := wt.Shape.NHWC()
	if kc != c {
		return fmt.Errorf("%w: weights channels %d != input channels %d (weights %v, input %v)",
			ErrShape, kc, c, wt.Shape, x.Shape)
	}
	if bias.Shape[0] != oc {
		return fmt.Errorf("bias %s: %w: shape %v, want [%d]", bias.Name, ErrShape, bias.Shape, oc)
	}
	oh, ph, err := mpTransposeOutSize(k.Padding, h, kh, k.StrideH)
	if err != nil {
		return err
	}
	ow, pw, err := mpTransposeOutSize(k.Padding, w, kw, k.StrideW)
	if err != nil {
		return err
	}
	if err := convSetOutput(out[0], tensor.Shape{n, oh, ow, oc}); err != nil {
		return err
	}
	k.g = tconvGeom{
		n: n, inH: h, inW: w, inC: c,
		outH: oh, outW: ow, outC: oc,
		kH: kh, kW: kw,
		padH: ph, padW: pw,
		strideH: k.StrideH, strideW: k.StrideW,
	}
	k.gemm = newTconvGemmF32(&k.g, wt, k.count())
	return nil
}

// mpTransposeOutSize returns MediaPipe's output extent and leading padding
// for Convolution2DTransposeBias along one axis.
func mpTransposeOutSize(p Padding, in, filter, stride int) (out, pad int, err error) {
	total := 0
	switch p {
	case PaddingSame:
		total = max(0, filter-(in-1)%stride-1)
	case PaddingValid:
	default:
		return 0, 0, fmt.Errorf("unknown padding %v", p)
	}
	return stride*(in-1) + filter - total, total / 2, nil
}

// Eval implements Kernel.
func (k *Conv2DTransposeBias) Eval(in, out []*tensor.Tensor) error {
	return k.EvalParts(in, out, 0, k.Parts(in, out), 0)
}

// Parts implements Splitter: one part per input row when the taps tile the
// output (see TransposeConv.Parts), else 1.
func (k *Conv2DTransposeBias) Parts(in, out []*tensor.Tensor) int { return k.gemm.parts(&k.g) }

// EvalParts implements Splitter.
func (k *Conv2DTransposeBias) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	g := &k.g
	bias := in[2].F32()
	y := out[0].F32()
	if k.gemm != nil && k.gemm.direct {
		rows := g.kH * g.outW * g.outC
		fillRows(y[lo*rows:hi*rows], bias[:g.outC])
		k.gemm.runF32Direct(g, in[0].F32(), y, lo, hi, w, true)
		return nil
	}
	fillRows(y, bias[:g.outC])
	if k.gemm != nil {
		k.gemm.runF32(g, in[0].F32(), y)
	} else {
		tconvScatter(g, in[0].F32(), in[1].F32(), y)
	}
	return nil
}

// fillRows sets y, rows of len(row) values, to copies of row: the first
// row, then doubling copies (a per-row copy of one channel would be one
// memmove call per element).
func fillRows(y, row []float32) {
	if len(y) == 0 {
		return
	}
	n := copy(y, row)
	for n < len(y) {
		n += copy(y[n:], y[:n])
	}
}
