package vf32

import (
	"math"
	"math/rand/v2"
	"testing"
)

func specials(r *rand.Rand, n int) []float32 {
	sp := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
		1e-45, -1e-45, 3, -3, 6, -6, 1e38, -1e38, 2.9999998, -2.9999998}
	v := make([]float32, n)
	for i := range v {
		if r.IntN(4) == 0 {
			v[i] = sp[r.IntN(len(sp))]
		} else {
			v[i] = float32(r.NormFloat64() * 5)
		}
	}
	return v
}

func same(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b) }

const guard = 16

func run(t *testing.T, name string, n int, f func(y, x []float32), ref func(v float32) float32, x []float32) {
	t.Helper()
	buf := make([]float32, n+2*guard)
	for i := range buf {
		buf[i] = 777
	}
	y := buf[guard : guard+n]
	f(y, x)
	for i := range n {
		if want := ref(x[i]); !same(y[i], want) {
			t.Fatalf("%s n=%d: f(%v) = %v, want %v", name, n, x[i], y[i], want)
		}
	}
	for i, v := range buf {
		if (i < guard || i >= guard+n) && v != 777 {
			t.Fatalf("%s n=%d: guard %d written", name, n, i-guard)
		}
	}
	// In place.
	z := append([]float32(nil), x...)
	f(z, z)
	for i := range n {
		if !same(z[i], y[i]) {
			t.Fatalf("%s n=%d: in place differs at %d", name, n, i)
		}
	}
}

// The oracles are written from TFLite's definitions with explicit float32
// steps (not from the generic code's branches).
func TestKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, im := range Impls() {
		for _, n := range []int{1, 7, 15, 16, 17, 31, 32, 33, 100, 1000} {
			x := specials(r, n)
			for _, b := range [][2]float32{{0, float32(math.Inf(1))}, {0, 6}, {-1, 1}} {
				lo, hi := b[0], b[1]
				run(t, im.Name+" Clamp", n, func(y, x []float32) { im.Clamp(y, x, lo, hi) }, func(v float32) float32 {
					switch {
					case v > hi:
						return hi
					case v < lo:
						return lo
					}
					return v
				}, x)
			}
			run(t, im.Name+" HardSwish", n, im.HardSwish, func(v float32) float32 {
				r := float32(v + 3)
				r = float32(math.Min(6, math.Max(0, float64(r))))
				if v != v || r != r {
					return float32(math.NaN())
				}
				return float32(float32(v*r) / 6)
			}, x)
		}
	}
}

func BenchmarkKernels(b *testing.B) {
	x := specials(rand.New(rand.NewPCG(3, 4)), 128*128*16)
	y := make([]float32, len(x))
	for _, im := range Impls() {
		b.Run("Clamp/"+im.Name, func(b *testing.B) {
			b.SetBytes(int64(4 * len(x)))
			b.ReportAllocs()
			for range b.N {
				im.Clamp(y, x, 0, 6)
			}
		})
		b.Run("HardSwish/"+im.Name, func(b *testing.B) {
			b.SetBytes(int64(4 * len(x)))
			b.ReportAllocs()
			for range b.N {
				im.HardSwish(y, x)
			}
		})
	}
}

func TestBin(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	inf := float32(math.Inf(1))
	for _, im := range Impls() {
		for _, op := range []Op{OpAdd, OpSub, OpMul} {
			for _, n := range []int{1, 7, 16, 17, 33, 100} {
				for _, st := range [][3]int{{1, 0, 0}, {3, 1, 1}, {4, 1, 0}, {2, 0, 1}, {2, 2, 3}} {
					rows := st[0]
					sa, sb := st[1]*n, st[2]*n
					if st[1] == 2 {
						sa = n + 5
					}
					if st[2] == 3 {
						sb = n + 2
					}
					a := specials(r, (rows-1)*sa+n)
					b := specials(r, (rows-1)*sb+n)
					lo, hi := -inf, inf
					if r.IntN(2) == 0 {
						lo, hi = 0, 6
					}
					buf := make([]float32, rows*n+2*guard)
					for i := range buf {
						buf[i] = 777
					}
					out := buf[guard : guard+rows*n]
					im.Bin(op, out, a, b, rows, n, sa, sb, lo, hi)
					for row := range rows {
						for i := range n {
							x, y := a[row*sa+i], b[row*sb+i]
							var v float32
							switch op {
							case OpAdd:
								v = float32(x + y)
							case OpSub:
								v = float32(x - y)
							default:
								v = float32(x * y)
							}
							if v > hi {
								v = hi
							} else if v < lo {
								v = lo
							}
							if got := out[row*n+i]; !same(got, v) {
								t.Fatalf("%s op %d n=%d %v: %v op %v = %v, want %v", im, op, n, st, x, y, got, v)
							}
						}
					}
					for i, v := range buf {
						if (i < guard || i >= guard+rows*n) && v != 777 {
							t.Fatalf("%s: guard %d written", im, i-guard)
						}
					}
				}
			}
		}
	}
}

