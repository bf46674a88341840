package ops

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

func TestDepthwiseConv2DInt8HandComputed(t *testing.T) {
	// Two channels. Channel 0 is the conv test's image (q = 2x + 2 for x =
	// 1..9, scale 0.5, zero point 2) with filter [[1,2],[3,4]] at scale
	// 0.25 and bias 4: accumulators 78, 46, 50, 22 (see
	// TestConv2DInt8SamePaddingZeroPoint), and with output scale 0.125 the
	// rescale is 1: 77, 45, 49, 21 after the output zero point -1. Channel
	// 1 holds the zero point everywhere (real zero), so only its bias -8
	// counts: real -8*0.5*0.5 = -2, that is -16 steps of 0.125, -17 with the
	// zero point.
	x := i8tAct(tensor.Shape{1, 3, 3, 2}, 0.5, 2,
		4, 2, 6, 2, 8, 2, 10, 2, 12, 2, 14, 2, 16, 2, 18, 2, 20, 2)
	ws := []float32{0.25, 0.5}
	f := i8tWeights(tensor.Shape{1, 2, 2, 2}, 3, ws, []int8{1, 5, 2, 6, 3, 7, 4, 8})
	b := i8tBias(0.5, ws, 4, -8)
	for _, m := range i8tModes {
		k := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1, DepthMultiplier: 1}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(0.125, -1), x, f, b), tensor.Shape{1, 2, 2, 2},
			77, -17, 45, -17, 49, -17, 21, -17)
	}
	// RELU6 at output scale 0.125 and zero point -1 clamps to
	// [-1, -1 + 48 = 47]: channel 0 keeps 45 and 21 and clamps 77 and 49 to
	// 47; channel 1 clamps to -1.
	k := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1, DepthMultiplier: 1, Activation: ActRelu6}
	i8tExpect(t, i8tRun(t, k, quant.FloatRoundEven, i8tOut(0.125, -1), x, f, b), tensor.Shape{1, 2, 2, 2},
		47, -1, 45, -1, 47, -1, 21, -1)
}

func TestDepthwiseConv2DInt8Random(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	acts := []Activation{ActNone, ActRelu, ActRelu6, ActReluN1To1}
	ks := []int{1, 3, 5}
	runs := 0
	for iter := 0; iter < 400; iter++ {
		n, h, w := 1+r.IntN(2), 1+r.IntN(9), 1+r.IntN(9)
		cin, mult := 1+r.IntN(17), 1+r.IntN(2)
		cout := cin * mult
		kh, kw := ks[r.IntN(3)], ks[r.IntN(3)]
		sh, sw, dh, dw := 1+r.IntN(2), 1+r.IntN(2), 1+r.IntN(3), 1+r.IntN(3)
		pad := Padding(r.IntN(2))
		act := acts[r.IntN(4)]
		perChannel, hasBias, constW := r.IntN(2) == 0, r.IntN(4) != 0, r.IntN(5) != 0
		dmOpt := mult
		if r.IntN(6) == 0 {
			dmOpt = 0 // inconsistent option: LiteRT runs the builtin kernel
		}
		inScale, inZP, outZP := 0.01+r.Float32()*0.1, int64(r.IntN(256)-128), int64(r.IntN(256)-128)
		nw := 1
		if perChannel {
			nw = cout
		}
		ws := make([]float32, nw)
		for i := range ws {
			ws[i] = 0.002 + r.Float32()*0.02
		}
		outScale := inScale * ws[0] * 40 * float32(kh*kw) / 8
		x := i8tRandAct(r, tensor.Shape{n, h, w, cin}, inScale, inZP)
		f := i8tRandWeights(r, tensor.Shape{1, kh, kw, cout}, 3, ws)
		f.Const = constW
		in := []*tensor.Tensor{x, f}
		var bias []int32
		if hasBias {
			bias = make([]int32, cout)
			for i := range bias {
				bias[i] = int32(r.IntN(4001) - 2000)
			}
			in = append(in, i8tBias(inScale, ws, bias...))
		}
		desc := fmt.Sprintf("%dx%dx%dx%d m%d k%dx%d s%dx%d d%dx%d %v %v perChannel=%v bias=%v const=%v dm=%d",
			n, h, w, cin, mult, kh, kw, sh, sw, dh, dw, pad, act, perChannel, hasBias, constW, dmOpt)
		oh, ph := cvtOutExtent(pad, h, kh, sh, dh)
		ow, pw := cvtOutExtent(pad, w, kw, sw, dw)
		newK := func() *DepthwiseConv2D {
			return &DepthwiseConv2D{Padding: pad, StrideH: sh, StrideW: sw, DilationH: dh, DilationW: dw, DepthMultiplier: dmOpt, Activation: act}
		}
		if oh <= 0 || ow <= 0 {
			if err := i8tPrepare(newK(), i8tOut(outScale, outZP), in...); !errors.Is(err, ErrShape) {
				t.Fatalf("%s: empty output, Prepare gave %v", desc, err)
			}
			continue
		}
		// The oracle: bias plus, over in-bounds taps, (x[ic] - zp) * w[oc]
		// with ic = oc / mult.
		xs, fs := x.I8(), f.I8()
		var acc []int64
		for b := 0; b < n; b++ {
			for oy := 0; oy < oh; oy++ {
				for ox := 0; ox < ow; ox++ {
					for oc := 0; oc < cout; oc++ {
						var a int64
						if bias != nil {
							a = int64(bias[oc])
						}
						for ky := 0; ky < kh; ky++ {
							for kx := 0; kx < kw; kx++ {
								iy, ix := oy*sh-ph+ky*dh, ox*sw-pw+kx*dw
								if iy >= 0 && iy < h && ix >= 0 && ix < w {
									a += (int64(xs[((b*h+iy)*w+ix)*cin+oc/mult]) - inZP) * int64(fs[(ky*kw+kx)*cout+oc])
								}
							}
						}
						acc = append(acc, a)
					}
				}
			}
		}
		allWs := make([]float32, cout)
		for i := range allWs {
			allWs[i] = ws[min(i, nw-1)]
		}
		fallback := !hasBias || !constW || dmOpt != mult
		for _, m := range i8tModes {
			got := i8tRun(t, newK(), m, i8tOut(outScale, outZP), in...)
			if want := (tensor.Shape{n, oh, ow, cout}); !got.Shape.Equal(want) {
				t.Fatalf("%s: shape %v, want %v", desc, got.Shape, want)
			}
			i8tCheckOutputs(t, desc, got.I8(), acc, func(i int) int { return i % cout }, m, fallback, false,
				inScale, allWs, outScale, int32(outZP), act, nil)
			runs++
		}
	}
	t.Logf("%d kernel runs", runs)
}

