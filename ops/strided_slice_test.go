package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// ssRun runs STRIDED_SLICE with constant int32 begin, end and strides.
func ssRun(t *testing.T, k *StridedSlice, x *tensor.Tensor, begin, end, strides []int32) *tensor.Tensor {
	t.Helper()
	n := tensor.Shape{len(begin)}
	return sqRun(t, k, []*tensor.Tensor{x, sqI32(true, n, begin...), sqI32(true, n, end...), sqI32(true, n, strides...)}, 1)[0]
}

func ssPrep(k *StridedSlice, x *tensor.Tensor, begin, end, strides []int32) error {
	n := tensor.Shape{len(begin)}
	return sqPrep(k, 1, x, sqI32(true, n, begin...), sqI32(true, n, end...), sqI32(true, n, strides...))
}

func TestStridedSliceBasic(t *testing.T) {
	// x[i,j,k] = 12i + 4j + k on [2,3,4].
	x := sqIota(2, 3, 4)
	// x[0:2, 1:3, 1:4:2]: j in {1,2}, k in {1,3}.
	sqVals(t, "steps", ssRun(t, &StridedSlice{}, x, []int32{0, 1, 1}, []int32{2, 3, 4}, []int32{1, 1, 2}),
		tensor.Shape{2, 2, 2}, 5, 7, 9, 11, 17, 19, 21, 23)
	// A shorter spec keeps the trailing dimensions whole: x[1:].
	sqVals(t, "short spec", ssRun(t, &StridedSlice{}, x, []int32{1}, []int32{2}, []int32{1}),
		tensor.Shape{1, 3, 4}, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)

	v := sqIota(10)
	// v[-2:1:-3]: start 8, stop 1 -> 8, 5, 2.
	sqVals(t, "negative stride", ssRun(t, &StridedSlice{}, v, []int32{-2}, []int32{1}, []int32{-3}), tensor.Shape{3}, 8, 5, 2)
	// v[-100:100:2]: both ends clamp -> 0, 2, 4, 6, 8.
	sqVals(t, "clamped", ssRun(t, &StridedSlice{}, v, []int32{-100}, []int32{100}, []int32{2}), tensor.Shape{5}, 0, 2, 4, 6, 8)
	// v[5:2]: empty.
	sqVals(t, "empty", ssRun(t, &StridedSlice{}, v, []int32{5}, []int32{2}, []int32{1}), tensor.Shape{0})
	// v[100:-100:-4]: start clamps to 9, stop to -1 -> 9, 5, 1.
	sqVals(t, "clamped negative", ssRun(t, &StridedSlice{}, v, []int32{100}, []int32{-100}, []int32{-4}), tensor.Shape{3}, 9, 5, 1)
}

