//go:build ignore

// gen_arm64 writes dwconvf32_arm64.s. Go's assembler lacks vector FMLA,
// FCMGT and BIT, so the kernel uses WORD encodings behind named macros
// (asm/internal/arm64enc computes, checks with llvm-mc and writes them).
//
// Run: go run gen_arm64.go
package main

import (
	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

var three = f.Three

// FMLA Vd.4S, Vn.4S, Vm.4S: 0 1 0 01110 0 0 1 Rm 11001 1 Rn Rd.
func fmla(d, n, m int) string { return three("fmla", "4s", 0x4E20CC00, d, n, m) }

// FCMGT Vd.4S, Vn.4S, Vm.4S (Vn > Vm): 0 1 1 01110 1 0 1 Rm 11100 1 Rn Rd.
func fcmgt(d, n, m int) string { return three("fcmgt", "4s", 0x6EA0E400, d, n, m) }

// BIT Vd.16B, Vn.16B, Vm.16B (Vd = Vm ? Vn : Vd, bitwise): 0 1 1 01110 10 1 Rm 00011 1 Rn Rd.
func bit(d, n, m int) string { return three("bit", "16b", 0x6EA01C00, d, n, m) }

func main() {
	w := f.W
	w("// func f32DWNEON_c4(a *args)")
	w("TEXT ·f32DWNEON_c4(SB), NOSPLIT, $0-8")
	w("\tMOVD  a+0(FP), R0")
	w("\tMOVWU 88(R0), R1")
	w("\tVDUP  R1, V30.S4 // lo")
	w("\tMOVWU 92(R0), R1")
	w("\tVDUP  R1, V31.S4 // hi")
	w("\tMOVD  24(R0), R1 // np")
	w("\tMOVD  32(R0), R2 // x of the pixel")
	w("\tMOVD  80(R0), R3 // y of the pixel")
	w("\tMOVD  8(R0), R4")
	w("\tLSL   $2, R4, R4 // bytes of channels [0, nt)")
	w("\tMOVD  (R0), R5")
	w("\tLSL   $2, R5, R5 // bytes of a y row")
	w("\tMOVD  48(R0), R6")
	w("\tLSL   $2, R6, R6 // bytes of the x step")
	w("\tMOVD  56(R0), R12 // w")
	w("")
	w("pixel:")
	w("\tMOVD  ZR, R7")
	w("")
	w("block:")
	w("\tCMP   R4, R7")
	w("\tBGE   nextPixel")
	w("\tMOVD  72(R0), R8")
	w("\tADD   R7, R8, R8")
	w("\tVLD1  (R8), [V0.S4] // bias")
	w("\tMOVD  16(R0), R9 // taps")
	w("\tMOVD  40(R0), R10")
	w("\tMOVD  64(R0), R11")
	w("\tCBZ   R9, store")
	w("")
	w("tap:")
	w("\tMOVD.P 8(R10), R13")
	w("\tADD   R13<<2, R2, R13")
	w("\tADD   R7, R13, R13")
	w("\tVLD1  (R13), [V1.S4]")
	w("\tMOVD.P 8(R11), R14")
	w("\tADD   R14<<2, R12, R14")
	w("\tADD   R7, R14, R14")
	w("\tVLD1  (R14), [V2.S4]")
	w("\t%s", fmla(0, 1, 2))
	w("\tSUBS  $1, R9, R9")
	w("\tBNE   tap")
	w("")
	w("store:")
	w("\t%s // lo > acc", fcmgt(3, 30, 0))
	w("\t%s // then lo (NaN and equal values keep acc, as gemmf32.Clamp)", bit(0, 30, 3))
	w("\t%s // acc > hi", fcmgt(3, 0, 31))
	w("\t%s", bit(0, 31, 3))
	w("\tADD   R7, R3, R15")
	w("\tVST1  [V0.S4], (R15)")
	w("\tADD   $16, R7, R7")
	w("\tB     block")
	w("")
	w("nextPixel:")
	w("\tADD   R6, R2, R2")
	w("\tADD   R5, R3, R3")
	w("\tSUBS  $1, R1, R1")
	w("\tBNE   pixel")
	w("\tRET")
	f.Write("dwconvf32_arm64.s",
		"Registers: R0 the args (n 0, nt 8, taps 16, np 24, x 32, xoff 40, xstep 48,",
		"w 56, woff 64, bias 72, y 80, lo 88, hi 92), R1 pixels left, R2/R3 x and y",
		"of the pixel, R7 channel byte offset, R9 taps left, R10/R11 offset walkers.")
}
