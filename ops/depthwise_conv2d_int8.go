package ops

import (
	"github.com/octet-ml/octet/asm/dwconv"
	"github.com/octet-ml/octet/tensor"
)

// The int8 path of DepthwiseConv2D: TFLite's quantized DEPTHWISE_CONV_2D.
//
// Inputs: input int8 [N,H,W,Cin] with per-tensor quantization (s_in, z_in),
// filter int8 [1,KH,KW,Cout] quantized symmetrically per tensor or per
// output channel (axis 3), optional bias int32 [Cout]. Output: int8 with
// per-tensor quantization, declared by the model. Geometry and channel
// mapping (oc = ic*M + m) are the float kernel's.
//
// Output channel oc accumulates, exactly in int32,
//
//	acc = bias[oc] + sum over in-bounds taps of (x[ic] - z_in) * w[oc]
//
// computed as sum(x*w) - z_in * (sum of w[oc] over the in-bounds taps), the
// latter from 2-D prefix sums built in Prepare (padding taps stand for
// x = z_in, a real zero). int8Requant then rescales acc with the per-channel
// scale s_in*s_w[oc]/s_out (requant.go).
//
// In quant.FloatRoundEven mode the kernel computes what LiteRT computes:
// XNNPACK's depthwise convolution, or TFLite's builtin kernel (the
// FixedPoint formula, with its double rounding) when LiteRT's XNNPACK
// delegate declines the op: see xnnTakesConv (a bias is required), and the
// delegate also requires the DepthMultiplier option to agree with the shapes
// (it builds XNNPACK's node from the option, while TFLite's kernel derives
// the multiplier from the shapes).
//
// With depth multiplier 1 (every model we know) the work runs on the
// asm/dwconv kernels. Go splits each output row into runs of pixels with
// the same in-bounds taps (the left border, the interior, the right
// border: padding, stride and dilation stay here), lists the taps' input
// and filter offsets for the run's first pixel, and one dwconv QS8Accum
// call sums x*w over them for all channels of all the run's pixels
// (pixel p's inputs are p*strideW*Cin further on), starting from
//
//	init[oc] = bias[oc] - z_in * (sum of w[oc] over the in-bounds taps)
//
// which depends only on the pixel's tap rectangle, so it is recomputed
// only when the rectangle changes (at the borders). In int32 arithmetic
// that wraps, init + sum(x*w) equals the definition's
// sum(x*w) - z_in*sum(w) + bias exactly: the additions are those of a
// commutative group (mod 2^32), whatever their order. In FloatRoundEven
// mode the rescaling runs on asm/requant's Rows, which is
// int8Requant.apply's formula for that mode (its tests check the
// assembly bit for bit against the reference loop; the op tests check the
// whole against the definition).
type depthwiseInt8 struct {
	zpIn   int32
	constW bool
	wpre   []int32 // per output channel, (KH+1)x(KW+1) prefix sums of its filter taps
	rq     int8Requant
	acc    scratch[int32] // accumulators, OW*outC per worker
	init   scratch[int32] // per-run initial values (bias - z_in*tap sums), outC per worker
	xt, wt scratch[int]   // tap offsets into input and filter, KH*KW per worker
	dw     *dwconv.Impl
	runs   []dwRun // the output columns grouped by their horizontal taps

	// With constant weights and bias: the initial values of every tap
	// rectangle, computed once. vclass maps an output row to its vertical
	// tap range's index v; inits holds, for v and run r, outC values at
	// (v*len(runs)+r)*outC.
	vclass []int
	inits  []int32
}

// dwRun is a run of output columns [ox, end) that meet the same filter
// columns [kx0, kx1) (all but the columns near the edges share theirs).
type dwRun struct{ ox, end, kx0, kx1 int }

// dwRuns groups the output columns of g by their horizontal tap range.
func dwRuns(g *convGeom) []dwRun {
	var runs []dwRun
	for ox := 0; ox < g.outW; {
		kx0, kx1 := tapRange(ox*g.strideW-g.padW, g.dilationW, g.kW, g.inW)
		end := ox + 1
		for end < g.outW {
			if a, b := tapRange(end*g.strideW-g.padW, g.dilationW, g.kW, g.inW); a != kx0 || b != kx1 {
				break
			}
			end++
		}
		runs = append(runs, dwRun{ox, end, kx0, kx1})
		ox = end
	}
	return runs
}

