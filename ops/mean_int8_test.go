package ops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

func TestMeanInt8HandComputed(t *testing.T) {
	run := func(m quant.Mode, keep bool, x *tensor.Tensor, axes []int32, outScale float32, outZP int64) *tensor.Tensor {
		return i8tRun(t, &Mean{KeepDims: keep}, m, i8tOut(outScale, outZP), x, cvtConstI32(tensor.Shape{len(axes)}, axes...))
	}
	// Columns of [[1,2,3,4],[2,3,4,6]] at scale 0.5, zero point 1 (reals
	// 0, 0.5, 1, 1.5 and 0.5, 1, 1.5, 2.5), averaged to 0.25, 0.75, 1.25,
	// 2 and requantized at scale 0.25, zero point -2: -1, 1, 3, 6. XNNPACK's
	// formula: ratio 2, scale 2*(1/2) = 1, bias -2 - 1*2 = -4, sums 3, 5,
	// 7, 10 -> -1, 1, 3, 6.
	x := i8tAct(tensor.Shape{2, 4}, 0.5, 1, 1, 2, 3, 4, 2, 3, 4, 6)
	i8tExpect(t, run(quant.FloatRoundEven, false, x, []int32{0}, 0.25, -2), tensor.Shape{4}, -1, 1, 3, 6)
	// TFLite (QuantizedMeanOrSum): scale 2, bias -1*2 + 0.5 = -1.5, means
	// 1.5, 2.5, 3.5, 5: round(1.5*2 - 1.5 = 1.5) = 2 -> 0, round(3.5) = 4
	// -> 2, round(5.5) = 6 -> 4, round(8.5) = 9 -> 7: the +0.5 rounds the
	// exact halves up twice over.
	i8tExpect(t, run(quant.FixedPoint, false, x, []int32{0}, 0.25, -2), tensor.Shape{4}, 0, 2, 4, 7)

	// Same quantization in and out: sums 3 and 5 over 2. XNNPACK rounds
	// 1.5 and 2.5 to even (2, 2); TFLite's reference Mean divides the
	// integers, truncating (1, 2).
	y := i8tAct(tensor.Shape{2, 2}, 0.5, 0, 1, 2, 2, 3)
	i8tExpect(t, run(quant.FloatRoundEven, false, y, []int32{0}, 0.5, 0), tensor.Shape{2}, 2, 2)
	i8tExpect(t, run(quant.FixedPoint, false, y, []int32{0}, 0.5, 0), tensor.Shape{2}, 1, 2)

	// keep_dims over axes {1, 2} of a rank-4 tensor: TFLite's
	// reference_integer_ops::Mean. Values 1, 2, 3, 4 (zero point 0, same
	// scale): sum 10, multiplier 1, (10 + 2)/4 = 3 (half away from zero);
	// XNNPACK: 10 * 0.25 = 2.5 -> 2.
	z := i8tAct(tensor.Shape{1, 2, 2, 1}, 1, 0, 1, 2, 3, 4)
	i8tExpect(t, run(quant.FixedPoint, true, z, []int32{1, 2}, 1, 0), tensor.Shape{1, 1, 1, 1}, 3)
	i8tExpect(t, run(quant.FloatRoundEven, true, z, []int32{2, 1}, 1, 0), tensor.Shape{1, 1, 1, 1}, 2)
	// XNNPACK adds the zero points as a float bias after scaling the raw
	// sum. 56 values summing to -140 at scale 0.1, zero point 5, into
	// scale 0.1, zero point -5: the exact result is -2.5 - 5 - 5 = -12.5,
	// and sum*scale + bias = -2.5000002 - 10 rounds to float32 -12.5, then
	// to even: -12 (as LiteRT.js). Scaling sum - 56*5 = -420 instead gives
	// -420*float32(1/56) = -7.5000005 -> -8 -> -13.
	v := make([]int8, 56)
	for i := range v {
		v[i] = -2
	}
	v[0], v[1] = -16, -16 // 54*-2 - 32 = -140
	w := i8tAct(tensor.Shape{1, 56}, 0.1, 5, v...)
	i8tExpect(t, run(quant.FloatRoundEven, false, w, []int32{1}, 0.1, -5), tensor.Shape{1}, -12)

	// Saturation: a mean of 100 (real 100) is 200 steps of 0.5: 127, and
	// -100 gives -128.
	s := i8tAct(tensor.Shape{1, 4}, 1, 0, 100, 100, 100, 100)
	for _, m := range i8tModes {
		i8tExpect(t, run(m, false, s, []int32{1}, 0.5, 0), tensor.Shape{1}, 127)
		i8tExpect(t, run(m, true, i8tAct(tensor.Shape{1, 4}, 1, 0, -100, -100, -100, -100), []int32{-1}, 0.5, 0), tensor.Shape{1, 1}, -128)
	}
	// A reduction over zero elements gives the output zero point.
	e := i8tAct(tensor.Shape{0, 3}, 1, 0)
	for _, m := range i8tModes {
		i8tExpect(t, run(m, false, e, []int32{0}, 1, 7), tensor.Shape{3}, 7, 7, 7)
	}
}

