package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestReshape(t *testing.T) {
	x := ewF32(tensor.Shape{2, 3}, 1, 2, 3, 4, 5, 6)
	// NewShape with -1: 6 elements / 2 = 3.
	got := ewRun(t, &Reshape{NewShape: []int{-1, 2}}, x)
	ewShape(t, got, tensor.Shape{3, 2})
	ewClose(t, got.F32(), []float32{1, 2, 3, 4, 5, 6}, 0)
	// A 1-D int32 shape tensor wins over NewShape.
	got = ewRun(t, &Reshape{NewShape: []int{3, 2}}, x, ewI32Const(tensor.Shape{3}, 1, -1, 1))
	ewShape(t, got, tensor.Shape{1, 6, 1})
	// A shape tensor that is not 1-D int32 is ignored in favour of NewShape.
	s2 := ewI32Const(tensor.Shape{1, 2}, 6, 1)
	got = ewRun(t, &Reshape{NewShape: []int{6}}, x, s2)
	ewShape(t, got, tensor.Shape{6})
	// Legacy NewShape [0] means a scalar.
	got = ewRun(t, &Reshape{NewShape: []int{0}}, ewF32(tensor.Shape{1, 1}, 42))
	ewShape(t, got, tensor.Shape{})
	ewClose(t, got.F32(), []float32{42}, 0)
	// Any dtype is a byte copy.
	i8 := ewI8(tensor.Shape{4}, nil, 1, -2, 3, -4)
	g8 := ewRun(t, &Reshape{NewShape: []int{2, 2}}, i8)
	if g8.DType != tensor.Int8 {
		t.Fatalf("dtype %v", g8.DType)
	}
	ewEqual(t, g8.I8(), []int8{1, -2, 3, -4})
	// A non-constant shape tensor with NewShape: checked at Eval.
	dyn := ewI32(tensor.Shape{2}, 3, 2)
	got = ewRun(t, &Reshape{NewShape: []int{3, 2}}, x, dyn)
	ewShape(t, got, tensor.Shape{3, 2})
	k := &Reshape{NewShape: []int{3, 2}}
	outs := []*tensor.Tensor{{}}
	if err := k.Prepare([]*tensor.Tensor{x, dyn}, outs); err != nil {
		t.Fatal(err)
	}
	outs[0].Data = tensor.AlignedBytes(outs[0].ByteSize())
	dyn.I32()[0] = 2
	ewWantErr(t, "shape tensor changed", k.Eval([]*tensor.Tensor{x, dyn}, outs), nil)
}

func TestReshapeErrors(t *testing.T) {
	x := ewF32(tensor.Shape{2, 3}, 1, 2, 3, 4, 5, 6)
	ewWantErr(t, "two -1", ewPrepErr(&Reshape{NewShape: []int{-1, -1}}, x), ErrShape)
	ewWantErr(t, "count", ewPrepErr(&Reshape{NewShape: []int{4, 2}}, x), ErrShape)
	ewWantErr(t, "-1 not divisible", ewPrepErr(&Reshape{NewShape: []int{-1, 4}}, x), ErrShape)
	ewWantErr(t, "-2", ewPrepErr(&Reshape{NewShape: []int{-2, -3}}, x), ErrShape)
	ewWantErr(t, "non-constant shape, no option", ewPrepErr(&Reshape{}, x, ewI32(tensor.Shape{2}, 3, 2)), nil)
	ewWantErr(t, "shape tensor count", ewPrepErr(&Reshape{}, x, ewI32Const(tensor.Shape{2}, 4, 2)), ErrShape)
}

func TestSqueezeExpandDims(t *testing.T) {
	x := ewF32(tensor.Shape{1, 3, 1, 2}, 1, 2, 3, 4, 5, 6)
	got := ewRun(t, &Squeeze{}, x)
	ewShape(t, got, tensor.Shape{3, 2})
	ewClose(t, got.F32(), []float32{1, 2, 3, 4, 5, 6}, 0)
	got = ewRun(t, &Squeeze{Dims: []int{-2}}, x)
	ewShape(t, got, tensor.Shape{1, 3, 2})
	ewWantErr(t, "squeeze extent 3", ewPrepErr(&Squeeze{Dims: []int{1}}, x), ErrShape)
	ewWantErr(t, "squeeze axis 4", ewPrepErr(&Squeeze{Dims: []int{4}}, x), ErrShape)

	y := ewF32(tensor.Shape{2, 3}, 1, 2, 3, 4, 5, 6)
	got = ewRun(t, &ExpandDims{}, y, ewI32Const(tensor.Shape{1}, -1))
	ewShape(t, got, tensor.Shape{2, 3, 1})
	got = ewRun(t, &ExpandDims{}, y, ewI32Const(tensor.Shape{}, 0))
	ewShape(t, got, tensor.Shape{1, 2, 3})
	got = ewRun(t, &ExpandDims{}, y, ewI32Const(tensor.Shape{}, -2))
	ewShape(t, got, tensor.Shape{2, 1, 3})
	ewClose(t, got.F32(), []float32{1, 2, 3, 4, 5, 6}, 0)
	ewWantErr(t, "expand axis 3", ewPrepErr(&ExpandDims{}, y, ewI32Const(tensor.Shape{}, 3)), ErrShape)
	ewWantErr(t, "expand axis -4", ewPrepErr(&ExpandDims{}, y, ewI32Const(tensor.Shape{}, -4)), ErrShape)
	ewWantErr(t, "expand non-constant axis", ewPrepErr(&ExpandDims{}, y, ewI32(tensor.Shape{}, 0)), nil)
}
