package quantize

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/octet-ml/octet/ops"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// This file quantizes float UNIDIRECTIONAL_SEQUENCE_LSTM ops into TFLite's
// full-integer LSTM (the "8x8_16" kernel, see ops/lstm_int8.go):
//
//   - input: the producer's int8 parameters (calibrated);
//   - weights: int8, symmetric, one scale per tensor (the integer kernel has
//     no per-channel form);
//   - gate biases: int32 at scale s_x·s_Wx (the kernel adds them to the
//     input product);
//   - peephole weights: int16, symmetric;
//   - projection: int8 weights, int32 bias at scale s_m·s_Wp;
//   - output and output state: int8 with zero point 0, symmetric over the
//     calibrated range (the output is o·tanh(c) in (-1, 1), or a projection
//     of it);
//   - cell state: int16 with the smallest power-of-two scale in
//     [2^-15, 2^-9] that holds the largest |c| seen during calibration,
//     recorded step by step by replaying the float op;
//   - intermediates: the four gate tensors at 2^-12 (Q3.12, which the kernel
//     uses without layer normalization) and the hidden m = o·tanh(c): the
//     output's scale without projection (m is the output), 2^-7 with it.
//
// LSTMs that the integer kernel cannot run (layer normalization, an
// activation other than tanh, diagonal recurrent weights, non-constant
// weights) stay in float.

// lstmReplay is a float copy of one LSTM op that calibration runs step by
// step, recording the cell state values it sees.
type lstmReplay struct {
	op      int
	k       *ops.UnidirectionalSequenceLSTM
	in      []*tensor.Tensor // the replay kernel's inputs: weights shared, x/h/c its own
	x, y    *tensor.Tensor
	src     []int // model tensor indices of the op's inputs
	nT, nB  int
	nIn     int
	timeMaj bool
	cell    stats
}

// newLSTMReplay prepares a float UNIDIRECTIONAL_SEQUENCE_LSTM that runs one
// step at a time so that every step's cell state can be observed.
func newLSTMReplay(opIndex int, op *tflite.Operator, tensorOf func(int) *tensor.Tensor) (*lstmReplay, error) {
	o, _ := op.Options.(*tflite.UnidirectionalSequenceLSTMOptions)
	k := &ops.UnidirectionalSequenceLSTM{Activation: ops.ActTanh}
	if o != nil {
		k.Activation = ops.Activation(o.FusedActivation)
		k.CellClip, k.ProjClip, k.TimeMajor, k.DiagonalRecurrent = o.CellClip, o.ProjClip, false, o.DiagonalRecurrentTensors
	}
	x := tensorOf(int(op.Inputs[0]))
	if x.DType != tensor.Float32 || len(x.Shape) != 3 {
		return nil, fmt.Errorf("LSTM input %s: want float32 rank 3, got %v%v", x.Name, x.DType, x.Shape)
	}
	timeMajor := o != nil && o.TimeMajor
	nT, nB := x.Shape[1], x.Shape[0]
	if timeMajor {
		nT, nB = nB, nT
	}
	rp := &lstmReplay{op: opIndex, k: k, nT: nT, nB: nB, nIn: x.Shape[2], timeMaj: timeMajor}
	rp.in = make([]*tensor.Tensor, len(op.Inputs))
	for j, idx := range op.Inputs {
		rp.src = append(rp.src, int(idx))
		if idx < 0 {
			continue
		}
		t := tensorOf(int(idx))
		switch j {
		case 0:
			rp.x = tensor.New(tensor.Float32, tensor.Shape{nB, 1, rp.nIn})
			rp.in[0] = rp.x
		case 18, 19:
			c := tensor.New(tensor.Float32, t.Shape.Clone())
			rp.in[j] = c
		default:
			rp.in[j] = t
		}
	}
	if rp.in[18] == nil || rp.in[19] == nil {
		return nil, fmt.Errorf("LSTM has no state tensors")
	}
	rp.y = tensor.New(tensor.Float32, nil)
	if err := k.Prepare(rp.in, []*tensor.Tensor{rp.y}); err != nil {
		return nil, err
	}
	rp.y.Data = make([]byte, rp.y.ByteSize())
	return rp, nil
}

