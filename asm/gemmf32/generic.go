package gemmf32

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm"
)

// NR is the number of output columns every kernel computes at once: the
// width of one packed weight panel.
const NR = 16

// maxMR bounds the rows of any kernel's tile (it sizes the scratch tile).
const maxMR = 16

// PanelLen is the number of float32 values one packed panel holds for depth
// k: NR bias values, then k rows of NR weights.
func PanelLen(k int) int { return NR + k*NR }

// NumPanels is the number of panels that cover n output columns.
func NumPanels(n int) int { return (n + NR - 1) / NR }

// PackedLen is the number of float32 values Pack writes for n columns of
// depth k.
func PackedLen(n, k int) int { return NumPanels(n) * PanelLen(k) }

// panelCol is the first output column of panel p. Panels are NR wide and
// start at multiples of NR, except that when n is at least NR and not a
// multiple of it the last panel ends at n and so overlaps the one before: its
// columns are computed twice, to the same values, which keeps every store a
// full NR wide. With n < NR the only panel starts at 0 and is padded with
// zero weights.
func panelCol(p, n int) int {
	c := p * NR
	if c+NR > n && n >= NR {
		c = n - NR
	}
	return c
}

// Pack writes weights w (n rows of k values: row j holds the weights of
// output column j) and bias (n values, or nil for zero) into dst, which must
// hold PackedLen(n, k) values, as panels: for each panel its NR bias values,
// then for each i < k the NR weights w[col][i].
func Pack(dst, w, bias []float32, n, k int) {
	if n <= 0 || k <= 0 || len(w) < n*k || (bias != nil && len(bias) < n) || len(dst) < PackedLen(n, k) {
		panic(fmt.Sprintf("gemmf32.Pack: n=%d k=%d with %d weights, %d bias, %d dst", n, k, len(w), len(bias), len(dst)))
	}
	for p := range NumPanels(n) {
		c0 := panelCol(p, n)
		d := dst[p*PanelLen(k):][:PanelLen(k)]
		clear(d)
		for j := 0; j < NR && c0+j < n; j++ {
			if bias != nil {
				d[j] = bias[c0+j]
			}
			row := w[(c0+j)*k:][:k]
			for i, v := range row {
				d[NR+i*NR+j] = v
			}
		}
	}
}

// Impl is one implementation of the kernel family: a tile kernel that
// computes MR rows by NR columns, and a row kernel for a single row.
type Impl struct {
	ISA asm.ISA
	MR  int
}

// tile computes, for r < MR and j < NR,
//
//	c[r*ldc+j] = Clamp(Ref(a[r*lda:][:k], column j of panel w), lo, hi).
//
// The kernels are called directly (not through func values) so that
// escape analysis keeps Run's scratch tile on the stack.
func (im Impl) tile(k int, a []float32, lda int, w, c []float32, ldc int, lo, hi float32) {
	if im.ISA == asm.Generic {
		tileGeneric(k, a, lda, w, c, ldc, lo, hi)
	} else {
		archTile(im.ISA, k, a, lda, w, c, ldc, lo, hi)
	}
}

// row is tile for one row.
func (im Impl) row(k int, a, w, c []float32, lo, hi float32) {
	if im.ISA == asm.Generic {
		rowGeneric(k, a, w, c, lo, hi)
	} else {
		archRow(im.ISA, k, a, w, c, lo, hi)
	}
}

// Impls returns every implementation this CPU and build can run, generic
// first.
func Impls() []Impl {
	return append([]Impl{{ISA: asm.Generic, MR: 4}}, archImpls()...)
}

// Best returns the implementation for asm.Selected.
func Best() Impl { return For(asm.Selected) }

// For returns the best implementation whose level is supported where isa is
// available (Generic at worst).
func For(isa asm.ISA) Impl {
	all := Impls()
	best := all[0]
	for _, im := range all[1:] {
		if asm.Supports(isa, im.ISA) {
			best = im
		}
	}
	return best
}

// Run computes c = clamp(a·wᵀ + bias) for m rows and n columns of depth k:
// for r < m and j < n,
//
//	c[r*ldc+j] = clamp(Ref(a[r*lda:][:k], column j of packed), lo, hi)
//
// where packed holds Pack's panels for those n columns. Values of c outside
// those rows and columns are not touched. Rows of a and c may overlap other
// data (lda, ldc >= the used widths), but c must not overlap a or packed.
func (im Impl) Run(m, n, k int, a []float32, lda int, packed, c []float32, ldc int, lo, hi float32) {
	if m <= 0 || n <= 0 {
		return
	}
	if k <= 0 || lda < k || ldc < n || len(a) < (m-1)*lda+k || len(c) < (m-1)*ldc+n || len(packed) < PackedLen(n, k) {
		panic(fmt.Sprintf("gemmf32.Run: m=%d n=%d k=%d lda=%d ldc=%d with %d a, %d packed, %d c",
			m, n, k, lda, ldc, len(a), len(packed), len(c)))
	}
	var scratch [maxMR * NR]float32
	pl := PanelLen(k)
	np := NumPanels(n)
	mr := im.MR
	if m < mr {
		// Fewer rows than a tile (a matrix-vector product when m = 1):
		// row kernels, 4 panels at a time where the ISA has one.
		for r := range m {
			ar, cr := a[r*lda:], c[r*ldc:]
			p := 0
			if im.ISA != asm.Generic {
				for ; (p+4)*NR <= n; p += 4 {
					if !archRow4(im.ISA, k, ar, packed[p*pl:], pl, cr[p*NR:], lo, hi) {
						break
					}
				}
			}
			for ; p < np; p++ {
				w := packed[p*pl:][:pl]
				c0 := panelCol(p, n)
				if cols := min(NR, n-c0); cols == NR {
					im.row(k, ar, w, cr[c0:], lo, hi)
				} else {
					im.row(k, ar, w, scratch[:], lo, hi)
					copy(cr[c0:][:cols], scratch[:])
				}
			}
		}
		return
	}
	for m0 := 0; m0 < m; m0 += mr {
		r0 := min(m0, m-mr) // a last partial tile overlaps the previous one: same values again
		for p := range np {
			w := packed[p*pl:][:pl]
			c0 := panelCol(p, n)
			if cols := min(NR, n-c0); cols == NR {
				im.tile(k, a[r0*lda:], lda, w, c[r0*ldc+c0:], ldc, lo, hi)
			} else {
				im.tile(k, a[r0*lda:], lda, w, scratch[:], NR, lo, hi)
				for r := range mr {
					copy(c[(r0+r)*ldc+c0:][:cols], scratch[r*NR:])
				}
			}
		}
	}
}

