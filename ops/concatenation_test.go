package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestConcatenation(t *testing.T) {
	// Axis -1 of [2,2] and [2,1]: each row gets b's element appended.
	a := ewF32(tensor.Shape{2, 2}, 1, 2, 3, 4)
	b := ewF32(tensor.Shape{2, 1}, 5, 6)
	got := ewRun(t, &Concatenation{Axis: -1}, a, b)
	ewShape(t, got, tensor.Shape{2, 3})
	ewClose(t, got.F32(), []float32{1, 2, 5, 3, 4, 6}, 0)

	// Axis 1 of [2,1,2] and [2,2,2]: per batch, a's row then b's two rows.
	a3 := ewF32(tensor.Shape{2, 1, 2}, 1, 2, 3, 4)
	b3 := ewF32(tensor.Shape{2, 2, 2}, 5, 6, 7, 8, 9, 10, 11, 12)
	got = ewRun(t, &Concatenation{Axis: 1}, a3, b3)
	ewShape(t, got, tensor.Shape{2, 3, 2})
	ewClose(t, got.F32(), []float32{1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12}, 0)

	// Axis 0 of three inputs with RELU: negatives become 0.
	got = ewRun(t, &Concatenation{Axis: 0, Activation: ActRelu},
		ewF32(tensor.Shape{1, 2}, -1, 2), ewF32(tensor.Shape{1, 2}, 3, -4), ewF32(tensor.Shape{2, 2}, 5, 6, -7, 8))
	ewShape(t, got, tensor.Shape{4, 2})
	ewClose(t, got.F32(), []float32{0, 2, 3, 0, 5, 6, 0, 8}, 0)

	// One input is a copy; an empty input contributes nothing.
	got = ewRun(t, &Concatenation{Axis: 1}, a, ewF32(tensor.Shape{2, 0}))
	ewShape(t, got, tensor.Shape{2, 2})
	ewClose(t, got.F32(), []float32{1, 2, 3, 4}, 0)

	// int8 with matching quantization, axis -1.
	q := ewQ(0.5, -3)
	out := &tensor.Tensor{Quant: ewQ(0.5, -3)}
	g8 := ewRunOut(t, &Concatenation{Axis: -1}, out, ewI8(tensor.Shape{2, 1}, q, 1, 2), ewI8(tensor.Shape{2, 2}, q, -1, -2, -3, -4))
	ewEqual(t, g8.I8(), []int8{1, -1, -2, 2, -3, -4})

	// int32.
	g32 := ewRun(t, &Concatenation{Axis: 0}, ewI32(tensor.Shape{1}, 7), ewI32(tensor.Shape{2}, 8, 9))
	ewEqual(t, g32.I32(), []int32{7, 8, 9})
}

func TestConcatenationErrors(t *testing.T) {
	a := ewF32(tensor.Shape{2, 2}, 1, 2, 3, 4)
	b := ewF32(tensor.Shape{3, 1}, 1, 2, 3)
	ewWantErr(t, "axis 2", ewPrepErr(&Concatenation{Axis: 2}, a, a), ErrShape)
	ewWantErr(t, "axis -3", ewPrepErr(&Concatenation{Axis: -3}, a, a), ErrShape)
	ewWantErr(t, "mismatched dims", ewPrepErr(&Concatenation{Axis: 1}, a, b), ErrShape)
	ewWantErr(t, "rank", ewPrepErr(&Concatenation{Axis: 0}, a, ewF32(tensor.Shape{4}, 1, 2, 3, 4)), ErrShape)
	ewWantErr(t, "dtype", ewPrepErr(&Concatenation{Axis: 0}, a, tensor.New(tensor.Int32, tensor.Shape{2, 2})), ErrType)
	i8 := tensor.New(tensor.Int8, tensor.Shape{2})
	ewWantErr(t, "int8 relu", ewPrepErr(&Concatenation{Activation: ActRelu}, i8, i8), nil)
	ewWantErr(t, "tanh", ewPrepErr(&Concatenation{Activation: ActTanh}, a, a), nil)
	ewWantErr(t, "no inputs", ewPrepErr(&Concatenation{}), nil)
	qa, qb := ewI8(tensor.Shape{1}, ewQ(0.5, 0), 1), ewI8(tensor.Shape{1}, ewQ(0.25, 0), 1)
	err := (&Concatenation{}).Prepare([]*tensor.Tensor{qa, qb}, []*tensor.Tensor{{Quant: ewQ(0.5, 0)}})
	ewWantErr(t, "quantization mismatch", err, nil)
}
