//go:build !purego

#include "textflag.h"

// Register use, both kernels:
//	SI, R12, R13, BX  A rows 0-3 (fixed; AX is the byte offset into K)
//	DI                packed B, advancing through the panels
//	R8                offs (AVX2); 4-row blocks left (VNNI)
//	R9                base, advancing by panel
//	R11               C row 0, advancing by panel (rows at R11+offs[4+r])
//	CX                end of K in bytes of A (kb*KC)
//	R14               panels left
//	DX                scratch

// func qs8GemmAVX512VNNI_4x32c4(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int, mb, astep, cstep int, mask uint64)
//
// Besides the registers above: R8 counts the 4-row blocks left, and the
// frame holds the current block's A and C; K1 is the column mask of the
// partial last panel.
TEXT ·qs8GemmAVX512VNNI_4x32c4(SB), NOSPLIT, $16-88
	MOVQ a+0(FP), AX
	MOVQ AX, acur-8(SP)
	MOVQ c+24(FP), AX
	MOVQ AX, ccur-16(SP)
	MOVQ kb+32(FP), CX
	MOVQ CX, R10
	SHLQ $6, R10 // R10: bytes of one panel (kb*64)
	SHLQ $2, CX
	MOVL $0x80808080, DX
	VPBROADCASTD DX, Z31 // 0x80 in every byte: A^0x80 = A+128 as unsigned
	MOVQ mask+80(FP), DX
	KMOVW DX, K1
	MOVQ mb+56(FP), R8

vnniBlock:
	// A rows and C of this block; B, base and the panel count restart.
	MOVQ offs+48(FP), DX
	MOVQ acur-8(SP), SI
	MOVQ 8(DX), R12
	ADDQ SI, R12
	MOVQ 16(DX), R13
	ADDQ SI, R13
	MOVQ 24(DX), BX
	ADDQ SI, BX
	ADDQ (DX), SI
	MOVQ ccur-16(SP), R11
	MOVQ b+8(FP), DI
	MOVQ base+16(FP), R9
	MOVQ np+40(FP), R14

vnniPairs:
	CMPQ R14, $2
	JLT  vnniSingle
	VMOVDQU32 (R9), Z0
	VMOVDQU32 64(R9), Z1
	VMOVDQA32 Z0, Z2
	VMOVDQA32 Z1, Z3
	VMOVDQA32 Z0, Z4
	VMOVDQA32 Z1, Z5
	VMOVDQA32 Z0, Z6
	VMOVDQA32 Z1, Z7
	XORQ AX, AX

vnniPairLoop:
	VMOVDQU32    (DI), Z8        // panel p: 16 columns x 4 k
	VMOVDQU32    (DI)(R10*1), Z9 // panel p+1
	VPBROADCASTD (SI)(AX*1), Z10
	VPBROADCASTD (R12)(AX*1), Z11
	VPBROADCASTD (R13)(AX*1), Z12
	VPBROADCASTD (BX)(AX*1), Z13
	VPXORD       Z31, Z10, Z10
	VPXORD       Z31, Z11, Z11
	VPXORD       Z31, Z12, Z12
	VPXORD       Z31, Z13, Z13
	VPDPBUSD     Z8, Z10, Z0     // Z0 += u8(Z10) . s8(Z8), 4 products per int32 lane
	VPDPBUSD     Z9, Z10, Z1
	VPDPBUSD     Z8, Z11, Z2
	VPDPBUSD     Z9, Z11, Z3
	VPDPBUSD     Z8, Z12, Z4
	VPDPBUSD     Z9, Z12, Z5
	VPDPBUSD     Z8, Z13, Z6
	VPDPBUSD     Z9, Z13, Z7
	ADDQ         $64, DI
	ADDQ         $4, AX
	CMPQ         AX, CX
	JLT          vnniPairLoop

	MOVQ      offs+48(FP), DX
	MOVQ      32(DX), AX
	VMOVDQU32 Z0, (R11)(AX*1)
	VMOVDQU32 Z1, 64(R11)(AX*1)
	MOVQ      40(DX), AX
	VMOVDQU32 Z2, (R11)(AX*1)
	VMOVDQU32 Z3, 64(R11)(AX*1)
	MOVQ      48(DX), AX
	VMOVDQU32 Z4, (R11)(AX*1)
	VMOVDQU32 Z5, 64(R11)(AX*1)
	MOVQ      56(DX), AX
	VMOVDQU32 Z6, (R11)(AX*1)
	VMOVDQU32 Z7, 64(R11)(AX*1)
	ADDQ      R10, DI // skip panel p+1, already read
	ADDQ      $128, R9
	ADDQ      $128, R11
	SUBQ      $2, R14
	JMP       vnniPairs

