package ops

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

func TestFullyConnectedInt8HandComputed(t *testing.T) {
	// Rows x = (1, 2, 3) and (-1, 0, 1) at scale 0.5, zero point -4:
	// q = 2x - 4 = (-2, 0, 2) and (-6, -4, -2). Weights (1, 1, 1) at scale
	// 0.5 and (2, -1, 0) at 0.25; bias 2 and -4 (real 0.5 and -0.5).
	//   row 0: (q+4)*w = 12 and 0, +bias: 14 and -4 -> real 3.5 and -0.5
	//   row 1: 0 and -4, +bias: 2 and -8          -> real 0.5 and -1
	// (the float results: 6*0.5 + 0.5 = 3.5, 0*0.25 - 0.5, ...). Output
	// scale 0.5, zero point 1: 7+1, -1+1, 1+1, -2+1.
	x := i8tAct(tensor.Shape{2, 3}, 0.5, -4, -2, 0, 2, -6, -4, -2)
	ws := []float32{0.5, 0.25}
	w := i8tWeights(tensor.Shape{2, 3}, 0, ws, []int8{1, 1, 1, 2, -1, 0})
	b := i8tBias(0.5, ws, 2, -4)
	for _, m := range i8tModes {
		i8tExpect(t, i8tRun(t, &FullyConnected{}, m, i8tOut(0.5, 1), x, w, b), tensor.Shape{2, 2}, 8, 0, 2, -1)
		// Without bias: 12, 0, 0, -4 -> 3, 0, 0, -0.5 -> steps 6, 0, 0, -1.
		i8tExpect(t, i8tRun(t, &FullyConnected{}, m, i8tOut(0.5, 1), x, w), tensor.Shape{2, 2}, 7, 1, 1, 0)
		// keep_num_dims on a [1,2,3] input keeps the leading dimensions.
		x3 := i8tAct(tensor.Shape{1, 2, 3}, 0.5, -4, -2, 0, 2, -6, -4, -2)
		i8tExpect(t, i8tRun(t, &FullyConnected{KeepNumDims: true}, m, i8tOut(0.5, 1), x3, w, b), tensor.Shape{1, 2, 2}, 8, 0, 2, -1)
		// RELU clamps at the zero point 1.
		i8tExpect(t, i8tRun(t, &FullyConnected{Activation: ActRelu}, m, i8tOut(0.5, 1), x, w, b), tensor.Shape{2, 2}, 8, 1, 2, 1)
		// A tiny output scale saturates: 3.5/0.01 = 350 -> 127, -1/0.01 -> -128.
		i8tExpect(t, i8tRun(t, &FullyConnected{}, m, i8tOut(0.01, 0), x, w, b), tensor.Shape{2, 2}, 127, -50, 50, -100)
	}
}

