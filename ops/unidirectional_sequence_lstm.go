package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// UnidirectionalSequenceLSTM is TFLite's UNIDIRECTIONAL_SEQUENCE_LSTM on
// float32 tensors: an LSTM layer run over a whole sequence (the cell math is
// described in lstm.go).
//
// Inputs (24, or 20 in the legacy form without layer normalization; -1
// marks an omitted optional input):
//
//	0      input [T,B,n_input] (TimeMajor) or [B,T,n_input]
//	1-4    input-to-{input,forget,cell,output} weights [n_cell,n_input];
//	       input-to-input is absent for CIFG
//	5-8    recurrent-to-{input,forget,cell,output} weights [n_cell,n_output]
//	       ([n_cell] with DiagonalRecurrent); recurrent-to-input absent for CIFG
//	9-11   optional peephole cell-to-{input,forget,output} weights [n_cell]
//	12-15  {input,forget,cell,output} gate bias [n_cell]; input absent for CIFG
//	16, 17 optional projection weights [n_output,n_cell] and bias [n_output]
//	18, 19 output state [B,n_output] and cell state [B,n_cell]: variable
//	       tensors that the op reads at the start and overwrites with the
//	       last step's states
//	20-23  optional layer norm coefficients of the 4 gates [n_cell]
//	       (input absent for CIFG)
//
// Output: [T,B,n_output] or [B,T,n_output], the output state after each
// step.
//
// The states are variable tensors, so they carry over from one Invoke to
// the next, as in TFLite: the second Invoke continues the sequence where the
// first stopped. The interpreter zeroes them when it prepares the graph and
// on Interpreter.ResetVariables (TFLite: AllocateTensors and
// ResetVariableTensors). A constant state tensor is an error (TFLite's
// kernel requires variables); any other non-variable state tensor would be
// overwritten in place.
//
// With an int8 input the op is TFLite's full-integer LSTM ("8x8_16", see
// lstm_int8.go): int8 weights and output state, int16 cell state, and five
// intermediate tensors (SetIntermediates) giving the gate and hidden scales.
// Hybrid LSTMs (float input, int8 weights) are not supported, so
// asymmetric_quantize_inputs has no effect.
type UnidirectionalSequenceLSTM struct {
	Activation        Activation
	CellClip          float32
	ProjClip          float32
	TimeMajor         bool
	DiagonalRecurrent bool

	cell     lstmCell
	q        *lstmInt8 // the integer kernel, for int8 inputs
	inter    []*tensor.Tensor
	nT, nB   int
	inElems  int
	outElems int
}

// SetIntermediates implements IntermediateUser: the integer LSTM reads the
// quantization of the op's intermediate tensors.
func (k *UnidirectionalSequenceLSTM) SetIntermediates(t []*tensor.Tensor) { k.inter = t }

var uniLSTMRoles = lstmRoles{
	inW:   [4]int{1, 2, 3, 4},
	recW:  [4]int{5, 6, 7, 8},
	auxW:  [4]int{-1, -1, -1, -1},
	peep:  [4]int{9, 10, -1, 11},
	bias:  [4]int{12, 13, 14, 15},
	projW: 16, projB: 17,
	h: 18, c: 19,
	norm: [4]int{20, 21, 22, 23},
}

// Prepare implements Kernel.
func (k *UnidirectionalSequenceLSTM) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("UNIDIRECTIONAL_SEQUENCE_LSTM: %w", err)
	}
	return nil
}

func (k *UnidirectionalSequenceLSTM) prepare(in, out []*tensor.Tensor) error {
	if len(in) != 20 && len(in) != 24 {
		return fmt.Errorf("want 20 or 24 inputs, got %d", len(in))
	}
	if err := checkArity(in, out, 1, len(in), 1); err != nil {
		return err
	}
	x := in[0]
	if x.DType == tensor.Int8 {
		return k.prepareInt8(in, out)
	}
	k.q = nil
	if err := lstmCheckOptions(k.Activation, k.CellClip, k.ProjClip); err != nil {
		return err
	}
	if err := convCheckF32(x, "input", 3); err != nil {
		return err
	}
	nT, nB := x.Shape[1], x.Shape[0]
	if k.TimeMajor {
		nT, nB = nB, nT
	}
	k.cell = lstmCell{r: uniLSTMRoles, act: k.Activation, cellClip: k.CellClip, projClip: k.ProjClip, diag: k.DiagonalRecurrent}
	if err := k.cell.prepare(in, x.Shape[2], 0, nB, false, ""); err != nil {
		return err
	}
	k.cell.packFast(in, nT*nB)
	k.nT, k.nB = nT, nB
	s := x.Shape.Clone()
	s[2] = k.cell.nOutput
	k.inElems = x.Shape.NumElements()
	k.outElems = s.NumElements()
	return convSetOutput(out[0], s)
}

func (k *UnidirectionalSequenceLSTM) prepareInt8(in, out []*tensor.Tensor) error {
	x := in[0]
	if err := checkRank(x, "input", 3); err != nil {
		return err
	}
	nT, nB := x.Shape[1], x.Shape[0]
	if k.TimeMajor {
		nT, nB = nB, nT
	}
	if nT <= 0 || nB <= 0 || x.Shape[2] <= 0 {
		return fmt.Errorf("input %s: %w: shape %v", x.Name, ErrShape, x.Shape)
	}
	q := &lstmInt8{}
	if err := q.prepare(in, out[0], k.inter, x.Shape[2], nB, k.Activation, k.CellClip, k.ProjClip, k.DiagonalRecurrent); err != nil {
		return err
	}
	q.pack(nT * nB)
	k.q, k.nT, k.nB = q, nT, nB
	s := x.Shape.Clone()
	s[2] = q.nOutput
	k.inElems, k.outElems = x.Shape.NumElements(), s.NumElements()
	out[0].DType = tensor.Int8
	out[0].Shape = s
	return nil
}

// Eval implements Kernel. It updates the state tensors (inputs 18 and 19).
func (k *UnidirectionalSequenceLSTM) Eval(in, out []*tensor.Tensor) error {
	if k.q != nil {
		q := k.q
		x, y := in[0].I8(), out[0].I8()
		h, c := in[uniLSTMRoles.h].I8(), in[uniLSTMRoles.c].I16()
		if len(x) < k.inElems || len(y) < k.outElems || len(h) < k.nB*q.nOutput || len(c) < k.nB*q.nCell {
			return seqDataErr("UNIDIRECTIONAL_SEQUENCE_LSTM")
		}
		q.run(x, y, h, c, k.nT, k.nB, k.TimeMajor)
		return nil
	}
	w := k.cell.weights(in)
	x, y := in[0].F32(), out[0].F32()
	if len(x) < k.inElems || len(y) < k.outElems || !k.cell.checkData(&w, k.nB) {
		return seqDataErr("UNIDIRECTIONAL_SEQUENCE_LSTM")
	}
	k.cell.run(&w, x, nil, y, k.nT, k.nB, k.TimeMajor, true, k.cell.nOutput, 0)
	return nil
}
