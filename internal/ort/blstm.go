package ort

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/octet-ml/octet/tflite"
)

// ONNX versions the converted models target: opset 13's LSTM (LSTM-7) is
// time-major only, which ONNX Runtime's CPU kernel requires anyway.
const (
	IRVersion = 7
	Opset     = 13
)

// BLSTM converts a float TFLite bidirectional-LSTM classifier of the form
// cmd/octet-train exports (models/blstm/testdata/fashion_blstm.tflite) to
// ONNX:
//
//	input [B,T,I] -> Transpose [T,B,I] -> LSTM (bidirectional, H units)
//	  -> Y_h [2,B,H] -> Transpose [B,2,H] -> Flatten [B,2H] (forward, backward)
//	  -> Gemm (FC weights, transB) -> Softmax
//
// The TFLite graph must be exactly: two UNIDIRECTIONAL_SEQUENCE_LSTM
// (batch-major, tanh, no peephole, projection, clipping or layer norm), one
// reading the input and one reading its REVERSE_V2 along time,
// STRIDED_SLICE of each one's last step, CONCATENATION, FULLY_CONNECTED,
// SOFTMAX (beta 1). Anything else is an error naming what differs.
//
// batch is the ONNX input's batch dimension: a positive size, or 0 for a
// free dimension "N" (then one run may carry many sequences).
func BLSTM(m *tflite.Model, batch int) (*Model, error) {
	if batch < 0 {
		return nil, fmt.Errorf("blstm: batch %d < 0", batch)
	}
	g, err := parseBLSTM(m)
	if err != nil {
		return nil, fmt.Errorf("blstm: %w", err)
	}
	return g.onnx(batch), nil
}

// lstmWeights are one direction's weights, in TFLite's gate order
// (input, forget, cell, output).
type lstmWeights struct {
	w [4][]float32 // [H,I] each
	r [4][]float32 // [H,H] each
	b [4][]float32 // [H] each
}

type blstmGraph struct {
	t, in, h, classes int
	inName, outName   string
	fw, bw            lstmWeights
	fcW               []float32 // [classes, 2H], columns forward then backward
	fcB               []float32 // [classes]
}

// graphReader resolves a TFLite subgraph's tensors and producers.
type graphReader struct {
	m        *tflite.Model
	sg       *tflite.Subgraph
	producer map[int32]int // tensor -> operator index
}

func (r *graphReader) tensor(i int32) *tflite.Tensor { return &r.sg.Tensors[i] }

// op returns the operator producing tensor i, checking its builtin code.
func (r *graphReader) op(i int32, want tflite.BuiltinOperator) (*tflite.Operator, error) {
	if i < 0 {
		return nil, fmt.Errorf("an input is missing where %v's output is wanted", want)
	}
	k, ok := r.producer[i]
	if !ok {
		return nil, fmt.Errorf("tensor %d (%s) has no producer, want %v", i, r.tensor(i).Name, want)
	}
	op := &r.sg.Operators[k]
	oc, ok := r.m.OperatorCode(op)
	if !ok || oc.Builtin != want {
		return nil, fmt.Errorf("tensor %d (%s) is made by operator %d (%v), want %v", i, r.tensor(i).Name, k, oc.Builtin, want)
	}
	return op, nil
}

// input returns operator input k, or an error when it is absent.
func (r *graphReader) input(op *tflite.Operator, k int) (int32, error) {
	if k >= len(op.Inputs) || op.Inputs[k] < 0 {
		return 0, fmt.Errorf("operator input %d is missing", k)
	}
	return op.Inputs[k], nil
}

