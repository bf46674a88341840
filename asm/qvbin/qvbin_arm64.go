//go:build !purego

package qvbin

import "github.com/octet-ml/octet/asm"

var implNEON = &Impl{Name: "qs8VBinNEON_x8", ISA: asm.NEON, VL: 8, kind: kindNEON}

var archImpls = []*Impl{implNEON}

func addKernel(k kind, out, a, b *int8, rows, n, nv, sa, sb int, p *AddParams) {
	if k != kindNEON {
		panic("qvbin: kernel not built for arm64")
	}
	qs8VAddNEON_x8(out, a, b, rows, n, nv, sa, sb, p)
}

func mulKernel(k kind, out, a, b *int8, rows, n, nv, sa, sb int, p *MulParams) {
	if k != kindNEON {
		panic("qvbin: kernel not built for arm64")
	}
	qs8VMulNEON_x8(out, a, b, rows, n, nv, sa, sb, p)
}

// qs8VAddNEON_x8 is Add's loop on columns [0, nv) of each row, nv a
// positive multiple of 8: 8 elements per step widened to int32 (SSHLL),
// MUL, MLA, ADD (bias), SSHL by -Shift (an arithmetic right shift), ADD
// (zero point), SMAX, SMIN, narrowed by XTN.
//
//go:noescape
func qs8VAddNEON_x8(out, a, b *int8, rows, n, nv, sa, sb int, p *AddParams)

// qs8VMulNEON_x8 is Mul's loop on columns [0, nv), likewise: SUB (zero
// points), MUL, SCVTF, FMUL, FMAX, FMIN, FCVTNS (ties to even), ADD, XTN.
//
//go:noescape
func qs8VMulNEON_x8(out, a, b *int8, rows, n, nv, sa, sb int, p *MulParams)
