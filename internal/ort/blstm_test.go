package ort

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

const (
	floatModel = "../../models/blstm/testdata/fashion_blstm.tflite"
	int8Model  = "../../models/blstm/testdata/fashion_blstm_int8.tflite"
)

func parseTFLite(tb testing.TB, path string) *tflite.Model {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := tflite.Parse(b)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// writeBLSTM converts the float BLSTM to ONNX with the given batch
// dimension (0: free) and writes it to a temporary file.
func writeBLSTM(tb testing.TB, batch int) string {
	tb.Helper()
	m, err := BLSTM(parseTFLite(tb, floatModel), batch)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := m.Marshal()
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "fashion_blstm.onnx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// testSet returns the first n Fashion-MNIST test images. Without the data
// set the test is skipped, except in CI (CI=true), where it fails.
func testSet(tb testing.TB, n int) *fmnist.Set {
	tb.Helper()
	s, err := fmnist.Load(fmnist.DefaultDir, "t10k")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("Fashion-MNIST: %v", err)
		}
		tb.Skipf("Fashion-MNIST: %v (scripts/install-fashion-mnist.sh)", err)
	}
	return s.Subset(n)
}

// images returns images [0,n) of s as one float32 [n,28,28] tensor of
// pixel/255.
func images(s *fmnist.Set, n int) *tensor.Tensor {
	x := tensor.New(tensor.Float32, tensor.Shape{n, s.Rows, s.Cols})
	px := s.Rows * s.Cols
	for i := range n {
		s.Float(i, x.F32()[i*px:(i+1)*px])
	}
	return x
}

// octetRunner runs one model with octet, one thread.
type octetRunner struct {
	it *octet.Interpreter
}

func newOctet(tb testing.TB, path string) *octetRunner {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := octet.LoadBytes(b)
	if err != nil {
		tb.Fatal(err)
	}
	it, err := octet.NewInterpreter(m, octet.Threads(1))
	if err != nil {
		tb.Fatal(err)
	}
	return &octetRunner{it: it}
}

// setInput copies one float image into the model's input, quantizing it
// when the input is int8 or uint8.
func (r *octetRunner) setInput(img []float32) error {
	in := r.it.Input(0)
	if in.NumElements() != len(img) {
		return errors.New("input size mismatch")
	}
	switch in.DType {
	case tensor.Float32:
		copy(in.F32(), img)
	case tensor.Int8, tensor.Uint8:
		if in.Quant == nil || len(in.Quant.Scale) != 1 {
			return errors.New("integer input without per-tensor quantization")
		}
		scale, zp := in.Quant.Params(0)
		lo, hi := -128.0, 127.0
		if in.DType == tensor.Uint8 {
			lo, hi = 0, 255
		}
		for k, v := range img {
			q := math.Max(lo, math.Min(hi, math.RoundToEven(float64(v/scale))+float64(zp)))
			if in.DType == tensor.Int8 {
				in.I8()[k] = int8(q)
			} else {
				in.U8()[k] = uint8(q)
			}
		}
	default:
		return errors.New("input is neither float32 nor int8/uint8")
	}
	return nil
}

// run classifies one sequence: the LSTM state persists across Invoke
// calls, so it is reset first, as for every new sequence.
func (r *octetRunner) run() error {
	r.it.ResetVariables()
	return r.it.Invoke()
}

// probs returns the output as float32 probabilities, dequantizing an
// integer output.
func (r *octetRunner) probs() []float32 {
	out := r.it.Output(0)
	if out.DType == tensor.Float32 {
		return out.F32()
	}
	p := make([]float32, out.NumElements())
	scale, zp := out.Quant.Params(0)
	for k := range p {
		var q int64
		if out.DType == tensor.Int8 {
			q = int64(out.I8()[k])
		} else {
			q = int64(out.U8()[k])
		}
		p[k] = scale * float32(q-zp)
	}
	return p
}

