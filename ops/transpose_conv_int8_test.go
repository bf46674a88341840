package ops

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

func TestTransposeConvInt8HandComputed(t *testing.T) {
	// A 2x2 input x = 1, 2, 3, 4 at scale 0.5, zero point 3 (q = 2x + 3),
	// 2x2 weights [[1,2],[3,4]] at scale 0.25, stride 2, VALID, 4x4 output:
	// each input pixel writes its own 2x2 block, acc = (q-3)*w = 2x*w:
	//   x=1: 2 4 6 8   x=2: 4 8 12 16   x=3: 6 12 18 24   x=4: 8 16 24 32
	// Output scale 0.125: the rescale is 1; zero point -5.
	x := i8tAct(tensor.Shape{1, 2, 2, 1}, 0.5, 3, 5, 7, 9, 11)
	w := i8tWeights(tensor.Shape{1, 2, 2, 1}, 0, []float32{0.25}, []int8{1, 2, 3, 4})
	os := cvtConstI32(tensor.Shape{4}, 1, 4, 4, 1)
	want := []int8{
		2, 4, 4, 8,
		6, 8, 12, 16,
		6, 12, 8, 16,
		18, 24, 24, 32,
	}
	for _, m := range i8tModes {
		k := &TransposeConv{Padding: PaddingValid, StrideH: 2, StrideW: 2}
		got := i8tRun(t, k, m, i8tOut(0.125, -5), os, w, x)
		w5 := make([]int8, len(want))
		for i, v := range want {
			w5[i] = v - 5
		}
		i8tExpect(t, got, tensor.Shape{1, 4, 4, 1}, w5...)
		// A bias of 24 (real 3) adds 24 steps; RELU6 then clamps at real 6,
		// 48 steps, -5 + 48 = 43: accumulators above 24 (real 3) clamp.
		k = &TransposeConv{Padding: PaddingValid, StrideH: 2, StrideW: 2, Activation: ActRelu6}
		got = i8tRun(t, k, m, i8tOut(0.125, -5), os, w, x, i8tBias(0.5, []float32{0.25}, 24))
		w8 := make([]int8, len(want))
		for i, v := range want {
			w8[i] = min(v+24-5, 43)
		}
		i8tExpect(t, got, tensor.Shape{1, 4, 4, 1}, w8...)
	}
}

// i8tTconvPad is TFLite's padding for a transpose convolution, from the
// definition: the padding of a convolution over the output.
func i8tTconvPad(p Padding, stride, out, k int) int {
	var n int
	if p == PaddingSame {
		n = (out + stride - 1) / stride
	} else {
		n = (out + stride - k) / stride
	}
	return max(0, (n-1)*stride+k-out) / 2
}

