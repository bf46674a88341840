package ops

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestFullyConnectedHand(t *testing.T) {
	// Input rows [1 2 3] and [4 5 6]; weights rows (one per output)
	// [1 0 -1] and [0.5 0.5 0.5]; bias [10 0]:
	//   row 0: 1-3 = -2 (+10 = 8),  0.5*(1+2+3) = 3
	//   row 1: 4-6 = -2 (+10 = 8),  0.5*(4+5+6) = 7.5
	x := cvtF32(tensor.Shape{2, 3}, 1, 2, 3, 4, 5, 6)
	w := cvtF32(tensor.Shape{2, 3}, 1, 0, -1, 0.5, 0.5, 0.5)
	k := &FullyConnected{}
	cvtExpect(t, cvtRun(t, k, x, w), tensor.Shape{2, 2}, -2, 3, -2, 7.5)
	cvtExpect(t, cvtRun(t, k, x, w, nil), tensor.Shape{2, 2}, -2, 3, -2, 7.5)
	cvtExpect(t, cvtRun(t, k, x, w, cvtF32(tensor.Shape{2}, 10, 0)), tensor.Shape{2, 2}, 8, 3, 8, 7.5)

	// RELU with bias [-10 0]: -12 -> 0; RELU_N1_TO_1 clamps 3 and 7.5 to 1.
	k = &FullyConnected{Activation: ActRelu}
	cvtExpect(t, cvtRun(t, k, x, w, cvtF32(tensor.Shape{2}, -10, 0)), tensor.Shape{2, 2}, 0, 3, 0, 7.5)
	k = &FullyConnected{Activation: ActReluN1To1}
	cvtExpect(t, cvtRun(t, k, x, w), tensor.Shape{2, 2}, -1, 1, -1, 1)
	k = &FullyConnected{Activation: ActRelu6}
	cvtExpect(t, cvtRun(t, k, x, w, cvtF32(tensor.Shape{2}, 10, 0)), tensor.Shape{2, 2}, 6, 3, 6, 6)
}

func TestFullyConnectedShapes(t *testing.T) {
	// The same six values as [1,2,1,3]: flattened to B = 6/3 = 2 rows of 3, so
	// the output is [2,2] with the values of TestFullyConnectedHand, or with
	// keep_num_dims the input shape with its last dimension replaced by 2.
	x := cvtF32(tensor.Shape{1, 2, 1, 3}, 1, 2, 3, 4, 5, 6)
	w := cvtF32(tensor.Shape{2, 3}, 1, 0, -1, 0.5, 0.5, 0.5)
	cvtExpect(t, cvtRun(t, &FullyConnected{}, x, w), tensor.Shape{2, 2}, -2, 3, -2, 7.5)
	cvtExpect(t, cvtRun(t, &FullyConnected{KeepNumDims: true}, x, w), tensor.Shape{1, 2, 1, 2}, -2, 3, -2, 7.5)

	// A [3,2] input with K = 3 is read as 2 rows [1 2 3] [4 5 6] without
	// keep_num_dims (TFLite flattens), but keep_num_dims needs last dim = K.
	x32 := cvtF32(tensor.Shape{3, 2}, 1, 2, 3, 4, 5, 6)
	cvtExpect(t, cvtRun(t, &FullyConnected{}, x32, w), tensor.Shape{2, 2}, -2, 3, -2, 7.5)
	if _, err := cvtPrepare(&FullyConnected{KeepNumDims: true}, x32, w); !errors.Is(err, ErrShape) {
		t.Errorf("keep_num_dims with last dim 2 != 3: got %v, want ErrShape", err)
	}

	// A rank-1 input is one row.
	cvtExpect(t, cvtRun(t, &FullyConnected{}, cvtF32(tensor.Shape{3}, 1, 2, 3), w), tensor.Shape{1, 2}, -2, 3)
	cvtExpect(t, cvtRun(t, &FullyConnected{KeepNumDims: true}, cvtF32(tensor.Shape{3}, 1, 2, 3), w), tensor.Shape{2}, -2, 3)
}

func TestFullyConnectedRandomAgainstDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for iter := 0; iter < 200; iter++ {
		b, kd, n := 1+rng.IntN(5), 1+rng.IntN(40), 1+rng.IntN(9)
		x := cvtRand(rng, b, kd)
		w := cvtRand(rng, n, kd)
		act := cvtActs[rng.IntN(len(cvtActs))]
		in := []*tensor.Tensor{x, w}
		var bias *tensor.Tensor
		if rng.IntN(2) == 0 {
			bias = cvtRand(rng, n)
			in = append(in, bias)
		}
		var want, mag []float64
		for r := 0; r < b; r++ {
			for o := 0; o < n; o++ {
				var sum, m float64
				if bias != nil {
					sum = float64(bias.F32()[o])
					m = math.Abs(sum)
				}
				for i := 0; i < kd; i++ {
					term := float64(x.F32()[r*kd+i]) * float64(w.F32()[o*kd+i])
					sum += term
					m += math.Abs(term)
				}
				want = append(want, cvtClamp(act, sum))
				mag = append(mag, m)
			}
		}
		cvtCompare(t, "fully connected", cvtRun(t, &FullyConnected{Activation: act}, in...), tensor.Shape{b, n}, want, mag)
	}
}

func TestFullyConnectedErrors(t *testing.T) {
	f32 := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape(s)) }
	for _, tc := range []struct {
		name string
		k    *FullyConnected
		in   []*tensor.Tensor
		is   error
	}{
		{"elements not a multiple of K", &FullyConnected{}, []*tensor.Tensor{f32(2, 5), f32(4, 3)}, ErrShape},
		{"weights rank 3", &FullyConnected{}, []*tensor.Tensor{f32(2, 3), f32(1, 4, 3)}, ErrShape},
		{"weights rank 1", &FullyConnected{}, []*tensor.Tensor{f32(2, 3), f32(3)}, ErrShape},
		{"scalar input", &FullyConnected{}, []*tensor.Tensor{f32(), f32(1, 1)}, ErrShape},
		{"empty input", &FullyConnected{}, []*tensor.Tensor{f32(0, 3), f32(4, 3)}, ErrShape},
		{"empty weights", &FullyConnected{}, []*tensor.Tensor{f32(2, 3), f32(0, 3)}, ErrShape},
		{"bias size", &FullyConnected{}, []*tensor.Tensor{f32(2, 3), f32(4, 3), f32(3)}, ErrShape},
		{"int8 input", &FullyConnected{}, []*tensor.Tensor{tensor.New(tensor.Int8, tensor.Shape{2, 3}), f32(4, 3)}, ErrType},
		{"int8 weights", &FullyConnected{}, []*tensor.Tensor{f32(2, 3), tensor.New(tensor.Int8, tensor.Shape{4, 3})}, ErrType},
		{"tanh", &FullyConnected{Activation: ActTanh}, []*tensor.Tensor{f32(2, 3), f32(4, 3)}, nil},
		{"one input", &FullyConnected{}, []*tensor.Tensor{f32(2, 3)}, nil},
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

func TestFullyConnectedNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	cvtNoAllocs(t, &FullyConnected{Activation: ActRelu, KeepNumDims: true}, cvtRand(rng, 2, 3, 16), cvtRand(rng, 5, 16), cvtRand(rng, 5))
}
