package main

import (
	"fmt"

	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// Export forms.
const (
	// FormUni is what the TFLite converter makes of a Keras
	// Bidirectional(LSTM): two UNIDIRECTIONAL_SEQUENCE_LSTM ops, the
	// backward one reading the input through REVERSE_V2, each followed by a
	// STRIDED_SLICE of its last step.
	FormUni = "uni"
	// FormBidi is one BIDIRECTIONAL_SEQUENCE_LSTM (merge_outputs,
	// batch-major); the forward half is sliced at the last step and the
	// backward half at the first (its state after reading row 1).
	FormBidi = "bidi"
	// FormUnrolled is the same computation in elementary ops
	// (FULLY_CONNECTED, ADD, SPLIT, LOGISTIC, TANH, MUL, ...) without
	// variable tensors, for runtimes that cannot load LSTM state, such as
	// LiteRT.js.
	FormUnrolled = "unrolled"
)

// Export encodes p as a float32 .tflite classifier: input "input"
// [1,steps,in] float32 (rows of pixel/255, batch-major), output
// "probabilities" [1,classes].
func Export(p *Params, form string) ([]byte, error) {
	return ExportSteps(p, form, 28)
}

// ExportSteps is Export for sequences of the given length.
func ExportSteps(p *Params, form string, steps int) ([]byte, error) {
	b := graphtest.New()
	b.Model().Description = fmt.Sprintf("octet-train: Fashion-MNIST BLSTM (%d units per direction, %s form)", p.Units, form)
	x := b.Input("input", tensor.Float32, 1, steps, p.In)
	var hf, hb int
	switch form {
	case FormUni:
		hf, hb = exportUni(b, p, x, steps)
	case FormBidi:
		hf, hb = exportBidi(b, p, x, steps)
	case FormUnrolled:
		hf, hb = exportUnrolled(b, p, x, steps)
	default:
		return nil, fmt.Errorf("unknown export form %q (want uni, bidi or unrolled)", form)
	}
	u, nc := p.Units, p.Classes
	cat := b.Tensor("concat", tensor.Float32, 1, 2*u)
	b.Op(tflite.OpConcatenation, &tflite.ConcatenationOptions{Axis: 1}, []int{hf, hb}, cat)
	w := b.ConstF32("dense/kernel", []int{nc, 2 * u}, transpose(p.Wd, 2*u, nc))
	bias := b.ConstF32("dense/bias", []int{nc}, p.Bd)
	logits := b.Tensor("logits", tensor.Float32, 1, nc)
	b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{}, []int{cat, w, bias}, logits)
	probs := b.Tensor("probabilities", tensor.Float32, 1, nc)
	b.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: 1}, []int{logits}, probs)
	b.Output(probs)
	return b.Bytes()
}

// transpose returns the [cols][rows] transpose of the row-major [rows][cols] v.
func transpose(v []float32, rows, cols int) []float32 {
	t := make([]float32, len(v))
	for r := range rows {
		for c := range cols {
			t[c*rows+r] = v[r*cols+c]
		}
	}
	return t
}

// lstmWeights adds one direction's 12 weight tensors in TFLite's layout and
// returns the op inputs 1..17 of an LSTM (input weights, recurrent weights,
// peepholes (absent), gate biases, projection (absent)).
func lstmWeights(b *graphtest.Builder, p *Params, d *Dir, prefix string) []int {
	ids := make([]int, 17)
	for g := range nGates {
		ids[g] = b.ConstF32(prefix+"input_to_"+gateNames[g]+"_weights", []int{p.Units, p.In}, transpose(d.Wx[g], p.In, p.Units))
		ids[4+g] = b.ConstF32(prefix+"recurrent_to_"+gateNames[g]+"_weights", []int{p.Units, p.Units}, transpose(d.Wh[g], p.Units, p.Units))
		ids[11+g] = b.ConstF32(prefix+gateNames[g]+"_gate_bias", []int{p.Units}, d.B[g])
	}
	ids[8], ids[9], ids[10], ids[15], ids[16] = -1, -1, -1, -1, -1
	return ids
}

