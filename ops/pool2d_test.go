package ops

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestPool2DSameStride2OddInput(t *testing.T) {
	// 3x3 input 1..9, 2x2 window, SAME, stride 2: out = 2, total padding 1,
	// 0 before (as for Conv2D). Windows and their in-bounds taps:
	//   (0,0): 1 2 4 5 -> mean 12/4 = 3,   max 5
	//   (0,1): 3 6     -> mean  9/2 = 4.5, max 6
	//   (1,0): 7 8     -> mean 15/2 = 7.5, max 8
	//   (1,1): 9       -> mean  9/1 = 9,   max 9
	// Dividing by the filter area instead would give 3, 2.25, 3.75, 2.25.
	avg := &AveragePool2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, FilterH: 2, FilterW: 2}
	cvtExpect(t, cvtRun(t, avg, in3x3()), tensor.Shape{1, 2, 2, 1}, 3, 4.5, 7.5, 9)
	mx := &MaxPool2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, FilterH: 2, FilterW: 2}
	cvtExpect(t, cvtRun(t, mx, in3x3()), tensor.Shape{1, 2, 2, 1}, 5, 6, 8, 9)
}

func TestAveragePool2DSame3x3(t *testing.T) {
	// 3x3 input 1..9, 3x3 window, SAME stride 1: padding 1 all round. The
	// count of in-bounds taps is 4 at corners, 6 at edges, 9 in the middle:
	//   (0,0): 1+2+4+5 = 12/4 = 3        (0,1): 1..6 = 21/6 = 3.5
	//   (0,2): 2+3+5+6 = 16/4 = 4        (1,0): 1+2+4+5+7+8 = 27/6 = 4.5
	//   (1,1): 45/9 = 5                  (1,2): 2+3+5+6+8+9 = 33/6 = 5.5
	//   (2,0): 4+5+7+8 = 24/4 = 6        (2,1): 4..9 = 39/6 = 6.5
	//   (2,2): 5+6+8+9 = 28/4 = 7
	k := &AveragePool2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, FilterH: 3, FilterW: 3}
	cvtExpect(t, cvtRun(t, k, in3x3()), tensor.Shape{1, 3, 3, 1}, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7)
	// RELU_N1_TO_1 clamps all of them to 1.
	k.Activation = ActReluN1To1
	cvtExpect(t, cvtRun(t, k, in3x3()), tensor.Shape{1, 3, 3, 1}, 1, 1, 1, 1, 1, 1, 1, 1, 1)
}

func TestMaxPool2DPaddingIsNotZero(t *testing.T) {
	// All-negative 2x2 input [-1 -2; -3 -4], 3x3 window SAME stride 1: every
	// window covers all four values (padding 1), so every output is -1. Were
	// padding read as 0, every output would be 0.
	x := cvtF32(tensor.Shape{1, 2, 2, 1}, -1, -2, -3, -4)
	k := &MaxPool2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, FilterH: 3, FilterW: 3}
	cvtExpect(t, cvtRun(t, k, x), tensor.Shape{1, 2, 2, 1}, -1, -1, -1, -1)
	// RELU then turns them to 0.
	k.Activation = ActRelu
	cvtExpect(t, cvtRun(t, k, x), tensor.Shape{1, 2, 2, 1}, 0, 0, 0, 0)
}

func TestPool2DActivations(t *testing.T) {
	// A 1x1 window passes values through to the clamp: RELU6 on
	// [-2 -0.5 0.5 8] gives [0 0 0.5 6].
	x := cvtF32(tensor.Shape{1, 1, 4, 1}, -2, -0.5, 0.5, 8)
	mx := &MaxPool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 1, FilterW: 1, Activation: ActRelu6}
	cvtExpect(t, cvtRun(t, mx, x), tensor.Shape{1, 1, 4, 1}, 0, 0, 0.5, 6)
	avg := &AveragePool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 1, FilterW: 1, Activation: ActRelu6}
	cvtExpect(t, cvtRun(t, avg, x), tensor.Shape{1, 1, 4, 1}, 0, 0, 0.5, 6)
}

func TestAveragePool2DGlobal(t *testing.T) {
	// Global average pooling: 2x2 filter on a 2x2 input, VALID. Two batches,
	// two channels: batch 0 pixels [1 10] [2 20] [3 30] [4 40] -> [2.5 25];
	// batch 1 is batch 0 negated -> [-2.5 -25].
	x := cvtF32(tensor.Shape{2, 2, 2, 2}, 1, 10, 2, 20, 3, 30, 4, 40, -1, -10, -2, -20, -3, -30, -4, -40)
	k := &AveragePool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2}
	cvtExpect(t, cvtRun(t, k, x), tensor.Shape{2, 1, 1, 2}, 2.5, 25, -2.5, -25)
	mx := &MaxPool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2}
	cvtExpect(t, cvtRun(t, mx, x), tensor.Shape{2, 1, 1, 2}, 4, 40, -1, -10)
}