// i8tMeanOracle applies the documented formulas of mean_int8.go to exact
// sums.
func i8tMeanOracle(m quant.Mode, sum int64, n int, keep bool, rank int, axes []int32, is, os float32, izp, ozp int32) int8 {
	if n == 0 {
		return int8(ozp)
	}
	clamp := func(v int64) int8 { return int8(max(-128, min(127, v))) }
	if m == quant.FloatRoundEven && rank > 0 && len(axes) > 0 {
		ratio := is / os
		scale := float32(ratio * (1 / float32(n)))
		bias := float32(ozp) - float32(float32(izp)*ratio)
		f := float32(float32(sum)*scale) + bias
		return clamp(int64(math.RoundToEven(float64(f))))
	}
	if keep && rank == 4 && len(axes) == 2 && (axes[0] == 1 && axes[1] == 2 || axes[0] == 2 && axes[1] == 1) {
		acc := sum - int64(n)*int64(izp)
		// MultiplyByQuantizedMultiplier by the reference definition (the
		// quant package's oracle tests cover it), then a rounded division.
		mult, shift := quant.QuantizeMultiplier(float64(is) / float64(os))
		a := int64(quant.MultiplyByQuantizedMultiplier(int32(acc), mult, shift))
		N := int64(n)
		if a > 0 {
			a = (a + N/2) / N
		} else {
			a = (a - N/2) / N
		}
		return clamp(a + int64(ozp))
	}
	if is == os && izp == ozp {
		return int8(sum / int64(n))
	}
	scale := is / os
	bias := float32(float32(-izp)*scale) + 0.5
	mean := float32(sum) / float32(n)
	r := float32(math.Round(float64(float32(mean*scale) + bias)))
	return int8(max(-128, min(127, r+float32(ozp))))
}