// run replays the op on its current input x (model layout), from zero
// states, recording the cell state after every step.
func (rp *lstmReplay) run(x []float32) error {
	for _, j := range []int{18, 19} {
		clear(rp.in[j].Data)
	}
	xs := rp.x.F32()
	for t := range rp.nT {
		for b := range rp.nB {
			row := b*rp.nT + t
			if rp.timeMaj {
				row = t*rp.nB + b
			}
			copy(xs[b*rp.nIn:(b+1)*rp.nIn], x[row*rp.nIn:(row+1)*rp.nIn])
		}
		if err := rp.k.Eval(rp.in, []*tensor.Tensor{rp.y}); err != nil {
			return err
		}
		rp.cell.add(rp.in[19].F32())
	}
	return nil
}

// lstmQuantizable says why the integer LSTM cannot run op, or "".
func (r *rewriter) lstmQuantizable(op *tflite.Operator) string {
	o, _ := op.Options.(*tflite.UnidirectionalSequenceLSTMOptions)
	if o != nil && o.FusedActivation != 4 {
		return "activation is not tanh"
	}
	if o != nil && o.DiagonalRecurrentTensors {
		return "diagonal recurrent weights"
	}
	if len(op.Inputs) == 24 && op.Inputs[21] >= 0 {
		return "layer normalization"
	}
	for j, idx := range op.Inputs {
		if j == 0 || j == 18 || j == 19 || idx < 0 {
			continue
		}
		if !r.isConst(int(idx)) {
			return fmt.Sprintf("input %d is not constant", j)
		}
	}
	if r.lstm[r.opIndex] == nil || !r.lstm[r.opIndex].cell.seen {
		return "no calibration data for the cell state"
	}
	return ""
}

// symmetricTensor quantizes v with one symmetric scale over bits-bit signed
// integers (127 or 32767 levels each side).
func symmetricTensor(v []float32, levels float64) (scale float32, q []int64) {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(float64(x)))
	}
	if m == 0 {
		m = 1
	}
	scale = float32(m / levels)
	q = make([]int64, len(v))
	for i, x := range v {
		q[i] = int64(math.Max(math.Min(math.Round(float64(x)/float64(scale)), levels), -levels))
	}
	return scale, q
}

func (r *rewriter) constInt(name string, dt tensor.DType, shape []int, q []int64, scale float32) int {
	var data []byte
	switch dt {
	case tensor.Int8:
		data = make([]byte, len(q))
		for i, v := range q {
			data[i] = byte(int8(v))
		}
	case tensor.Int16:
		data = make([]byte, 2*len(q))
		for i, v := range q {
			binary.LittleEndian.PutUint16(data[2*i:], uint16(int16(v)))
		}
	case tensor.Int32:
		data = make([]byte, 4*len(q))
		for i, v := range q {
			binary.LittleEndian.PutUint32(data[4*i:], uint32(int32(v)))
		}
	}
	n := r.b.Const(name, dt, shape, data)
	r.b.Quantize(n, scale, 0)
	return n
}