// variable adds a zero-initialised state tensor as the TFLite converter
// emits it: is_variable, no buffer.
func variable(b *graphtest.Builder, name string, shape ...int) int {
	i := b.Tensor(name, tensor.Float32, shape...)
	b.Model().Subgraphs[0].Tensors[i].IsVariable = true
	return i
}

// lastStep adds STRIDED_SLICE seq[:, t, :] of a [1,steps,width] tensor
// ([1,width] out), with t = -1 for the last step as the converter writes it.
func lastStep(b *graphtest.Builder, name string, seq, t, lo, hi int) int {
	opts := &tflite.StridedSliceOptions{BeginMask: 1, EndMask: 1, ShrinkAxisMask: 2}
	endT := int32(t + 1)
	if t == -1 {
		endT = 0 // ignored: shrink_axis takes one element from begin
	}
	begin := b.ConstI32(name+"/begin", []int{3}, []int32{0, int32(t), int32(lo)})
	end := b.ConstI32(name+"/end", []int{3}, []int32{0, endT, int32(hi)})
	strides := b.ConstI32(name+"/strides", []int{3}, []int32{1, 1, 1})
	y := b.Tensor(name, tensor.Float32, 1, hi-lo)
	b.Op(tflite.OpStridedSlice, opts, []int{seq, begin, end, strides}, y)
	return y
}

func uniLSTM(b *graphtest.Builder, p *Params, d *Dir, prefix string, x, steps int) int {
	ins := append([]int{x}, lstmWeights(b, p, d, prefix)...)
	ins = append(ins, variable(b, prefix+"output_state", 1, p.Units), variable(b, prefix+"cell_state", 1, p.Units), -1, -1, -1, -1)
	y := b.Tensor(prefix+"output", tensor.Float32, 1, steps, p.Units)
	b.Op(tflite.OpUnidirectionalSequenceLSTM, &tflite.UnidirectionalSequenceLSTMOptions{FusedActivation: tflite.ActivationFunctionType(4)}, ins, y)
	return y
}

func exportUni(b *graphtest.Builder, p *Params, x, steps int) (int, int) {
	yf := uniLSTM(b, p, &p.Fw, "forward_lstm/", x, steps)
	axis := b.ConstI32("reverse/axis", []int{1}, []int32{1})
	xr := b.Tensor("reverse", tensor.Float32, 1, steps, p.In)
	b.Op(tflite.OpReverseV2, &tflite.ReverseV2Options{}, []int{x, axis}, xr)
	yb := uniLSTM(b, p, &p.Bw, "backward_lstm/", xr, steps)
	return lastStep(b, "forward_last", yf, -1, 0, p.Units), lastStep(b, "backward_last", yb, -1, 0, p.Units)
}

func exportBidi(b *graphtest.Builder, p *Params, x, steps int) (int, int) {
	u := p.Units
	ins := []int{x}
	ins = append(ins, lstmWeights(b, p, &p.Fw, "bidi/fw/")...)
	ins = append(ins, lstmWeights(b, p, &p.Bw, "bidi/bw/")...)
	ins = append(ins, variable(b, "bidi/fw/output_state", 1, u), variable(b, "bidi/fw/cell_state", 1, u),
		variable(b, "bidi/bw/output_state", 1, u), variable(b, "bidi/bw/cell_state", 1, u))
	for range 9 { // aux input and its 8 weights
		ins = append(ins, -1)
	}
	y := b.Tensor("bidi/output", tensor.Float32, 1, steps, 2*u)
	b.Op(tflite.OpBidirectionalSequenceLSTM, &tflite.BidirectionalSequenceLSTMOptions{
		FusedActivation: tflite.ActivationFunctionType(4), MergeOutputs: true, TimeMajor: false}, ins, y)
	// The backward half at time 0 is its output after reading every row
	// from the last to the first.
	return lastStep(b, "forward_last", y, -1, 0, u), lastStep(b, "backward_last", y, 0, u, 2*u)
}

