package gemmf32

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/asm"
)

// same reports whether two results match: the same bits, or both NaN.
func same(x, y float32) bool {
	return math.Float32bits(x) == math.Float32bits(y) || (x != x && y != y)
}

// exactFMA rounds a*b+c computed exactly to the nearest float32.
func exactFMA(a, b, c float32) float32 {
	const prec = 1200
	for _, v := range []float32{a, b, c} {
		if math.IsInf(float64(v), 0) || v != v {
			return float32(float64(a)*float64(b) + float64(c)) // no rounding involved
		}
	}
	x := new(big.Float).SetPrec(prec).SetFloat64(float64(a))
	y := new(big.Float).SetPrec(prec).SetFloat64(float64(b))
	z := new(big.Float).SetPrec(prec).SetFloat64(float64(c))
	x.Mul(x, y).Add(x, z)
	if x.Sign() == 0 {
		// big.Float loses the sign rules of IEEE zeros; the float64 sum
		// of an exact zero keeps them.
		return float32(float64(a)*float64(b) + float64(c))
	}
	f, _ := x.Float32()
	return f
}

// hardFMA returns operands whose float64 sum lands exactly halfway between
// two float32s while the exact sum does not, the case that naive double
// rounding gets wrong half of the time.
func hardFMA(r *rand.Rand) (a, b, c float32) {
	x := float64(1+r.IntN(361)) * 0x1p-23
	q := r.IntN(200) - 100
	a = float32(1 + x)
	b = float32(math.Ldexp(1-x, q-24))
	c = float32(math.Ldexp(1+float64(r.IntN(1<<23))*0x1p-23, q))
	if r.IntN(2) == 0 {
		a = -a
	}
	if r.IntN(2) == 0 {
		c = -c
	}
	return
}

func randF32(r *rand.Rand) float32 {
	switch r.IntN(10) {
	case 0:
		return math.Float32frombits(r.Uint32()) // anything, NaN and Inf included
	case 1:
		return float32(r.NormFloat64()) * 1e-38 // subnormal range
	case 2:
		return float32(math.Ldexp(r.Float64(), r.IntN(60)+70)) // near overflow
	default:
		return float32(r.NormFloat64())
	}
}

func TestFMA32(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	naiveWrong := 0
	for i := range 200000 {
		var a, b, c float32
		if i%2 == 0 {
			a, b, c = hardFMA(r)
		} else {
			a, b, c = randF32(r), randF32(r), randF32(r)
		}
		got := FMA32(a, b, c)
		want := exactFMA(a, b, c)
		if float64(a)*float64(b)+float64(c) != float64(a)*float64(b)+float64(c) { // NaN
			if got == got {
				t.Fatalf("FMA32(%g, %g, %g) = %g, want NaN", a, b, c, got)
			}
			continue
		}
		if !same(got, want) {
			t.Fatalf("FMA32(%g, %g, %g) = %g (%#x), want %g (%#x)", a, b, c, got, math.Float32bits(got), want, math.Float32bits(want))
		}
		if float32(math.FMA(float64(a), float64(b), float64(c))) != want {
			naiveWrong++
		}
	}
	// The rounding boundary to infinity, from both sides.
	for _, c := range []struct{ a, b, c, want float32 }{
		{1 + 0x1p-23, 0x1p103 * (1 - 0x1p-23), math.MaxFloat32, math.MaxFloat32},
		{1 + 0x1p-23, 0x1p103 * (1 + 0x1p-23), math.MaxFloat32, float32(math.Inf(1))},
		{-1 - 0x1p-23, 0x1p103 * (1 - 0x1p-23), -math.MaxFloat32, -math.MaxFloat32},
	} {
		if got := FMA32(c.a, c.b, c.c); got != c.want {
			t.Errorf("FMA32(%g, %g, %g) = %g, want %g", c.a, c.b, c.c, got, c.want)
		}
	}
	if naiveWrong == 0 {
		t.Error("the hard cases never trip naive double rounding: the test is too weak")
	}
	t.Logf("naive float32(math.FMA) was wrong %d times", naiveWrong)
}

