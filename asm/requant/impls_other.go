//go:build purego || !(amd64 || arm64)

package requant

var archImpls []*Impl

func kernel(k kind, acc *int32, y *int8, scale *float32, n, nv, rows int, flo, fhi float32, zp int32) {
	panic("requant: no assembly kernels in this build")
}
