package ops

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestMeanSpatial(t *testing.T) {
	// [1,2,2,2] with pixels [1 10] [2 20] [3 30] [4 40]: the mean over H and
	// W is per channel (1+2+3+4)/4 = 2.5 and (10+20+30+40)/4 = 25. Axes may be
	// given in any order or negative.
	x := cvtF32(tensor.Shape{1, 2, 2, 2}, 1, 10, 2, 20, 3, 30, 4, 40)
	for _, axes := range [][]int32{{1, 2}, {2, 1}, {-3, -2}, {1, -2, 2}} {
		ax := cvtConstI32(tensor.Shape{len(axes)}, axes...)
		cvtExpect(t, cvtRun(t, &Mean{KeepDims: true}, x, ax), tensor.Shape{1, 1, 1, 2}, 2.5, 25)
		cvtExpect(t, cvtRun(t, &Mean{}, x, ax), tensor.Shape{1, 2}, 2.5, 25)
	}
}

func TestMeanAxes(t *testing.T) {
	// [[1 2 3] [4 5 6]]:
	//   axis -1 (= 1): row means 2, 5
	//   axis 0:        column means 2.5, 3.5, 4.5
	//   axes 0,1,-1,0 (duplicates count once): mean of all, 21/6 = 3.5
	x := cvtF32(tensor.Shape{2, 3}, 1, 2, 3, 4, 5, 6)
	cvtExpect(t, cvtRun(t, &Mean{}, x, cvtConstI32(tensor.Shape{1}, -1)), tensor.Shape{2}, 2, 5)
	cvtExpect(t, cvtRun(t, &Mean{KeepDims: true}, x, cvtConstI32(tensor.Shape{1}, -1)), tensor.Shape{2, 1}, 2, 5)
	cvtExpect(t, cvtRun(t, &Mean{}, x, cvtConstI32(tensor.Shape{1}, 0)), tensor.Shape{3}, 2.5, 3.5, 4.5)
	cvtExpect(t, cvtRun(t, &Mean{}, x, cvtConstI32(tensor.Shape{4}, 0, 1, -1, 0)), tensor.Shape{}, 3.5)
	cvtExpect(t, cvtRun(t, &Mean{KeepDims: true}, x, cvtConstI32(tensor.Shape{4}, 0, 1, -1, 0)), tensor.Shape{1, 1}, 3.5)
	// A scalar axis tensor works like a one-element list.
	cvtExpect(t, cvtRun(t, &Mean{}, x, cvtConstI32(tensor.Shape{}, 1)), tensor.Shape{2}, 2, 5)
	// No axes: nothing is reduced, the input is copied.
	cvtExpect(t, cvtRun(t, &Mean{}, x, cvtConstI32(tensor.Shape{0})), tensor.Shape{2, 3}, 1, 2, 3, 4, 5, 6)
}

func TestMeanMiddleAxis(t *testing.T) {
	// [2,2,2] with x[i][j][k] = 4i + 2j + k (values 0..7).
	//   axis 1: (x[i][0][k] + x[i][1][k])/2 = 4i + k + 1 -> [[1 2] [5 6]]
	//   axes 0,2: j=0 takes 0 1 4 5 -> 2.5; j=1 takes 2 3 6 7 -> 4.5
	x := cvtF32(tensor.Shape{2, 2, 2}, 0, 1, 2, 3, 4, 5, 6, 7)
	cvtExpect(t, cvtRun(t, &Mean{}, x, cvtConstI32(tensor.Shape{1}, 1)), tensor.Shape{2, 2}, 1, 2, 5, 6)
	cvtExpect(t, cvtRun(t, &Mean{KeepDims: true}, x, cvtConstI32(tensor.Shape{1}, 1)), tensor.Shape{2, 1, 2}, 1, 2, 5, 6)
	cvtExpect(t, cvtRun(t, &Mean{}, x, cvtConstI32(tensor.Shape{2}, 0, 2)), tensor.Shape{2}, 2.5, 4.5)
	cvtExpect(t, cvtRun(t, &Mean{KeepDims: true}, x, cvtConstI32(tensor.Shape{2}, 2, 0)), tensor.Shape{1, 2, 1}, 2.5, 4.5)
}

func TestMeanEdgeShapes(t *testing.T) {
	// A scalar input is copied whatever the axes (TFLite returns a scalar
	// output for rank-0 input before looking at them).
	s := cvtF32(tensor.Shape{}, 7)
	cvtExpect(t, cvtRun(t, &Mean{}, s, cvtConstI32(tensor.Shape{1}, 0)), tensor.Shape{}, 7)
	cvtExpect(t, cvtRun(t, &Mean{KeepDims: true}, s, cvtConstI32(tensor.Shape{1}, 3)), tensor.Shape{}, 7)
	// Reducing a zero-length axis gives 0 (TFLite skips the division).
	z := tensor.New(tensor.Float32, tensor.Shape{0, 3})
	cvtExpect(t, cvtRun(t, &Mean{}, z, cvtConstI32(tensor.Shape{1}, 0)), tensor.Shape{3}, 0, 0, 0)
}

