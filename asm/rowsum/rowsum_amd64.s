//go:build !purego

#include "textflag.h"

// MASK sets K1 to the low n%16 bits of CX and CX to n - n%16; clobbers AX, BX, R8.
#define MASK \
	MOVQ CX, BX  \
	ANDQ $15, BX \
	SUBQ BX, CX  \
	MOVQ CX, R8  \
	MOVQ BX, CX  \
	MOVL $1, AX  \
	SHLL CX, AX  \
	DECL AX      \
	KMOVW AX, K1 \
	MOVQ R8, CX

// func f32RowSumAVX512_x16(acc, x *float32, n, rows, stride int)
TEXT ·f32RowSumAVX512_x16(SB), NOSPLIT, $0-40
	MOVQ acc+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MASK
	MOVQ stride+32(FP), R10
	SHLQ $2, R10 // row stride in bytes
	XORQ DX, DX  // block index (elements)

fBlock:
	CMPQ DX, CX
	JGE  fTail
	VMOVUPS (DI)(DX*4), Z0
	LEAQ (SI)(DX*4), R11
	MOVQ rows+24(FP), R9

fRow:
	VADDPS (R11), Z0, Z0
	ADDQ   R10, R11
	DECQ   R9
	JNZ    fRow
	VMOVUPS Z0, (DI)(DX*4)
	ADDQ    $16, DX
	JMP     fBlock

fTail:
	KORTESTW K1, K1
	JZ   fDone
	VMOVUPS.Z (DI)(DX*4), K1, Z0
	LEAQ (SI)(DX*4), R11
	MOVQ rows+24(FP), R9

fTailRow:
	VMOVUPS.Z (R11), K1, Z1
	VADDPS    Z1, Z0, Z0
	ADDQ      R10, R11
	DECQ      R9
	JNZ       fTailRow
	VMOVUPS Z0, K1, (DI)(DX*4)

fDone:
	VZEROUPPER
	RET

// func s8RowSumAVX512_x16(acc *int32, x *int8, n, rows, stride int)
TEXT ·s8RowSumAVX512_x16(SB), NOSPLIT, $0-40
	MOVQ acc+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MASK
	MOVQ stride+32(FP), R10
	XORQ DX, DX

sBlock:
	CMPQ DX, CX
	JGE  sTail
	VMOVDQU32 (DI)(DX*4), Z0
	LEAQ (SI)(DX*1), R11
	MOVQ rows+24(FP), R9

sRow:
	VPMOVSXBD (R11), Z1
	VPADDD    Z1, Z0, Z0
	ADDQ      R10, R11
	DECQ      R9
	JNZ       sRow
	VMOVDQU32 Z0, (DI)(DX*4)
	ADDQ      $16, DX
	JMP       sBlock

sTail:
	KORTESTW K1, K1
	JZ   sDone
	VMOVDQU32.Z (DI)(DX*4), K1, Z0
	LEAQ (SI)(DX*1), R11
	MOVQ rows+24(FP), R9

sTailRow:
	VMOVDQU8.Z (R11), K1, X1 // masked: no read past the row
	VPMOVSXBD  X1, Z1
	VPADDD     Z1, Z0, Z0
	ADDQ       R10, R11
	DECQ       R9
	JNZ        sTailRow
	VMOVDQU32 Z0, K1, (DI)(DX*4)

sDone:
	VZEROUPPER
	RET
