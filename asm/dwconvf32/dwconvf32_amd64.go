//go:build !purego

package dwconvf32

import "github.com/octet-ml/octet/asm"

var implAVX512 = &Impl{Name: "f32DWAVX512_c16", ISA: asm.AVX512, kind: kindAVX512}

var archImpls = []*Impl{implAVX512}

func kernel(k kind, a *args) {
	if k != kindAVX512 {
		panic("dwconvf32: kernel not built for amd64")
	}
	f32DWAVX512_c16(a)
}

// f32DWAVX512_c16 is Run's loop for channels [0, nt) (all of them: the last
// nt%16 under a k-mask), pixels outside, 16-channel blocks, then taps:
//
//	for p := 0; p < np; p++ {
//		for c := 0; c < nt; c++ {
//			acc := bias[c]
//			for t := 0; t < taps; t++ {
//				acc = fma(x[xoff[t]+p*xstep+c], w[woff[t]+c], acc)
//			}
//			y[p*n+c] = min(max(acc, lo), hi)
//		}
//	}
//
// Per tap of a block: one load of the offsets pair and a VFMADD231PS with
// two memory operands' worth of loads (16 channels).
//
//go:noescape
func f32DWAVX512_c16(a *args)
