package gemmi8

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/asm"
)

// naive is the specification: C = init + A*B^T with wrapping int32.
func naive(m, n, k int, a []int8, lda int, b []int8, init []int32, c []int32, ldc int) {
	for i := range m {
		for j := range n {
			var acc int32
			if init != nil {
				acc = init[j]
			}
			for kk := range k {
				acc += int32(a[i*lda+kk]) * int32(b[j*k+kk])
			}
			c[i*ldc+j] = acc
		}
	}
}

// fill writes random int8 values, with a share of the extremes -128, 127
// and -127.
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

const sentinel = int32(-0x5a5a5a5b)

// check runs im on one problem and compares every element of C, plus the
// sentinels around and between its rows, with naive.
func check(t *testing.T, im *Impl, m, n, k int, a []int8, lda int, b []int8, init []int32) {
	t.Helper()
	ldc := n + 3
	guard := 5
	buf := make([]int32, guard+(m-1)*ldc+n+guard)
	want := make([]int32, len(buf))
	for i := range buf {
		buf[i], want[i] = sentinel, sentinel
	}
	naive(m, n, k, a, lda, b, init, want[guard:], ldc)
	p := im.Pack(b, n, k, init)
	p.Gemm(m, a, lda, buf[guard:len(buf)-guard], ldc)
	for i := range buf {
		if buf[i] != want[i] {
			pos := i - guard
			t.Fatalf("%s m=%d n=%d k=%d lda=%d: C word %d (row %d col %d) = %d, want %d",
				im.Name, m, n, k, lda, pos, pos/ldc, pos%ldc, buf[i], want[i])
		}
	}
}

func TestImplsAvailable(t *testing.T) {
	names := []string{}
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

// TestSizes covers M, N, K below, at and above every tile (MR=4; NR=4, 16
// and pairs of 16; KC=4, 8), exact-length A (the last rows take the
// zero-padded copy) and A with spare stride.
func TestSizes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ks := []int{}
	for k := 1; k <= 67; k++ {
		ks = append(ks, k)
	}
	ks = append(ks, 128, 131, 300)
	for _, im := range Impls() {
		t.Run(im.Name, func(t *testing.T) {
			for _, k := range ks {
				b := make([]int8, 40*k)
				fill(r, b)
				init := make([]int32, 40)
				for i := range init {
					init[i] = int32(r.Uint32())
				}
				for m := 1; m <= 9; m++ {
					for n := 1; n <= 40; n++ {
						if testing.Short() && n%3 != 0 && n != 16 && n != 32 {
							continue
						}
						lda := k
						if (m+n)%3 == 0 {
							lda = k + 1 + (m*n)%9
						}
						a := make([]int8, (m-1)*lda+k)
						fill(r, a)
						in := init[:n]
						if n%5 == 0 {
							in = nil
						}
						check(t, im, m, n, k, a, lda, b[:n*k], in)
					}
				}
			}
		})
	}
}

// TestGemv covers one row of A (the matrix-vector path) for N below, at and
// above the 4-panel group of the VNNI matrix-vector kernel (64 columns),
// with A exactly K long (so the driver pads it) and with extreme values.
func TestGemv(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	ns := []int{1, 15, 16, 17, 31, 48, 63, 64, 65, 79, 80, 96, 112, 127, 128, 129, 191, 200, 256, 512}
	for _, im := range Impls() {
		for _, k := range []int{1, 3, 4, 5, 8, 28, 64, 128, 131} {
			for _, n := range ns {
				b := make([]int8, n*k)
				a := make([]int8, k)
				fill(r, b)
				fill(r, a)
				if n%2 == 1 {
					for i := range a {
						a[i] = -128
					}
					for i := range b {
						b[i] = -128
					}
				}
				init := make([]int32, n)
				for i := range init {
					init[i] = int32(r.Uint32())
				}
				check(t, im, 1, n, k, a, k, b, init)
			}
		}
	}
}

