package ops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// i8tPoolIn is the 3x3 image
//
//	1  2  -3
//	4 -5   6
//	7  8 -11
func i8tPoolIn(scale float32, zp int64) *tensor.Tensor {
	return i8tAct(tensor.Shape{1, 3, 3, 1}, scale, zp, 1, 2, -3, 4, -5, 6, 7, 8, -11)
}

func TestAveragePool2DInt8HandComputed(t *testing.T) {
	// 2x2 VALID windows: sums 2, 0, 14, -2 over 4 values: 0.5, 0, 3.5,
	// -0.5, which TFLite rounds half away from zero: 1, 0, 4, -1 (the
	// stored integers are averaged directly: input and output share their
	// quantization).
	for _, m := range i8tModes {
		k := &AveragePool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(0.5, 3), i8tPoolIn(0.5, 3)), tensor.Shape{1, 2, 2, 1}, 1, 0, 4, -1)
		// SAME 3x3 stride 2: padding 1 each side, and every window keeps
		// the same 4 in-bounds values: the count is 4, not 9.
		k = &AveragePool2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, FilterH: 3, FilterW: 3}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(0.5, 3), i8tPoolIn(0.5, 3)), tensor.Shape{1, 2, 2, 1}, 1, 0, 4, -1)
		// RELU clamps at the zero point 3 (real 0); RELU6 at scale 0.5 and
		// zero point -1 clamps at [-1, 11].
		k = &AveragePool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2, Activation: ActRelu}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(0.5, 3), i8tPoolIn(0.5, 3)), tensor.Shape{1, 2, 2, 1}, 3, 3, 4, 3)
		k = &AveragePool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 3, FilterW: 3, Activation: ActRelu6}
		x := i8tAct(tensor.Shape{1, 3, 3, 1}, 0.5, -1, 100, 100, 100, 100, 100, 100, 100, 100, 100)
		i8tExpect(t, i8tRun(t, k, m, i8tOut(0.5, -1), x), tensor.Shape{1, 1, 1, 1}, 11)
		// Whole-image 3x3: sum 9 over 9: 1.
		k = &AveragePool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 3, FilterW: 3}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(0.5, 3), i8tPoolIn(0.5, 3)), tensor.Shape{1, 1, 1, 1}, 1)
	}
}

func TestMaxPool2DInt8HandComputed(t *testing.T) {
	// 2x2 VALID windows: maxima 4, 6, 8, 8.
	for _, m := range i8tModes {
		k := &MaxPool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(1, 5), i8tPoolIn(1, 5)), tensor.Shape{1, 2, 2, 1}, 4, 6, 8, 8)
		// RELU clamps at the zero point 5; RELU6 (scale 1, zero point 0) at 6.
		k = &MaxPool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2, Activation: ActRelu}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(1, 5), i8tPoolIn(1, 5)), tensor.Shape{1, 2, 2, 1}, 5, 6, 8, 8)
		k = &MaxPool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2, Activation: ActRelu6}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(1, 0), i8tPoolIn(1, 0)), tensor.Shape{1, 2, 2, 1}, 4, 6, 6, 6)
		// SAME padding never wins a max: all values negative.
		x := i8tAct(tensor.Shape{1, 2, 2, 1}, 1, 0, -100, -90, -80, -128)
		k = &MaxPool2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, FilterH: 3, FilterW: 3}
		i8tExpect(t, i8tRun(t, k, m, i8tOut(1, 0), x), tensor.Shape{1, 2, 2, 1}, -80, -80, -80, -80)
	}
	// RELU6 at scale 12, zero point -20: 6/12 = 0.5 above the zero point.
	// XNNPACK (which LiteRT uses when its delegate takes the pool) rounds
	// -19.5 to even, -20; TFLite rounds 0.5 away, -19.
	x := i8tAct(tensor.Shape{1, 2, 2, 1}, 12, -20, 50, 60, 70, 80)
	k := &MaxPool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2, Activation: ActRelu6}
	i8tExpect(t, i8tRun(t, k, quant.FloatRoundEven, i8tOut(12, -20), x), tensor.Shape{1, 1, 1, 1}, -20)
	i8tExpect(t, i8tRun(t, k, quant.FixedPoint, i8tOut(12, -20), x), tensor.Shape{1, 1, 1, 1}, -19)
	// A stride above the filter: the delegate declines and TFLite's range
	// applies in both modes.
	k = &MaxPool2D{Padding: PaddingValid, StrideH: 3, StrideW: 3, FilterH: 2, FilterW: 2, Activation: ActRelu6}
	i8tExpect(t, i8tRun(t, k, quant.FloatRoundEven, i8tOut(12, -20), x), tensor.Shape{1, 1, 1, 1}, -19)
}

