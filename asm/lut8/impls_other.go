//go:build purego || !(amd64 || arm64)

package lut8

var archImpls []*Impl

func kernel(k kind, y, x *int8, n int, t *[256]int8) {
	panic("lut8: no assembly kernels in this build")
}