func TestBilinearRow(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, im := range Impls() {
		for _, c := range []int{1, 3, 15, 16, 17, 32, 40} {
			w := 6
			r0, r1 := specials(r, w*c), specials(r, w*c)
			xs := make([]XTap, 2*w)
			for i := range xs {
				d := r.Float32()
				xs[i] = XTap{Off0: int32(r.IntN(w) * c), Off1: int32(r.IntN(w) * c), D: d, OneMin: 1 - d}
			}
			ya := r.Float32()
			yd := 1 - ya
			buf := make([]float32, len(xs)*c+2*guard)
			for i := range buf {
				buf[i] = 777
			}
			dst := buf[guard : guard+len(xs)*c]
			im.BilinearRow(dst, r0, r1, xs, c, ya, yd)
			for ti, tp := range xs {
				for ch := range c {
					p00, p01 := r0[int(tp.Off0)+ch], r0[int(tp.Off1)+ch]
					p10, p11 := r1[int(tp.Off0)+ch], r1[int(tp.Off1)+ch]
					a := float32(float32(p00*ya) * tp.OneMin)
					b := float32(float32(p10*yd) * tp.OneMin)
					s := float32(a + b)
					s = float32(s + float32(float32(p01*ya)*tp.D))
					want := float32(s + float32(float32(p11*yd)*tp.D))
					if got := dst[ti*c+ch]; !same(got, want) {
						t.Fatalf("%s c=%d tap %d ch %d: %v, want %v", im, c, ti, ch, got, want)
					}
				}
			}
			for i, v := range buf {
				if (i < guard || i >= guard+len(dst)) && v != 777 {
					t.Fatalf("%s c=%d: guard %d written", im, c, i-guard)
				}
			}
		}
	}
}

func TestQuantizeS8(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	negNaN := math.Float32frombits(0xffc00000)
	for _, im := range Impls() {
		for _, n := range []int{1, 15, 16, 17, 100} {
			x := specials(r, n)
			for i := range x {
				if r.IntN(20) == 0 {
					x[i] = negNaN
				}
				if r.IntN(10) == 0 {
					x[i] = float32(r.IntN(512)-256) / 2 // ties
				}
			}
			zp := int32(r.IntN(256)) - 128
			inv := []float32{1, 0.5, 255, 1.0 / 3}[r.IntN(4)]
			flo, fhi := float32(-128-zp), float32(127-zp)
			buf := make([]int8, n+2*guard)
			for i := range buf {
				buf[i] = 0x11
			}
			y := buf[guard : guard+n]
			im.QuantizeS8(y, x, inv, flo, fhi, zp)
			for i, v := range x {
				f := float64(float32(v * inv))
				switch {
				case math.IsNaN(f):
					if math.Signbit(f) {
						f = float64(flo)
					} else {
						f = float64(fhi)
					}
				default:
					f = math.Min(math.Max(f, float64(flo)), float64(fhi))
				}
				want := int8(int32(math.RoundToEven(f)) + zp)
				if y[i] != want {
					t.Fatalf("%s n=%d: x=%v (inv %v, zp %d) -> %d, want %d", im, n, v, inv, zp, y[i], want)
				}
			}
			for i, v := range buf {
				if (i < guard || i >= guard+n) && v != 0x11 {
					t.Fatalf("%s n=%d: guard %d written", im, n, i-guard)
				}
			}
		}
	}
}

// TestSigmoid checks every implementation equals sigmoid1 bit for bit and
// that sigmoid1 is within 4e-7 of the exact logistic function (computed in
// float64) over [-100, 100] and special values.
func TestSigmoid(t *testing.T) {
	var x []float32
	for v := -100.0; v <= 100; v += 0.00731 {
		x = append(x, float32(v))
	}
	x = append(x, 0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
		1e-45, -1e-45, 86.99, 87, 87.01, -87.01, 3e38, -3e38, 0.34657, -0.34657)
	worst := 0.0
	for _, v := range x {
		got := sigmoid1(v)
		want := 1 / (1 + math.Exp(-float64(v)))
		if v != v {
			if got == got {
				t.Fatalf("sigmoid(NaN) = %v", got)
			}
			continue
		}
		worst = max(worst, math.Abs(float64(got)-want))
	}
	if worst > 4e-7 {
		t.Errorf("largest error %g", worst)
	}
	t.Logf("largest absolute error %.3g over %d values", worst, len(x))
	for _, im := range Impls() {
		for _, n := range []int{1, 15, 16, 17, len(x)} {
			buf := make([]float32, n+2*guard)
			for i := range buf {
				buf[i] = 777
			}
			y := buf[guard : guard+n]
			im.Sigmoid(y, x[len(x)-n:])
			for i, v := range x[len(x)-n:] {
				if want := sigmoid1(v); !same(y[i], want) {
					t.Fatalf("%s n=%d: sigmoid(%v) = %v, want %v", im, n, v, y[i], want)
				}
			}
			for i, v := range buf {
				if (i < guard || i >= guard+n) && v != 777 {
					t.Fatalf("%s n=%d: guard %d written", im, n, i-guard)
				}
			}
		}
	}
}
