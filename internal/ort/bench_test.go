package ort

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/tensor"
)

// benchInput is one [1,28,28] sequence: Fashion-MNIST test image 0 when
// the data set is installed, else deterministic noise in [0,1) (the cost of
// both runtimes does not depend on the values).
func benchInput() (*tensor.Tensor, string) {
	x := tensor.New(tensor.Float32, tensor.Shape{1, 28, 28})
	if s, err := fmnist.Load(fmnist.DefaultDir, "t10k"); err == nil && s.Rows == 28 && s.Cols == 28 {
		s.Float(0, x.F32())
		return x, "Fashion-MNIST t10k image 0"
	}
	r := rand.New(rand.NewPCG(1, 2))
	for k := range x.F32() {
		x.F32()[k] = r.Float32()
	}
	return x, "pseudo-random input"
}

// BenchmarkBLSTM compares single-sequence latency, one thread, on the same
// input: ONNX Runtime running the float BLSTM converted to one
// bidirectional LSTM node (timed inside Node by tools/onnxruntime/bench.mjs,
// default graph optimisation, after warm-up) against octet running the
// float TFLite model and, when models/blstm/testdata/fashion_blstm_int8.tflite
// exists, the int8 one. ONNX Runtime (OCTET_ORT_RUNS runs, default 200) is
// timed again at the start of each sub-benchmark and -count round, so
// every ratio pairs measurements taken moments apart.
//
// Each octet sub-benchmark reports, besides ns/op (the mean, including
// ResetVariables, which every new sequence needs) and allocs/op:
//
//	med-ns/op      octet's median per run
//	ort-ns/op      ONNX Runtime's median per run
//	ort-min-ns/op  ONNX Runtime's fastest run
//	octet/ort      octet median / ONNX Runtime median (lower is better)
//
// Before timing, it checks that ONNX Runtime and octet float agree on the
// input within 1e-4.
func BenchmarkBLSTM(b *testing.B) {
	Require(b)
	in, what := benchInput()
	path := writeBLSTM(b, 1)

	oc := newOctet(b, floatModel)
	if err := oc.setInput(in.F32()); err != nil {
		b.Fatal(err)
	}
	if err := oc.run(); err != nil {
		b.Fatal(err)
	}
	outs, err := Run(path, in)
	if err != nil {
		b.Fatal(err)
	}
	for k, v := range outs[0].F32() {
		if d := math.Abs(float64(v - oc.probs()[k])); d > 1e-4 {
			b.Fatalf("class %d: ONNX Runtime %v, octet %v", k, v, oc.probs()[k])
		}
	}

	runs := 200
	if s := os.Getenv("OCTET_ORT_RUNS"); s != "" {
		if runs, err = strconv.Atoi(s); err != nil || runs < 1 {
			b.Fatalf("OCTET_ORT_RUNS=%q: want a positive number", s)
		}
	}
	// The testing package calls each sub-benchmark with b.N = 1 at the
	// start of every -count round, then with the real b.N: ONNX Runtime is
	// timed then, so each round's ratio compares measurements taken
	// moments apart.
	var ort *BenchResult
	measure := func(b *testing.B) {
		if ort != nil && b.N > 1 {
			return
		}
		var err error
		if ort, err = Bench(path, BenchOptions{Runs: runs}, in); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s; ONNX Runtime %s: %d runs, min %v, median %v, p90 %v", what, ort.Runtime, ort.Runs, ort.Min, ort.Median, ort.P90)
	}
	for _, c := range []struct{ name, model string }{{"octet_float", floatModel}, {"octet_int8", int8Model}} {
		b.Run(c.name, func(b *testing.B) {
			if _, err := os.Stat(c.model); err != nil {
				b.Skipf("%s: %v", c.model, err)
			}
			measure(b)
			benchOctet(b, c.model, in, ort)
		})
	}
}

func benchOctet(b *testing.B, model string, in *tensor.Tensor, ort *BenchResult) {
	oc := newOctet(b, model)
	if err := oc.setInput(in.F32()); err != nil {
		b.Fatal(err)
	}
	if err := oc.run(); err != nil { // warm caches and any lazy set-up
		b.Fatal(err)
	}
	times := make([]time.Duration, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		oc.it.ResetVariables()
		if err := oc.it.Invoke(); err != nil {
			b.Fatal(err)
		}
		times[i] = time.Since(t0)
	}
	b.StopTimer()
	slices.Sort(times)
	med := times[(len(times)-1)/2] // nearest-rank p50, as bench.mjs
	b.ReportMetric(float64(med.Nanoseconds()), "med-ns/op")
	b.ReportMetric(float64(ort.Median.Nanoseconds()), "ort-ns/op")
	b.ReportMetric(float64(ort.Min.Nanoseconds()), "ort-min-ns/op")
	b.ReportMetric(float64(med)/float64(ort.Median), "octet/ort")
}
