//go:build !purego

#include "textflag.h"

// Register use, both ISAs: CX counts k down, DX walks the packed panel (NR
// bias values, then one row of NR weights per k), BX is lda in bytes, SI,
// DI, R10 and R11 point at rows 0, 3, 6 and 9 of A (rows in between are
// base+lda and base+2*lda) and advance 4 bytes per k. R8 is the C row
// pointer and R9 ldc in bytes, used only in the epilogue.

// func tileAVX2(k int, a *float32, lda uintptr, w, c *float32, ldc uintptr, lo, hi float32)
//
// 6 rows x 16 columns: accumulators Y0..Y11 (row r in Y2r, Y2r+1), weights
// in Y12, Y13, the broadcast A value in Y14. Per k: 2 loads, 6 broadcasts,
// 12 FMAs.
#define AVX2_ROW(ptr, acc0, acc1) \
	VBROADCASTSS ptr, Y14 \
	VFMADD231PS  Y14, Y12, acc0 \
	VFMADD231PS  Y14, Y13, acc1

#define AVX2_STORE(acc0, acc1) \
	VMAXPS  acc0, Y12, acc0 \
	VMAXPS  acc1, Y12, acc1 \
	VMINPS  acc0, Y13, acc0 \
	VMINPS  acc1, Y13, acc1 \
	VMOVUPS acc0, (R8)      \
	VMOVUPS acc1, 32(R8)    \
	ADDQ    R9, R8

TEXT ·tileAVX2(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), BX
	MOVQ w+24(FP), DX
	LEAQ (SI)(BX*2), DI
	ADDQ BX, DI

	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y1, Y3
	VMOVAPS Y0, Y4
	VMOVAPS Y1, Y5
	VMOVAPS Y0, Y6
	VMOVAPS Y1, Y7
	VMOVAPS Y0, Y8
	VMOVAPS Y1, Y9
	VMOVAPS Y0, Y10
	VMOVAPS Y1, Y11
	ADDQ    $64, DX
	TESTQ   CX, CX
	JLE     avx2done

avx2loop:
	VMOVUPS (DX), Y12
	VMOVUPS 32(DX), Y13
	AVX2_ROW((SI), Y0, Y1)
	AVX2_ROW((SI)(BX*1), Y2, Y3)
	AVX2_ROW((SI)(BX*2), Y4, Y5)
	AVX2_ROW((DI), Y6, Y7)
	AVX2_ROW((DI)(BX*1), Y8, Y9)
	AVX2_ROW((DI)(BX*2), Y10, Y11)
	ADDQ $64, DX
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JNZ  avx2loop

avx2done:
	MOVQ         c+32(FP), R8
	MOVQ         ldc+40(FP), R9
	VBROADCASTSS lo+48(FP), Y12
	VBROADCASTSS hi+52(FP), Y13
	AVX2_STORE(Y0, Y1)
	AVX2_STORE(Y2, Y3)
	AVX2_STORE(Y4, Y5)
	AVX2_STORE(Y6, Y7)
	AVX2_STORE(Y8, Y9)
	AVX2_STORE(Y10, Y11)
	VZEROUPPER
	RET

// func rowAVX2(k int, a, w, c *float32, lo, hi float32)
//
// 1 row x 16 columns: Y0, Y1. Per k: 1 broadcast, 2 FMAs with memory
// operands.
TEXT ·rowAVX2(SB), NOSPLIT, $0-40
	MOVQ    k+0(FP), CX
	MOVQ    a+8(FP), SI
	MOVQ    w+16(FP), DX
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	ADDQ    $64, DX
	TESTQ   CX, CX
	JLE     avx2rowdone

avx2rowloop:
	VBROADCASTSS (SI), Y14
	VFMADD231PS  (DX), Y14, Y0
	VFMADD231PS  32(DX), Y14, Y1
	ADDQ         $64, DX
	ADDQ         $4, SI
	DECQ         CX
	JNZ          avx2rowloop

avx2rowdone:
	MOVQ         c+24(FP), R8
	VBROADCASTSS lo+32(FP), Y12
	VBROADCASTSS hi+36(FP), Y13
	AVX2_STORE(Y0, Y1)
	VZEROUPPER
	RET

