package qlstm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
)

// The oracles below are written from quant's scalar definitions
// (MultiplyByQuantizedMultiplier, RoundingDivideByPOT), not from this
// package's generic code.

func refSat16(v int32) int16 {
	if v > math.MaxInt16 {
		return math.MaxInt16
	}
	if v < math.MinInt16 {
		return math.MinInt16
	}
	return int16(v)
}

func refSat8(v int32) int8 {
	if v > math.MaxInt8 {
		return math.MaxInt8
	}
	if v < math.MinInt8 {
		return math.MinInt8
	}
	return int8(v)
}

// sizes are below, at and above the vector widths (8 for NEON's int16, 16
// for AVX2), and the BLSTM's 128 cells.
var sizes = []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 47, 128, 129, 200}

const guard = 16

// int32s returns n values mixing small, large and extreme ones.
func int32s(r *rand.Rand, n int) []int32 {
	v := make([]int32, n)
	for i := range v {
		switch r.IntN(8) {
		case 0:
			v[i] = []int32{math.MinInt32, math.MaxInt32, 0, -1, 1, math.MinInt32 + 1}[r.IntN(6)]
		case 1, 2:
			v[i] = int32(r.Uint32())
		default:
			v[i] = int32(r.IntN(1<<21)) - 1<<20
		}
	}
	return v
}

func int16s(r *rand.Rand, n int) []int16 {
	v := make([]int16, n)
	for i := range v {
		switch r.IntN(6) {
		case 0:
			v[i] = []int16{math.MinInt16, math.MaxInt16, 0, -1, 1}[r.IntN(5)]
		default:
			v[i] = int16(r.Uint32())
		}
	}
	return v
}

// randMult returns a multiplier as QuantizeMultiplier gives: M in
// [2^30, 2^31) or 0, shift mostly below 1 (multipliers below 1) but also
// above.
func randMult(t testing.TB, r *rand.Rand) *Mult {
	var m int32
	if r.IntN(10) > 0 {
		m = int32(1<<30 + r.IntN(1<<30))
	}
	shift := -r.IntN(32)
	if r.IntN(5) == 0 {
		shift = r.IntN(8)
	}
	q, err := NewMult(m, shift)
	if err != nil {
		t.Fatal(err)
	}
	return &q
}

func TestMultApply(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 200 {
		q := randMult(t, r)
		for _, x := range int32s(r, 2000) {
			want := quant.MultiplyByQuantizedMultiplier(x, q.M, q.Shift)
			if got := q.Apply(x); got != want {
				t.Fatalf("apply(%d) with %d·2^(%d-31) = %d, want %d", x, q.M, q.Shift, got, want)
			}
		}
	}
	// Extremes of x and M at each shift.
	xs := []int32{0, 1, -1, math.MaxInt32, math.MinInt32, math.MaxInt32 - 1, math.MinInt32 + 1, 1 << 30, -(1 << 30)}
	for range 20000 {
		xs = append(xs, int32(r.Uint32()))
	}
	for _, shift := range []int{0, -1, -5, -12, -20, -31, 2, 30} {
		for _, m := range []int32{0, 1 << 30, math.MaxInt32, 1<<30 + 12345} {
			q, err := NewMult(m, shift)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range xs {
				if got, want := q.Apply(x), quant.MultiplyByQuantizedMultiplier(x, m, shift); got != want {
					t.Fatalf("Apply(%d) with m=%d shift=%d = %d, want %d", x, m, shift, got, want)
				}
			}
		}
	}
	// Every exponent and remainder around the tie.
	for e := 0; e < 32; e++ {
		for _, x := range []int32{0, 1, -1, 1 << 20, -(1 << 20), math.MaxInt32, math.MinInt32, 3 << 15, -(3 << 15)} {
			for d := int32(-2); d <= 2; d++ {
				v := x + d
				if got, want := rdpot(v, uint(e)), quant.RoundingDivideByPOT(v, e); got != want {
					t.Fatalf("rdpot(%d, %d) = %d, want %d", v, e, got, want)
				}
			}
		}
	}
}

func TestNewMultRange(t *testing.T) {
	for _, c := range []struct {
		m     int32
		shift int
	}{{-1, 0}, {1 << 30, 31}, {1 << 30, -32}} {
		if _, err := NewMult(c.m, c.shift); err == nil {
			t.Errorf("NewMult(%d, %d): no error", c.m, c.shift)
		}
	}
}

func TestImplsAvailable(t *testing.T) {
	for _, im := range Impls() {
		t.Logf("%s (%v, %d per step)", im, im.ISA, im.VL)
	}
	if Best() == nil {
		t.Fatal("no implementation")
	}
}

