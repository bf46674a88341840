//go:build !purego

#include "textflag.h"

// TAILMASK sets K1 to the low CX%16 bits and CX to the full-step count.
#define TAILMASK \
	MOVQ CX, BX   \
	ANDQ $15, BX  \
	SUBQ BX, CX   \
	MOVQ CX, R8   \
	MOVQ BX, CX   \
	MOVL $1, AX   \
	SHLL CX, AX   \
	DECL AX       \
	KMOVW AX, K1  \
	MOVQ R8, CX

// func f32VClampAVX512_x16(y, x *float32, n int, lo, hi float32)
TEXT ·f32VClampAVX512_x16(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS lo+24(FP), Z30
	VBROADCASTSS hi+28(FP), Z31
	TAILMASK
	XORQ DX, DX
	SHLQ $2, CX // bytes of the full steps

clampLoop:
	CMPQ DX, CX
	JGE  clampTail
	VMOVUPS (SI)(DX*1), Z0
	VMAXPS  Z0, Z30, Z0 // max(lo, x): x when NaN or equal
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, (DI)(DX*1)
	ADDQ    $64, DX
	JMP     clampLoop

clampTail:
	KORTESTW K1, K1
	JZ   clampDone
	VMOVUPS.Z (SI)(DX*1), K1, Z0
	VMAXPS  Z0, Z30, Z0
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, K1, (DI)(DX*1)

clampDone:
	VZEROUPPER
	RET

// func f32VHardSwishAVX512_x16(y, x *float32, n int)
TEXT ·f32VHardSwishAVX512_x16(SB), NOSPLIT, $0-24
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVL $0x40400000, AX // 3
	VPBROADCASTD AX, Z29
	MOVL $0x40c00000, AX // 6
	VPBROADCASTD AX, Z31
	VPXORD Z30, Z30, Z30 // 0
	TAILMASK
	XORQ DX, DX
	SHLQ $2, CX

hsLoop:
	CMPQ DX, CX
	JGE  hsTail
	VMOVUPS (SI)(DX*1), Z0
	VADDPS  Z29, Z0, Z1
	VMAXPS  Z1, Z30, Z1
	VMINPS  Z1, Z31, Z1
	VMULPS  Z1, Z0, Z0
	VDIVPS  Z31, Z0, Z0
	VMOVUPS Z0, (DI)(DX*1)
	ADDQ    $64, DX
	JMP     hsLoop

hsTail:
	KORTESTW K1, K1
	JZ   hsDone
	VMOVUPS.Z (SI)(DX*1), K1, Z0
	VADDPS  Z29, Z0, Z1
	VMAXPS  Z1, Z30, Z1
	VMINPS  Z1, Z31, Z1
	VMULPS  Z1, Z0, Z0
	VDIVPS  Z31, Z0, Z0
	VMOVUPS Z0, K1, (DI)(DX*1)

hsDone:
	VZEROUPPER
	RET
