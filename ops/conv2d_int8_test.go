package ops

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/octet-ml/octet/asm/gemmi8"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

var i8tModes = []quant.Mode{quant.FloatRoundEven, quant.FixedPoint}

func TestConv2DInt8SamePaddingZeroPoint(t *testing.T) {
	// The float test's 3x3 image 1..9 quantized with scale 0.5 and zero
	// point 2 (q = 2x + 2), the 2x2 filter [[1,2],[3,4]] at scale 0.25, bias
	// 4 (real 0.5). SAME, stride 2: the float sums are 37, 21, 23, 9; in
	// quantized units each product is (q-2)*w = 2x*w, so the accumulators
	// are 74, 42, 46, 18, plus bias: 78, 46, 50, 22. Windows (0,1), (1,0)
	// and (1,1) hang over the padding, which must count as x = 2 (real 0):
	// counting it as q = 0 would add (0-2)*(2+4) = -12 to window (0,1).
	x := i8tAct(tensor.Shape{1, 3, 3, 1}, 0.5, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20)
	f := i8tWeights(tensor.Shape{1, 2, 2, 1}, 0, []float32{0.25}, []int8{1, 2, 3, 4})
	b := i8tBias(0.5, []float32{0.25}, 4)
	k := func() *Conv2D {
		return &Conv2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1}
	}
	for _, m := range i8tModes {
		// Output scale 0.125: the rescale is exactly 1, zero point -1.
		got := i8tRun(t, k(), m, i8tOut(0.125, -1), x, f, b)
		i8tExpect(t, got, tensor.Shape{1, 2, 2, 1}, 77, 45, 49, 21)
	}
	// Output scale 0.5: rescale 0.25 gives 19.5, 11.5, 12.5, 5.5. XNNPACK
	// rounds half to even (20, 12, 12, 6), TFLite's fixed point away from
	// zero (20, 12, 13, 6).
	i8tExpect(t, i8tRun(t, k(), quant.FloatRoundEven, i8tOut(0.5, 0), x, f, b), tensor.Shape{1, 2, 2, 1}, 20, 12, 12, 6)
	i8tExpect(t, i8tRun(t, k(), quant.FixedPoint, i8tOut(0.5, 0), x, f, b), tensor.Shape{1, 2, 2, 1}, 20, 12, 13, 6)
	// Without a bias LiteRT's XNNPACK delegate declines CONV_2D, so the
	// float mode follows TFLite's builtin kernel: 74, 42, 46, 18 -> 18.5,
	// 10.5, 11.5, 4.5, which ruy's single rounding takes up (toward +inf) and
	// FixedPoint's double rounding away from zero: both 19, 11, 12, 5 (half
	// to even would give 18, 10, 12, 4).
	for _, m := range i8tModes {
		i8tExpect(t, i8tRun(t, k(), m, i8tOut(0.5, 0), x, f), tensor.Shape{1, 2, 2, 1}, 19, 11, 12, 5)
	}
}

func TestConv2DInt8SaturationActivationPerChannel(t *testing.T) {
	// 1x1 convolution of two pixels (100, -100) and (-51, 127), zero point
	// 0, scale 1, with three output channels at scales 0.5, 0.25, 0.125:
	//   oc0 = [1, 1]:     acc 0 and 76        -> real 0 and 38
	//   oc1 = [127, 127]: acc 0 and 9652      -> 0 and 2413 (saturates)
	//   oc2 = [-127, 0]:  acc -12700 and 6477 -> -1587.5 and 809.6 (both saturate)
	x := i8tAct(tensor.Shape{1, 1, 2, 2}, 1, 0, 100, -100, -51, 127)
	ws := []float32{0.5, 0.25, 0.125}
	f := i8tWeights(tensor.Shape{3, 1, 1, 2}, 0, ws, []int8{1, 1, 127, 127, -127, 0})
	b := i8tBias(1, ws, 0, 0, 0)
	for _, m := range i8tModes {
		for _, c := range []struct {
			act  Activation
			want []int8
		}{
			{ActNone, []int8{0, 0, -128, 38, 127, 127}},
			{ActRelu, []int8{0, 0, 0, 38, 127, 127}},
			{ActRelu6, []int8{0, 0, 0, 6, 6, 6}},
			{ActReluN1To1, []int8{0, 0, -1, 1, 1, 1}},
		} {
			k := &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, Activation: c.act}
			i8tExpect(t, i8tRun(t, k, m, i8tOut(1, 0), x, f, b), tensor.Shape{1, 1, 2, 3}, c.want...)
		}
	}
	// With an output zero point of -100 RELU clamps at -100 and RELU6 at
	// -94: the clamps sit on the quantized real values 0 and 6.
	k := &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, Activation: ActRelu6}
	i8tExpect(t, i8tRun(t, k, quant.FloatRoundEven, i8tOut(1, -100), x, f, b), tensor.Shape{1, 1, 2, 3}, -100, -100, -100, -94, -94, -94)
}

