package ops

import (
	"github.com/octet-ml/octet/asm/gemmi8"
	"github.com/octet-ml/octet/asm/requant"
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
// With a constant filter every convolution runs on an int8 GEMM kernel
// (asm/gemmi8, the best one asm.Selected allows, chosen and packed in
// Prepare, one packing per group): the rows of A are output pixels, each
// the KH*KW*KC taps its window reads (im2col_int8.go), and the columns are
// the output channels, B being the filter ([Cout/groups, KH*KW*KC] per
// group, exactly its stored layout). A 1x1 convolution with stride 1 (its
// padding is always 0) reads the input pixels in place, without im2col.
//
// A tap in the padding is gathered as z_in, and the GEMM starts output
// channel oc from init[oc] = bias[oc] - z_in*W[oc], W[oc] the sum of the
// whole filter of oc. The GEMM is exact modulo 2^32, so it yields
//
//	init[oc] + sum_in x*w + sum_pad z_in*w
//	  = bias[oc] + sum_in x*w - z_in*(W[oc] - sum_pad w)
//	  = bias[oc] + sum_in x*w - z_in*sum_in w            (mod 2^32)
//
// where sum_in and sum_pad run over the in-bounds and the padded taps of the
// window (W = sum_in w + sum_pad w). The reference loop computes
// sum_in x*w - z_in*rectSum + bias with rectSum = sum_in w (mod 2^32, from
// the prefix sums), in int32 arithmetic that wraps too. Wrapping int32
// addition and multiplication are the ring operations of Z/2^32, where the
// identity above holds for any values, so the two accumulators are the
// same int32 for every input, filter, bias and zero point, even where the
// exact sums overflow; both then go through the same requantization.
//
// The GEMM path splits across threads (Splitter) by output rows, each
// worker with its own im2col and accumulator buffers. A non-constant
// filter keeps the reference loop (its prefix sums are rebuilt per Eval),
// and a non-constant bias with a constant filter refreshes the GEMM's init
// per Eval: neither is split.
type convInt8 struct {
	zpIn   int32
	constW bool    // filter is constant: prefix sums are built in Prepare
	wpre   []int32 // per output channel, (KH+1)x(KW+1) prefix sums of the filter summed over channels
	rq     int8Requant

	gemm    []*gemmi8.Packed // per group; nil: the reference loops
	direct  bool             // 1x1, stride 1: A is the input itself
	kk      int              // KH*KW*KC, the GEMM's depth
	ld      int              // im2col row stride (groups*kk)
	dynBias bool             // the bias is not constant: the GEMM's init is refreshed per Eval
	wsum    []int32          // per output channel, the sum of its whole filter
	init    []int32          // bias[oc] - zpIn*wsum[oc]
	acc     scratch[int32]   // per worker, accumulators for up to convBlock pixels
	cols    scratch[int8]    // per worker, im2col rows of up to convBlock pixels
	block   int              // pixels per GEMM call: min(convBlock, all output pixels)
}

// convGemmImpl picks the GEMM kernel of the int8 convolutions; a variable
// for tests.
var convGemmImpl = gemmi8.Best

// convBlock is the number of pixels whose accumulators (and im2col rows)
// the GEMM path holds at once.
const convBlock = 64

func (k *Conv2D) prepareInt8(in, out []*tensor.Tensor) error {
	c, err := int8ConvPrepare(in, out, 0, k.geometry)
	if err != nil {
		return err
	}
	f, bias, g, ws := in[1], c.bias, c.g, c.ws
	inScale, inZP, outScale, outZP := c.inScale, c.inZP, c.outScale, c.outZP
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
		q.prepareGemm(&g, f.I8(), bias, k.count())
	}
	k.g, k.q = g, q
	return nil
}

// prepareGemm packs a constant filter w for the GEMM path and allocates
// the scratch of workers workers.
func (q *convInt8) prepareGemm(g *convGeom, w []int8, bias *tensor.Tensor, workers int) {
	q.kk = g.kH * g.kW * g.kC
	q.direct = g.kH == 1 && g.kW == 1 && g.strideH == 1 && g.strideW == 1
	q.wsum = make([]int32, g.outC)
	fcRowSums(q.wsum, w, q.kk)
	q.dynBias = bias != nil && !bias.Const
	q.init = make([]int32, g.outC)
	if !q.dynBias {
		gemmInit(q.init, bias, q.zpIn, q.wsum)
	}
	per := g.outC / g.groups
	im := convGemmImpl()
	q.gemm = make([]*gemmi8.Packed, g.groups)
	for gr := range q.gemm {
		q.gemm[gr] = im.Pack(w[gr*per*q.kk:][:per*q.kk], per, q.kk, q.init[gr*per:][:per])
	}
	q.block = min(g.n*g.outH*g.outW, convBlock)
	q.acc = newScratch[int32](workers, q.block*g.outC)
	if !q.direct {
		q.ld = g.groups * q.kk
		q.cols = newScratch[int8](workers, q.block*q.ld)
	}
}