func (k *DepthwiseConv2D) prepareInt8(in, out []*tensor.Tensor) error {
	c, err := int8ConvPrepare(in, out, 3, k.geometry)
	if err != nil {
		return err
	}
	f, bias, g, ws := in[1], c.bias, c.g, c.ws
	inScale, inZP, outScale, outZP := c.inScale, c.inZP, c.outScale, c.outZP
	q := &depthwiseInt8{
		zpIn:   inZP,
		constW: f.Const,
		wpre:   make([]int32, g.outC*(g.kH+1)*(g.kW+1)),
		acc:    newScratch[int32](k.count(), g.outW*g.outC),
		init:   newScratch[int32](k.count(), g.outC),
		xt:     newScratch[int](k.count(), g.kH*g.kW),
		wt:     newScratch[int](k.count(), g.kH*g.kW),
		dw:     dwconv.Best(),
		runs:   dwRuns(&g),
	}
	fallback := !xnnTakesConv(inScale, outScale, ws, f, bias, true) || k.DepthMultiplier != g.kC
	if err := convRequant(&q.rq, k.mode, fallback, false, inScale, ws, outScale, outZP, k.Activation, nil); err != nil {
		return err
	}
	if err := int8SetOutput(out[0], tensor.Shape{g.n, g.outH, g.outW, g.outC}); err != nil {
		return err
	}
	if q.constW {
		depthwisePrefixSums(q.wpre, f.I8(), g.outC, g.kH, g.kW)
		if bias == nil {
			q.precomputeInits(&g, nil)
		} else if bias.Const {
			q.precomputeInits(&g, bias.I32())
		}
	}
	k.g, k.q = g, q
	return nil
}

// precomputeInits fills vclass and inits (constant weights and bias): the
// output rows fall in a few classes of vertical tap ranges (the top
// border, the interior, the bottom border), and each class meets each run
// of columns with one tap rectangle.
func (q *depthwiseInt8) precomputeInits(g *convGeom, bias []int32) {
	if g.kC != 1 {
		return // depth multiplier > 1 takes the per-pixel path
	}
	var ranges [][2]int
	q.vclass = make([]int, g.outH)
	for oy := range g.outH {
		ky0, ky1 := tapRange(oy*g.strideH-g.padH, g.dilationH, g.kH, g.inH)
		v := -1
		for i, r := range ranges {
			if r == [2]int{ky0, ky1} {
				v = i
			}
		}
		if v < 0 {
			v = len(ranges)
			ranges = append(ranges, [2]int{ky0, ky1})
		}
		q.vclass[oy] = v
	}
	q.inits = make([]int32, len(ranges)*len(q.runs)*g.outC)
	for v, r := range ranges {
		for ri, run := range q.runs {
			q.initRect(q.inits[(v*len(q.runs)+ri)*g.outC:][:g.outC], g, bias, r[0], r[1], run.kx0, run.kx1)
		}
	}
}

// initRect sets init[oc] = bias[oc] - z_in * (sum of w[oc] over the taps
// [ky0, ky1) x [kx0, kx1)), from the prefix sums.
func (q *depthwiseInt8) initRect(init []int32, g *convGeom, bias []int32, ky0, ky1, kx0, kx1 int) {
	pw := g.kW + 1
	psize := (g.kH + 1) * pw
	for oc := range init {
		a := -q.zpIn * rectSum(q.wpre[oc*psize:], pw, ky0, ky1, kx0, kx1)
		if bias != nil {
			a += bias[oc]
		}
		init[oc] = a
	}
}

