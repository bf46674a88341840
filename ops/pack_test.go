package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestPack(t *testing.T) {
	a := tensor.FromF32(tensor.Shape{2}, []float32{1, 2})
	b := tensor.FromF32(tensor.Shape{2}, []float32{3, 4})
	c := tensor.FromF32(tensor.Shape{2}, []float32{5, 6})
	in := []*tensor.Tensor{a, b, c}
	sqVals(t, "axis 0", sqRun(t, &Pack{ValuesCount: 3}, in, 1)[0], tensor.Shape{3, 2}, 1, 2, 3, 4, 5, 6)
	sqVals(t, "axis 1", sqRun(t, &Pack{ValuesCount: 3, Axis: 1}, in, 1)[0], tensor.Shape{2, 3}, 1, 3, 5, 2, 4, 6)
	sqVals(t, "axis -1", sqRun(t, &Pack{ValuesCount: 3, Axis: -1}, in, 1)[0], tensor.Shape{2, 3}, 1, 3, 5, 2, 4, 6)
	// [2,2] inputs on the middle axis: out[i,n,j] = in_n[i,j].
	p := tensor.FromF32(tensor.Shape{2, 2}, []float32{1, 2, 3, 4})
	q := tensor.FromF32(tensor.Shape{2, 2}, []float32{5, 6, 7, 8})
	sqVals(t, "middle", sqRun(t, &Pack{ValuesCount: 2, Axis: 1}, []*tensor.Tensor{p, q}, 1)[0], tensor.Shape{2, 2, 2}, 1, 2, 5, 6, 3, 4, 7, 8)

	sqErr(t, "values_count", sqPrep(&Pack{ValuesCount: 2}, 1, a, b, c), "values_count")
	sqErr(t, "shapes", sqPrep(&Pack{ValuesCount: 2}, 1, a, p), "differs")
	sqErr(t, "axis", sqPrep(&Pack{ValuesCount: 2, Axis: 2}, 1, a, b), "out of range")
	i8 := tensor.New(tensor.Int8, tensor.Shape{2})
	i8.Quant = &tensor.Quantization{Scale: []float32{0.5}, ZeroPoint: []int64{1}}
	out := &tensor.Tensor{Quant: &tensor.Quantization{Scale: []float32{0.25}, ZeroPoint: []int64{1}}}
	sqErr(t, "quantization", (&Pack{ValuesCount: 2}).Prepare([]*tensor.Tensor{i8, i8}, []*tensor.Tensor{out}), "quantization")
}

func TestUnpack(t *testing.T) {
	x := sqIota(2, 3) // [[0 1 2] [3 4 5]]
	got := sqRun(t, &Unpack{Num: 3, Axis: 1}, []*tensor.Tensor{x}, 3)
	for j := range 3 {
		sqVals(t, "axis 1", got[j], tensor.Shape{2}, float32(j), float32(3+j))
	}
	got = sqRun(t, &Unpack{Num: 2}, []*tensor.Tensor{x}, 2)
	sqVals(t, "axis 0, 0", got[0], tensor.Shape{3}, 0, 1, 2)
	sqVals(t, "axis 0, 1", got[1], tensor.Shape{3}, 3, 4, 5)
	got = sqRun(t, &Unpack{Num: 3, Axis: -1}, []*tensor.Tensor{x}, 3)
	sqVals(t, "axis -1", got[2], tensor.Shape{2}, 2, 5)
	// [2,2,2] on the middle axis: out_n[i,k] = x[i,n,k] = 4i + 2n + k.
	y := sqIota(2, 2, 2)
	got = sqRun(t, &Unpack{Num: 2, Axis: 1}, []*tensor.Tensor{y}, 2)
	sqVals(t, "middle 0", got[0], tensor.Shape{2, 2}, 0, 1, 4, 5)
	sqVals(t, "middle 1", got[1], tensor.Shape{2, 2}, 2, 3, 6, 7)

	sqErr(t, "num vs dim", sqPrep(&Unpack{Num: 2, Axis: 1}, 2, x), "num 2")
	sqErr(t, "num vs outputs", sqPrep(&Unpack{Num: 3, Axis: 1}, 2, x), "outputs")
	sqErr(t, "axis", sqPrep(&Unpack{Num: 2, Axis: 2}, 2, x), "out of range")
}
