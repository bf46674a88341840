package octet_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/quantize"
	"github.com/octet-ml/octet/tensor"
)

// refnetPath is the committed reference portrait network
// (portrait.BuildReference(portrait.ReferenceSeed); its own test checks
// that the file is exactly that).
const refnetPath = "models/portrait/testdata/refnet_160.tflite"

var refnetPhotos = []string{"astronaut.png", "camera.png"}

func refnetInputs(t *testing.T) []*tensor.Tensor {
	t.Helper()
	var ins []*tensor.Tensor
	for _, name := range refnetPhotos {
		img, err := imgio.DecodeFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, portrait.Preprocess(img, portrait.ReferenceSize, portrait.ReferenceSize))
	}
	return ins
}

// TestConformanceRefnet runs the float reference network on real photos
// through octet and LiteRT.
func TestConformanceRefnet(t *testing.T) {
	litert.Require(t)
	data, err := os.ReadFile(refnetPath)
	if err != nil {
		t.Fatal(err)
	}
	ins := refnetInputs(t)
	var jobs []litert.Job
	var mine [][]*tensor.Tensor
	for _, in := range ins {
		out, err := runOctet(data, []*tensor.Tensor{in})
		if err != nil {
			t.Fatalf("octet: %v", err)
		}
		mine = append(mine, out)
		jobs = append(jobs, litert.Job{Model: refnetPath, Inputs: []*tensor.Tensor{in}})
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatalf("LiteRT: %v", err)
	}
	for i, name := range refnetPhotos {
		t.Run(name, func(t *testing.T) {
			d := compareOutputs(t, mine[i], refs[i])
			t.Logf("max |Δ| = %.3g over %d values", d, mine[i][0].NumElements())
		})
	}
}

// TestConformanceRefnetInt8 quantizes the reference network with the
// committed calibration set, runs it in LiteRT (it must load and run there)
// and compares octet's int8 run with LiteRT's: at least 99.9% of the output
// values identical and none more than one quantization step apart.
func TestConformanceRefnetInt8(t *testing.T) {
	litert.Require(t)
	data, err := os.ReadFile(refnetPath)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := quantize.NewDirSamples("testdata/calib", tensor.Shape{1, portrait.ReferenceSize, portrait.ReferenceSize, 3},
		tensor.Float32, [3]float32{}, [3]float32{1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := quantize.Quantize(data, samples, quantize.Options{})
	if err != nil {
		t.Fatalf("quantize: %v", err)
	}
	if len(res.FloatOps) > 0 {
		t.Logf("ops left in float: %v", res.FloatOps)
	}
	path := filepath.Join(t.TempDir(), "refnet_160_int8.tflite")
	if err := os.WriteFile(path, res.Model, 0o644); err != nil {
		t.Fatal(err)
	}
	ins := refnetInputs(t)
	var jobs []litert.Job
	for _, in := range ins {
		jobs = append(jobs, litert.Job{Model: path, Inputs: []*tensor.Tensor{in}})
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatalf("LiteRT cannot run the int8 reference network: %v", err)
	}
	for i, r := range refs {
		if len(r) != 1 || !r[0].Shape.Equal(tensor.Shape{1, 160, 160, 2}) || r[0].DType != tensor.Float32 {
			t.Fatalf("LiteRT output for %s: %v", refnetPhotos[i], r)
		}
	}
	t.Logf("int8 reference network runs in LiteRT (%d bytes)", len(res.Model))

	m, err := octet.LoadBytes(res.Model)
	if err != nil {
		t.Fatalf("octet cannot load the int8 reference network: %v", err)
	}
	if _, err := octet.NewInterpreter(m); err != nil {
		t.Fatalf("octet cannot run the int8 reference network (int8 kernels missing?): %v", err)
	}
	// The outputs are DEQUANTIZEd from the int8 softmax, whose step is
	// 1/256; compare in steps.
	const step = 1.0 / 256
	for i, in := range ins {
		t.Run(refnetPhotos[i], func(t *testing.T) {
			got, err := runOctet(res.Model, []*tensor.Tensor{in})
			if err != nil {
				t.Fatalf("octet: %v", err)
			}
			g, w := got[0].F32(), refs[i][0].F32()
			same, worst := 0, 0.0
			for k := range g {
				d := math.Round(math.Abs(float64(g[k])-float64(w[k])) / step)
				if d == 0 {
					same++
				}
				worst = max(worst, d)
			}
			frac := float64(same) / float64(len(g))
			t.Logf("%.4f%% identical, max difference %v steps", 100*frac, worst)
			if frac < 0.999 || worst > 1 {
				t.Errorf("octet int8 vs LiteRT int8: %.4f%% identical (want >= 99.9%%), max %v steps (want <= 1)", 100*frac, worst)
			}
		})
	}
}