vnniSingle:
	// R14 is 0 or 1 full panel here; then the partial one if the mask is
	// not 0.
	TESTQ R14, R14
	JNZ   vnniOne
	CMPQ  mask+80(FP), $0
	JEQ   vnniNext

vnniOne:
	VMOVDQU32 (R9), Z0
	VMOVDQA32 Z0, Z2
	VMOVDQA32 Z0, Z4
	VMOVDQA32 Z0, Z6
	XORQ AX, AX

vnniSingleLoop:
	VMOVDQU32    (DI), Z8
	VPBROADCASTD (SI)(AX*1), Z10
	VPBROADCASTD (R12)(AX*1), Z11
	VPBROADCASTD (R13)(AX*1), Z12
	VPBROADCASTD (BX)(AX*1), Z13
	VPXORD       Z31, Z10, Z10
	VPXORD       Z31, Z11, Z11
	VPXORD       Z31, Z12, Z12
	VPXORD       Z31, Z13, Z13
	VPDPBUSD     Z8, Z10, Z0
	VPDPBUSD     Z8, Z11, Z2
	VPDPBUSD     Z8, Z12, Z4
	VPDPBUSD     Z8, Z13, Z6
	ADDQ         $64, DI
	ADDQ         $4, AX
	CMPQ         AX, CX
	JLT          vnniSingleLoop

	MOVQ offs+48(FP), DX
	TESTQ R14, R14
	JZ    vnniMasked
	MOVQ      32(DX), AX
	VMOVDQU32 Z0, (R11)(AX*1)
	MOVQ      40(DX), AX
	VMOVDQU32 Z2, (R11)(AX*1)
	MOVQ      48(DX), AX
	VMOVDQU32 Z4, (R11)(AX*1)
	MOVQ      56(DX), AX
	VMOVDQU32 Z6, (R11)(AX*1)
	ADDQ      $64, R9
	ADDQ      $64, R11
	XORQ      R14, R14
	JMP       vnniSingle

vnniMasked:
	// The partial last panel: only the mask's columns are stored.
	MOVQ      32(DX), AX
	VMOVDQU32 Z0, K1, (R11)(AX*1)
	MOVQ      40(DX), AX
	VMOVDQU32 Z2, K1, (R11)(AX*1)
	MOVQ      48(DX), AX
	VMOVDQU32 Z4, K1, (R11)(AX*1)
	MOVQ      56(DX), AX
	VMOVDQU32 Z6, K1, (R11)(AX*1)

vnniNext:
	MOVQ astep+64(FP), AX
	ADDQ AX, acur-8(SP)
	MOVQ cstep+72(FP), AX
	ADDQ AX, ccur-16(SP)
	DECQ R8
	JNZ  vnniBlock
	VZEROUPPER
	RET

// func qs8GemmAVX2_4x4c8(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int)
TEXT ·qs8GemmAVX2_4x4c8(SB), NOSPLIT, $0-56
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ base+16(FP), R9
	MOVQ c+24(FP), R11
	MOVQ kb+32(FP), CX
	MOVQ np+40(FP), R14
	MOVQ offs+48(FP), R8
	MOVQ 8(R8), R12
	ADDQ SI, R12
	MOVQ 16(R8), R13
	ADDQ SI, R13
	MOVQ 24(R8), BX
	ADDQ SI, BX
	ADDQ (R8), SI
	SHLQ $3, CX

avx2Panel:
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	VPXOR Y4, Y4, Y4
	VPXOR Y5, Y5, Y5
	VPXOR Y6, Y6, Y6
	VPXOR Y7, Y7, Y7
	XORQ  AX, AX

