package tensor

import (
	"math"
	"testing"
)

// f16Value is an independent definition of binary16: sign, 5-bit exponent
// with bias 15, 10-bit mantissa, subnormals below exponent 1.
func f16Value(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	e := int(h>>10) & 0x1f
	m := float64(h & 0x3ff)
	switch e {
	case 0x1f:
		if m != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	case 0:
		return sign * m * math.Pow(2, -24)
	}
	return sign * (1 + m/1024) * math.Pow(2, float64(e-15))
}

func TestF16ToF32Exhaustive(t *testing.T) {
	for i := 0; i < 1<<16; i++ {
		h := uint16(i)
		want := f16Value(h)
		got := F16ToF32(h)
		if math.IsNaN(want) {
			if !math.IsNaN(float64(got)) {
				t.Fatalf("%#04x: got %v, want NaN", h, got)
			}
			continue
		}
		if float64(got) != want || math.Signbit(float64(got)) != math.Signbit(want) {
			t.Fatalf("%#04x: got %v, want %v", h, got, want)
		}
	}
}

func TestF32ToF16RoundTrip(t *testing.T) {
	for i := 0; i < 1<<16; i++ {
		h := uint16(i)
		f := F16ToF32(h)
		if math.IsNaN(float64(f)) {
			if g := F32ToF16(f); g&0x7c00 != 0x7c00 || g&0x3ff == 0 {
				t.Fatalf("NaN %#04x -> %#04x, not NaN", h, g)
			}
			continue
		}
		if g := F32ToF16(f); g != h {
			t.Fatalf("%#04x (%v) -> %#04x", h, f, g)
		}
	}
}

// TestF32ToF16Rounding checks round-to-nearest-even at every midpoint
// between adjacent positive finite halves, and just either side of it.
func TestF32ToF16Rounding(t *testing.T) {
	for h := uint16(0); h < 0x7bff; h++ {
		lo, hi := f16Value(h), f16Value(h+1)
		mid := (lo + hi) / 2 // exact in float64 and in float32 for binary16 neighbours
		even := h
		if h&1 == 1 {
			even = h + 1
		}
		for _, sign := range []float64{1, -1} {
			s := uint16(0)
			if sign < 0 {
				s = 0x8000
			}
			if got := F32ToF16(float32(sign * mid)); got != even|s {
				t.Fatalf("midpoint %v: got %#04x, want %#04x", sign*mid, got, even|s)
			}
			below := math.Nextafter32(float32(mid), 0)
			if got := F32ToF16(float32(sign) * below); got != h|s {
				t.Fatalf("below midpoint %v: got %#04x, want %#04x", below, got, h|s)
			}
			above := math.Nextafter32(float32(mid), float32(math.Inf(1)))
			if got := F32ToF16(float32(sign) * above); got != (h+1)|s {
				t.Fatalf("above midpoint %v: got %#04x, want %#04x", above, got, (h+1)|s)
			}
		}
	}
	// Overflow: 65520 is the midpoint between the largest half (65504) and
	// the next power of two; it rounds to even, which is infinity.
	for _, c := range []struct {
		f    float32
		want uint16
	}{
		{65504, 0x7bff}, {65519.99, 0x7bff}, {65520, 0x7c00}, {1e10, 0x7c00}, {-1e10, 0xfc00},
		{float32(math.Inf(1)), 0x7c00}, {0x1p-25, 0}, {0x1.0001p-25, 1}, {-0x1p-26, 0x8000},
	} {
		if got := F32ToF16(c.f); got != c.want {
			t.Errorf("F32ToF16(%v) = %#04x, want %#04x", c.f, got, c.want)
		}
	}
}
