package octet_test

import (
	"math"
	"os"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/tensor"
)

// mediapipeRelTol bounds |octet - LiteRT| relative to the largest magnitude
// of each output. These models end in deep decoders whose activations reach
// ~1e3; a layer-by-layer comparison (each intermediate made an output) shows
// every op within ~2e-5 relative of LiteRT, and float32 rounding noise
// growing gradually to ~2e-4 at the pose segmentation logits.
const mediapipeRelTol = 5e-4

// TestConformanceMediaPipe runs other real MediaPipe exports, beyond the
// selfie models, through octet and LiteRT on a real photo.
func TestConformanceMediaPipe(t *testing.T) {
	litert.Require(t)
	img, err := imgio.DecodeFile("testdata/astronaut.png")
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"testdata/pose_landmark_lite.tflite",
		"testdata/face_detection_short_range.tflite",
		"testdata/face_detection_full_range.tflite",
	}
	var jobs []litert.Job
	var mine [][]*tensor.Tensor
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		s := m.InputInfo(0).Shape
		in := portrait.Preprocess(img, s[2], s[1])
		out, err := runOctet(data, []*tensor.Tensor{in})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		mine = append(mine, out)
		jobs = append(jobs, litert.Job{Model: path, Inputs: []*tensor.Tensor{in}})
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatalf("LiteRT: %v", err)
	}
	for i, path := range paths {
		t.Run(path, func(t *testing.T) {
			if len(mine[i]) != len(refs[i]) {
				t.Fatalf("%d outputs, LiteRT %d", len(mine[i]), len(refs[i]))
			}
			for o := range mine[i] {
				g, w := mine[i][o], refs[i][o]
				if !g.Shape.Equal(w.Shape) || g.DType != tensor.Float32 || w.DType != tensor.Float32 {
					t.Fatalf("output %d: %v%v vs %v%v", o, g.DType, g.Shape, w.DType, w.Shape)
				}
				gv, wv := g.F32(), w.F32()
				worst, mag := 0.0, 0.0
				for k := range gv {
					mag = math.Max(mag, math.Abs(float64(wv[k])))
				}
				for k := range gv {
					d := math.Abs(float64(gv[k]) - float64(wv[k]))
					if !(d <= mediapipeRelTol*math.Max(mag, 1)) {
						t.Fatalf("output %d[%d]: octet %v, LiteRT %v (max |ref| %.3g)", o, k, gv[k], wv[k], mag)
					}
					worst = math.Max(worst, d)
				}
				t.Logf("output %d %v: max |Δ| %.3g, max |ref| %.3g", o, g.Shape, worst, mag)
			}
		})
	}
}
