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
	case kindAVX512VNNI:
		qs8GemmAVX512VNNI_4x32c4(a, b, base, c, kb, np, offs)
	default:
		panic("gemmi8: kernel not built for amd64")
	}
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
// taking panels two at a time (4 rows x 32 columns, 8 zmm accumulators
// started from base) and a last odd panel alone (4x16). Per row and 4
// values of K: VPBROADCASTD of the 4 A bytes, VPXORD with 0x80 bytes, and
// one VPDPBUSD per 16 columns.
//
//go:noescape
func qs8GemmAVX512VNNI_4x32c4(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int)

// qs8GemvAVX512VNNI_1x64c4 is the loop above for one row of A (the 4-row
// contract's row 0 alone, A at a and C at c), over np panels of the VNNI
// layout (NR=16, KC=4, aOff=128): four panels at a time (4 zmm
// accumulators, 64 columns), then the last np%4 one by one. Per 4 values
// of K: one VPBROADCASTD and VPXORD of the A bytes and one VPDPBUSD per
// panel with B straight from memory.
//
//go:noescape
func qs8GemvAVX512VNNI_1x64c4(a *int8, b *byte, base *int32, c *int32, kb, np int)