func TestPool2DInt8Random(t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	acts := []Activation{ActNone, ActRelu, ActRelu6, ActReluN1To1}
	for iter := 0; iter < 300; iter++ {
		n, h, w, c := 1+r.IntN(2), 1+r.IntN(9), 1+r.IntN(9), 1+r.IntN(17)
		fh, fw := 1+r.IntN(4), 1+r.IntN(4)
		sh, sw := 1+r.IntN(3), 1+r.IntN(3)
		pad := Padding(r.IntN(2))
		act := acts[r.IntN(4)]
		scale, zp := 0.01+r.Float32()*0.2, int64(r.IntN(256)-128)
		oh, ph := cvtOutExtent(pad, h, fh, sh, 1)
		ow, pw := cvtOutExtent(pad, w, fw, sw, 1)
		if oh <= 0 || ow <= 0 {
			continue
		}
		x := i8tRandAct(r, tensor.Shape{n, h, w, c}, scale, zp)
		xs := x.I8()
		desc := fmt.Sprintf("%dx%dx%dx%d f%dx%d s%dx%d %v %v", n, h, w, c, fh, fw, sh, sw, pad, act)
		for _, m := range i8tModes {
			for _, isMax := range []bool{false, true} {
				var k Kernel = &AveragePool2D{Padding: pad, StrideH: sh, StrideW: sw, FilterH: fh, FilterW: fw, Activation: act}
				if isMax {
					k = &MaxPool2D{Padding: pad, StrideH: sh, StrideW: sw, FilterH: fh, FilterW: fw, Activation: act}
				}
				got := i8tRun(t, k, m, i8tOut(scale, zp), x).I8()
				am := quant.FixedPoint
				if isMax && m == quant.FloatRoundEven && sh <= fh && sw <= fw && !(fh == 1 && fw == 1 && max(sh, sw) > 1) {
					am = quant.FloatRoundEven
				}
				lo, hi := i8tOracleAct(am, act, scale, int32(zp))
				i := 0
				for b := 0; b < n; b++ {
					for oy := 0; oy < oh; oy++ {
						for ox := 0; ox < ow; ox++ {
							for ch := 0; ch < c; ch++ {
								sum, cnt, mx := 0, 0, -129
								for fy := 0; fy < fh; fy++ {
									for fx := 0; fx < fw; fx++ {
										iy, ix := oy*sh-ph+fy, ox*sw-pw+fx
										if iy < 0 || iy >= h || ix < 0 || ix >= w {
											continue
										}
										v := int(xs[((b*h+iy)*w+ix)*c+ch])
										sum += v
										cnt++
										mx = max(mx, v)
									}
								}
								want := mx
								if !isMax {
									want = int(math.Round(float64(sum) / float64(cnt))) // half away from zero
								}
								want = max(int(lo), min(int(hi), want))
								if int(got[i]) != want {
									t.Fatalf("%s max=%v %v: output %d = %d, want %d", desc, isMax, m, i, got[i], want)
								}
								i++
							}
						}
					}
				}
			}
		}
	}
}

func TestPool2DInt8NoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	x := i8tRandAct(r, tensor.Shape{2, 7, 6, 5}, 0.05, 3)
	i8tNoAllocs(t, &AveragePool2D{Padding: PaddingSame, StrideH: 2, StrideW: 2, FilterH: 3, FilterW: 3}, i8tOut(0.05, 3), x)
	i8tNoAllocs(t, &MaxPool2D{Padding: PaddingSame, StrideH: 2, StrideW: 1, FilterH: 3, FilterW: 2, Activation: ActRelu}, i8tOut(0.05, 3), x)
}

func TestPool2DInt8Errors(t *testing.T) {
	for _, k := range []Kernel{
		&AveragePool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2},
		&MaxPool2D{Padding: PaddingValid, StrideH: 1, StrideW: 1, FilterH: 2, FilterW: 2},
	} {
		if err := i8tPrepare(k, i8tOut(0.5, 3), i8tPoolIn(0.5, 3)); err != nil {
			t.Fatalf("%T: valid pool rejected: %v", k, err)
		}
		if err := i8tPrepare(k, i8tOut(0.5, 4), i8tPoolIn(0.5, 3)); err == nil {
			t.Errorf("%T: output zero point differing from the input's accepted", k)
		}
		if err := i8tPrepare(k, i8tOut(0.25, 3), i8tPoolIn(0.5, 3)); err == nil {
			t.Errorf("%T: output scale differing from the input's accepted", k)
		}
		if err := i8tPrepare(k, i8tOut(0.5, 3), i8tAct(tensor.Shape{3, 3, 1}, 0.5, 3)); err == nil {
			t.Errorf("%T: rank-3 input accepted", k)
		}
	}
}
