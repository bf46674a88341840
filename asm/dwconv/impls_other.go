//go:build purego || !(amd64 || arm64)

package dwconv

var archImpls []*Impl

func accum(k kernel, a *accumArgs) { panic("dwconv: no assembly kernels in this build") }

func requant(k kernel, n int, acc *int32, scale *float32, out *int8, p *RequantFP32) {
	panic("dwconv: no assembly kernels in this build")
}
