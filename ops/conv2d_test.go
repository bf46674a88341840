package ops

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// in3x3 is the 3x3 single-channel image
//
//	1 2 3
//	4 5 6
//	7 8 9
func in3x3() *tensor.Tensor { return cvtF32(tensor.Shape{1, 3, 3, 1}, 1, 2, 3, 4, 5, 6, 7, 8, 9) }

// filter2x2 is the single-channel 2x2 filter
//
//	1 2
//	3 4
func filter2x2() *tensor.Tensor { return cvtF32(tensor.Shape{1, 2, 2, 1}, 1, 2, 3, 4) }

func TestConv2DSameStride2OddInput(t *testing.T) {
	// SAME, stride 2 on a 3-wide input: out = ceil(3/2) = 2. The total
	// padding is (2-1)*2 + 2 - 3 = 1, so 0 goes before and 1 after: windows
	// start at rows/cols 0 and 2, and the second one hangs off the end.
	//   (0,0): 1*1 + 2*2 + 4*3 + 5*4 = 37
	//   (0,1): cols 2..3, col 3 is padding: 3*1 + 6*3 = 21
	//   (1,0): rows 2..3: 7*1 + 8*2 = 23
	//   (1,1): only 9*1 = 9
	// A bias of 0.5 adds to each.
	k := &Conv2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1}
	got := cvtRun(t, k, in3x3(), filter2x2())
	cvtExpect(t, got, tensor.Shape{1, 2, 2, 1}, 37, 21, 23, 9)

	got = cvtRun(t, k, in3x3(), filter2x2(), cvtF32(tensor.Shape{1}, 0.5))
	cvtExpect(t, got, tensor.Shape{1, 2, 2, 1}, 37.5, 21.5, 23.5, 9.5)

	// A nil bias is an omitted optional input.
	got = cvtRun(t, k, in3x3(), filter2x2(), nil)
	cvtExpect(t, got, tensor.Shape{1, 2, 2, 1}, 37, 21, 23, 9)
}

func TestConv2DValidStride2OddInput(t *testing.T) {
	// VALID, stride 2 on 3 wide with a 2 filter: out = (3-2+2)/2 = 1; the last
	// row and column are never read. Only the (0,0) window: 37.
	k := &Conv2D{Padding: PaddingValid, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1}
	cvtExpect(t, cvtRun(t, k, in3x3(), filter2x2()), tensor.Shape{1, 1, 1, 1}, 37)
}

func TestConv2DDilation2Valid(t *testing.T) {
	// 5x5 input with in[r][c] = 5r + c + 1, 2x2 filter [[1,2],[3,4]],
	// dilation 2: the effective filter is 3x3 with taps at offsets 0 and 2.
	// VALID: out = 5 - 3 + 1 = 3.
	// out(y,x) = 1*in[y][x] + 2*in[y][x+2] + 3*in[y+2][x] + 4*in[y+2][x+2]
	//          = 10*(5y+x+1) + 2*2 + 3*10 + 4*12 = 10*(5y+x+1) + 82.
	v := make([]float32, 25)
	for i := range v {
		v[i] = float32(i + 1)
	}
	k := &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 2, DilationW: 2}
	got := cvtRun(t, k, cvtF32(tensor.Shape{1, 5, 5, 1}, v...), filter2x2())
	cvtExpect(t, got, tensor.Shape{1, 3, 3, 1}, 92, 102, 112, 142, 152, 162, 192, 202, 212)
}

func TestConv2DDilation2Same(t *testing.T) {
	// 3x3 input, 2x2 filter [[1,2],[3,4]] with dilation 2 (effective 3x3),
	// SAME stride 1: out = 3, total padding (3-1) + 3 - 3 = 2, so 1 before.
	// Output (y,x) reads rows y-1, y+1 and columns x-1, x+1:
	//   (0,0): only in[1][1]=5 * w11=4                  = 20
	//   (0,1): in[1][0]=4 * w10=3 + in[1][2]=6 * w11=4  = 36
	//   (0,2): in[1][1]=5 * w10=3                       = 15
	//   (1,0): in[0][1]=2 * w01=2 + in[2][1]=8 * w11=4  = 36
	//   (1,1): 1*1 + 3*2 + 7*3 + 9*4                    = 64
	//   (1,2): in[0][1]=2 * w00=1 + in[2][1]=8 * w10=3  = 26
	//   (2,0): in[1][1]=5 * w01=2                       = 10
	//   (2,1): in[1][0]=4 * w00=1 + in[1][2]=6 * w01=2  = 16
	//   (2,2): in[1][1]=5 * w00=1                       = 5
	k := &Conv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 2, DilationW: 2}
	cvtExpect(t, cvtRun(t, k, in3x3(), filter2x2()), tensor.Shape{1, 3, 3, 1},
		20, 36, 15, 36, 64, 26, 10, 16, 5)
}

