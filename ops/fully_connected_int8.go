package ops

import (
	"github.com/octet-ml/octet/asm/gemmi8"
	"github.com/octet-ml/octet/tensor"
)

// The int8 path of FullyConnected: TFLite's quantized FULLY_CONNECTED.
//
// Inputs: input int8 of any rank (read as B rows of K values, as in the
// float kernel) with per-tensor quantization (s_in, z_in), weights int8
// [N,K] quantized symmetrically per tensor or per output channel (axis 0),
// optional bias int32 [N]. Output: int8 with per-tensor quantization,
// declared by the model; its shape is the float kernel's.
//
// Output (b,o) accumulates, exactly in int32,
//
//	acc = bias[o] + sum over k of (x[b,k] - z_in) * w[o,k]
//
// computed as sum(x*w) - z_in*sum(w[o]), the weight row sums being taken in
// Prepare. int8Requant rescales acc (requant.go). The FixedPoint real
// multiplier is TFLite's: with per-tensor weights
// GetQuantizedConvolutionMultipler's double(float32(s_in*s_w))/double(s_out)
// (the product of the two scales is rounded to float32 first), with
// per-channel weights double(s_in)*double(s_w[o])/double(s_out).
//
// In quant.FloatRoundEven mode the kernel computes what LiteRT computes:
// XNNPACK's fully connected operator, or, when the delegate declines the op
// (see xnnTakesConv; the bias is optional here), TFLite's builtin kernel,
// whose GEMM runs on ruy and rounds once (see convRequant). quant.FixedPoint
// follows TFLite's reference kernel (double rounding).
//
// With constant weights the sums run on an int8 GEMM kernel (asm/gemmi8,
// the best one asm.Selected allows, chosen and packed in Prepare) whose
// per-column initial value is bias[o] - z_in*sum(w[o]): int32 addition
// wraps, so the order of the terms does not change acc. The FloatRoundEven
// rescaling of a block of rows then runs on asm/requant's vector kernels
// (see requantRows).
type fcInt8 struct {
	zpIn   int32
	constW bool
	wsum   []int32 // sum of each weight row
	rq     int8Requant

	gemm    *gemmi8.Packed // nil: the reference loop
	dynBias bool           // the bias is not constant: the GEMM's init is refreshed per Eval
	init    []int32        // bias[o] - zpIn*wsum[o]
	acc     []int32        // accumulators for up to fcBlock rows
}

// fcBlock is the number of input rows whose accumulators the GEMM path
// holds at once.
const fcBlock = 64

func (f *FullyConnected) prepareInt8(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 3, 1); err != nil {
		return err
	}
	x, w := in[0], in[1]
	inScale, inZP, err := int8TensorQuant(x, "input")
	if err != nil {
		return err
	}
	if err := checkType(w, "weights", tensor.Int8); err != nil {
		return err
	}
	if err := int8CheckShape(w, "weights", 2); err != nil {
		return err
	}
	s, err := f.geometry(x, w)
	if err != nil {
		return err
	}
	ws, err := int8WeightScales(w, "weights", 0, f.n)
	if err != nil {
		return err
	}
	var bias *tensor.Tensor
	if len(in) > 2 {
		bias = in[2]
	}
	if err := int8Bias(bias, f.n); err != nil {
		return err
	}
	outScale, outZP, err := int8OutputQuant(out[0])
	if err != nil {
		return err
	}
	q := &fcInt8{zpIn: inZP, constW: w.Const, wsum: make([]int32, f.n)}
	var realFor func(c int) float64
	if len(w.Quant.Scale) == 1 {
		realFor = func(int) float64 { return float64(float32(inScale*ws[0])) / float64(outScale) }
	}
	fallback := !xnnTakesConv(inScale, outScale, ws, w, bias, false)
	if err := convRequant(&q.rq, f.mode, fallback, true, inScale, ws, outScale, outZP, f.Activation, realFor); err != nil {
		return err
	}
	if err := int8SetOutput(out[0], s); err != nil {
		return err
	}
	if q.constW {
		fcRowSums(q.wsum, w.I8(), f.k)
		q.dynBias = bias != nil && !bias.Const
		q.init = make([]int32, f.n)
		if !q.dynBias {
			gemmInit(q.init, bias, q.zpIn, q.wsum)
		}
		q.gemm = gemmi8.Best().Pack(w.I8(), f.n, f.k, q.init)
		q.acc = make([]int32, min(f.b, fcBlock)*f.n)
	}
	f.q = q
	return nil
}

// gemmInit sets init[o] = bias[o] - zp*wsum[o] (bias may be nil), the
// per-column start of the int8 GEMM's accumulators.
func gemmInit(init []int32, bias *tensor.Tensor, zp int32, wsum []int32) {
	var b []int32
	if bias != nil {
		b = bias.I32()
	}
	for o := range init {
		v := -zp * wsum[o]
		if b != nil {
			v += b[o]
		}
		init[o] = v
	}
}

// fcRowSums sets sums[o] to the sum of row o of the weights, rows k wide.
func fcRowSums(sums []int32, w []int8, k int) {
	for o := range sums {
		var s int32
		for _, v := range w[o*k:][:k] {
			s += int32(v)
		}
		sums[o] = s
	}
}

func (f *FullyConnected) evalInt8(in, out []*tensor.Tensor) error {
	q := f.q
	x := in[0].I8()
	w := in[1].I8()
	bias := int8BiasData(in, 2)
	y := out[0].I8()
	if q.gemm != nil {
		if q.dynBias {
			gemmInit(q.init, in[2], q.zpIn, q.wsum)
			q.gemm.SetInit(q.init)
		}
		for b0 := 0; b0 < f.b; b0 += fcBlock {
			mb := min(fcBlock, f.b-b0)
			acc := q.acc[:mb*f.n]
			q.gemm.Gemm(mb, x[b0*f.k:], f.k, acc, f.n)
			requantRows(&q.rq, acc, y[b0*f.n:][:mb*f.n], f.n)
		}
		return nil
	}
	if !q.constW {
		fcRowSums(q.wsum, w, f.k)
	}
	for b := 0; b < f.b; b++ {
		xrow := x[b*f.k:][:f.k]
		yrow := y[b*f.n:][:f.n]
		for o := range yrow {
			wrow := w[o*f.k:][:f.k]
			var acc int32
			for i, v := range xrow {
				acc += int32(v) * int32(wrow[i])
			}
			acc -= q.zpIn * q.wsum[o]
			if bias != nil {
				acc += bias[o]
			}
			yrow[o] = q.rq.apply(acc, o)
		}
	}
	return nil
}

var _ Requantizer = (*FullyConnected)(nil)
