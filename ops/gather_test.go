package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestGather(t *testing.T) {
	p := sqIota(3, 2) // [[0 1] [2 3] [4 5]]
	got := sqRun(t, &Gather{}, []*tensor.Tensor{p, sqI32(false, tensor.Shape{2}, 2, 0)}, 1)[0]
	sqVals(t, "axis 0", got, tensor.Shape{2, 2}, 4, 5, 0, 1)
	// Axis 1 with [1,3] indices: out[r,0,c] = p[r, idx[c]].
	got = sqRun(t, &Gather{Axis: 1}, []*tensor.Tensor{p, sqI64(true, tensor.Shape{1, 3}, 1, 1, 0)}, 1)[0]
	sqVals(t, "axis 1", got, tensor.Shape{3, 1, 3}, 1, 1, 0, 3, 3, 2, 5, 5, 4)
	// Axis -1 with scalar indices drops the axis.
	got = sqRun(t, &Gather{Axis: -1}, []*tensor.Tensor{p, sqI32(true, tensor.Shape{}, 1)}, 1)[0]
	sqVals(t, "scalar index", got, tensor.Shape{3}, 1, 3, 5)
	// batch_dims 1: q [2,3], indices [2,2]: out[b,i] = q[b, idx[b,i]].
	q := sqIota(2, 3) // [[0 1 2] [3 4 5]]
	got = sqRun(t, &Gather{Axis: 1, BatchDims: 1}, []*tensor.Tensor{q, sqI32(true, tensor.Shape{2, 2}, 2, 0, 1, 1)}, 1)[0]
	sqVals(t, "batch_dims 1", got, tensor.Shape{2, 2}, 2, 0, 4, 4)
	got = sqRun(t, &Gather{Axis: 1, BatchDims: -1}, []*tensor.Tensor{q, sqI32(true, tensor.Shape{2, 2}, 2, 0, 1, 1)}, 1)[0]
	sqVals(t, "batch_dims -1", got, tensor.Shape{2, 2}, 2, 0, 4, 4)
	// batch_dims 1 with axis 2: r [2,2,3] (r[b,i,j] = 6b + 3i + j), indices [2,1].
	r := sqIota(2, 2, 3)
	got = sqRun(t, &Gather{Axis: 2, BatchDims: 1}, []*tensor.Tensor{r, sqI32(true, tensor.Shape{2, 1}, 2, 0)}, 1)[0]
	sqVals(t, "batch_dims 1, axis 2", got, tensor.Shape{2, 2, 1}, 2, 5, 6, 9)

	// Out-of-range indices are an Eval error, not a panic.
	for _, bad := range []int32{3, -1} {
		idx := sqI32(false, tensor.Shape{2}, 0, 0)
		k := &Gather{}
		in := []*tensor.Tensor{p, idx}
		outs := sqPrepare(t, k, in, 1)
		idx.I32()[1] = bad
		sqErr(t, "bad index", k.Eval(in, outs), "out of range")
	}
	idx64 := sqI64(false, tensor.Shape{1}, 1<<40)
	k := &Gather{}
	outs := sqPrepare(t, k, []*tensor.Tensor{p, idx64}, 1)
	sqErr(t, "huge int64 index", k.Eval([]*tensor.Tensor{p, idx64}, outs), "out of range")

	sqErr(t, "batch_dims > axis", sqPrep(&Gather{Axis: 0, BatchDims: 1}, 1, q, sqI32(true, tensor.Shape{2, 1}, 0, 0)), "batch_dims")
	sqErr(t, "batch shapes", sqPrep(&Gather{Axis: 1, BatchDims: 1}, 1, q, sqI32(true, tensor.Shape{3, 1}, 0, 0, 0)), "batch dimension")
	sqErr(t, "axis", sqPrep(&Gather{Axis: 2}, 1, q, sqI32(true, tensor.Shape{1}, 0)), "out of range")
	sqErr(t, "float indices", sqPrep(&Gather{}, 1, q, sqIota(1)), "indices")
}