// i8tConvCase is one random CONV_2D configuration.
type i8tConvCase struct {
	n, h, w, cin, cout, kh, kw, groups int
	sh, sw, dh, dw                     int
	pad                                Padding
	act                                Activation
	perChannel, bias, constW           bool
	inScale, outScale                  float32
	inZP, outZP                        int64
}

func (c i8tConvCase) String() string {
	return fmt.Sprintf("%dx%dx%dx%d->%d k%dx%d g%d s%dx%d d%dx%d %v %v perChannel=%v bias=%v const=%v zp %d/%d",
		c.n, c.h, c.w, c.cin, c.cout, c.kh, c.kw, c.groups, c.sh, c.sw, c.dh, c.dw, c.pad, c.act, c.perChannel, c.bias, c.constW, c.inZP, c.outZP)
}

// i8tConvOracle computes the exact int64 accumulators of CONV_2D from the
// definition: bias plus, over in-bounds taps, (x - zp) * w. The geometry
// comes from TensorFlow's definition (cvtOutExtent).
func i8tConvOracle(c i8tConvCase, x, f []int8, bias []int32) (acc []int64, oh, ow int) {
	oh, ph := cvtOutExtent(c.pad, c.h, c.kh, c.sh, c.dh)
	ow, pw := cvtOutExtent(c.pad, c.w, c.kw, c.sw, c.dw)
	kc := c.cin / c.groups
	perGroup := c.cout / c.groups
	for b := 0; b < c.n; b++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				for oc := 0; oc < c.cout; oc++ {
					var a int64
					if bias != nil {
						a = int64(bias[oc])
					}
					for ky := 0; ky < c.kh; ky++ {
						for kx := 0; kx < c.kw; kx++ {
							iy, ix := oy*c.sh-ph+ky*c.dh, ox*c.sw-pw+kx*c.dw
							if iy < 0 || iy >= c.h || ix < 0 || ix >= c.w {
								continue
							}
							for i := 0; i < kc; i++ {
								ic := (oc/perGroup)*kc + i
								xv := int64(x[((b*c.h+iy)*c.w+ix)*c.cin+ic]) - c.inZP
								a += xv * int64(f[((oc*c.kh+ky)*c.kw+kx)*kc+i])
							}
						}
					}
					acc = append(acc, a)
				}
			}
		}
	}
	return acc, oh, ow
}

// i8tCheckOutputs checks a convolution-like kernel's int8 outputs against
// the oracles: acc[i] is output i's exact accumulator and ch(i) its output
// channel. fallback says LiteRT's delegate declines the op, so the float
// mode expects TFLite's builtin kernel (single rounding when ruy).
//
// realOf, when non-nil, gives TFLite's float64 multiplier of a channel;
// the default is double(s_in)*double(s_w)/double(s_out).
func i8tCheckOutputs(t *testing.T, what string, got []int8, acc []int64, ch func(int) int, m quant.Mode, fallback, ruy bool,
	inScale float32, ws []float32, outScale float32, outZP int32, act Activation, realOf func(int) float64) {
	t.Helper()
	mode, single := m, false
	if fallback && m == quant.FloatRoundEven {
		mode, single = quant.FixedPoint, ruy
	}
	lo, hi := i8tOracleAct(mode, act, outScale, outZP)
	for i, a := range acc {
		c := ch(i)
		real := float64(inScale) * float64(ws[c]) / float64(outScale)
		if realOf != nil {
			real = realOf(c)
		}
		var want int8
		if mode == quant.FixedPoint {
			want = i8tOracleFixed(a, real, single, outZP, lo, hi)
		} else {
			want = i8tOracleXNN(a, inScale, ws[c], outScale, outZP, lo, hi)
		}
		if got[i] != want {
			t.Fatalf("%s %v: output %d (channel %d, acc %d): got %d, want %d", what, m, i, c, a, got[i], want)
		}
		_, rexp := quant.QuantizeMultiplier(real)
		i8tDeqCheck(t, fmt.Sprintf("%s %v output %d", what, m, i), got[i], float64(inScale)*float64(ws[c])*float64(a),
			outScale, outZP, lo, hi, mode == quant.FixedPoint && !single, rexp)
	}
}

