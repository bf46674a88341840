//go:build ignore

// gen_arm64 writes up2x_arm64.s. Go's arm64 assembler lacks SSHLL, vector
// MUL/MLA, SSHR and XTN, so the kernels use WORD encodings behind named
// macros (asm/internal/arm64enc computes, checks with llvm-mc and writes
// them).
//
// Run: go run gen_arm64.go
package main

import (
	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

var three = f.Three

var two = f.Two

// Three-same .8H (size 01): MUL 0 1 0 01110 01 1 Rm 10011 1 Rn Rd; MLA opcode 10010; ADD 10000.
func mul8h(d, n, m int) string { return three("mul", "8h", 0x4E609C00, d, n, m) }
func mla8h(d, n, m int) string { return three("mla", "8h", 0x4E609400, d, n, m) }
func add8h(d, n, m int) string { return three("add", "8h", 0x4E608400, d, n, m) }

// SSHLL{2} Vd.8H, Vn.8B/16B, #0 (sign extension): 0 Q 0 011110 0001 000 10100 1 Rn Rd.
func sxtl(d, n int) string  { return two("SXTL_8H", "sshll v%d.8h, v%d.8b, #0", 0x0F08A400, d, n) }
func sxtl2(d, n int) string { return two("SXTL2_8H", "sshll2 v%d.8h, v%d.16b, #0", 0x4F08A400, d, n) }

// SSHR Vd.8H, Vn.8H, #4: immh:immb = 32-4.
func sshr4(d, n int) string {
	return two("SSHR4_8H", "sshr v%d.8h, v%d.8h, #4", 0x4F000400|(32-4)<<16, d, n)
}

// XTN{2} Vd.8B/16B, Vn.8H (truncating): 0 Q 0 01110 00 10000 10010 10 Rn Rd.
func xtn(d, n int) string  { return two("XTN_8B", "xtn v%d.8b, v%d.8h", 0x0E212800, d, n) }
func xtn2(d, n int) string { return two("XTN2_16B", "xtn2 v%d.16b, v%d.8h", 0x4E212800, d, n) }

func main() {
	w := f.W
	// H: R0 e, R1 row, R2 taps, R3 taps left, R4 c, R5 channel counter,
	// R6/R7 pixel addresses; V14/V15 the weights.
	w("// func qs8Up2xHNEON_c16(e *int16, row *int8, taps *Tap, nt, c int)")
	w("TEXT ·qs8Up2xHNEON_c16(SB), NOSPLIT, $0-40")
	w("\tMOVD e+0(FP), R0")
	w("\tMOVD row+8(FP), R1")
	w("\tMOVD taps+16(FP), R2")
	w("\tMOVD nt+24(FP), R3")
	w("\tMOVD c+32(FP), R4")
	w("")
	w("hTap:")
	w("\tMOVW  0(R2), R6 // Off0, sign-extended")
	w("\tMOVW  4(R2), R7 // Off1")
	w("\tADD   R1, R6, R6")
	w("\tADD   R1, R7, R7")
	w("\tMOVH  8(R2), R8")
	w("\tVDUP  R8, V14.H8 // W0")
	w("\tMOVH  10(R2), R8")
	w("\tVDUP  R8, V15.H8 // W1")
	w("\tMOVD  R4, R5")
	w("")
	w("hChan:")
	w("\tVLD1.P 16(R6), [V0.B16]")
	w("\tVLD1.P 16(R7), [V1.B16]")
	w("\t%s", sxtl(2, 0))
	w("\t%s", sxtl2(3, 0))
	w("\t%s", sxtl(4, 1))
	w("\t%s", sxtl2(5, 1))
	w("\t%s", mul8h(2, 2, 14))
	w("\t%s", mul8h(3, 3, 14))
	w("\t%s", mla8h(2, 4, 15))
	w("\t%s", mla8h(3, 5, 15))
	w("\tVST1.P [V2.H8, V3.H8], 32(R0)")
	w("\tSUBS $16, R5, R5")
	w("\tBNE  hChan")
	w("\tADD  $12, R2")
	w("\tSUBS $1, R3, R3")
	w("\tBNE  hTap")
	w("\tRET")
	w("")

	// V: R0 q, R1 e0, R2 e1, R3 n; V14/V15 weights, V13 the rounding 8.
	w("// func qs8Up2xVNEON_x32(q *int8, e0, e1 *int16, n int, w0, w1 int16)")
	w("TEXT ·qs8Up2xVNEON_x32(SB), NOSPLIT, $0-36")
	w("\tMOVD q+0(FP), R0")
	w("\tMOVD e0+8(FP), R1")
	w("\tMOVD e1+16(FP), R2")
	w("\tMOVD n+24(FP), R3")
	w("\tMOVH w0+32(FP), R4")
	w("\tVDUP R4, V14.H8")
	w("\tMOVH w1+34(FP), R4")
	w("\tVDUP R4, V15.H8")
	w("\tMOVW $8, R4")
	w("\tVDUP R4, V13.H8")
	w("")
	w("vLoop:")
	w("\tVLD1.P 64(R1), [V0.H8, V1.H8, V2.H8, V3.H8]")
	w("\tVLD1.P 64(R2), [V4.H8, V5.H8, V6.H8, V7.H8]")
	for i := 0; i < 4; i++ {
		w("\t%s", mul8h(i, i, 14))
	}
	for i := 0; i < 4; i++ {
		w("\t%s", mla8h(i, 4+i, 15))
	}
	for i := 0; i < 4; i++ {
		w("\t%s", add8h(i, i, 13))
	}
	for i := 0; i < 4; i++ {
		w("\t%s", sshr4(i, i))
	}
	w("\t%s", xtn(16, 0))
	w("\t%s", xtn2(16, 1))
	w("\t%s", xtn(17, 2))
	w("\t%s", xtn2(17, 3))
	w("\tVST1.P [V16.B16, V17.B16], 32(R0)")
	w("\tSUBS $32, R3, R3")
	w("\tBNE  vLoop")
	w("\tRET")

	f.Write("up2x_arm64.s",
		"H: per 16 channels of a tap, 2 LD1, 4 SXTL, 2 MUL, 2 MLA (.8H, wrapping), ST1.",
		"V: per 32 values, 2 LD1 of 64 bytes, 4 MUL, 4 MLA, 4 ADD, 4 SSHR #4, 4 XTN",
		"(truncating), ST1.")
}
