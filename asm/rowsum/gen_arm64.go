//go:build ignore

// gen_arm64 writes rowsum_arm64.s. Go's assembler lacks vector FADD,
// SSHLL and SADDW, so the kernels use WORD encodings behind named macros
// (asm/internal/arm64enc computes, checks with llvm-mc and writes them).
//
// Run: go run gen_arm64.go
package main

import (
	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

func main() {
	w := f.W
	fadd := f.Def("FADD_4S_V0_V0_V1", "fadd v0.4s, v0.4s, v1.4s", arm64enc.Reg3(0x4E20D400, 0, 0, 1))
	sxtl := f.Def("SXTL_8H_V2_V2", "sshll v2.8h, v2.8b, #0", arm64enc.Reg2(0x0F08A400, 2, 2))
	saddw := f.Def("SADDW_4S_V0_V0_V2", "saddw v0.4s, v0.4s, v2.4h", arm64enc.Reg3(0x0E601000, 0, 0, 2))
	saddw2 := f.Def("SADDW2_4S_V1_V1_V2", "saddw2 v1.4s, v1.4s, v2.8h", arm64enc.Reg3(0x4E601000, 1, 1, 2))

	// R0 acc, R1 x, R2 n (a positive multiple of the step), R3 rows, R4 stride
	// in bytes, R5 channel byte offset in x, R6 row walker, R7 rows left, R8 acc walker.
	w("// func f32RowSumNEON_x4(acc, x *float32, n, rows, stride int)")
	w("TEXT ·f32RowSumNEON_x4(SB), NOSPLIT, $0-40")
	w("\tMOVD acc+0(FP), R0")
	w("\tMOVD x+8(FP), R1")
	w("\tMOVD n+16(FP), R2")
	w("\tMOVD rows+24(FP), R3")
	w("\tMOVD stride+32(FP), R4")
	w("\tLSL  $2, R4, R4")
	w("\tMOVD ZR, R5")
	w("")
	w("fBlock:")
	w("\tADD  R5, R0, R8")
	w("\tVLD1 (R8), [V0.S4]")
	w("\tADD  R5, R1, R6")
	w("\tMOVD R3, R7")
	w("")
	w("fRow:")
	w("\tVLD1 (R6), [V1.S4]")
	w("\t%s", fadd)
	w("\tADD  R4, R6, R6")
	w("\tSUBS $1, R7, R7")
	w("\tBNE  fRow")
	w("\tVST1 [V0.S4], (R8)")
	w("\tADD  $16, R5, R5")
	w("\tSUBS $4, R2, R2")
	w("\tBNE  fBlock")
	w("\tRET")
	w("")
	w("// func s8RowSumNEON_x8(acc *int32, x *int8, n, rows, stride int)")
	w("TEXT ·s8RowSumNEON_x8(SB), NOSPLIT, $0-40")
	w("\tMOVD acc+0(FP), R0")
	w("\tMOVD x+8(FP), R1")
	w("\tMOVD n+16(FP), R2")
	w("\tMOVD rows+24(FP), R3")
	w("\tMOVD stride+32(FP), R4")
	w("\tMOVD ZR, R5 // channel offset (bytes of x)")
	w("")
	w("sBlock:")
	w("\tADD  R5<<2, R0, R8")
	w("\tVLD1 (R8), [V0.S4, V1.S4]")
	w("\tADD  R5, R1, R6")
	w("\tMOVD R3, R7")
	w("")
	w("sRow:")
	w("\tVLD1 (R6), [V2.B8]")
	w("\t%s", sxtl)
	w("\t%s", saddw)
	w("\t%s", saddw2)
	w("\tADD  R4, R6, R6")
	w("\tSUBS $1, R7, R7")
	w("\tBNE  sRow")
	w("\tVST1 [V0.S4, V1.S4], (R8)")
	w("\tADD  $8, R5, R5")
	w("\tSUBS $8, R2, R2")
	w("\tBNE  sBlock")
	w("\tRET")
	f.Write("rowsum_arm64.s",
		"float: per 4 accumulators, per row one LD1 and one FADD;",
		"int8: per 8 accumulators, per row one LD1 (8 bytes), SSHLL, SADDW, SADDW2.")
}