func TestConv2DInt8Random(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	acts := []Activation{ActNone, ActRelu, ActRelu6, ActReluN1To1}
	ks := []int{1, 3, 5}
	runs := 0
	for iter := 0; iter < 400; iter++ {
		c := i8tConvCase{
			n: 1 + r.IntN(2), h: 1 + r.IntN(9), w: 1 + r.IntN(9),
			kh: ks[r.IntN(3)], kw: ks[r.IntN(3)],
			sh: 1 + r.IntN(2), sw: 1 + r.IntN(2), dh: 1 + r.IntN(3), dw: 1 + r.IntN(3),
			pad: Padding(r.IntN(2)), act: acts[r.IntN(4)],
			perChannel: r.IntN(2) == 0, bias: r.IntN(4) != 0, constW: r.IntN(5) != 0,
			inScale: 0.01 + r.Float32()*0.1, inZP: int64(r.IntN(256) - 128), outZP: int64(r.IntN(256) - 128),
		}
		c.groups = 1
		if r.IntN(4) == 0 {
			c.groups = 1 + r.IntN(3)
		}
		c.cin = c.groups * (1 + r.IntN(17/c.groups))
		c.cout = c.groups * (1 + r.IntN(17/c.groups))
		nw := 1
		if c.perChannel {
			nw = c.cout
		}
		ws := make([]float32, nw)
		for i := range ws {
			ws[i] = 0.002 + r.Float32()*0.02
		}
		// Spread the accumulators over the output range (some saturate).
		c.outScale = c.inScale * ws[0] * 40 * float32(c.kh*c.kw*c.cin/c.groups) / 8
		x := i8tRandAct(r, tensor.Shape{c.n, c.h, c.w, c.cin}, c.inScale, c.inZP)
		f := i8tRandWeights(r, tensor.Shape{c.cout, c.kh, c.kw, c.cin / c.groups}, 0, ws)
		f.Const = c.constW
		var bias []int32
		in := []*tensor.Tensor{x, f}
		if c.bias {
			bias = make([]int32, c.cout)
			for i := range bias {
				bias[i] = int32(r.IntN(40001) - 20000)
			}
			in = append(in, i8tBias(c.inScale, ws, bias...))
		}
		acc, oh, ow := i8tConvOracle(c, x.I8(), f.I8(), bias)
		if oh <= 0 || ow <= 0 {
			k := &Conv2D{Padding: c.pad, StrideH: c.sh, StrideW: c.sw, DilationH: c.dh, DilationW: c.dw, Activation: c.act}
			if err := i8tPrepare(k, i8tOut(c.outScale, c.outZP), in...); !errors.Is(err, ErrShape) {
				t.Fatalf("%v: empty output, Prepare gave %v", c, err)
			}
			continue
		}
		allWs := ws
		if !c.perChannel {
			allWs = make([]float32, c.cout)
			for i := range allWs {
				allWs[i] = ws[0]
			}
		}
		fallback := !c.bias || !c.constW
		for _, m := range i8tModes {
			k := &Conv2D{Padding: c.pad, StrideH: c.sh, StrideW: c.sw, DilationH: c.dh, DilationW: c.dw, Activation: c.act}
			got := i8tRun(t, k, m, i8tOut(c.outScale, c.outZP), in...)
			if want := (tensor.Shape{c.n, oh, ow, c.cout}); !got.Shape.Equal(want) {
				t.Fatalf("%v: shape %v, want %v", c, got.Shape, want)
			}
			i8tCheckOutputs(t, c.String(), got.I8(), acc, func(i int) int { return i % c.cout }, m, fallback, true,
				c.inScale, allWs, c.outScale, int32(c.outZP), c.act, nil)
			runs++
		}
	}
	t.Logf("%d kernel runs", runs)
}