// TestExtremes uses constant matrices of -128 and 127, including a K long
// enough for the int32 sums to wrap.
func TestExtremes(t *testing.T) {
	for _, im := range Impls() {
		for _, av := range []int8{-128, 127, -1} {
			for _, bv := range []int8{-128, 127, -127} {
				for _, k := range []int{1, 7, 64, 131075} {
					if k > 1000 && (av != -128 || bv != -128) {
						continue // one long K is enough to make the sums wrap
					}
					m, n := 5, 37
					a := make([]int8, m*k)
					b := make([]int8, n*k)
					for i := range a {
						a[i] = av
					}
					for i := range b {
						b[i] = bv
					}
					init := make([]int32, n)
					for i := range init {
						init[i] = int32(i) * 0x7fffffff
					}
					check(t, im, m, n, k, a, k, b, init)
				}
			}
		}
	}
}

// TestSetInit checks that SetInit replaces the initial values.
func TestSetInit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, im := range Impls() {
		m, n, k := 6, 21, 19
		a := make([]int8, m*k)
		b := make([]int8, n*k)
		fill(r, a)
		fill(r, b)
		init := make([]int32, n)
		for i := range init {
			init[i] = int32(r.Uint32())
		}
		p := im.Pack(b, n, k, nil)
		p.SetInit(init)
		got := make([]int32, m*n)
		want := make([]int32, m*n)
		p.Gemm(m, a, k, got, n)
		naive(m, n, k, a, k, b, init, want, n)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: C[%d] = %d, want %d", im.Name, i, got[i], want[i])
			}
		}
	}
}

// TestZeroK: K = 0 gives the initial values.
func TestZeroK(t *testing.T) {
	for _, im := range Impls() {
		init := []int32{5, -6, 7}
		p := im.Pack(nil, 3, 0, init)
		c := make([]int32, 6)
		p.Gemm(2, nil, 0, c, 3)
		for i, v := range c {
			if v != init[i%3] {
				t.Fatalf("%s: %v", im.Name, c)
			}
		}
	}
}

func TestGemmNoAllocs(t *testing.T) {
	for _, im := range Impls() {
		m, n, k := 9, 35, 33
		a := make([]int8, (m-1)*k+k)
		b := make([]int8, n*k)
		c := make([]int32, m*n)
		p := im.Pack(b, n, k, nil)
		if got := testing.AllocsPerRun(10, func() { p.Gemm(m, a, k, c, n) }); got != 0 {
			t.Errorf("%s: %v allocations per Gemm", im.Name, got)
		}
	}
}

func FuzzGemm(f *testing.F) {
	f.Add(uint8(5), uint8(17), uint8(9), uint8(3), []byte{0x80, 0x7f, 1, 2, 3})
	f.Add(uint8(1), uint8(1), uint8(1), uint8(0), []byte{0x80})
	f.Add(uint8(4), uint8(32), uint8(8), uint8(1), []byte{0x80, 0x80, 0x7f})
	f.Fuzz(func(t *testing.T, m8, n8, k8, pad uint8, data []byte) {
		m, n, k := int(m8%12)+1, int(n8%70)+1, int(k8%90)+1
		lda := k + int(pad%5)
		if len(data) == 0 {
			data = []byte{0}
		}
		at := func(i int) int8 { return int8(data[i%len(data)] ^ byte(i/len(data))) }
		a := make([]int8, (m-1)*lda+k)
		b := make([]int8, n*k)
		for i := range a {
			a[i] = at(i)
		}
		for i := range b {
			b[i] = at(i + 7)
		}
		init := make([]int32, n)
		for i := range init {
			init[i] = int32(at(i+3)) << (i % 25)
		}
		for _, im := range Impls() {
			check(t, im, m, n, k, a, lda, b, init)
		}
	})
}

func BenchmarkGemm(b *testing.B) {
	for _, sz := range [][3]int{{256, 64, 64}, {1024, 32, 16}, {256, 256, 256}, {1, 1000, 1280}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, im := range Impls() {
			b.Run(fmt.Sprintf("%s/%dx%dx%d", im.Name, m, n, k), func(b *testing.B) {
				r := rand.New(rand.NewPCG(5, 6))
				a := make([]int8, m*k)
				w := make([]int8, n*k)
				fill(r, a)
				fill(r, w)
				c := make([]int32, m*n)
				p := im.Pack(w, n, k, nil)
				b.SetBytes(int64(m * k)) // bytes of A consumed
				b.ReportAllocs()
				for b.Loop() {
					p.Gemm(m, a, k, c, n)
				}
				b.ReportMetric(float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
			})
		}
	}
}
