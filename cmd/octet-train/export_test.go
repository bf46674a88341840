package main

import (
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
	"github.com/octet-ml/octet/tflite"
)

// exportTol bounds |runtime - gorgonia| over the output probabilities.
const exportTol = 1e-5

// testParams is a small seeded model whose weights are all random
// (biases too), so every gate matters.
func testParams(units int, seed uint64) *Params {
	p := InitParams(28, units, fmnist.Classes, seed)
	r := rand.New(rand.NewPCG(seed, 99))
	for _, t := range p.List() {
		for i := range t.V {
			t.V[i] += float32(r.NormFloat64() * 0.3)
		}
	}
	return p
}

// testImages returns n images: the real test split's first n when it is
// installed, else seeded random ones.
func testImages(t *testing.T, n int) *fmnist.Set {
	if s, err := fmnist.Load(fmnist.DefaultDir, "t10k"); err == nil {
		return s.Subset(n)
	}
	t.Logf("Fashion-MNIST not installed: using random images")
	r := rand.New(rand.NewPCG(5, 5))
	s := &fmnist.Set{N: n, Rows: 28, Cols: 28, Images: make([]uint8, n*28*28), Labels: make([]uint8, n)}
	for i := range s.Images {
		s.Images[i] = uint8(r.IntN(256))
	}
	for i := range s.Labels {
		s.Labels[i] = uint8(r.IntN(fmnist.Classes))
	}
	return s
}

func writeModel(t *testing.T, p *Params, form string) string {
	t.Helper()
	b, err := Export(p, form)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "blstm_"+form+".tflite")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExportLiteRT is the exporter's oracle: LiteRT.js running the
