//go:build !purego

package qvbin

import "github.com/octet-ml/octet/asm"

var implAVX512 = &Impl{Name: "qs8VBinAVX512_x16", ISA: asm.AVX512, kind: kindAVX512}

var archImpls = []*Impl{implAVX512}

func addKernel(k kind, out, a, b *int8, rows, n, nv, sa, sb int, p *AddParams) {
	if k != kindAVX512 {
		panic("qvbin: kernel not built for amd64")
	}
	qs8VAddAVX512_x16(out, a, b, rows, n, sa, sb, p)
}

func mulKernel(k kind, out, a, b *int8, rows, n, nv, sa, sb int, p *MulParams) {
	if k != kindAVX512 {
		panic("qvbin: kernel not built for amd64")
	}
	qs8VMulAVX512_x16(out, a, b, rows, n, sa, sb, p)
}

// qs8VAddAVX512_x16 is Add's loop for rows > 0 rows of n > 0: 16
// elements per step (VPMOVSXBD of a and b, 2 VPMULLD, 2 VPADDD, VPSRAD,
// VPADDD, VPMAXSD, VPMINSD, VPMOVDB, a 16-byte store), the last n%16 of
// each row under a k-mask (masked byte loads, which do not fault, and a
// masked store).
//
//go:noescape
func qs8VAddAVX512_x16(out, a, b *int8, rows, n, sa, sb int, p *AddParams)

// qs8VMulAVX512_x16 is Mul's loop, likewise: VPMOVSXBD of a and b, 2
// VPSUBD (zero points), VPMULLD, VCVTDQ2PS, VMULPS, VMAXPS, VMINPS,
// VCVTPS2DQ (round to nearest even), VPADDD, VPMOVDB, a store.
//
//go:noescape
func qs8VMulAVX512_x16(out, a, b *int8, rows, n, sa, sb int, p *MulParams)
