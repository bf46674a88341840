//go:build !purego

#include "textflag.h"

// func x8LUTAVX512VBMI_x64(y, x *int8, n int, t *[256]int8)
TEXT ·x8LUTAVX512VBMI_x64(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ t+24(FP), DX
	VMOVDQU64 (DX), Z0
	VMOVDQU64 64(DX), Z1
	VMOVDQU64 128(DX), Z2
	VMOVDQU64 192(DX), Z3
	CMPQ CX, $64
	JLT  lutTail

lutLoop:
	VMOVDQU8  (SI), Z4
	VMOVDQA64 Z4, Z5
	VMOVDQA64 Z4, Z6
	VPERMI2B  Z1, Z0, Z5 // t[x&127]
	VPERMI2B  Z3, Z2, Z6 // t[128+x&127]
	VPMOVB2M  Z4, K1     // x >= 128 as unsigned
	VPBLENDMB Z6, Z5, K1, Z5
	VMOVDQU8  Z5, (DI)
	ADDQ      $64, SI
	ADDQ      $64, DI
	SUBQ      $64, CX
	CMPQ      CX, $64
	JGE       lutLoop

lutTail:
	TESTQ CX, CX
	JZ    lutDone
	MOVQ  $1, AX
	SHLQ  CX, AX // CX < 64
	DECQ  AX
	KMOVQ AX, K2
	VMOVDQU8.Z (SI), K2, Z4 // masked-off bytes are not read
	VMOVDQA64  Z4, Z5
	VMOVDQA64  Z4, Z6
	VPERMI2B   Z1, Z0, Z5
	VPERMI2B   Z3, Z2, Z6
	VPMOVB2M   Z4, K1
	VPBLENDMB  Z6, Z5, K1, Z5
	VMOVDQU8   Z5, K2, (DI) // only the live bytes are written

lutDone:
	VZEROUPPER
	RET