// func tileAVX512(k int, a *float32, lda uintptr, w, c *float32, ldc uintptr, lo, hi float32)
//
// 12 rows x 16 columns: accumulators Z0..Z11 (one per row), the weights in
// Z12, each A value broadcast from memory by the FMA itself. Per k: 1 load,
// 12 FMAs with broadcast memory operands.
#define AVX512_STORE(acc) \
	VMAXPS  acc, Z12, acc \
	VMINPS  acc, Z13, acc \
	VMOVUPS acc, (R8)     \
	ADDQ    R9, R8

TEXT ·tileAVX512(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), BX
	MOVQ w+24(FP), DX
	LEAQ (SI)(BX*2), DI
	ADDQ BX, DI
	LEAQ (DI)(BX*2), R10
	ADDQ BX, R10
	LEAQ (R10)(BX*2), R11
	ADDQ BX, R11

	VMOVUPS (DX), Z0
	VMOVAPS Z0, Z1
	VMOVAPS Z0, Z2
	VMOVAPS Z0, Z3
	VMOVAPS Z0, Z4
	VMOVAPS Z0, Z5
	VMOVAPS Z0, Z6
	VMOVAPS Z0, Z7
	VMOVAPS Z0, Z8
	VMOVAPS Z0, Z9
	VMOVAPS Z0, Z10
	VMOVAPS Z0, Z11
	ADDQ    $64, DX
	TESTQ   CX, CX
	JLE     avx512done

avx512loop:
	VMOVUPS          (DX), Z12
	VFMADD231PS.BCST (SI), Z12, Z0
	VFMADD231PS.BCST (SI)(BX*1), Z12, Z1
	VFMADD231PS.BCST (SI)(BX*2), Z12, Z2
	VFMADD231PS.BCST (DI), Z12, Z3
	VFMADD231PS.BCST (DI)(BX*1), Z12, Z4
	VFMADD231PS.BCST (DI)(BX*2), Z12, Z5
	VFMADD231PS.BCST (R10), Z12, Z6
	VFMADD231PS.BCST (R10)(BX*1), Z12, Z7
	VFMADD231PS.BCST (R10)(BX*2), Z12, Z8
	VFMADD231PS.BCST (R11), Z12, Z9
	VFMADD231PS.BCST (R11)(BX*1), Z12, Z10
	VFMADD231PS.BCST (R11)(BX*2), Z12, Z11
	ADDQ             $64, DX
	ADDQ             $4, SI
	ADDQ             $4, DI
	ADDQ             $4, R10
	ADDQ             $4, R11
	DECQ             CX
	JNZ              avx512loop

avx512done:
	MOVQ         c+32(FP), R8
	MOVQ         ldc+40(FP), R9
	VBROADCASTSS lo+48(FP), Z12
	VBROADCASTSS hi+52(FP), Z13
	AVX512_STORE(Z0)
	AVX512_STORE(Z1)
	AVX512_STORE(Z2)
	AVX512_STORE(Z3)
	AVX512_STORE(Z4)
	AVX512_STORE(Z5)
	AVX512_STORE(Z6)
	AVX512_STORE(Z7)
	AVX512_STORE(Z8)
	AVX512_STORE(Z9)
	AVX512_STORE(Z10)
	AVX512_STORE(Z11)
	VZEROUPPER
	RET

// func rowAVX512(k int, a, w, c *float32, lo, hi float32)
//
// 1 row x 16 columns: Z0. Per k: 1 FMA with a broadcast memory operand and
// a weight load.
TEXT ·rowAVX512(SB), NOSPLIT, $0-40
	MOVQ    k+0(FP), CX
	MOVQ    a+8(FP), SI
	MOVQ    w+16(FP), DX
	VMOVUPS (DX), Z0
	ADDQ    $64, DX
	TESTQ   CX, CX
	JLE     avx512rowdone

avx512rowloop:
	VMOVUPS          (DX), Z12
	VFMADD231PS.BCST (SI), Z12, Z0
	ADDQ             $64, DX
	ADDQ             $4, SI
	DECQ             CX
	JNZ              avx512rowloop

