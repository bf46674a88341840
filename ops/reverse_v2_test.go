package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestReverseV2(t *testing.T) {
	x := sqIota(2, 3) // [[0 1 2] [3 4 5]]
	rev := func(axes ...int32) *tensor.Tensor {
		return sqRun(t, &ReverseV2{}, []*tensor.Tensor{x, sqI32(true, tensor.Shape{len(axes)}, axes...)}, 1)[0]
	}
	sqVals(t, "axis 1", rev(1), tensor.Shape{2, 3}, 2, 1, 0, 5, 4, 3)
	sqVals(t, "axis -1", rev(-1), tensor.Shape{2, 3}, 2, 1, 0, 5, 4, 3)
	sqVals(t, "axis 0", rev(0), tensor.Shape{2, 3}, 3, 4, 5, 0, 1, 2)
	sqVals(t, "axes 0, 1", rev(0, 1), tensor.Shape{2, 3}, 5, 4, 3, 2, 1, 0)
	sqVals(t, "no axes", rev(), tensor.Shape{2, 3}, 0, 1, 2, 3, 4, 5)

	// The middle axis of [2,3,2]: x[i,j,k] = 6i + 2j + k.
	y := sqIota(2, 3, 2)
	got := sqRun(t, &ReverseV2{}, []*tensor.Tensor{y, sqI64(true, tensor.Shape{1}, 1)}, 1)[0]
	sqVals(t, "middle axis", got, tensor.Shape{2, 3, 2}, 4, 5, 2, 3, 0, 1, 10, 11, 8, 9, 6, 7)

	// int16: bytes move as elements.
	z := tensor.New(tensor.Int16, tensor.Shape{3})
	copy(z.I16(), []int16{-300, 2, 1000})
	gz := sqRun(t, &ReverseV2{}, []*tensor.Tensor{z, sqI32(true, tensor.Shape{1}, 0)}, 1)[0]
	if g := gz.I16(); g[0] != 1000 || g[1] != 2 || g[2] != -300 {
		t.Errorf("int16: %v", g)
	}

	// A non-constant axis tensor is read at Eval.
	a := sqI32(false, tensor.Shape{1}, 0)
	k := &ReverseV2{}
	in := []*tensor.Tensor{x, a}
	outs := sqPrepare(t, k, in, 1)
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	sqVals(t, "dynamic axis 0", outs[0], tensor.Shape{2, 3}, 3, 4, 5, 0, 1, 2)
	a.I32()[0] = 1
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	sqVals(t, "dynamic axis 1", outs[0], tensor.Shape{2, 3}, 2, 1, 0, 5, 4, 3)
	if n := testing.AllocsPerRun(10, func() { _ = k.Eval(in, outs) }); n != 0 {
		t.Errorf("dynamic Eval allocates %v", n)
	}
	a.I32()[0] = 2
	sqErr(t, "dynamic bad axis", k.Eval(in, outs), "out of range")

	sqErr(t, "bad axis", sqPrep(&ReverseV2{}, 1, x, sqI32(true, tensor.Shape{1}, -3)), "out of range")
	sqErr(t, "twice", sqPrep(&ReverseV2{}, 1, x, sqI32(true, tensor.Shape{2}, 1, -1)), "twice")
	sqErr(t, "too many", sqPrep(&ReverseV2{}, 1, x, sqI32(true, tensor.Shape{3}, 0, 1, 0)), "at most")
	sqErr(t, "float axis", sqPrep(&ReverseV2{}, 1, x, sqIota(1)), "axis")
}
