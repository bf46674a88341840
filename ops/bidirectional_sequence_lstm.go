package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// BidirectionalSequenceLSTM is TFLite's BIDIRECTIONAL_SEQUENCE_LSTM on
// float32 tensors: two LSTM layers (cell math in lstm.go) over the same
// sequence, one forward in time and one backward.
//
// Inputs (48; -1 marks an omitted optional input):
//
//	0      input [T,B,n_input] (TimeMajor) or [B,T,n_input]
//	1-17   forward weights, in UNIDIRECTIONAL_SEQUENCE_LSTM's order: input-to-
//	       {i,f,c,o} (1-4), recurrent-to-{i,f,c,o} (5-8), peephole cell-to-
//	       {i,f,o} (9-11), gate biases {i,f,c,o} (12-15), projection weights
//	       and bias (16, 17)
//	18-34  backward weights, in the same order
//	35, 36 forward output state [B,n_output] and cell state [B,n_cell]
//	37, 38 backward output state and cell state (all four are variables,
//	       carried over between Invokes as in UNIDIRECTIONAL_SEQUENCE_LSTM)
//	39     optional auxiliary input [T,B,n_aux] or [B,T,n_aux]
//	40-43  optional forward aux-input-to-{i,f,c,o} weights [n_cell,n_aux]
//	44-47  optional backward aux-input-to-{i,f,c,o} weights
//
// There is no layer normalization. Both directions must have the same
// n_cell and n_output (TFLite checks each direction's tensors against both
// sizes). As in TFLite, the auxiliary input is used in one of two ways:
// with aux weights, both directions add the aux weights times the aux input
// to their gates; without aux weights but with an aux input, the backward
// direction reads the aux input (which must then have the input's shape)
// instead of the input. TFLite indexes the aux input with the input's row
// size, which is right only when n_aux equals n_input; octet indexes it
// with n_aux.
//
// The backward direction processes t = T-1 down to 0 and writes its output
// for step t at time index t. (TFLite's batch-major path offsets each batch
// row's states by the output row size, which with MergeOutputs is
// 2*n_output, so for batch > 1 it reads and writes the states out of place;
// octet keeps each row's own states.) Outputs: with MergeOutputs, one tensor
// [.., .., n_output_fw+n_output_bw] holding the forward output followed by
// the backward one on the last axis; otherwise the forward output and the
// backward output, each [.., .., n_output].
type BidirectionalSequenceLSTM struct {
	Activation   Activation
	CellClip     float32
	ProjClip     float32
	MergeOutputs bool
	TimeMajor    bool

	fw, bw    lstmCell
	nT, nB    int
	useAux    bool // aux weights present: both directions add aux terms
	bwFromAux bool // no aux weights but an aux input: the backward direction reads it
	inElems   int
	auxElems  int
	outElems  [2]int
}

const bidiAuxInput = 39

var (
	bidiFwRoles = lstmRoles{
		inW:   [4]int{1, 2, 3, 4},
		recW:  [4]int{5, 6, 7, 8},
		peep:  [4]int{9, 10, -1, 11},
		bias:  [4]int{12, 13, 14, 15},
		projW: 16, projB: 17,
		h: 35, c: 36,
		auxW: [4]int{40, 41, 42, 43},
		norm: [4]int{-1, -1, -1, -1},
	}
	bidiBwRoles = lstmRoles{
		inW:   [4]int{18, 19, 20, 21},
		recW:  [4]int{22, 23, 24, 25},
		peep:  [4]int{26, 27, -1, 28},
		bias:  [4]int{29, 30, 31, 32},
		projW: 33, projB: 34,
		h: 37, c: 38,
		auxW: [4]int{44, 45, 46, 47},
		norm: [4]int{-1, -1, -1, -1},
	}
)

// Prepare implements Kernel.
func (k *BidirectionalSequenceLSTM) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("BIDIRECTIONAL_SEQUENCE_LSTM: %w", err)
	}
	return nil
}

