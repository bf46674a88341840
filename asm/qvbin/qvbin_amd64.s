//go:build !purego

#include "textflag.h"

// Shared frame: out+0, a+8, b+16, rows+24, n+32, sa+40, sb+48, p+56.
// DI out, SI a row, DX b row, R8 rows left, CX n, R10 sa, R11 sb,
// R9 element offset in the row, K1 the tail mask (n%16 lanes).
#define PROLOGUE \
	MOVQ out+0(FP), DI \
	MOVQ a+8(FP), SI   \
	MOVQ b+16(FP), DX  \
	MOVQ rows+24(FP), R8 \
	MOVQ n+32(FP), CX  \
	MOVQ sa+40(FP), R10 \
	MOVQ sb+48(FP), R11 \
	MOVQ CX, BX        \
	ANDQ $15, BX       \
	MOVQ CX, R12       \
	MOVQ BX, CX        \
	MOVL $1, AX        \
	SHLL CX, AX        \
	DECL AX            \
	KMOVW AX, K1       \
	MOVQ R12, CX       \
	SUBQ BX, R12       // R12: the row's elements before the tail

// ADDSTEP computes 16 sums from Z0 (a) and Z1 (b) as int32 into Z0.
#define ADDSTEP \
	VPMULLD Z20, Z0, Z0 \
	VPMULLD Z21, Z1, Z1 \
	VPADDD  Z1, Z0, Z0  \
	VPADDD  Z22, Z0, Z0 \
	VPSRAD  X15, Z0, Z0 \
	VPADDD  Z24, Z0, Z0 \
	VPMAXSD Z25, Z0, Z0 \
	VPMINSD Z26, Z0, Z0 \
	VPMOVDB Z0, X0

// func qs8VAddAVX512_x16(out, a, b *int8, rows, n, sa, sb int, p *AddParams)
TEXT ·qs8VAddAVX512_x16(SB), NOSPLIT, $0-64
	PROLOGUE
	MOVQ p+56(FP), AX
	VPBROADCASTD 0(AX), Z22  // Bias
	VPBROADCASTD 4(AX), Z20  // AM
	VPBROADCASTD 8(AX), Z21  // BM
	MOVL         12(AX), R13
	MOVQ         R13, X15    // Shift as a count
	VPBROADCASTD 16(AX), Z24 // ZO
	VPBROADCASTD 20(AX), Z25 // Lo
	VPBROADCASTD 24(AX), Z26 // Hi

addRow:
	XORQ R9, R9
	CMPQ R9, R12
	JGE  addTail

addCol:
	VPMOVSXBD (SI)(R9*1), Z0
	VPMOVSXBD (DX)(R9*1), Z1
	ADDSTEP
	VMOVDQU   X0, (DI)(R9*1)
	ADDQ      $16, R9
	CMPQ      R9, R12
	JLT       addCol

addTail:
	KORTESTW K1, K1
	JZ       addNext
	VMOVDQU8.Z (SI)(R9*1), K1, X0
	VMOVDQU8.Z (DX)(R9*1), K1, X1
	VPMOVSXBD  X0, Z0
	VPMOVSXBD  X1, Z1
	ADDSTEP
	VMOVDQU8   X0, K1, (DI)(R9*1)

addNext:
	ADDQ CX, DI
	ADDQ R10, SI
	ADDQ R11, DX
	DECQ R8
	JNZ  addRow
	VZEROUPPER
	RET

// MULSTEP computes 16 products from Z0 (a) and Z1 (b) into bytes in X0.
#define MULSTEP \
	VPSUBD    Z20, Z0, Z0 \
	VPSUBD    Z21, Z1, Z1 \
	VPMULLD   Z1, Z0, Z0  \
	VCVTDQ2PS Z0, Z0      \
	VMULPS    Z22, Z0, Z0 \
	VMAXPS    Z23, Z0, Z0 \
	VMINPS    Z24, Z0, Z0 \
	VCVTPS2DQ Z0, Z0      \
	VPADDD    Z25, Z0, Z0 \
	VPMOVDB   Z0, X0

// func qs8VMulAVX512_x16(out, a, b *int8, rows, n, sa, sb int, p *MulParams)
TEXT ·qs8VMulAVX512_x16(SB), NOSPLIT, $0-64
	PROLOGUE
	MOVQ p+56(FP), AX
	VPBROADCASTD 0(AX), Z20  // ZA
	VPBROADCASTD 4(AX), Z21  // ZB
	VBROADCASTSS 8(AX), Z22  // Scale
	VBROADCASTSS 12(AX), Z23 // FLo
	VBROADCASTSS 16(AX), Z24 // FHi
	VPBROADCASTD 20(AX), Z25 // ZO

mulRow:
	XORQ R9, R9
	CMPQ R9, R12
	JGE  mulTail

mulCol:
	VPMOVSXBD (SI)(R9*1), Z0
	VPMOVSXBD (DX)(R9*1), Z1
	MULSTEP
	VMOVDQU   X0, (DI)(R9*1)
	ADDQ      $16, R9
	CMPQ      R9, R12
	JLT       mulCol

mulTail:
	KORTESTW K1, K1
	JZ       mulNext
	VMOVDQU8.Z (SI)(R9*1), K1, X0
	VMOVDQU8.Z (DX)(R9*1), K1, X1
	VPMOVSXBD  X0, Z0
	VPMOVSXBD  X1, Z1
	MULSTEP
	VMOVDQU8   X0, K1, (DI)(R9*1)

mulNext:
	ADDQ CX, DI
	ADDQ R10, SI
	ADDQ R11, DX
	DECQ R8
	JNZ  mulRow
	VZEROUPPER
	RET
