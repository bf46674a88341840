//go:build !purego

#include "textflag.h"

// Byte 0 of each dword to the low 4 bytes of each 128-bit lane.
DATA shufLow<>+0(SB)/8, $0x808080800c080400
DATA shufLow<>+8(SB)/8, $0x8080808080808080
DATA shufLow<>+16(SB)/8, $0x808080800c080400
DATA shufLow<>+24(SB)/8, $0x8080808080808080
GLOBL shufLow<>(SB), RODATA|NOPTR, $32

// Dwords 0 and 4: the two lanes' packed bytes.
DATA permLow<>+0(SB)/4, $0
DATA permLow<>+4(SB)/4, $4
DATA permLow<>+8(SB)/4, $0
DATA permLow<>+12(SB)/4, $0
DATA permLow<>+16(SB)/4, $0
DATA permLow<>+20(SB)/4, $0
DATA permLow<>+24(SB)/4, $0
DATA permLow<>+28(SB)/4, $0
GLOBL permLow<>(SB), RODATA|NOPTR, $32

// func requantAVX2(acc *int32, y *int8, scale *float32, n, nv, rows int, flo, fhi float32, zp int32)
TEXT ·requantAVX2(SB), NOSPLIT, $0-60
	MOVQ acc+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ scale+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ nv+32(FP), BX
	MOVQ rows+40(FP), R8
	VBROADCASTSS flo+48(FP), Y1
	VBROADCASTSS fhi+52(FP), Y2
	MOVL zp+56(FP), AX
	VMOVD AX, X3
	VPBROADCASTD X3, Y3
	VMOVDQU shufLow<>(SB), Y4
	VMOVDQU permLow<>(SB), Y5

avx2Row:
	XORQ R9, R9

avx2Col:
	VCVTDQ2PS (SI)(R9*4), Y0
	VMULPS (DX)(R9*4), Y0, Y0
	VMAXPS Y1, Y0, Y0
	VMINPS Y2, Y0, Y0
	VCVTPS2DQ Y0, Y0
	VPADDD Y3, Y0, Y0
	VPSHUFB Y4, Y0, Y0
	VPERMD Y0, Y5, Y0
	MOVQ X0, (DI)(R9*1)
	ADDQ $8, R9
	CMPQ R9, BX
	JLT avx2Col

	LEAQ (SI)(CX*4), SI
	ADDQ CX, DI
	DECQ R8
	JNZ avx2Row
	VZEROUPPER
	RET

// func requantAVX512(acc *int32, y *int8, scale *float32, n, rows int, flo, fhi float32, zp int32)
TEXT ·requantAVX512(SB), NOSPLIT, $0-52
	MOVQ acc+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ scale+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ rows+32(FP), R8
	VBROADCASTSS flo+40(FP), Z1
	VBROADCASTSS fhi+44(FP), Z2
	MOVL zp+48(FP), AX
	VMOVD AX, X3
	VPBROADCASTD X3, Z3
	// K1: the last n%16 channels; BX: the channels before them.
	MOVQ CX, AX
	ANDQ $15, AX
	MOVQ CX, BX
	SUBQ AX, BX
	MOVQ $1, R10
	MOVQ CX, R11
	MOVQ AX, CX
	SHLQ CX, R10
	MOVQ R11, CX
	DECQ R10
	KMOVW R10, K1

avx512Row:
	XORQ R9, R9
	CMPQ R9, BX
	JGE avx512Tail

avx512Col:
	VCVTDQ2PS (SI)(R9*4), Z0
	VMULPS (DX)(R9*4), Z0, Z0
	VMAXPS Z1, Z0, Z0
	VMINPS Z2, Z0, Z0
	VCVTPS2DQ Z0, Z0
	VPADDD Z3, Z0, Z0
	VPMOVDB Z0, (DI)(R9*1)
	ADDQ $16, R9
	CMPQ R9, BX
	JLT avx512Col

avx512Tail:
	TESTQ AX, AX
	JZ avx512Next
	VMOVDQU32.Z (SI)(R9*4), K1, Z0
	VMOVUPS.Z (DX)(R9*4), K1, Z4
	VCVTDQ2PS Z0, Z0
	VMULPS Z4, Z0, Z0
	VMAXPS Z1, Z0, Z0
	VMINPS Z2, Z0, Z0
	VCVTPS2DQ Z0, Z0
	VPADDD Z3, Z0, Z0
	VPMOVDB Z0, K1, (DI)(R9*1)

avx512Next:
	LEAQ (SI)(CX*4), SI
	ADDQ CX, DI
	DECQ R8
	JNZ avx512Row
	VZEROUPPER
	RET
