//go:build !purego

#include "textflag.h"

// Instructions the Go assembler lacks, as encodings (checked with
// llvm-mc -triple=aarch64 -show-encoding):
//   FCMGT Vd.4S, Vn.4S, Vm.4S  (Vd = Vn > Vm, lane by lane, all ones or zero)
//   BIT   Vd.16B, Vn.16B, Vm.16B  (Vd takes Vn's bits where Vm is set)
#define FCMGT4S(d, n, m) WORD $(0x6EA0E400 | ((m)<<16) | ((n)<<5) | (d))
#define BIT16B(d, n, m) WORD $(0x6EA01C00 | ((m)<<16) | ((n)<<5) | (d))

// CLAMP(x) is Clamp on the 4 lanes of register number x with lo in V30, hi
// in V31, using V29: x = lo where lo > x, then x = hi where x > hi, so NaN
// and -0 pass through as in Go (FMAX and FMIN would not keep -0).
#define CLAMP(x) \
	FCMGT4S(29, 30, x) \
	BIT16B(x, 30, 29)  \
	FCMGT4S(29, x, 31) \
	BIT16B(x, 31, 29)

// ROW multiplies the next A value of one row, broadcast into b, by the
// weights in V24..V27 and adds into that row's 4 accumulators.
#define ROW(ptr, b, a0, a1, a2, a3) \
	VLD1R.P 4(ptr), [b]   \
	VFMLA   V24.S4, b, a0 \
	VFMLA   V25.S4, b, a1 \
	VFMLA   V26.S4, b, a2 \
	VFMLA   V27.S4, b, a3

// func tileNEON(k int, a *float32, lda uintptr, w, c *float32, ldc uintptr, lo, hi float32)
//
// 6 rows x 16 columns: accumulators V0..V23 (row r in V4r..V4r+3), weights
// in V24..V27, broadcast A values in V28 and V29. R1..R6 point at the rows
// of A, R7 walks the panel, R8 counts k down. Per k: 1 four-register load,
// 6 load-replicates, 24 FMLAs.
TEXT ·tileNEON(SB), NOSPLIT, $0-56
	MOVD k+0(FP), R8
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R0
	MOVD w+24(FP), R7
	ADD  R0, R1, R2
	ADD  R0, R2, R3
	ADD  R0, R3, R4
	ADD  R0, R4, R5
	ADD  R0, R5, R6

	VLD1.P 64(R7), [V0.S4, V1.S4, V2.S4, V3.S4]
	VMOV   V0.B16, V4.B16
	VMOV   V1.B16, V5.B16
	VMOV   V2.B16, V6.B16
	VMOV   V3.B16, V7.B16
	VMOV   V0.B16, V8.B16
	VMOV   V1.B16, V9.B16
	VMOV   V2.B16, V10.B16
	VMOV   V3.B16, V11.B16
	VMOV   V0.B16, V12.B16
	VMOV   V1.B16, V13.B16
	VMOV   V2.B16, V14.B16
	VMOV   V3.B16, V15.B16
	VMOV   V0.B16, V16.B16
	VMOV   V1.B16, V17.B16
	VMOV   V2.B16, V18.B16
	VMOV   V3.B16, V19.B16
	VMOV   V0.B16, V20.B16
	VMOV   V1.B16, V21.B16
	VMOV   V2.B16, V22.B16
	VMOV   V3.B16, V23.B16
	CMP    $0, R8
	BLE    neondone

neonloop:
	VLD1.P 64(R7), [V24.S4, V25.S4, V26.S4, V27.S4]
	ROW(R1, V28.S4, V0.S4, V1.S4, V2.S4, V3.S4)
	ROW(R2, V29.S4, V4.S4, V5.S4, V6.S4, V7.S4)
	ROW(R3, V28.S4, V8.S4, V9.S4, V10.S4, V11.S4)
	ROW(R4, V29.S4, V12.S4, V13.S4, V14.S4, V15.S4)
	ROW(R5, V28.S4, V16.S4, V17.S4, V18.S4, V19.S4)
	ROW(R6, V29.S4, V20.S4, V21.S4, V22.S4, V23.S4)
	SUBS   $1, R8, R8
	BNE    neonloop

neondone:
	MOVD    c+32(FP), R10
	MOVD    ldc+40(FP), R11
	MOVD    $lo+48(FP), R9
	VLD1R   (R9), [V30.S4]
	MOVD    $hi+52(FP), R9
	VLD1R   (R9), [V31.S4]
	CLAMP(0)
	CLAMP(1)
	CLAMP(2)
	CLAMP(3)
	VST1    [V0.S4, V1.S4, V2.S4, V3.S4], (R10)
	ADD     R11, R10, R10
	CLAMP(4)
	CLAMP(5)
	CLAMP(6)
	CLAMP(7)
	VST1    [V4.S4, V5.S4, V6.S4, V7.S4], (R10)
	ADD     R11, R10, R10
	CLAMP(8)
	CLAMP(9)
	CLAMP(10)
	CLAMP(11)
	VST1    [V8.S4, V9.S4, V10.S4, V11.S4], (R10)
	ADD     R11, R10, R10
	CLAMP(12)
	CLAMP(13)
	CLAMP(14)
	CLAMP(15)
	VST1    [V12.S4, V13.S4, V14.S4, V15.S4], (R10)
	ADD     R11, R10, R10
	CLAMP(16)
	CLAMP(17)
	CLAMP(18)
	CLAMP(19)
	VST1    [V16.S4, V17.S4, V18.S4, V19.S4], (R10)
	ADD     R11, R10, R10
	CLAMP(20)
	CLAMP(21)
	CLAMP(22)
	CLAMP(23)
	VST1    [V20.S4, V21.S4, V22.S4, V23.S4], (R10)
	RET

// func rowNEON(k int, a, w, c *float32, lo, hi float32)
//
// 1 row x 16 columns: V0..V3. Per k: 1 four-register load, 1
// load-replicate, 4 FMLAs.
TEXT ·rowNEON(SB), NOSPLIT, $0-40
	MOVD   k+0(FP), R8
	MOVD   a+8(FP), R1
	MOVD   w+16(FP), R7
	VLD1.P 64(R7), [V0.S4, V1.S4, V2.S4, V3.S4]
	CMP    $0, R8
	BLE    neonrowdone

neonrowloop:
	VLD1.P 64(R7), [V24.S4, V25.S4, V26.S4, V27.S4]
	ROW(R1, V28.S4, V0.S4, V1.S4, V2.S4, V3.S4)
	SUBS   $1, R8, R8
	BNE    neonrowloop

neonrowdone:
	MOVD  c+24(FP), R10
	MOVD  $lo+32(FP), R9
	VLD1R (R9), [V30.S4]
	MOVD  $hi+36(FP), R9
	VLD1R (R9), [V31.S4]
	CLAMP(0)
	CLAMP(1)
	CLAMP(2)
	CLAMP(3)
	VST1  [V0.S4, V1.S4, V2.S4, V3.S4], (R10)
	RET
