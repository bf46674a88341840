//go:build !purego

#include "textflag.h"

// Accumulation kernels. DI holds the accumArgs pointer; its fields:
#define A_N 0
#define A_NT 8
#define A_TAPS 16
#define A_NP 24
#define A_X 32
#define A_XOFF 40
#define A_XSTEP 48
#define A_W 56
#define A_WOFF 64
#define A_INIT 72
#define A_ACC 80

// Registers:
//	SI  x of the current pixel      R9   acc of the current pixel
//	R8  init                        AX   channel offset of the current tile
//	BX  x + pixel + tile (SI+AX)    DX   w + tile (w+AX)
//	R10, R11  walk xoff and woff    R12  taps left (first: the tail mask)
//	R13, R14  xoff[t] and woff[t]   CX   tile end / channels left

// TAPS_START sets up the tap walk for the tile at AX (whose accumulators
// are loaded) and jumps to done if there are no taps.
#define TAPS_START(done) \
	LEAQ  (SI)(AX*1), BX \
	MOVQ  A_W(DI), DX    \
	ADDQ  AX, DX         \
	MOVQ  A_XOFF(DI), R10 \
	MOVQ  A_WOFF(DI), R11 \
	MOVQ  A_TAPS(DI), R12 \
	TESTQ R12, R12       \
	JZ    done

#define TAP_NEXT(loop) \
	ADDQ $8, R10 \
	ADDQ $8, R11 \
	DECQ R12     \
	JNZ  loop

// func qs8AccumAVX2(a *accumArgs)
TEXT ·qs8AccumAVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), DI
	MOVQ A_X(DI), SI
	MOVQ A_INIT(DI), R8
	MOVQ A_ACC(DI), R9

avx2Pixel:
	XORQ AX, AX

avx2Tile16:
	LEAQ    16(AX), CX
	CMPQ    CX, A_NT(DI)
	JGT     avx2Tile8
	VMOVDQU (R8)(AX*4), Y0
	VMOVDQU 32(R8)(AX*4), Y1
	TAPS_START(avx2Store16)

avx2Tap16:
	MOVQ      (R10), R13
	MOVQ      (R11), R14
	VPMOVSXBD (BX)(R13*1), Y2
	VPMOVSXBD 8(BX)(R13*1), Y3
	VPMOVSXBD (DX)(R14*1), Y4
	VPMOVSXBD 8(DX)(R14*1), Y5
	VPMULLD   Y4, Y2, Y2
	VPMULLD   Y5, Y3, Y3
	VPADDD    Y2, Y0, Y0
	VPADDD    Y3, Y1, Y1
	TAP_NEXT(avx2Tap16)

avx2Store16:
	VMOVDQU Y0, (R9)(AX*4)
	VMOVDQU Y1, 32(R9)(AX*4)
	MOVQ    CX, AX
	JMP     avx2Tile16

avx2Tile8:
	CMPQ    AX, A_NT(DI)
	JGE     avx2NextPixel
	VMOVDQU (R8)(AX*4), Y0
	TAPS_START(avx2Store8)

avx2Tap8:
	MOVQ      (R10), R13
	MOVQ      (R11), R14
	VPMOVSXBD (BX)(R13*1), Y2
	VPMOVSXBD (DX)(R14*1), Y4
	VPMULLD   Y4, Y2, Y2
	VPADDD    Y2, Y0, Y0
	TAP_NEXT(avx2Tap8)

avx2Store8:
	VMOVDQU Y0, (R9)(AX*4)

avx2NextPixel:
	ADDQ A_XSTEP(DI), SI
	MOVQ A_N(DI), CX
	LEAQ (R9)(CX*4), R9
	DECQ A_NP(DI)
	JNZ  avx2Pixel
	VZEROUPPER
	RET

// func qs8AccumAVX512(a *accumArgs)
TEXT ·qs8AccumAVX512(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), DI
	MOVQ A_X(DI), SI
	MOVQ A_INIT(DI), R8
	MOVQ A_ACC(DI), R9
	CMPQ A_NP(DI), $4
	JLT  avx512Pixel

	// Blocks of 4 pixels: per tile of 16 channels (masked: K1), 4
	// accumulators Z0-Z3, one per pixel, share each tap's weights (Z8). In
	// the tap loop R8 holds xstep and DI 3*xstep; both are restored from
	// the arguments around it.
avx512Block:
	XORQ AX, AX

avx512BlockTile:
	MOVQ a+0(FP), DI
	MOVQ A_NT(DI), CX
	SUBQ AX, CX
	JLE  avx512BlockNext
	MOVL $0xffff, R12
	CMPQ CX, $16
	JGE  avx512BlockMask
	MOVL $1, R12
	SHLL CX, R12
	DECL R12