func TestConv2DInt8NoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := i8tRandAct(r, tensor.Shape{1, 7, 6, 5}, 0.05, 3)
	ws := []float32{0.01, 0.02, 0.03, 0.01}
	f := i8tRandWeights(r, tensor.Shape{4, 3, 3, 5}, 0, ws)
	b := i8tBias(0.05, ws, 1, 2, 3, 4)
	for _, m := range i8tModes {
		k := &Conv2D{Padding: PaddingSame, StrideH: 2, StrideW: 1, DilationH: 1, DilationW: 2, Activation: ActRelu}
		k.SetRequantization(m)
		i8tNoAllocs(t, k, i8tOut(0.2, -3), x, f, b)
	}
	// A non-constant filter rebuilds its prefix sums in Eval, still without
	// allocating.
	g := i8tRandWeights(r, tensor.Shape{4, 3, 3, 5}, 0, ws)
	g.Const = false
	i8tNoAllocs(t, &Conv2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}, i8tOut(0.2, 0), x, g, b)
}

func TestConv2DInt8Errors(t *testing.T) {
	x := i8tAct(tensor.Shape{1, 3, 3, 2}, 0.5, 1)
	f := i8tWeights(tensor.Shape{1, 1, 1, 2}, 0, []float32{0.1}, []int8{1, 2})
	k := func(a Activation) *Conv2D {
		return &Conv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, Activation: a}
	}
	if err := i8tPrepare(k(ActTanh), i8tOut(1, 0), x, f); err == nil {
		t.Error("TANH accepted")
	}
	if err := i8tPrepare(k(ActNone), i8tOut(1, 0), x, tensor.New(tensor.Float32, tensor.Shape{1, 1, 1, 2})); !errors.Is(err, ErrType) {
		t.Errorf("float filter with int8 input: %v, want ErrType", err)
	}
	if err := i8tPrepare(k(ActNone), i8tOut(1, 0), x, i8tWeights(tensor.Shape{1, 1, 2}, 0, []float32{0.1}, []int8{1, 2})); !errors.Is(err, ErrShape) {
		t.Errorf("rank-3 filter: %v, want ErrShape", err)
	}
	if err := i8tPrepare(k(ActNone), i8tOut(1, 0), x, f, i8tBias(0.5, []float32{0.1}, 1, 2)); !errors.Is(err, ErrShape) {
		t.Errorf("bias of 2 for 1 channel: %v, want ErrShape", err)
	}
	// A float kernel prepared again for int8 (and back) switches paths.
	kk := k(ActNone)
	if err := i8tPrepare(kk, i8tOut(1, 0), x, f); err != nil || kk.q == nil {
		t.Fatalf("int8 Prepare: %v", err)
	}
	if _, err := cvtPrepare(kk, cvtF32(tensor.Shape{1, 1, 1, 1}, 1), cvtF32(tensor.Shape{1, 1, 1, 1}, 2)); err != nil || kk.q != nil {
		t.Fatalf("float Prepare after int8: %v", err)
	}
}