func TestStridedSliceMasks(t *testing.T) {
	v := sqIota(10)
	// begin_mask with a negative stride starts at the last element: v[:7:-1] -> 9, 8.
	sqVals(t, "begin_mask", ssRun(t, &StridedSlice{BeginMask: 1}, v, []int32{5}, []int32{7}, []int32{-1}), tensor.Shape{2}, 9, 8)
	// end_mask with a negative stride runs past element 0: v[3::-1] -> 3, 2, 1, 0.
	sqVals(t, "end_mask", ssRun(t, &StridedSlice{EndMask: 1}, v, []int32{3}, []int32{0}, []int32{-1}), tensor.Shape{4}, 3, 2, 1, 0)
	// Both masks, stride 3: v[::3] -> 0, 3, 6, 9.
	sqVals(t, "both masks", ssRun(t, &StridedSlice{BeginMask: 1, EndMask: 1}, v, []int32{7}, []int32{1}, []int32{3}), tensor.Shape{4}, 0, 3, 6, 9)

	x := sqIota(2, 3, 4) // x[i,j,k] = 12i + 4j + k
	// shrink_axis on axes 0 and 2: x[1, :, 2] -> 14, 18, 22.
	sqVals(t, "shrink", ssRun(t, &StridedSlice{ShrinkAxisMask: 5}, x, []int32{1, 0, 2}, []int32{2, 3, 3}, []int32{1, 1, 1}),
		tensor.Shape{3}, 14, 18, 22)
	// Negative shrink index (end ignored): x[-1, -1] -> 20..23.
	sqVals(t, "shrink negative", ssRun(t, &StridedSlice{ShrinkAxisMask: 3}, x, []int32{-1, -1}, []int32{0, 0}, []int32{1, 1}),
		tensor.Shape{4}, 20, 21, 22, 23)
	// Shrink everything: a scalar x[0, 2, 3] = 11.
	sqVals(t, "scalar", ssRun(t, &StridedSlice{ShrinkAxisMask: 7}, x, []int32{0, 2, 3}, []int32{0, 0, 0}, []int32{1, 1, 1}),
		tensor.Shape{}, 11)
	// Ellipsis first: x[..., 1:3] covers axes 0 and 1.
	sqVals(t, "ellipsis first", ssRun(t, &StridedSlice{EllipsisMask: 1}, x, []int32{0, 1}, []int32{0, 3}, []int32{1, 1}),
		tensor.Shape{2, 3, 2}, 1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22)
	// Ellipsis in the middle: x[1:2, ..., 0:4:3] -> k in {0, 3}.
	sqVals(t, "ellipsis middle", ssRun(t, &StridedSlice{EllipsisMask: 2}, x, []int32{1, 0, 0}, []int32{2, 0, 4}, []int32{1, 1, 3}),
		tensor.Shape{1, 3, 2}, 12, 15, 16, 19, 20, 23)
	// Ellipsis then shrink: x[..., 2] -> [2,3].
	sqVals(t, "ellipsis shrink", ssRun(t, &StridedSlice{EllipsisMask: 1, ShrinkAxisMask: 2}, x, []int32{0, 2}, []int32{0, 3}, []int32{1, 1}),
		tensor.Shape{2, 3}, 2, 6, 10, 14, 18, 22)
	// New axis first, then shrink: x[newaxis, 1] -> [1,3,4] = 12..23.
	sqVals(t, "new axis", ssRun(t, &StridedSlice{NewAxisMask: 1, ShrinkAxisMask: 2}, x, []int32{0, 1}, []int32{0, 2}, []int32{1, 1}),
		tensor.Shape{1, 3, 4}, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)
	// x[..., newaxis] -> [2,3,4,1], the same elements.
	all := make([]float32, 24)
	for i := range all {
		all[i] = float32(i)
	}
	sqVals(t, "ellipsis new axis", ssRun(t, &StridedSlice{EllipsisMask: 1, NewAxisMask: 2}, x, []int32{0, 0}, []int32{0, 0}, []int32{1, 1}),
		tensor.Shape{2, 3, 4, 1}, all...)
	// New axis in the middle: x[0, newaxis, 1:3, ::2] -> [1,2,2].
	sqVals(t, "new axis middle", ssRun(t, &StridedSlice{NewAxisMask: 2, ShrinkAxisMask: 1, EndMask: 8}, x,
		[]int32{0, 0, 1, 0}, []int32{1, 0, 3, 0}, []int32{1, 1, 1, 2}),
		tensor.Shape{1, 2, 2}, 4, 6, 8, 10)
	// Ellipsis and new_axis on the same entry: the ellipsis wins.
	sqVals(t, "ellipsis+new axis bit", ssRun(t, &StridedSlice{EllipsisMask: 1, NewAxisMask: 1, ShrinkAxisMask: 2}, x, []int32{0, 3}, []int32{0, 4}, []int32{1, 1}),
		tensor.Shape{2, 3}, 3, 7, 11, 15, 19, 23)
}

