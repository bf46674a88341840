//go:build !purego

package qlstm

import "github.com/octet-ml/octet/asm"

var implNEON = &Impl{Name: "qlstmNEON_x8", ISA: asm.NEON, VL: 8, kind: kindNEON}

var archImpls = []*Impl{implNEON}

func gateKernel(k kind, v *int16, a, b *int32, n int, ma, mb *vmult) {
	if k != kindNEON {
		panic("qlstm: kernel not built for arm64")
	}
	qs16LSTMGateNEON_x8(v, a, b, n, ma, mb)
}

func cellKernel(k kind, c, ig, fg, gg *int16, n, shift int, hi, lo int16) {
	if k != kindNEON {
		panic("qlstm: kernel not built for arm64")
	}
	cifg := 0
	if ig == nil {
		ig, cifg = fg, 1
	}
	qs16LSTMCellNEON_x8(c, ig, fg, gg, n, shift, hi, lo, cifg)
}

func hiddenKernel(k kind, m *int8, o, t *int16, n int, q *vmult, zp int32) {
	if k != kindNEON {
		panic("qlstm: kernel not built for arm64")
	}
	qs8LSTMHiddenNEON_x8(m, o, t, n, q, zp)
}

// qs16LSTMGateNEON_x8 is gateGeneric for n elements, n a positive multiple
// of 8:
//
//	for i := 0; i < n; i++ {
//		v[i] = sat16(mb.Apply(b[i]) + int32(sat16(ma.Apply(a[i]))))
//	}
//
//go:noescape
func qs16LSTMGateNEON_x8(v *int16, a, b *int32, n int, ma, mb *vmult)

// qs16LSTMCellNEON_x8 is cellGeneric for n elements, n a positive multiple
// of 8, with clamp bounds hi and lo; cifg != 0 ignores ig and uses
// 32767-fg[i]:
//
//	for i := 0; i < n; i++ {
//		x := int16(rdpot(int32(fg[i])*int32(c[i]), 15))
//		y := int16(rdpot(int32(ig[i])*int32(gg[i]), shift))
//		c[i] = max(min(sat16(int32(x)+int32(y)), hi), lo)
//	}
//
//go:noescape
func qs16LSTMCellNEON_x8(c, ig, fg, gg *int16, n, shift int, hi, lo int16, cifg int)

// qs8LSTMHiddenNEON_x8 is hiddenGeneric for n elements, n a positive
// multiple of 8:
//
//	for i := 0; i < n; i++ {
//		m[i] = sat8(q.Apply(int32(o[i])*int32(t[i])) - zp)
//	}
//
//go:noescape
func qs8LSTMHiddenNEON_x8(m *int8, o, t *int16, n int, q *vmult, zp int32)
