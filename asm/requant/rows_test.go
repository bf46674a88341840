package requant

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/asm"
)

// spec is the definition, written independently of generic: ops'
// xnnRequant (float32 product, clamp low then high, round half to even)
// plus the zero point, truncated to int8.
func spec(acc int32, scale, flo, fhi float32, zp int32) int8 {
	p := float64(float32(acc) * scale)
	p32 := float32(p)
	if p32 < flo {
		p32 = flo
	}
	if p32 > fhi {
		p32 = fhi
	}
	return int8(int32(math.RoundToEven(float64(p32))) + zp)
}

var extremes = []int32{math.MinInt32, math.MinInt32 + 1, math.MaxInt32, math.MaxInt32 - 1, 0, 1, -1, 2, -2, 3, -3, 1 << 24, 1<<24 + 1, -(1<<24 + 1)}

func randAcc(r *rand.Rand) int32 {
	switch r.IntN(5) {
	case 0:
		return extremes[r.IntN(len(extremes))]
	case 1:
		return int32(r.Uint32())
	default:
		return int32(r.IntN(4001) - 2000)
	}
}

func randScale(r *rand.Rand) float32 {
	switch r.IntN(8) {
	case 0:
		return 0.5 // ties: odd accumulators land on .5
	case 1:
		return 0.25
	case 2:
		return 1e-40 // subnormal
	case 3:
		return 1e30 // products overflow to infinity
	case 4:
		return float32(math.Ldexp(1, -r.IntN(20)))
	default:
		return 0.0005 + r.Float32()*0.2
	}
}

const guard = 7

// check runs im on rows x n and compares every output, and the guard bytes
// around them, with spec.
func check(t *testing.T, im *Impl, r *rand.Rand, n, rows int, flo, fhi float32, zp int32) {
	t.Helper()
	acc := make([]int32, n*rows)
	for i := range acc {
		acc[i] = randAcc(r)
	}
	scale := make([]float32, n)
	for i := range scale {
		scale[i] = randScale(r)
	}
	buf := make([]int8, guard+len(acc)+guard)
	want := make([]int8, len(buf))
	for i := range buf {
		buf[i], want[i] = 0x5a, 0x5a
	}
	for i, a := range acc {
		want[guard+i] = spec(a, scale[i%n], flo, fhi, zp)
	}
	// acc is sliced to its length so that a kernel reading past it would
	// fault under the race detector / be caught by guard compares below.
	im.Rows(acc[:len(acc):len(acc)], buf[guard:guard+len(acc)], scale[:n:n], flo, fhi, zp)
	for i := range buf {
		if buf[i] != want[i] {
			p := i - guard
			t.Fatalf("%s n=%d rows=%d flo=%v fhi=%v zp=%d: byte %d (acc %d, scale %v) = %d, want %d",
				im.Name, n, rows, flo, fhi, zp, p, acc[max(0, min(p, len(acc)-1))], scale[max(0, min(p, len(acc)-1))%n], buf[i], want[i])
		}
	}
}

// clamps are (lo, hi, zp) triples as the ops derive them.
var clamps = [][3]int32{{-128, 127, 0}, {-128, 127, -128}, {-128, 127, 127}, {-5, 127, -5}, {-128, 6, 3}, {-1, 1, 0}, {0, 0, 0}, {-100, -94, -100}}

func TestImplsAvailable(t *testing.T) {
	var names []string
	for _, im := range Impls() {
		names = append(names, im.Name)
	}
	t.Logf("detected %v selected %v: impls %v, best %s", asm.Detected, asm.Selected, names, Best().Name)
	if !asm.Supports(asm.Selected, Best().ISA) {
		t.Errorf("Best %s not allowed by %v", Best().Name, asm.Selected)
	}
	if asm.Detected != asm.Generic && len(Impls()) < 2 {
		t.Errorf("no assembly implementation for %v", asm.Detected)
	}
}

func TestRowsShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ns := []int{1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33, 47, 48, 63, 64, 65, 72, 88, 96, 128, 129}
	for _, im := range Impls() {
		for _, n := range ns {
			for _, rows := range []int{1, 2, 3, 5} {
				for _, c := range clamps {
					check(t, im, r, n, rows, float32(c[0]-c[2]), float32(c[1]-c[2]), c[2])
				}
			}
		}
	}
}

func TestRowsEveryInputOfARange(t *testing.T) {
	// Every accumulator in [-70000, 70000] at scales that put many on ties.
	for _, im := range Impls() {
		for _, s := range []float32{0.5, 0.25, 1.0 / 3, 0.0078125, 0.003, 1} {
			n := 16
			acc := make([]int32, 0, 140016)
			for a := int32(-70000); a <= 70000; a++ {
				acc = append(acc, a)
			}
			for len(acc)%n != 0 {
				acc = append(acc, 0)
			}
			scale := make([]float32, n)
			for i := range scale {
				scale[i] = s * float32(1+i%3)
			}
			y := make([]int8, len(acc))
			im.Rows(acc, y, scale, -128-5, 127-5, 5)
			for i, a := range acc {
				if w := spec(a, scale[i%n], -133, 122, 5); y[i] != w {
					t.Fatalf("%s scale %v acc %d: %d, want %d", im.Name, scale[i%n], a, y[i], w)
				}
			}
		}
	}
}

func TestRowsOddClamp(t *testing.T) {
	// flo > fhi (never produced by the ops): max then min gives fhi, as the
	// Go reference does.
	r := rand.New(rand.NewPCG(5, 6))
	for _, im := range Impls() {
		for _, n := range []int{5, 16, 24, 37} {
			check(t, im, r, n, 3, 10, -10, 0)
			check(t, im, r, n, 3, -300, 300, 100) // wraps in the int8 truncation
		}
	}
}

func TestRowsPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a partial row")
		}
	}()
	Generic.Rows(make([]int32, 5), make([]int8, 5), make([]float32, 2), 0, 0, 0)
}

func FuzzRows(f *testing.F) {
	f.Add(uint16(17), uint8(3), int32(12345), uint32(0x3f000000), int8(-3))
	f.Fuzz(func(t *testing.T, n uint16, rows uint8, seed int32, scaleBits uint32, zp int8) {
		nn, rr := 1+int(n%200), 1+int(rows%6)
		s := math.Float32frombits(scaleBits)
		if !(s > 0) || math.IsInf(float64(s), 0) {
			return
		}
		r := rand.New(rand.NewPCG(uint64(seed), uint64(n)))
		acc := make([]int32, nn*rr)
		for i := range acc {
			acc[i] = randAcc(r)
		}
		scale := make([]float32, nn)
		for i := range scale {
			scale[i] = s
			if r.IntN(2) == 0 {
				scale[i] = randScale(r)
			}
		}
		lo, hi := int32(-128), int32(127)
		flo, fhi := float32(lo-int32(zp)), float32(hi-int32(zp))
		for _, im := range Impls() {
			y := make([]int8, len(acc))
			im.Rows(acc, y, scale, flo, fhi, int32(zp))
			for i, a := range acc {
				if w := spec(a, scale[i%nn], flo, fhi, int32(zp)); y[i] != w {
					t.Fatalf("%s n=%d: acc %d scale %v: %d, want %d", im.Name, nn, a, scale[i%nn], y[i], w)
				}
			}
		}
	})
}

func BenchmarkRows(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{16, 72} {
		rows := 4096 / n * 16
		acc := make([]int32, n*rows)
		for i := range acc {
			acc[i] = int32(r.IntN(20001) - 10000)
		}
		scale := make([]float32, n)
		for i := range scale {
			scale[i] = 0.001 + r.Float32()*0.01
		}
		y := make([]int8, len(acc))
		for _, im := range Impls() {
			b.Run(im.Name+"/n="+itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(acc)))
				for i := 0; i < b.N; i++ {
					im.Rows(acc, y, scale, -128, 127, 0)
				}
			})
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
