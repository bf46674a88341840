package gemmi8

import (
	"fmt"
	"unsafe"

	"github.com/octet-ml/octet/asm"
)

// kind identifies a kernel (and so a packed-B layout).
type kind uint8

const (
	kindGeneric    kind = iota
	kindAVX2            // qs8GemmAVX2_4x4c8
	kindAVX512VNNI      // qs8GemmAVX512VNNI_4x32c4
	kindNEON            // qs8GemmNEON_4x4c8
	kindDotProd         // qs8GemmDotProd_4x16c4
)

// Impl is one implementation of the GEMM: a kernel and the layout of B it
// reads. Its tile is MR rows by NR columns (a panel), and it consumes K in
// blocks of KC (K is padded with zeros to a multiple of KC in Pack).
type Impl struct {
	Name   string
	ISA    asm.ISA
	MR, NR int
	KC     int

	kind kind
	wide bool  // B is packed as int16 (sign-extended) instead of int8
	aOff int32 // the kernel multiplies A+aOff (unsigned) by B; Pack folds -aOff*sum(B) into the base
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "qs8GemmGeneric", ISA: asm.Generic, MR: 1, NR: 1, KC: 1, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

// Packed is a B matrix (N rows of K int8 weights, "B[n][k]") together with
// a per-column int32 initial value, prepared once for one implementation.
//
// Gemm computes, with int32 arithmetic that wraps (mod 2^32, as the op
// kernels' accumulators do),
//
//	C[m][n] = init[n] + sum over k of A[m][k] * B[n][k]
//
// A Packed is read-only during Gemm, so concurrent Gemm calls are safe;
// SetInit must not run concurrently with Gemm.
type Packed struct {
	impl   *Impl
	n, k   int
	kp     int    // k rounded up to a multiple of KC
	np     int    // panels of NR columns, the last one possibly partial
	pbytes int    // bytes of one panel
	b      []byte // packed B
	colsum []int32
	base   []int32 // per column (np*NR): init[n] - aOff*colsum[n]
}

// Pack prepares B (n rows of k values, row-major, len >= n*k) for im. init
// (len n) may be nil for zeros.
func (im *Impl) Pack(b []int8, n, k int, init []int32) *Packed {
	if n < 0 || k < 0 || len(b) < n*k || (init != nil && len(init) < n) {
		panic(fmt.Sprintf("gemmi8: Pack of %dx%d from %d values, %d inits", n, k, len(b), len(init)))
	}
	p := &Packed{impl: im, n: n, k: k}
	p.colsum = make([]int32, n)
	for j := range n {
		var s int32
		for _, v := range b[j*k : j*k+k] {
			s += int32(v)
		}
		p.colsum[j] = s
	}
	if im.kind == kindGeneric {
		p.kp, p.np = k, n
		p.b = make([]byte, n*k)
		copy(p.b, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), n*k))
		p.base = make([]int32, n)
		p.SetInit(init)
		return p
	}
	nr, kc := im.NR, im.KC
	p.kp = (k + kc - 1) / kc * kc
	p.np = (n + nr - 1) / nr
	esize := 1
	if im.wide {
		esize = 2
	}
	p.pbytes = p.kp * nr * esize
	p.b = make([]byte, p.np*p.pbytes)
	// Layout: [panel][k block][column in panel][k in block], zero-padded.
	for j := range n {
		pan, col := j/nr, j%nr
		for kk, v := range b[j*k : j*k+k] {
			blk, kin := kk/kc, kk%kc
			idx := ((pan*(p.kp/kc)+blk)*nr+col)*kc + kin
			if im.wide {
				u := uint16(int16(v))
				p.b[2*idx], p.b[2*idx+1] = byte(u), byte(u>>8)
			} else {
				p.b[idx] = byte(v)
			}
		}
	}
	p.base = make([]int32, p.np*nr)
	p.SetInit(init)
	return p
}

// SetInit replaces the per-column initial values (nil for zeros).
func (p *Packed) SetInit(init []int32) {
	if init != nil && len(init) < p.n {
		panic("gemmi8: SetInit with too few values")
	}
	for j := range p.n {
		var v int32
		if init != nil {
			v = init[j]
		}
		p.base[j] = v - p.impl.aOff*p.colsum[j]
	}
}

// Impl returns the implementation p was packed for.
func (p *Packed) Impl() *Impl { return p.impl }

