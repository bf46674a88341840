package ops

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestDepthwiseConv2DMultiplier2(t *testing.T) {
	// Input 1x2x2x2, pixels (0,0)=[1 2] (0,1)=[3 4] (1,0)=[5 6] (1,1)=[7 8].
	// Depth multiplier 2: Cout = 4 and output oc = ic*2 + m reads input
	// channel oc/2. Filter [1,2,2,4], per tap (ky,kx) the 4 output channels:
	//   (0,0): [1 0 0 1]   (0,1): [1 0 0 0]
	//   (1,0): [0 1 0 0]   (1,1): [0 0 1 10]
	// VALID gives one output pixel:
	//   oc0 (ic0): 1*in(0,0)[0] + 1*in(0,1)[0] = 1 + 3 = 4
	//   oc1 (ic0): 1*in(1,0)[0]                = 5
	//   oc2 (ic1): 1*in(1,1)[1]                = 8
	//   oc3 (ic1): 1*in(0,0)[1] + 10*in(1,1)[1] = 2 + 80 = 82
	// Bias [0.5 -5 0 1] gives [4.5 0 8 83]; RELU6 then gives [4.5 0 6 6].
	x := cvtF32(tensor.Shape{1, 2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8)
	f := cvtF32(tensor.Shape{1, 2, 2, 4},
		1, 0, 0, 1,
		1, 0, 0, 0,
		0, 1, 0, 0,
		0, 0, 1, 10)
	bias := cvtF32(tensor.Shape{4}, 0.5, -5, 0, 1)
	k := &DepthwiseConv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, DepthMultiplier: 2}
	cvtExpect(t, cvtRun(t, k, x, f), tensor.Shape{1, 1, 1, 4}, 4, 5, 8, 82)
	cvtExpect(t, cvtRun(t, k, x, f, bias), tensor.Shape{1, 1, 1, 4}, 4.5, 0, 8, 83)
	k.Activation = ActRelu6
	cvtExpect(t, cvtRun(t, k, x, f, bias), tensor.Shape{1, 1, 1, 4}, 4.5, 0, 6, 6)

	// TFLite derives the multiplier from the shapes; an inconsistent (or
	// zero) DepthMultiplier option changes nothing.
	for _, dm := range []int{0, 1, 5} {
		k := &DepthwiseConv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, DepthMultiplier: dm}
		cvtExpect(t, cvtRun(t, k, x, f), tensor.Shape{1, 1, 1, 4}, 4, 5, 8, 82)
	}
}

func TestDepthwiseConv2DSameStride2(t *testing.T) {
	// 3x3 input 1..9, 3x3 filter of ones, SAME stride 2: out = 2, total
	// padding (2-1)*2 + 3 - 3 = 2, so 1 before. Windows start at -1 and 1:
	//   (0,0): rows 0..1, cols 0..1: 1+2+4+5 = 12
	//   (0,1): rows 0..1, cols 1..2: 2+3+5+6 = 16
	//   (1,0): rows 1..2, cols 0..1: 4+5+7+8 = 24
	//   (1,1): rows 1..2, cols 1..2: 5+6+8+9 = 28
	ones := cvtF32(tensor.Shape{1, 3, 3, 1}, 1, 1, 1, 1, 1, 1, 1, 1, 1)
	k := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1, DepthMultiplier: 1}
	cvtExpect(t, cvtRun(t, k, in3x3(), ones), tensor.Shape{1, 2, 2, 1}, 12, 16, 24, 28)
}

func TestDepthwiseConv2DDilation2(t *testing.T) {
	// Same numbers as TestConv2DDilation2Valid: with one channel a depthwise
	// convolution is a plain convolution. out(y,x) = 10*(5y+x+1) + 82.
	v := make([]float32, 25)
	for i := range v {
		v[i] = float32(i + 1)
	}
	k := &DepthwiseConv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 2, DilationW: 2, DepthMultiplier: 1}
	got := cvtRun(t, k, cvtF32(tensor.Shape{1, 5, 5, 1}, v...), filter2x2())
	cvtExpect(t, got, tensor.Shape{1, 3, 3, 1}, 92, 102, 112, 142, 152, 162, 192, 202, 212)
}

// depthwiseOracle computes DepthwiseConv2D from the definition in float64:
// out[b,y,x,o] = bias[o] + sum over ky,kx of
// in[b, y*sh-top+ky*dh, x*sw-left+kx*dw, o/M] * f[0,ky,kx,o], M = Cout/Cin.
func depthwiseOracle(x, f, bias *tensor.Tensor, p Padding, sh, sw, dh, dw int, act Activation) (tensor.Shape, []float64, []float64) {
	n, h, w, c := x.Shape.NHWC()
	_, kh, kw, oc := f.Shape.NHWC()
	mult := oc / c
	oh, top := cvtOutExtent(p, h, kh, sh, dh)
	ow, left := cvtOutExtent(p, w, kw, sw, dw)
	xv, fv := x.F32(), f.F32()
	var want, mag []float64
	for b := 0; b < n; b++ {
		for y := 0; y < oh; y++ {
			for xx := 0; xx < ow; xx++ {
				for o := 0; o < oc; o++ {
					var sum, m float64
					if bias != nil {
						sum = float64(bias.F32()[o])
						m = math.Abs(sum)
					}
					for ky := 0; ky < kh; ky++ {
						for kx := 0; kx < kw; kx++ {
							iy, ix := y*sh-top+ky*dh, xx*sw-left+kx*dw
							if iy < 0 || iy >= h || ix < 0 || ix >= w {
								continue
							}
							term := float64(xv[((b*h+iy)*w+ix)*c+o/mult]) * float64(fv[(ky*kw+kx)*oc+o])
							sum += term
							m += math.Abs(term)
						}
					}
					want = append(want, cvtClamp(act, sum))
					mag = append(mag, m)
				}
			}
		}
	}
	return tensor.Shape{n, oh, ow, oc}, want, mag
}

