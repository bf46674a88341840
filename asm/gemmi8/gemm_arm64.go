//go:build !purego

package gemmi8

import "github.com/octet-ml/octet/asm"

var (
	implNEON    = &Impl{Name: "qs8GemmNEON_4x4c8", ISA: asm.NEON, MR: 4, NR: 4, KC: 8, kind: kindNEON}
	implDotProd = &Impl{Name: "qs8GemmDotProd_4x16c4", ISA: asm.DotProd, MR: 4, NR: 16, KC: 4,
		kind: kindDotProd}
)

var archImpls = []*Impl{implNEON, implDotProd}

func kernel(k kind, a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int) {
	switch k {
	case kindNEON:
		qs8GemmNEON_4x4c8(a, b, base, c, kb, np, offs)
	case kindDotProd:
		qs8GemmDotProd_4x16c4(a, b, base, c, kb, np, offs)
	default:
		panic("gemmi8: kernel not built for arm64")
	}
}

func hasGemv(k kind) bool { return k == kindDotProd }

func gemv(k kind, a *int8, b *byte, base *int32, c *int32, kb, np int) {
	if k != kindDotProd {
		panic("gemmi8: no matrix-vector kernel for this implementation")
	}
	qs8GemvDotProd_1x32c4(a, b, base, c, kb, np)
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
//				acc += int32(ar[r][k]) * int32(bp[n][k])
//			}
//			cr[r][n] = acc
//		}
//	}

// qs8GemmNEON_4x4c8 is the loop above with NR=4, KC=8. Per row and 8
// values of K it loads the 8 A bytes into both halves of a register
// (LD1R .2D) and, per column, SMULL/SMULL2 (8 int16 products) and SADALP
// (pairwise add into 4 int32 partial sums); 3 ADDP per row of 4 columns
// reduce them at the end.
//
//go:noescape
func qs8GemmNEON_4x4c8(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int)

// qs8GemmDotProd_4x16c4 is the loop above with NR=16, KC=4 (16
// accumulators, 4 rows x 4 vectors of 4 columns, started from base). Per
// 4 values of K: one LD1 of 64 bytes of B, one 4-byte load of A per row,
// and 16 SDOT (by element).
//
//go:noescape
func qs8GemmDotProd_4x16c4(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int)

// qs8GemvDotProd_1x32c4 is the loop above for one row of A (the 4-row
// contract's row 0 alone, A at a and C at c), over np panels of the SDOT
// layout (NR=16, KC=4): two panels at a time (8 accumulators, 32
// columns), then a last single panel. Per 4 values of K: one 4-byte load
// of A, one LD1 of 64 bytes per panel and 4 SDOT (by element) per panel.
//
//go:noescape
func qs8GemvDotProd_1x32c4(a *int8, b *byte, base *int32, c *int32, kb, np int)

// rowsFast reports false: every kernel here takes one 4-row block per call.
func (p *Packed) rowsFast(m int, a []int8, lda int, c []int32, ldc int) bool { return false }
