package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm/vf32"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Add computes out = in0 + in1 with NumPy broadcasting (ranks up to 6) and
// a fused activation. Float32, int32 and quantized int8.
//
// As TFLite's reference Add, the float result is the float32 sum clamped by
// the activation range; for int32 the activation clamps to [0, MaxInt32],
// [0, 6] or [-1, 1] (TFLite's CalculateActivationRange<int32>) and overflow
// wraps around. Int8 inputs and output need per-tensor quantization; the
// arithmetic follows XNNPACK (the default) or TFLite's builtin kernel
// (quant.FixedPoint), see add_int8.go.
type Add struct {
	Activation Activation
	mode       quant.Mode
	ewBinary
}

// SetRequantization implements Requantizer.
func (k *Add) SetRequantization(m quant.Mode) { k.mode = m }

// Prepare implements Kernel.
func (k *Add) Prepare(in, out []*tensor.Tensor) error {
	k.ewBinary.mode = k.mode
	return k.ewBinary.prepare(opAdd, k.Activation, in, out, tensor.Float32, tensor.Int32, tensor.Int8)
}

// Sub computes out = in0 - in1 with broadcasting and a fused activation.
// Float32 and int32.
type Sub struct {
	Activation Activation
	ewBinary
}

// Prepare implements Kernel.
func (k *Sub) Prepare(in, out []*tensor.Tensor) error {
	return k.ewBinary.prepare(opSub, k.Activation, in, out, tensor.Float32, tensor.Int32)
}

// Mul computes out = in0 * in1 with broadcasting and a fused activation.
// Float32, int32 and quantized int8 (see add_int8.go).
type Mul struct {
	Activation Activation
	mode       quant.Mode
	ewBinary
}

// SetRequantization implements Requantizer.
func (k *Mul) SetRequantization(m quant.Mode) { k.mode = m }

// Prepare implements Kernel.
func (k *Mul) Prepare(in, out []*tensor.Tensor) error {
	k.ewBinary.mode = k.mode
	return k.ewBinary.prepare(opMul, k.Activation, in, out, tensor.Float32, tensor.Int32, tensor.Int8)
}

// Div computes out = in0 / in1 with broadcasting and a fused activation.
// Float32 only; division by zero follows IEEE 754 (±Inf or NaN).
type Div struct {
	Activation Activation
	ewBinary
}

// Prepare implements Kernel.
func (k *Div) Prepare(in, out []*tensor.Tensor) error {
	return k.ewBinary.prepare(opDiv, k.Activation, in, out, tensor.Float32)
}

// Maximum computes out = in0 > in1 ? in0 : in1 with broadcasting (TFLite's
// MaximumOp). Float32, int32, int64, int16, int8 and uint8; quantized inputs
// are compared raw, so they must share the output's quantization.
type Maximum struct {
	ewBinary
}

// Prepare implements Kernel.
func (k *Maximum) Prepare(in, out []*tensor.Tensor) error {
	return k.ewBinary.prepare(opMax, ActNone, in, out, ewMinMaxTypes...)
}

// Minimum computes out = in0 < in1 ? in0 : in1 with broadcasting (TFLite's
// MinimumOp). Same dtypes as Maximum.
type Minimum struct {
	ewBinary
}

// Prepare implements Kernel.
func (k *Minimum) Prepare(in, out []*tensor.Tensor) error {
	return k.ewBinary.prepare(opMin, ActNone, in, out, ewMinMaxTypes...)
}

var ewMinMaxTypes = []tensor.DType{tensor.Float32, tensor.Int32, tensor.Int64, tensor.Int16, tensor.Int8, tensor.Uint8}

// ewBinary is the shared state of the binary elementwise kernels.
type ewBinary struct {
	op       binOp
	dt       tensor.DType
	plan     bcastPlan
	doClamp  bool
	flo, fhi float32
	ilo, ihi int32
	mode     quant.Mode // int8 ADD and MUL
	q8       bool       // quantized int8 arithmetic (ADD, MUL)
	i8       ewInt8
	vf       *vf32.Impl // float32 ADD, SUB, MUL on asm/vf32 (nil: bcastRun)
	vop      vf32.Op
	fsplat   [64]float32 // a broadcast scalar operand, repeated
}

