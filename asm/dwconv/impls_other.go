//go:build purego || !(amd64 || arm64)

package dwconv

var archImpls []*Impl

func accum(k kernel, a *accumArgs) { panic("dwconv: no assembly kernels in this build") }
