package up2x

import (
	"math/rand/v2"
	"testing"
	"unsafe"
)

func TestTapLayout(t *testing.T) {
	// The assembly reads taps 12 bytes apart: Off0, Off1, W0, W1.
	if s := unsafe.Sizeof(Tap{}); s != 12 {
		t.Fatalf("Tap is %d bytes, the kernels assume 12", s)
	}
}

func TestImplsAvailable(t *testing.T) {
	for _, im := range Impls() {
		t.Logf("%s (%v)", im, im.ISA)
	}
}

const guard = 32

func TestH(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, im := range Impls() {
		for _, c := range []int{1, 3, 8, 15, 16, 17, 24, 32, 40, 48, 64} {
			for _, w := range []int{1, 2, 5, 40} {
				row := make([]int8, w*c)
				for i := range row {
					row[i] = int8(r.Uint32())
				}
				nt := 2 * w
				taps := make([]Tap, nt)
				for i := range taps {
					taps[i] = Tap{Off0: int32(r.IntN(w) * c), Off1: int32(r.IntN(w) * c)}
					if i%3 == 0 { // any int16 weights: the arithmetic wraps
						taps[i].W0, taps[i].W1 = int16(r.Uint32()), int16(r.Uint32())
					} else {
						taps[i].W1 = int16(r.IntN(5))
						taps[i].W0 = 4 - taps[i].W1
					}
				}
				buf := make([]int16, nt*c+2*guard)
				for i := range buf {
					buf[i] = 0x5a5a
				}
				e := buf[guard : guard+nt*c]
				im.H(e, row, taps, c)
				for ti, tp := range taps {
					for ch := range c {
						// Independent form: int32 arithmetic, then the low 16 bits.
						want := int16(int32(tp.W0)*int32(row[int(tp.Off0)+ch]) + int32(tp.W1)*int32(row[int(tp.Off1)+ch]))
						if got := e[ti*c+ch]; got != want {
							t.Fatalf("%s c=%d w=%d: tap %d ch %d = %d, want %d", im, c, w, ti, ch, got, want)
						}
					}
				}
				for i, v := range buf {
					if (i < guard || i >= guard+nt*c) && v != 0x5a5a {
						t.Fatalf("%s c=%d: guard %d overwritten", im, c, i-guard)
					}
				}
			}
		}
	}
}

func TestV(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, im := range Impls() {
		for _, n := range []int{0, 1, 15, 31, 32, 33, 63, 64, 65, 100, 5120} {
			for trial := range 8 {
				e0, e1 := make([]int16, n), make([]int16, n)
				var w0, w1 int16
				if trial < 4 { // the op's domain: quarter weights, e in [-512, 508]
					w1 = int16(trial % 5)
					w0 = 4 - w1
					for i := range e0 {
						e0[i], e1[i] = int16(r.IntN(1021))-512, int16(r.IntN(1021))-512
					}
				} else { // anything: wrapping int16 arithmetic
					w0, w1 = int16(r.Uint32()), int16(r.Uint32())
					for i := range e0 {
						e0[i], e1[i] = int16(r.Uint32()), int16(r.Uint32())
					}
				}
				buf := make([]int8, n+2*guard)
				for i := range buf {
					buf[i] = 0x2d
				}
				q := buf[guard : guard+n]
				im.V(q, e0, e1, w0, w1)
				for i := range q {
					s := int16(int32(w0)*int32(e0[i]) + int32(w1)*int32(e1[i]) + 8)
					want := int8(s >> 4)
					if trial < 4 { // and, in the op's domain, the exact int32 formula
						if w := int8((int32(w0)*int32(e0[i]) + int32(w1)*int32(e1[i]) + 8) >> 4); w != want {
							t.Fatalf("int16 and int32 forms differ at %d", i)
						}
					}
					if q[i] != want {
						t.Fatalf("%s n=%d trial %d: q[%d] = %d, want %d (w %d %d, e %d %d)", im, n, trial, i, q[i], want, w0, w1, e0[i], e1[i])
					}
				}
				for i, v := range buf {
					if (i < guard || i >= guard+n) && v != 0x2d {
						t.Fatalf("%s n=%d: guard %d overwritten", im, n, i-guard)
					}
				}
			}
		}
	}
}

func BenchmarkPasses(b *testing.B) {
	const w, c = 80, 32
	row := make([]int8, w*c)
	taps := make([]Tap, 2*w)
	for i := range taps {
		k := i / 2
		taps[i] = Tap{Off0: int32(k * c), Off1: int32(min(k+1, w-1) * c), W0: 3, W1: 1}
	}
	e := make([]int16, 2*w*c)
	q := make([]int8, 2*w*c)
	for _, im := range Impls() {
		b.Run("H/"+im.Name, func(b *testing.B) {
			b.SetBytes(int64(len(e) * 2))
			b.ReportAllocs()
			for range b.N {
				im.H(e, row, taps, c)
			}
		})
		b.Run("V/"+im.Name, func(b *testing.B) {
			b.SetBytes(int64(len(q)))
			b.ReportAllocs()
			for range b.N {
				im.V(q, e, e, 3, 1)
			}
		})
	}
}
