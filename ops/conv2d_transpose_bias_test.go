package ops

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestConv2DTransposeBiasSelfieCase(t *testing.T) {
	// The selfie model's case: 2x2 kernel, stride 2, SAME. Even input H = 2:
	// P = max(0, 2 - (2-1)%2 - 1) = max(0, 2-1-1) = 0, OH = 2*(2-1) + 2 - 0
	// = 4, no leading padding. Each input pixel stamps its own 2x2 block:
	// out[y][x] = bias + in[y/2][x/2]*w[y%2][x%2]; input and weights
	// [[1 2] [3 4]], bias 0.5 (see TestTransposeConvStride2NoOverlap):
	//   1  2  2  4         1.5  2.5  2.5  4.5
	//   3  4  6  8   +0.5  3.5  4.5  6.5  8.5
	//   3  6  4  8    ->   3.5  6.5  4.5  8.5
	//   9 12 12 16         9.5 12.5 12.5 16.5
	k := &Conv2DTransposeBias{Padding: PaddingSame, StrideH: 2, StrideW: 2}
	got := cvtRun(t, k, in2x2(), filter2x2(), cvtF32(tensor.Shape{1}, 0.5))
	cvtExpect(t, got, tensor.Shape{1, 4, 4, 1},
		1.5, 2.5, 2.5, 4.5,
		3.5, 4.5, 6.5, 8.5,
		3.5, 6.5, 4.5, 8.5,
		9.5, 12.5, 12.5, 16.5)
}

func TestConv2DTransposeBiasOddInput(t *testing.T) {
	// Odd input H = W = 3, 2x2 kernel [[1 2] [3 4]], stride 2, SAME:
	// P = max(0, 2 - (3-1)%2 - 1) = 1, OH = 2*2 + 2 - 1 = 5, leading pad 1/2
	// = 0. out[y][x] = in[y/2][x/2]*w[y%2][x%2]; the last input row's second
	// kernel row would land on row 5 and is dropped (likewise columns).
	// Input 1..9, bias 0:
	//   row 0 = in row 0 * w row 0: 1*1 1*2 2*1 2*2 3*1 = 1  2  2  4  3
	//   row 1 = in row 0 * w row 1: 1*3 1*4 2*3 2*4 3*3 = 3  4  6  8  9
	//   row 2 = in row 1 * w row 0: 4*1 4*2 5*1 5*2 6*1 = 4  8  5 10  6
	//   row 3 = in row 1 * w row 1: 4*3 4*4 5*3 5*4 6*3 = 12 16 15 20 18
	//   row 4 = in row 2 * w row 0: 7*1 7*2 8*1 8*2 9*1 = 7 14  8 16  9
	k := &Conv2DTransposeBias{Padding: PaddingSame, StrideH: 2, StrideW: 2}
	got := cvtRun(t, k, in3x3(), filter2x2(), cvtF32(tensor.Shape{1}, 0))
	cvtExpect(t, got, tensor.Shape{1, 5, 5, 1},
		1, 2, 2, 4, 3,
		3, 4, 6, 8, 9,
		4, 8, 5, 10, 6,
		12, 16, 15, 20, 18,
		7, 14, 8, 16, 9)

	// VALID: P = 0, OH = 2*2 + 2 = 6; the dropped row and column come back:
	//   row 5 = in row 2 * w row 1: 7*3 7*4 8*3 8*4 9*3 9*4 = 21 28 24 32 27 36
	// and column 5 of each row is in[.][2]*w[.][1].
	k = &Conv2DTransposeBias{Padding: PaddingValid, StrideH: 2, StrideW: 2}
	got = cvtRun(t, k, in3x3(), filter2x2(), cvtF32(tensor.Shape{1}, 0))
	cvtExpect(t, got, tensor.Shape{1, 6, 6, 1},
		1, 2, 2, 4, 3, 6,
		3, 4, 6, 8, 9, 12,
		4, 8, 5, 10, 6, 12,
		12, 16, 15, 20, 18, 24,
		7, 14, 8, 16, 9, 18,
		21, 28, 24, 32, 27, 36)
}