avx512rowdone:
	MOVQ         c+24(FP), R8
	MOVQ         $0, R9
	VBROADCASTSS lo+32(FP), Z12
	VBROADCASTSS hi+36(FP), Z13
	AVX512_STORE(Z0)
	VZEROUPPER
	RET

// func row4AVX2(k int, a, w *float32, pl uintptr, c *float32, lo, hi float32)
//
// 1 row x 4 consecutive panels (64 columns): Y0..Y7, two per panel, the
// panels pl bytes apart; 8 independent FMA chains instead of rowAVX2's 2.
// Per k: 1 broadcast, 8 FMAs with memory operands.
TEXT ·row4AVX2(SB), NOSPLIT, $0-48
	MOVQ    k+0(FP), CX
	MOVQ    a+8(FP), SI
	MOVQ    w+16(FP), DX
	MOVQ    pl+24(FP), BX
	LEAQ    (BX)(BX*2), DI
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	VMOVUPS (DX)(BX*1), Y2
	VMOVUPS 32(DX)(BX*1), Y3
	VMOVUPS (DX)(BX*2), Y4
	VMOVUPS 32(DX)(BX*2), Y5
	VMOVUPS (DX)(DI*1), Y6
	VMOVUPS 32(DX)(DI*1), Y7
	ADDQ    $64, DX
	TESTQ   CX, CX
	JLE     avx2row4done

avx2row4loop:
	VBROADCASTSS (SI), Y14
	VFMADD231PS  (DX), Y14, Y0
	VFMADD231PS  32(DX), Y14, Y1
	VFMADD231PS  (DX)(BX*1), Y14, Y2
	VFMADD231PS  32(DX)(BX*1), Y14, Y3
	VFMADD231PS  (DX)(BX*2), Y14, Y4
	VFMADD231PS  32(DX)(BX*2), Y14, Y5
	VFMADD231PS  (DX)(DI*1), Y14, Y6
	VFMADD231PS  32(DX)(DI*1), Y14, Y7
	ADDQ         $64, DX
	ADDQ         $4, SI
	DECQ         CX
	JNZ          avx2row4loop

avx2row4done:
	MOVQ         c+32(FP), R8
	MOVQ         $64, R9
	VBROADCASTSS lo+40(FP), Y12
	VBROADCASTSS hi+44(FP), Y13
	AVX2_STORE(Y0, Y1)
	AVX2_STORE(Y2, Y3)
	AVX2_STORE(Y4, Y5)
	AVX2_STORE(Y6, Y7)
	VZEROUPPER
	RET

// func row4AVX512(k int, a, w *float32, pl uintptr, c *float32, lo, hi float32)
//
// 1 row x 4 consecutive panels (64 columns): Z0..Z3, the panels pl bytes
// apart; 4 independent FMA chains instead of rowAVX512's 1. Per k: 1
// broadcast, 4 FMAs with memory operands.
TEXT ·row4AVX512(SB), NOSPLIT, $0-48
	MOVQ    k+0(FP), CX
	MOVQ    a+8(FP), SI
	MOVQ    w+16(FP), DX
	MOVQ    pl+24(FP), BX
	LEAQ    (BX)(BX*2), DI
	VMOVUPS (DX), Z0
	VMOVUPS (DX)(BX*1), Z1
	VMOVUPS (DX)(BX*2), Z2
	VMOVUPS (DX)(DI*1), Z3
	ADDQ    $64, DX
	TESTQ   CX, CX
	JLE     avx512row4done

avx512row4loop:
	VBROADCASTSS (SI), Z14
	VFMADD231PS  (DX), Z14, Z0
	VFMADD231PS  (DX)(BX*1), Z14, Z1
	VFMADD231PS  (DX)(BX*2), Z14, Z2
	VFMADD231PS  (DX)(DI*1), Z14, Z3
	ADDQ         $64, DX
	ADDQ         $4, SI
	DECQ         CX
	JNZ          avx512row4loop

avx512row4done:
	MOVQ         c+32(FP), R8
	MOVQ         $64, R9
	VBROADCASTSS lo+40(FP), Z12
	VBROADCASTSS hi+44(FP), Z13
	AVX512_STORE(Z0)
	AVX512_STORE(Z1)
	AVX512_STORE(Z2)
	AVX512_STORE(Z3)
	VZEROUPPER
	RET
