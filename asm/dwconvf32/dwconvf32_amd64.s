//go:build !purego

#include "textflag.h"

// args offsets: n 0, nt 8, taps 16, np 24, x 32, xoff 40, xstep 48, w 56,
// woff 64, bias 72, y 80, lo 88, hi 92.
//
// Registers: AX args, R8 pixel counter, R9 x + p*xstep (bytes), R10 y row,
// R11 channel byte offset, R12 channel bytes of full blocks, R13/R14
// offset walkers, CX tap counter, BX/DX scratch, K1 tail mask.

// func f32DWAVX512_c16(a *args)
TEXT ·f32DWAVX512_c16(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	VBROADCASTSS 88(AX), Z30 // lo
	VBROADCASTSS 92(AX), Z31 // hi
	MOVQ 8(AX), BX           // nt
	MOVQ BX, CX
	ANDQ $15, CX
	MOVL $1, DX
	SHLL CX, DX
	DECL DX
	KMOVW DX, K1             // the last nt%16 channels
	SUBQ CX, BX
	SHLQ $2, BX
	MOVQ BX, R12             // bytes of the full blocks
	MOVQ 32(AX), R9          // x
	MOVQ 80(AX), R10         // y
	MOVQ 24(AX), R8          // np

pixel:
	XORQ R11, R11

block:
	CMPQ R11, R12
	JGE  tail
	MOVQ 72(AX), BX
	VMOVUPS (BX)(R11*1), Z0  // bias
	MOVQ 16(AX), CX          // taps
	MOVQ 40(AX), R13         // xoff
	MOVQ 64(AX), R14         // woff
	TESTQ CX, CX
	JZ   blockStore

tap:
	MOVQ (R13), BX
	LEAQ (R9)(BX*4), BX
	MOVQ (R14), DX
	SHLQ $2, DX
	ADDQ 56(AX), DX
	VMOVUPS (BX)(R11*1), Z1
	VFMADD231PS (DX)(R11*1), Z1, Z0
	ADDQ $8, R13
	ADDQ $8, R14
	DECQ CX
	JNZ  tap

blockStore:
	VMAXPS  Z0, Z30, Z0 // max(lo, acc): acc when NaN or equal, as gemmf32.Clamp
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, (R10)(R11*1)
	ADDQ    $64, R11
	JMP     block

tail:
	KORTESTW K1, K1
	JZ   nextPixel
	MOVQ 72(AX), BX
	VMOVUPS.Z (BX)(R11*1), K1, Z0
	MOVQ 16(AX), CX
	MOVQ 40(AX), R13
	MOVQ 64(AX), R14
	TESTQ CX, CX
	JZ   tailStore

tailTap:
	MOVQ (R13), BX
	LEAQ (R9)(BX*4), BX
	MOVQ (R14), DX
	SHLQ $2, DX
	ADDQ 56(AX), DX
	VMOVUPS.Z (BX)(R11*1), K1, Z1
	VMOVUPS.Z (DX)(R11*1), K1, Z2
	VFMADD231PS Z2, Z1, Z0
	ADDQ $8, R13
	ADDQ $8, R14
	DECQ CX
	JNZ  tailTap

tailStore:
	VMAXPS  Z0, Z30, Z0 // max(lo, acc): acc when NaN or equal, as gemmf32.Clamp
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, K1, (R10)(R11*1)

nextPixel:
	MOVQ 48(AX), BX // xstep
	LEAQ (R9)(BX*4), R9
	MOVQ (AX), BX   // n
	LEAQ (R10)(BX*4), R10
	DECQ R8
	JNZ  pixel
	VZEROUPPER
	RET