func exportUnrolled(b *graphtest.Builder, p *Params, x, steps int) (int, int) {
	u, in := p.Units, p.In
	n := 0
	tmp := func(prefix string, shape ...int) int {
		n++
		return b.Tensor(fmt.Sprintf("%s/%d", prefix, n), tensor.Float32, shape...)
	}
	xr := b.Tensor("rows", tensor.Float32, steps, in)
	b.Op(tflite.OpReshape, &tflite.ReshapeOptions{NewShape: []int32{int32(steps), int32(in)}},
		[]int{x, b.ConstI32("rows/shape", []int{2}, []int32{int32(steps), int32(in)})}, xr)
	splitAxis := b.ConstI32("split_axis", nil, []int32{1})
	run := func(d *Dir, prefix string, reverse bool) int {
		wx := make([]float32, 0, nGates*u*in)
		wh := make([]float32, 0, nGates*u*u)
		bias := make([]float32, 0, nGates*u)
		for g := range nGates {
			wx = append(wx, transpose(d.Wx[g], in, u)...)
			wh = append(wh, transpose(d.Wh[g], u, u)...)
			bias = append(bias, d.B[g]...)
		}
		wxID := b.ConstF32(prefix+"/wx", []int{nGates * u, in}, wx)
		whID := b.ConstF32(prefix+"/wh", []int{nGates * u, u}, wh)
		bID := b.ConstF32(prefix+"/b", []int{nGates * u}, bias)
		xp := b.Tensor(prefix+"/xproj", tensor.Float32, steps, nGates*u)
		b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{}, []int{xr, wxID, bID}, xp)
		xp3 := b.Tensor(prefix+"/xproj3", tensor.Float32, steps, 1, nGates*u)
		b.Op(tflite.OpReshape, &tflite.ReshapeOptions{NewShape: []int32{int32(steps), 1, int32(nGates * u)}},
			[]int{xp, b.ConstI32(prefix+"/xproj3/shape", []int{3}, []int32{int32(steps), 1, int32(nGates * u)})}, xp3)
		xs := make([]int, steps)
		for t := range xs {
			xs[t] = b.Tensor(fmt.Sprintf("%s/xproj_%d", prefix, t), tensor.Float32, 1, nGates*u)
		}
		b.Op(tflite.OpUnpack, &tflite.UnpackOptions{Num: int32(steps), Axis: 0}, []int{xp3}, xs...)
		h, c := -1, -1
		for s := range steps {
			t := s
			if reverse {
				t = steps - 1 - s
			}
			z := xs[t]
			if h >= 0 {
				hw := tmp(prefix+"/hproj", 1, nGates*u)
				b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{}, []int{h, whID, -1}, hw)
				z2 := tmp(prefix+"/gates", 1, nGates*u)
				b.Op(tflite.OpAdd, &tflite.AddOptions{}, []int{z, hw}, z2)
				z = z2
			}
			var pre [nGates]int
			for g := range pre {
				pre[g] = tmp(prefix+"/pre_"+gateNames[g], 1, u)
			}
			b.Op(tflite.OpSplit, &tflite.SplitOptions{NumSplits: nGates}, []int{splitAxis, z}, pre[:]...)
			act := func(op tflite.BuiltinOperator, v int) int {
				y := tmp(prefix+"/act", 1, u)
				b.Op(op, nil, []int{v}, y)
				return y
			}
			mul := func(a, c int) int {
				y := tmp(prefix+"/mul", 1, u)
				b.Op(tflite.OpMul, &tflite.MulOptions{}, []int{a, c}, y)
				return y
			}
			i, g, o := act(tflite.OpLogistic, pre[gateI]), act(tflite.OpTanh, pre[gateC]), act(tflite.OpLogistic, pre[gateO])
			c2 := mul(i, g)
			if c >= 0 {
				f := act(tflite.OpLogistic, pre[gateF])
				sum := tmp(prefix+"/cell", 1, u)
				b.Op(tflite.OpAdd, &tflite.AddOptions{}, []int{mul(f, c), c2}, sum)
				c2 = sum
			}
			c = c2
			h = mul(o, act(tflite.OpTanh, c))
		}
		return h
	}
	return run(&p.Fw, "forward", false), run(&p.Bw, "backward", true)
}
