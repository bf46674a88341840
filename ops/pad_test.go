package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestPadOddShape(t *testing.T) {
	// [1,2,3] = [[1 2 3] [4 5 6]] padded by (0,1), (1,0), (2,1) -> [2,3,6].
	// Block 0: one zero row, then each input row with 2 zeros before and 1
	// after; block 1 is all zeros.
	x := ewF32(tensor.Shape{1, 2, 3}, 1, 2, 3, 4, 5, 6)
	p := ewI32Const(tensor.Shape{3, 2}, 0, 1, 1, 0, 2, 1)
	got := ewRun(t, &Pad{}, x, p)
	ewShape(t, got, tensor.Shape{2, 3, 6})
	z6 := []float32{0, 0, 0, 0, 0, 0}
	var want []float32
	want = append(want, z6...)
	want = append(want, 0, 0, 1, 2, 3, 0)
	want = append(want, 0, 0, 4, 5, 6, 0)
	for range 3 {
		want = append(want, z6...)
	}
	ewClose(t, got.F32(), want, 0)

	// PadV2 with constant -1 and int64 paddings: [3] by (1,2) -> [-1 a b c -1 -1].
	p64 := tensor.New(tensor.Int64, tensor.Shape{1, 2})
	p64.I64()[0], p64.I64()[1] = 1, 2
	p64.Const = true
	got = ewRun(t, &PadV2{}, ewF32(tensor.Shape{3}, 7, 8, 9), p64, ewF32(tensor.Shape{}, -1))
	ewClose(t, got.F32(), []float32{-1, 7, 8, 9, -1, -1}, 0)
	// PadV2 without constant_values pads with zeros.
	got = ewRun(t, &PadV2{}, ewF32(tensor.Shape{3}, 7, 8, 9), p64)
	ewClose(t, got.F32(), []float32{0, 7, 8, 9, 0, 0}, 0)

	// Zero paddings copy; a rank-0 input with [0,2] paddings is a copy.
	got = ewRun(t, &Pad{}, x, ewI32Const(tensor.Shape{3, 2}, 0, 0, 0, 0, 0, 0))
	ewClose(t, got.F32(), []float32{1, 2, 3, 4, 5, 6}, 0)
	got = ewRun(t, &Pad{}, ewF32(tensor.Shape{}, 3), ewI32Const(tensor.Shape{0, 2}))
	ewShape(t, got, tensor.Shape{})
	ewClose(t, got.F32(), []float32{3}, 0)
}

func TestPadQuantizedAndRank5(t *testing.T) {
	// int8 with zero point -5: padding is -5 (real value 0).
	q := ewQ(0.1, -5)
	x := ewI8(tensor.Shape{2, 1}, q, 10, 20)
	got := ewRunOut(t, &Pad{}, &tensor.Tensor{Quant: ewQ(0.1, -5)}, x, ewI32Const(tensor.Shape{2, 2}, 1, 0, 0, 2))
	ewShape(t, got, tensor.Shape{3, 3})
	ewEqual(t, got.I8(), []int8{-5, -5, -5, 10, -5, -5, 20, -5, -5})
	// uint8 PadV2 with constant 7.
	u := ewU8(tensor.Shape{2}, nil, 1, 2)
	got = ewRun(t, &PadV2{}, u, ewI32Const(tensor.Shape{1, 2}, 2, 1), ewU8(tensor.Shape{1}, nil, 7))
	ewEqual(t, got.U8(), []uint8{7, 7, 1, 2, 7})
	// int16 with zero point 300 (two-byte pattern).
	i16 := tensor.New(tensor.Int16, tensor.Shape{1})
	i16.I16()[0] = -2
	i16.Quant = ewQ(1, 300)
	got = ewRun(t, &Pad{}, i16, ewI32Const(tensor.Shape{1, 2}, 1, 1))
	ewEqual(t, got.I16(), []int16{300, -2, 300})

	// Rank 5: [1,1,1,1,2] padded by 1 before dimension 2 and 1 after the last.
	x5 := ewF32(tensor.Shape{1, 1, 1, 1, 2}, 3, 4)
	got = ewRun(t, &Pad{}, x5, ewI32Const(tensor.Shape{5, 2}, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1))
	ewShape(t, got, tensor.Shape{1, 1, 2, 1, 3})
	ewClose(t, got.F32(), []float32{0, 0, 0, 3, 4, 0}, 0)

	// Rank 4 NHWC image padding, spatial only: [1,2,2,1] by 1 on H and W.
	x4 := ewF32(tensor.Shape{1, 2, 2, 1}, 1, 2, 3, 4)
	got = ewRun(t, &Pad{}, x4, ewI32Const(tensor.Shape{4, 2}, 0, 0, 1, 1, 1, 1, 0, 0))
	ewShape(t, got, tensor.Shape{1, 4, 4, 1})
	ewClose(t, got.F32(), []float32{
		0, 0, 0, 0,
		0, 1, 2, 0,
		0, 3, 4, 0,
		0, 0, 0, 0}, 0)
}

func TestPadErrors(t *testing.T) {
	x := ewF32(tensor.Shape{2, 2}, 1, 2, 3, 4)
	ewWantErr(t, "negative", ewPrepErr(&Pad{}, x, ewI32Const(tensor.Shape{2, 2}, 0, -1, 0, 0)), ErrShape)
	ewWantErr(t, "non-constant", ewPrepErr(&Pad{}, x, ewI32(tensor.Shape{2, 2}, 0, 1, 0, 0)), nil)
	ewWantErr(t, "paddings shape", ewPrepErr(&Pad{}, x, ewI32Const(tensor.Shape{3, 2}, 0, 0, 0, 0, 0, 0)), ErrShape)
	ewWantErr(t, "paddings dtype", ewPrepErr(&Pad{}, x, func() *tensor.Tensor {
		p := tensor.New(tensor.Float32, tensor.Shape{2, 2})
		p.Const = true
		return p
	}()), ErrType)
	x6 := tensor.New(tensor.Float32, tensor.Shape{1, 1, 1, 1, 1, 1})
	ewWantErr(t, "rank 6", ewPrepErr(&Pad{}, x6, ewI32Const(tensor.Shape{6, 2}, make([]int32, 12)...)), ErrShape)
	ok := ewI32Const(tensor.Shape{2, 2}, 1, 1, 1, 1)
	ewWantErr(t, "constant dtype", ewPrepErr(&PadV2{}, x, ok, ewI32(tensor.Shape{}, 1)), ErrType)
	ewWantErr(t, "constant shape", ewPrepErr(&PadV2{}, x, ok, ewF32(tensor.Shape{2}, 1, 2)), ErrShape)
}