// Ref is the value every kernel computes for one output before the clamp:
// starting from bias, for i = 0, 1, ..., len(x)-1 in order,
// acc = fma(x[i], w[i], acc), each a float32 fused multiply-add (one
// rounding). Only the order of those steps is fixed; SIMD kernels run many
// such chains side by side.
func Ref(x, w []float32, bias float32) float32 {
	acc := bias
	for i, v := range x {
		acc = FMA32(v, w[i], acc)
	}
	return acc
}

// Clamp is the activation clamp the kernels apply: lo if x < lo, else hi if
// x > hi, else x (so NaN passes through and -0 stays -0).
func Clamp(x, lo, hi float32) float32 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// maxMid is the value halfway between math.MaxFloat32 and 2^128: the
// rounding boundary to infinity.
const maxMid = math.MaxFloat32 + 0x1p103

// FMA32 returns a*b+c computed exactly and rounded once to float32 (round
// to nearest, ties to even), as the FMA instructions do.
//
// float32(math.FMA(a, b, c)) in float64 can be wrong: the product of two
// float32s is exact in float64, but the sum is rounded to float64 and then
// again to float32, and when the first rounding lands exactly halfway
// between two float32s the second breaks the tie by evenness instead of by
// the discarded part. So the float64 sum's rounding error is recovered
// exactly (TwoSum) and decides the ties.
func FMA32(a, b, c float32) float32 {
	p := float64(a) * float64(b) // exact: 48 significant bits at most
	cc := float64(c)
	s := p + cc
	r := float32(s)
	if math.IsInf(s, 0) || s != s || float64(r) == s {
		// s exact in float32: the error is below half a float64 ulp,
		// far below half a float32 ulp, so r is the nearest.
		return r
	}
	bb := s - p
	e := (p - (s - bb)) + (cc - bb) // p + c == s + e exactly
	if e == 0 {
		return r
	}
	// r is the float32 nearest s; the other candidate is its neighbour on
	// s's side. Only when s is exactly halfway between them can e change
	// the answer.
	var lo, hi float32 // the two candidates, lo < hi
	var mid float64
	switch {
	case math.IsInf(float64(r), 1):
		lo, hi, mid = math.MaxFloat32, r, maxMid
	case math.IsInf(float64(r), -1):
		lo, hi, mid = r, -math.MaxFloat32, -maxMid
	case float64(r) < s:
		lo, hi = r, math.Nextafter32(r, float32(math.Inf(1)))
		mid = (float64(lo) + float64(hi)) / 2
	default:
		lo, hi = math.Nextafter32(r, float32(math.Inf(-1))), r
		mid = (float64(lo) + float64(hi)) / 2
	}
	if s != mid {
		return r
	}
	if e > 0 {
		return hi
	}
	return lo
}

// tileGeneric is the pure-Go tile kernel (any number of rows, here MR=4).
func tileGeneric(k int, a []float32, lda int, w, c []float32, ldc int, lo, hi float32) {
	for r := range 4 {
		rowGeneric(k, a[r*lda:], w, c[r*ldc:], lo, hi)
	}
}

// rowGeneric is the pure-Go row kernel.
func rowGeneric(k int, a, w, c []float32, lo, hi float32) {
	a = a[:k]
	w = w[:PanelLen(k)]
	c = c[:NR]
	var acc [NR]float32
	copy(acc[:], w[:NR])
	for i, x := range a {
		ws := w[NR+i*NR:][:NR]
		for j := range acc {
			acc[j] = FMA32(x, ws[j], acc[j])
		}
	}
	for j, v := range acc {
		c[j] = Clamp(v, lo, hi)
	}
}

// checkTile panics unless a kernel of mr rows with depth k can read and
// write the slices it is given.
func checkTile(mr, k int, a []float32, lda int, w, c []float32, ldc int) {
	if k < 1 || lda < 0 || ldc < 0 || len(a) < (mr-1)*lda+k || len(w) < PanelLen(k) || len(c) < (mr-1)*ldc+NR {
		panic(fmt.Sprintf("gemmf32: %d-row tile with k=%d lda=%d ldc=%d on %d a, %d w, %d c",
			mr, k, lda, ldc, len(a), len(w), len(c)))
	}
}
