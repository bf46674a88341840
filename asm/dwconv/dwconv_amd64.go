//go:build !purego

package dwconv

import "github.com/octet-ml/octet/asm"

var archImpls = []*Impl{
	{Name: "qs8DWAVX2", ISA: asm.AVX2, accum: avx2, accStep: 8},
	{Name: "qs8DWAVX512", ISA: asm.AVX512, accum: avx512, accStep: 1},
}

func accum(k kernel, a *accumArgs) {
	switch k {
	case avx2:
		qs8AccumAVX2(a)
	case avx512:
		qs8AccumAVX512(a)
	default:
		panic("dwconv: kernel not built for amd64")
	}
}

// The accumulation kernels compute channels [0, a.nt) of QS8Accum. In Go,
// with rows of acc and init a.n apart:
//
//	for p := 0; p < a.np; p++ {
//		for c := 0; c < a.nt; c++ {
//			s := init[c]
//			for t := 0; t < a.taps; t++ {
//				s += int32(x[xoff[t]+p*a.xstep+c]) * int32(w[woff[t]+c])
//			}
//			acc[p*a.n+c] = s
//		}
//	}
//
// with channel tiles outside the taps, so a tile's accumulators stay in
// registers across all taps and are stored once. They count a.np down to
// zero in *a.

// qs8AccumAVX2 takes nt a multiple of 8: tiles of 16 channels (2 ymm
// accumulators) and a last tile of 8. Per tap and 8 channels: 2 VPMOVSXBD
// (8 bytes of x and of w sign-extended to int32 lanes, from memory), 1
// VPMULLD, 1 VPADDD; plus 2 offset loads, 2 increments, DECQ and JNZ per
// tap and tile: 14 instructions per tap for 16 channels.
//
//go:noescape
func qs8AccumAVX2(a *accumArgs)

// qs8AccumAVX512 takes any nt. Pixels go 4 at a time while 4 remain:
// tiles of 16 channels with 4 zmm accumulators (one per pixel), lanes past
// nt masked off (K1; masked loads do not touch, and masked stores do not
// write, the memory of those lanes); per tap, 1 VPMOVSXBD of the weights
// shared by the 4 pixels, 4 VPMOVSXBD of inputs, 4 VPMULLD, 4 VPADDD and 7
// loop instructions: 20 instructions per tap for 4 pixels x 16 channels
// (0.31 per multiply-accumulate), in 4 independent chains. The last
// pixels go one at a time: tiles of 32 channels (2 zmm accumulators),
// then masked tiles of 16; 14 instructions per tap for 32 channels.
//
//go:noescape
func qs8AccumAVX512(a *accumArgs)
