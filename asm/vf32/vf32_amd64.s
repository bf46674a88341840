//go:build !purego

#include "textflag.h"

// TAILMASK sets K1 to the low CX%16 bits and CX to the full-step count;
// it clobbers AX, BX and R8.
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

// func f32VBinAVX512_x16(op int, out, a, b *float32, rows, n, sa, sb int, lo, hi float32)
//
// One copy of the row loop per op (0 add, 1 sub, 2 mul).
TEXT ·f32VBinAVX512_x16(SB), NOSPLIT, $0-72
	MOVQ out+8(FP), DI
	MOVQ a+16(FP), SI
	MOVQ b+24(FP), DX
	MOVQ rows+32(FP), R9
	MOVQ sa+48(FP), R10
	SHLQ $2, R10
	MOVQ sb+56(FP), R11
	SHLQ $2, R11
	VBROADCASTSS lo+64(FP), Z30
	VBROADCASTSS hi+68(FP), Z31
	MOVQ n+40(FP), CX
	TAILMASK
	SHLQ $2, CX // bytes of the full steps
	MOVQ n+40(FP), R12
	SHLQ $2, R12 // bytes of an output row
	MOVQ op+0(FP), BX
	CMPQ BX, $1
	JEQ  subRow
	JGT  mulRow

addRow:
	XORQ R13, R13

addCol:
	CMPQ R13, CX
	JGE  addTail
	VMOVUPS (SI)(R13*1), Z0
	VADDPS  (DX)(R13*1), Z0, Z0
	VMAXPS  Z0, Z30, Z0
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, (DI)(R13*1)
	ADDQ    $64, R13
	JMP     addCol

addTail:
	KORTESTW K1, K1
	JZ   addNext
	VMOVUPS.Z (SI)(R13*1), K1, Z0
	VMOVUPS.Z (DX)(R13*1), K1, Z1
	VADDPS  Z1, Z0, Z0
	VMAXPS  Z0, Z30, Z0
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, K1, (DI)(R13*1)

addNext:
	ADDQ R12, DI
	ADDQ R10, SI
	ADDQ R11, DX
	DECQ R9
	JNZ  addRow
	VZEROUPPER
	RET

subRow:
	XORQ R13, R13

subCol:
	CMPQ R13, CX
	JGE  subTail
	VMOVUPS (SI)(R13*1), Z0
	VSUBPS  (DX)(R13*1), Z0, Z0
	VMAXPS  Z0, Z30, Z0
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, (DI)(R13*1)
	ADDQ    $64, R13
	JMP     subCol

subTail:
	KORTESTW K1, K1
	JZ   subNext
	VMOVUPS.Z (SI)(R13*1), K1, Z0
	VMOVUPS.Z (DX)(R13*1), K1, Z1
	VSUBPS  Z1, Z0, Z0
	VMAXPS  Z0, Z30, Z0
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, K1, (DI)(R13*1)

subNext:
	ADDQ R12, DI
	ADDQ R10, SI
	ADDQ R11, DX
	DECQ R9
	JNZ  subRow
	VZEROUPPER
	RET

mulRow:
	XORQ R13, R13

mulCol:
	CMPQ R13, CX
	JGE  mulTail
	VMOVUPS (SI)(R13*1), Z0
	VMULPS  (DX)(R13*1), Z0, Z0
	VMAXPS  Z0, Z30, Z0
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, (DI)(R13*1)
	ADDQ    $64, R13
	JMP     mulCol

mulTail:
	KORTESTW K1, K1
	JZ   mulNext
	VMOVUPS.Z (SI)(R13*1), K1, Z0
	VMOVUPS.Z (DX)(R13*1), K1, Z1
	VMULPS  Z1, Z0, Z0
	VMAXPS  Z0, Z30, Z0
	VMINPS  Z0, Z31, Z0
	VMOVUPS Z0, K1, (DI)(R13*1)

mulNext:
	ADDQ R12, DI
	ADDQ R10, SI
	ADDQ R11, DX
	DECQ R9
	JNZ  mulRow
	VZEROUPPER
	RET