// FuzzConvFamilyInt8 prepares and runs the int8 convolution-family kernels
// on fuzzed geometries and quantization: whatever Prepare accepts, Eval
// must run without panicking, and the conv's outputs must match the oracle.
func FuzzConvFamilyInt8(f *testing.F) {
	f.Add([]byte{3, 4, 2, 3, 3, 1, 1, 1, 1, 0, 0, 5, 7, 1, 2})
	f.Add([]byte{9, 1, 5, 17, 5, 2, 3, 3, 2, 1, 3, 250, 0, 0, 0})
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 128, 127, 255, 9})
	f.Add([]byte{8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 1, 0})
	f.Fuzz(func(t *testing.T, p []byte) {
		at := func(i, mod int) int {
			if i < len(p) {
				return int(p[i]) % mod
			}
			return 0
		}
		c := i8tConvCase{
			n: 1, h: 1 + at(0, 10), w: 1 + at(1, 10), cin: 1 + at(2, 8), cout: 1 + at(3, 8),
			kh: 1 + at(4, 6), kw: 1 + at(5, 6), sh: 1 + at(6, 4), sw: 1 + at(7, 4), dh: 1 + at(8, 4), dw: 1 + at(9, 4),
			pad: Padding(at(10, 3)), act: Activation(at(14, 6)), groups: 1,
			perChannel: at(13, 2) == 0, bias: at(13, 3) != 0, constW: true,
			inScale: float32(math.Ldexp(1, at(11, 40)-30)), outScale: float32(math.Ldexp(1.3, at(12, 40)-20)),
			inZP: int64(at(11, 256) - 128), outZP: int64(at(12, 256) - 128),
		}
		r := rand.New(rand.NewPCG(uint64(len(p)), uint64(at(0, 256))))
		ws := []float32{float32(math.Ldexp(1, at(3, 30)-20))}
		if c.perChannel {
			ws = make([]float32, c.cout)
			for i := range ws {
				ws[i] = float32(math.Ldexp(1+r.Float64(), at(3, 30)-20))
			}
		}
		x := i8tRandAct(r, tensor.Shape{c.n, c.h, c.w, c.cin}, c.inScale, c.inZP)
		fw := i8tRandWeights(r, tensor.Shape{c.cout, c.kh, c.kw, c.cin}, 0, ws)
		in := []*tensor.Tensor{x, fw}
		var bias []int32
		if c.bias {
			bias = make([]int32, c.cout)
			for i := range bias {
				bias[i] = int32(r.IntN(1<<21) - 1<<20)
			}
			in = append(in, i8tBias(c.inScale, ws, bias...))
		}
		for _, m := range i8tModes {
			k := &Conv2D{Padding: c.pad, StrideH: c.sh, StrideW: c.sw, DilationH: c.dh, DilationW: c.dw, Activation: c.act}
			k.SetRequantization(m)
			o := i8tOut(c.outScale, c.outZP)
			if err := i8tPrepare(k, o, in...); err == nil {
				if err := k.Eval(in, []*tensor.Tensor{o}); err != nil {
					t.Fatalf("conv Eval: %v", err)
				}
				if float64(c.inScale)*float64(ws[0])/float64(c.outScale) >= 256 {
					// Beyond XNNPACK's limit, and far beyond any model's; the
					// fixed-point results then wrap as TFLite's and ruy's do.
					continue
				}
				acc, _, _ := i8tConvOracle(c, x.I8(), fw.I8(), bias)
				allWs := make([]float32, c.cout)
				for i := range allWs {
					allWs[i] = ws[min(i, len(ws)-1)]
				}
				fallback := !c.bias || xnnRequantScale(c.inScale, allWs[0], c.outScale) >= 256
				i8tCheckOutputs(t, c.String(), o.I8(), acc, func(i int) int { return i % c.cout }, m, fallback, true,
					c.inScale, allWs, c.outScale, int32(c.outZP), c.act, nil)
			}
			dwf := i8tRandWeights(r, tensor.Shape{1, c.kh, c.kw, c.cin * (1 + at(4, 2))}, 3, ws[:1])
			dk := &DepthwiseConv2D{Padding: c.pad, StrideH: c.sh, StrideW: c.sw, DilationH: c.dh, DilationW: c.dw, Activation: c.act, DepthMultiplier: 1}
			dk.SetRequantization(m)
			o = i8tOut(c.outScale, c.outZP)
			if err := i8tPrepare(dk, o, x, dwf); err == nil {
				if err := dk.Eval([]*tensor.Tensor{x, dwf}, []*tensor.Tensor{o}); err != nil {
					t.Fatalf("depthwise Eval: %v", err)
				}
			}
			os := cvtConstI32(tensor.Shape{4}, 1, int32(1+at(6, 20)), int32(1+at(7, 20)), int32(c.cout))
			tk := &TransposeConv{Padding: c.pad, StrideH: c.sh, StrideW: c.sw, Activation: c.act}
			tk.SetRequantization(m)
			o = i8tOut(c.outScale, c.outZP)
			tin := []*tensor.Tensor{os, fw, x}
			if err := i8tPrepare(tk, o, tin...); err == nil {
				if err := tk.Eval(tin, []*tensor.Tensor{o}); err != nil {
					t.Fatalf("transpose conv Eval: %v", err)
				}
			}
			for _, pk := range []Kernel{
				&AveragePool2D{Padding: c.pad, StrideH: c.sh, StrideW: c.sw, FilterH: c.kh, FilterW: c.kw, Activation: c.act},
				&MaxPool2D{Padding: c.pad, StrideH: c.sh, StrideW: c.sw, FilterH: c.kh, FilterW: c.kw, Activation: c.act},
			} {
				pk.(Requantizer).SetRequantization(m)
				o = i8tOut(c.inScale, c.inZP)
				if err := i8tPrepare(pk, o, x); err == nil {
					if err := pk.Eval([]*tensor.Tensor{x}, []*tensor.Tensor{o}); err != nil {
						t.Fatalf("pool Eval: %v", err)
					}
				}
			}
		}
	})
}

