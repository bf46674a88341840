//go:build !purego

package up2x

import "github.com/octet-ml/octet/asm"

var implNEON = &Impl{Name: "up2xNEON", ISA: asm.NEON, kind: kindNEON, hStep: 16}

var archImpls = []*Impl{implNEON}

func hKernel(k kind, e *int16, row *int8, taps *Tap, nt, c int) {
	if k != kindNEON {
		panic("up2x: kernel not built for arm64")
	}
	qs8Up2xHNEON_c16(e, row, taps, nt, c)
}

func vKernel(k kind, q *int8, e0, e1 *int16, n int, w0, w1 int16) {
	if k != kindNEON {
		panic("up2x: kernel not built for arm64")
	}
	qs8Up2xVNEON_x32(q, e0, e1, n, w0, w1)
}

// qs8Up2xHNEON_c16 is hGeneric for nt taps and c channels, c a positive
// multiple of 16 (the loop of qs8Up2xHAVX2_c8):
//
//	for t := 0; t < nt; t++ {
//		for ch := 0; ch < c; ch++ {
//			e[t*c+ch] = taps[t].W0*int16(row[taps[t].Off0+ch]) + taps[t].W1*int16(row[taps[t].Off1+ch])
//		}
//	}
//
//go:noescape
func qs8Up2xHNEON_c16(e *int16, row *int8, taps *Tap, nt, c int)

// qs8Up2xVNEON_x32 is vGeneric for n values, n a positive multiple of 32:
//
//	for i := 0; i < n; i++ {
//		q[i] = int8((w0*e0[i] + w1*e1[i] + 8) >> 4)
//	}
//
//go:noescape
func qs8Up2xVNEON_x32(q *int8, e0, e1 *int16, n int, w0, w1 int16)