func (k *BidirectionalSequenceLSTM) prepare(in, out []*tensor.Tensor) error {
	nOut := 2
	if k.MergeOutputs {
		nOut = 1
	}
	if err := checkArity(in, out, 1, 48, nOut); err != nil {
		if len(out) != nOut {
			return fmt.Errorf("%w (merge_outputs is %v)", err, k.MergeOutputs)
		}
		return err
	}
	if len(in) != 48 {
		return fmt.Errorf("want 48 inputs, got %d", len(in))
	}
	if err := lstmCheckOptions(k.Activation, k.CellClip, k.ProjClip); err != nil {
		return err
	}
	x := in[0]
	if err := convCheckF32(x, "input", 3); err != nil {
		return err
	}
	nT, nB := x.Shape[1], x.Shape[0]
	if k.TimeMajor {
		nT, nB = nB, nT
	}
	nInput := x.Shape[2]

	// Aux weights: the forget, cell and output ones of both directions are
	// all present or all absent (the input gate's follow CIFG).
	n := 0
	for _, i := range []int{41, 42, 43, 45, 46, 47} {
		if lstmOpt(in, i) != nil {
			n++
		}
	}
	if n != 0 && n != 6 {
		return fmt.Errorf("aux input weights (inputs 41-43, 45-47) must all be present or all absent")
	}
	k.useAux = n == 6
	aux := lstmOpt(in, bidiAuxInput)
	k.bwFromAux = !k.useAux && aux != nil
	nAux := 0
	switch {
	case k.useAux:
		if aux == nil {
			return fmt.Errorf("aux input weights given without the aux input (input %d)", bidiAuxInput)
		}
		if err := convCheckF32(aux, "aux input", 3); err != nil {
			return err
		}
		if aux.Shape[0] != x.Shape[0] || aux.Shape[1] != x.Shape[1] {
			return fmt.Errorf("aux input %s: %w: shape %v does not match input %v in its first two dimensions", aux.Name, ErrShape, aux.Shape, x.Shape)
		}
		nAux = aux.Shape[2]
	case k.bwFromAux:
		if err := checkType(aux, "aux input", tensor.Float32); err != nil {
			return err
		}
		if !aux.Shape.Equal(x.Shape) {
			return fmt.Errorf("aux input %s: %w: shape %v, want the input's %v (without aux weights it is the backward input)", aux.Name, ErrShape, aux.Shape, x.Shape)
		}
	}

	k.fw = lstmCell{r: bidiFwRoles, act: k.Activation, cellClip: k.CellClip, projClip: k.ProjClip}
	k.bw = lstmCell{r: bidiBwRoles, act: k.Activation, cellClip: k.CellClip, projClip: k.ProjClip}
	if err := k.fw.prepare(in, nInput, nAux, nB, k.useAux, "forward "); err != nil {
		return err
	}
	if err := k.bw.prepare(in, nInput, nAux, nB, k.useAux, "backward "); err != nil {
		return err
	}
	k.fw.packFast(in, nT*nB)
	k.bw.packFast(in, nT*nB)
	if k.fw.nCell != k.bw.nCell || k.fw.nOutput != k.bw.nOutput {
		return fmt.Errorf("%w: forward n_cell %d, n_output %d differ from backward n_cell %d, n_output %d",
			ErrShape, k.fw.nCell, k.fw.nOutput, k.bw.nCell, k.bw.nOutput)
	}
	k.nT, k.nB = nT, nB
	k.inElems = x.Shape.NumElements()
	k.auxElems = 0
	if aux != nil && (k.useAux || k.bwFromAux) {
		k.auxElems = aux.Shape.NumElements()
	}
	s := x.Shape.Clone()
	if k.MergeOutputs {
		s[2] = k.fw.nOutput + k.bw.nOutput
		k.outElems = [2]int{s.NumElements(), 0}
		return convSetOutput(out[0], s)
	}
	s[2] = k.fw.nOutput
	if err := convSetOutput(out[0], s); err != nil {
		return err
	}
	s = s.Clone()
	s[2] = k.bw.nOutput
	k.outElems = [2]int{out[0].Shape.NumElements(), s.NumElements()}
	return convSetOutput(out[1], s)
}

// Eval implements Kernel. It updates the four state tensors.
func (k *BidirectionalSequenceLSTM) Eval(in, out []*tensor.Tensor) error {
	fw, bw := k.fw.weights(in), k.bw.weights(in)
	x := in[0].F32()
	var aux []float32
	if k.auxElems > 0 {
		aux = in[bidiAuxInput].F32()
	}
	y := out[0].F32()
	var yb []float32
	if !k.MergeOutputs {
		yb = out[1].F32()
	}
	if len(x) < k.inElems || len(aux) < k.auxElems || len(y) < k.outElems[0] || len(yb) < k.outElems[1] ||
		!k.fw.checkData(&fw, k.nB) || !k.bw.checkData(&bw, k.nB) {
		return seqDataErr("BIDIRECTIONAL_SEQUENCE_LSTM")
	}
	bwIn, realAux := x, aux
	if k.bwFromAux {
		bwIn, realAux = aux, nil
	}
	if k.MergeOutputs {
		stride := k.fw.nOutput + k.bw.nOutput
		k.fw.run(&fw, x, realAux, y, k.nT, k.nB, k.TimeMajor, true, stride, 0)
		k.bw.run(&bw, bwIn, realAux, y, k.nT, k.nB, k.TimeMajor, false, stride, k.fw.nOutput)
		return nil
	}
	k.fw.run(&fw, x, realAux, y, k.nT, k.nB, k.TimeMajor, true, k.fw.nOutput, 0)
	k.bw.run(&bw, bwIn, realAux, yb, k.nT, k.nB, k.TimeMajor, false, k.bw.nOutput, 0)
	return nil
}