// splittable reports whether the int8 path runs as independent row ranges.
func (q *convInt8) splittable() bool { return q.gemm != nil && !q.dynBias }

// evalInt8Rows is the GEMM path for output rows [lo, hi) (batch x height)
// with worker w's scratch.
func (k *Conv2D) evalInt8Rows(x, y []int8, lo, hi, w int) {
	k.evalInt8Pixels(x, y, lo*k.g.outW, hi*k.g.outW, w)
}

// evalInt8Pixels is the GEMM path for output pixels [first, last) with
// worker w's scratch.
func (k *Conv2D) evalInt8Pixels(x, y []int8, first, last, w int) {
	g, q := &k.g, k.q
	n := g.outC
	per := n / g.groups
	rows := q.block
	acc := q.acc.of(w)
	var cols []int8
	if !q.direct {
		cols = q.cols.of(w)
	}
	for p0 := first; p0 < last; p0 += rows {
		mb := min(rows, last-p0)
		a := acc[:mb*n]
		for gr, pk := range q.gemm {
			if q.direct {
				pk.Gemm(mb, x[p0*g.inC+gr*g.kC:], g.inC, a[gr*per:], n)
			} else {
				if gr == 0 {
					im2col(g, x, int8(q.zpIn), cols, q.ld, p0, mb)
				}
				pk.Gemm(mb, cols[gr*q.kk:], q.ld, a[gr*per:], n)
			}
		}
		requantRows(&q.rq, a, y[p0*n:][:mb*n], n)
	}
}

// requantRows sets y[i] = r.apply(acc[i], i%n) for rows of n channels:
// FloatRoundEven on asm/requant's vector kernels (bit-identical to apply),
// FixedPoint by apply itself.
func requantRows(r *int8Requant, acc []int32, y []int8, n int) {
	y = y[:len(acc)]
	if !r.fixed {
		if l := len(r.wide); l > 0 && n == len(r.scale) && len(acc) >= l {
			// Rows of n < 16 channels, lcm(n, 16) values at a time; the
			// rest starts at channel 0 again.
			m := len(acc) / l * l
			requant.Rows(acc[:m], y, r.wide, r.flo, r.fhi, r.zp)
			acc, y = acc[m:], y[m:]
			if len(acc) == 0 {
				return
			}
		}
		requant.Rows(acc, y, r.scale[:n], r.flo, r.fhi, r.zp)
		return
	}
	for o := 0; o < len(acc); o += n {
		for c, a := range acc[o : o+n] {
			y[o+c] = r.apply(a, c)
		}
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
	if q.gemm == nil {
		if !q.constW {
			convPrefixSums(q.wpre, in[1].I8(), g.outC, g.kH, g.kW, g.kC)
		}
		k.evalInt8Ref(in, out, 0, g.n*g.outH)
		return nil
	}
	if q.dynBias {
		gemmInit(q.init, in[2], q.zpIn, q.wsum)
		per := g.outC / g.groups
		for gr, pk := range q.gemm {
			pk.SetInit(q.init[gr*per:][:per])
		}
	}
	k.evalInt8Rows(in[0].I8(), out[0].I8(), 0, g.n*g.outH, 0)
	return nil
}

// evalInt8Ref is the reference loop, for output rows [lo, hi): the
// accumulator of each output is computed tap by tap, the in-bounds taps'
// filter sum coming from the prefix sums q.wpre. It serves non-constant
// filters and, in tests, as the oracle of the GEMM path.
func (k *Conv2D) evalInt8Ref(in, out []*tensor.Tensor, lo, hi int) {
	g, q := &k.g, k.q
	x := in[0].I8()
	f := in[1].I8()
	bias := int8BiasData(in, 2)
	y := out[0].I8()
	perGroup := g.outC / g.groups
	pw := g.kW + 1
	psize := (g.kH + 1) * pw
	for r := lo; r < hi; r++ {
		b, oy := r/g.outH, r%g.outH
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

var _ Requantizer = (*Conv2D)(nil)