// floats returns the constant float32 data of tensor i, checking its shape.
func (r *graphReader) floats(i int32, shape ...int) ([]float32, error) {
	if i < 0 {
		return nil, fmt.Errorf("a constant float32%v input is missing", shape)
	}
	t := r.tensor(i)
	if t.Type != tflite.TensorFloat32 {
		return nil, fmt.Errorf("tensor %s is %v, want float32", t.Name, t.Type)
	}
	if !sameShape(t.Shape, shape) {
		return nil, fmt.Errorf("tensor %s has shape %v, want %v", t.Name, t.Shape, shape)
	}
	d := r.m.TensorData(t)
	n := 1
	for _, s := range shape {
		n *= s
	}
	if len(d) != 4*n {
		return nil, fmt.Errorf("tensor %s has %d bytes of data, want %d", t.Name, len(d), 4*n)
	}
	v := make([]float32, n)
	for k := range v {
		v[k] = math.Float32frombits(binary.LittleEndian.Uint32(d[4*k:]))
	}
	return v, nil
}

// ints returns the constant int32 data of tensor i.
func (r *graphReader) ints(i int32) ([]int32, error) {
	if i < 0 {
		return nil, fmt.Errorf("a constant int32 input is missing")
	}
	t := r.tensor(i)
	d := r.m.TensorData(t)
	if t.Type != tflite.TensorInt32 || len(d) == 0 || len(d)%4 != 0 {
		return nil, fmt.Errorf("tensor %s is not a constant int32 tensor", t.Name)
	}
	v := make([]int32, len(d)/4)
	for k := range v {
		v[k] = int32(binary.LittleEndian.Uint32(d[4*k:]))
	}
	return v, nil
}

func sameShape(got []int32, want []int) bool {
	if len(got) != len(want) {
		return false
	}
	for k := range got {
		if int(got[k]) != want[k] {
			return false
		}
	}
	return true
}

