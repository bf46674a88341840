//go:build purego || !(amd64 || arm64)

package qlstm

var archImpls []*Impl

func gateKernel(k kind, v *int16, a, b *int32, n int, ma, mb *vmult) {
	panic("qlstm: no assembly kernels in this build")
}

func cellKernel(k kind, c, ig, fg, gg *int16, n, shift int, hi, lo int16) {
	panic("qlstm: no assembly kernels in this build")
}

func hiddenKernel(k kind, m *int8, o, t *int16, n int, q *vmult, zp int32) {
	panic("qlstm: no assembly kernels in this build")
}