// meanOracle averages from the definition in float64: each input element,
// located by its multi-index, is added to the output whose index is the
// multi-index with the reduced axes dropped (or set to 0 with keepDims).
func meanOracle(x *tensor.Tensor, axes []int32, keepDims bool) (tensor.Shape, []float64, []float64) {
	rank := len(x.Shape)
	red := map[int]bool{}
	for _, a := range axes {
		d := int(a)
		if d < 0 {
			d += rank
		}
		red[d] = true
	}
	var shape tensor.Shape
	for d, n := range x.Shape {
		if !red[d] {
			shape = append(shape, n)
		} else if keepDims {
			shape = append(shape, 1)
		}
	}
	if shape == nil {
		shape = tensor.Shape{}
	}
	size := shape.NumElements()
	sum, mag, cnt := make([]float64, size), make([]float64, size), make([]float64, size)
	idx := make([]int, rank)
	for _, v := range x.F32() {
		o := 0
		for d := 0; d < rank; d++ {
			if !red[d] {
				o = o*x.Shape[d] + idx[d]
			}
		}
		sum[o] += float64(v)
		mag[o] += math.Abs(float64(v))
		cnt[o]++
		for d := rank - 1; d >= 0; d-- {
			if idx[d]++; idx[d] < x.Shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	for i := range sum {
		sum[i] /= cnt[i]
		mag[i] /= cnt[i]
	}
	return shape, sum, mag
}

func TestMeanRandomAgainstDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	spatial := 0
	for iter := 0; iter < 400; iter++ {
		rank := 1 + rng.IntN(5)
		shape := make([]int, rank)
		for i := range shape {
			shape[i] = 1 + rng.IntN(5)
		}
		var axes []int32
		for range rng.IntN(rank + 2) {
			a := int32(rng.IntN(rank))
			if rng.IntN(2) == 0 {
				a -= int32(rank)
			}
			axes = append(axes, a)
		}
		if rank == 4 && rng.IntN(3) == 0 {
			axes = []int32{1, 2}
			spatial++
		}
		keep := rng.IntN(2) == 0
		x := cvtRand(rng, shape...)
		want, wantV, mag := meanOracle(x, axes, keep)
		got := cvtRun(t, &Mean{KeepDims: keep}, x, cvtConstI32(tensor.Shape{len(axes)}, axes...))
		cvtCompare(t, "mean", got, want, wantV, mag)
	}
	if spatial == 0 {
		t.Fatal("the spatial path was never exercised")
	}
}

func TestMeanErrors(t *testing.T) {
	f32 := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape(s)) }
	nonConst := cvtConstI32(tensor.Shape{1}, 1)
	nonConst.Const = false
	i64 := tensor.New(tensor.Int64, tensor.Shape{1})
	i64.Const = true
	for _, tc := range []struct {
		name string
		k    *Mean
		in   []*tensor.Tensor
		is   error
	}{
		{"axis out of range", &Mean{}, []*tensor.Tensor{f32(2, 3), cvtConstI32(tensor.Shape{1}, 2)}, ErrShape},
		{"negative axis out of range", &Mean{}, []*tensor.Tensor{f32(2, 3), cvtConstI32(tensor.Shape{1}, -3)}, ErrShape},
		{"axis out of range, keep dims", &Mean{KeepDims: true}, []*tensor.Tensor{f32(2, 3), cvtConstI32(tensor.Shape{1}, 5)}, ErrShape},
		{"non-constant axis", &Mean{}, []*tensor.Tensor{f32(2, 3), nonConst}, nil},
		{"int64 axis", &Mean{}, []*tensor.Tensor{f32(2, 3), i64}, ErrType},
		{"int32 input", &Mean{}, []*tensor.Tensor{tensor.New(tensor.Int32, tensor.Shape{2, 3}), cvtConstI32(tensor.Shape{1}, 0)}, ErrType},
		{"one input", &Mean{}, []*tensor.Tensor{f32(2, 3)}, nil},
		{"nil axis", &Mean{}, []*tensor.Tensor{f32(2, 3), nil}, nil},
	} {
		_, err := cvtPrepare(tc.k, tc.in...)
		if err == nil {
			t.Errorf("%s: Prepare succeeded, want error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: error %q does not wrap %v", tc.name, err, tc.is)
		}
	}
}

func TestMeanNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	x := cvtRand(rng, 2, 5, 6, 3)
	cvtNoAllocs(t, &Mean{}, x, cvtConstI32(tensor.Shape{2}, 1, 2))
	cvtNoAllocs(t, &Mean{KeepDims: true}, x, cvtConstI32(tensor.Shape{2}, -1, 0))
}