func TestDepthwiseConv2DRandomAgainstDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ks := []int{1, 2, 3, 5}
	compared, rejected := 0, 0
	for iter := 0; iter < 400; iter++ {
		c, mult := 1+rng.IntN(4), 1+rng.IntN(3)
		n, h, w := 1+rng.IntN(2), 1+rng.IntN(9), 1+rng.IntN(9)
		kh, kw := ks[rng.IntN(len(ks))], ks[rng.IntN(len(ks))]
		sh, sw := 1+rng.IntN(3), 1+rng.IntN(3)
		dh, dw := 1+rng.IntN(3), 1+rng.IntN(3)
		p := Padding(rng.IntN(2))
		act := cvtActs[rng.IntN(len(cvtActs))]
		x := cvtRand(rng, n, h, w, c)
		f := cvtRand(rng, 1, kh, kw, c*mult)
		var bias *tensor.Tensor
		in := []*tensor.Tensor{x, f}
		if rng.IntN(2) == 0 {
			bias = cvtRand(rng, c*mult)
			in = append(in, bias)
		}
		k := &DepthwiseConv2D{Padding: p, StrideH: sh, StrideW: sw, DilationH: dh, DilationW: dw, DepthMultiplier: mult, Activation: act}
		shape, want, mag := depthwiseOracle(x, f, bias, p, sh, sw, dh, dw, act)
		if shape[1] <= 0 || shape[2] <= 0 {
			if _, err := cvtPrepare(k, in...); !errors.Is(err, ErrShape) {
				t.Fatalf("%+v on %v: want an empty-output ErrShape, got %v", k, x.Shape, err)
			}
			rejected++
			continue
		}
		cvtCompare(t, "depthwise", cvtRun(t, k, in...), shape, want, mag)
		compared++
	}
	if compared < 250 || rejected == 0 {
		t.Fatalf("weak coverage: %d compared, %d rejected", compared, rejected)
	}
}

func TestDepthwiseConv2DErrors(t *testing.T) {
	f32 := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape(s)) }
	ok := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, DepthMultiplier: 1}
	for _, tc := range []struct {
		name string
		k    *DepthwiseConv2D
		in   []*tensor.Tensor
		is   error
	}{
		{"input rank 3", ok, []*tensor.Tensor{f32(3, 3, 2), f32(1, 3, 3, 2)}, ErrShape},
		{"filter rank 3", ok, []*tensor.Tensor{f32(1, 3, 3, 2), f32(3, 3, 2)}, ErrShape},
		{"filter batch 2", ok, []*tensor.Tensor{f32(1, 3, 3, 2), f32(2, 3, 3, 2)}, ErrShape},
		{"filter channels not a multiple", ok, []*tensor.Tensor{f32(1, 3, 3, 2), f32(1, 3, 3, 3)}, ErrShape},
		{"filter channels fewer than input", ok, []*tensor.Tensor{f32(1, 3, 3, 4), f32(1, 3, 3, 2)}, ErrShape},
		{"bias size", ok, []*tensor.Tensor{f32(1, 3, 3, 2), f32(1, 3, 3, 2), f32(4)}, ErrShape},
		{"float16 input", ok, []*tensor.Tensor{tensor.New(tensor.Float16, tensor.Shape{1, 3, 3, 2}), f32(1, 3, 3, 2)}, ErrType},
		{"VALID filter larger than input", &DepthwiseConv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 2), f32(1, 1, 4, 2)}, ErrShape},
		{"stride 0", &DepthwiseConv2D{Padding: PaddingSame, StrideW: 1, DilationH: 1, DilationW: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 2), f32(1, 3, 3, 2)}, nil},
		{"dilation 0", &DepthwiseConv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 2), f32(1, 3, 3, 2)}, nil},
		{"tanh", &DepthwiseConv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, Activation: ActTanh},
			[]*tensor.Tensor{f32(1, 3, 3, 2), f32(1, 3, 3, 2)}, nil},
		{"one input", ok, []*tensor.Tensor{f32(1, 3, 3, 2)}, nil},
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

func TestDepthwiseConv2DNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	k := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1, DepthMultiplier: 2, Activation: ActRelu}
	cvtNoAllocs(t, k, cvtRand(rng, 2, 9, 7, 3), cvtRand(rng, 1, 3, 3, 6), cvtRand(rng, 6))
}
