package dwconvf32

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/asm/gemmf32"
)

func TestImplsAvailable(t *testing.T) {
	for _, im := range Impls() {
		t.Logf("%s (%v)", im, im.ISA)
	}
}

// TestRun compares every implementation with an oracle written from the
// definition (gemmf32.FMA32 per tap, in tap order, then the clamp), for
// channel counts around the vector widths, runs of pixels with strides,
// 0 to 25 taps, special values, and guard values around the output.
func TestRun(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, im := range Impls() {
		for _, n := range []int{1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 72} {
			for _, taps := range []int{0, 1, 4, 9, 25} {
				np := 1 + r.IntN(5)
				xstep := n * (1 + r.IntN(2))
				xlen := (np-1)*xstep + n + 40*n
				x := make([]float32, xlen)
				for i := range x {
					x[i] = float32(r.NormFloat64())
					if r.IntN(50) == 0 {
						x[i] = []float32{float32(math.NaN()), float32(math.Inf(1)), 0, float32(math.Copysign(0, -1)), 1e30}[r.IntN(5)]
					}
				}
				w := make([]float32, 25*n)
				for i := range w {
					w[i] = float32(r.NormFloat64())
				}
				bias := make([]float32, n)
				for i := range bias {
					bias[i] = float32(r.NormFloat64())
				}
				xoff, woff := make([]int, taps), make([]int, taps)
				for t := range taps {
					xoff[t] = r.IntN(xlen - ((np-1)*xstep + n) + 1)
					woff[t] = t * n
				}
				lo, hi := float32(-1e38), float32(1e38)
				if r.IntN(2) == 0 {
					lo, hi = 0, 6
				}
				const guard = 16
				buf := make([]float32, np*n+2*guard)
				for i := range buf {
					buf[i] = 12345
				}
				y := buf[guard : guard+np*n]
				im.Run(y, np, bias, x, xoff, xstep, w, woff, lo, hi)
				for p := range np {
					for c := range n {
						acc := bias[c]
						for t := range taps {
							acc = gemmf32.FMA32(x[xoff[t]+p*xstep+c], w[woff[t]+c], acc)
						}
						want := gemmf32.Clamp(acc, lo, hi)
						got := y[p*n+c]
						if math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
							t.Fatalf("%s n=%d taps=%d np=%d: y[%d][%d] = %v, want %v", im, n, taps, np, p, c, got, want)
						}
					}
				}
				for i, v := range buf {
					if (i < guard || i >= guard+np*n) && v != 12345 {
						t.Fatalf("%s n=%d: guard %d written", im, n, i-guard)
					}
				}
			}
		}
	}
}

func BenchmarkRun(b *testing.B) {
	const n, np = 32, 80
	x := make([]float32, 82*n*3)
	w := make([]float32, 9*n)
	bias := make([]float32, n)
	y := make([]float32, np*n)
	xoff, woff := make([]int, 9), make([]int, 9)
	for t := range 9 {
		xoff[t] = (t/3)*82*n + (t%3)*n
		woff[t] = t * n
	}
	for _, im := range Impls() {
		b.Run(im.Name, func(b *testing.B) {
			b.SetBytes(np * n * 4)
			b.ReportAllocs()
			for range b.N {
				im.Run(y, np, bias, x, xoff, n, w, woff, 0, 6)
			}
		})
	}
}

// TestClampEdges checks the clamp keeps NaN and -0 as gemmf32.Clamp does
// (a max/min instruction would turn them into the bound).
func TestClampEdges(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	nan := float32(math.NaN())
	for _, im := range Impls() {
		for _, n := range []int{1, 4, 16, 17} {
			bias := make([]float32, n)
			for i := range bias {
				bias[i] = []float32{negZero, nan, -1, 7, 0}[i%5]
			}
			y := make([]float32, n)
			im.Run(y, 1, bias, make([]float32, n), nil, 0, make([]float32, n), nil, 0, 6)
			for i, v := range y {
				want := gemmf32.Clamp(bias[i], 0, 6)
				if math.Float32bits(v) != math.Float32bits(want) && !(v != v && want != want) {
					t.Fatalf("%s n=%d: clamp(%v) = %v, want %v", im, n, bias[i], v, want)
				}
			}
		}
	}
}
