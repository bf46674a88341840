package portrait_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/quantize"
	"github.com/octet-ml/octet/tensor"
)

// TestDefaultModelReproducible checks that the embedded int8 model is
// exactly what model/NOTICE says produces it: `octet quantize` of the float
// model with testdata/calib and the default (percentile) method.
func TestDefaultModelReproducible(t *testing.T) {
	float, err := os.ReadFile("model/selfie_segmentation.tflite")
	if err != nil {
		t.Fatal(err)
	}
	samples, err := quantize.NewDirSamples("../../testdata/calib", tensor.Shape{1, 256, 256, 3}, tensor.Float32, [3]float32{}, [3]float32{1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := quantize.Quantize(float, samples, quantize.Options{Method: quantize.Percentile, Percentile: 99.99})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Model, portrait.DefaultModelBytes()) {
		t.Fatal("re-quantizing the float model does not reproduce the embedded int8 model; regenerate it (see model/NOTICE)")
	}
}

// TestInt8MatchesFloat compares the masks of the embedded int8 model and the
// float original, both run by octet, on portraits: IoU >= 0.97.
func TestInt8MatchesFloat(t *testing.T) {
	fm, err := octet.LoadFile("model/selfie_segmentation.tflite")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := portrait.New(fm)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := portrait.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, photo := range []string{"../../testdata/astronaut.png", "../../testdata/camera.png"} {
		img, err := imgio.DecodeFile(photo)
		if err != nil {
			t.Fatal(err)
		}
		pf, _, _, err := fs.Probabilities(img)
		if err != nil {
			t.Fatal(err)
		}
		pq, _, _, err := qs.Probabilities(img)
		if err != nil {
			t.Fatal(err)
		}
		inter, union := 0, 0
		for i := range pf {
			a, b := pf[i] > 0.5, pq[i] > 0.5
			if a && b {
				inter++
			}
			if a || b {
				union++
			}
		}
		iou := float64(inter) / float64(union)
		t.Logf("%s: IoU int8 vs float %.4f", photo, iou)
		if iou < 0.97 {
			t.Errorf("%s: IoU %.4f < 0.97", photo, iou)
		}
	}
}