func TestTransposeConvInt8Random(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 52))
	acts := []Activation{ActNone, ActRelu, ActRelu6, ActReluN1To1}
	ks := []int{1, 2, 3, 5}
	runs := 0
	for iter := 0; iter < 300; iter++ {
		n, h, w, cin, cout := 1+r.IntN(2), 1+r.IntN(6), 1+r.IntN(6), 1+r.IntN(17), 1+r.IntN(17)
		kh, kw := ks[r.IntN(4)], ks[r.IntN(4)]
		sh, sw := 1+r.IntN(2), 1+r.IntN(2)
		pad := Padding(r.IntN(2))
		oh := max(1, (h-1)*sh+1+r.IntN(kh+sh))
		ow := max(1, (w-1)*sw+1+r.IntN(kw+sw))
		act := acts[r.IntN(4)]
		perChannel, hasBias := r.IntN(2) == 0, r.IntN(3) != 0
		inScale, inZP, outZP := 0.01+r.Float32()*0.1, int64(r.IntN(256)-128), int64(r.IntN(256)-128)
		nw := 1
		if perChannel {
			nw = cout
		}
		ws := make([]float32, nw)
		for i := range ws {
			ws[i] = 0.002 + r.Float32()*0.02
		}
		outScale := inScale * ws[0] * 40 * float32(cin) / 4
		x := i8tRandAct(r, tensor.Shape{n, h, w, cin}, inScale, inZP)
		wt := i8tRandWeights(r, tensor.Shape{cout, kh, kw, cin}, 0, ws)
		os := cvtConstI32(tensor.Shape{4}, int32(n), int32(oh), int32(ow), int32(cout))
		in := []*tensor.Tensor{os, wt, x}
		var bias []int32
		if hasBias {
			bias = make([]int32, cout)
			for i := range bias {
				bias[i] = int32(r.IntN(20001) - 10000)
			}
			in = append(in, i8tBias(inScale, ws, bias...))
		}
		ph, pw := i8tTconvPad(pad, sh, oh, kh), i8tTconvPad(pad, sw, ow, kw)
		// Gather form of the scatter: output (oy, ox) receives input (iy,
		// ix) through tap (oy - iy*sh + ph, ox - ix*sw + pw) when that tap
		// exists.
		xs, wv := x.I8(), wt.I8()
		var acc []int64
		for b := 0; b < n; b++ {
			for oy := 0; oy < oh; oy++ {
				for ox := 0; ox < ow; ox++ {
					for oc := 0; oc < cout; oc++ {
						var a int64
						if bias != nil {
							a = int64(bias[oc])
						}
						for iy := 0; iy < h; iy++ {
							ky := oy - iy*sh + ph
							if ky < 0 || ky >= kh {
								continue
							}
							for ix := 0; ix < w; ix++ {
								kx := ox - ix*sw + pw
								if kx < 0 || kx >= kw {
									continue
								}
								for ic := 0; ic < cin; ic++ {
									a += (int64(xs[((b*h+iy)*w+ix)*cin+ic]) - inZP) * int64(wv[((oc*kh+ky)*kw+kx)*cin+ic])
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
		var xnnPad bool
		if pad == PaddingValid {
			xnnPad = kh <= oh && kw <= ow
		} else {
			xnnPad = (oh+sh-1)/sh == h && (ow+sw-1)/sw == w && kh >= sh && kw >= sw
		}
		desc := fmt.Sprintf("%dx%dx%dx%d -> %dx%dx%d k%dx%d s%dx%d %v %v perChannel=%v bias=%v",
			n, h, w, cin, oh, ow, cout, kh, kw, sh, sw, pad, act, perChannel, hasBias)
		for mi, m := range i8tModes {
			wt.Const = mi%2 == 1 || iter%2 == 1 // both the scatter loop and the GEMM form
			k := &TransposeConv{Padding: pad, StrideH: sh, StrideW: sw, Activation: act}
			got := i8tRun(t, k, m, i8tOut(outScale, outZP), in...)
			if (k.gemm != nil) != wt.Const {
				t.Fatalf("%s: constant weights %v, GEMM form %v", desc, wt.Const, k.gemm != nil)
			}
			if want := (tensor.Shape{n, oh, ow, cout}); !got.Shape.Equal(want) {
				t.Fatalf("%s: shape %v, want %v", desc, got.Shape, want)
			}
			// LiteRT's XNNPACK delegate declines non-constant weights too.
			i8tCheckOutputs(t, desc, got.I8(), acc, func(i int) int { return i % cout }, m, !xnnPad || !wt.Const, false,
				inScale, allWs, outScale, int32(outZP), act, nil)
			runs++
		}
	}
	t.Logf("%d kernel runs", runs)
}

func TestTransposeConvInt8NoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	x := i8tRandAct(r, tensor.Shape{1, 4, 3, 5}, 0.05, 7)
	ws := []float32{0.01, 0.02}
	w := i8tRandWeights(r, tensor.Shape{2, 3, 3, 5}, 0, ws)
	os := cvtConstI32(tensor.Shape{4}, 1, 8, 6, 2)
	for _, m := range i8tModes {
		k := &TransposeConv{Padding: PaddingSame, StrideH: 2, StrideW: 2}
		k.SetRequantization(m)
		i8tNoAllocs(t, k, i8tOut(0.05, -2), os, w, x, i8tBias(0.05, ws, 3, -3))
	}
}

func TestTransposeConvInt8Errors(t *testing.T) {
	x := i8tAct(tensor.Shape{1, 2, 2, 1}, 0.5, 3)
	w := i8tWeights(tensor.Shape{1, 2, 2, 1}, 0, []float32{0.25}, []int8{1, 2, 3, 4})
	os := cvtConstI32(tensor.Shape{4}, 1, 4, 4, 1)
	k := &TransposeConv{Padding: PaddingValid, StrideH: 2, StrideW: 2}
	if err := i8tPrepare(k, i8tOut(1, 0), os, w, x); err != nil {
		t.Fatalf("valid transpose conv rejected: %v", err)
	}
	wf := tensor.New(tensor.Float32, tensor.Shape{1, 2, 2, 1})
	if err := i8tPrepare(k, i8tOut(1, 0), os, wf, x); err == nil {
		t.Error("float weights with int8 input accepted")
	}
	if err := i8tPrepare(k, i8tOut(1, 0), cvtConstI32(tensor.Shape{4}, 1, 4, 4, 2), w, x); err == nil {
		t.Error("output channels != weights' accepted")
	}
	if err := i8tPrepare(k, i8tOut(1, 0), os, w, x, i8tBias(0.5, []float32{0.25}, 1, 2)); err == nil {
		t.Error("bias of 2 for 1 channel accepted")
	}
}

// TestTransposeConvInt8Direct compares the direct GEMM form (stride equal
// to the kernel, constant weights) with the scatter loop (the same
// weights, not constant): their int32 accumulators and outputs must be
// equal, with and without a bias, constant (folded into the GEMM) or not,
// in both requantization modes; and the direct form run as parts, in
// reverse order, must give the same output.
func TestTransposeConvInt8Direct(t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	cases := []struct{ n, h, w, ci, co, k int }{{1, 4, 5, 16, 1, 2}, {2, 3, 3, 9, 4, 3}, {1, 1, 70, 33, 2, 2}, {1, 6, 7, 16, 3, 2}}
	for ci, c := range cases {
		for _, m := range []quant.Mode{quant.FixedPoint, quant.FloatRoundEven} {
			for _, biasKind := range []string{"none", "const", "variable"} {
				ws := []float32{0.01}
				x := i8tRandAct(r, tensor.Shape{c.n, c.h, c.w, c.ci}, 0.05, 3)
				wt := i8tRandWeights(r, tensor.Shape{c.co, c.k, c.k, c.ci}, 0, ws)
				os := cvtConstI32(tensor.Shape{4}, int32(c.n), int32(c.h*c.k), int32(c.w*c.k), int32(c.co))
				in := []*tensor.Tensor{os, wt, x}
				if biasKind != "none" {
					bv := make([]int32, c.co)
					for i := range bv {
						bv[i] = int32(r.IntN(2001)) - 1000
					}
					b := i8tBias(0.05, ws, bv...)
					b.Const = biasKind == "const"
					in = append(in, b)
				}
				desc := fmt.Sprintf("case %d %v bias %s", ci, m, biasKind)
				var accs [2][]int32
				var outs [2][]byte
				for i, constW := range []bool{true, false} {
					wt.Const = constW
					k := &TransposeConv{Padding: PaddingValid, StrideH: c.k, StrideW: c.k}
					o := i8tRun(t, k, m, i8tOut(0.05, 0), in...)
					if (k.gemm != nil && k.gemm.direct) != constW {
						t.Fatalf("%s constant %v: direct form %v", desc, constW, k.gemm != nil && k.gemm.direct)
					}
					accs[i] = append([]int32(nil), k.q.acc...)
					outs[i] = bytes.Clone(o.Data)
					if !constW {
						continue
					}
					if k.Parts(nil, nil) != c.n*c.h {
						t.Fatalf("%s: %d parts, want %d", desc, k.Parts(nil, nil), c.n*c.h)
					}
					clear(o.Data)
					for lo := k.Parts(nil, nil) - 1; lo >= 0; lo -= 2 {
						if err := k.EvalParts(in, []*tensor.Tensor{o}, max(lo-1, 0), lo+1, 0); err != nil {
							t.Fatal(err)
						}
					}
					if !bytes.Equal(o.Data, outs[0]) {
						t.Fatalf("%s: parts give a different output", desc)
					}
				}
				for i := range accs[0] {
					if accs[0][i] != accs[1][i] {
						t.Fatalf("%s: accumulator %d: direct %d, scatter %d", desc, i, accs[0][i], accs[1][i])
					}
				}
				if !bytes.Equal(outs[0], outs[1]) {
					t.Fatalf("%s: direct and scatter outputs differ", desc)
				}
			}
		}
	}
}