// guarded returns a slice of n elements inside a buffer whose guard
// elements on both sides hold g, and a check that they still do.
func guarded[T comparable](n int, g T) ([]T, func() error) {
	buf := make([]T, n+2*guard)
	for i := range buf {
		buf[i] = g
	}
	return buf[guard : guard+n], func() error {
		for i, v := range buf {
			if (i < guard || i >= guard+n) && v != g {
				return fmt.Errorf("guard element %d changed to %v", i-guard, v)
			}
		}
		return nil
	}
}

func TestGate(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, im := range Impls() {
		for _, n := range sizes {
			for trial := range 20 {
				a, b := int32s(r, n), int32s(r, n)
				ma, mb := randMult(t, r), randMult(t, r)
				v, check := guarded[int16](n, 0x5a5a)
				im.Gate(v, a, b, ma, mb)
				for i := range n {
					x := int32(refSat16(quant.MultiplyByQuantizedMultiplier(a[i], ma.M, ma.Shift)))
					want := refSat16(quant.MultiplyByQuantizedMultiplier(b[i], mb.M, mb.Shift) + x)
					if v[i] != want {
						t.Fatalf("%s n=%d trial %d: v[%d] = %d, want %d (a %d %d·2^%d, b %d %d·2^%d)",
							im, n, trial, i, v[i], want, a[i], ma.M, ma.Shift, b[i], mb.M, mb.Shift)
					}
				}
				if err := check(); err != nil {
					t.Fatalf("%s n=%d: %v", im, n, err)
				}
			}
		}
	}
}

func TestCell(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, im := range Impls() {
		for _, n := range sizes {
			for trial := range 40 {
				shift := trial % 32
				if trial >= 32 {
					shift = 15 + r.IntN(7) // TFLite's range, 30 + [-15, -9]
				}
				clip := int16(0)
				switch trial % 3 {
				case 1:
					clip = int16(1 + r.IntN(32767))
				case 2:
					clip = math.MaxInt16
				}
				cifg := trial%4 == 3
				c0, fg, gg := int16s(r, n), int16s(r, n), int16s(r, n)
				var ig []int16
				if !cifg {
					ig = int16s(r, n)
				}
				c, check := guarded[int16](n, 0x3c3c)
				copy(c, c0)
				im.Cell(c, ig, fg, gg, shift, clip)
				for i := range n {
					in := int16(math.MaxInt16 - int32(fg[i])) // wraps for negative f, as int16 arithmetic
					if !cifg {
						in = ig[i]
					}
					x := int16(quant.RoundingDivideByPOT(int32(fg[i])*int32(c0[i]), 15))
					y := int16(quant.RoundingDivideByPOT(int32(in)*int32(gg[i]), shift))
					want := refSat16(int32(x) + int32(y))
					if clip > 0 {
						want = max(min(want, clip), -clip)
					}
					if c[i] != want {
						t.Fatalf("%s n=%d shift=%d clip=%d cifg=%v: c[%d] = %d, want %d (c %d f %d i %d g %d)",
							im, n, shift, clip, cifg, i, c[i], want, c0[i], fg[i], in, gg[i])
					}
				}
				if err := check(); err != nil {
					t.Fatalf("%s n=%d: %v", im, n, err)
				}
			}
		}
	}
}

