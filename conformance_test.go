package octet_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/tensor"
)

// floatTol is the largest |octet - LiteRT| allowed on float32 outputs.
const floatTol = 1e-4

// randomInput fills a tensor of the given info with seeded values in [lo,hi]
// (integers: the whole type range).
func randomInput(info octet.TensorInfo, seed uint64, lo, hi float32) *tensor.Tensor {
	r := rand.New(rand.NewPCG(seed, 7))
	t := tensor.New(info.DType, info.Shape)
	t.Quant = info.Quant
	switch info.DType {
	case tensor.Float32:
		for i := range t.F32() {
			t.F32()[i] = lo + (hi-lo)*r.Float32()
		}
	default:
		for i := range t.Data {
			t.Data[i] = byte(r.Uint32())
		}
	}
	return t
}

// runOctet runs model data on inputs and returns copies of the outputs.
func runOctet(data []byte, inputs []*tensor.Tensor) ([]*tensor.Tensor, error) {
	m, err := octet.LoadBytes(data)
	if err != nil {
		return nil, err
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		return nil, err
	}
	for i, x := range inputs {
		if !it.Input(i).Shape.Equal(x.Shape) {
			return nil, fmt.Errorf("input %d: shape %v, model wants %v", i, x.Shape, it.Input(i).Shape)
		}
		copy(it.Input(i).Data, x.Data)
	}
	if err := it.Invoke(); err != nil {
		return nil, err
	}
	outs := make([]*tensor.Tensor, it.NumOutputs())
	for i := range outs {
		o := it.Output(i)
		c := tensor.New(o.DType, o.Shape)
		copy(c.Data, o.Data)
		c.Name = o.Name
		outs[i] = c
	}
	return outs, nil
}

// compareOutputs checks octet's outputs against the reference's and returns
// the largest float difference.
func compareOutputs(t *testing.T, got, want []*tensor.Tensor) float64 {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d outputs, reference has %d", len(got), len(want))
	}
	worst := 0.0
	for i := range got {
		g, w := got[i], want[i]
		if g.DType != w.DType || !g.Shape.Equal(w.Shape) {
			t.Fatalf("output %d: %v%v, reference %v%v", i, g.DType, g.Shape, w.DType, w.Shape)
		}
		switch g.DType {
		case tensor.Float32:
			gv, wv := g.F32(), w.F32()
			for k := range gv {
				d := math.Abs(float64(gv[k]) - float64(wv[k]))
				if math.IsNaN(d) {
					t.Fatalf("output %d[%d]: octet %v, reference %v", i, k, gv[k], wv[k])
				}
				if d > worst {
					worst = d
				}
				if d > floatTol {
					t.Fatalf("output %d[%d]: octet %v, reference %v (|Δ| %.3g > %g)", i, k, gv[k], wv[k], d, floatTol)
				}
			}
		default:
			for k := range g.Data {
				if g.Data[k] != w.Data[k] {
					t.Fatalf("output %d byte %d: octet %d, reference %d", i, k, g.Data[k], w.Data[k])
				}
			}
		}
	}
	return worst
}

// TestConformanceOps runs one small graph per op and option through octet
// and through LiteRT (the TFLite runtime, compiled to WASM, under Node), on
// the same seeded inputs, and compares every output.
func TestConformanceOps(t *testing.T) {
	litert.Require(t)
	dir := t.TempDir()
	cases := conformanceCases()
	jobs := make([]litert.Job, len(cases))
	mine := make([][]*tensor.Tensor, len(cases))
	for i, c := range cases {
		data, err := c.build().Bytes()
		if err != nil {
			t.Fatalf("%s: encode: %v", c.name, err)
		}
		m, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var inputs []*tensor.Tensor
		for j := 0; j < m.NumInputs(); j++ {
			inputs = append(inputs, randomInput(m.InputInfo(j), uint64(100*i+j), c.lo, c.hi))
		}
		if mine[i], err = runOctet(data, inputs); err != nil {
			t.Fatalf("%s: octet: %v", c.name, err)
		}
		if c.ref != nil {
			if data, err = c.ref().Bytes(); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, c.name+".tflite")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		jobs[i] = litert.Job{Model: path, Inputs: inputs}
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatalf("LiteRT: %v", err)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := compareOutputs(t, mine[i], refs[i])
			t.Logf("max |Δ| = %.3g", d)
		})
	}
}

// TestConformanceSelfie runs the real MediaPipe selfie segmentation models
// (square and landscape) on real photos through octet and LiteRT.
func TestConformanceSelfie(t *testing.T) {
	litert.Require(t)
	photos := map[string]string{"astronaut": "testdata/astronaut.png", "coffee": "testdata/coffee.png"}
	models := []string{selfieModel, "testdata/selfie_segmentation_landscape.tflite"}
	type run struct {
		name string
		mine []*tensor.Tensor
	}
	var runs []run
	var jobs []litert.Job
	for _, path := range models {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		shape := m.InputInfo(0).Shape
		for name, photo := range photos {
			img, err := imgio.DecodeFile(photo)
			if err != nil {
				t.Fatal(err)
			}
			in := portrait.Preprocess(img, shape[2], shape[1])
			out, err := runOctet(data, []*tensor.Tensor{in})
			if err != nil {
				t.Fatalf("%s on %s: %v", path, name, err)
			}
			runs = append(runs, run{filepath.Base(path) + "/" + name, out})
			jobs = append(jobs, litert.Job{Model: path, Inputs: []*tensor.Tensor{in}})
		}
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatalf("LiteRT: %v", err)
	}
	for i, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			d := compareOutputs(t, r.mine, refs[i])
			t.Logf("max |Δ| = %.3g over %d values", d, r.mine[0].NumElements())
		})
	}
}
