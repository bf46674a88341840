package ops

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func in2x2() *tensor.Tensor { return cvtF32(tensor.Shape{1, 2, 2, 1}, 1, 2, 3, 4) }

func TestTransposeConvStride2NoOverlap(t *testing.T) {
	// Input [[1 2] [3 4]], weights [[1 2] [3 4]], stride 2, output 4x4.
	// Padding: n = (4+2-2)/2 = 2 (VALID) or ceil(4/2) = 2 (SAME), total
	// (2-1)*2 + 2 - 4 = 0, so none. Each input pixel stamps a scaled copy of
	// the kernel onto its own 2x2 block: out[y][x] = in[y/2][x/2]*w[y%2][x%2].
	//   1*1 1*2 | 2*1 2*2        1  2  2  4
	//   1*3 1*4 | 2*3 2*4   =    3  4  6  8
	//   3*1 3*2 | 4*1 4*2        3  6  4  8
	//   3*3 3*4 | 4*3 4*4        9 12 12 16
	want := []float32{1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16}
	for _, p := range []Padding{PaddingValid, PaddingSame} {
		k := &TransposeConv{Padding: p, StrideH: 2, StrideW: 2}
		got := cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 4, 4, 1), filter2x2(), in2x2())
		cvtExpect(t, got, tensor.Shape{1, 4, 4, 1}, want...)
	}
	// A bias of 1 is added to every output, including via a 4th input.
	plus1 := make([]float32, len(want))
	for i, v := range want {
		plus1[i] = v + 1
	}
	k := &TransposeConv{Padding: PaddingValid, StrideH: 2, StrideW: 2}
	got := cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 4, 4, 1), filter2x2(), in2x2(), cvtF32(tensor.Shape{1}, 1))
	cvtExpect(t, got, tensor.Shape{1, 4, 4, 1}, plus1...)
	// A nil bias is an omitted optional input.
	got = cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 4, 4, 1), filter2x2(), in2x2(), nil)
	cvtExpect(t, got, tensor.Shape{1, 4, 4, 1}, want...)
}

func TestTransposeConvOverlap(t *testing.T) {
	// Input [[1 2] [3 4]], 2x2 kernel of ones, stride 1, output 3x3, VALID:
	// n = (3+1-2)/1 = 2, total (2-1) + 2 - 3 = 0, no padding. Input (iy,ix)
	// adds itself to outputs (iy..iy+1, ix..ix+1), so each output is the sum
	// of the inputs within one step up-left:
	//   1      1+2      2          1  3  2
	//   1+3    1+2+3+4  2+4   =    4 10  6
	//   3      3+4      4          3  7  4
	ones := cvtF32(tensor.Shape{1, 2, 2, 1}, 1, 1, 1, 1)
	k := &TransposeConv{Padding: PaddingValid, StrideH: 1, StrideW: 1}
	got := cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 3, 3, 1), ones, in2x2())
	cvtExpect(t, got, tensor.Shape{1, 3, 3, 1}, 1, 3, 2, 4, 10, 6, 3, 7, 4)

	// The same with SAME padding and output 2x2: n = 2, total (2-1)+2-2 = 1,
	// 0 before, so the output is the top-left 2x2 of the above.
	k = &TransposeConv{Padding: PaddingSame, StrideH: 1, StrideW: 1}
	got = cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 2, 2, 1), ones, in2x2())
	cvtExpect(t, got, tensor.Shape{1, 2, 2, 1}, 1, 3, 4, 10)
}