func TestStridedSliceOffset(t *testing.T) {
	x := sqIota(2, 3, 4) // x[i,j,k] = 12i + 4j + k
	// end holds sizes: x[0:2, 1:3, 1:4].
	sqVals(t, "offset", ssRun(t, &StridedSlice{Offset: true}, x, []int32{0, 1, 1}, []int32{2, 2, 3}, []int32{1, 1, 1}),
		tensor.Shape{2, 2, 3}, 5, 6, 7, 9, 10, 11, 17, 18, 19, 21, 22, 23)
	// Sizes with a stride: x[1:2, 0:3:2, 0:4:3] (sizes 1, 3, 4).
	sqVals(t, "offset strided", ssRun(t, &StridedSlice{Offset: true}, x, []int32{1, 0, 0}, []int32{1, 3, 4}, []int32{1, 2, 3}),
		tensor.Shape{1, 2, 2}, 12, 15, 20, 23)
	sqErr(t, "offset past the end", ssPrep(&StridedSlice{Offset: true}, x, []int32{0, 2, 0}, []int32{1, 2, 4}, []int32{1, 1, 1}), "leaves")

	// With offset, begin may change between Evals.
	b := sqI32(false, tensor.Shape{3}, 0, 0, 0)
	k := &StridedSlice{Offset: true}
	in := []*tensor.Tensor{x, b, sqI32(true, tensor.Shape{3}, 1, 2, 2), sqI32(true, tensor.Shape{3}, 1, 1, 1)}
	outs := sqPrepare(t, k, in, 1)
	for _, c := range []struct {
		begin []int32
		want  []float32
	}{{[]int32{0, 0, 0}, []float32{0, 1, 4, 5}}, {[]int32{1, 1, 2}, []float32{18, 19, 22, 23}}, {[]int32{0, -2, -3}, []float32{5, 6, 9, 10}}} {
		copy(b.I32(), c.begin)
		if err := k.Eval(in, outs); err != nil {
			t.Fatal(err)
		}
		sqVals(t, "dynamic begin", outs[0], tensor.Shape{1, 2, 2}, c.want...)
	}
	if a := testing.AllocsPerRun(10, func() { _ = k.Eval(in, outs) }); a != 0 {
		t.Errorf("dynamic Eval allocates %v", a)
	}
	copy(b.I32(), []int32{0, 2, 0})
	sqErr(t, "dynamic begin too far", k.Eval(in, outs), "leaves")
	sqErr(t, "dynamic begin without offset", sqPrep(&StridedSlice{}, 1, x, b, in[2], in[3]), "offset")
}

func TestStridedSliceDTypes(t *testing.T) {
	x := tensor.New(tensor.Int64, tensor.Shape{2, 3})
	copy(x.I64(), []int64{10, 11, 12, 13, 14, 15})
	got := ssRun(t, &StridedSlice{}, x, []int32{1, 0}, []int32{2, 3}, []int32{1, -1 + 3})
	if got.DType != tensor.Int64 || !got.Shape.Equal(tensor.Shape{1, 2}) || got.I64()[0] != 13 || got.I64()[1] != 15 {
		t.Errorf("int64: %v %v", got, got.I64())
	}
	b := tensor.New(tensor.Bool, tensor.Shape{4})
	copy(b.Bool(), []bool{true, false, false, true})
	gb := ssRun(t, &StridedSlice{}, b, []int32{3}, []int32{0}, []int32{-1})
	if gb.DType != tensor.Bool || gb.Bool()[0] != true || gb.Bool()[1] != false || gb.Bool()[2] != false {
		t.Errorf("bool: %v", gb.Bool())
	}
}

func TestStridedSliceErrors(t *testing.T) {
	x := sqIota(2, 3, 4)
	sqErr(t, "zero stride", ssPrep(&StridedSlice{}, x, []int32{0}, []int32{1}, []int32{0}), "zero")
	sqErr(t, "two ellipses", ssPrep(&StridedSlice{EllipsisMask: 3}, x, []int32{0, 0}, []int32{1, 1}, []int32{1, 1}), "more than one")
	sqErr(t, "shrink out of range", ssPrep(&StridedSlice{ShrinkAxisMask: 1}, x, []int32{2}, []int32{3}, []int32{1}), "outside")
	sqErr(t, "shrink negative out of range", ssPrep(&StridedSlice{ShrinkAxisMask: 1}, x, []int32{-3}, []int32{0}, []int32{1}), "outside")
	sqErr(t, "shrink negative stride", ssPrep(&StridedSlice{ShrinkAxisMask: 1}, x, []int32{0}, []int32{1}, []int32{-1}), "negative stride")
	sqErr(t, "too many entries", ssPrep(&StridedSlice{}, x, []int32{0, 0, 0, 0}, []int32{1, 1, 1, 1}, []int32{1, 1, 1, 1}), "entries")
	sqErr(t, "empty ellipsis", ssPrep(&StridedSlice{EllipsisMask: 2}, x, []int32{0, 0, 0, 0}, []int32{1, 1, 1, 1}, []int32{1, 1, 1, 1}), "ellipsis")
	sqErr(t, "mask beyond spec", ssPrep(&StridedSlice{NewAxisMask: 4}, x, []int32{0}, []int32{1}, []int32{1}), "beyond")
	n := tensor.Shape{1}
	sqErr(t, "non-constant end", sqPrep(&StridedSlice{}, 1, x, sqI32(true, n, 0), sqI32(false, n, 1), sqI32(true, n, 1)), "constant")
	sqErr(t, "mismatched lengths", sqPrep(&StridedSlice{}, 1, x, sqI32(true, n, 0), sqI32(true, tensor.Shape{2}, 1, 1), sqI32(true, n, 1)), "same length")
}
