package ops

import "github.com/octet-ml/octet/asm/up2x"

// The exact-2x fast path of the int8 bilinear resize (default mode).
//
// For a 2x upsampling with HalfPixelCenters, XNNPACK's q11 coordinates
// (xnnTaps11) are, per axis of n input pixels and output o,
//
//	o = 0:          src = 0          -> pixel 0, weight 0
//	o = 2k, k >= 1: src = k - 1/4    -> pixels k-1, k, weight 1536 (3/4 on k)
//	o = 2k+1:       src = k + 1/4    -> pixels k, k+1, weight 512 (1/4 on k+1)
//	o = 2n-1:       src = n-1 (clamped) -> pixel n-1, weight 0
//
// and with neither AlignCorners nor HalfPixelCenters (legacy), src = o/2:
// weight 0 on even outputs and 1024 (1/2) on odd ones, the last clamped to
// pixel n-1. Every weight is a multiple of 512 = 2^11/4, so in quarters
// each axis tap is (w0, w1) with w0 + w1 = 4, and XNNPACK's kernel sum
// (t<<11 + (b-t)*wy) is exactly 2^18 * S with
//
//	S = sum over the 4 neighbours of wy*wx*p     (quarter weights, sum 16)
//
// so its result (2^18*S + 2^21) >> 22 is exactly (S + 8) >> 4. S is
// separable: with the horizontal pass E(y) = wx0*p(y,x0) + wx1*p(y,x1) in
// [-512, 508], the output is (wy0*E(y0) + wy1*E(y1) + 8) >> 4. For the
// half-pixel interior this is (9a + 3b + 3c + d + 8) >> 4 and its
// mirrors; along the edges (3a + b + 2) >> 2; the corners copy the input.
// (This is not a chain of rounding halving averages: those round twice.)
// upsample2x computes E once per input row and output column and reuses it
// for the output rows that need it. The exhaustive tests in
// upsample2x_int8_test.go check the equality over all int8 values of every
// weight pattern.

// quarterTap is one output coordinate with weights in quarters.
type quarterTap struct {
	i0, i1 int
	w0, w1 int32
}

// upsample2x is the prepared state of the fast path.
type upsample2x struct {
	on      bool
	h, w, c int
	ys, xs  []quarterTap
	htaps   []up2x.Tap // xs as asm/up2x reads them
	impl    *up2x.Impl
	caches  scratch[up2xCache] // one per worker
}

// up2xCache holds the horizontal passes of two input rows.
type up2xCache struct {
	rows  [2][]int16
	rowOf [2]int // the input row each holds, -1 for none
}

// prepare enables the fast path for an h x w x c image upsampled to
// 2h x 2w with XNNPACK's coordinates (half pixel or legacy) when every
// weight is a whole number of quarters, with row caches for the given
// number of workers.
func (u *upsample2x) prepare(h, w, c int, half bool, workers int) {
	u.on = false
	ys, ok1 := quarterTaps(u.ys[:0], xnnTaps11(nil, h, 2*h, false, half))
	xs, ok2 := quarterTaps(u.xs[:0], xnnTaps11(nil, w, 2*w, false, half))
	if !ok1 || !ok2 {
		return
	}
	u.ys, u.xs = ys, xs
	u.h, u.w, u.c = h, w, c
	u.htaps = u.htaps[:0]
	for _, t := range xs {
		u.htaps = append(u.htaps, up2x.Tap{Off0: int32(t.i0 * c), Off1: int32(t.i1 * c), W0: int16(t.w0), W1: int16(t.w1)})
	}
	u.impl = up2x.Best()
	n := 2 * w * c
	u.caches = newScratch[up2xCache](workers, 1)
	for w := range max(workers, 1) {
		k := &u.caches.of(w)[0]
		for s := range k.rows {
			k.rows[s] = make([]int16, n)
		}
	}
	u.on = true
}

// quarterTaps converts 11-bit taps to quarter taps; ok is false unless
// every weight is a multiple of 512.
func quarterTaps(dst []quarterTap, taps []resizeTap8) ([]quarterTap, bool) {
	for _, t := range taps {
		if t.w%512 != 0 {
			return dst, false
		}
		w1 := t.w / 512
		dst = append(dst, quarterTap{i0: t.i0, i1: t.i1, w0: 4 - w1, w1: w1})
	}
	return dst, true
}

// hrow returns the horizontal pass of input row y, computing it into a
// slot of cache k that does not hold row keep unless it is cached.
func (u *upsample2x) hrow(k *up2xCache, img []int8, y, keep int) []int16 {
	for s := range k.rowOf {
		if k.rowOf[s] == y {
			return k.rows[s]
		}
	}
	s := 0
	if k.rowOf[0] == keep {
		s = 1
	}
	k.rowOf[s] = y
	e := k.rows[s]
	c := u.c
	u.impl.H(e, img[y*u.w*c:(y+1)*u.w*c], u.htaps, c)
	return e
}

// run computes output rows [lo, hi) (batch x 2h) from src into dst (sizes
// checked by the caller) with worker w's row cache.
func (u *upsample2x) run(src, dst []int8, lo, hi, w int) {
	in := u.h * u.w * u.c
	rowLen := 2 * u.w * u.c
	k := &u.caches.of(w)[0]
	k.rowOf = [2]int{-1, -1}
	for r := lo; r < hi; r++ {
		b, oy := r/(2*u.h), r%(2*u.h)
		if oy == 0 {
			k.rowOf = [2]int{-1, -1} // a new image
		}
		img := src[b*in : (b+1)*in]
		t := u.ys[oy]
		q := dst[r*rowLen : (r+1)*rowLen]
		e0 := u.hrow(k, img, t.i0, t.i1)
		if t.w1 == 0 {
			u.impl.V(q, e0, e0, 4, 0) // (4e+8)>>4 = (e+2)>>2
		} else {
			e1 := u.hrow(k, img, t.i1, t.i0)
			u.impl.V(q, e0, e1, int16(t.w0), int16(t.w1))
		}
	}
}