func (e *ewBinary) prepare(op binOp, act Activation, in, out []*tensor.Tensor, dts ...tensor.DType) error {
	e.op = op
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return fmt.Errorf("%v: %w", op, err)
	}
	a, b := in[0], in[1]
	if err := checkType(a, op.String()+" input 0", dts...); err != nil {
		return err
	}
	if b.DType != a.DType {
		return fmt.Errorf("%v: input 1 %s: %w %v, want %v like input 0", op, b.Name, ErrType, b.DType, a.DType)
	}
	e.dt = a.DType
	plan, shape, err := newBcastPlan(a.Shape, b.Shape)
	if err != nil {
		return fmt.Errorf("%v: %w", op, err)
	}
	e.plan = plan
	e.q8 = false
	if e.dt == tensor.Int8 && (op == opAdd || op == opMul) {
		if err := e.i8.prepare(op, act, e.mode, a, b, out[0]); err != nil {
			return err
		}
		e.q8 = true
		out[0].Shape = shape
		return nil
	}
	switch e.dt {
	case tensor.Float32:
		lo, hi, ok := act.Range()
		if !ok {
			return fmt.Errorf("%v: %w", op, errUnsupportedAct(act))
		}
		e.flo, e.fhi, e.doClamp = lo, hi, act != ActNone
		e.vf = nil
		if im := vf32.Best(); im != vf32.Generic {
			switch op {
			case opAdd:
				e.vf, e.vop = im, vf32.OpAdd
			case opSub:
				e.vf, e.vop = im, vf32.OpSub
			case opMul:
				e.vf, e.vop = im, vf32.OpMul
			}
		}
	case tensor.Int32:
		lo, hi, err := ewInt32Range(act)
		if err != nil {
			return fmt.Errorf("%v: %w", op, err)
		}
		e.ilo, e.ihi, e.doClamp = lo, hi, act != ActNone
	default:
		if act != ActNone {
			return fmt.Errorf("%v: %v: %w", op, e.dt, errUnsupportedAct(act))
		}
		e.doClamp = false
	}
	out[0].DType = e.dt
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (e *ewBinary) Eval(in, out []*tensor.Tensor) error {
	return e.evalParts(in, out, 0, e.parts())
}

// SetWorkers implements Splitter (no per-worker state).
func (e *ewBinary) SetWorkers(int) {}

// Parts implements Splitter: blocks of rows of the broadcast plan.
func (e *ewBinary) Parts(in, out []*tensor.Tensor) int { return e.parts() }

// EvalParts implements Splitter.
func (e *ewBinary) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return e.evalParts(in, out, lo, hi)
}

// PointwiseUnit implements Pointwise: element ranges when the plan has the
// parts' form (rank 1 or 2, both operands contiguous along the last
// dimension), in whole rows of a rank-2 plan (pixels of a per-channel
// broadcast).
func (e *ewBinary) PointwiseUnit(in, out []*tensor.Tensor) int {
	p := &e.plan
	if p.rank < 1 || p.rank > 2 || p.sa[p.rank-1] != 1 || p.sb[p.rank-1] != 1 {
		return 0
	}
	if p.rank == 2 {
		return p.dims[1]
	}
	return 1
}

// EvalElems implements Pointwise.
func (e *ewBinary) EvalElems(in, out []*tensor.Tensor, a, b, w int) error {
	u := e.PointwiseUnit(in, out)
	if u == 0 || a < 0 || a > b || b > e.plan.n || a%u != 0 || b%u != 0 {
		return fmt.Errorf("%v: elements [%d, %d) are not a range of whole plan rows", e.op, a, b)
	}
	return e.evalUnits(in, out, a/u, b/u)
}

// parts is the number of parts the op splits into across threads: blocks
// of the merged plan's first dimension (elements for a plan of rank 1,
// rows for rank 2), when both operands are contiguous along the last one
// (no broadcast scalar: the splat scratch is shared); else 1.
func (e *ewBinary) parts() int {
	p := &e.plan
	if p.n <= flatChunk || p.rank < 1 || p.rank > 2 || p.sa[p.rank-1] != 1 || p.sb[p.rank-1] != 1 {
		return 1
	}
	return (p.dims[0] + e.unitsPerPart() - 1) / e.unitsPerPart()
}

// unitsPerPart is the number of plan rows (rank 2) or elements (rank 1) in
// one part: about flatChunk elements.
func (e *ewBinary) unitsPerPart() int {
	p := &e.plan
	if p.rank == 1 {
		return flatChunk
	}
	return max(1, flatChunk/p.dims[1])
}