// TestFMA32Hardware checks FMA32 against each kernel's own FMA instruction
// (a one-step chain: bias + a*w), hard cases and special values included.
func TestFMA32Hardware(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	inf := float32(math.Inf(1))
	for _, im := range Impls() {
		w := make([]float32, PanelLen(1))
		out := make([]float32, NR)
		for range 20000 {
			var a [NR]float32
			for j := range NR {
				var x, y, z float32
				if r.IntN(2) == 0 {
					x, y, z = hardFMA(r)
				} else {
					x, y, z = randF32(r), randF32(r), randF32(r)
				}
				a[j], w[NR+j], w[j] = x, y, z
			}
			// One row kernel call per lane, since a is one value per row.
			for j := range NR {
				im.row(1, a[j:j+1], w, out, -inf, inf)
				want := FMA32(a[j], w[NR+j], w[j])
				if !same(out[j], want) {
					t.Fatalf("%v: fma(%g, %g, %g) = %g (%#x), FMA32 %g (%#x)", im.ISA, a[j], w[NR+j], w[j],
						out[j], math.Float32bits(out[j]), want, math.Float32bits(want))
				}
			}
		}
	}
}

// runRef is Run's definition, output by output.
func runRef(m, n, k int, a []float32, lda int, w, bias []float32, c []float32, ldc int, lo, hi float32) {
	for r := range m {
		for j := range n {
			var b float32
			if bias != nil {
				b = bias[j]
			}
			c[r*ldc+j] = Clamp(Ref(a[r*lda:][:k], w[j*k:][:k], b), lo, hi)
		}
	}
}

const guard = float32(-1234.5)