func TestConv2DTransposeBiasSamePadding(t *testing.T) {
	// 3x3 kernel of ones, stride 1, SAME, 3x3 input of ones, bias 10:
	// P = max(0, 3 - 0 - 1) = 2, OH = 2 + 3 - 2 = 3, leading pad 2/2 = 1.
	// Output y receives input rows iy with iy - 1 + ky = y for some ky in
	// 0..2, i.e. iy in y-1..y+1 within 0..2: 2, 3, 2 rows for y = 0, 1, 2.
	// Each output is 10 + (rows)*(cols):
	//   14 16 14
	//   16 19 16
	//   14 16 14
	ones := cvtF32(tensor.Shape{1, 3, 3, 1}, 1, 1, 1, 1, 1, 1, 1, 1, 1)
	k := &Conv2DTransposeBias{Padding: PaddingSame, StrideH: 1, StrideW: 1}
	got := cvtRun(t, k, ones, ones, cvtF32(tensor.Shape{1}, 10))
	cvtExpect(t, got, tensor.Shape{1, 3, 3, 1}, 14, 16, 14, 16, 19, 16, 14, 16, 14)
}

func TestConv2DTransposeBiasChannels(t *testing.T) {
	// Input pixel [1 2]; weights [Cout=2,1,1,Cin=2] = oc0 [1 10], oc1
	// [100 1000]; bias [-30 0.5]: oc0 = -30 + 1 + 20 = -9 (no activation, so
	// negative values stay), oc1 = 0.5 + 100 + 2000 = 2100.5.
	x := cvtF32(tensor.Shape{1, 1, 1, 2}, 1, 2)
	w := cvtF32(tensor.Shape{2, 1, 1, 2}, 1, 10, 100, 1000)
	k := &Conv2DTransposeBias{Padding: PaddingValid, StrideH: 1, StrideW: 1}
	cvtExpect(t, cvtRun(t, k, x, w, cvtF32(tensor.Shape{2}, -30, 0.5)), tensor.Shape{1, 1, 1, 2}, -9, 2100.5)
}

// mpOutSize is MediaPipe's output rule for Convolution2DTransposeBias, as
// read from transpose_conv_bias.cc: P = max(0, K - (in-1)%s - 1) for SAME
// (0 for VALID), out = s*(in-1) + K - P, leading padding P/2.
func mpOutSize(p Padding, in, k, s int) (out, pad int) {
	total := 0
	if p == PaddingSame {
		total = max(0, k-(in-1)%s-1)
	}
	return s*(in-1) + k - total, total / 2
}

func TestConv2DTransposeBiasRandomAgainstGather(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	ks := []int{1, 2, 3, 4, 5}
	for iter := 0; iter < 300; iter++ {
		n, h, w := 1+rng.IntN(2), 1+rng.IntN(7), 1+rng.IntN(7)
		c, oc := 1+rng.IntN(3), 1+rng.IntN(3)
		kh, kw := ks[rng.IntN(len(ks))], ks[rng.IntN(len(ks))]
		sh, sw := 1+rng.IntN(3), 1+rng.IntN(3)
		p := Padding(rng.IntN(2))
		oh, padH := mpOutSize(p, h, kh, sh)
		ow, padW := mpOutSize(p, w, kw, sw)
		x := cvtRand(rng, n, h, w, c)
		wt := cvtRand(rng, oc, kh, kw, c)
		bias := cvtRand(rng, oc)
		k := &Conv2DTransposeBias{Padding: p, StrideH: sh, StrideW: sw}
		want, mag := transposeGather(x, wt, bias, oh, ow, sh, sw, padH, padW, ActNone)
		cvtCompare(t, "transpose conv bias", cvtRun(t, k, x, wt, bias), tensor.Shape{n, oh, ow, oc}, want, mag)
	}
}

