//go:build !purego

package dwconv

import "github.com/octet-ml/octet/asm"

var archImpls = []*Impl{
	{Name: "qs8DWNEON", ISA: asm.NEON, accum: neon, accStep: 8},
}

func accum(k kernel, a *accumArgs) {
	if k != neon {
		panic("dwconv: kernel not built for arm64")
	}
	qs8AccumNEON(a)
}

// qs8AccumNEON computes channels [0, a.nt) of QS8Accum, nt a multiple of
// 8 (see the loop in dwconv_amd64.go): tiles of 16 channels (4
// accumulators of 4 int32 lanes), then one of 8. Per tap and 16 channels:
// 2 address loads (post-increment) and 2 ADDs, 2 LD1 of 16 bytes, SMULL and
// SMULL2 (int8 x int8 to 16 exact int16 products) and 4 SADDW/SADDW2 (each
// adds 4 sign-extended products into int32 lanes), SUBS+BNE: 14
// instructions. The 8-channel tile: 2 FMOVD loads, SMULL, SADDW, SADDW2.
//
//go:noescape
func qs8AccumNEON(a *accumArgs)