func argmax(v []float32) int {
	best := 0
	for k := range v {
		if v[k] > v[best] {
			best = k
		}
	}
	return best
}

// TestBLSTMMatchesORT runs the float BLSTM in octet and, converted to ONNX,
// in ONNX Runtime on 200 Fashion-MNIST test images: an oracle independent
// of TFLite for octet's LSTM and for the converter's weight layout. The
// batched model (free batch dimension, all images in one run) and the
// batch-1 model the benchmark times are both checked, and the int8 model,
// when there is one, loosely (its class against ONNX Runtime's).
func TestBLSTMMatchesORT(t *testing.T) {
	Require(t)
	const n = 200
	s := testSet(t, n)
	x := images(s, n)
	first := tensor.FromF32(tensor.Shape{1, s.Rows, s.Cols}, append([]float32(nil), x.F32()[:s.Rows*s.Cols]...))
	res, err := RunBatch([]Job{
		{Model: writeBLSTM(t, 0), Inputs: []*tensor.Tensor{x}},
		{Model: writeBLSTM(t, 1), Inputs: []*tensor.Tensor{first}},
	})
	if err != nil {
		t.Fatal(err)
	}
	y := res[0][0]
	if y.DType != tensor.Float32 || !y.Shape.Equal(tensor.Shape{n, 10}) {
		t.Fatalf("ONNX Runtime output %v%v, want float32[%d 10]", y.DType, y.Shape, n)
	}

	oc := newOctet(t, floatModel)
	px := s.Rows * s.Cols
	maxDiff, agree, octetRight, ortRight := 0.0, 0, 0, 0
	var firstProbs []float32
	for i := range n {
		if err := oc.setInput(x.F32()[i*px : (i+1)*px]); err != nil {
			t.Fatal(err)
		}
		if err := oc.run(); err != nil {
			t.Fatal(err)
		}
		got, want := oc.probs(), y.F32()[i*10:(i+1)*10]
		if i == 0 {
			firstProbs = append(firstProbs, got...)
		}
		for k := range got {
			maxDiff = max(maxDiff, math.Abs(float64(got[k]-want[k])))
		}
		a, b := argmax(got), argmax(want)
		if a == b {
			agree++
		}
		if a == int(s.Labels[i]) {
			octetRight++
		}
		if b == int(s.Labels[i]) {
			ortRight++
		}
	}
	t.Logf("%d images: max |octet - ONNX Runtime| = %.3g; same class on %d; accuracy octet %d/%d, ONNX Runtime %d/%d",
		n, maxDiff, agree, octetRight, n, ortRight, n)
	if maxDiff > 1e-4 {
		t.Errorf("max |octet - ONNX Runtime| = %g > 1e-4", maxDiff)
	}
	if octetRight < n*8/10 {
		t.Errorf("octet accuracy %d/%d: want at least 80%% (the model has 88%%)", octetRight, n)
	}

	// The int8 model, when there is one, against ONNX Runtime's float
	// answers: a loose check of the quantized model's quality.
	t.Run("int8", func(t *testing.T) {
		if _, err := os.Stat(int8Model); err != nil {
			t.Skipf("%s: %v", int8Model, err)
		}
		oq := newOctet(t, int8Model)
		maxDiff, agree, right := 0.0, 0, 0
		for i := range n {
			if err := oq.setInput(x.F32()[i*px : (i+1)*px]); err != nil {
				t.Fatal(err)
			}
			if err := oq.run(); err != nil {
				t.Fatal(err)
			}
			got, want := oq.probs(), y.F32()[i*10:(i+1)*10]
			for k := range got {
				maxDiff = max(maxDiff, math.Abs(float64(got[k]-want[k])))
			}
			if argmax(got) == argmax(want) {
				agree++
			}
			if argmax(got) == int(s.Labels[i]) {
				right++
			}
		}
		t.Logf("octet int8 vs ONNX Runtime float: max |difference| %.3g; same class on %d/%d; int8 accuracy %d/%d", maxDiff, agree, n, right, n)
		if agree < n*9/10 {
			t.Errorf("octet int8 picks ONNX Runtime float's class on only %d/%d images, want at least 90%%", agree, n)
		}
	})

	y1 := res[1][0]
	if !y1.Shape.Equal(tensor.Shape{1, 10}) {
		t.Fatalf("batch-1 model output shape %v", y1.Shape)
	}
	for k, v := range y1.F32() {
		if d := math.Abs(float64(v - firstProbs[k])); d > 1e-4 {
			t.Errorf("batch-1 model, class %d: ONNX Runtime %v, octet %v", k, v, firstProbs[k])
		}
	}
}