func TestConv2DFilterLayout(t *testing.T) {
	// Input 1x1x2x2: pixel 0 = [1 2], pixel 1 = [3 4]. Filter [Cout=1, KH=1,
	// KW=2, Cin=2]: tap 0 = [1 10], tap 1 = [100 1000]. VALID gives one
	// output, 1*1 + 2*10 + 3*100 + 4*1000 = 4321: each digit checks that one
	// input element met the filter element the OHWI layout puts there.
	k := &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}
	got := cvtRun(t, k, cvtF32(tensor.Shape{1, 1, 2, 2}, 1, 2, 3, 4), cvtF32(tensor.Shape{1, 1, 2, 2}, 1, 10, 100, 1000))
	cvtExpect(t, got, tensor.Shape{1, 1, 1, 1}, 4321)
}

func TestConv2DGroups(t *testing.T) {
	// Input channels [1 2 3 4]; 1x1 filter with 2 channels per filter, so
	// groups = 4/2 = 2 and, with Cout = 4, two filters per group: outputs 0,1
	// read channels 0,1 and outputs 2,3 read channels 2,3.
	//   oc0 [1  1]: 1 + 2     = 3
	//   oc1 [1 -1]: 1 - 2     = -1
	//   oc2 [1  1]: 3 + 4     = 7
	//   oc3 [2  0]: 2*3       = 6
	// With RELU, -1 becomes 0.
	x := cvtF32(tensor.Shape{1, 1, 1, 4}, 1, 2, 3, 4)
	f := cvtF32(tensor.Shape{4, 1, 1, 2}, 1, 1, 1, -1, 1, 1, 2, 0)
	k := &Conv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}
	cvtExpect(t, cvtRun(t, k, x, f), tensor.Shape{1, 1, 1, 4}, 3, -1, 7, 6)
	k.Activation = ActRelu
	cvtExpect(t, cvtRun(t, k, x, f), tensor.Shape{1, 1, 1, 4}, 3, 0, 7, 6)
}

func TestConv2DActivations(t *testing.T) {
	// A 1x1 identity filter passes [-2 -0.5 0.5 8] through to the clamp.
	x := cvtF32(tensor.Shape{1, 1, 4, 1}, -2, -0.5, 0.5, 8)
	f := cvtF32(tensor.Shape{1, 1, 1, 1}, 1)
	for _, tc := range []struct {
		act  Activation
		want []float32
	}{
		{ActNone, []float32{-2, -0.5, 0.5, 8}},
		{ActRelu, []float32{0, 0, 0.5, 8}},
		{ActReluN1To1, []float32{-1, -0.5, 0.5, 1}},
		{ActRelu6, []float32{0, 0, 0.5, 6}},
	} {
		k := &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, Activation: tc.act}
		cvtExpect(t, cvtRun(t, k, x, f), tensor.Shape{1, 1, 4, 1}, tc.want...)
	}
	for _, act := range []Activation{ActTanh, ActSignBit, Activation(99)} {
		k := &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, Activation: act}
		if _, err := cvtPrepare(k, x, f); err == nil {
			t.Errorf("activation %v: Prepare succeeded, want error", act)
		}
	}
}

