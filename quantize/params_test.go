package quantize

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestChooseParams(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		scale  float32
		zp     int64
	}{
		// [0, 2.55]: scale 0.01, zero at -128.
		{0, 2.55, 0.01, -128},
		// [-1, 1.55]: scale 0.01, zero point -128 + 1/0.01 = -28.
		{-1, 1.55, 0.01, -28},
		// Ranges are widened to include 0: [1, 2] acts as [0, 2].
		{1, 2, float32(2.0 / 255), -128},
		// All negative [-2.55, -1] acts as [-2.55, 0]: zero point 127.
		{-2.55, -1, 0.01, 127},
		// Degenerate range.
		{0, 0, 1, 0},
	} {
		p := chooseParams(c.lo, c.hi)
		if math.Abs(float64(p.scale-c.scale)) > 1e-7 || p.zp != c.zp {
			t.Errorf("chooseParams(%v, %v) = %v %d, want %v %d", c.lo, c.hi, p.scale, p.zp, c.scale, c.zp)
		}
		// Zero is always exactly representable.
		if q := float64(p.scale) * float64(p.zp-p.zp); q != 0 {
			t.Error("zero not exact")
		}
	}
}

func TestSymmetricWeights(t *testing.T) {
	// Two output channels (axis 0) of two values each: channel 0 max |w| = 2,
	// scale 2/127; channel 1 all zero -> scale 1, values 0.
	w := []float32{2, -1, 0, 0}
	scales, q := symmetricWeights(w, []int{2, 1, 1, 2}, 0)
	if scales[0] != float32(2.0/127) || scales[1] != 1 {
		t.Fatalf("scales %v", scales)
	}
	// -1 / (2/127) = -63.5 -> round half away from zero -> -64.
	if q[0] != 127 || q[1] != -64 || q[2] != 0 || q[3] != 0 {
		t.Fatalf("q %v", q)
	}
	// Depthwise layout: channels along the last axis.
	scales, q = symmetricWeights([]float32{1, -4, -0.5, 2}, []int{1, 1, 2, 2}, 3)
	if scales[0] != float32(1.0/127) || scales[1] != float32(4.0/127) || q[0] != 127 || q[1] != -127 || q[2] != -64 || q[3] != 64 {
		t.Fatalf("depthwise: scales %v q %v", scales, q)
	}
}

func TestRangeMethods(t *testing.T) {
	// 10000 values spread over [-1, 1] plus one outlier at 100.
	s := &stats{}
	var v []float32
	for i := 0; i < 10000; i++ {
		v = append(v, float32(i)/5000-1)
	}
	v = append(v, 100)
	s.add(v)
	s.hist = make([]float64, histBins)
	s.addHist(v)
	if lo, hi := rangeOf(s, MinMax, 0); lo != -1 || hi != 100 {
		t.Errorf("minmax: %v %v", lo, hi)
	}
	// The 99.9th percentile drops the single outlier (1 value in 10001).
	lo, hi := rangeOf(s, Percentile, 99.9)
	if lo > -0.9 || hi > 2 || hi < 0.9 {
		t.Errorf("percentile: %v %v", lo, hi)
	}
	// MSE keeps a single far outlier (clipping it would cost more squared
	// error than the coarser steps do). On a heavy-tailed Laplace sample it
	// clips the tails, and never does worse than min/max.
	r := rand.New(rand.NewPCG(5, 5))
	lap := &stats{}
	var lv []float32
	for i := 0; i < 100000; i++ {
		u := r.Float64() - 0.5
		x := -math.Copysign(math.Log(1-2*math.Abs(u)), u)
		lv = append(lv, float32(x))
	}
	lap.add(lv)
	lap.hist = make([]float64, histBins)
	lap.addHist(lv)
	lo, hi = rangeOf(lap, MSE, 0)
	if !(hi < lap.max && lo > lap.min) {
		t.Errorf("mse on Laplace: [%v, %v], data [%v, %v]", lo, hi, lap.min, lap.max)
	}
	w := (lap.max - lap.min) / histBins
	if e, e0 := histError(lap, w, chooseParams(lo, hi)), histError(lap, w, chooseParams(lap.min, lap.max)); e > e0 {
		t.Errorf("mse error %v > minmax error %v", e, e0)
	}
	if _, err := ParseMethod("median"); err == nil {
		t.Error("unknown method accepted")
	}
}
