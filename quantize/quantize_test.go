package quantize_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/quantize"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
	"github.com/octet-ml/octet/tflite"
)

const selfie = "../models/portrait/model/selfie_segmentation.tflite"

func quantizeSelfie(t *testing.T, io tensor.DType) *quantize.Result {
	t.Helper()
	data, err := os.ReadFile(selfie)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := quantize.NewDirSamples("../testdata/calib", tensor.Shape{1, 256, 256, 3}, tensor.Float32, [3]float32{}, [3]float32{1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := quantize.Quantize(data, samples, quantize.Options{IO: io, Method: quantize.Percentile})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func iou(a, b []float32) float64 {
	inter, union := 0, 0
	for i := range a {
		x, y := a[i] > 0.5, b[i] > 0.5
		if x && y {
			inter++
		}
		if x || y {
			union++
		}
	}
	return float64(inter) / float64(max(union, 1))
}

// TestSelfieInt8InLiteRT quantizes the selfie model and checks, with TFLite
// itself (LiteRT.js) as the runtime, that the file is a valid fully-int8
// model and that its masks keep IoU >= 0.97 with the float model's on real
// portraits (camera.png is not in the calibration set).
func TestSelfieInt8InLiteRT(t *testing.T) {
	litert.Require(t)
	res := quantizeSelfie(t, tensor.Float32)
	if len(res.FloatOps) != 0 {
		t.Errorf("ops left in float: %v", res.FloatOps)
	}
	m, err := tflite.Parse(res.Model)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range m.Subgraphs[0].Operators {
		code := m.OperatorCodes[op.OpcodeIndex]
		if code.Builtin == tflite.OpCustom {
			t.Errorf("custom op %q left in the int8 model", code.CustomCode)
		}
	}
	for _, tt := range m.Subgraphs[0].Tensors {
		if tt.Type == tflite.TensorFloat32 && tt.Name != "input_1" && tt.Name != "activation_10" && tt.Buffer == 0 {
			t.Errorf("float activation %q in the int8 model", tt.Name)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "selfie_int8.tflite")
	if err := os.WriteFile(path, res.Model, 0o644); err != nil {
		t.Fatal(err)
	}
	var jobs []litert.Job
	photos := []string{"../testdata/astronaut.png", "../testdata/camera.png"}
	for _, p := range photos {
		img, err := imgio.DecodeFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in := portrait.Preprocess(img, 256, 256)
		jobs = append(jobs, litert.Job{Model: selfie, Inputs: []*tensor.Tensor{in}}, litert.Job{Model: path, Inputs: []*tensor.Tensor{in}})
	}
	outs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range photos {
		f, q := outs[2*k][0], outs[2*k+1][0]
		if q.DType != tensor.Float32 || !q.Shape.Equal(tensor.Shape{1, 256, 256, 1}) {
			t.Fatalf("int8 model output %v%v", q.DType, q.Shape)
		}
		v := iou(f.F32(), q.F32())
		t.Logf("%s: IoU int8 vs float (both in LiteRT) = %.4f", p, v)
		if v < 0.97 {
			t.Errorf("%s: IoU %.4f < 0.97", p, v)
		}
	}
}

// TestIntegerIO checks --io int8 and uint8: integer graph inputs and outputs
// whose parameters put the same real values through.
func TestIntegerIO(t *testing.T) {
	litert.Require(t)
	for _, dt := range []tensor.DType{tensor.Int8, tensor.Uint8} {
		res := quantizeSelfie(t, dt)
		m, err := octet.LoadBytes(res.Model)
		if err != nil {
			t.Fatal(err)
		}
		in, out := m.InputInfo(0), m.OutputInfo(0)
		if in.DType != dt || out.DType != dt || in.Name != "input_1" || out.Name != "activation_10" {
			t.Fatalf("%v IO: input %s %v, output %s %v", dt, in.Name, in.DType, out.Name, out.DType)
		}
		// Output is the sigmoid's 1/256 grid: zero point -128 (int8) or 0 (uint8).
		s, z := out.Quant.Params(0)
		wantZ := int64(-128)
		if dt == tensor.Uint8 {
			wantZ = 0
		}
		if s != 1.0/256 || z != wantZ {
			t.Errorf("%v output params %v %d", dt, s, z)
		}
		path := filepath.Join(t.TempDir(), "m.tflite")
		os.WriteFile(path, res.Model, 0o644)
		x := tensor.New(dt, in.Shape)
		if _, err := litert.Run(path, x); err != nil {
			t.Errorf("%v IO model does not run in LiteRT: %v", dt, err)
		}
	}
}

func TestQuantizeErrors(t *testing.T) {
	data, _ := os.ReadFile(selfie)
	dir := t.TempDir()
	if _, err := quantize.NewDirSamples(dir, tensor.Shape{1, 256, 256, 3}, tensor.Float32, [3]float32{}, [3]float32{1, 1, 1}); err == nil {
		t.Error("empty calibration directory accepted")
	}
	npy.WriteFile(filepath.Join(dir, "bad.npy"), tensor.New(tensor.Float32, tensor.Shape{1, 8, 8, 3}))
	os.WriteFile(filepath.Join(dir, "broken.png"), []byte("not a png"), 0o644)
	s, err := quantize.NewDirSamples(dir, tensor.Shape{1, 256, 256, 3}, tensor.Float32, [3]float32{}, [3]float32{1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = quantize.Quantize(data, s, quantize.Options{})
	if err == nil || !strings.Contains(err.Error(), "bad.npy") {
		t.Errorf("wrong-shape sample: %v", err)
	}
	if _, err := quantize.Quantize(data, quantize.SliceSamples{}, quantize.Options{}); err == nil {
		t.Error("no samples accepted")
	}
	if _, err := quantize.Quantize([]byte("junk"), quantize.SliceSamples{}, quantize.Options{}); err == nil {
		t.Error("junk model accepted")
	}
	if _, err := quantize.Quantize(data, quantize.SliceSamples{}, quantize.Options{IO: tensor.Int16}); err == nil {
		t.Error("int16 IO accepted")
	}
}

// TestQuantizeOptimizesFirst quantizes the TF 1.8 form of the reference
// network (SPACE_TO_BATCH_ND/BATCH_TO_SPACE_ND atrous layers and unfolded
// batchnorm): the quantizer must work on the graph octet runs after its
// import-time rewrite, and the result must have no float ops left.
func TestQuantizeOptimizesFirst(t *testing.T) {
	data, err := portrait.BuildReferenceTF18(portrait.ReferenceSeed)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := quantize.NewDirSamples("../testdata/calib", tensor.Shape{1, 160, 160, 3}, tensor.Float32, [3]float32{}, [3]float32{1, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := quantize.Quantize(data, samples, quantize.Options{Method: quantize.Percentile})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.FloatOps) != 0 {
		t.Errorf("float ops left: %v", res.FloatOps)
	}
	m, err := tflite.Parse(res.Model)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range m.Subgraphs[0].Operators {
		switch m.OperatorCodes[op.OpcodeIndex].Builtin {
		case tflite.OpSpaceToBatchND, tflite.OpBatchToSpaceND:
			t.Errorf("%v left in the quantized graph", m.OperatorCodes[op.OpcodeIndex].Builtin)
		}
	}
	if _, err := octet.LoadBytes(res.Model); err != nil {
		t.Fatal(err)
	}
}
