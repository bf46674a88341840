//go:build !purego

package up2x

import "github.com/octet-ml/octet/asm"

var implAVX2 = &Impl{Name: "up2xAVX2", ISA: asm.AVX2, kind: kindAVX2, hStep: 8}

var archImpls = []*Impl{implAVX2}

func hKernel(k kind, e *int16, row *int8, taps *Tap, nt, c int) {
	if k != kindAVX2 {
		panic("up2x: kernel not built for amd64")
	}
	qs8Up2xHAVX2_c8(e, row, taps, nt, c)
}

func vKernel(k kind, q *int8, e0, e1 *int16, n int, w0, w1 int16) {
	if k != kindAVX2 {
		panic("up2x: kernel not built for amd64")
	}
	qs8Up2xVAVX2_x32(q, e0, e1, n, w0, w1)
}

// qs8Up2xHAVX2_c8 is hGeneric for nt taps and c channels, c a positive
// multiple of 8: per tap, VPBROADCASTW of both weights, then per 16
// channels 2 VPMOVSXBW loads, 2 VPMULLW, VPADDW and a 32-byte store, and
// the same on 8 channels (XMM) when c is an odd multiple of 8.
//
//	for t := 0; t < nt; t++ {
//		for ch := 0; ch < c; ch++ {
//			e[t*c+ch] = taps[t].W0*int16(row[taps[t].Off0+ch]) + taps[t].W1*int16(row[taps[t].Off1+ch])
//		}
//	}
//
//go:noescape
func qs8Up2xHAVX2_c8(e *int16, row *int8, taps *Tap, nt, c int)

// qs8Up2xVAVX2_x32 is vGeneric for n values, n a positive multiple of 32:
// per 32, 4 VPMULLW, 2 VPADDW, 2 VPADDW (rounding), 2 VPSRAW, 2 VPAND,
// VPACKUSWB (of bytes already in 0..255: the truncation), VPERMQ and a
// 32-byte store.
//
//	for i := 0; i < n; i++ {
//		q[i] = int8((w0*e0[i] + w1*e1[i] + 8) >> 4)
//	}
//
//go:noescape
func qs8Up2xVAVX2_x32(q *int8, e0, e1 *int16, n int, w0, w1 int16)
