//go:build !purego

package gemmf32

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
)

func archImpls() []Impl {
	var l []Impl
	if asm.Supports(asm.Detected, asm.AVX2) {
		l = append(l, Impl{ISA: asm.AVX2, MR: 6})
	}
	if asm.Supports(asm.Detected, asm.AVX512) {
		l = append(l, Impl{ISA: asm.AVX512, MR: 12})
	}
	return l
}

func archTile(isa asm.ISA, k int, a []float32, lda int, w, c []float32, ldc int, lo, hi float32) {
	if isa == asm.AVX512 {
		tileAVX512Go(k, a, lda, w, c, ldc, lo, hi)
	} else {
		tileAVX2Go(k, a, lda, w, c, ldc, lo, hi)
	}
}

func archRow(isa asm.ISA, k int, a, w, c []float32, lo, hi float32) {
	if isa == asm.AVX512 {
		rowAVX512Go(k, a, w, c, lo, hi)
	} else {
		rowAVX2Go(k, a, w, c, lo, hi)
	}
}

// archRow4 runs the row kernel on 4 consecutive full panels (pl values
// apart, columns c[0:4*NR]) at once, for more independent FMA chains.
func archRow4(isa asm.ISA, k int, a, w []float32, pl int, c []float32, lo, hi float32) bool {
	if k <= 0 || len(a) < k || len(w) < 3*pl+PanelLen(k) || len(c) < 4*NR || pl < PanelLen(k) {
		panic(fmt.Sprintf("gemmf32: row4 k=%d with %d a, %d w (panel stride %d), %d c", k, len(a), len(w), pl, len(c)))
	}
	if isa == asm.AVX512 {
		row4AVX512(k, &a[0], &w[0], uintptr(pl)*4, &c[0], lo, hi)
	} else {
		row4AVX2(k, &a[0], &w[0], uintptr(pl)*4, &c[0], lo, hi)
	}
	return true
}

//go:noescape
func row4AVX2(k int, a, w *float32, pl uintptr, c *float32, lo, hi float32)

//go:noescape
func row4AVX512(k int, a, w *float32, pl uintptr, c *float32, lo, hi float32)

// The assembly kernels take byte strides and a panel pointer (bias first);
// their Go wrappers check that every access stays inside the slices.

//go:noescape
func tileAVX2(k int, a *float32, lda uintptr, w, c *float32, ldc uintptr, lo, hi float32)

//go:noescape
func rowAVX2(k int, a, w, c *float32, lo, hi float32)

//go:noescape
func tileAVX512(k int, a *float32, lda uintptr, w, c *float32, ldc uintptr, lo, hi float32)

//go:noescape
func rowAVX512(k int, a, w, c *float32, lo, hi float32)

func tileAVX2Go(k int, a []float32, lda int, w, c []float32, ldc int, lo, hi float32) {
	checkTile(6, k, a, lda, w, c, ldc)
	tileAVX2(k, &a[0], uintptr(lda)*4, &w[0], &c[0], uintptr(ldc)*4, lo, hi)
}

func rowAVX2Go(k int, a, w, c []float32, lo, hi float32) {
	checkTile(1, k, a, k, w, c, NR)
	rowAVX2(k, &a[0], &w[0], &c[0], lo, hi)
}

func tileAVX512Go(k int, a []float32, lda int, w, c []float32, ldc int, lo, hi float32) {
	checkTile(12, k, a, lda, w, c, ldc)
	tileAVX512(k, &a[0], uintptr(lda)*4, &w[0], &c[0], uintptr(ldc)*4, lo, hi)
}

func rowAVX512Go(k int, a, w, c []float32, lo, hi float32) {
	checkTile(1, k, a, k, w, c, NR)
	rowAVX512(k, &a[0], &w[0], &c[0], lo, hi)
}
