package main

import (
	"math"
	"os"
	"testing"

	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tflite"
)

const (
	committedModel    = "../../models/blstm/testdata/fashion_blstm.tflite"
	committedUnrolled = "../../models/blstm/testdata/fashion_blstm_unrolled.tflite"
)

// TestCommittedModel checks the trained model in models/blstm/testdata:
// its structure (the converter's form), that LiteRT.js running its
// stateless twin classifies the first 300 test images at least as well as
// expected, and that octet running the LSTM-op file agrees with LiteRT.js
// within 1e-5 (once octet has the LSTM kernels).
func TestCommittedModel(t *testing.T) {
	b, err := os.ReadFile(committedModel)
	if os.IsNotExist(err) {
		t.Skipf("%s not there yet", committedModel)
	}
	if err != nil {
		t.Fatal(err)
	}
	m, err := tflite.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	sg := &m.Subgraphs[0]
	lstms := 0
	for i := range sg.Operators {
		if oc, _ := m.OperatorCode(&sg.Operators[i]); oc.Builtin == tflite.OpUnidirectionalSequenceLSTM {
			lstms++
		}
	}
	in, out := sg.Tensors[sg.Inputs[0]], sg.Tensors[sg.Outputs[0]]
	if lstms != 2 || len(in.Shape) != 3 || in.Shape[1] != 28 || in.Shape[2] != 28 || out.Shape[1] != 10 {
		t.Fatalf("%d LSTM ops, input %v, output %v", lstms, in.Shape, out.Shape)
	}
	test, err := fmnist.Load(fmnist.DefaultDir, "t10k")
	if err != nil {
		t.Skipf("Fashion-MNIST: %v", err)
	}
	litert.Require(t)
	const n = 300
	r, err := RunLiteRT(committedUnrolled, test, n, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	acc := float64(r.Correct) / n
	t.Logf("LiteRT.js (unrolled twin): %d/%d correct", r.Correct, n)
	if acc < 0.85 {
		t.Errorf("accuracy %.3f on the first %d test images", acc, n)
	}
	probs, err := RunOctet(committedModel, test, n)
	if err != nil {
		t.Logf("octet cannot run %s yet: %v", committedModel, err)
		return
	}
	worst := 0.0
	for i := range probs {
		for c := range probs[i] {
			worst = math.Max(worst, math.Abs(float64(probs[i][c]-r.Probs[i][c])))
		}
	}
	t.Logf("max |octet - LiteRT.js| = %.3g", worst)
	if worst > exportTol {
		t.Errorf("octet differs from LiteRT.js by %.3g", worst)
	}
}