// poolOracle pools from the definition in float64: the window of output
// (y,x) is input rows y*sh-top .. +fh-1 and columns x*sw-left .. +fw-1; only
// positions inside the input take part.
func poolOracle(x *tensor.Tensor, isMax bool, p Padding, sh, sw, fh, fw int, act Activation) (tensor.Shape, []float64, []float64) {
	n, h, w, c := x.Shape.NHWC()
	oh, top := cvtOutExtent(p, h, fh, sh, 1)
	ow, left := cvtOutExtent(p, w, fw, sw, 1)
	xv := x.F32()
	var want, mag []float64
	for b := 0; b < n; b++ {
		for y := 0; y < oh; y++ {
			for xx := 0; xx < ow; xx++ {
				for ch := 0; ch < c; ch++ {
					var sum, m float64
					best := math.Inf(-1)
					count := 0
					for iy := y*sh - top; iy < y*sh-top+fh; iy++ {
						for ix := xx*sw - left; ix < xx*sw-left+fw; ix++ {
							if iy < 0 || iy >= h || ix < 0 || ix >= w {
								continue
							}
							v := float64(xv[((b*h+iy)*w+ix)*c+ch])
							sum += v
							m += math.Abs(v)
							best = math.Max(best, v)
							count++
						}
					}
					if isMax {
						want = append(want, cvtClamp(act, best))
						mag = append(mag, 0)
					} else {
						want = append(want, cvtClamp(act, sum/float64(count)))
						mag = append(mag, m/float64(count))
					}
				}
			}
		}
	}
	return tensor.Shape{n, oh, ow, c}, want, mag
}

func TestPool2DRandomAgainstDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	compared, rejected := 0, 0
	for iter := 0; iter < 400; iter++ {
		n, h, w, c := 1+rng.IntN(2), 1+rng.IntN(9), 1+rng.IntN(9), 1+rng.IntN(4)
		fh, fw := 1+rng.IntN(5), 1+rng.IntN(5)
		sh, sw := 1+rng.IntN(3), 1+rng.IntN(3)
		p := Padding(rng.IntN(2))
		act := cvtActs[rng.IntN(len(cvtActs))]
		isMax := rng.IntN(2) == 0
		x := cvtRand(rng, n, h, w, c)
		var k Kernel = &AveragePool2D{Padding: p, StrideH: sh, StrideW: sw, FilterH: fh, FilterW: fw, Activation: act}
		if isMax {
			k = &MaxPool2D{Padding: p, StrideH: sh, StrideW: sw, FilterH: fh, FilterW: fw, Activation: act}
		}
		shape, want, mag := poolOracle(x, isMax, p, sh, sw, fh, fw, act)
		if shape[1] <= 0 || shape[2] <= 0 {
			if _, err := cvtPrepare(k, x); !errors.Is(err, ErrShape) {
				t.Fatalf("%+v on %v: want an empty-output ErrShape, got %v", k, x.Shape, err)
			}
			rejected++
			continue
		}
		cvtCompare(t, "pool", cvtRun(t, k, x), shape, want, mag)
		compared++
	}
	if compared < 250 || rejected == 0 {
		t.Fatalf("weak coverage: %d compared, %d rejected", compared, rejected)
	}
}

func TestPool2DErrors(t *testing.T) {
	f32 := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape(s)) }
	for _, tc := range []struct {
		name           string
		p              Padding
		sh, sw, fh, fw int
		act            Activation
		in             []*tensor.Tensor
		is             error
	}{
		{"rank 3", PaddingSame, 1, 1, 2, 2, ActNone, []*tensor.Tensor{f32(3, 3, 1)}, ErrShape},
		{"int8", PaddingSame, 1, 1, 2, 2, ActNone, []*tensor.Tensor{tensor.New(tensor.Int8, tensor.Shape{1, 3, 3, 1})}, ErrType},
		{"empty input", PaddingSame, 1, 1, 2, 2, ActNone, []*tensor.Tensor{f32(1, 3, 0, 1)}, ErrShape},
		{"VALID filter larger than input", PaddingValid, 1, 1, 4, 2, ActNone, []*tensor.Tensor{f32(1, 3, 3, 1)}, ErrShape},
		{"stride 0", PaddingSame, 0, 1, 2, 2, ActNone, []*tensor.Tensor{f32(1, 3, 3, 1)}, nil},
		{"filter 0", PaddingSame, 1, 1, 2, 0, ActNone, []*tensor.Tensor{f32(1, 3, 3, 1)}, nil},
		{"unknown padding", Padding(4), 1, 1, 2, 2, ActNone, []*tensor.Tensor{f32(1, 3, 3, 1)}, nil},
		{"tanh", PaddingSame, 1, 1, 2, 2, ActTanh, []*tensor.Tensor{f32(1, 3, 3, 1)}, nil},
		{"two inputs", PaddingSame, 1, 1, 2, 2, ActNone, []*tensor.Tensor{f32(1, 3, 3, 1), f32(1)}, nil},
		{"nil input", PaddingSame, 1, 1, 2, 2, ActNone, []*tensor.Tensor{nil}, nil},
	} {
		for _, k := range []Kernel{
			&AveragePool2D{Padding: tc.p, StrideH: tc.sh, StrideW: tc.sw, FilterH: tc.fh, FilterW: tc.fw, Activation: tc.act},
			&MaxPool2D{Padding: tc.p, StrideH: tc.sh, StrideW: tc.sw, FilterH: tc.fh, FilterW: tc.fw, Activation: tc.act},
		} {
			_, err := cvtPrepare(k, tc.in...)
			if err == nil {
				t.Errorf("%s %T: Prepare succeeded, want error", tc.name, k)
				continue
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%s %T: error %q does not wrap %v", tc.name, k, err, tc.is)
			}
		}
	}
}

func TestPool2DNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	x := cvtRand(rng, 2, 7, 8, 3)
	cvtNoAllocs(t, &AveragePool2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, FilterH: 3, FilterW: 3, Activation: ActRelu}, x)
	cvtNoAllocs(t, &MaxPool2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, FilterH: 3, FilterW: 3, Activation: ActRelu}, x)
}