func parseBLSTM(m *tflite.Model) (*blstmGraph, error) {
	if len(m.Subgraphs) == 0 {
		return nil, fmt.Errorf("model has no subgraph")
	}
	sg := &m.Subgraphs[0]
	if len(sg.Inputs) != 1 || len(sg.Outputs) != 1 {
		return nil, fmt.Errorf("want 1 input and 1 output, have %d and %d", len(sg.Inputs), len(sg.Outputs))
	}
	r := &graphReader{m: m, sg: sg, producer: map[int32]int{}}
	for k, op := range sg.Operators {
		for _, o := range op.Outputs {
			r.producer[o] = k
		}
	}
	if len(sg.Operators) != 8 {
		return nil, fmt.Errorf("graph has %d operators, want 8", len(sg.Operators))
	}
	in := r.tensor(sg.Inputs[0])
	if in.Type != tflite.TensorFloat32 || len(in.Shape) != 3 {
		return nil, fmt.Errorf("input %s is %v%v, want float32 [B,T,I]", in.Name, in.Type, in.Shape)
	}
	g := &blstmGraph{t: int(in.Shape[1]), in: int(in.Shape[2]), inName: in.Name, outName: r.tensor(sg.Outputs[0]).Name}

	sm, err := r.op(sg.Outputs[0], tflite.OpSoftmax)
	if err != nil {
		return nil, err
	}
	if o, ok := sm.Options.(*tflite.SoftmaxOptions); !ok || o.Beta != 1 {
		return nil, fmt.Errorf("SOFTMAX options %+v: want beta 1", sm.Options)
	}
	if len(sm.Inputs) != 1 {
		return nil, fmt.Errorf("SOFTMAX has %d inputs", len(sm.Inputs))
	}
	fc, err := r.op(sm.Inputs[0], tflite.OpFullyConnected)
	if err != nil {
		return nil, err
	}
	if o, ok := fc.Options.(*tflite.FullyConnectedOptions); ok && (o.FusedActivation != tflite.ActNone || o.WeightsFormat != 0) {
		return nil, fmt.Errorf("FULLY_CONNECTED options %+v: want no activation, default weights format", *o)
	}
	if len(fc.Inputs) < 2 || fc.Inputs[1] < 0 {
		return nil, fmt.Errorf("FULLY_CONNECTED has no weights")
	}
	cat, err := r.op(fc.Inputs[0], tflite.OpConcatenation)
	if err != nil {
		return nil, err
	}
	co, ok := cat.Options.(*tflite.ConcatenationOptions)
	if !ok || (co.Axis != 1 && co.Axis != -1) || co.FusedActivation != tflite.ActNone || len(cat.Inputs) != 2 {
		return nil, fmt.Errorf("CONCATENATION of %d inputs, options %+v: want 2 inputs on axis 1", len(cat.Inputs), cat.Options)
	}

	// Each concatenated half: STRIDED_SLICE (last step) of an LSTM that
	// reads the input (forward) or its time reversal (backward).
	var order [2]bool // order[k]: concat input k is the backward direction
	seen := map[bool]bool{}
	for k, ci := range cat.Inputs {
		sl, err := r.op(ci, tflite.OpStridedSlice)
		if err != nil {
			return nil, err
		}
		if len(sl.Inputs) != 4 {
			return nil, fmt.Errorf("STRIDED_SLICE has %d inputs, want 4", len(sl.Inputs))
		}
		lstm, err := r.op(sl.Inputs[0], tflite.OpUnidirectionalSequenceLSTM)
		if err != nil {
			return nil, err
		}
		backward := false
		x, err := r.input(lstm, 0)
		if err != nil {
			return nil, fmt.Errorf("LSTM: %w", err)
		}
		if x != sg.Inputs[0] {
			rev, err := r.op(x, tflite.OpReverseV2)
			if err != nil {
				return nil, err
			}
			if len(rev.Inputs) != 2 || rev.Inputs[0] != sg.Inputs[0] {
				return nil, fmt.Errorf("REVERSE_V2 inputs %v: want the graph input and an axis", rev.Inputs)
			}
			axis, err := r.ints(rev.Inputs[1])
			if err != nil || len(axis) != 1 || (axis[0] != 1 && axis[0] != -2) {
				return nil, fmt.Errorf("REVERSE_V2 axis %v (%v): want [1]", axis, err)
			}
			backward = true
		}
		if seen[backward] {
			return nil, fmt.Errorf("both concatenated LSTMs run in the same direction")
		}
		seen[backward] = true
		order[k] = backward
		w, err := r.lstm(lstm, g.in)
		if err != nil {
			return nil, fmt.Errorf("LSTM %s: %w", r.tensor(lstm.Outputs[0]).Name, err)
		}
		h := len(w.b[0])
		if g.h != 0 && g.h != h {
			return nil, fmt.Errorf("LSTMs of %d and %d units", g.h, h)
		}
		g.h = h
		if err := r.lastStep(sl, g.t, h); err != nil {
			return nil, fmt.Errorf("STRIDED_SLICE %s: %w", r.tensor(sl.Outputs[0]).Name, err)
		}
		if backward {
			g.bw = w
		} else {
			g.fw = w
		}
	}

	wt := r.tensor(fc.Inputs[1])
	if len(wt.Shape) != 2 || int(wt.Shape[1]) != 2*g.h {
		return nil, fmt.Errorf("FULLY_CONNECTED weights %s have shape %v, want [C,%d]", wt.Name, wt.Shape, 2*g.h)
	}
	g.classes = int(wt.Shape[0])
	w, err := r.floats(fc.Inputs[1], g.classes, 2*g.h)
	if err != nil {
		return nil, err
	}
	// ONNX's features are (forward, backward): move the columns if the
	// TFLite concatenation has them the other way round.
	g.fcW = make([]float32, len(w))
	for c := range g.classes {
		for k := range 2 {
			dst := 0
			if order[k] {
				dst = g.h
			}
			copy(g.fcW[c*2*g.h+dst:][:g.h], w[c*2*g.h+k*g.h:][:g.h])
		}
	}
	if len(fc.Inputs) > 2 && fc.Inputs[2] >= 0 {
		if g.fcB, err = r.floats(fc.Inputs[2], g.classes); err != nil {
			return nil, err
		}
	} else {
		g.fcB = make([]float32, g.classes)
	}
	return g, nil
}