avx512BlockMask:
	KMOVW       R12, K1
	MOVQ        A_INIT(DI), R8
	VMOVDQU32.Z (R8)(AX*4), K1, Z0
	VMOVDQA32   Z0, Z1
	VMOVDQA32   Z0, Z2
	VMOVDQA32   Z0, Z3
	TAPS_START(avx512BlockStore)
	MOVQ        A_XSTEP(DI), R8
	LEAQ        (R8)(R8*2), DI

avx512BlockTap:
	MOVQ        (R10), R13
	ADDQ        BX, R13 // tap of pixel 0; pixel i is i*xstep further
	MOVQ        (R11), R14
	VPMOVSXBD.Z (DX)(R14*1), K1, Z8
	VPMOVSXBD.Z (R13), K1, Z4
	VPMOVSXBD.Z (R13)(R8*1), K1, Z5
	VPMOVSXBD.Z (R13)(R8*2), K1, Z6
	VPMOVSXBD.Z (R13)(DI*1), K1, Z7
	VPMULLD     Z8, Z4, Z4
	VPMULLD     Z8, Z5, Z5
	VPMULLD     Z8, Z6, Z6
	VPMULLD     Z8, Z7, Z7
	VPADDD      Z4, Z0, Z0
	VPADDD      Z5, Z1, Z1
	VPADDD      Z6, Z2, Z2
	VPADDD      Z7, Z3, Z3
	TAP_NEXT(avx512BlockTap)

avx512BlockStore:
	MOVQ      a+0(FP), DI
	MOVQ      A_N(DI), CX
	SHLQ      $2, CX // bytes per pixel of acc
	LEAQ      (R9)(AX*4), R13
	VMOVDQU32 Z0, K1, (R13)
	VMOVDQU32 Z1, K1, (R13)(CX*1)
	VMOVDQU32 Z2, K1, (R13)(CX*2)
	LEAQ      (R13)(CX*2), R13
	VMOVDQU32 Z3, K1, (R13)(CX*1)
	ADDQ      $16, AX
	JMP       avx512BlockTile

avx512BlockNext:
	MOVQ A_XSTEP(DI), CX
	LEAQ (SI)(CX*4), SI
	MOVQ A_N(DI), CX
	SHLQ $4, CX
	ADDQ CX, R9
	SUBQ $4, A_NP(DI)
	CMPQ A_NP(DI), $4
	JGE  avx512Block
	MOVQ A_INIT(DI), R8
	CMPQ A_NP(DI), $0
	JEQ  avx512Done

avx512Pixel:
	XORQ AX, AX

avx512Tile32:
	LEAQ      32(AX), CX
	CMPQ      CX, A_NT(DI)
	JGT       avx512Tail
	VMOVDQU32 (R8)(AX*4), Z0
	VMOVDQU32 64(R8)(AX*4), Z1
	TAPS_START(avx512Store32)

avx512Tap32:
	MOVQ      (R10), R13
	MOVQ      (R11), R14
	VPMOVSXBD (BX)(R13*1), Z2
	VPMOVSXBD 16(BX)(R13*1), Z3
	VPMOVSXBD (DX)(R14*1), Z4
	VPMOVSXBD 16(DX)(R14*1), Z5
	VPMULLD   Z4, Z2, Z2
	VPMULLD   Z5, Z3, Z3
	VPADDD    Z2, Z0, Z0
	VPADDD    Z3, Z1, Z1
	TAP_NEXT(avx512Tap32)

avx512Store32:
	VMOVDQU32 Z0, (R9)(AX*4)
	VMOVDQU32 Z1, 64(R9)(AX*4)
	MOVQ      CX, AX
	JMP       avx512Tile32

avx512Tail:
	// Tiles of 16, masked: K1 has min(nt-AX, 16) low bits set.
	MOVQ A_NT(DI), CX
	SUBQ AX, CX
	JLE  avx512NextPixel
	MOVL $0xffff, R12
	CMPQ CX, $16
	JGE  avx512Mask
	MOVL $1, R12
	SHLL CX, R12
	DECL R12

avx512Mask:
	KMOVW       R12, K1
	VMOVDQU32.Z (R8)(AX*4), K1, Z0
	TAPS_START(avx512Store16)

avx512Tap16:
	MOVQ        (R10), R13
	MOVQ        (R11), R14
	VPMOVSXBD.Z (BX)(R13*1), K1, Z2
	VPMOVSXBD.Z (DX)(R14*1), K1, Z4
	VPMULLD     Z4, Z2, Z2
	VPADDD      Z2, Z0, Z0
	TAP_NEXT(avx512Tap16)

avx512Store16:
	VMOVDQU32 Z0, K1, (R9)(AX*4)
	ADDQ      $16, AX
	JMP       avx512Tail

avx512NextPixel:
	ADDQ A_XSTEP(DI), SI
	MOVQ A_N(DI), CX
	LEAQ (R9)(CX*4), R9
	DECQ A_NP(DI)
	JNZ  avx512Pixel

avx512Done:
	VZEROUPPER
	RET
