package ops

import (
	"github.com/octet-ml/octet/asm/gemmi8"
	"github.com/octet-ml/octet/tensor"
)

// The int8 path of Conv2D: TFLite's quantized CONV_2D.
//
// Inputs: input int8 [N,H,W,Cin] with per-tensor quantization (scale s_in,
// zero point z_in), filter int8 [Cout,KH,KW,Cin/groups] quantized
// symmetrically (zero points 0) per tensor or per output channel (axis 0),
// optional bias int32 [Cout]. Output: int8 with per-tensor quantization,
// which the model must declare. The geometry is the float kernel's.
//
// For output channel oc the accumulator is the exact integer
//
//	acc = bias[oc] + sum over in-bounds taps of (x - z_in) * w
//
// (a tap in the padding contributes nothing: it stands for x = z_in, a real
// zero). The kernel computes it as sum(x*w) - z_in*sum(w), where the second
// sum runs over the window's in-bounds taps: the in-bounds taps form a
// rectangle of the filter, so 2-D prefix sums of the filter (summed over
// input channels), built in Prepare, give it in O(1). acc is then rescaled
// to int8 by int8Requant with the per-channel scale s_in*s_w[oc]/s_out (see
// requant.go for both formulas).
//
// In quant.FloatRoundEven mode the kernel computes what LiteRT computes:
// XNNPACK's convolution, or, when LiteRT's XNNPACK delegate declines the op
// (no bias, an unquantized or non-constant bias or filter, a requantization
// scale of 256 or more: see xnnTakesConv), TFLite's builtin kernel, whose
// GEMM runs on ruy and rounds the rescaled accumulator once (see
// convRequant). quant.FixedPoint follows TFLite's reference kernel
// (reference_integer_ops::ConvPerChannel) with gemmlowp's double rounding.
//
// A 1x1 convolution with stride 1, no padding, one group and a constant
// filter is a matrix product: pixels (N*H*W rows of Cin values) times the
// filter (Cout rows of Cin). It runs on an int8 GEMM kernel (asm/gemmi8,
// the best one asm.Selected allows, chosen and packed in Prepare) whose
// per-channel initial value is bias[oc] - z_in*sum(w[oc]); int32 addition
// wraps, so acc is the same.
type convInt8 struct {
	zpIn   int32
	constW bool    // filter is constant: prefix sums are built in Prepare
	wpre   []int32 // per output channel, (KH+1)x(KW+1) prefix sums of the filter summed over channels
	rq     int8Requant

	gemm    *gemmi8.Packed // pointwise convolution on the GEMM; nil: the reference loops
	dynBias bool           // the bias is not constant: the GEMM's init is refreshed per Eval
	wsum    []int32        // per output channel, the sum of its filter (GEMM path)
	init    []int32        // bias[oc] - zpIn*wsum[oc]
	acc     []int32        // accumulators for up to convBlock pixels
}

// convBlock is the number of pixels whose accumulators the GEMM path holds
// at once.
const convBlock = 64

func (k *Conv2D) prepareInt8(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 3, 1); err != nil {
		return err
	}
	x, f := in[0], in[1]
	inScale, inZP, err := int8TensorQuant(x, "input")
	if err != nil {
		return err
	}
	if err := int8CheckShape(x, "input", 4); err != nil {
		return err
	}
	if err := checkType(f, "filter", tensor.Int8); err != nil {
		return err
	}
	if err := int8CheckShape(f, "filter", 4); err != nil {
		return err
	}
	g, err := k.geometry(x, f)
	if err != nil {
		return err
	}
	ws, err := int8WeightScales(f, "filter", 0, g.outC)
	if err != nil {
		return err
	}
	var bias *tensor.Tensor
	if len(in) > 2 {
		bias = in[2]
	}
	if err := int8Bias(bias, g.outC); err != nil {
		return err
	}
	outScale, outZP, err := int8OutputQuant(out[0])
	if err != nil {
		return err
	}
	q := &convInt8{
		zpIn:   inZP,
		constW: f.Const,
		wpre:   make([]int32, g.outC*(g.kH+1)*(g.kW+1)),
	}
	fallback := !xnnTakesConv(inScale, outScale, ws, f, bias, true)
	if err := convRequant(&q.rq, k.mode, fallback, true, inScale, ws, outScale, outZP, k.Activation, nil); err != nil {
		return err
	}
	if err := int8SetOutput(out[0], tensor.Shape{g.n, g.outH, g.outW, g.outC}); err != nil {
		return err
	}
	if q.constW {
		convPrefixSums(q.wpre, f.I8(), g.outC, g.kH, g.kW, g.kC)
	}
	if q.constW && g.kH == 1 && g.kW == 1 && g.groups == 1 && g.strideH == 1 && g.strideW == 1 &&
		g.padH == 0 && g.padW == 0 && g.outH == g.inH && g.outW == g.inW {
		q.wsum = make([]int32, g.outC)
		fcRowSums(q.wsum, f.I8(), g.kC)
		q.dynBias = bias != nil && !bias.Const
		q.init = make([]int32, g.outC)
		if !q.dynBias {
			gemmInit(q.init, bias, q.zpIn, q.wsum)
		}
		q.gemm = gemmi8.Best().Pack(f.I8(), g.outC, g.kC, q.init)
		q.acc = make([]int32, min(g.n*g.inH*g.inW, convBlock)*g.outC)
	}
	k.g, k.q = g, q
	return nil
}