func TestDepthwiseConv2DInt8NoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	x := i8tRandAct(r, tensor.Shape{1, 7, 6, 3}, 0.05, -3)
	ws := []float32{0.01, 0.02, 0.03, 0.01, 0.02, 0.03}
	f := i8tRandWeights(r, tensor.Shape{1, 3, 3, 6}, 3, ws)
	b := i8tBias(0.05, ws, 1, 2, 3, 4, 5, 6)
	for _, m := range i8tModes {
		k := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 2, StrideW: 1, DilationH: 2, DilationW: 1, DepthMultiplier: 2}
		k.SetRequantization(m)
		i8tNoAllocs(t, k, i8tOut(0.02, 1), x, f, b)
	}
	g := i8tRandWeights(r, tensor.Shape{1, 3, 3, 6}, 3, ws)
	g.Const = false
	i8tNoAllocs(t, &DepthwiseConv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}, i8tOut(0.02, 1), x, g)
}

func TestDepthwiseConv2DInt8Errors(t *testing.T) {
	x := i8tAct(tensor.Shape{1, 3, 3, 2}, 0.5, 1)
	k := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, DepthMultiplier: 1}
	// Per-channel scales must run along axis 3.
	f := i8tWeights(tensor.Shape{1, 1, 1, 2}, 0, []float32{0.1, 0.2}, []int8{1, 2})
	if err := i8tPrepare(k, i8tOut(1, 0), x, f); err == nil {
		t.Error("filter quantized along axis 0 accepted")
	}
	f = i8tWeights(tensor.Shape{1, 1, 1, 3}, 3, []float32{0.1, 0.2, 0.3}, []int8{1, 2, 3})
	if err := i8tPrepare(k, i8tOut(1, 0), x, f); !errors.Is(err, ErrShape) {
		t.Errorf("3 filter channels for 2 input channels: %v, want ErrShape", err)
	}
	f = i8tWeights(tensor.Shape{1, 1, 1, 2}, 3, []float32{0.1, 0.2}, []int8{1, 2})
	b := tensor.New(tensor.Float32, tensor.Shape{2})
	if err := i8tPrepare(k, i8tOut(1, 0), x, f, b); !errors.Is(err, ErrType) {
		t.Errorf("float bias: %v, want ErrType", err)
	}
	if err := i8tPrepare(k, i8tOut(1, 0), x, f); err != nil {
		t.Errorf("valid depthwise rejected: %v", err)
	}
}

// BenchmarkDepthwiseConv2DInt8 runs the 3x3 stride-1 SAME depthwise shape
// of the selfie model's early layers, 1x80x80x32, through the op (one
// worker), in both requantization modes.
func BenchmarkDepthwiseConv2DInt8(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	const h, w, c = 80, 80, 32
	x := i8tRandAct(r, tensor.Shape{1, h, w, c}, 0.05, -3)
	ws := make([]float32, c)
	bv := make([]int32, c)
	for i := range ws {
		ws[i] = 0.01 + float32(i)*0.001
		bv[i] = int32(r.IntN(2001) - 1000)
	}
	f := i8tRandWeights(r, tensor.Shape{1, 3, 3, c}, 3, ws)
	bias := i8tBias(0.05, ws, bv...)
	for _, m := range i8tModes {
		b.Run(m.String(), func(b *testing.B) {
			k := &DepthwiseConv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, DepthMultiplier: 1}
			k.SetRequantization(m)
			o := i8tOut(0.1, 2)
			if err := i8tPrepare(k, o, x, f, bias); err != nil {
				b.Fatal(err)
			}
			in, outs := []*tensor.Tensor{x, f, bias}, []*tensor.Tensor{o}
			b.SetBytes(int64(h * w * c))
			b.ReportAllocs()
			for b.Loop() {
				if err := k.Eval(in, outs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
