package transform

import (
	"math/rand/v2"
	"testing"
)

// conv1D is TFLite's convolution along one axis: stride 1, dilation d,
// SAME (front padding floor(span/2), output length n) or VALID (output
// length n - span), zero outside the input.
func conv1D(x, w []int, d int, same bool) []int {
	n, span := len(x), (len(w)-1)*d
	out, q := n-span, 0
	if same {
		out, q = n, span/2
	}
	if out < 1 {
		return nil
	}
	y := make([]int, out)
	for i := range y {
		for t, wt := range w {
			if j := i - q + t*d; j >= 0 && j < n {
				y[i] += wt * x[j]
			}
		}
	}
	return y
}

// pattern1D runs SPACE_TO_BATCH_ND, the inner convolution and
// BATCH_TO_SPACE_ND along one axis, op by op as TFLite defines them.
func pattern1D(x, w []int, b, p0, p1, c0, c1, d int, innerSame bool) []int {
	padded := make([]int, p0+len(x)+p1)
	copy(padded[p0:], x)
	if len(padded)%b != 0 {
		return nil
	}
	n := len(padded) / b
	var z [][]int
	for s := 0; s < b; s++ {
		ys := make([]int, n)
		for j := range ys {
			ys[j] = padded[j*b+s]
		}
		zs := conv1D(ys, w, d, innerSame)
		if zs == nil {
			return nil
		}
		z = append(z, zs)
	}
	full := make([]int, 0, len(z[0])*b)
	for j := range z[0] {
		for s := 0; s < b; s++ {
			full = append(full, z[s][j])
		}
	}
	if c0+c1 >= len(full) {
		return nil
	}
	return full[c0 : len(full)-c1]
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func allZero(v []int) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// TestAtrousPaddingBruteForce checks the derived condition against a
// direct simulation: for every small configuration, atrousPadding must
// accept SAME (VALID) exactly when the pattern equals the dilated SAME
// (VALID) convolution on a random positive input, except that it may
// reject patterns whose output is zero for every input.
func TestAtrousPaddingBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	checked, accepted := 0, 0
	for in := 1; in <= 9; in++ {
		for b := 1; b <= 4; b++ {
			for k := 1; k <= 3; k++ {
				for d := 1; d <= 2; d++ {
					for p0 := 0; p0 <= 6; p0++ {
						for p1 := 0; p1 <= 6; p1++ {
							if (p0+in+p1)%b != 0 {
								continue
							}
							for c0 := 0; c0 <= 4; c0++ {
								for c1 := 0; c1 <= 4; c1++ {
									for _, innerSame := range []bool{false, true} {
										x := make([]int, in)
										for i := range x {
											x[i] = 1 + r.IntN(1000)
										}
										w := make([]int, k)
										for i := range w {
											w[i] = 1 + r.IntN(1000)
										}
										got := pattern1D(x, w, b, p0, p1, c0, c1, d, innerSame)
										a := atrousDim{in: in, block: b, pad0: p0, pad1: p1, crop0: c0, crop1: c1, k: k, d: d, innerSame: innerSame}
										a.atrousPadding()
										same := got != nil && equalInts(got, conv1D(x, w, b*d, true))
										valid := got != nil && equalInts(got, conv1D(x, w, b*d, false))
										// The condition is sufficient, and necessary
										// unless every tap falls in the padding (the
										// output is then zero whatever the offsets).
										degenerate := got != nil && allZero(got)
										if a.outerSame && !same || a.outerValid && !valid ||
											!degenerate && (a.outerSame != same || a.outerValid != valid) {
											t.Fatalf("in %d block %d k %d d %d pads (%d,%d) crops (%d,%d) innerSame %v: derived SAME %v VALID %v, simulation SAME %v VALID %v",
												in, b, k, d, p0, p1, c0, c1, innerSame, a.outerSame, a.outerValid, same, valid)
										}
										checked++
										if same || valid {
											accepted++
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d configurations, %d rewritable", checked, accepted)
}

// TestAtrousPaddingTensorFlow builds the paddings and crops as TensorFlow's
// with_space_to_batch does (base paddings for SAME or VALID, extended by
// required_space_to_batch_paddings) and checks that they always qualify.
func TestAtrousPaddingTensorFlow(t *testing.T) {
	for in := 1; in <= 40; in++ {
		for rate := 1; rate <= 6; rate++ {
			for k := 1; k <= 5; k++ {
				for _, same := range []bool{false, true} {
					kd := (k-1)*rate + 1
					base0, base1 := 0, 0
					if same {
						base0, base1 = (kd-1)/2, kd-1-(kd-1)/2
					}
					extra := (rate - (in+base0+base1)%rate) % rate
					a := atrousDim{in: in, block: rate, pad0: base0, pad1: base1 + extra, crop0: 0, crop1: extra, k: k, d: 1}
					if !same && in < kd {
						continue // no output: TensorFlow rejects it too
					}
					a.atrousPadding()
					if same && !a.outerSame || !same && !a.outerValid {
						t.Errorf("in %d rate %d k %d same %v: paddings (%d,%d) crops (0,%d) not recognised", in, rate, k, same, a.pad0, a.pad1, extra)
					}
				}
			}
		}
	}
}