// evalInt8Pointwise is evalInt8 for a 1x1 convolution on the GEMM.
func (k *Conv2D) evalInt8Pointwise(x []int8, bias *tensor.Tensor, y []int8) {
	g, q := &k.g, k.q
	if q.dynBias {
		gemmInit(q.init, bias, q.zpIn, q.wsum)
		q.gemm.SetInit(q.init)
	}
	m, n, kc := g.n*g.inH*g.inW, g.outC, g.inC
	for p0 := 0; p0 < m; p0 += convBlock {
		mb := min(convBlock, m-p0)
		acc := q.acc[:mb*n]
		q.gemm.Gemm(mb, x[p0*kc:], kc, acc, n)
		for i := range mb {
			requantRow(&q.rq, acc[i*n:][:n], y[(p0+i)*n:][:n])
		}
	}
}

// requantRow sets y[c] = r.apply(acc[c], c) for a row of channels, with
// the FloatRoundEven case's per-call work hoisted out of the loop.
func requantRow(r *int8Requant, acc []int32, y []int8) {
	y = y[:len(acc)]
	if r.fixed {
		for c, a := range acc {
			y[c] = r.apply(a, c)
		}
		return
	}
	scale := r.scale[:len(acc)]
	flo, fhi, zp := r.flo, r.fhi, r.zp
	for c, a := range acc {
		y[c] = int8(xnnRequant(a, scale[c], flo, fhi) + zp)
	}
}

// convPrefixSums fills pre, for each of n output channels, with the 2-D
// prefix sums over (ky, kx) of a [n,KH,KW,C] filter summed over its C
// channels: pre[oc][y][x] = sum of w[oc][ky][kx][c] for ky < y, kx < x.
func convPrefixSums(pre []int32, w []int8, n, kh, kw, c int) {
	pw := kw + 1
	for oc := 0; oc < n; oc++ {
		p := pre[oc*(kh+1)*pw:][:(kh+1)*pw]
		clear(p[:pw])
		for ky := 0; ky < kh; ky++ {
			p[(ky+1)*pw] = 0
			var row int32
			for kx := 0; kx < kw; kx++ {
				var s int32
				for _, v := range w[((oc*kh+ky)*kw+kx)*c:][:c] {
					s += int32(v)
				}
				row += s
				p[(ky+1)*pw+kx+1] = p[ky*pw+kx+1] + row
			}
		}
	}
}

// rectSum returns the sum over the filter taps [y0,y1) x [x0,x1) from one
// channel's prefix sums p, whose rows are pw wide.
func rectSum(p []int32, pw, y0, y1, x0, x1 int) int32 {
	return p[y1*pw+x1] - p[y0*pw+x1] - p[y1*pw+x0] + p[y0*pw+x0]
}

func (k *Conv2D) evalInt8(in, out []*tensor.Tensor) error {
	g, q := &k.g, k.q
	x := in[0].I8()
	f := in[1].I8()
	bias := int8BiasData(in, 2)
	y := out[0].I8()
	if q.gemm != nil {
		var bt *tensor.Tensor
		if len(in) > 2 {
			bt = in[2]
		}
		k.evalInt8Pointwise(x, bt, y)
		return nil
	}
	if !q.constW {
		convPrefixSums(q.wpre, f, g.outC, g.kH, g.kW, g.kC)
	}
	perGroup := g.outC / g.groups
	pw := g.kW + 1
	psize := (g.kH + 1) * pw
	for b := 0; b < g.n; b++ {
		for oy := 0; oy < g.outH; oy++ {
			iy0 := oy*g.strideH - g.padH
			ky0, ky1 := tapRange(iy0, g.dilationH, g.kH, g.inH)
			for ox := 0; ox < g.outW; ox++ {
				ix0 := ox*g.strideW - g.padW
				kx0, kx1 := tapRange(ix0, g.dilationW, g.kW, g.inW)
				yrow := y[((b*g.outH+oy)*g.outW+ox)*g.outC:][:g.outC]
				for oc := range yrow {
					cOff := (oc / perGroup) * g.kC
					var acc int32
					for ky := ky0; ky < ky1; ky++ {
						iy := iy0 + ky*g.dilationH
						for kx := kx0; kx < kx1; kx++ {
							ix := ix0 + kx*g.dilationW
							xs := x[((b*g.inH+iy)*g.inW+ix)*g.inC+cOff:][:g.kC]
							fs := f[((oc*g.kH+ky)*g.kW+kx)*g.kC:][:g.kC]
							for i, v := range xs {
								acc += int32(v) * int32(fs[i])
							}
						}
					}
					acc -= q.zpIn * rectSum(q.wpre[oc*psize:], pw, ky0, ky1, kx0, kx1)
					if bias != nil {
						acc += bias[oc]
					}
					yrow[oc] = q.rq.apply(acc, oc)
				}
			}
		}
	}
	return nil
}

var _ Requantizer = (*Conv2D)(nil)