// exported (unrolled, stateless) model gives the gorgonia forward pass's
// probabilities within 1e-5.
func TestExportLiteRT(t *testing.T) {
	litert.Require(t)
	p := testParams(16, 3)
	imgs := testImages(t, 6)
	ref, err := Evaluate(p, imgs, imgs.N)
	if err != nil {
		t.Fatal(err)
	}
	r, err := RunLiteRT(writeModel(t, p, FormUnrolled), imgs, imgs.N, imgs.N, ref.Probs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("max |LiteRT - gorgonia| = %.3g", r.MaxDiff)
	if r.MaxDiff > exportTol {
		t.Errorf("LiteRT.js differs from gorgonia by %.3g > %g", r.MaxDiff, exportTol)
	}
	// The outputs must not be trivially equal (e.g. all uniform).
	if d := math.Abs(float64(ref.Probs[0][0] - ref.Probs[1][0])); d < 1e-4 {
		t.Errorf("probabilities of two images barely differ (%.3g): weak test", d)
	}
}

// TestExportLiteRTVariables records why the LSTM-op forms are not checked
// against LiteRT.js: its CompiledModel loader rejects variable tensors,
// which TFLite requires for LSTM state ("Variable tensors not yet
// supported"). The test fails if a later LiteRT.js loads them, at which
// point they should become oracles too.
func TestExportLiteRTVariables(t *testing.T) {
	litert.Require(t)
	dir := t.TempDir()
	x := tensor.New(tensor.Float32, tensor.Shape{1, 28, 28})
	in := filepath.Join(dir, "x.npy")
	if err := npy.WriteFile(in, x); err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{FormUni, FormBidi} {
		model := writeModel(t, testParams(8, 4), form)
		cmd := exec.Command("node", "--experimental-wasm-relaxed-simd", "../../tools/litert/run.mjs", model, filepath.Join(dir, form), in)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: LiteRT.js now runs variable tensors: make it an oracle", form)
			continue
		}
		if !strings.Contains(string(out), "Variable tensors not yet supported") {
			t.Errorf("%s: unexpected LiteRT.js failure: %v\n%s", form, err, out)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExportStructure checks the LSTM-op forms as TFLite files: the ops in
// order, the state tensors variable and without data, the weights in
// TFLite's [units, in] layout.
func TestExportStructure(t *testing.T) {
	p := testParams(8, 5)
	want := map[string][]tflite.BuiltinOperator{
		FormUni: {tflite.OpUnidirectionalSequenceLSTM, tflite.OpReverseV2, tflite.OpUnidirectionalSequenceLSTM,
			tflite.OpStridedSlice, tflite.OpStridedSlice, tflite.OpConcatenation, tflite.OpFullyConnected, tflite.OpSoftmax},
		FormBidi: {tflite.OpBidirectionalSequenceLSTM, tflite.OpStridedSlice, tflite.OpStridedSlice,
			tflite.OpConcatenation, tflite.OpFullyConnected, tflite.OpSoftmax},
	}
	for form, ops := range want {
		b, err := Export(p, form)
		if err != nil {
			t.Fatal(err)
		}
		m, err := tflite.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		sg := &m.Subgraphs[0]
		var got []tflite.BuiltinOperator
		for i := range sg.Operators {
			oc, _ := m.OperatorCode(&sg.Operators[i])
			got = append(got, oc.Builtin)
		}
		if len(got) != len(ops) {
			t.Fatalf("%s: ops %v, want %v", form, got, ops)
		}
		for i := range ops {
			if got[i] != ops[i] {
				t.Fatalf("%s: ops %v, want %v", form, got, ops)
			}
		}
		vars := 0
		for _, tn := range sg.Tensors {
			if tn.IsVariable {
				vars++
				if len(m.TensorData(&tn)) != 0 || len(tn.Shape) != 2 || tn.Shape[0] != 1 || tn.Shape[1] != int32(p.Units) {
					t.Errorf("%s: variable %s: shape %v, %d data bytes", form, tn.Name, tn.Shape, len(m.TensorData(&tn)))
				}
			}
			if strings.HasSuffix(tn.Name, "input_to_forget_weights") {
				if tn.Shape[0] != int32(p.Units) || tn.Shape[1] != int32(p.In) {
					t.Errorf("%s: %s has shape %v", form, tn.Name, tn.Shape)
				}
			}
		}
		if vars != 4 {
			t.Errorf("%s: %d variable tensors, want 4", form, vars)
		}
		in, out := sg.Tensors[sg.Inputs[0]], sg.Tensors[sg.Outputs[0]]
		if len(sg.Inputs) != 1 || len(sg.Outputs) != 1 || in.Name != "input" || out.Name != "probabilities" {
			t.Errorf("%s: inputs %v outputs %v", form, sg.Inputs, sg.Outputs)
		}
	}
}

// TestExportOctet runs every form through octet against gorgonia once
// octet has the ops (LSTM kernels are being written separately); until
// then an unsupported op is logged, not failed.
func TestExportOctet(t *testing.T) {
	p := testParams(16, 6)
	imgs := testImages(t, 3)
	ref, err := Evaluate(p, imgs, imgs.N)
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{FormUni, FormBidi, FormUnrolled} {
		b, err := Export(p, form)
		if err != nil {
			t.Fatal(err)
		}
		m, err := octet.LoadBytes(b)
		if err != nil {
			t.Fatalf("%s: load: %v", form, err)
		}
		it, err := octet.NewInterpreter(m)
		if err != nil {
			t.Logf("%s: octet cannot run it yet: %v", form, err)
			continue
		}
		worst := 0.0
		for i := range imgs.N {
			it.ResetVariables()
			imgs.Float(i, it.Input(0).F32())
			if err := it.Invoke(); err != nil {
				t.Fatalf("%s: %v", form, err)
			}
			for c, v := range it.Output(0).F32() {
				worst = math.Max(worst, math.Abs(float64(v-ref.Probs[i][c])))
			}
		}
		t.Logf("%s: max |octet - gorgonia| = %.3g", form, worst)
		if worst > exportTol {
			t.Errorf("%s: octet differs from gorgonia by %.3g", form, worst)
		}
	}
}
