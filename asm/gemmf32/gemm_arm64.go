//go:build !purego

package gemmf32

import "github.com/octet-ml/octet/asm"

// Advanced SIMD is mandatory on arm64, so the NEON kernels always run.
func archImpls() []Impl { return []Impl{{ISA: asm.NEON, MR: 6}} }

func archTile(isa asm.ISA, k int, a []float32, lda int, w, c []float32, ldc int, lo, hi float32) {
	checkTile(6, k, a, lda, w, c, ldc)
	tileNEON(k, &a[0], uintptr(lda)*4, &w[0], &c[0], uintptr(ldc)*4, lo, hi)
}

func archRow(isa asm.ISA, k int, a, w, c []float32, lo, hi float32) {
	checkTile(1, k, a, k, w, c, NR)
	rowNEON(k, &a[0], &w[0], &c[0], lo, hi)
}

// The assembly kernels take byte strides and a panel pointer (bias first);
// archTile and archRow check that every access stays inside the slices.

//go:noescape
func tileNEON(k int, a *float32, lda uintptr, w, c *float32, ldc uintptr, lo, hi float32)

//go:noescape
func rowNEON(k int, a, w, c *float32, lo, hi float32)

// archRow4 reports that there is no 4-panel row kernel here.
func archRow4(isa asm.ISA, k int, a, w []float32, pl int, c []float32, lo, hi float32) bool {
	return false
}