// TestBLSTMConvert checks the converted graph's interface and weight
// layout without ONNX Runtime.
func TestBLSTMConvert(t *testing.T) {
	m, err := BLSTM(parseTFLite(t, floatModel), 0)
	if err != nil {
		t.Fatal(err)
	}
	g := &m.Graph
	if len(g.Inputs) != 1 || g.Inputs[0].Name != "input" || g.Inputs[0].Shape[0].Param != "N" ||
		g.Inputs[0].Shape[1].Value != 28 || g.Inputs[0].Shape[2].Value != 28 {
		t.Errorf("input %+v", g.Inputs)
	}
	if len(g.Outputs) != 1 || g.Outputs[0].Name != "probabilities" || g.Outputs[0].Shape[1].Value != 10 {
		t.Errorf("output %+v", g.Outputs)
	}
	dims := map[string][]int64{}
	data := map[string][]byte{}
	for _, x := range g.Initializers {
		dims[x.Name], data[x.Name] = x.Dims, x.Raw
	}
	for name, want := range map[string][]int64{"W": {2, 512, 28}, "R": {2, 512, 128}, "B": {2, 1024}, "fc_w": {10, 256}, "fc_b": {10}} {
		if got := dims[name]; len(got) != len(want) || !bytes.Equal(i64bytes(got), i64bytes(want)) {
			t.Errorf("%s dims %v, want %v", name, got, want)
		}
	}
	// The recurrence bias Rb (second half of each direction's B) is zero;
	// the forget gate bias (ONNX gate 2) was initialised to 1 in training
	// and so differs clearly from the others on average.
	b := floats(data["B"])
	for d := range 2 {
		for k, v := range b[d*1024+512 : (d+1)*1024] {
			if v != 0 {
				t.Fatalf("direction %d Rb[%d] = %v, want 0", d, k, v)
			}
		}
		var mean [4]float64
		for gate := range 4 {
			for _, v := range b[d*1024+gate*128 : d*1024+(gate+1)*128] {
				mean[gate] += float64(v) / 128
			}
		}
		t.Logf("direction %d mean Wb per ONNX gate (i, o, f, c): %.3f", d, mean)
		if mean[2] < mean[0]+0.5 || mean[2] < mean[1]+0.5 || mean[2] < mean[3]+0.5 {
			t.Errorf("direction %d: the forget gate (ONNX gate 2) bias mean %.3f is not the largest: gate order wrong?", d, mean)
		}
	}
}

func i64bytes(v []int64) []byte {
	b := make([]byte, 0, 8*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, uint64(x))
	}
	return b
}

func floats(raw []byte) []float32 {
	v := make([]float32, len(raw)/4)
	for k := range v {
		v[k] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*k:]))
	}
	return v
}

