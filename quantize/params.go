package quantize

import (
	"fmt"
	"math"
)

// Method chooses an activation's quantization range from calibration data.
type Method uint8

const (
	// MinMax uses the smallest and largest values seen.
	MinMax Method = iota
	// Percentile clips to the Options.Percentile-th percentile at each end.
	Percentile
	// MSE clips to the range that minimises the mean squared quantization
	// error over the observed histogram.
	MSE
)

// ParseMethod reads "minmax", "percentile" or "mse".
func ParseMethod(s string) (Method, error) {
	switch s {
	case "minmax", "":
		return MinMax, nil
	case "percentile":
		return Percentile, nil
	case "mse":
		return MSE, nil
	}
	return MinMax, fmt.Errorf("quantize: unknown calibration method %q (want minmax, percentile or mse)", s)
}

func (m Method) String() string {
	return [...]string{"minmax", "percentile", "mse"}[m]
}

// params are int8 affine quantization parameters.
type params struct {
	scale float32
	zp    int64
}

// chooseParams maps a real range to int8 parameters as TFLite's
// ChooseQuantizationParams does: the range is widened to contain 0 (so that
// zero is exact), scale = (max-min)/255, and the zero point
// -128 - min/scale is rounded and clamped to [-128, 127].
func chooseParams(lo, hi float64) params {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if hi-lo < 1e-12 {
		return params{scale: 1, zp: 0}
	}
	scale := (hi - lo) / 255
	zp := math.Round(-128 - lo/scale)
	zp = math.Min(math.Max(zp, -128), 127)
	return params{scale: float32(scale), zp: int64(zp)}
}

// rangeOf returns the range of s under the method.
func rangeOf(s *stats, m Method, pct float64) (lo, hi float64) {
	if !s.seen {
		return 0, 0
	}
	if m == MinMax || s.hist == nil {
		return s.min, s.max
	}
	total := 0.0
	for _, c := range s.hist {
		total += c
	}
	if total == 0 {
		return s.min, s.max
	}
	w := (s.max - s.min) / histBins
	switch m {
	case Percentile:
		cut := total * (1 - pct/100)
		lo, hi = s.min, s.max
		acc := 0.0
		for b, c := range s.hist {
			acc += c
			if acc > cut {
				lo = s.min + float64(b)*w
				break
			}
		}
		acc = 0
		for b := histBins - 1; b >= 0; b-- {
			acc += s.hist[b]
			if acc > cut {
				hi = s.min + float64(b+1)*w
				break
			}
		}
		return lo, hi
	case MSE:
		best, bestErr := 1.0, math.Inf(1)
		for k := 0; k <= 40; k++ {
			alpha := 1 - float64(k)*0.02 // shrink the range towards 0 by up to 80 %
			p := chooseParams(alpha*s.min, alpha*s.max)
			e := histError(s, w, p)
			if e < bestErr {
				best, bestErr = alpha, e
			}
		}
		return best * s.min, best * s.max
	}
	return s.min, s.max
}

// histError is the squared error of quantizing the histogram's bin centres
// with p, weighted by the counts.
func histError(s *stats, w float64, p params) float64 {
	sc := float64(p.scale)
	e := 0.0
	for b, c := range s.hist {
		if c == 0 {
			continue
		}
		v := s.min + (float64(b)+0.5)*w
		q := math.Min(math.Max(math.Round(v/sc)+float64(p.zp), -128), 127)
		d := v - sc*(q-float64(p.zp))
		e += c * d * d
	}
	return e
}

// symmetricScales returns per-channel scales max|w|/127 along axis of a
// float weight tensor of the given shape, and the int8 values.
func symmetricWeights(w []float32, shape []int, axis int) (scales []float32, q []int8) {
	ch := shape[axis]
	inner := 1
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	maxAbs := make([]float64, ch)
	for i, v := range w {
		c := (i / inner) % ch
		maxAbs[c] = math.Max(maxAbs[c], math.Abs(float64(v)))
	}
	scales = make([]float32, ch)
	for c := range scales {
		if maxAbs[c] == 0 {
			scales[c] = 1 // an all-zero channel: any scale represents it exactly
			continue
		}
		scales[c] = float32(maxAbs[c] / 127)
	}
	q = make([]int8, len(w))
	for i, v := range w {
		c := (i / inner) % ch
		r := math.Round(float64(v) / float64(scales[c]))
		q[i] = int8(math.Min(math.Max(r, -127), 127))
	}
	return scales, q
}
