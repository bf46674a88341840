package portrait_test

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
	"github.com/octet-ml/octet/transform"
)

var update = flag.Bool("update", false, "rewrite testdata/refnet_160.tflite from BuildReference(ReferenceSeed)")

const refnetFile = "testdata/refnet_160.tflite"

// reference builds the network once for the tests of this file.
var reference = sync.OnceValues(func() ([]byte, error) { return portrait.BuildReference(portrait.ReferenceSeed) })

// TestWriteReference writes the committed reference network when run with
// -update: go test ./models/portrait -run TestWriteReference -update
func TestWriteReference(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite " + refnetFile)
	}
	data, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(refnetFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", refnetFile, len(data))
}

// TestReferenceGolden checks that the committed file is exactly what
// BuildReference(ReferenceSeed) builds, on this platform.
func TestReferenceGolden(t *testing.T) {
	if *update {
		t.Skip("rewriting")
	}
	want, err := os.ReadFile(refnetFile)
	if err != nil {
		t.Fatalf("%v (generate it with: go test ./models/portrait -run TestWriteReference -update)", err)
	}
	got, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		n := min(len(got), len(want))
		first := n
		for i := 0; i < n; i++ {
			if got[i] != want[i] {
				first = i
				break
			}
		}
		t.Fatalf("BuildReference(%d) differs from %s: %d vs %d bytes, first difference at byte %d",
			portrait.ReferenceSeed, refnetFile, len(got), len(want), first)
	}
}

// TestReferenceSeeds checks that the seed matters (TestReferenceGolden
// checks that it is all that matters).
func TestReferenceSeeds(t *testing.T) {
	a, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	b, err := portrait.BuildReference(portrait.ReferenceSeed + 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Errorf("seeds %d and %d give models of %d and %d bytes; only the weights should differ",
			portrait.ReferenceSeed, portrait.ReferenceSeed+1, len(a), len(b))
	}
	if bytes.Equal(a, b) {
		t.Errorf("seeds %d and %d give the same model", portrait.ReferenceSeed, portrait.ReferenceSeed+1)
	}
}

func photo(t testing.TB, name string) *tensor.Tensor {
	t.Helper()
	img, err := imgio.DecodeFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return portrait.Preprocess(img, portrait.ReferenceSize, portrait.ReferenceSize)
}

// runModel runs a one-input model in octet, with the given interpreter
// options, and returns a copy of its output.
func runModel(t testing.TB, data []byte, in *tensor.Tensor, opts ...octet.Option) []float32 {
	t.Helper()
	m, err := octet.LoadBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	it, err := octet.NewInterpreter(m, opts...)
	if err != nil {
		t.Fatal(err)
	}
	copy(it.Input(0).Data, in.Data)
	if err := it.Invoke(); err != nil {
		t.Fatal(err)
	}
	return append([]float32(nil), it.Output(0).F32()...)
}

