//go:build purego || !(amd64 || arm64)

package dwconvf32

var archImpls []*Impl

func kernel(k kind, a *args) { panic("dwconvf32: no assembly kernels in this build") }