func TestTransposeConvSamePadding1(t *testing.T) {
	// Input [[1 2] [3 4]], 3x3 kernel of ones, stride 2, SAME, output 3x3:
	// n = ceil(3/2) = 2, total (2-1)*2 + 3 - 3 = 2, so 1 before. Input (iy,ix)
	// covers output rows 2iy-1..2iy+1 and columns 2ix-1..2ix+1, clipped:
	//   in 1 -> rows 0..1, cols 0..1     in 2 -> rows 0..1, cols 1..2
	//   in 3 -> rows 1..2, cols 0..1     in 4 -> rows 1..2, cols 1..2
	// giving
	//   1    1+2      2           1  3  2
	//   1+3  1+2+3+4  2+4    =    4 10  6
	//   3    3+4      4           3  7  4
	ones := cvtF32(tensor.Shape{1, 3, 3, 1}, 1, 1, 1, 1, 1, 1, 1, 1, 1)
	k := &TransposeConv{Padding: PaddingSame, StrideH: 2, StrideW: 2}
	got := cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 3, 3, 1), ones, in2x2())
	cvtExpect(t, got, tensor.Shape{1, 3, 3, 1}, 1, 3, 2, 4, 10, 6, 3, 7, 4)
}

func TestTransposeConvOutputSmallerThanKernel(t *testing.T) {
	// TFLite does not check output_shape against the input. One input pixel
	// of 2, weights 1..9 (3x3), output 1x1:
	//   VALID: n = (1+1-3)/1 = -1 (C division), total = -2 + 3 - 1 = 0, pad 0:
	//          output (0,0) gets only tap (0,0): 2*1 = 2.
	//   SAME:  n = 1, total = 0 + 3 - 1 = 2, pad 1: output (0,0) = input
	//          position -1 + tap, so tap (1,1): 2*5 = 10.
	w := cvtF32(tensor.Shape{1, 3, 3, 1}, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	x := cvtF32(tensor.Shape{1, 1, 1, 1}, 2)
	for _, tc := range []struct {
		p      Padding
		stride int
		want   float32
	}{{PaddingValid, 1, 2}, {PaddingValid, 2, 2}, {PaddingSame, 1, 10}} {
		k := &TransposeConv{Padding: tc.p, StrideH: tc.stride, StrideW: tc.stride}
		cvtExpect(t, cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 1, 1, 1), w, x), tensor.Shape{1, 1, 1, 1}, tc.want)
	}
}

func TestTransposeConvChannelsAndActivation(t *testing.T) {
	// Input one pixel [1 2]; weights [Cout=2, 1, 1, Cin=2]: oc0 = [1 10],
	// oc1 = [100 1000]. oc0 = 1*1 + 2*10 = 21, oc1 = 1*100 + 2*1000 = 2100.
	// Bias [-30 0] gives [-9 2100]; RELU gives [0 2100]; RELU6 [0 6];
	// RELU_N1_TO_1 [-1 1].
	x := cvtF32(tensor.Shape{1, 1, 1, 2}, 1, 2)
	w := cvtF32(tensor.Shape{2, 1, 1, 2}, 1, 10, 100, 1000)
	bias := cvtF32(tensor.Shape{2}, -30, 0)
	for _, tc := range []struct {
		act  Activation
		want []float32
	}{
		{ActNone, []float32{-9, 2100}},
		{ActRelu, []float32{0, 2100}},
		{ActRelu6, []float32{0, 6}},
		{ActReluN1To1, []float32{-1, 1}},
	} {
		k := &TransposeConv{Padding: PaddingValid, StrideH: 1, StrideW: 1, Activation: tc.act}
		got := cvtRun(t, k, cvtConstI32(tensor.Shape{4}, 1, 1, 1, 2), w, x, bias)
		cvtExpect(t, got, tensor.Shape{1, 1, 1, 2}, tc.want...)
	}
}

