package ops

import (
	"strings"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// sqIota returns a float32 tensor holding 0, 1, 2, ... in row-major order.
func sqIota(shape ...int) *tensor.Tensor {
	s := tensor.Shape(shape)
	t := tensor.New(tensor.Float32, s)
	for i := range t.F32() {
		t.F32()[i] = float32(i)
	}
	return t
}

// sqI32 returns an int32 tensor; constant when c is set.
func sqI32(c bool, shape tensor.Shape, v ...int32) *tensor.Tensor {
	t := tensor.New(tensor.Int32, shape)
	copy(t.I32(), v)
	t.Const = c
	return t
}

func sqI64(c bool, shape tensor.Shape, v ...int64) *tensor.Tensor {
	t := tensor.New(tensor.Int64, shape)
	copy(t.I64(), v)
	t.Const = c
	return t
}

// sqVals checks a float32 result's shape and exact values.
func sqVals(t *testing.T, what string, got *tensor.Tensor, shape tensor.Shape, want ...float32) {
	t.Helper()
	if !got.Shape.Equal(shape) {
		t.Fatalf("%s: shape %v, want %v", what, got.Shape, shape)
	}
	g := got.F32()
	if len(g) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(g), len(want))
	}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("%s: got %v, want %v", what, g, want)
		}
	}
}

// sqErr checks that err is non-nil and mentions want.
func sqErr(t *testing.T, what string, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: err = %v, want it to mention %q", what, err, want)
	}
}

func sqPrep(k Kernel, nOut int, in ...*tensor.Tensor) error {
	outs := make([]*tensor.Tensor, nOut)
	for i := range outs {
		outs[i] = &tensor.Tensor{}
	}
	return k.Prepare(in, outs)
}

func TestSlice(t *testing.T) {
	// x[i,j,k] = 12i + 4j + k on [2,3,4].
	x := sqIota(2, 3, 4)
	// x[1:2, 0:3, 1:3] (size -1 runs to the end).
	got := sqRun(t, &Slice{}, []*tensor.Tensor{x, sqI32(true, tensor.Shape{3}, 1, 0, 1), sqI32(true, tensor.Shape{3}, 1, -1, 2)}, 1)[0]
	sqVals(t, "slice", got, tensor.Shape{1, 3, 2}, 13, 14, 17, 18, 21, 22)
	// int64 begin and size.
	got = sqRun(t, &Slice{}, []*tensor.Tensor{x, sqI64(true, tensor.Shape{3}, 0, 2, 3), sqI64(true, tensor.Shape{3}, 2, 1, 1)}, 1)[0]
	sqVals(t, "slice int64", got, tensor.Shape{2, 1, 1}, 11, 23)
	// Empty slice.
	got = sqRun(t, &Slice{}, []*tensor.Tensor{x, sqI32(true, tensor.Shape{3}, 0, 3, 0), sqI32(true, tensor.Shape{3}, 2, 0, 4)}, 1)[0]
	sqVals(t, "empty", got, tensor.Shape{2, 0, 4})
	// int8: a byte copy.
	x8 := tensor.New(tensor.Int8, tensor.Shape{5})
	copy(x8.I8(), []int8{-1, -2, -3, -4, -5})
	g8 := sqRun(t, &Slice{}, []*tensor.Tensor{x8, sqI32(true, tensor.Shape{1}, 3), sqI32(true, tensor.Shape{1}, -1)}, 1)[0]
	if g8.DType != tensor.Int8 || !g8.Shape.Equal(tensor.Shape{2}) || g8.I8()[0] != -4 || g8.I8()[1] != -5 {
		t.Errorf("int8 slice: %v %v", g8, g8.I8())
	}
	// A non-constant begin is read at Eval.
	b := sqI32(false, tensor.Shape{3}, 0, 1, 2)
	k := &Slice{}
	in := []*tensor.Tensor{x, b, sqI32(true, tensor.Shape{3}, 1, 2, 2)}
	outs := sqPrepare(t, k, in, 1)
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	sqVals(t, "dynamic begin", outs[0], tensor.Shape{1, 2, 2}, 6, 7, 10, 11)
	copy(b.I32(), []int32{1, 0, 0})
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	sqVals(t, "dynamic begin 2", outs[0], tensor.Shape{1, 2, 2}, 12, 13, 16, 17)
	copy(b.I32(), []int32{1, 2, 0}) // rows 2..3 of 3: outside
	sqErr(t, "dynamic begin out of range", k.Eval(in, outs), "outside")

	sqErr(t, "too long", sqPrep(&Slice{}, 1, x, sqI32(true, tensor.Shape{3}, 0, 2, 0), sqI32(true, tensor.Shape{3}, 1, 2, 1)), "outside")
	sqErr(t, "negative begin", sqPrep(&Slice{}, 1, x, sqI32(true, tensor.Shape{3}, -1, 0, 0), sqI32(true, tensor.Shape{3}, 1, 1, 1)), "outside")
	sqErr(t, "size -2", sqPrep(&Slice{}, 1, x, sqI32(true, tensor.Shape{3}, 0, 0, 0), sqI32(true, tensor.Shape{3}, 1, -2, 1)), "only -1")
	sqErr(t, "wrong length", sqPrep(&Slice{}, 1, x, sqI32(true, tensor.Shape{2}, 0, 0), sqI32(true, tensor.Shape{2}, 1, 1)), "want [3]")
	sqErr(t, "dynamic begin with -1", sqPrep(&Slice{}, 1, x, sqI32(false, tensor.Shape{3}, 0, 0, 0), sqI32(true, tensor.Shape{3}, 1, -1, 1)), "constant begin")
	sqErr(t, "dynamic size", sqPrep(&Slice{}, 1, x, sqI32(true, tensor.Shape{3}, 0, 0, 0), sqI32(false, tensor.Shape{3}, 1, 1, 1)), "constant")
}
