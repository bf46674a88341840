package qvbin

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestImplsAvailable(t *testing.T) {
	for _, im := range Impls() {
		t.Logf("%s (%v)", im, im.ISA)
	}
}

const guard = 32

// Oracles from the formulas with int64 arithmetic (no wrapping occurs for
// the parameter ranges used, so they equal the int32 definitions).
func addOracle(a, b int8, p *AddParams) int8 {
	v := (int64(p.Bias)+int64(a)*int64(p.AM)+int64(b)*int64(p.BM))>>p.Shift + int64(p.ZO)
	return int8(min(max(v, int64(p.Lo)), int64(p.Hi)))
}

func mulOracle(a, b int8, p *MulParams) int8 {
	f := float64(float32(float32((int64(a)-int64(p.ZA))*(int64(b)-int64(p.ZB))) * p.Scale))
	f = min(max(f, float64(p.FLo)), float64(p.FHi))
	return int8(int64(math.RoundToEven(f)) + int64(p.ZO))
}

type layout struct{ rows, n, sa, sb int }

func layouts(r *rand.Rand) []layout {
	var ls []layout
	for _, n := range []int{1, 5, 15, 16, 17, 31, 32, 33, 64, 100} {
		for _, rows := range []int{1, 2, 7} {
			ls = append(ls, layout{rows, n, n, n}, layout{rows, n, n, 0}, layout{rows, n, 0, n}, layout{rows, n, n + r.IntN(5), n + 3})
		}
	}
	return ls
}

func randBytes(r *rand.Rand, n int) []int8 {
	v := make([]int8, n)
	for i := range v {
		v[i] = int8(r.Uint32())
	}
	return v
}

func TestAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, im := range Impls() {
		for _, l := range layouts(r) {
			shift := uint32(13 + r.IntN(18))
			p := &AddParams{AM: int32(r.IntN(1 << 20)), BM: int32(r.IntN(1 << 20)), Shift: shift,
				ZO: int32(r.IntN(256)) - 128, Lo: int32(-128 + r.IntN(20)), Hi: int32(127 - r.IntN(20))}
			p.Bias = int32(1)<<(shift-1) - p.AM*int32(r.IntN(256)-128) - p.BM*int32(r.IntN(256)-128)
			a := randBytes(r, (l.rows-1)*l.sa+l.n)
			b := randBytes(r, (l.rows-1)*l.sb+l.n)
			buf := make([]int8, l.rows*l.n+2*guard)
			for i := range buf {
				buf[i] = 0x55
			}
			out := buf[guard : guard+l.rows*l.n]
			im.Add(out, a, b, l.rows, l.n, l.sa, l.sb, p)
			for row := range l.rows {
				for i := range l.n {
					if want := addOracle(a[row*l.sa+i], b[row*l.sb+i], p); out[row*l.n+i] != want {
						t.Fatalf("%s %+v: out[%d][%d] = %d, want %d", im, l, row, i, out[row*l.n+i], want)
					}
				}
			}
			for i, v := range buf {
				if (i < guard || i >= guard+len(out)) && v != 0x55 {
					t.Fatalf("%s %+v: guard %d written", im, l, i-guard)
				}
			}
		}
	}
}

func TestMul(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, im := range Impls() {
		for _, l := range layouts(r) {
			zo := int32(r.IntN(256)) - 128
			p := &MulParams{ZA: int32(r.IntN(256)) - 128, ZB: int32(r.IntN(256)) - 128,
				Scale: float32(math.Ldexp(0.5+r.Float64()/2, -r.IntN(16))), ZO: zo}
			p.FLo, p.FHi = float32(-128-zo+int32(r.IntN(10))), float32(127-zo-int32(r.IntN(10)))
			if r.IntN(4) == 0 {
				p.FLo += 0.5 // ties at the bounds
			}
			a := randBytes(r, (l.rows-1)*l.sa+l.n)
			b := randBytes(r, (l.rows-1)*l.sb+l.n)
			buf := make([]int8, l.rows*l.n+2*guard)
			for i := range buf {
				buf[i] = 0x55
			}
			out := buf[guard : guard+l.rows*l.n]
			im.Mul(out, a, b, l.rows, l.n, l.sa, l.sb, p)
			for row := range l.rows {
				for i := range l.n {
					if want := mulOracle(a[row*l.sa+i], b[row*l.sb+i], p); out[row*l.n+i] != want {
						t.Fatalf("%s %+v: out[%d][%d] = %d, want %d", im, l, row, i, out[row*l.n+i], want)
					}
				}
			}
			for i, v := range buf {
				if (i < guard || i >= guard+len(out)) && v != 0x55 {
					t.Fatalf("%s %+v: guard %d written", im, l, i-guard)
				}
			}
		}
	}
}

// TestMulRoundingTies puts products exactly on halves: Scale 0.5 and odd
// products round to even.
func TestMulRoundingTies(t *testing.T) {
	p := &MulParams{Scale: 0.5, FLo: -1000, FHi: 1000}
	a := make([]int8, 256)
	b := make([]int8, 256)
	for i := range a {
		a[i], b[i] = int8(i), 1
	}
	for _, im := range Impls() {
		out := make([]int8, 256)
		im.Mul(out, a, b, 1, 256, 256, 256, p)
		for i := range out {
			if want := mulOracle(a[i], 1, p); out[i] != want {
				t.Fatalf("%s: %d*1*0.5 = %d, want %d", im, a[i], out[i], want)
			}
		}
	}
}

func BenchmarkAddMul(b *testing.B) {
	const n = 128 * 128 * 16
	r := rand.New(rand.NewPCG(3, 3))
	x, y := randBytes(r, n), randBytes(r, n)
	out := make([]int8, n)
	ap := &AddParams{Bias: 1 << 19, AM: 1 << 19, BM: 1 << 18, Shift: 20, Lo: -128, Hi: 127}
	mp := &MulParams{Scale: 0.01, FLo: -128, FHi: 127}
	for _, im := range Impls() {
		b.Run("Add/"+im.Name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for range b.N {
				im.Add(out, x, y, 1, n, n, n, ap)
			}
		})
		b.Run("Mul/"+im.Name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for range b.N {
				im.Mul(out, x, y, 1, n, n, n, mp)
			}
		})
		b.Run("MulRows16/"+im.Name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for range b.N {
				im.Mul(out, x, y, n/16, 16, 16, 0, mp)
			}
		})
	}
}