func TestFullyConnectedInt8Random(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	acts := []Activation{ActNone, ActRelu, ActRelu6, ActReluN1To1}
	runs := 0
	for iter := 0; iter < 300; iter++ {
		k, n := 1+r.IntN(40), 1+r.IntN(17)
		b := 1 + r.IntN(4)
		keep := r.IntN(2) == 0
		shape := tensor.Shape{b, k}
		if r.IntN(2) == 0 {
			shape = tensor.Shape{1, b, k}
		}
		act := acts[r.IntN(4)]
		perChannel, hasBias, constW := r.IntN(2) == 0, r.IntN(3) != 0, r.IntN(5) != 0
		inScale, inZP, outZP := 0.01+r.Float32()*0.1, int64(r.IntN(256)-128), int64(r.IntN(256)-128)
		nw := 1
		if perChannel {
			nw = n
		}
		ws := make([]float32, nw)
		for i := range ws {
			ws[i] = 0.002 + r.Float32()*0.02
		}
		outScale := inScale * ws[0] * 40 * float32(k) / 8
		x := i8tRandAct(r, shape, inScale, inZP)
		w := i8tRandWeights(r, tensor.Shape{n, k}, 0, ws)
		w.Const = constW
		in := []*tensor.Tensor{x, w}
		var bias []int32
		if hasBias {
			bias = make([]int32, n)
			for i := range bias {
				bias[i] = int32(r.IntN(40001) - 20000)
			}
			in = append(in, i8tBias(inScale, ws, bias...))
		}
		xs, wv := x.I8(), w.I8()
		var acc []int64
		for row := 0; row < b; row++ {
			for o := 0; o < n; o++ {
				var a int64
				if bias != nil {
					a = int64(bias[o])
				}
				for i := 0; i < k; i++ {
					a += (int64(xs[row*k+i]) - inZP) * int64(wv[o*k+i])
				}
				acc = append(acc, a)
			}
		}
		allWs := make([]float32, n)
		for i := range allWs {
			allWs[i] = ws[min(i, nw-1)]
		}
		var realOf func(int) float64
		if !perChannel {
			// GetQuantizedConvolutionMultipler: the product of the two
			// scales is a float32.
			realOf = func(int) float64 { return float64(inScale*ws[0]) / float64(outScale) }
		}
		desc := fmt.Sprintf("%v x [%d %d] keep=%v %v perChannel=%v bias=%v const=%v", shape, n, k, keep, act, perChannel, hasBias, constW)
		for _, m := range i8tModes {
			got := i8tRun(t, &FullyConnected{Activation: act, KeepNumDims: keep}, m, i8tOut(outScale, outZP), in...)
			want := tensor.Shape{b, n}
			if keep {
				want = append(shape[:len(shape)-1:len(shape)-1], n)
			}
			if !got.Shape.Equal(want) {
				t.Fatalf("%s: shape %v, want %v", desc, got.Shape, want)
			}
			i8tCheckOutputs(t, desc, got.I8(), acc, func(i int) int { return i % n }, m, !constW, true,
				inScale, allWs, outScale, int32(outZP), act, realOf)
			runs++
		}
	}
	t.Logf("%d kernel runs", runs)
}

func TestFullyConnectedInt8NoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	x := i8tRandAct(r, tensor.Shape{3, 20}, 0.05, 7)
	ws := []float32{0.01}
	w := i8tRandWeights(r, tensor.Shape{9, 20}, 0, ws)
	for _, m := range i8tModes {
		k := &FullyConnected{Activation: ActRelu6}
		k.SetRequantization(m)
		i8tNoAllocs(t, k, i8tOut(0.05, -2), x, w)
	}
	v := i8tRandWeights(r, tensor.Shape{9, 20}, 0, ws)
	v.Const = false
	i8tNoAllocs(t, &FullyConnected{}, i8tOut(0.05, -2), x, v, i8tBias(0.05, ws, make([]int32, 9)...))
}

func TestFullyConnectedInt8Errors(t *testing.T) {
	x := i8tAct(tensor.Shape{2, 3}, 0.5, 1)
	w := i8tWeights(tensor.Shape{2, 3}, 0, []float32{0.1, 0.2}, make([]int8, 6))
	if err := i8tPrepare(&FullyConnected{}, i8tOut(1, 0), x, w); err != nil {
		t.Fatalf("valid FC rejected: %v", err)
	}
	if err := i8tPrepare(&FullyConnected{}, i8tOut(1, 0), i8tAct(tensor.Shape{2, 4}, 0.5, 1), w); !errors.Is(err, ErrShape) {
		t.Errorf("input not a multiple of the depth: %v, want ErrShape", err)
	}
	w1 := i8tWeights(tensor.Shape{2, 3}, 1, []float32{0.1, 0.2, 0.3}, make([]int8, 6))
	if err := i8tPrepare(&FullyConnected{}, i8tOut(1, 0), x, w1); err == nil {
		t.Error("weights quantized along axis 1 accepted")
	}
	if err := i8tPrepare(&FullyConnected{}, i8tOut(1, 0), x, w, i8tBias(0.5, []float32{0.1}, 1, 2, 3)); !errors.Is(err, ErrShape) {
		t.Errorf("bias of 3 for 2 outputs: %v, want ErrShape", err)
	}
	if err := i8tPrepare(&FullyConnected{Activation: ActSignBit}, i8tOut(1, 0), x, w); err == nil {
		t.Error("SIGN_BIT accepted")
	}
	var k FullyConnected
	k.SetRequantization(quant.FixedPoint)
	if err := i8tPrepare(&k, i8tOut(1, 0), i8tAct(tensor.Shape{}, 0.5, 1), w); !errors.Is(err, ErrShape) {
		t.Errorf("scalar input: %v, want ErrShape", err)
	}
}