// lstmOp rewrites a float UNIDIRECTIONAL_SEQUENCE_LSTM as the integer one.
func (r *rewriter) lstmOp(op *tflite.Operator) error {
	get := func(j int) int {
		if j < len(op.Inputs) {
			return int(op.Inputs[j])
		}
		return -1
	}
	x, out := get(0), int(op.Outputs[0])
	qx, err := r.int8Version(x)
	if err != nil {
		return err
	}
	px := r.par[x]
	// Output: symmetric over the calibrated range.
	s := r.st[out]
	if s == nil || !s.seen {
		return fmt.Errorf("LSTM output %s has no calibration data", r.tensor(out).Name)
	}
	lo, hi := rangeOf(s, r.opts.Method, r.opts.Percentile)
	m := math.Max(math.Max(math.Abs(lo), math.Abs(hi)), 1e-6)
	po := params{scale: float32(m / 127), zp: 0}
	r.setParams(out, po, &TensorRange{Lo: -m, Hi: m})

	rp := r.lstm[r.opIndex]
	cmax := math.Max(math.Abs(rp.cell.min), math.Abs(rp.cell.max))
	cellShift := -15
	for cellShift < -9 && 32767*math.Ldexp(1, cellShift) < cmax {
		cellShift++
	}

	wx := r.tensor(get(4))
	nCell := wx.Shape[0]
	nOut := nCell
	proj := get(16) >= 0
	if proj {
		nOut = r.tensor(get(16)).Shape[0]
	}
	ins := make([]int, 24)
	for j := range ins {
		ins[j] = -1
	}
	ins[0] = qx
	for g := range 4 {
		wxi, whi, bi := get(1+g), get(5+g), get(12+g)
		if wxi < 0 {
			continue // CIFG
		}
		wt, ht := r.tensor(wxi), r.tensor(whi)
		sx, qw := symmetricTensor(wt.F32(), 127)
		ins[1+g] = r.constInt(wt.Name+"_int8", tensor.Int8, wt.Shape, qw, sx)
		sh, qh := symmetricTensor(ht.F32(), 127)
		ins[5+g] = r.constInt(ht.Name+"_int8", tensor.Int8, ht.Shape, qh, sh)
		bs := float32(float64(px.scale) * float64(sx))
		bq := make([]int64, nCell)
		name := wt.Name + "_bias"
		if bi >= 0 {
			bt := r.tensor(bi)
			name = bt.Name + "_int32"
			for c, v := range bt.F32() {
				bq[c] = int64(quantizeBias(v, bs))
			}
		}
		ins[12+g] = r.constInt(name, tensor.Int32, []int{nCell}, bq, bs)
	}
	for _, j := range []int{9, 10, 11} {
		if pi := get(j); pi >= 0 {
			pt := r.tensor(pi)
			sp, qp := symmetricTensor(pt.F32(), 32767)
			ins[j] = r.constInt(pt.Name+"_int16", tensor.Int16, pt.Shape, qp, sp)
		}
	}
	hidden := params{scale: po.scale, zp: 0}
	if proj {
		hidden = params{scale: 1.0 / 128, zp: 0}
		pt := r.tensor(get(16))
		sp, qp := symmetricTensor(pt.F32(), 127)
		ins[16] = r.constInt(pt.Name+"_int8", tensor.Int8, pt.Shape, qp, sp)
		bs := float32(float64(hidden.scale) * float64(sp))
		bq := make([]int64, nOut)
		if pb := get(17); pb >= 0 {
			for c, v := range r.tensor(pb).F32() {
				bq[c] = int64(quantizeBias(v, bs))
			}
		}
		ins[17] = r.constInt(pt.Name+"_bias_int32", tensor.Int32, []int{nOut}, bq, bs)
	}
	ht, ct := r.tensor(get(18)), r.tensor(get(19))
	h := r.b.Tensor(ht.Name+"_int8", tensor.Int8, ht.Shape...)
	r.b.Quantize(h, po.scale, po.zp)
	c := r.b.Tensor(ct.Name+"_int16", tensor.Int16, ct.Shape...)
	r.b.Quantize(c, float32(math.Ldexp(1, cellShift)), 0)
	sgb := r.b.Model().Subgraphs[0].Tensors
	sgb[h].IsVariable, sgb[c].IsVariable = true, true
	ins[18], ins[19] = h, c
	r.chosen[-1-r.opIndex] = &TensorRange{Name: ct.Name, Min: rp.cell.min, Max: rp.cell.max, Lo: -32768 * math.Ldexp(1, cellShift),
		Hi: 32767 * math.Ldexp(1, cellShift), Scale: float32(math.Ldexp(1, cellShift)), Fixed: true}

	var inter []int32
	for g := range 4 {
		t := r.b.Tensor(fmt.Sprintf("%s_gate%d_q3.12", r.tensor(out).Name, g), tensor.Int16)
		r.b.Quantize(t, 1.0/4096, 0)
		inter = append(inter, int32(t))
	}
	hid := r.b.Tensor(r.tensor(out).Name+"_hidden", tensor.Int8)
	r.b.Quantize(hid, hidden.scale, hidden.zp)
	inter = append(inter, int32(hid))

	o := r.newInt8Output(out, po)
	opts := op.Options
	if opts == nil {
		opts = &tflite.UnidirectionalSequenceLSTMOptions{FusedActivation: 4}
	}
	r.b.OpV(tflite.OpUnidirectionalSequenceLSTM, 3, opts, ins, o)
	sg := &r.b.Model().Subgraphs[0]
	sg.Operators[len(sg.Operators)-1].Intermediates = inter
	return nil
}