// TestBLSTMConcatOrder swaps the concatenation's inputs and the FC
// weights' halves, which computes the same function; the converted ONNX
// model must be the same bytes.
func TestBLSTMConcatOrder(t *testing.T) {
	orig := parseTFLite(t, floatModel)
	want, err := BLSTM(orig, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantB, _ := want.Marshal()

	m := parseTFLite(t, floatModel)
	sg := &m.Subgraphs[0]
	for k := range sg.Operators {
		op := &sg.Operators[k]
		oc, _ := m.OperatorCode(op)
		switch oc.Builtin {
		case tflite.OpConcatenation:
			op.Inputs = []int32{op.Inputs[1], op.Inputs[0]}
		case tflite.OpFullyConnected:
			wt := &sg.Tensors[op.Inputs[1]]
			old := m.Buffers[wt.Buffer].Data
			swapped := make([]byte, len(old))
			row := len(old) / int(wt.Shape[0])
			for r := 0; r < len(old); r += row {
				copy(swapped[r:], old[r+row/2:r+row])
				copy(swapped[r+row/2:], old[r:r+row/2])
			}
			m.Buffers[wt.Buffer].Data = swapped
		}
	}
	got, err := BLSTM(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	gotB, _ := got.Marshal()
	if !bytes.Equal(gotB, wantB) {
		t.Error("swapping the concatenation order changed the ONNX model")
	}
}

// TestBLSTMRejects checks that graphs ONNX's LSTM would compute differently
// are errors, not silently wrong models.
func TestBLSTMRejects(t *testing.T) {
	// find returns the operators of one builtin code.
	find := func(m *tflite.Model, code tflite.BuiltinOperator) []*tflite.Operator {
		var ops []*tflite.Operator
		sg := &m.Subgraphs[0]
		for k := range sg.Operators {
			if oc, _ := m.OperatorCode(&sg.Operators[k]); oc.Builtin == code {
				ops = append(ops, &sg.Operators[k])
			}
		}
		return ops
	}
	setInts := func(m *tflite.Model, tensorIdx int32, v ...int32) {
		b := make([]byte, 0, 4*len(v))
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, uint32(x))
		}
		m.Buffers[m.Subgraphs[0].Tensors[tensorIdx].Buffer].Data = b
	}
	cases := map[string]struct {
		mutate func(m *tflite.Model)
		want   string
	}{
		"softmax beta": {func(m *tflite.Model) {
			find(m, tflite.OpSoftmax)[0].Options.(*tflite.SoftmaxOptions).Beta = 2
		}, "beta"},
		"cell clip": {func(m *tflite.Model) {
			find(m, tflite.OpUnidirectionalSequenceLSTM)[0].Options.(*tflite.UnidirectionalSequenceLSTMOptions).CellClip = 3
		}, "clipping"},
		"time major": {func(m *tflite.Model) {
			find(m, tflite.OpUnidirectionalSequenceLSTM)[1].Options.(*tflite.UnidirectionalSequenceLSTMOptions).TimeMajor = true
		}, "batch-major"},
		"peephole": {func(m *tflite.Model) {
			op := find(m, tflite.OpUnidirectionalSequenceLSTM)[0]
			op.Inputs[9] = op.Inputs[12]
		}, "peephole"},
		"CIFG": {func(m *tflite.Model) {
			find(m, tflite.OpUnidirectionalSequenceLSTM)[0].Inputs[1] = -1
		}, "CIFG"},
		"both forward": {func(m *tflite.Model) {
			for _, op := range find(m, tflite.OpUnidirectionalSequenceLSTM) {
				op.Inputs[0] = m.Subgraphs[0].Inputs[0]
			}
		}, "same direction"},
		"first step": {func(m *tflite.Model) {
			setInts(m, find(m, tflite.OpStridedSlice)[1].Inputs[1], 0, 0, 0)
		}, "time index 0"},
		"reverse batch axis": {func(m *tflite.Model) {
			setInts(m, find(m, tflite.OpReverseV2)[0].Inputs[1], 0)
		}, "axis"},
		"fc activation": {func(m *tflite.Model) {
			find(m, tflite.OpFullyConnected)[0].Options.(*tflite.FullyConnectedOptions).FusedActivation = tflite.ActTanh
		}, "activation"},
	}
	for name, c := range cases {
		m := parseTFLite(t, floatModel)
		c.mutate(m)
		_, err := BLSTM(m, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", name, err, c.want)
		}
	}
	if _, err := BLSTM(parseTFLite(t, floatModel), -1); err == nil {
		t.Error("batch -1 accepted")
	}
}
