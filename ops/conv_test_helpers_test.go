package ops

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// Test helpers for the convolution, pooling, fully-connected and mean tests.
// Names start with cvt to stay clear of other tests in the package.

// cvtF32 returns a float32 tensor of the given shape and values.
func cvtF32(shape tensor.Shape, v ...float32) *tensor.Tensor {
	return tensor.FromF32(shape, v)
}

// cvtConstI32 returns a constant int32 tensor of the given shape and values.
func cvtConstI32(shape tensor.Shape, v ...int32) *tensor.Tensor {
	t := tensor.New(tensor.Int32, shape)
	copy(t.I32(), v)
	t.Const = true
	return t
}

// cvtRand returns a float32 tensor of the given shape with values uniform in
// [-1, 1).
func cvtRand(rng *rand.Rand, shape ...int) *tensor.Tensor {
	t := tensor.New(tensor.Float32, tensor.Shape(shape))
	for i := range t.F32() {
		t.F32()[i] = float32(rng.Float64()*2 - 1)
	}
	return t
}

// cvtPrepare runs Prepare and, on success, allocates the output.
func cvtPrepare(k Kernel, in ...*tensor.Tensor) (*tensor.Tensor, error) {
	out := &tensor.Tensor{Name: "out"}
	if err := k.Prepare(in, []*tensor.Tensor{out}); err != nil {
		return nil, err
	}
	out.Data = tensor.AlignedBytes(out.ByteSize())
	// Fill the output with garbage so that a kernel that fails to write an
	// element is caught.
	for i := range out.F32() {
		out.F32()[i] = float32(math.NaN())
	}
	return out, nil
}

// cvtRun prepares and evaluates k, checks that Eval left its inputs alone,
// and returns the output.
func cvtRun(t *testing.T, k Kernel, in ...*tensor.Tensor) *tensor.Tensor {
	t.Helper()
	out, err := cvtPrepare(k, in...)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	saved := make([][]byte, len(in))
	for i, x := range in {
		if x != nil {
			saved[i] = bytes.Clone(x.Data)
		}
	}
	if err := k.Eval(in, []*tensor.Tensor{out}); err != nil {
		t.Fatalf("Eval: %v", err)
	}
	for i, x := range in {
		if x != nil && !bytes.Equal(saved[i], x.Data) {
			t.Fatalf("Eval wrote to input %d", i)
		}
	}
	return out
}

// cvtExpect checks a kernel's output shape and values against hand-computed
// ones, allowing only float32 rounding.
func cvtExpect(t *testing.T, got *tensor.Tensor, shape tensor.Shape, want ...float32) {
	t.Helper()
	if got.DType != tensor.Float32 {
		t.Fatalf("output dtype %v, want float32", got.DType)
	}
	if !got.Shape.Equal(shape) {
		t.Fatalf("output shape %v, want %v", got.Shape, shape)
	}
	g := got.F32()
	if len(g) != len(want) {
		t.Fatalf("got %d values, want %d", len(g), len(want))
	}
	for i := range want {
		if d := math.Abs(float64(g[i]) - float64(want[i])); d > 1e-6*(1+math.Abs(float64(want[i]))) || math.IsNaN(float64(g[i])) {
			t.Fatalf("value %d: got %v, want %v\n got  %v\n want %v", i, g[i], want[i], g, want)
		}
	}
}

// cvtCompare checks a kernel's output against a float64 oracle. mag[i] is
// the sum of the absolute values of the terms behind want[i]; the tolerance
// is relative to it, since float32 summation error scales with it rather
// than with the (possibly cancelled) result.
func cvtCompare(t *testing.T, what string, got *tensor.Tensor, shape tensor.Shape, want, mag []float64) {
	t.Helper()
	if !got.Shape.Equal(shape) {
		t.Fatalf("%s: output shape %v, want %v", what, got.Shape, shape)
	}
	g := got.F32()
	if len(g) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(g), len(want))
	}
	for i := range want {
		tol := 1e-5*mag[i] + 1e-6
		if d := math.Abs(float64(g[i]) - want[i]); !(d <= tol) {
			t.Fatalf("%s: value %d: got %v, want %v (tolerance %g)", what, i, g[i], want[i], tol)
		}
	}
}

// cvtNoAllocs checks that Eval does not allocate once prepared.
func cvtNoAllocs(t *testing.T, k Kernel, in ...*tensor.Tensor) {
	t.Helper()
	out, err := cvtPrepare(k, in...)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	outs := []*tensor.Tensor{out}
	n := testing.AllocsPerRun(20, func() {
		if err := k.Eval(in, outs); err != nil {
			t.Fatalf("Eval: %v", err)
		}
	})
	if n != 0 {
		t.Fatalf("Eval allocates %v times per run", n)
	}
}

// cvtClamp applies a fused activation to an oracle value.
func cvtClamp(a Activation, v float64) float64 {
	switch a {
	case ActRelu:
		return math.Max(v, 0)
	case ActRelu6:
		return math.Min(math.Max(v, 0), 6)
	case ActReluN1To1:
		return math.Min(math.Max(v, -1), 1)
	}
	return v
}

// cvtActs are the fused activations float kernels support.
var cvtActs = []Activation{ActNone, ActRelu, ActReluN1To1, ActRelu6}

// cvtOutExtent is the definition of a windowed op's output extent in
// TensorFlow: ceil(in/stride) for SAME, ceil((in-effective filter+1)/stride)
// for VALID (0 when the filter does not fit). It returns the output extent
// and the padding before the first element: half the total padding that
// makes the last window end at the input's end (rounded down, the odd
// element going after).
func cvtOutExtent(p Padding, in, filter, stride, dilation int) (out, before int) {
	eff := (filter-1)*dilation + 1
	ceilDiv := func(a, b int) int { return (a + b - 1) / b }
	if p == PaddingSame {
		out = ceilDiv(in, stride)
	} else if in >= eff {
		out = ceilDiv(in-eff+1, stride)
	}
	total := (out-1)*stride + eff - in
	if total < 0 {
		total = 0
	}
	return out, total / 2
}
