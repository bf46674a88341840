package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestTranspose(t *testing.T) {
	x := sqIota(2, 3) // [[0 1 2] [3 4 5]]
	got := sqRun(t, &Transpose{}, []*tensor.Tensor{x, sqI32(true, tensor.Shape{2}, 1, 0)}, 1)[0]
	sqVals(t, "2-D", got, tensor.Shape{3, 2}, 0, 3, 1, 4, 2, 5)

	// [2,3,4] with perm [2,0,1]: out[k,i,j] = x[i,j,k] = 12i + 4j + k.
	y := sqIota(2, 3, 4)
	got = sqRun(t, &Transpose{}, []*tensor.Tensor{y, sqI64(true, tensor.Shape{3}, 2, 0, 1)}, 1)[0]
	sqVals(t, "3-D", got, tensor.Shape{4, 2, 3},
		0, 4, 8, 12, 16, 20, // k=0
		1, 5, 9, 13, 17, 21,
		2, 6, 10, 14, 18, 22,
		3, 7, 11, 15, 19, 23)
	// perm [1,0,2] keeps the last axis: rows of 4 move whole.
	got = sqRun(t, &Transpose{}, []*tensor.Tensor{y, sqI32(true, tensor.Shape{3}, 1, 0, 2)}, 1)[0]
	sqVals(t, "last axis kept", got, tensor.Shape{3, 2, 4},
		0, 1, 2, 3, 12, 13, 14, 15,
		4, 5, 6, 7, 16, 17, 18, 19,
		8, 9, 10, 11, 20, 21, 22, 23)

	// Rank 6, identity on bytes of an int8 tensor with perm reversed.
	z := tensor.New(tensor.Int8, tensor.Shape{1, 2, 1, 1, 1, 3})
	copy(z.I8(), []int8{1, 2, 3, 4, 5, 6})
	gz := sqRun(t, &Transpose{}, []*tensor.Tensor{z, sqI32(true, tensor.Shape{6}, 5, 4, 3, 2, 1, 0)}, 1)[0]
	if !gz.Shape.Equal(tensor.Shape{3, 1, 1, 1, 2, 1}) || gz.I8()[0] != 1 || gz.I8()[1] != 4 || gz.I8()[2] != 2 || gz.I8()[5] != 6 {
		t.Errorf("rank 6: %v %v", gz.Shape, gz.I8())
	}

	sqErr(t, "not a permutation", sqPrep(&Transpose{}, 1, x, sqI32(true, tensor.Shape{2}, 1, 1)), "permutation")
	sqErr(t, "out of range", sqPrep(&Transpose{}, 1, x, sqI32(true, tensor.Shape{2}, 0, 2)), "permutation")
	sqErr(t, "length", sqPrep(&Transpose{}, 1, x, sqI32(true, tensor.Shape{3}, 0, 1, 2)), "want [2]")
	sqErr(t, "rank 7", sqPrep(&Transpose{}, 1, sqIota(1, 1, 1, 1, 1, 1, 1), sqI32(true, tensor.Shape{7}, 0, 1, 2, 3, 4, 5, 6)), "at most 6")
	sqErr(t, "dynamic perm", sqPrep(&Transpose{}, 1, x, sqI32(false, tensor.Shape{2}, 1, 0)), "constant")
}
