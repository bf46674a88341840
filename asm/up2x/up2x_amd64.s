//go:build !purego

#include "textflag.h"

// func qs8Up2xHAVX2_c8(e *int16, row *int8, taps *Tap, nt, c int)
TEXT ·qs8Up2xHAVX2_c8(SB), NOSPLIT, $0-40
	MOVQ e+0(FP), DI
	MOVQ row+8(FP), SI
	MOVQ taps+16(FP), R8
	MOVQ nt+24(FP), R9
	MOVQ c+32(FP), CX
	MOVQ CX, BX
	ANDQ $-16, BX // channels in whole 16s

hTap:
	MOVLQSX      0(R8), R10 // Off0
	MOVLQSX      4(R8), R11 // Off1
	ADDQ         SI, R10
	ADDQ         SI, R11
	VPBROADCASTW 8(R8), Y14 // W0
	VPBROADCASTW 10(R8), Y15 // W1
	XORQ         AX, AX

hChan:
	CMPQ      AX, BX
	JGE       hTail
	VPMOVSXBW (R10)(AX*1), Y0
	VPMOVSXBW (R11)(AX*1), Y1
	VPMULLW   Y14, Y0, Y0
	VPMULLW   Y15, Y1, Y1
	VPADDW    Y1, Y0, Y0
	VMOVDQU   Y0, (DI)
	ADDQ      $32, DI
	ADDQ      $16, AX
	JMP       hChan

hTail:
	// The last 8 channels when c is an odd multiple of 8.
	CMPQ      AX, CX
	JGE       hNext
	VPMOVSXBW (R10)(AX*1), X0
	VPMOVSXBW (R11)(AX*1), X1
	VPMULLW   X14, X0, X0
	VPMULLW   X15, X1, X1
	VPADDW    X1, X0, X0
	VMOVDQU   X0, (DI)
	ADDQ      $16, DI

hNext:
	ADDQ $12, R8
	DECQ R9
	JNZ  hTap
	VZEROUPPER
	RET

TEXT ·qs8Up2xVAVX2_x32(SB), NOSPLIT, $0-36
	MOVQ q+0(FP), DI
	MOVQ e0+8(FP), SI
	MOVQ e1+16(FP), DX
	MOVQ n+24(FP), CX
	VPBROADCASTW w0+32(FP), Y14
	VPBROADCASTW w1+34(FP), Y15
	MOVL $8, AX
	MOVQ AX, X13
	VPBROADCASTW X13, Y13 // rounding
	MOVL $0xff, AX
	MOVQ AX, X12
	VPBROADCASTW X12, Y12 // low-byte mask

vLoop:
	VMOVDQU   (SI), Y0
	VMOVDQU   32(SI), Y1
	VPMULLW   (DX), Y15, Y2
	VPMULLW   32(DX), Y15, Y3
	VPMULLW   Y14, Y0, Y0
	VPMULLW   Y14, Y1, Y1
	VPADDW    Y2, Y0, Y0
	VPADDW    Y3, Y1, Y1
	VPADDW    Y13, Y0, Y0
	VPADDW    Y13, Y1, Y1
	VPSRAW    $4, Y0, Y0
	VPSRAW    $4, Y1, Y1
	VPAND     Y12, Y0, Y0
	VPAND     Y12, Y1, Y1
	VPACKUSWB Y1, Y0, Y0 // qwords 0,2,1,3 of the result
	VPERMQ    $0xD8, Y0, Y0
	VMOVDQU   Y0, (DI)
	ADDQ      $32, DI
	ADDQ      $64, SI
	ADDQ      $64, DX
	SUBQ      $32, CX
	JNZ       vLoop
	VZEROUPPER
	RET
