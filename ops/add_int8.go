package ops

import (
	"fmt"
	"github.com/octet-ml/octet/asm/qvbin"
	"math"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Int8 ADD and MUL.
//
// Both exist in two arithmetic flavours, picked by the kernel's
// quant.Mode:
//
// quant.FloatRoundEven (the default) reproduces LiteRT, which hands an int8
// ADD or MUL to XNNPACK when its scales are in XNNPACK's range
// (xnnpack_delegate.cc, VisitBinaryNode: float32(in_scale/out_scale) in
// [1/1024, 256) for each ADD input, float32(float32(s1*s2)/out_scale) in
// [1/65536, 256) for MUL, all scales normal floats) and otherwise runs
// TFLite's builtin kernel. XNNPACK's qs8 ADD (xnn_init_qs8_add_minmax_scalar_params
// in src/microparams-init.c and the qs8-vadd / qs8-vaddc scalar microkernels)
// is pure integer arithmetic:
//
//	ra, rb = float32(sa/so), float32(sb/so)
//	shift  = 20 - floor(log2(max(ra, rb)))         (the float32 exponent)
//	am, bm = lrintf(ra*2^shift), lrintf(rb*2^shift) (round half to even)
//	bias   = 2^(shift-1) - am*za - bm*zb
//	out    = clamp(((bias + a*am + b*bm) >> shift) + zo, lo, hi)
//
// (an arithmetic shift, so ties go toward +Inf). XNNPACK's qs8 MUL
// (xnn_init_qs8_mul_minmax_scalar_params, qs8-vmul fp32 microkernels) is
//
//	scale = float32(float32(sa*sb)/so)
//	out   = clamp(lrintf(float32((a-za)*(b-zb)) * scale) + zo, lo, hi)
//
// The clamp [lo, hi] is xnn_qs8_quantize of the fused activation's float
// bounds (xnnActRange). LiteRT.js matches these bit for bit, including the
// half-to-even rounding of the activation bounds (tested with output scale
// 4, where RELU6's bound 6/4 - 3 = -1.5 rounds to -2).
//
// quant.FixedPoint, and the cases XNNPACK refuses, use TFLite's builtin
// kernels (add.cc / mul.cc and reference_integer_ops), with gemmlowp's
// double rounding in MultiplyByQuantizedMultiplier (which LiteRT.js's
// builtin kernels use too):
//
//	ADD: tw = 2*max(sa, sb) (float64), left_shift = 20
//	     ma, sha = QuantizeMultiplier(sa/tw); mb, shb likewise
//	     mo, sho = QuantizeMultiplier(tw/(2^20*so))
//	     s  = MBQM((a-za)<<20, ma, sha) + MBQM((b-zb)<<20, mb, shb)
//	     out = clamp(MBQM(s, mo, sho) + zo, lo, hi)
//	MUL: m, sh = QuantizeMultiplier(sa*sb/so)
//	     out = clamp(MBQM((a-za)*(b-zb), m, sh) + zo, lo, hi)
//
// with [lo, hi] from TFLite's CalculateActivationRangeQuantized
// (tfliteActRange). All of it is exact integer arithmetic except the
// parameter set-up, which follows the runtimes' float32/float64 steps.

// ewInt8 is the prepared state of an int8 ADD or MUL.
type ewInt8 struct {
	op         binOp
	xnn        bool // XNNPACK arithmetic; else TFLite's
	za, zb, zo int32
	lo, hi     int32

	// ADD, XNNPACK.
	am, bm, bias int32
	shift        uint
	// ADD, TFLite.
	ma, mb, mo    int32
	sha, shb, sho int

	// MUL, XNNPACK: float32 scale and the clamp less the zero point.
	scale    float32
	flo, fhi float32
	// MUL, TFLite.
	mm  int32
	shm int

	// The XNNPACK arithmetic as asm/qvbin's kernels take it.
	vb    *qvbin.Impl
	addP  qvbin.AddParams
	mulP  qvbin.MulParams
	splat [64]int8 // a broadcast scalar operand, repeated
}

// ewInt8Quant reads a per-tensor int8 quantization for a binary op.
func ewInt8Quant(op binOp, t *tensor.Tensor, what string) (float32, int32, error) {
	s, z, err := int8TensorQuant(t, op.String()+" "+what)
	if err != nil {
		return 0, 0, err
	}
	return s, z, nil
}

// prepare validates the quantization of a, b and o and precomputes the
// arithmetic of op (opAdd or opMul) for mode m.
func (q *ewInt8) prepare(op binOp, act Activation, m quant.Mode, a, b, o *tensor.Tensor) error {
	*q = ewInt8{op: op}
	sa, za, err := ewInt8Quant(op, a, "input 0")
	if err != nil {
		return err
	}
	sb, zb, err := ewInt8Quant(op, b, "input 1")
	if err != nil {
		return err
	}
	if o.DType != tensor.Int8 {
		return fmt.Errorf("%v: output %s: %w %v, want int8 like the inputs", op, o.Name, ErrType, o.DType)
	}
	so, zo, err := ewInt8Quant(op, o, "output")
	if err != nil {
		return err
	}
	if _, _, ok := act.Range(); !ok {
		return fmt.Errorf("%v: %w", op, errUnsupportedAct(act))
	}
	q.za, q.zb, q.zo = za, zb, zo
	switch op {
	case opAdd:
		q.xnn = m == quant.FloatRoundEven && xnnTakesAdd(sa, sb, so)
		if q.xnn {
			q.prepareXNNAdd(sa, sb, so)
		} else {
			q.prepareTFLiteAdd(sa, sb, so)
		}
	case opMul:
		q.xnn = m == quant.FloatRoundEven && xnnTakesMul(sa, sb, so)
		if q.xnn {
			q.scale = xnnRequantScale(sa, sb, so)
		} else {
			q.mm, q.shm = quant.QuantizeMultiplier(float64(sa) * float64(sb) / float64(so))
		}
	default:
		return fmt.Errorf("%v: %w int8", op, ErrType)
	}
	if q.xnn {
		q.lo, q.hi, err = xnnActRange(act, so, zo)
	} else {
		q.lo, q.hi, err = tfliteActRange(act, so, zo)
	}
	if err != nil {
		return fmt.Errorf("%v: %w", op, err)
	}
	q.flo, q.fhi = float32(q.lo-zo), float32(q.hi-zo)
	q.addP = qvbin.AddParams{Bias: q.bias, AM: q.am, BM: q.bm, Shift: uint32(q.shift), ZO: q.zo, Lo: q.lo, Hi: q.hi}
	q.mulP = qvbin.MulParams{ZA: q.za, ZB: q.zb, Scale: q.scale, FLo: q.flo, FHi: q.fhi, ZO: q.zo}
	q.vb = qvbin.Best()
	return nil
}

// xnnTakesAdd reports whether LiteRT's XNNPACK delegate takes an int8 ADD
// with these scales: all normal, and each input-to-output ratio (float32)
// in [1/1024, 256) (CheckTensorsInputOutputScale).
func xnnTakesAdd(sa, sb, so float32) bool {
	if !normalF32(sa) || !normalF32(sb) || !normalF32(so) {
		return false
	}
	ra, rb := float32(sa/so), float32(sb/so)
	return ra >= 1.0/1024 && ra < 256 && rb >= 1.0/1024 && rb < 256
}

// prepareXNNAdd computes XNNPACK's qs8 ADD parameters. The caller has
// checked that both ratios are in [2^-10, 2^8), so shift is in [13, 30] and
// the multipliers are below 2^21: every int32 sum in the kernel stays below
// 2^31 for int8 inputs and zero points.
func (q *ewInt8) prepareXNNAdd(sa, sb, so float32) {
	ra, rb := float32(sa/so), float32(sb/so)
	exp := int(math.Float32bits(max(ra, rb))>>23) - 127
	shift := 20 - exp
	// Adding shift to the float32 exponent is an exact multiply by
	// 2^shift; lrintf rounds half to even.
	q.am = int32(math.RoundToEven(math.Ldexp(float64(ra), shift)))
	q.bm = int32(math.RoundToEven(math.Ldexp(float64(rb), shift)))
	q.shift = uint(shift)
	q.bias = int32(1)<<(shift-1) - q.am*q.za - q.bm*q.zb
}

// prepareTFLiteAdd computes TFLite's int8 ADD parameters (add.cc, Prepare,
// left_shift 20).
func (q *ewInt8) prepareTFLiteAdd(sa, sb, so float32) {
	tw := 2 * math.Max(float64(sa), float64(sb))
	q.ma, q.sha = quant.QuantizeMultiplier(float64(sa) / tw)
	q.mb, q.shb = quant.QuantizeMultiplier(float64(sb) / tw)
	q.mo, q.sho = quant.QuantizeMultiplier(tw / (float64(1<<20) * float64(so)))
}

// addXNN is one element of XNNPACK's qs8 ADD.
func (q *ewInt8) addXNN(a, b int8) int8 {
	acc := q.bias + int32(a)*q.am + int32(b)*q.bm
	v := acc>>q.shift + q.zo
	return int8(min(max(v, q.lo), q.hi))
}

// addTFLite is one element of TFLite's int8 ADD.
func (q *ewInt8) addTFLite(a, b int8) int8 {
	x := quant.MultiplyByQuantizedMultiplier((int32(a)-q.za)<<20, q.ma, q.sha)
	y := quant.MultiplyByQuantizedMultiplier((int32(b)-q.zb)<<20, q.mb, q.shb)
	v := quant.MultiplyByQuantizedMultiplier(x+y, q.mo, q.sho) + q.zo
	return int8(min(max(v, q.lo), q.hi))
}

// row computes one output row: out[i] = op(a[i*sa], b[i*sb]) with
// strides in {0, 1}, as ewRow does for the other dtypes.
func (q *ewInt8) row(out, a, b []int8, sa, sb int) {
	n := len(out)
	switch {
	case sa != 0 && sb != 0:
		a, b = a[:n], b[:n]
		switch {
		case q.op == opAdd && q.xnn:
			for i := range out {
				out[i] = q.addXNN(a[i], b[i])
			}
		case q.op == opAdd:
			for i := range out {
				out[i] = q.addTFLite(a[i], b[i])
			}
		case q.xnn:
			for i := range out {
				out[i] = q.mulXNN(a[i], b[i])
			}
		default:
			for i := range out {
				out[i] = q.mulTFLite(a[i], b[i])
			}
		}
	case sa == 0:
		x := a[0]
		b = b[:n]
		switch {
		case q.op == opAdd && q.xnn:
			// XNNPACK's vaddc: the scalar operand folds into the bias.
			bias := q.bias + int32(x)*q.am
			for i, y := range b {
				v := (bias+int32(y)*q.bm)>>q.shift + q.zo
				out[i] = int8(min(max(v, q.lo), q.hi))
			}
		case q.op == opAdd:
			for i, y := range b {
				out[i] = q.addTFLite(x, y)
			}
		case q.xnn:
			for i, y := range b {
				out[i] = q.mulXNN(x, y)
			}
		default:
			for i, y := range b {
				out[i] = q.mulTFLite(x, y)
			}
		}
	default:
		y := b[0]
		a = a[:n]
		switch {
		case q.op == opAdd && q.xnn:
			bias := q.bias + int32(y)*q.bm
			for i, x := range a {
				v := (bias+int32(x)*q.am)>>q.shift + q.zo
				out[i] = int8(min(max(v, q.lo), q.hi))
			}
		case q.op == opAdd:
			for i, x := range a {
				out[i] = q.addTFLite(x, y)
			}
		case q.xnn:
			for i, x := range a {
				out[i] = q.mulXNN(x, y)
			}
		default:
			for i, x := range a {
				out[i] = q.mulTFLite(x, y)
			}
		}
	}
}

// run evaluates the op over broadcast plan p. It does not allocate; the
// slices must hold p.n, p.na and p.nb elements.
func (q *ewInt8) run(p *bcastPlan, out, a, b []int8) {
	if p.n == 0 {
		return
	}
	if q.xnn && q.vb != qvbin.Generic && q.block(p, out, a, b) {
		return
	}
	r := p.rank
	inner := p.dims[r-1]
	isa, isb := p.sa[r-1], p.sb[r-1]
	var idx [maxBcastRank]int
	ao, bo := 0, 0
	for oo := 0; oo < p.n; oo += inner {
		q.row(out[oo:oo+inner], a[ao:], b[bo:], isa, isb)
		for d := r - 2; d >= 0; d-- {
			idx[d]++
			ao += p.sa[d]
			bo += p.sb[d]
			if idx[d] < p.dims[d] {
				break
			}
			ao -= p.sa[d] * p.dims[d]
			bo -= p.sb[d] * p.dims[d]
			idx[d] = 0
		}
	}
}

// block runs the XNNPACK arithmetic on asm/qvbin's kernels (not with its
// generic reference: the scalar loops of row handle every layout) when the
// plan is rows of contiguous elements (rowBlocks), and reports whether it
// did.
func (q *ewInt8) block(p *bcastPlan, out, a, b []int8) bool {
	return rowBlocks(p, out, a, b, q.splat[:], q.op2)
}

// op2 runs the kernel of q's op on a block.
func (q *ewInt8) op2(out, a, b []int8, rows, n, sa, sb int) {
	if q.op == opAdd {
		q.vb.Add(out, a, b, rows, n, sa, sb, &q.addP)
	} else {
		q.vb.Mul(out, a, b, rows, n, sa, sb, &q.mulP)
	}
}
