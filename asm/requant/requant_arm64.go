//go:build !purego

package requant

import "github.com/octet-ml/octet/asm"

var implNEON = &Impl{Name: "requantNEON", ISA: asm.NEON, kind: kindNEON, vl: 8}

var archImpls = []*Impl{implNEON}

func kernel(k kind, acc *int32, y *int8, scale *float32, n, nv, rows int, flo, fhi float32, zp int32) {
	if k != kindNEON {
		panic("requant: kernel not built for arm64")
	}
	requantNEON(acc, y, scale, n, nv, rows, flo, fhi, zp)
}

// requantNEON requantizes channels [0, nv) (nv a positive multiple of 8) of
// rows rows of n channels (acc and y rows n apart), 8 channels at a time.
//
//go:noescape
func requantNEON(acc *int32, y *int8, scale *float32, n, nv, rows int, flo, fhi float32, zp int32)