func TestMeanInt8Random(t *testing.T) {
	r := rand.New(rand.NewPCG(71, 72))
	for iter := 0; iter < 400; iter++ {
		rank := 1 + r.IntN(4)
		shape := make(tensor.Shape, rank)
		for d := range shape {
			shape[d] = 1 + r.IntN(6)
		}
		var axes []int32
		reduced := make([]bool, rank)
		na := r.IntN(rank + 1)
		if rank == 4 && r.IntN(3) == 0 {
			axes = []int32{1, 2}
			reduced[1], reduced[2] = true, true
		} else {
			for i := 0; i < na; i++ {
				d := r.IntN(rank)
				a := int32(d)
				if r.IntN(2) == 0 {
					a -= int32(rank)
				}
				axes = append(axes, a)
				reduced[d] = true
			}
		}
		keep := r.IntN(2) == 0
		is, izp := 0.01+r.Float32()*0.2, int32(r.IntN(256)-128)
		os, ozp := is, izp
		if r.IntN(3) != 0 {
			os, ozp = 0.005+r.Float32()*0.2, int32(r.IntN(256)-128)
		}
		x := i8tRandAct(r, shape, is, int64(izp))
		xs := x.I8()
		// Sums by brute force over the output index of each element.
		var oshape tensor.Shape
		ostride := make([]int, rank)
		nout, count := 1, 1
		for d := rank - 1; d >= 0; d-- {
			if !reduced[d] {
				ostride[d] = nout
				nout *= shape[d]
			} else {
				count *= shape[d]
			}
		}
		for d := 0; d < rank; d++ {
			if !reduced[d] {
				oshape = append(oshape, shape[d])
			} else if keep {
				oshape = append(oshape, 1)
			}
		}
		if oshape == nil {
			oshape = tensor.Shape{}
		}
		sums := make([]int64, nout)
		idx := make([]int, rank)
		for _, v := range xs {
			o := 0
			for d := range idx {
				o += idx[d] * ostride[d]
			}
			sums[o] += int64(v)
			for d := rank - 1; d >= 0; d-- {
				idx[d]++
				if idx[d] < shape[d] {
					break
				}
				idx[d] = 0
			}
		}
		desc := fmt.Sprintf("%v axes %v keep=%v %v/%d -> %v/%d", shape, axes, keep, is, izp, os, ozp)
		for _, m := range i8tModes {
			got := i8tRun(t, &Mean{KeepDims: keep}, m, i8tOut(os, int64(ozp)), x, cvtConstI32(tensor.Shape{len(axes)}, axes...))
			if !got.Shape.Equal(oshape) {
				t.Fatalf("%s: shape %v, want %v", desc, got.Shape, oshape)
			}
			for i, s := range sums {
				want := i8tMeanOracle(m, s, count, keep, rank, axes, is, os, izp, ozp)
				if got.I8()[i] != want {
					t.Fatalf("%s %v: output %d (sum %d over %d) = %d, want %d", desc, m, i, s, count, got.I8()[i], want)
				}
				if m == quant.FloatRoundEven && len(axes) > 0 {
					real := float64(is) * (float64(s)/float64(count) - float64(izp))
					i8tDeqCheck(t, desc, got.I8()[i], real, os, ozp, -128, 127, false, 0)
				}
			}
		}
	}
}

func TestMeanInt8NoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	x := i8tRandAct(r, tensor.Shape{2, 5, 4, 6}, 0.05, 3)
	for _, axes := range [][]int32{{1, 2}, {3}, {0, 2}} {
		for _, m := range i8tModes {
			k := &Mean{KeepDims: true}
			k.SetRequantization(m)
			i8tNoAllocs(t, k, i8tOut(0.02, -1), x, cvtConstI32(tensor.Shape{len(axes)}, axes...))
		}
	}
}

func TestMeanInt8Errors(t *testing.T) {
	x := i8tAct(tensor.Shape{2, 3}, 0.5, 1)
	ax := cvtConstI32(tensor.Shape{1}, 1)
	if err := i8tPrepare(&Mean{}, i8tOut(1, 0), x, ax); err != nil {
		t.Fatalf("valid mean rejected: %v", err)
	}
	if err := i8tPrepare(&Mean{}, &tensor.Tensor{DType: tensor.Float32}, x, ax); err == nil {
		t.Error("float output for int8 input accepted")
	}
	if err := i8tPrepare(&Mean{}, i8tOut(1, 0), x, cvtConstI32(tensor.Shape{1}, 2)); err == nil {
		t.Error("axis out of range accepted")
	}
	y := i8tAct(tensor.Shape{2, 3}, 0.5, 1)
	y.Quant = nil
	if err := i8tPrepare(&Mean{}, i8tOut(1, 0), y, ax); err == nil {
		t.Error("int8 input without quantization accepted")
	}
}
