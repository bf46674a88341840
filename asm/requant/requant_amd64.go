//go:build !purego

package requant

import "github.com/octet-ml/octet/asm"

var (
	implAVX2   = &Impl{Name: "requantAVX2", ISA: asm.AVX2, kind: kindAVX2, vl: 8}
	implAVX512 = &Impl{Name: "requantAVX512", ISA: asm.AVX512, kind: kindAVX512}
)

var archImpls = []*Impl{implAVX2, implAVX512}

func kernel(k kind, acc *int32, y *int8, scale *float32, n, nv, rows int, flo, fhi float32, zp int32) {
	switch k {
	case kindAVX2:
		requantAVX2(acc, y, scale, n, nv, rows, flo, fhi, zp)
	case kindAVX512:
		requantAVX512(acc, y, scale, n, rows, flo, fhi, zp)
	default:
		panic("requant: kernel not built for amd64")
	}
}

// requantAVX2 requantizes channels [0, nv) (nv a positive multiple of 8) of
// rows rows of n channels (acc and y rows n apart), 8 channels at a time.
//
//go:noescape
func requantAVX2(acc *int32, y *int8, scale *float32, n, nv, rows int, flo, fhi float32, zp int32)

// requantAVX512 requantizes all n channels of rows rows, 16 at a time and
// the last n%16 under a mask.
//
//go:noescape
func requantAVX512(acc *int32, y *int8, scale *float32, n, rows int, flo, fhi float32, zp int32)