// transposeGather computes a transpose convolution in the gather form: each
// output (b,oy,ox,oc) sums input(b,iy,ix,ic)*w[oc,ky,kx,ic] over the input
// positions and taps with iy*sh - padH + ky == oy and ix*sw - padW + kx == ox,
// found by solving for iy given ky (and ix given kx). The bias, if any, is
// added once to each output.
func transposeGather(x, w, bias *tensor.Tensor, oh, ow, sh, sw, padH, padW int, act Activation) ([]float64, []float64) {
	n, h, wd, c := x.Shape.NHWC()
	oc, kh, kw, _ := w.Shape.NHWC()
	xv, wv := x.F32(), w.F32()
	var want, mag []float64
	for b := 0; b < n; b++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				for o := 0; o < oc; o++ {
					var sum, m float64
					if bias != nil {
						sum = float64(bias.F32()[o])
						m = math.Abs(sum)
					}
					for ky := 0; ky < kh; ky++ {
						ty := oy + padH - ky
						if ty < 0 || ty%sh != 0 || ty/sh >= h {
							continue
						}
						for kx := 0; kx < kw; kx++ {
							tx := ox + padW - kx
							if tx < 0 || tx%sw != 0 || tx/sw >= wd {
								continue
							}
							iy, ix := ty/sh, tx/sw
							for ic := 0; ic < c; ic++ {
								term := float64(xv[((b*h+iy)*wd+ix)*c+ic]) * float64(wv[((o*kh+ky)*kw+kx)*c+ic])
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
	return want, mag
}

func TestTransposeConvRandomAgainstGather(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	ks := []int{1, 2, 3, 4, 5}
	compared := 0
	for iter := 0; iter < 400; iter++ {
		n, h, w := 1+rng.IntN(2), 1+rng.IntN(7), 1+rng.IntN(7)
		c, oc := 1+rng.IntN(3), 1+rng.IntN(3)
		kh, kw := ks[rng.IntN(len(ks))], ks[rng.IntN(len(ks))]
		sh, sw := 1+rng.IntN(3), 1+rng.IntN(3)
		p := Padding(rng.IntN(2))
		act := cvtActs[rng.IntN(len(cvtActs))]
		// Usually an output size that the forward convolution maps back to
		// h (as models have), sometimes any size (TFLite accepts those).
		pick := func(in, k, s int) int {
			if rng.IntN(4) == 0 {
				return 1 + rng.IntN(in*s+k)
			}
			if p == PaddingSame {
				return (in-1)*s + 1 + rng.IntN(s)
			}
			return (in-1)*s + k + rng.IntN(s)
		}
		oh, ow := pick(h, kh, sh), pick(w, kw, sw)
		if p == PaddingValid && (oh < kh || ow < kw) {
			continue // covered by TestTransposeConvOutputSmallerThanKernel
		}
		// The padding is that of a forward convolution from the output.
		_, padH := cvtOutExtent(p, oh, kh, sh, 1)
		_, padW := cvtOutExtent(p, ow, kw, sw, 1)
		x := cvtRand(rng, n, h, w, c)
		wt := cvtRand(rng, oc, kh, kw, c)
		var bias *tensor.Tensor
		in := []*tensor.Tensor{cvtConstI32(tensor.Shape{4}, int32(n), int32(oh), int32(ow), int32(oc)), wt, x}
		if rng.IntN(2) == 0 {
			bias = cvtRand(rng, oc)
			in = append(in, bias)
		}
		want, mag := transposeGather(x, wt, bias, oh, ow, sh, sw, padH, padW, act)
		for _, constW := range []bool{false, true} { // the scatter loop, then the GEMM form
			wt.Const = constW
			k := &TransposeConv{Padding: p, StrideH: sh, StrideW: sw, Activation: act}
			got := cvtRun(t, k, in...)
			if (k.gemm != nil) != constW {
				t.Fatalf("constant weights %v: GEMM form %v", constW, k.gemm != nil)
			}
			cvtCompare(t, fmt.Sprintf("transpose conv (constant weights %v)", constW), got, tensor.Shape{n, oh, ow, oc}, want, mag)
		}
		compared++
	}
	if compared < 300 {
		t.Fatalf("weak coverage: %d compared", compared)
	}
}

func TestTransposeConvErrors(t *testing.T) {
	f32 := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape(s)) }
	shape := func(v ...int32) *tensor.Tensor { return cvtConstI32(tensor.Shape{len(v)}, v...) }
	nonConst := shape(1, 4, 4, 2)
	nonConst.Const = false
	noData := &tensor.Tensor{DType: tensor.Int32, Shape: tensor.Shape{4}, Const: true}
	i64 := tensor.New(tensor.Int64, tensor.Shape{4})
	i64.Const = true
	ok := &TransposeConv{Padding: PaddingSame, StrideH: 2, StrideW: 2}
	for _, tc := range []struct {
		name string
		k    *TransposeConv
		in   []*tensor.Tensor
		is   error
	}{
		{"non-constant output_shape", ok, []*tensor.Tensor{nonConst, f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, nil},
		{"output_shape without data", ok, []*tensor.Tensor{noData, f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, nil},
		{"int64 output_shape", ok, []*tensor.Tensor{i64, f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, ErrType},
		{"output_shape of 3", ok, []*tensor.Tensor{shape(1, 4, 4), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, ErrShape},
		{"output batch", ok, []*tensor.Tensor{shape(2, 4, 4, 2), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, ErrShape},
		{"output channels", ok, []*tensor.Tensor{shape(1, 4, 4, 3), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, ErrShape},
		{"empty output", ok, []*tensor.Tensor{shape(1, 0, 4, 2), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, ErrShape},
		{"negative output", ok, []*tensor.Tensor{shape(1, 4, -4, 2), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, ErrShape},
		{"channel mismatch", ok, []*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 2), f32(1, 2, 2, 1)}, ErrShape},
		{"weights rank 3", ok, []*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3), f32(1, 2, 2, 1)}, ErrShape},
		{"input rank 5", ok, []*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 1), f32(1, 1, 2, 2, 1)}, ErrShape},
		{"int8 input", ok, []*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 1), tensor.New(tensor.Int8, tensor.Shape{1, 2, 2, 1})}, ErrType},
		{"bias size", ok, []*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 1), f32(1, 2, 2, 1), f32(3)}, ErrShape},
		{"stride 0", &TransposeConv{Padding: PaddingSame, StrideH: 0, StrideW: 2},
			[]*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, nil},
		{"unknown padding", &TransposeConv{Padding: Padding(3), StrideH: 2, StrideW: 2},
			[]*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, nil},
		{"tanh", &TransposeConv{Padding: PaddingSame, StrideH: 2, StrideW: 2, Activation: ActTanh},
			[]*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 1), f32(1, 2, 2, 1)}, nil},
		{"two inputs", ok, []*tensor.Tensor{shape(1, 4, 4, 2), f32(2, 3, 3, 1)}, nil},
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

func TestTransposeConvNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	k := &TransposeConv{Padding: PaddingSame, StrideH: 2, StrideW: 2, Activation: ActRelu}
	cvtNoAllocs(t, k, cvtConstI32(tensor.Shape{4}, 2, 10, 9, 3), cvtRand(rng, 3, 3, 3, 4), cvtRand(rng, 2, 5, 5, 4), cvtRand(rng, 3))
}

// TestTransposeConvDirect covers the GEMM form's direct case (stride equal
// to the kernel, no padding: every output from one input pixel) against
// the gather oracle, with constant weights, and checks it is taken.
func TestTransposeConvDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, c := range []struct{ n, h, w, ci, co, k int }{{1, 3, 5, 16, 1, 2}, {2, 4, 3, 7, 3, 3}, {1, 1, 300, 5, 2, 2}, {1, 2, 2, 1, 1, 1}} {
		x := cvtRand(rng, c.n, c.h, c.w, c.ci)
		wt := cvtRand(rng, c.co, c.k, c.k, c.ci)
		wt.Const = true
		bias := cvtRand(rng, c.co)
		oh, ow := c.h*c.k, c.w*c.k
		in := []*tensor.Tensor{cvtConstI32(tensor.Shape{4}, int32(c.n), int32(oh), int32(ow), int32(c.co)), wt, x, bias}
		k := &TransposeConv{Padding: PaddingValid, StrideH: c.k, StrideW: c.k, Activation: ActRelu6}
		got := cvtRun(t, k, in...)
		if k.gemm == nil || !k.gemm.direct {
			t.Fatalf("%+v: direct GEMM form not taken", c)
		}
		want, mag := transposeGather(x, wt, bias, oh, ow, c.k, c.k, 0, 0, ActRelu6)
		cvtCompare(t, fmt.Sprintf("direct %+v", c), got, tensor.Shape{c.n, oh, ow, c.co}, want, mag)
	}
}
