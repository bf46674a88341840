//go:build !purego

#include "textflag.h"

// Offsets in vmult.
#define VM_M 0
#define VM_MASK 32
#define VM_THR 64
#define VM_LSHC 160
#define VM_RSHC 176

// MBQM applies the multiplier at R to the 8 int32 lanes of x in place
// (MultiplyByQuantizedMultiplier, see Mult.apply); Y15 holds 2^30 in every
// qword; t1, t2 are clobbered.
//
//	x <<= lsh
//	even/odd int64 products x·M (VPMULDQ reads the even dwords; the odd
//	ones are shifted down first), + 2^30, bits 31..62 of each back into
//	its dword (VPSRLQ 31 for even, VPSLLQ 1 for odd, VPBLENDD)
//	rem = x & mask; rem += x>>31 (-1 when negative); up = rem > thr
//	x = (x >> rsh) - up
#define MBQM(x, t1, t2, R) \
	VPSLLD   VM_LSHC(R), x, x   \
	VPSRLQ   $32, x, t1         \
	VPMULDQ  VM_M(R), x, t2     \
	VPMULDQ  VM_M(R), t1, t1    \
	VPADDQ   Y15, t2, t2        \
	VPADDQ   Y15, t1, t1        \
	VPSRLQ   $31, t2, t2        \
	VPSLLQ   $1, t1, t1         \
	VPBLENDD $0xAA, t1, t2, x   \
	VPAND    VM_MASK(R), x, t1  \
	VPSRAD   $31, x, t2         \
	VPADDD   t2, t1, t1         \
	VPCMPGTD VM_THR(R), t1, t1  \
	VPSRAD   VM_RSHC(R), x, x   \
	VPSUBD   t1, x, x

// RDPOT is a rounding right shift of the 8 int32 lanes of x by the count in
// xmm cnt (ties away from zero), with mask = 2^cnt-1 and thr = mask>>1 in
// every lane; t1, t2 are clobbered.
#define RDPOT(x, cnt, mask, thr, t1, t2) \
	VPAND    mask, x, t1 \
	VPSRAD   $31, x, t2  \
	VPADDD   t2, t1, t1  \
	VPCMPGTD thr, t1, t1 \
	VPSRAD   cnt, x, x   \
	VPSUBD   t1, x, x

// MUL16 forms the 16 int32 products of the int16 lanes of a and b: lo
// gets elements 0-3 and 8-11, hi 4-7 and 12-15 (VPUNPCKLWD/HWD of the low
// and high halves; VPACKSSDW hi, lo restores the order).
#define MUL16(a, b, lo, hi, t) \
	VPMULLW    b, a, lo \
	VPMULHW    b, a, t  \
	VPUNPCKHWD t, lo, hi \
	VPUNPCKLWD t, lo, lo

// TRUNC16 keeps the low 16 bits of each int32 lane, sign-extended (Go's
// int16(int32)), so that VPACKSSDW then packs without saturating.
#define TRUNC16(x) \
	VPSLLD $16, x, x \
	VPSRAD $16, x, x

// func qs16LSTMGateAVX2_x16(v *int16, a, b *int32, n int, ma, mb *vmult)
TEXT ·qs16LSTMGateAVX2_x16(SB), NOSPLIT, $0-48
	MOVQ v+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ ma+32(FP), R8
	MOVQ mb+40(FP), R9
	MOVQ $0x40000000, AX
	MOVQ AX, X15
	VPBROADCASTQ X15, Y15
	MOVL $-32768, AX
	MOVQ AX, X14
	VPBROADCASTD X14, Y14
	MOVL $32767, AX
	MOVQ AX, X13
	VPBROADCASTD X13, Y13

gateLoop:
	VMOVDQU  (SI), Y0
	VMOVDQU  32(SI), Y1
	MBQM(Y0, Y4, Y5, R8)
	MBQM(Y1, Y6, Y7, R8)
	VPMAXSD  Y14, Y0, Y0
	VPMAXSD  Y14, Y1, Y1
	VPMINSD  Y13, Y0, Y0
	VPMINSD  Y13, Y1, Y1
	VMOVDQU  (DX), Y2
	VMOVDQU  32(DX), Y3
	MBQM(Y2, Y4, Y5, R9)
	MBQM(Y3, Y6, Y7, R9)
	VPADDD   Y0, Y2, Y2
	VPADDD   Y1, Y3, Y3
	VPACKSSDW Y3, Y2, Y2 // saturating: sat16 of the sums, qwords 0,2,1,3
	VPERMQ   $0xD8, Y2, Y2
	VMOVDQU  Y2, (DI)
	ADDQ     $64, SI
	ADDQ     $64, DX
	ADDQ     $32, DI
	SUBQ     $16, CX
	JNZ      gateLoop
	VZEROUPPER
	RET

