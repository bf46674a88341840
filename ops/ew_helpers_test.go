package ops

import (
	"errors"
	"math"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// Test helpers for the elementwise/shape/quantize kernels. Every run goes
// through ewRun, which also checks that Eval does not allocate.

func ewF32(shape tensor.Shape, v ...float32) *tensor.Tensor { return tensor.FromF32(shape, v) }

func ewI32(shape tensor.Shape, v ...int32) *tensor.Tensor {
	t := tensor.New(tensor.Int32, shape)
	copy(t.I32(), v)
	return t
}

func ewI32Const(shape tensor.Shape, v ...int32) *tensor.Tensor {
	t := ewI32(shape, v...)
	t.Const = true
	return t
}

func ewI8(shape tensor.Shape, q *tensor.Quantization, v ...int8) *tensor.Tensor {
	t := tensor.New(tensor.Int8, shape)
	copy(t.I8(), v)
	t.Quant = q
	return t
}

func ewU8(shape tensor.Shape, q *tensor.Quantization, v ...uint8) *tensor.Tensor {
	t := tensor.New(tensor.Uint8, shape)
	copy(t.U8(), v)
	t.Quant = q
	return t
}

func ewQ(scale float32, zp int64) *tensor.Quantization {
	return &tensor.Quantization{Scale: []float32{scale}, ZeroPoint: []int64{zp}}
}

// ewRunOut prepares k with the given output tensor (which may carry a dtype
// and quantization), allocates the output, evaluates, and checks that Eval
// makes no allocations.
func ewRunOut(t *testing.T, k Kernel, out *tensor.Tensor, in ...*tensor.Tensor) *tensor.Tensor {
	t.Helper()
	outs := []*tensor.Tensor{out}
	if err := k.Prepare(in, outs); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	out.Data = tensor.AlignedBytes(out.ByteSize())
	if err := k.Eval(in, outs); err != nil {
		t.Fatalf("Eval: %v", err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if err := k.Eval(in, outs); err != nil {
			panic(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Eval allocates: %v allocations per run", allocs)
	}
	return out
}

func ewRun(t *testing.T, k Kernel, in ...*tensor.Tensor) *tensor.Tensor {
	t.Helper()
	return ewRunOut(t, k, &tensor.Tensor{Name: "out"}, in...)
}

// ewPrepErr runs Prepare and returns its error (nil output dtype/shape is
// fine).
func ewPrepErr(k Kernel, in ...*tensor.Tensor) error {
	return k.Prepare(in, []*tensor.Tensor{{Name: "out"}})
}

// ewWantErr checks that err is non-nil and, when target is non-nil, wraps it.
func ewWantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: want an error, got nil", what)
		return
	}
	if target != nil && !errors.Is(err, target) {
		t.Errorf("%s: error %q does not wrap %v", what, err, target)
	}
}

func ewShape(t *testing.T, got *tensor.Tensor, want tensor.Shape) {
	t.Helper()
	if !got.Shape.Equal(want) {
		t.Fatalf("shape %v, want %v", got.Shape, want)
	}
}

// ewClose compares float32 slices element by element with an absolute
// tolerance (0 means exact equality; NaN matches NaN).
func ewClose(t *testing.T, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d values, want %d", len(got), len(want))
	}
	bad := 0
	for i := range got {
		g, w := float64(got[i]), float64(want[i])
		if math.IsNaN(w) && math.IsNaN(g) {
			continue
		}
		if g == w || math.Abs(g-w) <= tol {
			continue
		}
		if bad < 10 {
			t.Errorf("[%d] = %v, want %v (diff %g)", i, got[i], want[i], g-w)
		}
		bad++
	}
	if bad > 10 {
		t.Errorf("... %d mismatches in all", bad)
	}
}

func ewEqual[T comparable](t *testing.T, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d values %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("[%d] = %v, want %v (got %v)", i, got[i], want[i], got)
			return
		}
	}
}

// TestEvalShortBuffers checks that Eval reports an error, instead of
// panicking, when the output buffer is smaller than the prepared shape.
func TestEvalShortBuffers(t *testing.T) {
	x := ewF32(tensor.Shape{1, 2, 2, 1}, 1, 2, 3, 4)
	cases := []struct {
		name string
		k    Kernel
		in   []*tensor.Tensor
		out  *tensor.Tensor
	}{
		{"Add", &Add{}, []*tensor.Tensor{x, x}, nil},
		{"Maximum", &Maximum{}, []*tensor.Tensor{x, ewF32(tensor.Shape{1}, 0)}, nil},
		{"Relu", &Relu{}, []*tensor.Tensor{x}, nil},
		{"HardSwish", &HardSwish{}, []*tensor.Tensor{x}, nil},
		{"Logistic", &Logistic{}, []*tensor.Tensor{x}, nil},
		{"ResizeBilinear", &ResizeBilinear{}, []*tensor.Tensor{x, ewI32Const(tensor.Shape{2}, 3, 3)}, nil},
		{"ResizeNearestNeighbor", &ResizeNearestNeighbor{}, []*tensor.Tensor{x, ewI32Const(tensor.Shape{2}, 3, 3)}, nil},
		{"Reshape", &Reshape{NewShape: []int{4}}, []*tensor.Tensor{x}, nil},
		{"Squeeze", &Squeeze{}, []*tensor.Tensor{x}, nil},
		{"Concatenation", &Concatenation{Axis: 3}, []*tensor.Tensor{x, x}, nil},
		{"Pad", &Pad{}, []*tensor.Tensor{x, ewI32Const(tensor.Shape{4, 2}, 0, 0, 1, 1, 1, 1, 0, 0)}, nil},
		{"Softmax", &Softmax{Beta: 1}, []*tensor.Tensor{x}, nil},
		{"Quantize", &Quantize{}, []*tensor.Tensor{x}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.5, 0)}},
		{"Dequantize", &Dequantize{}, []*tensor.Tensor{ewI8(tensor.Shape{4}, ewQ(0.5, 0), 1, 2, 3, 4)}, nil},
	}
	for _, c := range cases {
		out := c.out
		if out == nil {
			out = &tensor.Tensor{}
		}
		outs := []*tensor.Tensor{out}
		if err := c.k.Prepare(c.in, outs); err != nil {
			t.Fatalf("%s: Prepare: %v", c.name, err)
		}
		out.Data = make([]byte, out.ByteSize()-1)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: Eval panicked: %v", c.name, r)
				}
			}()
			if err := c.k.Eval(c.in, outs); err == nil {
				t.Errorf("%s: Eval with a short output buffer returned nil", c.name)
			}
		}()
	}
}