// depthwisePrefixSums fills pre with, for each of the n output channels of
// a [1,KH,KW,n] filter, the 2-D prefix sums of its taps:
// pre[oc][y][x] = sum of w[ky][kx][oc] for ky < y, kx < x.
func depthwisePrefixSums(pre []int32, w []int8, n, kh, kw int) {
	pw := kw + 1
	for oc := 0; oc < n; oc++ {
		p := pre[oc*(kh+1)*pw:][:(kh+1)*pw]
		clear(p[:pw])
		for ky := 0; ky < kh; ky++ {
			p[(ky+1)*pw] = 0
			var row int32
			for kx := 0; kx < kw; kx++ {
				row += int32(w[(ky*kw+kx)*n+oc])
				p[(ky+1)*pw+kx+1] = p[ky*pw+kx+1] + row
			}
		}
	}
}

// evalInt8 computes output rows [lo, hi) (batch x height) with worker w's
// accumulators. Each output is sum over in-bounds taps of x*w, minus
// zp_in times the sum of those taps' weights (from the prefix sums), plus
// bias, requantized.
func (k *DepthwiseConv2D) evalInt8(in, out []*tensor.Tensor, lo, hi, w int) error {
	g, q := &k.g, k.q
	x := in[0].I8()
	f := in[1].I8()
	bias := int8BiasData(in, 2)
	y := out[0].I8()
	if !q.constW {
		depthwisePrefixSums(q.wpre, f, g.outC, g.kH, g.kW)
	}
	mult := g.kC
	pw := g.kW + 1
	psize := (g.kH + 1) * pw
	init := q.init.of(w)
	xt, wt := q.xt.of(w), q.wt.of(w)
	wacc := q.acc.of(w)
	last := [4]int{-1, -1, -1, -1} // tap rectangle init was computed for
	for r := lo; r < hi; r++ {
		b, oy := r/g.outH, r%g.outH
		iy0 := oy*g.strideH - g.padH
		ky0, ky1 := tapRange(iy0, g.dilationH, g.kH, g.inH)
		yrow := y[(b*g.outH+oy)*g.outW*g.outC:][:g.outW*g.outC]
		if mult != 1 {
			acc := wacc[:g.outC]
			for ox := 0; ox < g.outW; ox++ {
				ix0 := ox*g.strideW - g.padW
				kx0, kx1 := tapRange(ix0, g.dilationW, g.kW, g.inW)
				clear(acc)
				for ky := ky0; ky < ky1; ky++ {
					iy := iy0 + ky*g.dilationH
					for kx := kx0; kx < kx1; kx++ {
						ix := ix0 + kx*g.dilationW
						xp := x[((b*g.inH+iy)*g.inW+ix)*g.inC:][:g.inC]
						fp := f[(ky*g.kW+kx)*g.outC:][:g.outC]
						for oc, fv := range fp {
							acc[oc] += int32(xp[oc/mult]) * int32(fv)
						}
					}
				}
				for oc := range acc {
					a := acc[oc] - q.zpIn*rectSum(q.wpre[oc*psize:], pw, ky0, ky1, kx0, kx1)
					if bias != nil {
						a += bias[oc]
					}
					acc[oc] = a
				}
				requantRows(&q.rq, acc, yrow[ox*g.outC:][:g.outC], g.outC)
			}
			continue
		}
		for ri, run := range q.runs {
			ox, end, kx0, kx1 := run.ox, run.end, run.kx0, run.kx1
			ix0 := ox*g.strideW - g.padW
			if q.inits != nil {
				init = q.inits[(q.vclass[oy]*len(q.runs)+ri)*g.outC:][:g.outC]
			} else if rect := [4]int{ky0, ky1, kx0, kx1}; rect != last {
				last = rect
				q.initRect(init, g, bias, ky0, ky1, kx0, kx1)
			}
			n := 0
			for ky := ky0; ky < ky1; ky++ {
				row := (b*g.inH + iy0 + ky*g.dilationH) * g.inW
				for kx := kx0; kx < kx1; kx++ {
					xt[n] = (row + ix0 + kx*g.dilationW) * g.inC
					wt[n] = (ky*g.kW + kx) * g.outC
					n++
				}
			}
			np := end - ox
			acc := wacc[ox*g.outC:][:np*g.outC]
			q.dw.QS8Accum(acc, init, np, x, xt[:n], g.strideW*g.inC, f, wt[:n])
		}
		requantRows(&q.rq, wacc, yrow, g.outC) // the whole row at once
	}
	return nil
}

var _ Requantizer = (*DepthwiseConv2D)(nil)