// func qs16LSTMCellAVX2_x16(c, ig, fg, gg *int16, n, shift int, hi, lo int16, cifg int)
TEXT ·qs16LSTMCellAVX2_x16(SB), NOSPLIT, $0-64
	MOVQ c+0(FP), DI
	MOVQ ig+8(FP), SI
	MOVQ fg+16(FP), DX
	MOVQ gg+24(FP), R8
	MOVQ shift+40(FP), CX
	MOVQ CX, X12 // count for the input·cell product
	MOVL $1, BX
	SHLL CX, BX
	DECL BX
	MOVQ BX, X10
	VPBROADCASTD X10, Y10 // its mask
	SHRL $1, BX
	MOVQ BX, X11
	VPBROADCASTD X11, Y11 // its threshold
	MOVL $0x7fff, AX
	MOVQ AX, X8
	VPBROADCASTD X8, Y8   // mask for 15
	MOVL $0x3fff, AX
	MOVQ AX, X9
	VPBROADCASTD X9, Y9   // threshold for 15
	MOVW $32767, AX
	MOVQ AX, X13
	VPBROADCASTW X13, Y13
	MOVWQSX hi+48(FP), AX
	MOVQ AX, X14
	VPBROADCASTW X14, Y14
	MOVWQSX lo+50(FP), AX
	MOVQ AX, X15
	VPBROADCASTW X15, Y15
	MOVQ cifg+56(FP), R9
	MOVQ n+32(FP), CX

cellLoop:
	VMOVDQU (DX), Y0 // f
	VMOVDQU (DI), Y1 // c
	MUL16(Y0, Y1, Y2, Y3, Y4)
	RDPOT(Y2, $15, Y8, Y9, Y6, Y7)
	RDPOT(Y3, $15, Y8, Y9, Y6, Y7)
	TRUNC16(Y2)
	TRUNC16(Y3)
	VPACKSSDW Y3, Y2, Y2 // f·c term, int16, in order
	TESTQ   R9, R9
	JZ      cellInput
	VPSUBW  Y0, Y13, Y0  // CIFG: i = 32767 - f
	JMP     cellHaveInput

cellInput:
	VMOVDQU (SI), Y0

cellHaveInput:
	VMOVDQU (R8), Y1 // g
	MUL16(Y0, Y1, Y3, Y5, Y4)
	RDPOT(Y3, X12, Y10, Y11, Y6, Y7)
	RDPOT(Y5, X12, Y10, Y11, Y6, Y7)
	TRUNC16(Y3)
	TRUNC16(Y5)
	VPACKSSDW Y5, Y3, Y3 // i·g term
	VPADDSW Y3, Y2, Y2
	VPMINSW Y14, Y2, Y2
	VPMAXSW Y15, Y2, Y2
	VMOVDQU Y2, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	SUBQ    $16, CX
	JNZ     cellLoop
	VZEROUPPER
	RET

// func qs8LSTMHiddenAVX2_x16(m *int8, o, t *int16, n int, q *vmult, zp int32)
TEXT ·qs8LSTMHiddenAVX2_x16(SB), NOSPLIT, $0-44
	MOVQ m+0(FP), DI
	MOVQ o+8(FP), SI
	MOVQ t+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ q+32(FP), R8
	MOVL zp+40(FP), AX
	MOVQ AX, X14
	VPBROADCASTD X14, Y14
	MOVQ $0x40000000, AX
	MOVQ AX, X15
	VPBROADCASTQ X15, Y15

hiddenLoop:
	VMOVDQU (SI), Y0
	VMOVDQU (DX), Y1
	MUL16(Y0, Y1, Y2, Y3, Y4)
	MBQM(Y2, Y4, Y5, R8)
	MBQM(Y3, Y6, Y7, R8)
	VPSUBD    Y14, Y2, Y2
	VPSUBD    Y14, Y3, Y3
	VPACKSSDW Y3, Y2, Y2 // 16 int16 in order
	VPACKSSWB Y2, Y2, Y2 // bytes 0-7 in lane 0, 8-15 in lane 1
	VPERMQ    $0x08, Y2, Y2
	VMOVDQU   X2, (DI)
	ADDQ      $16, DI
	ADDQ      $32, SI
	ADDQ      $32, DX
	SUBQ      $16, CX
	JNZ       hiddenLoop
	VZEROUPPER
	RET
