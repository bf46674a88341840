package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestSplit(t *testing.T) {
	x := sqIota(2, 4) // [[0 1 2 3] [4 5 6 7]]
	got := sqRun(t, &Split{NumSplits: 2}, []*tensor.Tensor{sqI32(true, tensor.Shape{}, 1), x}, 2)
	sqVals(t, "split 0", got[0], tensor.Shape{2, 2}, 0, 1, 4, 5)
	sqVals(t, "split 1", got[1], tensor.Shape{2, 2}, 2, 3, 6, 7)
	got = sqRun(t, &Split{NumSplits: 4}, []*tensor.Tensor{sqI32(true, tensor.Shape{1}, -1), x}, 4)
	for j := range 4 {
		sqVals(t, "split -1", got[j], tensor.Shape{2, 1}, float32(j), float32(4+j))
	}
	got = sqRun(t, &Split{NumSplits: 2}, []*tensor.Tensor{sqI32(true, tensor.Shape{}, 0), x}, 2)
	sqVals(t, "axis 0, part 0", got[0], tensor.Shape{1, 4}, 0, 1, 2, 3)
	sqVals(t, "axis 0, part 1", got[1], tensor.Shape{1, 4}, 4, 5, 6, 7)

	sqErr(t, "not divisible", sqPrep(&Split{NumSplits: 3}, 3, sqI32(true, tensor.Shape{}, 1), x), "multiple")
	sqErr(t, "outputs", sqPrep(&Split{NumSplits: 2}, 3, sqI32(true, tensor.Shape{}, 1), x), "outputs")
	sqErr(t, "axis", sqPrep(&Split{NumSplits: 2}, 2, sqI32(true, tensor.Shape{}, 2), x), "out of range")
	sqErr(t, "dynamic axis", sqPrep(&Split{NumSplits: 2}, 2, sqI32(false, tensor.Shape{}, 1), x), "constant")
}

func TestSplitV(t *testing.T) {
	x := sqIota(2, 5) // [[0..4] [5..9]]
	axis := sqI32(true, tensor.Shape{}, 1)
	got := sqRun(t, &SplitV{NumSplits: 3}, []*tensor.Tensor{x, sqI32(true, tensor.Shape{3}, 1, -1, 2), axis}, 3)
	sqVals(t, "part 0", got[0], tensor.Shape{2, 1}, 0, 5)
	sqVals(t, "part 1 (-1)", got[1], tensor.Shape{2, 2}, 1, 2, 6, 7)
	sqVals(t, "part 2", got[2], tensor.Shape{2, 2}, 3, 4, 8, 9)
	// A zero-size part and int64 sizes.
	got = sqRun(t, &SplitV{NumSplits: 2}, []*tensor.Tensor{x, sqI64(true, tensor.Shape{2}, 0, 2), sqI32(true, tensor.Shape{}, 0)}, 2)
	sqVals(t, "empty part", got[0], tensor.Shape{0, 5})
	sqVals(t, "whole", got[1], tensor.Shape{2, 5}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)

	sqErr(t, "two -1", sqPrep(&SplitV{NumSplits: 3}, 3, x, sqI32(true, tensor.Shape{3}, -1, -1, 1), axis), "only one -1")
	sqErr(t, "sum", sqPrep(&SplitV{NumSplits: 2}, 2, x, sqI32(true, tensor.Shape{2}, 2, 2), axis), "sum")
	sqErr(t, "overflow with -1", sqPrep(&SplitV{NumSplits: 2}, 2, x, sqI32(true, tensor.Shape{2}, 6, -1), axis), "exceed")
	sqErr(t, "count", sqPrep(&SplitV{NumSplits: 2}, 2, x, sqI32(true, tensor.Shape{3}, 1, 2, 2), axis), "want [2]")
}