// convOracle computes Conv2D from the definition in float64:
// out[b,y,x,o] = bias[o] + sum over ky,kx,i of
// in[b, y*sh-top+ky*dh, x*sw-left+kx*dw, g*kc+i] * f[o,ky,kx,i], where g is
// o's group and out-of-range input positions are zero.
func convOracle(x, f, bias *tensor.Tensor, p Padding, sh, sw, dh, dw int, act Activation) (tensor.Shape, []float64, []float64) {
	n, h, w, c := x.Shape.NHWC()
	oc, kh, kw, kc := f.Shape.NHWC()
	groups := c / kc
	perGroup := oc / groups
	oh, top := cvtOutExtent(p, h, kh, sh, dh)
	ow, left := cvtOutExtent(p, w, kw, sw, dw)
	xv, fv := x.F32(), f.F32()
	var want, mag []float64
	for b := 0; b < n; b++ {
		for y := 0; y < oh; y++ {
			for xx := 0; xx < ow; xx++ {
				for o := 0; o < oc; o++ {
					g := o / perGroup
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
							for i := 0; i < kc; i++ {
								term := float64(xv[((b*h+iy)*w+ix)*c+g*kc+i]) * float64(fv[((o*kh+ky)*kw+kx)*kc+i])
								sum += term
								m += math.Abs(term)
							}
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

func TestConv2DRandomAgainstDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ks := []int{1, 2, 3, 5}
	compared, rejected := 0, 0
	for iter := 0; iter < 400; iter++ {
		groups := 1 + rng.IntN(3)
		if rng.IntN(2) == 0 {
			groups = 1
		}
		kc := 1 + rng.IntN(3)
		oc := groups * (1 + rng.IntN(3))
		n, h, w := 1+rng.IntN(2), 1+rng.IntN(9), 1+rng.IntN(9)
		kh, kw := ks[rng.IntN(len(ks))], ks[rng.IntN(len(ks))]
		sh, sw := 1+rng.IntN(3), 1+rng.IntN(3)
		dh, dw := 1+rng.IntN(3), 1+rng.IntN(3)
		p := Padding(rng.IntN(2))
		act := cvtActs[rng.IntN(len(cvtActs))]
		x := cvtRand(rng, n, h, w, groups*kc)
		f := cvtRand(rng, oc, kh, kw, kc)
		var bias *tensor.Tensor
		in := []*tensor.Tensor{x, f}
		if rng.IntN(2) == 0 {
			bias = cvtRand(rng, oc)
			in = append(in, bias)
		}
		k := &Conv2D{Padding: p, StrideH: sh, StrideW: sw, DilationH: dh, DilationW: dw, Activation: act}
		shape, want, mag := convOracle(x, f, bias, p, sh, sw, dh, dw, act)
		if shape[1] <= 0 || shape[2] <= 0 {
			if _, err := cvtPrepare(k, in...); !errors.Is(err, ErrShape) {
				t.Fatalf("%+v on %v: want an empty-output ErrShape, got %v", k, x.Shape, err)
			}
			rejected++
			continue
		}
		cvtCompare(t, "conv", cvtRun(t, k, in...), shape, want, mag)
		compared++
	}
	if compared < 250 || rejected == 0 {
		t.Fatalf("weak coverage: %d compared, %d rejected", compared, rejected)
	}
}

func TestConv2DErrors(t *testing.T) {
	f32 := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape(s)) }
	ok := &Conv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}
	for _, tc := range []struct {
		name string
		k    *Conv2D
		in   []*tensor.Tensor
		is   error
	}{
		{"input rank 3", ok, []*tensor.Tensor{f32(3, 3, 1), f32(1, 1, 1, 1)}, ErrShape},
		{"filter rank 3", ok, []*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 1, 1)}, ErrShape},
		{"int8 input", ok, []*tensor.Tensor{tensor.New(tensor.Int8, tensor.Shape{1, 3, 3, 1}), f32(1, 1, 1, 1)}, ErrType},
		{"int8 filter", ok, []*tensor.Tensor{f32(1, 3, 3, 1), tensor.New(tensor.Int8, tensor.Shape{1, 1, 1, 1})}, ErrType},
		{"channels not a multiple", ok, []*tensor.Tensor{f32(1, 3, 3, 3), f32(1, 1, 1, 2)}, ErrShape},
		{"output channels not a multiple of groups", ok, []*tensor.Tensor{f32(1, 3, 3, 4), f32(3, 1, 1, 2)}, ErrShape},
		{"bias size", ok, []*tensor.Tensor{f32(1, 3, 3, 1), f32(2, 1, 1, 1), f32(3)}, ErrShape},
		{"bias dtype", ok, []*tensor.Tensor{f32(1, 3, 3, 1), f32(2, 1, 1, 1), tensor.New(tensor.Int32, tensor.Shape{2})}, ErrType},
		{"zero-size input", ok, []*tensor.Tensor{f32(1, 0, 3, 1), f32(1, 1, 1, 1)}, ErrShape},
		{"zero-size filter", ok, []*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 1, 1, 0)}, ErrShape},
		{"VALID filter larger than input", &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 4, 1, 1)}, ErrShape},
		{"VALID dilated filter larger than input", &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 2, DilationW: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 3, 1, 1)}, ErrShape},
		{"stride 0", &Conv2D{Padding: PaddingSame, StrideH: 0, StrideW: 1, DilationH: 1, DilationW: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 1, 1, 1)}, nil},
		{"stride -1", &Conv2D{Padding: PaddingSame, StrideH: 1, StrideW: -1, DilationH: 1, DilationW: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 1, 1, 1)}, nil},
		{"dilation 0", &Conv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 1, 1, 1)}, nil},
		{"unknown padding", &Conv2D{Padding: Padding(9), StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1},
			[]*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 1, 1, 1)}, nil},
		{"one input", ok, []*tensor.Tensor{f32(1, 3, 3, 1)}, nil},
		{"four inputs", ok, []*tensor.Tensor{f32(1, 3, 3, 1), f32(1, 1, 1, 1), f32(1), f32(1)}, nil},
		{"nil filter", ok, []*tensor.Tensor{f32(1, 3, 3, 1), nil}, nil},
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

func TestConv2DNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	k := &Conv2D{Padding: PaddingSame, StrideH: 2, StrideW: 1, DilationH: 1, DilationW: 2, Activation: ActRelu6}
	cvtNoAllocs(t, k, cvtRand(rng, 1, 7, 6, 4), cvtRand(rng, 4, 3, 3, 2), cvtRand(rng, 4))
}
