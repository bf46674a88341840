//go:build purego || !(amd64 || arm64)

package gemmf32

import "github.com/octet-ml/octet/asm"

func archImpls() []Impl { return nil }

func archTile(isa asm.ISA, k int, a []float32, lda int, w, c []float32, ldc int, lo, hi float32) {
	panic("gemmf32: no " + isa.String() + " kernels in this build")
}

func archRow(isa asm.ISA, k int, a, w, c []float32, lo, hi float32) {
	panic("gemmf32: no " + isa.String() + " kernels in this build")
}

// archRow4 reports that there is no 4-panel row kernel here.
func archRow4(isa asm.ISA, k int, a, w []float32, pl int, c []float32, lo, hi float32) bool {
	return false
}