// i8tGemmCase builds a random CONV_2D for TestConv2DInt8GemmMatchesReference:
// any kernel size, stride, dilation, padding and group count, with a share
// of extreme inputs, zero points, filters and biases (accumulators that
// wrap around int32).
func i8tGemmCase(r *rand.Rand) (k *Conv2D, in []*tensor.Tensor, o *tensor.Tensor, desc string) {
	ks := []int{1, 2, 3, 4, 5}
	groups := 1
	if r.IntN(3) == 0 {
		groups = 1 + r.IntN(3)
	}
	cin := groups * (1 + r.IntN(9))
	cout := groups * (1 + r.IntN(20))
	kh, kw := ks[r.IntN(5)], ks[r.IntN(5)]
	if r.IntN(3) == 0 {
		kh, kw = 1, 1
	}
	sh, sw, dh, dw := 1+r.IntN(3), 1+r.IntN(3), 1+r.IntN(3), 1+r.IntN(3)
	if r.IntN(3) == 0 {
		sh, sw = 1, 1
	}
	pad := Padding(r.IntN(2))
	h, w := 1+r.IntN(13), 1+r.IntN(13)
	if pad == PaddingValid {
		h, w = max(h, (kh-1)*dh+1), max(w, (kw-1)*dw+1)
	}
	n := 1 + r.IntN(2)
	acts := []Activation{ActNone, ActRelu, ActRelu6, ActReluN1To1}
	act := acts[r.IntN(4)]
	inZP := int64(r.IntN(256) - 128)
	switch r.IntN(4) {
	case 0:
		inZP = -128
	case 1:
		inZP = 127
	}
	x := i8tRandAct(r, tensor.Shape{n, h, w, cin}, 0.05, inZP)
	extreme := r.IntN(4) == 0
	if extreme {
		for i := range x.Data {
			x.Data[i] = byte([]int8{-128, 127}[r.IntN(2)])
		}
	}
	ws := make([]float32, cout)
	for i := range ws {
		ws[i] = 0.002 + r.Float32()*0.02
	}
	if r.IntN(2) == 0 {
		ws = ws[:1]
	}
	f := i8tRandWeights(r, tensor.Shape{cout, kh, kw, cin / groups}, 0, ws)
	if extreme {
		for i := range f.Data {
			f.Data[i] = byte([]int8{-128, 127, -127}[r.IntN(3)])
		}
	}
	in = []*tensor.Tensor{x, f}
	if r.IntN(4) != 0 {
		bias := make([]int32, cout)
		for i := range bias {
			bias[i] = int32(r.IntN(40001) - 20000)
			if r.IntN(8) == 0 {
				bias[i] = []int32{math.MaxInt32, math.MinInt32, math.MaxInt32 - 5000}[r.IntN(3)]
			}
		}
		b := i8tBias(0.05, ws, bias...)
		b.Const = r.IntN(6) != 0
		in = append(in, b)
	}
	outScale := 0.05 * ws[0] * float32(1+r.IntN(80)) * float32(kh*kw*cin/groups) / 8
	k = &Conv2D{Padding: pad, StrideH: sh, StrideW: sw, DilationH: dh, DilationW: dw, Activation: act}
	desc = fmt.Sprintf("%dx%dx%dx%d->%d k%dx%d g%d s%dx%d d%dx%d %v %v zp %d extreme=%v inputs=%d",
		n, h, w, cin, cout, kh, kw, groups, sh, sw, dh, dw, pad, act, inZP, extreme, len(in))
	return k, in, i8tOut(outScale, int64(r.IntN(256)-128)), desc
}

