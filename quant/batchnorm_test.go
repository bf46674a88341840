package quant

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestBatchNormScaleShiftHand(t *testing.T) {
	// Channel 0: gamma 2, var 4: scale = 2/sqrt(4) = 1; shift = 0.5 - 4*1 = -3.5.
	// Channel 1: gamma 1, var 0.25: scale = 2; shift = -1 - (-1)*2 = 1.
	bn := BatchNorm{Gamma: []float32{2, 1}, Beta: []float32{0.5, -1}, Mean: []float32{4, -1}, Var: []float32{4, 0.25}}
	scale, shift, err := bn.ScaleShift()
	if err != nil {
		t.Fatal(err)
	}
	if scale[0] != 1 || shift[0] != -3.5 || scale[1] != 2 || shift[1] != 1 {
		t.Fatalf("scale %v shift %v, want [1 2] [-3.5 1]", scale, shift)
	}

	// Depthwise layout [1,1,2,2] (channel last): w = [a0 a1 b0 b1].
	w := []float32{1, 2, 3, 4}
	w2, b2, err := FoldBatchNorm(w, []float32{10, 20}, ChannelLast, bn)
	if err != nil {
		t.Fatal(err)
	}
	// channel 0 *1, channel 1 *2; bias: 10*1-3.5 = 6.5, 20*2+1 = 41.
	wantW, wantB := []float32{1, 4, 3, 8}, []float32{6.5, 41}
	for i := range wantW {
		if w2[i] != wantW[i] {
			t.Fatalf("w' = %v, want %v", w2, wantW)
		}
	}
	for i := range wantB {
		if b2[i] != wantB[i] {
			t.Fatalf("b' = %v, want %v", b2, wantB)
		}
	}
	if w[1] != 2 {
		t.Fatal("FoldBatchNorm modified its input")
	}
	// Conv layout [2,1,1,2] (channel first): w = [c0: 1 2] [c1: 3 4]; no bias.
	w2, b2, err = FoldBatchNorm(w, nil, ChannelFirst, bn)
	if err != nil {
		t.Fatal(err)
	}
	wantW, wantB = []float32{1, 2, 6, 8}, []float32{-3.5, 1}
	for i := range wantW {
		if w2[i] != wantW[i] {
			t.Fatalf("w' = %v, want %v", w2, wantW)
		}
	}
	for i := range wantB {
		if b2[i] != wantB[i] {
			t.Fatalf("b' = %v, want %v", b2, wantB)
		}
	}
}

func TestFoldMulAdd(t *testing.T) {
	w := []float32{1, 2, 3, 4, 5, 6} // [3 channels first, 2 each]
	// MUL only, broadcast scalar: no bias appears.
	w2, b2, err := FoldMulAdd(w, nil, ChannelFirst, 3, []float32{0.5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b2 != nil || w2[5] != 3 || w2[0] != 0.5 {
		t.Fatalf("w' %v b' %v", w2, b2)
	}
	// ADD only: weights unchanged, bias = b + add.
	w2, b2, err = FoldMulAdd(w, []float32{1, 1, 1}, ChannelFirst, 3, nil, []float32{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if w2[3] != 4 || b2[0] != 2 || b2[2] != 4 {
		t.Fatalf("w' %v b' %v", w2, b2)
	}
	// Both: b' = b*m + a.
	_, b2, err = FoldMulAdd(w, []float32{1, 2, 3}, ChannelFirst, 3, []float32{2, 3, 4}, []float32{-1, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if b2[0] != 1 || b2[1] != 6 || b2[2] != 13 {
		t.Fatalf("b' %v", b2)
	}
	// Errors.
	if _, _, err := FoldMulAdd(w, nil, ChannelFirst, 3, []float32{1, 2}, nil); !errors.Is(err, ErrChannels) {
		t.Errorf("2 multipliers for 3 channels: %v", err)
	}
	if _, _, err := FoldMulAdd(w, nil, ChannelFirst, 4, nil, nil); !errors.Is(err, ErrChannels) {
		t.Errorf("6 weights, 4 channels: %v", err)
	}
	if _, _, err := FoldMulAdd(w, []float32{1}, ChannelFirst, 3, nil, nil); !errors.Is(err, ErrChannels) {
		t.Errorf("1 bias for 3 channels: %v", err)
	}
	bad := BatchNorm{Gamma: []float32{1}, Beta: []float32{0}, Mean: []float32{0}, Var: []float32{-1}}
	if _, _, err := bad.ScaleShift(); err == nil {
		t.Error("negative variance: no error")
	}
	if _, _, err := (BatchNorm{Gamma: []float32{1}}).ScaleShift(); err == nil {
		t.Error("ragged batchnorm: no error")
	}
}

// TestFoldBatchNormDefinition checks the fold against the definition on a
// small 1-D convolution with channel-first weights: batchnorm(conv(x)) must
// equal conv'(x) up to float32 rounding.
func TestFoldBatchNormDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const cout, k, n = 5, 3, 20
	w := make([]float32, cout*k)
	b := make([]float32, cout)
	for i := range w {
		w[i] = r.Float32()*2 - 1
	}
	for i := range b {
		b[i] = r.Float32() - 0.5
	}
	bn := BatchNorm{Eps: 1e-3}
	for c := 0; c < cout; c++ {
		bn.Gamma = append(bn.Gamma, 0.5+r.Float32())
		bn.Beta = append(bn.Beta, r.Float32()-0.5)
		bn.Mean = append(bn.Mean, r.Float32()*4-2)
		bn.Var = append(bn.Var, 0.1+3*r.Float32())
	}
	x := make([]float32, n+k-1)
	for i := range x {
		x[i] = r.Float32()*2 - 1
	}
	conv := func(w, b []float32, c, i int) float64 {
		acc := float64(b[c])
		for j := 0; j < k; j++ {
			acc += float64(w[c*k+j]) * float64(x[i+j])
		}
		return acc
	}
	w2, b2, err := FoldBatchNorm(w, b, ChannelFirst, bn)
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < cout; c++ {
		for i := 0; i < n; i++ {
			want := (conv(w, b, c, i)-float64(bn.Mean[c]))*float64(bn.Gamma[c])/math.Sqrt(float64(bn.Var[c])+float64(bn.Eps)) + float64(bn.Beta[c])
			got := conv(w2, b2, c, i)
			if math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
				t.Fatalf("channel %d position %d: folded %v, batchnorm %v", c, i, got, want)
			}
		}
	}
}