// lstm reads one UNIDIRECTIONAL_SEQUENCE_LSTM's weights and checks that it
// is a plain LSTM ONNX's can express: tanh, no peephole, projection,
// clipping or layer normalisation, state in variable tensors.
func (r *graphReader) lstm(op *tflite.Operator, in int) (lstmWeights, error) {
	var w lstmWeights
	o, ok := op.Options.(*tflite.UnidirectionalSequenceLSTMOptions)
	if !ok {
		return w, fmt.Errorf("no options")
	}
	if o.FusedActivation != tflite.ActTanh || o.CellClip != 0 || o.ProjClip != 0 || o.TimeMajor || o.DiagonalRecurrentTensors {
		return w, fmt.Errorf("options %+v: want tanh, no clipping, batch-major", *o)
	}
	if len(op.Inputs) < 20 {
		return w, fmt.Errorf("%d inputs, want at least 20", len(op.Inputs))
	}
	for _, k := range []int{9, 10, 11, 16, 17, 20, 21, 22, 23} {
		if k < len(op.Inputs) && op.Inputs[k] >= 0 {
			return w, fmt.Errorf("input %d (peephole, projection or layer norm) is present", k)
		}
	}
	for _, k := range []int{1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15} {
		if op.Inputs[k] < 0 {
			return w, fmt.Errorf("input %d (a gate's weights or bias) is missing; CIFG LSTMs are not supported", k)
		}
	}
	wt := r.tensor(op.Inputs[1])
	if len(wt.Shape) != 2 {
		return w, fmt.Errorf("input weights %s have shape %v", wt.Name, wt.Shape)
	}
	h := int(wt.Shape[0])
	for g := range 4 {
		var err error
		if w.w[g], err = r.floats(op.Inputs[1+g], h, in); err != nil {
			return w, err
		}
		if w.r[g], err = r.floats(op.Inputs[5+g], h, h); err != nil {
			return w, err
		}
		if w.b[g], err = r.floats(op.Inputs[12+g], h); err != nil {
			return w, err
		}
	}
	// The output and cell state: variables that TFLite and octet start at
	// zero (ResetVariables), as ONNX's LSTM does without initial_h/c.
	for _, k := range []int{18, 19} {
		if op.Inputs[k] < 0 || !r.tensor(op.Inputs[k]).IsVariable {
			return w, fmt.Errorf("state input %d is not a variable tensor", k)
		}
	}
	if len(op.Outputs) != 1 {
		return w, fmt.Errorf("%d outputs, want 1", len(op.Outputs))
	}
	if out := r.tensor(op.Outputs[0]); len(out.Shape) != 3 || int(out.Shape[2]) != h {
		return w, fmt.Errorf("output shape %v, want [B,T,%d]", out.Shape, h)
	}
	return w, nil
}

// lastStep checks that a STRIDED_SLICE takes x[:, T-1, :] of a [B,T,H]
// tensor, dropping the time axis.
func (r *graphReader) lastStep(op *tflite.Operator, t, h int) error {
	o, ok := op.Options.(*tflite.StridedSliceOptions)
	if !ok || len(op.Inputs) != 4 {
		return fmt.Errorf("want 4 inputs and options")
	}
	if o.ShrinkAxisMask != 2 || o.EllipsisMask != 0 || o.NewAxisMask != 0 || o.Offset {
		return fmt.Errorf("options %+v: want shrink_axis_mask 2 only", *o)
	}
	begin, err1 := r.ints(op.Inputs[1])
	end, err2 := r.ints(op.Inputs[2])
	strides, err3 := r.ints(op.Inputs[3])
	if err1 != nil || err2 != nil || err3 != nil || len(begin) != 3 || len(end) != 3 || len(strides) != 3 {
		return fmt.Errorf("begin, end and strides must be constant int32[3]")
	}
	if strides[0] != 1 || strides[1] != 1 || strides[2] != 1 {
		return fmt.Errorf("strides %v, want 1", strides)
	}
	if b := int(begin[1]); b != t-1 && b != -1 {
		return fmt.Errorf("time index %d, want the last (%d or -1)", b, t-1)
	}
	whole := func(axis, size int) bool {
		bit := int32(1) << axis
		return (o.BeginMask&bit != 0 || begin[axis] == 0) && (o.EndMask&bit != 0 || int(end[axis]) >= size)
	}
	in := r.tensor(op.Inputs[0])
	if len(in.Shape) != 3 || !whole(0, int(in.Shape[0])) || !whole(2, h) {
		return fmt.Errorf("begin %v end %v masks %d/%d: want all of the batch and unit axes", begin, end, o.BeginMask, o.EndMask)
	}
	return nil
}