func TestConv2DTransposeBiasErrors(t *testing.T) {
	f32 := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape(s)) }
	ok := &Conv2DTransposeBias{Padding: PaddingSame, StrideH: 2, StrideW: 2}
	for _, tc := range []struct {
		name string
		k    *Conv2DTransposeBias
		in   []*tensor.Tensor
		is   error
	}{
		{"no bias", ok, []*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 2, 2, 1)}, nil},
		{"nil bias", ok, []*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 2, 2, 1), nil}, nil},
		{"bias size", ok, []*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 2, 2, 1), f32(3)}, ErrShape},
		{"bias rank 2", ok, []*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 2, 2, 1), f32(1, 2)}, ErrShape},
		{"bias int32", ok, []*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 2, 2, 1), tensor.New(tensor.Int32, tensor.Shape{2})}, ErrType},
		{"channel mismatch", ok, []*tensor.Tensor{f32(1, 2, 2, 3), f32(2, 2, 2, 1), f32(2)}, ErrShape},
		{"input rank 3", ok, []*tensor.Tensor{f32(2, 2, 1), f32(2, 2, 2, 1), f32(2)}, ErrShape},
		{"weights rank 2", ok, []*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 1), f32(2)}, ErrShape},
		{"uint8 input", ok, []*tensor.Tensor{tensor.New(tensor.Uint8, tensor.Shape{1, 2, 2, 1}), f32(2, 2, 2, 1), f32(2)}, ErrType},
		{"stride 0", &Conv2DTransposeBias{Padding: PaddingSame, StrideH: 2},
			[]*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 2, 2, 1), f32(2)}, nil},
		{"unknown padding", &Conv2DTransposeBias{Padding: Padding(5), StrideH: 2, StrideW: 2},
			[]*tensor.Tensor{f32(1, 2, 2, 1), f32(2, 2, 2, 1), f32(2)}, nil},
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

func TestConv2DTransposeBiasNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	k := &Conv2DTransposeBias{Padding: PaddingSame, StrideH: 2, StrideW: 2}
	cvtNoAllocs(t, k, cvtRand(rng, 1, 5, 4, 3), cvtRand(rng, 2, 2, 2, 3), cvtRand(rng, 2))
}

// TestConv2DTransposeBiasDirect runs the direct GEMM form (constant
// weights, stride equal to the kernel, the output tiled exactly) against
// the gather definition, and its parts, in reverse order, against Eval.
func TestConv2DTransposeBiasDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, c := range []struct{ n, h, w, ci, co, k int }{{1, 4, 4, 16, 1, 2}, {2, 4, 6, 7, 3, 2}, {1, 3, 9, 33, 2, 3}} {
		for _, p := range []Padding{PaddingSame, PaddingValid} {
			x := cvtRand(rng, c.n, c.h, c.w, c.ci)
			wt := cvtRand(rng, c.co, c.k, c.k, c.ci)
			wt.Const = true
			bias := cvtRand(rng, c.co)
			oh, ow := c.h*c.k, c.w*c.k
			k := &Conv2DTransposeBias{Padding: p, StrideH: c.k, StrideW: c.k}
			got := cvtRun(t, k, x, wt, bias)
			if k.gemm == nil || !k.gemm.direct {
				t.Fatalf("%+v %v: not the direct form", c, p)
			}
			want, mag := transposeGather(x, wt, bias, oh, ow, c.k, c.k, 0, 0, ActNone)
			cvtCompare(t, "direct transpose conv bias", got, tensor.Shape{c.n, oh, ow, c.co}, want, mag)
			if k.Parts(nil, nil) != c.n*c.h {
				t.Fatalf("%+v: %d parts, want %d", c, k.Parts(nil, nil), c.n*c.h)
			}
			whole := append([]float32(nil), got.F32()...)
			clear(got.F32())
			for hi := k.Parts(nil, nil); hi > 0; hi-- {
				if err := k.EvalParts([]*tensor.Tensor{x, wt, bias}, []*tensor.Tensor{got}, hi-1, hi, 0); err != nil {
					t.Fatal(err)
				}
			}
			for i, v := range got.F32() {
				if v != whole[i] {
					t.Fatalf("%+v %v: parts give %v at %d, Eval %v", c, p, v, i, whole[i])
				}
			}
		}
	}
}