// N and K return B's dimensions.
func (p *Packed) N() int { return p.n }
func (p *Packed) K() int { return p.k }

// Gemm sets C[i*ldc+j] = init[j] + sum_k A[i*lda+kk]*B[j][kk] for i < m,
// j < N, kk < K. Only those elements of C are written.
func (p *Packed) Gemm(m int, a []int8, lda int, c []int32, ldc int) {
	if m <= 0 || p.n == 0 {
		return
	}
	if m == 1 {
		lda, ldc = p.k, p.n
	}
	if lda < p.k || ldc < p.n || len(a) < (m-1)*lda+p.k || len(c) < (m-1)*ldc+p.n {
		panic(fmt.Sprintf("gemmi8: Gemm m=%d lda=%d ldc=%d with len(a)=%d len(c)=%d for %dx%d", m, lda, ldc, len(a), len(c), p.n, p.k))
	}
	if p.impl.kind == kindGeneric || p.k == 0 {
		p.generic(m, a, lda, c, ldc)
		return
	}
	// The kernels read whole K blocks (kp bytes) of each row of A. Rows
	// whose padded extent would run past a are copied, zero-padded.
	safe := 0
	if len(a) >= p.kp {
		safe = min(m, (len(a)-p.kp)/lda+1)
	}
	if safe > 0 {
		p.rows(safe, a, lda, c, ldc)
	}
	if safe < m {
		t := m - safe
		var stack [512]int8
		var buf []int8
		if t*p.kp <= len(stack) {
			buf = stack[:t*p.kp]
		} else {
			buf = make([]int8, t*p.kp)
		}
		for r := range t {
			copy(buf[r*p.kp:], a[(safe+r)*lda:][:p.k])
		}
		p.rows(t, buf, p.kp, c[safe*ldc:], ldc)
	}
}

// rows runs the kernel over m rows of a, each readable for kp bytes.
func (p *Packed) rows(m int, a []int8, lda int, c []int32, ldc int) {
	im := p.impl
	mr, nr := im.MR, im.NR
	full, rem := p.n/nr, p.n%nr
	kb := p.kp / im.KC
	var tmp [4 * 16]int32
	if m == 1 && hasGemv(im.kind) {
		// One row (an LSTM step, a batch-1 FULLY_CONNECTED): the
		// matrix-vector kernel, which does not recompute aliased rows.
		ap := &a[0]
		if full > 0 {
			gemv(im.kind, ap, &p.b[0], &p.base[0], &c[0], kb, full)
		}
		if rem > 0 {
			gemv(im.kind, ap, &p.b[full*p.pbytes], &p.base[full*nr], &tmp[0], kb, 1)
			copy(c[full*nr:][:rem], tmp[:rem])
		}
		return
	}
	if p.rowsFast(m, a, lda, c, ldc) {
		return
	}
	for i := 0; i < m; i += mr {
		rows := min(mr, m-i)
		// Rows past the end alias the last one: they compute and store the
		// same values to the same place.
		var offs, toffs [8]int
		for r := range 4 {
			rr := min(r, rows-1)
			offs[r], toffs[r] = rr*lda, rr*lda
			offs[4+r], toffs[4+r] = rr*ldc*4, rr*nr*4
		}
		ap := &a[i*lda]
		if full > 0 {
			kernel(im.kind, ap, &p.b[0], &p.base[0], &c[i*ldc], kb, full, &offs)
		}
		if rem > 0 {
			kernel(im.kind, ap, &p.b[full*p.pbytes], &p.base[full*nr], &tmp[0], kb, 1, &toffs)
			for r := range rows {
				copy(c[(i+r)*ldc+full*nr:][:rem], tmp[r*nr:][:rem])
			}
		}
	}
}

// generic is the reference: the plain loop.
func (p *Packed) generic(m int, a []int8, lda int, c []int32, ldc int) {
	var b []int8
	if p.impl.kind == kindGeneric {
		b = unsafe.Slice((*int8)(unsafe.Pointer(unsafe.SliceData(p.b))), len(p.b))
	}
	for i := range m {
		arow := a[i*lda:][:p.k]
		crow := c[i*ldc:][:p.n]
		for j := range crow {
			acc := p.base[j] + p.impl.aOff*p.colsum[j]
			if p.k > 0 {
				for kk, v := range b[j*p.k:][:p.k] {
					acc += int32(arow[kk]) * int32(v)
				}
			}
			crow[j] = acc
		}
	}
}
