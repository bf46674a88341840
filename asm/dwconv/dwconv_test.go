package dwconv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/asm"
)

// fill writes random int8 values with a share of the extremes.
func fill(r *rand.Rand, v []int8) {
	for i := range v {
		switch r.IntN(4) {
		case 0:
			v[i] = -128
		case 1:
			v[i] = 127
		default:
			v[i] = int8(r.Uint32())
		}
	}
}

// accumProblem is one QS8Accum call.
type accumProblem struct {
	n, np      int
	init       []int32
	x, w       []int8
	xoff, woff []int
	xstep      int
}

// spec is the specification, written independently of the reference:
// int64 sums per output reduced mod 2^32.
func (pr *accumProblem) spec() []int32 {
	out := make([]int32, pr.np*pr.n)
	for p := range pr.np {
		for c := range pr.n {
			s := int64(pr.init[c])
			for t := range pr.xoff {
				s += int64(pr.x[pr.xoff[t]+p*pr.xstep+c]) * int64(pr.w[pr.woff[t]+c])
			}
			out[p*pr.n+c] = int32(s)
		}
	}
	return out
}

const sentinel = int32(-0x5a5a5a5b)

// check runs im.QS8Accum into a buffer with guard words on both sides and
// compares every word with the specification.
func (pr *accumProblem) check(t *testing.T, im *Impl) {
	t.Helper()
	const guard = 7
	m := pr.np * pr.n
	buf := make([]int32, guard+m+guard)
	for i := range buf {
		buf[i] = sentinel
	}
	im.QS8Accum(buf[guard:guard+m], pr.init, pr.np, pr.x, pr.xoff, pr.xstep, pr.w, pr.woff)
	want := pr.spec()
	for i, v := range buf {
		c := i - guard
		exp := sentinel
		if c >= 0 && c < m {
			exp = want[c]
		}
		if v != exp {
			t.Fatalf("%s n=%d np=%d taps=%d step=%d: word %d = %d, want %d", im.Name, pr.n, pr.np, len(pr.xoff), pr.xstep, c, v, exp)
		}
	}
}

// randProblem makes k taps of n channels over np pixels: an input buffer
// exactly as long as the furthest tap needs (so that reading past it would
// leave the allocation), tap offsets in random order, and weights for k
// taps laid out as a filter ([tap][n], plus random slack).
func randProblem(r *rand.Rand, k, n, np int) *accumProblem {
	pr := &accumProblem{n: n, np: np, xstep: n * (1 + r.IntN(3))}
	if r.IntN(5) == 0 {
		pr.xstep += r.IntN(7)
	}
	pr.init = make([]int32, n)
	for i := range pr.init {
		pr.init[i] = int32(r.Uint32())
	}
	pr.w = make([]int8, k*n+r.IntN(3))
	fill(r, pr.w)
	ox := make([]int, k)
	maxo := 0
	for t := range k {
		ox[t] = r.IntN(3*n + 5)
		maxo = max(maxo, ox[t])
		pr.woff = append(pr.woff, t*n)
	}
	pr.xoff = ox
	pr.x = make([]int8, maxo+(np-1)*pr.xstep+n)
	fill(r, pr.x)
	if k > 0 {
		pr.xoff[r.IntN(k)] = maxo // one tap reaches the very end
	}
	return pr
}

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

// TestAccumSizes covers channel counts 1..70 (below, at and above the
// tiles of 8, 16 and 32 and the masked tails), tap counts 0..10, 25 (5x5)
// and 49 (7x7), and 1 to 11 pixels (blocks of 4 and the pixels after).
func TestAccumSizes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ks := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 25, 49}
	for _, im := range Impls() {
		for n := 1; n <= 70; n++ {
			for _, k := range ks {
				randProblem(r, k, n, 1+r.IntN(11)).check(t, im)
			}
		}
	}
}

// TestAccumAlias: acc may be init for one pixel.
func TestAccumAlias(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, im := range Impls() {
		for _, n := range []int{1, 7, 8, 15, 16, 31, 32, 33, 64, 67} {
			pr := randProblem(r, 9, n, 1)
			want := pr.spec()
			acc := pr.init
			im.QS8Accum(acc, acc, 1, pr.x, pr.xoff, pr.xstep, pr.w, pr.woff)
			for c := range acc {
				if acc[c] != want[c] {
					t.Fatalf("%s n=%d: acc[%d] = %d, want %d", im.Name, n, c, acc[c], want[c])
				}
			}
		}
	}
}

