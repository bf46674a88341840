//go:build !purego

package dwconvf32

import "github.com/octet-ml/octet/asm"

var implNEON = &Impl{Name: "f32DWNEON_c4", ISA: asm.NEON, kind: kindNEON, vl: 4}

var archImpls = []*Impl{implNEON}

func kernel(k kind, a *args) {
	if k != kindNEON {
		panic("dwconvf32: kernel not built for arm64")
	}
	f32DWNEON_c4(a)
}

// f32DWNEON_c4 is Run's loop for channels [0, nt), nt a positive multiple
// of 4 (the loop of f32DWAVX512_c16, 4 channels per step): per tap two LD1
// and one FMLA; the clamp is FCMGT and BIT twice, so NaN and -0 pass as
// in gemmf32.Clamp.
//
//go:noescape
func f32DWNEON_c4(a *args)
