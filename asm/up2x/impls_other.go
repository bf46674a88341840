//go:build purego || !(amd64 || arm64)

package up2x

var archImpls []*Impl

func hKernel(k kind, e *int16, row *int8, taps *Tap, nt, c int) {
	panic("up2x: no assembly kernels in this build")
}

func vKernel(k kind, q *int8, e0, e1 *int16, n int, w0, w1 int16) {
	panic("up2x: no assembly kernels in this build")
}