// BLSTEP computes 16 outputs from the loads in Z0 (p00), Z1 (p01), Z2
// (p10), Z3 (p11) into Z0; Z28 ya, Z29 yd, Z26 the tap's OneMin, Z27 its D.
#define BLSTEP \
	VMULPS Z28, Z0, Z0 \
	VMULPS Z26, Z0, Z0 \
	VMULPS Z29, Z2, Z2 \
	VMULPS Z26, Z2, Z2 \
	VADDPS Z2, Z0, Z0  \
	VMULPS Z28, Z1, Z1 \
	VMULPS Z27, Z1, Z1 \
	VADDPS Z1, Z0, Z0  \
	VMULPS Z29, Z3, Z3 \
	VMULPS Z27, Z3, Z3 \
	VADDPS Z3, Z0, Z0

// func f32BilinearRowAVX512_c16(dst, r0, r1 *float32, xs *XTap, nx, c int, ya, yd float32)
TEXT ·f32BilinearRowAVX512_c16(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ r0+8(FP), SI
	MOVQ r1+16(FP), DX
	MOVQ nx+32(FP), R9
	VBROADCASTSS ya+48(FP), Z28
	VBROADCASTSS yd+52(FP), Z29
	MOVQ c+40(FP), CX
	TAILMASK             // uses AX, BX, R8
	MOVQ xs+24(FP), R8
	SHLQ $2, CX // bytes of the full channel blocks
	MOVQ c+40(FP), R14
	SHLQ $2, R14 // bytes of one output pixel

blTap:
	MOVLQSX 0(R8), R10
	MOVLQSX 4(R8), R11
	SHLQ $2, R10
	SHLQ $2, R11
	VBROADCASTSS 8(R8), Z26
	VBROADCASTSS 12(R8), Z27
	LEAQ (SI)(R10*1), AX // r0 + Off0
	LEAQ (SI)(R11*1), BX // r0 + Off1
	ADDQ DX, R10         // r1 + Off0
	ADDQ DX, R11         // r1 + Off1
	XORQ R12, R12

blCol:
	CMPQ R12, CX
	JGE  blTail
	VMOVUPS (AX)(R12*1), Z0
	VMOVUPS (BX)(R12*1), Z1
	VMOVUPS (R10)(R12*1), Z2
	VMOVUPS (R11)(R12*1), Z3
	BLSTEP
	VMOVUPS Z0, (DI)(R12*1)
	ADDQ    $64, R12
	JMP     blCol

blTail:
	KORTESTW K1, K1
	JZ   blNext
	VMOVUPS.Z (AX)(R12*1), K1, Z0
	VMOVUPS.Z (BX)(R12*1), K1, Z1
	VMOVUPS.Z (R10)(R12*1), K1, Z2
	VMOVUPS.Z (R11)(R12*1), K1, Z3
	BLSTEP
	VMOVUPS Z0, K1, (DI)(R12*1)

blNext:
	ADDQ R14, DI
	ADDQ $16, R8
	DECQ R9
	JNZ  blTap
	VZEROUPPER
	RET

// QS8STEP converts the 16 floats in Z0 into 16 bytes in X0.
#define QS8STEP \
	VMULPS    Z24, Z0, Z0      \
	VCMPPS    $3, Z0, Z0, K2   \
	VPTESTNMD Z23, Z0, K3      \
	KANDW     K2, K3, K3       \
	VMAXPS    Z25, Z0, Z1      \
	VMINPS    Z26, Z1, Z1      \
	VMOVAPS   Z26, K3, Z1      \
	VCVTPS2DQ Z1, Z1           \
	VPADDD    Z27, Z1, Z1      \
	VPMOVDB   Z1, X0

// func f32QS8AVX512_x16(y *int8, x *float32, n int, inv, flo, fhi float32, zp int32)
TEXT ·f32QS8AVX512_x16(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	VBROADCASTSS inv+24(FP), Z24
	VBROADCASTSS flo+28(FP), Z25
	VBROADCASTSS fhi+32(FP), Z26
	MOVL zp+36(FP), AX
	VPBROADCASTD AX, Z27
	MOVL $0x80000000, AX
	VPBROADCASTD AX, Z23 // the sign bit
	MOVQ n+16(FP), CX
	TAILMASK
	XORQ DX, DX // element index

qsLoop:
	CMPQ DX, CX
	JGE  qsTail
	VMOVUPS (SI)(DX*4), Z0
	QS8STEP
	VMOVDQU X0, (DI)(DX*1)
	ADDQ    $16, DX
	JMP     qsLoop

qsTail:
	KORTESTW K1, K1
	JZ   qsDone
	VMOVUPS.Z (SI)(DX*4), K1, Z0
	QS8STEP
	VMOVDQU8 X0, K1, (DI)(DX*1)

qsDone:
	VZEROUPPER
	RET

// SIGSTEP computes 16 sigmoids of Z0 into Z6 (see sigmoid1).
#define SIGSTEP \
	VANDPS    Z16, Z0, Z1      \
	VXORPS    Z17, Z1, Z2      \
	VMULPS    Z18, Z2, Z3      \
	VADDPS    Z19, Z3, Z3      \
	VPSUBD    Z19, Z3, Z4      \
	VPADDD    Z20, Z4, Z4      \
	VPSLLD    $23, Z4, Z4      \
	VSUBPS    Z19, Z3, Z3      \
	VMULPS    Z21, Z3, Z5      \
	VSUBPS    Z5, Z2, Z5       \
	VMULPS    Z22, Z3, Z7      \
	VSUBPS    Z7, Z5, Z5       \
	VMULPS    Z5, Z24, Z6      \
	VADDPS    Z25, Z6, Z6      \
	VMULPS    Z5, Z6, Z6       \
	VADDPS    Z26, Z6, Z6      \
	VMULPS    Z5, Z6, Z6       \
	VADDPS    Z27, Z6, Z6      \
	VMULPS    Z5, Z6, Z6       \
	VADDPS    Z28, Z6, Z6      \
	VMULPS    Z5, Z6, Z6       \
	VADDPS    Z29, Z6, Z6      \
	VMULPS    Z5, Z6, Z6       \
	VADDPS    Z30, Z6, Z6      \
	VMULPS    Z4, Z6, Z6       \
	VADDPS    Z30, Z6, Z7      \
	VDIVPS    Z7, Z6, Z6       \
	VCMPPS    $0x1e, Z23, Z1, K2 \
	VMOVAPS   Z31, K2, Z6      \
	VCMPPS    $0x1e, Z31, Z0, K3 \
	VSUBPS    Z6, Z30, Z8      \
	VMOVAPS   Z8, K3, Z6

// func f32SigmoidAVX512_x16(y, x *float32, n int, c *[15]uint32)
TEXT ·f32SigmoidAVX512_x16(SB), NOSPLIT, $0-32
	MOVQ c+24(FP), AX
	VPBROADCASTD 0(AX), Z16  // |x| mask
	VPBROADCASTD 4(AX), Z17  // sign
	VPBROADCASTD 8(AX), Z18  // log2e
	VPBROADCASTD 12(AX), Z19 // magic
	VPBROADCASTD 16(AX), Z20 // 127
	VPBROADCASTD 20(AX), Z21 // ln2 hi
	VPBROADCASTD 24(AX), Z22 // ln2 lo
	VPBROADCASTD 28(AX), Z23 // cutoff
	VPBROADCASTD 32(AX), Z24 // 1/720
	VPBROADCASTD 36(AX), Z25 // 1/120
	VPBROADCASTD 40(AX), Z26 // 1/24
	VPBROADCASTD 44(AX), Z27 // 1/6
	VPBROADCASTD 48(AX), Z28 // 1/2
	VPBROADCASTD 52(AX), Z29 // 1
	VPBROADCASTD 56(AX), Z30 // 1
	VPXORD Z31, Z31, Z31     // 0
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	TAILMASK
	XORQ DX, DX
	SHLQ $2, CX

sigLoop:
	CMPQ DX, CX
	JGE  sigTail
	VMOVUPS (SI)(DX*1), Z0
	SIGSTEP
	VMOVUPS Z6, (DI)(DX*1)
	ADDQ    $64, DX
	JMP     sigLoop

sigTail:
	KORTESTW K1, K1
	JZ   sigDone
	VMOVUPS.Z (SI)(DX*1), K1, Z0
	SIGSTEP
	VMOVUPS Z6, K1, (DI)(DX*1)

sigDone:
	VZEROUPPER
	RET
