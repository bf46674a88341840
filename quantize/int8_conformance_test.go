package quantize_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/tensor"
)

// lsbAgreement compares two outputs of one int8 model in units of the
// output's quantization step: the fraction of identical values and the
// largest difference in steps.
func lsbAgreement(a, b *tensor.Tensor, step float64) (same float64, worst float64) {
	av, bv := a.F32(), b.F32()
	n := 0
	for i := range av {
		d := math.Abs(float64(av[i])-float64(bv[i])) / step
		if d < 1e-3 {
			n++
		}
		worst = math.Max(worst, d)
	}
	return float64(n) / float64(len(av)), worst
}

// TestSelfieInt8OctetMatchesLiteRT runs the octet-quantized selfie model in
// octet and in LiteRT.js on real photos: at least 99.9 % of the output
// values must be identical and none may differ by more than 1 LSB (the
// output is the sigmoid's 1/256 grid, dequantized).
func TestSelfieInt8OctetMatchesLiteRT(t *testing.T) {
	litert.Require(t)
	res := quantizeSelfie(t, tensor.Float32)
	path := filepath.Join(t.TempDir(), "selfie_int8.tflite")
	if err := os.WriteFile(path, res.Model, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := octet.LoadBytes(res.Model)
	if err != nil {
		t.Fatal(err)
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		t.Fatal(err)
	}
	photos := []string{"../testdata/astronaut.png", "../testdata/camera.png", "../testdata/coffee.png"}
	var jobs []litert.Job
	var mine []*tensor.Tensor
	for _, p := range photos {
		img, err := imgio.DecodeFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in := portrait.Preprocess(img, 256, 256)
		copy(it.Input(0).Data, in.Data)
		if err := it.Invoke(); err != nil {
			t.Fatal(err)
		}
		o := tensor.New(tensor.Float32, it.Output(0).Shape)
		copy(o.Data, it.Output(0).Data)
		mine = append(mine, o)
		jobs = append(jobs, litert.Job{Model: path, Inputs: []*tensor.Tensor{in}})
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range photos {
		same, worst := lsbAgreement(mine[k], refs[k][0], 1.0/256)
		t.Logf("%s: %.4f%% identical, max |Δ| %.2f LSB", p, 100*same, worst)
		if same < 0.999 || worst > 1.0001 {
			t.Errorf("%s: %.4f%% identical (want >= 99.9%%), max |Δ| %.2f LSB (want <= 1)", p, 100*same, worst)
		}
	}
}
