//go:build purego || !(amd64 || arm64)

package qvbin

var archImpls []*Impl

func addKernel(k kind, out, a, b *int8, rows, n, nv, sa, sb int, p *AddParams) {
	panic("qvbin: no assembly kernels in this build")
}

func mulKernel(k kind, out, a, b *int8, rows, n, nv, sa, sb int, p *MulParams) {
	panic("qvbin: no assembly kernels in this build")
}