func TestHidden(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for _, im := range Impls() {
		for _, n := range sizes {
			for trial := range 20 {
				o, tt := int16s(r, n), int16s(r, n)
				q := randMult(t, r)
				zp := int32(r.IntN(256)) - 128
				if trial%5 == 4 {
					zp = int32(r.Uint32())
				}
				m, check := guarded[int8](n, 0x2d)
				im.Hidden(m, o, tt, q, zp)
				for i := range n {
					want := refSat8(quant.MultiplyByQuantizedMultiplier(int32(o[i])*int32(tt[i]), q.M, q.Shift) - zp)
					if m[i] != want {
						t.Fatalf("%s n=%d: m[%d] = %d, want %d (o %d t %d, %d·2^%d, zp %d)", im, n, i, m[i], want, o[i], tt[i], q.M, q.Shift, zp)
					}
				}
				if err := check(); err != nil {
					t.Fatalf("%s n=%d: %v", im, n, err)
				}
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tab := quant.Logistic16Table(3)
	v := int16s(rand.New(rand.NewPCG(5, 5)), 300)
	dst := make([]int16, len(v))
	Lookup(dst, v, (*[1 << 16]int16)(tab))
	for i, x := range v {
		if dst[i] != quant.Logistic16(x, 3) {
			t.Fatalf("Lookup(%d) = %d, want %d", x, dst[i], quant.Logistic16(x, 3))
		}
	}
	Lookup(v, v, (*[1 << 16]int16)(tab)) // in place
	for i := range v {
		if v[i] != dst[i] {
			t.Fatal("in-place Lookup differs")
		}
	}
}

// TestGateExhaustiveRemainders runs every implementation on inputs whose
// products land exactly on and around the rounding ties of every right
// shift.
func TestGateExhaustiveRemainders(t *testing.T) {
	for _, im := range Impls() {
		for shift := -31; shift <= 0; shift++ {
			ma, _ := NewMult(1<<30, shift) // 0.5·2^shift: x·M·2^-31 = x/2, then >> -shift
			mb, _ := NewMult(0, 0)
			n := 64
			a := make([]int32, n)
			b := make([]int32, n)
			for i := range a {
				e := uint(-shift + 1)
				base := int32(i/4-8) << e
				a[i] = base + int32(i%4-1) + int32(1)<<(e-1)
			}
			v := make([]int16, n)
			im.Gate(v, a, b, &ma, &mb)
			for i := range n {
				want := refSat16(quant.MultiplyByQuantizedMultiplier(a[i], ma.M, ma.Shift))
				if v[i] != want {
					t.Fatalf("%s shift %d: a=%d gives %d, want %d", im, shift, a[i], v[i], want)
				}
			}
		}
	}
}

func FuzzKernels(f *testing.F) {
	f.Add(int32(1<<30+12345), 0, int32(-7), int16(1000), int16(-2000), int16(30000), uint8(40), uint8(17), int32(5), int16(0))
	f.Add(int32(math.MaxInt32), -31, int32(math.MinInt32), int16(math.MinInt16), int16(math.MinInt16), int16(math.MaxInt16), uint8(3), uint8(31), int32(-128), int16(7))
	f.Fuzz(func(t *testing.T, m int32, shift int, x int32, c, g, h int16, n uint8, cs uint8, zp int32, clip int16) {
		if m < 0 {
			m = -(m + 1)
		}
		shift = shift%31 - 0
		q, err := NewMult(m, shift)
		if err != nil {
			return
		}
		l := int(n)
		a := make([]int32, l)
		b := make([]int32, l)
		cc := make([]int16, l)
		f16 := make([]int16, l)
		g16 := make([]int16, l)
		for i := range l {
			a[i], b[i] = x+int32(i)*7919, ^x+int32(i)*104729
			cc[i], f16[i], g16[i] = c+int16(i)*31, g-int16(i)*17, h^int16(i)
		}
		var ref []int16
		var refC []int16
		var refM []int8
		for k, im := range Impls() {
			v := make([]int16, l)
			im.Gate(v, a, b, &q, &q)
			c2 := append([]int16(nil), cc...)
			im.Cell(c2, g16, f16, g16, int(cs%32), clip)
			mm := make([]int8, l)
			im.Hidden(mm, f16, g16, &q, zp)
			if k == 0 {
				ref, refC, refM = v, c2, mm
				continue
			}
			for i := range l {
				if v[i] != ref[i] || c2[i] != refC[i] || mm[i] != refM[i] {
					t.Fatalf("%s differs from the generic code at %d: gate %d/%d cell %d/%d hidden %d/%d",
						im, i, v[i], ref[i], c2[i], refC[i], mm[i], refM[i])
				}
			}
		}
	})
}

func BenchmarkKernels(b *testing.B) {
	const n = 128
	r := rand.New(rand.NewPCG(6, 6))
	a, bb := int32s(r, n), int32s(r, n)
	c, fg, gg, ig := int16s(r, n), int16s(r, n), int16s(r, n), int16s(r, n)
	ma, _ := NewMult(1<<30+5555, -3)
	mb, _ := NewMult(1<<30+777, -2)
	v := make([]int16, n)
	m := make([]int8, n)
	for _, im := range Impls() {
		b.Run("Gate/"+im.Name, func(b *testing.B) {
			b.SetBytes(n * 8)
			b.ReportAllocs()
			for range b.N {
				im.Gate(v, a, bb, &ma, &mb)
			}
		})
		b.Run("Cell/"+im.Name, func(b *testing.B) {
			b.SetBytes(n * 8)
			b.ReportAllocs()
			for range b.N {
				im.Cell(c, ig, fg, gg, 18, 0)
			}
		})
		b.Run("Hidden/"+im.Name, func(b *testing.B) {
			b.SetBytes(n * 4)
			b.ReportAllocs()
			for range b.N {
				im.Hidden(m, fg, gg, &ma, 3)
			}
		})
	}
}
