//go:build purego || !(amd64 || arm64)

package gemmi8

var archImpls []*Impl

func kernel(k kind, a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int) {
	panic("gemmi8: no assembly kernels in this build")
}

func hasGemv(k kind) bool { return false }

func gemv(k kind, a *int8, b *byte, base *int32, c *int32, kb, np int) {
	panic("gemmi8: no assembly kernels in this build")
}

// rowsFast reports false: every kernel here takes one 4-row block per call.
func (p *Packed) rowsFast(m int, a []int8, lda int, c []int32, ldc int) bool { return false }
