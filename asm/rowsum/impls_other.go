//go:build purego || !(amd64 || arm64)

package rowsum

var archImpls []*Impl

func f32Kernel(k kind, acc, x *float32, n, rows, stride int) {
	panic("rowsum: no assembly kernels in this build")
}

func s8Kernel(k kind, acc *int32, x *int8, n, rows, stride int) {
	panic("rowsum: no assembly kernels in this build")
}
