//go:build !purego

package gemmi8

import "github.com/octet-ml/octet/asm"

var (
	implAVX2 = &Impl{Name: "qs8GemmAVX2_4x4c8", ISA: asm.AVX2, MR: 4, NR: 4, KC: 8,
		kind: kindAVX2, wide: true}
	implAVX512VNNI = &Impl{Name: "qs8GemmAVX512VNNI_4x32c4", ISA: asm.AVX512, MR: 4, NR: 16, KC: 4,
		kind: kindAVX512VNNI, aOff: 128}
)

var archImpls = []*Impl{implAVX2, implAVX512VNNI}

func kernel(k kind, a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int) {
	switch k {
	case kindAVX2:
		qs8GemmAVX2_4x4c8(a, b, base, c, kb, np, offs)
	default:
		// VNNI runs through rowsFast, which takes whole row blocks.
		panic("gemmi8: no 4-row kernel for this implementation on amd64")
	}
}

// rowsFast runs the implementations whose kernel loops over row blocks
// and masks a partial last panel itself (VNNI): all of m rows in two
// calls, no scratch. It reports false for the others.
func (p *Packed) rowsFast(m int, a []int8, lda int, c []int32, ldc int) bool {
	if p.impl.kind != kindAVX512VNNI {
		return false
	}
	const nr = 16
	kb := p.kp / 4
	full, rem := p.n/nr, p.n%nr
	mask := uint64(1)<<rem - 1
	if mb := m / 4; mb > 0 {
		offs := [8]int{0, lda, 2 * lda, 3 * lda, 0, 4 * ldc, 8 * ldc, 12 * ldc}
		qs8GemmAVX512VNNI_4x32c4(&a[0], &p.b[0], &p.base[0], &c[0], kb, full, &offs, mb, 4*lda, 16*ldc, mask)
	}
	if t := m % 4; t > 0 {
		// The last rows: rows past the end alias the last one.
		i := m - t
		var offs [8]int
		for r := range 4 {
			rr := min(r, t-1)
			offs[r], offs[4+r] = rr*lda, rr*ldc*4
		}
		qs8GemmAVX512VNNI_4x32c4(&a[i*lda], &p.b[0], &p.base[0], &c[i*ldc], kb, full, &offs, 1, 0, 0, mask)
	}
	return true
}

func hasGemv(k kind) bool { return k == kindAVX512VNNI }

func gemv(k kind, a *int8, b *byte, base *int32, c *int32, kb, np int) {
	if k != kindAVX512VNNI {
		panic("gemmi8: no matrix-vector kernel for this implementation")
	}
	qs8GemvAVX512VNNI_1x64c4(a, b, base, c, kb, np)
}

// All kernels share one contract. Row r < 4 of the tile reads A at
// a+offs[r] and writes C at c+offs[4+r] (offsets in bytes; the caller
// makes rows past the end of the matrix alias the last real one). B holds
// np panels of NR columns, each kb blocks of KC values of K, laid out
// [panel][block][column][k in block]. In Go, with B unpacked to
// bp[n][k] and a row's A to ar[k] (K = kb*KC, zero-padded):
//
//	for r := 0; r < 4; r++ {
//		for n := 0; n < np*NR; n++ {
//			acc := base[n]
//			for k := 0; k < kb*KC; k++ {
//				acc += (int32(ar[r][k]) + aOff) * int32(bp[n][k])
//			}
//			cr[r][n] = acc
//		}
//	}
//
// with aOff 128 for the VNNI kernel (VPDPBUSD multiplies unsigned by
// signed bytes: A^0x80 = A+128; Pack folds -128*sum_k B[n][k] into base)
// and 0 otherwise.

// qs8GemmAVX2_4x4c8 is the loop above with NR=4, KC=8, B sign-extended to
// int16 in Pack. Per row and 8 values of K it broadcasts the 8 A bytes to
// both 128-bit lanes (VPBROADCASTQ), sign-extends them (VPMOVSXBW) and
// multiplies them by two registers of 2 columns x 8 int16 B values
// (VPMADDWD, VPADDD into 2 accumulators holding 4 partial sums per column);
// VPHADDD and VPUNPCKLDQ reduce them at the end.
//
//go:noescape
func qs8GemmAVX2_4x4c8(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int)

// qs8GemmAVX512VNNI_4x32c4 is the loop above with NR=16, KC=4, aOff=128,
// repeated for mb blocks of 4 rows (block i reads A at a+i*astep and
// writes C at c+i*cstep, bytes), over np full panels and, if mask is not
// 0, one more partial panel of which only the columns whose mask bit is
// set are stored:
//
//	for i := 0; i < mb; i++ {
//		the loop above at a+i*astep, c+i*cstep, for np panels
//		and, for the panel np, columns n with mask&(1<<n) != 0
//	}
//
// It takes full panels two at a time (4 rows x 32 columns, 8 zmm
// accumulators started from base) and a last odd one alone (4x16), then
// the partial panel (4x16, masked stores). Per row and 4 values of K:
// VPBROADCASTD of the 4 A bytes, VPXORD with 0x80 bytes, and one VPDPBUSD
// per 16 columns.
//
//go:noescape
func qs8GemmAVX512VNNI_4x32c4(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int, mb, astep, cstep int, mask uint64)

// qs8GemvAVX512VNNI_1x64c4 is the loop above for one row of A (the 4-row
// contract's row 0 alone, A at a and C at c), over np panels of the VNNI
// layout (NR=16, KC=4, aOff=128): four panels at a time (4 zmm
// accumulators, 64 columns), then the last np%4 one by one. Per 4 values
// of K: one VPBROADCASTD and VPXORD of the A bytes and one VPDPBUSD per
// panel with B straight from memory.
//
//go:noescape
func qs8GemvAVX512VNNI_1x64c4(a *int8, b *byte, base *int32, c *int32, kb, np int)
