//go:build !purego

package lut8

import "github.com/octet-ml/octet/asm"

var implNEON = &Impl{Name: "x8LUTNEON_x16", ISA: asm.NEON, VL: 16, kind: kindNEON}

var archImpls = []*Impl{implNEON}

func kernel(k kind, y, x *int8, n int, t *[256]int8) {
	if k != kindNEON {
		panic("lut8: kernel not built for arm64")
	}
	x8LUTNEON_x16(y, x, n, t)
}

// x8LUTNEON_x16 is the generic loop for n bytes, n a positive multiple of
// 16:
//
//	for i := 0; i < n; i++ {
//		y[i] = t[uint8(x[i])]
//	}
//
// The table lives in V16-V31. Per 16 bytes: TBL over t[0:64], then SUB 64
// and TBX over each next 64 entries, three times: 7 instructions plus a
// load and a store.
//
//go:noescape
func x8LUTNEON_x16(y, x *int8, n int, t *[256]int8)