// onnx builds the ONNX model. ONNX's LSTM gates are ordered i, o, f, c;
// TFLite's i, f, c, o.
func (g *blstmGraph) onnx(batch int) *Model {
	onnxGate := [4]int{0, 3, 1, 2} // ONNX gate k is TFLite gate onnxGate[k]
	h, in := g.h, g.in
	w := make([]float32, 0, 2*4*h*in)
	r := make([]float32, 0, 2*4*h*h)
	b := make([]float32, 0, 2*8*h)
	for _, d := range []*lstmWeights{&g.fw, &g.bw} {
		for _, k := range onnxGate {
			w = append(w, d.w[k]...)
			r = append(r, d.r[k]...)
		}
		for _, k := range onnxGate { // Wb: TFLite's bias
			b = append(b, d.b[k]...)
		}
		b = append(b, make([]float32, 4*h)...) // Rb: zeros
	}
	bdim := Dim{Value: int64(batch)}
	if batch == 0 {
		bdim = Dim{Param: "N"}
	}
	H, I, T, C := int64(h), int64(in), int64(g.t), int64(g.classes)
	return &Model{
		IRVersion:    IRVersion,
		Opset:        Opset,
		ProducerName: "octet internal/ort",
		DocString:    "bidirectional LSTM classifier converted from TFLite",
		Graph: Graph{
			Name: "blstm",
			Nodes: []Node{
				{OpType: "Transpose", Name: "to_time_major", Inputs: []string{g.inName}, Outputs: []string{"x_tbi"}, Attrs: []Attr{IntsAttr("perm", 1, 0, 2)}},
				{OpType: "LSTM", Name: "blstm", Inputs: []string{"x_tbi", "W", "R", "B"}, Outputs: []string{"", "Y_h"},
					Attrs: []Attr{StringAttr("direction", "bidirectional"), IntAttr("hidden_size", H)}},
				{OpType: "Transpose", Name: "to_batch_major", Inputs: []string{"Y_h"}, Outputs: []string{"h_bdh"}, Attrs: []Attr{IntsAttr("perm", 1, 0, 2)}},
				{OpType: "Flatten", Name: "concat", Inputs: []string{"h_bdh"}, Outputs: []string{"features"}, Attrs: []Attr{IntAttr("axis", 1)}},
				{OpType: "Gemm", Name: "dense", Inputs: []string{"features", "fc_w", "fc_b"}, Outputs: []string{"logits"}, Attrs: []Attr{IntAttr("transB", 1)}},
				{OpType: "Softmax", Name: "softmax", Inputs: []string{"logits"}, Outputs: []string{g.outName}, Attrs: []Attr{IntAttr("axis", 1)}},
			},
			Initializers: []Tensor{
				FloatTensor("W", []int64{2, 4 * H, I}, w),
				FloatTensor("R", []int64{2, 4 * H, H}, r),
				FloatTensor("B", []int64{2, 8 * H}, b),
				FloatTensor("fc_w", []int64{C, 2 * H}, g.fcW),
				FloatTensor("fc_b", []int64{C}, g.fcB),
			},
			Inputs:  []ValueInfo{{Name: g.inName, ElemType: Float32, Shape: []Dim{bdim, {Value: T}, {Value: I}}}},
			Outputs: []ValueInfo{{Name: g.outName, ElemType: Float32, Shape: []Dim{bdim, {Value: C}}}},
		},
	}
}