// TestConv2DInt8GemmMatchesReference checks the GEMM path (im2col or direct,
// every gemmi8 kernel, split across 1-3 workers in random row ranges)
// against the reference loop on the same prepared kernel: the outputs
// must be identical bytes.
func TestConv2DInt8GemmMatchesReference(t *testing.T) {
	defer func(f func() *gemmi8.Impl) { convGemmImpl = f }(convGemmImpl)
	r := rand.New(rand.NewPCG(77, 78))
	iters := 600
	if testing.Short() {
		iters = 150
	}
	runs := 0
	for iter := 0; iter < iters; iter++ {
		k0, in, o0, desc := i8tGemmCase(r)
		for _, im := range gemmi8.Impls() {
			convGemmImpl = func() *gemmi8.Impl { return im }
			for _, m := range i8tModes {
				k := *k0
				workers := 1 + r.IntN(3)
				k.SetWorkers(workers)
				k.SetRequantization(m)
				o := i8tOut(o0.Quant.Scale[0], o0.Quant.ZeroPoint[0])
				if err := i8tPrepare(&k, o, in...); err != nil {
					if errors.Is(err, ErrShape) {
						break
					}
					t.Fatalf("%s: %v", desc, err)
				}
				if k.q.gemm == nil {
					t.Fatalf("%s: constant filter not on the GEMM", desc)
				}
				ref := i8tOut(o0.Quant.Scale[0], o0.Quant.ZeroPoint[0])
				ref.Shape = o.Shape
				ref.Data = make([]byte, len(o.Data))
				k.evalInt8Ref(in, []*tensor.Tensor{ref}, 0, k.g.n*k.g.outH)
				out := []*tensor.Tensor{o}
				if err := k.Eval(in, out); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(o.Data, ref.Data) {
					t.Fatalf("%s %s %v: GEMM path differs from the reference", desc, im.Name, m)
				}
				// Split: random cut points, each range on a worker.
				parts := k.Parts(nil, nil)
				if k.q.dynBias != (parts == 1 && k.g.n*k.g.outH > 1) && k.g.n*k.g.outH > 1 {
					t.Fatalf("%s: Parts %d with dynamic bias %v", desc, parts, k.q.dynBias)
				}
				clear(o.Data)
				for lo := 0; lo < parts; {
					hi := min(parts, lo+1+r.IntN(parts))
					if err := k.EvalParts(in, out, lo, hi, r.IntN(workers)); err != nil {
						t.Fatal(err)
					}
					lo = hi
				}
				if !bytes.Equal(o.Data, ref.Data) {
					t.Fatalf("%s %s %v: split GEMM path differs from the reference", desc, im.Name, m)
				}
				// Concurrent: one chunk per worker, as the interpreter runs them.
				clear(o.Data)
				chunk := (parts + workers - 1) / workers
				var wg sync.WaitGroup
				errs := make([]error, workers)
				for w := range workers {
					lo, hi := w*chunk, min(parts, (w+1)*chunk)
					if lo >= hi {
						continue
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						errs[w] = k.EvalParts(in, out, lo, hi, w)
					}()
				}
				wg.Wait()
				if err := errors.Join(errs...); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(o.Data, ref.Data) {
					t.Fatalf("%s %s %v: concurrent GEMM path differs from the reference", desc, im.Name, m)
				}
				runs++
			}
		}
	}
	t.Logf("%d kernel runs", runs)
}

// BenchmarkConv2DInt8 times the selfie model's first layer (3x3 stride 2
// SAME on the RGB input, im2col) and a pointwise layer (direct), on the
// GEMM path and on the reference loop.
func BenchmarkConv2DInt8(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct {
		name          string
		h, w, cin, co int
		kh, s         int
	}{
		{"3x3s2_256x256x3_16", 256, 256, 3, 16, 3, 2},
		{"1x1_64x64x16_72", 64, 64, 16, 72, 1, 1},
		{"3x3s1_32x32x24_24", 32, 32, 24, 24, 3, 1},
	} {
		x := i8tRandAct(r, tensor.Shape{1, c.h, c.w, c.cin}, 0.05, -3)
		ws := []float32{0.01}
		f := i8tRandWeights(r, tensor.Shape{c.co, c.kh, c.kh, c.cin}, 0, ws)
		bias := i8tBias(0.05, ws, make([]int32, c.co)...)
		in := []*tensor.Tensor{x, f, bias}
		for _, m := range i8tModes {
			k := &Conv2D{Padding: PaddingSame, StrideH: c.s, StrideW: c.s, DilationH: 1, DilationW: 1, Activation: ActRelu}
			k.SetRequantization(m)
			o := i8tOut(0.1, -5)
			if err := i8tPrepare(k, o, in...); err != nil {
				b.Fatal(err)
			}
			out := []*tensor.Tensor{o}
			b.Run(fmt.Sprintf("%s/%v/gemm", c.name, m), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					k.Eval(in, out)
				}
			})
			b.Run(fmt.Sprintf("%s/%v/reference", c.name, m), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					k.evalInt8Ref(in, out, 0, k.g.n*k.g.outH)
				}
			})
		}
	}
}
