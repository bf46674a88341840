//go:build !purego

package lut8

import "github.com/octet-ml/octet/asm"

var implVBMI = &Impl{Name: "x8LUTAVX512VBMI_x64", ISA: asm.AVX512, VL: 0, kind: kindVBMI}

// archImpls lists the VBMI kernel only where the CPU has VBMI (on top of
// the AVX512 level, which Best also requires of asm.Selected).
var archImpls = vbmiImpls()

func vbmiImpls() []*Impl {
	if !asm.VBMI {
		return nil
	}
	return []*Impl{implVBMI}
}

func kernel(k kind, y, x *int8, n int, t *[256]int8) {
	if k != kindVBMI {
		panic("lut8: kernel not built for amd64")
	}
	x8LUTAVX512VBMI_x64(y, x, n, t)
}

// x8LUTAVX512VBMI_x64 is the generic loop for n > 0 bytes, 64 at a time
// and the last n%64 under a k-mask:
//
//	for i := 0; i < n; i++ {
//		y[i] = t[uint8(x[i])]
//	}
//
// The table lives in four zmm registers. Per 64 bytes: two VPERMI2B (the
// low 7 bits of each index select from t[0:128] and from t[128:256]),
// VPMOVB2M (bit 7 of each index) and VPBLENDMB to pick, plus a load, two
// register copies and a store.
//
//go:noescape
func x8LUTAVX512VBMI_x64(y, x *int8, n int, t *[256]int8)
