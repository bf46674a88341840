package octet_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tensor"
)

// blstmImages returns the first n Fashion-MNIST test images as [1,28,28]
// float32 inputs with their labels.
func blstmImages(t *testing.T, n int) ([]*tensor.Tensor, []uint8) {
	t.Helper()
	set, err := fmnist.Load(fmnist.DefaultDir, "t10k")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	var xs []*tensor.Tensor
	for i := range n {
		x := tensor.New(tensor.Float32, tensor.Shape{1, 28, 28})
		set.Float(i, x.F32())
		xs = append(xs, x)
	}
	return xs, set.Labels[:n]
}

// runSequences runs model on each input from fresh (zeroed) states and
// returns the first output of each run.
func runSequences(t *testing.T, path string, xs []*tensor.Tensor) [][]float32 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := octet.LoadBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]float32
	for _, x := range xs {
		copy(it.Input(0).Data, x.Data)
		it.ResetVariables()
		if err := it.Invoke(); err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]float32(nil), it.Output(0).F32()...))
	}
	return out
}

func argmax(p []float32) int {
	best := 0
	for k := range p {
		if p[k] > p[best] {
			best = k
		}
	}
	return best
}

// TestConformanceBLSTM runs the committed Fashion-MNIST BLSTM, float and
// full-int8 (octet quantize's output: two integer
// UNIDIRECTIONAL_SEQUENCE_LSTM ops, REVERSE_V2, STRIDED_SLICE,
// CONCATENATION, FULLY_CONNECTED, SOFTMAX, all int8), on 300 test images in
// octet and in TFLite's classic interpreter (LiteRT.js cannot load the
// LSTM ops' variable state tensors). Each image is a fresh interpreter in
// TFLite, a ResetVariables in octet. Float probabilities must agree within
// 1e-4; the int8 model's outputs (probabilities in steps of 1/256) within
// one step, and be equal on at least 99.9% of values.
func TestConformanceBLSTM(t *testing.T) {
	litert.RequireClassic(t)
	xs, labels := blstmImages(t, 300)
	dir := filepath.Join("models", "blstm", "testdata")
	for _, c := range []struct {
		file string
		int8 bool
	}{{"fashion_blstm.tflite", false}, {"fashion_blstm_int8.tflite", true}} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(dir, c.file)
			mine := runSequences(t, path, xs)
			// One model copy per image, so that each starts from zero states.
			tmp := t.TempDir()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var jobs []litert.Job
			for i, x := range xs {
				p := filepath.Join(tmp, fmt.Sprintf("m%03d.tflite", i))
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
				jobs = append(jobs, litert.Job{Model: p, Inputs: []*tensor.Tensor{x}})
			}
			refs, err := litert.RunClassicBatch(jobs)
			if err != nil {
				t.Fatal(err)
			}
			worst, equal, total, agreeTop, correct := 0.0, 0, 0, 0, 0
			for i := range xs {
				ref := refs[i][0].F32()
				for k := range ref {
					d := math.Abs(float64(mine[i][k]) - float64(ref[k]))
					worst = math.Max(worst, d)
					if d == 0 {
						equal++
					}
					total++
				}
				if argmax(mine[i]) == argmax(ref) {
					agreeTop++
				}
				if argmax(mine[i]) == int(labels[i]) {
					correct++
				}
			}
			frac := float64(equal) / float64(total)
			t.Logf("max |Δ| %.3g, %.2f%% of %d values equal, top-1 agrees on %d/%d, accuracy %d/%d", worst, 100*frac, total, agreeTop, len(xs), correct, len(xs))
			if c.int8 {
				if worst > 1.0/256+1e-7 || frac < 0.999 {
					t.Errorf("int8: max |Δ| %g (> 1 step of 1/256?) or only %.3f%% equal (< 99.9%%)", worst, 100*frac)
				}
			} else if worst > 1e-4 {
				t.Errorf("float: max |Δ| %g > 1e-4", worst)
			}
			if correct < 255 { // 85%: the model reaches 88% on the whole split
				t.Errorf("accuracy %d/300 is too low", correct)
			}
		})
	}
}