// checkRun runs im on a random problem and compares every output bit for
// bit with runRef, and every value around them with the guard.
func checkRun(t *testing.T, im Impl, r *rand.Rand, m, n, k, padA, padC int, special bool) {
	t.Helper()
	lda, ldc := k+padA, n+padC
	gen := func() float32 { return float32(r.NormFloat64()) }
	if special {
		gen = func() float32 { return randF32(r) }
	}
	a := make([]float32, (m-1)*lda+k)
	for i := range a {
		a[i] = gen()
	}
	w := make([]float32, n*k)
	for i := range w {
		w[i] = gen()
	}
	var bias []float32
	if r.IntN(4) != 0 {
		bias = make([]float32, n)
		for i := range bias {
			bias[i] = gen()
		}
	}
	lo, hi := float32(math.Inf(-1)), float32(math.Inf(1))
	switch r.IntN(3) {
	case 1:
		lo = 0
	case 2:
		lo, hi = -1, 1
	}
	packed := make([]float32, PackedLen(n, k))
	Pack(packed, w, bias, n, k)
	const g = 37 // guard values before and after c
	got := make([]float32, g+m*ldc+g)
	want := make([]float32, len(got))
	for i := range got {
		got[i], want[i] = guard, guard
	}
	im.Run(m, n, k, a, lda, packed, got[g:], ldc, lo, hi)
	runRef(m, n, k, a, lda, w, bias, want[g:], ldc, lo, hi)
	for i := range got {
		if !same(got[i], want[i]) {
			where := "guard"
			if o := i - g; o >= 0 && o < m*ldc && o%ldc < n {
				where = fmt.Sprintf("c[%d][%d]", o/ldc, o%ldc)
			}
			t.Fatalf("%v m=%d n=%d k=%d lda=%d ldc=%d: %s = %g (%#x), want %g (%#x)", im.ISA, m, n, k, lda, ldc,
				where, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

func TestImpls(t *testing.T) {
	var names []string
	for _, im := range Impls() {
		names = append(names, fmt.Sprintf("%v(MR=%d)", im.ISA, im.MR))
		if im.MR > maxMR {
			t.Errorf("%v: MR %d > maxMR", im.ISA, im.MR)
		}
	}
	t.Logf("implementations: %v; Best: %v", names, Best().ISA)
	if !asm.Supports(asm.Selected, Best().ISA) {
		t.Errorf("Best %v is not supported at %v", Best().ISA, asm.Selected)
	}
	if For(asm.Generic).ISA != asm.Generic {
		t.Error("For(Generic) is not generic")
	}
}

func TestKernels(t *testing.T) {
	for _, im := range Impls() {
		t.Run(im.ISA.String(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, uint64(im.ISA)))
			mr := im.MR
			ms := []int{1, 2, mr - 1, mr, mr + 1, 2*mr - 1, 2 * mr, 2*mr + 3, 53}
			ns := []int{1, 3, NR - 1, NR, NR + 1, 2*NR - 1, 2 * NR, 2*NR + 5, 72, 4*NR - 1, 4 * NR, 4*NR + 1, 5 * NR, 8*NR + 3, 512}
			ks := []int{1, 2, 3, 8, 17, 64, 131}
			for _, m := range ms {
				if m < 1 {
					continue
				}
				for _, n := range ns {
					for _, k := range ks {
						checkRun(t, im, r, m, n, k, r.IntN(3), r.IntN(3), false)
					}
				}
			}
			for range 300 {
				checkRun(t, im, r, 1+r.IntN(40), 1+r.IntN(50), 1+r.IntN(40), r.IntN(5), r.IntN(5), true)
			}
		})
	}
}

// TestStrides checks the strided form ops use for strided 1x1 convolutions
// and grouped ones: lda and ldc much larger than k and n.
func TestStrides(t *testing.T) {
	for _, im := range Impls() {
		r := rand.New(rand.NewPCG(6, 7))
		for range 50 {
			checkRun(t, im, r, 1+r.IntN(30), 1+r.IntN(40), 1+r.IntN(30), r.IntN(100), r.IntN(100), false)
		}
	}
}

func TestRunPanics(t *testing.T) {
	im := Best()
	defer func() {
		if recover() == nil {
			t.Error("short c accepted")
		}
	}()
	packed := make([]float32, PackedLen(4, 4))
	im.Run(4, 4, 4, make([]float32, 16), 4, packed, make([]float32, 15), 4, 0, 1)
}

func FuzzKernels(f *testing.F) {
	f.Add(uint64(1), uint8(7), uint8(17), uint8(5), uint8(0), false)
	f.Add(uint64(2), uint8(13), uint8(16), uint8(1), uint8(3), true)
	f.Fuzz(func(t *testing.T, seed uint64, m, n, k, pad uint8, special bool) {
		if m == 0 || n == 0 || k == 0 {
			return
		}
		for _, im := range Impls() {
			r := rand.New(rand.NewPCG(seed, 9))
			checkRun(t, im, r, int(m%64)+1, int(n%80)+1, int(k), int(pad%8), int(pad/8%8), special)
		}
	})
}

func BenchmarkRun(b *testing.B) {
	for _, sz := range []struct{ m, n, k int }{
		{4096, 72, 16}, {1024, 24, 88}, {256, 128, 128}, {1, 1024, 1024},
	} {
		for _, im := range Impls() {
			b.Run(fmt.Sprintf("%s/m%d_n%d_k%d", im.ISA, sz.m, sz.n, sz.k), func(b *testing.B) {
				r := rand.New(rand.NewPCG(1, 1))
				a := make([]float32, sz.m*sz.k)
				for i := range a {
					a[i] = float32(r.NormFloat64())
				}
				w := make([]float32, sz.n*sz.k)
				for i := range w {
					w[i] = float32(r.NormFloat64())
				}
				packed := make([]float32, PackedLen(sz.n, sz.k))
				Pack(packed, w, nil, sz.n, sz.k)
				c := make([]float32, sz.m*sz.n)
				b.SetBytes(int64(4 * (len(a) + len(w) + len(c))))
				b.ReportAllocs()
				for b.Loop() {
					im.Run(sz.m, sz.n, sz.k, a, sz.k, packed, c, sz.n, 0, 6)
				}
				flops := 2 * float64(sz.m) * float64(sz.n) * float64(sz.k) * float64(b.N)
				b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

func TestRunNoAllocs(t *testing.T) {
	for _, im := range Impls() {
		a := make([]float32, 5*7)
		packed := make([]float32, PackedLen(5, 7))
		c := make([]float32, 5*5)
		// n < NR and m < MR take the scratch paths.
		if n := testing.AllocsPerRun(10, func() { im.Run(5, 5, 7, a, 7, packed, c, 5, 0, 6) }); n != 0 {
			t.Errorf("%v: Run allocates %v times", im.ISA, n)
		}
	}
}
