//go:build purego || !amd64

package vf32

var archImpls []*Impl

func clampKernel(k kind, y, x *float32, n int, lo, hi float32) {
	panic("vf32: no assembly kernels in this build")
}

func hardSwishKernel(k kind, y, x *float32, n int) { panic("vf32: no assembly kernels in this build") }

func binKernel(k kind, op Op, out, a, b *float32, rows, n, sa, sb int, lo, hi float32) {
	panic("vf32: no assembly kernels in this build")
}

func bilinearKernel(k kind, dst, r0, r1 *float32, xs *XTap, nx, c int, ya, yd float32) {
	panic("vf32: no assembly kernels in this build")
}

func quantizeKernel(k kind, y *int8, x *float32, n int, inv, flo, fhi float32, zp int32) {
	panic("vf32: no assembly kernels in this build")
}

func sigmoidKernel(k kind, y, x *float32, n int) { panic("vf32: no assembly kernels in this build") }