// TestReferenceStructure checks the design rules on the built graph and
// runs it on a photo.
func TestReferenceStructure(t *testing.T) {
	data, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	fm, err := tflite.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	sg := &fm.Subgraphs[0]
	counts := map[string]int{}
	dilations := map[int32]bool{}
	for _, op := range sg.Operators {
		code := fm.OperatorCodes[op.OpcodeIndex].Builtin
		counts[code.String()]++
		switch o := op.Options.(type) {
		case *tflite.DepthwiseConv2DOptions:
			dilations[o.DilationH] = true
			if o.DilationH != o.DilationW {
				t.Errorf("depthwise dilation %dx%d", o.DilationH, o.DilationW)
			}
		case *tflite.Conv2DOptions:
			if o.DilationH != 1 || o.DilationW != 1 {
				t.Errorf("conv dilation %dx%d", o.DilationH, o.DilationW)
			}
		}
		// Activations: H and W multiples of 8 (or 1 for the pooled
		// branch), channels multiples of 8 (the image's 3 and the 2
		// classes excepted).
		for _, ti := range op.Outputs {
			s := sg.Tensors[ti].Shape
			if len(s) != 4 {
				t.Errorf("%v output %s has shape %v", code, sg.Tensors[ti].Name, s)
				continue
			}
			if (s[1]%8 != 0 && s[1] != 1) || (s[2]%8 != 0 && s[2] != 1) || (s[3]%8 != 0 && s[3] != 2) {
				t.Errorf("%v output %s: shape %v breaks the multiple-of-8 rule", code, sg.Tensors[ti].Name, s)
			}
		}
	}
	for _, op := range []string{"SPACE_TO_BATCH_ND", "BATCH_TO_SPACE_ND", "MUL"} {
		if counts[op] != 0 {
			t.Errorf("%d %s ops in the folded network", counts[op], op)
		}
	}
	for _, d := range []int32{1, 2, 4, 6} {
		if !dilations[d] {
			t.Errorf("no depthwise convolution with dilation %d", d)
		}
	}
	if counts["SOFTMAX"] != 1 || counts["MEAN"] != 1 || counts["RESIZE_BILINEAR"] != 3 || counts["CONCATENATION"] != 2 {
		t.Errorf("op counts %v", counts)
	}
	t.Logf("ops: %v", counts)

	m, err := octet.LoadBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if in, out := m.InputInfo(0), m.OutputInfo(0); !in.Shape.Equal(tensor.Shape{1, 160, 160, 3}) || !out.Shape.Equal(tensor.Shape{1, 160, 160, 2}) {
		t.Fatalf("input %v output %v", in.Shape, out.Shape)
	}

	// Activations stay in a sane range on a real photo (batchnorm
	// statistics came from synthetic images), and the output is a
	// non-constant probability map.
	var worst float32
	obs := octet.WithObserver(func(op int, out []*tensor.Tensor) {
		for _, v := range out[0].F32() {
			worst = max(worst, float32(math.Abs(float64(v))))
		}
	})
	y := runModel(t, data, photo(t, "astronaut.png"), obs)
	if worst > 100 {
		t.Errorf("largest activation %g", worst)
	}
	lo, hi := float32(1), float32(0)
	for i := 0; i < len(y); i += 2 {
		if s := y[i] + y[i+1]; math.Abs(float64(s)-1) > 1e-5 {
			t.Fatalf("pixel %d: probabilities sum to %v", i/2, s)
		}
		lo, hi = min(lo, y[i+1]), max(hi, y[i+1])
	}
	if hi-lo < 0.05 {
		t.Errorf("person probability spans only [%v, %v]", lo, hi)
	}
	t.Logf("largest activation %.3g; person probability in [%.3g, %.3g]", worst, lo, hi)
}

// TestReferenceTF18Optimize checks that transform.Optimize turns the
// TF 1.8 form back into the folded network: same op sequence, same
// outputs within float32 rounding.
func TestReferenceTF18Optimize(t *testing.T) {
	folded, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	tf18, err := portrait.BuildReferenceTF18(portrait.ReferenceSeed)
	if err != nil {
		t.Fatal(err)
	}
	fm, err := tflite.Parse(tf18)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := transform.Optimize(fm)
	if err != nil || !changed {
		t.Fatalf("Optimize: changed %v, %v", changed, err)
	}
	opt, err := fm.Encode()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := tflite.Parse(folded)
	if err != nil {
		t.Fatal(err)
	}
	ops := func(m *tflite.Model) string {
		s := ""
		for _, op := range m.Subgraphs[0].Operators {
			s += m.OperatorCodes[op.OpcodeIndex].Builtin.String() + fmt.Sprintf("%v ", op.Options)
		}
		return s
	}
	if a, b := ops(fm), ops(ref); a != b {
		t.Errorf("optimized TF 1.8 graph differs from the folded one:\n%s\n%s", a, b)
	}
	in := photo(t, "camera.png")
	a, b, c := runModel(t, folded, in), runModel(t, opt, in), runModel(t, tf18, in)
	d, e := 0.0, 0.0
	for i := range a {
		d = max(d, math.Abs(float64(a[i])-float64(b[i])))
		e = max(e, math.Abs(float64(a[i])-float64(c[i])))
	}
	t.Logf("max |Δ| folded vs optimized %.3g, folded vs TF 1.8 form %.3g", d, e)
	if d > 1e-4 || e > 1e-4 {
		t.Errorf("max |Δ| %g, %g > 1e-4", d, e)
	}
}
