package ops

import "github.com/octet-ml/octet/tensor"

// The int8 path of TransposeConv: TFLite's quantized TRANSPOSE_CONV.
//
// Inputs: output_shape int32 [4] (constant), weights int8 [Cout,KH,KW,Cin]
// quantized symmetrically per tensor or per output channel (axis 0), input
// int8 [N,H,W,Cin] with per-tensor quantization (s_in, z_in), optional bias
// int32 [Cout]. Output: int8 with per-tensor quantization, declared by the
// model. Geometry and padding are the float kernel's.
//
// Each output accumulates, exactly in int32, bias[oc] plus the sum over the
// input elements and taps that reach it of (x - z_in) * w, as TFLite's
// reference kernel scatters them (z_in is subtracted once per input
// element); int8Requant then rescales it with the per-channel scale
// s_in*s_w[oc]/s_out (requant.go). Positions no input reaches hold the
// requantized bias.
//
// In quant.FloatRoundEven mode the kernel computes what LiteRT computes:
// XNNPACK's deconvolution, or TFLite's builtin kernel (the FixedPoint
// formula, double rounding) when the delegate declines the op: see xnnTakesConv (the bias is
// optional here), and CalculateTransposeConvPaddings, which refuses VALID
// padding with an output smaller than the kernel, and SAME padding unless
// ceil(OH/stride) == H (likewise for widths) and the kernel is at least as
// large as the stride.
type tconvInt8 struct {
	zpIn int32
	acc  []int32 // one accumulator per output element
	rq   int8Requant
}

func (k *TransposeConv) prepareInt8(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 3, 4, 1); err != nil {
		return err
	}
	shapeT, wt, x := in[0], in[1], in[2]
	if err := tconvCheckOutputShape(shapeT); err != nil {
		return err
	}
	inScale, inZP, err := int8TensorQuant(x, "input")
	if err != nil {
		return err
	}
	if err := int8CheckShape(x, "input", 4); err != nil {
		return err
	}
	if err := checkType(wt, "weights", tensor.Int8); err != nil {
		return err
	}
	if err := int8CheckShape(wt, "weights", 4); err != nil {
		return err
	}
	g, s, err := k.geometry(shapeT, wt, x)
	if err != nil {
		return err
	}
	ws, err := int8WeightScales(wt, "weights", 0, g.outC)
	if err != nil {
		return err
	}
	var bias *tensor.Tensor
	if len(in) > 3 {
		bias = in[3]
	}
	if err := int8Bias(bias, g.outC); err != nil {
		return err
	}
	outScale, outZP, err := int8OutputQuant(out[0])
	if err != nil {
		return err
	}
	q := &tconvInt8{zpIn: inZP, acc: make([]int32, s.NumElements())}
	fallback := !xnnTakesConv(inScale, outScale, ws, wt, bias, false) || !tconvXNNPadding(k.Padding, &g)
	if err := convRequant(&q.rq, k.mode, fallback, false, inScale, ws, outScale, outZP, k.Activation, nil); err != nil {
		return err
	}
	if err := int8SetOutput(out[0], s); err != nil {
		return err
	}
	k.g, k.q = g, q
	var cbias []int32
	if bias != nil && bias.Const {
		cbias = bias.I32()
	}
	k.gemm = newTconvGemmI8(&k.g, wt, inZP, cbias)
	return nil
}

// tconvXNNPadding reports whether LiteRT's XNNPACK delegate accepts the
// transpose convolution's padding (CalculateTransposeConvPaddings).
func tconvXNNPadding(p Padding, g *tconvGeom) bool {
	switch p {
	case PaddingValid:
		return g.kH <= g.outH && g.kW <= g.outW
	case PaddingSame:
		return (g.outH+g.strideH-1)/g.strideH == g.inH && (g.outW+g.strideW-1)/g.strideW == g.inW &&
			g.kH >= g.strideH && g.kW >= g.strideW
	}
	return false
}

// evalInt8 computes the output rows of parts [lo, hi) (see Parts: all of
// them unless the direct form runs).
func (k *TransposeConv) evalInt8(in, out []*tensor.Tensor, lo, hi int) error {
	g, q := &k.g, k.q
	x := in[2].I8()
	bias := int8BiasData(in, 3)
	y := out[0].I8()
	acc := q.acc
	switch {
	case k.gemm != nil && k.gemm.direct:
		k.gemm.runI8Direct(g, x, acc, lo, hi)
		rows := g.kH * g.outW * g.outC
		acc, y = acc[lo*rows:hi*rows], y[lo*rows:hi*rows]
		if k.gemm.biasIn {
			bias = nil
		}
	case k.gemm != nil:
		clear(acc)
		k.gemm.runI8(g, x, acc)
	default:
		clear(acc)
		tconvScatterInt8(g, x, in[1].I8(), q.zpIn, acc)
	}
	if bias != nil {
		for i := 0; i < len(acc); i += g.outC {
			for oc, b := range bias[:g.outC] {
				acc[i+oc] += b
			}
		}
	}
	requantRows(&q.rq, acc, y, g.outC)
	return nil
}

// tconvScatterInt8 adds each input element's contribution, less the input
// zero point zp, to acc: TFLite's reference loop (see tconvScatter).
func tconvScatterInt8(g *tconvGeom, x, w []int8, zp int32, acc []int32) {
	wstride := g.kH * g.kW * g.inC
	for b := 0; b < g.n; b++ {
		for iy := 0; iy < g.inH; iy++ {
			oy0 := iy*g.strideH - g.padH
			for ix := 0; ix < g.inW; ix++ {
				ox0 := ix*g.strideW - g.padW
				xrow := x[((b*g.inH+iy)*g.inW+ix)*g.inC:][:g.inC]
				for ic, v := range xrow {
					xv := int32(v) - zp
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
							arow := acc[((b*g.outH+oy)*g.outW+ox)*g.outC:][:g.outC]
							wi := (ky*g.kW+kx)*g.inC + ic
							for oc := range arow {
								arow[oc] += xv * int32(w[wi+oc*wstride])
							}
						}
					}
				}
			}
		}
	}
}

var _ Requantizer = (*TransposeConv)(nil)