// evalParts computes parts [lo, hi) (see parts).
func (e *ewBinary) evalParts(in, out []*tensor.Tensor, lo, hi int) error {
	if lo == 0 && hi >= e.parts() {
		return e.evalUnits(in, out, 0, e.plan.dims[0])
	}
	u := e.unitsPerPart()
	return e.evalUnits(in, out, min(lo*u, e.plan.dims[0]), min(hi*u, e.plan.dims[0]))
}

// evalUnits computes the rows [u0, u1) of the plan's first dimension
// (elements for a plan of rank 1); with the whole dimension it runs any
// plan.
func (e *ewBinary) evalUnits(in, out []*tensor.Tensor, u0, u1 int) error {
	a, b, o := in[0], in[1], out[0]
	es := e.dt.Size()
	if len(a.Data) < e.plan.na*es || len(b.Data) < e.plan.nb*es || len(o.Data) < e.plan.n*es {
		return ewErrData(e.op.String())
	}
	p := &e.plan
	ao, bo, oo := 0, 0, 0
	if u0 > 0 || u1 < p.dims[0] {
		// A block of the first dimension: a plan of the same layout over
		// fewer rows, and the operands from its first row on.
		sub := *p
		inner := 1
		if p.rank == 2 {
			inner = p.dims[1]
		}
		sub.dims[0] = u1 - u0
		sub.n = (u1 - u0) * inner
		ao, bo, oo = u0*p.sa[0], u0*p.sb[0], u0*inner
		p = &sub
	}
	switch e.dt {
	case tensor.Float32:
		if e.vf != nil && e.f32Block(p, o.F32()[oo:], a.F32()[ao:], b.F32()[bo:]) {
			return nil
		}
		bcastRun(p, e.op, o.F32()[oo:], a.F32()[ao:], b.F32()[bo:], e.doClamp, e.flo, e.fhi)
	case tensor.Int32:
		bcastRun(p, e.op, o.I32()[oo:], a.I32()[ao:], b.I32()[bo:], e.doClamp, e.ilo, e.ihi)
	case tensor.Int64:
		bcastRun(p, e.op, o.I64()[oo:], a.I64()[ao:], b.I64()[bo:], false, 0, 0)
	case tensor.Int16:
		bcastRun(p, e.op, o.I16()[oo:], a.I16()[ao:], b.I16()[bo:], false, 0, 0)
	case tensor.Int8:
		if e.q8 {
			e.i8.run(p, o.I8()[oo:], a.I8()[ao:], b.I8()[bo:])
			return nil
		}
		bcastRun(p, e.op, o.I8()[oo:], a.I8()[ao:], b.I8()[bo:], false, 0, 0)
	case tensor.Uint8:
		bcastRun(p, e.op, o.U8()[oo:], a.U8()[ao:], b.U8()[bo:], false, 0, 0)
	default:
		return fmt.Errorf("%v: %w %v", e.op, ErrType, e.dt)
	}
	return nil
}

// ewInt32Range is TFLite's CalculateActivationRange for int32 outputs.
func ewInt32Range(a Activation) (lo, hi int32, err error) {
	switch a {
	case ActNone:
		return math.MinInt32, math.MaxInt32, nil
	case ActRelu:
		return 0, math.MaxInt32, nil
	case ActRelu6:
		return 0, 6, nil
	case ActReluN1To1:
		return -1, 1, nil
	}
	return 0, 0, errUnsupportedAct(a)
}

// ewErrData is the error of an Eval whose tensors hold less data than their
// prepared shapes need.
type ewErrData string

func (e ewErrData) Error() string {
	return string(e) + ": tensor data smaller than the prepared shape"
}

// f32Block runs a float32 ADD, SUB or MUL on asm/vf32 when the plan is
// rows of contiguous values (rowBlocks), and reports whether it did. The
// results are bcastRun's: one rounding per operation, then the same clamp.
func (e *ewBinary) f32Block(p *bcastPlan, out, a, b []float32) bool {
	return rowBlocks(p, out, a, b, e.fsplat[:], e.f32Rows)
}

// f32Rows runs the vf32 kernel of e's op on a block, with the activation's
// clamp (none: the infinite bounds).
func (e *ewBinary) f32Rows(out, a, b []float32, rows, n, sa, sb int) {
	lo, hi := float32(math.Inf(-1)), float32(math.Inf(1))
	if e.doClamp {
		lo, hi = e.flo, e.fhi
	}
	e.vf.Bin(e.vop, out, a, b, rows, n, sa, sb, lo, hi)
}