// TestAccumExtremes uses constant -128/127 inputs and weights, initial
// values at the int32 limits (the sums wrap), and a tap count large enough
// for the products alone to wrap (131075 * 16384 > 2^31).
func TestAccumExtremes(t *testing.T) {
	for _, im := range Impls() {
		for _, xv := range []int8{-128, 127, -1} {
			for _, wv := range []int8{-128, 127, -127} {
				for _, k := range []int{1, 9, 25, 131075} {
					if k > 1000 && (xv != -128 || wv != -128) {
						continue
					}
					n, np := 37, 6 // one block of 4 pixels and 2 single ones
					pr := &accumProblem{n: n, np: np, xstep: n, x: make([]int8, np*n), w: make([]int8, n),
						xoff: make([]int, k), woff: make([]int, k), init: make([]int32, n)}
					for i := range pr.x {
						pr.x[i] = xv
					}
					for i := range pr.w {
						pr.w[i] = wv
					}
					for i := range pr.init {
						pr.init[i] = int32(i) * 0x7fffffff
						if i%3 == 1 {
							pr.init[i] = math.MinInt32
						}
					}
					pr.check(t, im)
				}
			}
		}
	}
}

// TestAccumBounds: offsets that would read past x or w panic.
func TestAccumBounds(t *testing.T) {
	for _, im := range Impls() {
		x, w := make([]int8, 20), make([]int8, 9)
		acc, init := make([]int32, 16), make([]int32, 8)
		for _, c := range []struct {
			xoff, woff []int
			np, step   int
		}{{[]int{13}, []int{0}, 1, 8}, {[]int{0}, []int{2}, 1, 8}, {[]int{4}, []int{0}, 2, 9}, {[]int{-1}, []int{0}, 1, 8}, {[]int{0}, []int{0, 1}, 1, 8}} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s: %+v did not panic", im.Name, c)
					}
				}()
				im.QS8Accum(acc, init, c.np, x, c.xoff, c.step, w, c.woff)
			}()
		}
		im.QS8Accum(acc, init, 2, x, []int{12, 0}, 0, w, []int{1, 0}) // the limits are fine
	}
}

func TestNoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	pr := randProblem(r, 9, 45, 3)
	acc := make([]int32, 3*45)
	for _, im := range Impls() {
		if n := testing.AllocsPerRun(10, func() {
			im.QS8Accum(acc, pr.init, pr.np, pr.x, pr.xoff, pr.xstep, pr.w, pr.woff)
		}); n != 0 {
			t.Errorf("%s: %v allocations", im.Name, n)
		}
	}
}

func FuzzAccum(f *testing.F) {
	f.Add(uint8(17), uint8(9), uint8(2), uint8(0), []byte{0x80, 0x7f, 1, 2, 3})
	f.Add(uint8(1), uint8(0), uint8(1), uint8(1), []byte{0x80})
	f.Add(uint8(33), uint8(25), uint8(3), uint8(2), []byte{0x80, 0x80, 0x7f})
	f.Fuzz(func(t *testing.T, n8, k8, np8, step8 uint8, data []byte) {
		n, k, np := int(n8%80)+1, int(k8%30), int(np8%12)+1
		if len(data) == 0 {
			data = []byte{0}
		}
		at := func(i int) int8 { return int8(data[i%len(data)] ^ byte(i/len(data))) }
		pr := &accumProblem{n: n, np: np, xstep: n + int(step8%5)}
		pr.init = make([]int32, n)
		for i := range pr.init {
			pr.init[i] = int32(at(i+3)) << (i % 25)
		}
		pr.w = make([]int8, k*n)
		for i := range pr.w {
			pr.w[i] = at(2*i + 1)
		}
		span := 2 * n
		pr.x = make([]int8, span+(np-1)*pr.xstep+n)
		for i := range pr.x {
			pr.x[i] = at(2 * i)
		}
		for ti := range k {
			pr.xoff = append(pr.xoff, int(uint8(at(ti+11)))%(span+1))
			pr.woff = append(pr.woff, ti*n)
		}
		for _, im := range Impls() {
			pr.check(t, im)
		}
	})
}

// BenchmarkAccum: taps x channels per pixel, 8 pixels per call (one
// 3x3 or 5x5 window sliding along a row, stride 1).
func BenchmarkAccum(b *testing.B) {
	for _, sz := range [][2]int{{9, 32}, {9, 16}, {25, 32}, {9, 72}} {
		k, n := sz[0], sz[1]
		const np = 8
		for _, im := range Impls() {
			b.Run(fmt.Sprintf("%s/taps%d/c%d", im.Name, k, n), func(b *testing.B) {
				r := rand.New(rand.NewPCG(11, 12))
				kw := 3
				if k == 25 {
					kw = 5
				}
				w := (np + kw) * n // input row width in bytes
				pr := &accumProblem{n: n, np: np, xstep: n, x: make([]int8, kw*w), w: make([]int8, k*n), init: make([]int32, n)}
				fill(r, pr.x)
				fill(r, pr.w)
				for t := range k {
					pr.xoff = append(pr.xoff, (t/kw)*w+(t%kw)*n)
					pr.woff = append(pr.woff, t*n)
				}
				acc := make([]int32, np*n)
				b.SetBytes(int64(np * k * n)) // input bytes read (MACs) per call
				b.ReportAllocs()
				for b.Loop() {
					im.QS8Accum(acc, pr.init, np, pr.x, pr.xoff, pr.xstep, pr.w, pr.woff)
				}
			})
		}
	}
}