avx2Loop:
	VPBROADCASTQ (SI)(AX*1), X8 // 8 bytes of A, twice
	VPBROADCASTQ (R12)(AX*1), X9
	VPBROADCASTQ (R13)(AX*1), X10
	VPBROADCASTQ (BX)(AX*1), X11
	VPMOVSXBW    X8, Y8         // int16: a0..a7 | a0..a7
	VPMOVSXBW    X9, Y9
	VPMOVSXBW    X10, Y10
	VPMOVSXBW    X11, Y11
	VMOVDQU      (DI), Y14      // int16: column 0 k0..7 | column 1 k0..7
	VMOVDQU      32(DI), Y15    // columns 2 | 3
	VPMADDWD     Y14, Y8, Y12
	VPADDD       Y12, Y0, Y0
	VPMADDWD     Y15, Y8, Y13
	VPADDD       Y13, Y1, Y1
	VPMADDWD     Y14, Y9, Y12
	VPADDD       Y12, Y2, Y2
	VPMADDWD     Y15, Y9, Y13
	VPADDD       Y13, Y3, Y3
	VPMADDWD     Y14, Y10, Y12
	VPADDD       Y12, Y4, Y4
	VPMADDWD     Y15, Y10, Y13
	VPADDD       Y13, Y5, Y5
	VPMADDWD     Y14, Y11, Y12
	VPADDD       Y12, Y6, Y6
	VPMADDWD     Y15, Y11, Y13
	VPADDD       Y13, Y7, Y7
	ADDQ         $64, DI
	ADDQ         $8, AX
	CMPQ         AX, CX
	JLT          avx2Loop

	// Row r: Y(2r) = c0 x4 | c1 x4, Y(2r+1) = c2 x4 | c3 x4 partial sums.
	VMOVDQU     (R9), X15
	VPHADDD     Y1, Y0, Y12  // c0 c0 c2 c2 | c1 c1 c3 c3
	VPHADDD     Y12, Y12, Y12 // c0 c2 c0 c2 | c1 c3 c1 c3
	VEXTRACTI128 $1, Y12, X13
	VPUNPCKLDQ  X13, X12, X12 // c0 c1 c2 c3
	VPADDD      X15, X12, X12
	MOVQ        32(R8), DX
	VMOVDQU     X12, (R11)(DX*1)
	VPHADDD     Y3, Y2, Y12
	VPHADDD     Y12, Y12, Y12
	VEXTRACTI128 $1, Y12, X13
	VPUNPCKLDQ  X13, X12, X12
	VPADDD      X15, X12, X12
	MOVQ        40(R8), DX
	VMOVDQU     X12, (R11)(DX*1)
	VPHADDD     Y5, Y4, Y12
	VPHADDD     Y12, Y12, Y12
	VEXTRACTI128 $1, Y12, X13
	VPUNPCKLDQ  X13, X12, X12
	VPADDD      X15, X12, X12
	MOVQ        48(R8), DX
	VMOVDQU     X12, (R11)(DX*1)
	VPHADDD     Y7, Y6, Y12
	VPHADDD     Y12, Y12, Y12
	VEXTRACTI128 $1, Y12, X13
	VPUNPCKLDQ  X13, X12, X12
	VPADDD      X15, X12, X12
	MOVQ        56(R8), DX
	VMOVDQU     X12, (R11)(DX*1)
	ADDQ        $16, R9
	ADDQ        $16, R11
	DECQ        R14
	JNZ         avx2Panel

	VZEROUPPER
	RET

// func qs8GemvAVX512VNNI_1x64c4(a *int8, b *byte, base *int32, c *int32, kb, np int)
TEXT ·qs8GemvAVX512VNNI_1x64c4(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ base+16(FP), R9
	MOVQ c+24(FP), R11
	MOVQ kb+32(FP), CX
	MOVQ np+40(FP), R14
	MOVQ CX, R10
	SHLQ $6, R10          // R10: bytes of one panel (kb*64)
	LEAQ (R10)(R10*2), R12 // R12: three panels
	SHLQ $2, CX           // CX: bytes of A (kb*4)
	MOVL $0x80808080, DX
	VPBROADCASTD DX, Z31

gemvQuads:
	CMPQ R14, $4
	JLT  gemvSingles
	VMOVDQU32 (R9), Z0
	VMOVDQU32 64(R9), Z1
	VMOVDQU32 128(R9), Z2
	VMOVDQU32 192(R9), Z3
	XORQ AX, AX

gemvQuadLoop:
	VPBROADCASTD (SI)(AX*1), Z8
	VPXORD       Z31, Z8, Z8
	VPDPBUSD     (DI), Z8, Z0         // panel p
	VPDPBUSD     (DI)(R10*1), Z8, Z1  // panel p+1
	VPDPBUSD     (DI)(R10*2), Z8, Z2  // panel p+2
	VPDPBUSD     (DI)(R12*1), Z8, Z3  // panel p+3
	ADDQ         $64, DI
	ADDQ         $4, AX
	CMPQ         AX, CX
	JLT          gemvQuadLoop

	VMOVDQU32 Z0, (R11)
	VMOVDQU32 Z1, 64(R11)
	VMOVDQU32 Z2, 128(R11)
	VMOVDQU32 Z3, 192(R11)
	ADDQ      R12, DI // skip panels p+1..p+3, already read
	ADDQ      $256, R9
	ADDQ      $256, R11
	SUBQ      $4, R14
	JMP       gemvQuads

gemvSingles:
	TESTQ R14, R14
	JZ    gemvDone
	VMOVDQU32 (R9), Z0
	XORQ AX, AX

gemvSingleLoop:
	VPBROADCASTD (SI)(AX*1), Z8
	VPXORD       Z31, Z8, Z8
	VPDPBUSD     (DI), Z8, Z0
	ADDQ         $64, DI
	ADDQ         $4, AX
	CMPQ         AX, CX
	JLT          gemvSingleLoop

	VMOVDQU32 Z0, (R11)
	ADDQ      $64, R9
	ADDQ      $64, R11
	DECQ      R14
	JMP       gemvSingles

gemvDone:
	VZEROUPPER
	RET
