//go:build ignore

// gen_arm64 writes gemm_arm64.s. Go's arm64 assembler has no SDOT, SMULL
// or SADALP, so the kernels use WORD encodings behind named macros. This
// program computes them from the Arm ARM encoding formulas; package
// arm64enc collects them, checks every one with llvm-mc -mattr=+dotprod
// (when installed) and writes the file.
//
// Run from this directory: go run gen_arm64.go
package main

import (
	"fmt"

	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "+dotprod")

// SDOT Vd.4S, Vn.16B, Vm.4B[0]: 0 1 0 01111 10 L M Rm 1110 H 0 Rn Rd.
func sdot(d, n, m int) string {
	return f.Def(fmt.Sprintf("SDOT_V%d_V%d_V%d_0", d, n, m), fmt.Sprintf("sdot v%d.4s, v%d.16b, v%d.4b[0]", d, n, m),
		arm64enc.Reg3(0x4F80E000, d, n, m))
}

// SMULL{2} Vd.8H, Vn.8B/16B, Vm.8B/16B: 0 Q 0 01110 00 1 Rm 1100 00 Rn Rd.
func smull(hi bool, d, n, m int) string {
	if hi {
		return f.Def(fmt.Sprintf("SMULL2_V%d_V%d_V%d", d, n, m), fmt.Sprintf("smull2 v%d.8h, v%d.16b, v%d.16b", d, n, m),
			arm64enc.Reg3(0x4E20C000, d, n, m))
	}
	return f.Def(fmt.Sprintf("SMULL_V%d_V%d_V%d", d, n, m), fmt.Sprintf("smull v%d.8h, v%d.8b, v%d.8b", d, n, m),
		arm64enc.Reg3(0x0E20C000, d, n, m))
}

// SADALP Vd.4S, Vn.8H: 0 1 0 01110 01 10000 00110 10 Rn Rd.
func sadalp(d, n int) string {
	return f.Def(fmt.Sprintf("SADALP_V%d_V%d", d, n), fmt.Sprintf("sadalp v%d.4s, v%d.8h", d, n),
		arm64enc.Reg2(0x4E606800, d, n))
}

func main() {
	prologue := func(name string) {
		f.W("// func %s(a *int8, b *byte, base *int32, c *int32, kb, np int, offs *[8]int)", name)
		f.W("TEXT ·%s(SB), NOSPLIT, $0-56", name)
		f.W("\tMOVD a+0(FP), R0")
		f.W("\tMOVD b+8(FP), R8")
		f.W("\tMOVD base+16(FP), R9")
		f.W("\tMOVD c+24(FP), R10")
		f.W("\tMOVD kb+32(FP), R11")
		f.W("\tMOVD np+40(FP), R12")
		f.W("\tMOVD offs+48(FP), R13")
		f.W("\tMOVD 8(R13), R1")
		f.W("\tADD  R0, R1")
		f.W("\tMOVD 16(R13), R2")
		f.W("\tADD  R0, R2")
		f.W("\tMOVD 24(R13), R3")
		f.W("\tADD  R0, R3")
		f.W("\tMOVD (R13), R4")
		f.W("\tADD  R4, R0")
		f.W("\tMOVD 32(R13), R19")
		f.W("\tMOVD 40(R13), R20")
		f.W("\tMOVD 48(R13), R21")
		f.W("\tMOVD 56(R13), R22")
	}
	rowsReset := func() {
		f.W("\tMOVD R0, R4")
		f.W("\tMOVD R1, R5")
		f.W("\tMOVD R2, R6")
		f.W("\tMOVD R3, R7")
		f.W("\tMOVD R11, R14")
	}

	// Dot product kernel: 4 rows x 16 columns, K in blocks of 4.
	// Accumulator for row r, columns 4j..4j+3: V(16+4r+j). B: V0-V3. A: V4-V7.
	prologue("qs8GemmDotProd_4x16c4")
	f.W("\ndotPanel:")
	for r := 0; r < 4; r++ {
		f.W("\tVLD1 (R9), [V%d.S4, V%d.S4, V%d.S4, V%d.S4]", 16+4*r, 17+4*r, 18+4*r, 19+4*r)
	}
	rowsReset()
	f.W("\ndotLoop:")
	f.W("\tVLD1.P 64(R8), [V0.B16, V1.B16, V2.B16, V3.B16] // 16 columns x 4 k")
	for r := 0; r < 4; r++ {
		f.W("\tFMOVS.P 4(R%d), F%d // 4 bytes of A row %d", 4+r, 4+r, r)
	}
	for r := 0; r < 4; r++ {
		for j := 0; j < 4; j++ {
			f.W("\t%s", sdot(16+4*r+j, j, 4+r))
		}
	}
	f.W("\tSUBS $1, R14, R14")
	f.W("\tBNE  dotLoop")
	for r := 0; r < 4; r++ {
		f.W("\tADD  R%d, R10, R15", 19+r)
		f.W("\tVST1 [V%d.S4, V%d.S4, V%d.S4, V%d.S4], (R15)", 16+4*r, 17+4*r, 18+4*r, 19+4*r)
	}
	f.W("\tADD  $64, R9")
	f.W("\tADD  $64, R10")
	f.W("\tSUBS $1, R12, R12")
	f.W("\tBNE  dotPanel")
	f.W("\tRET\n")

	// DotProd matrix-vector kernel: one row of A, panels two at a time
	// (accumulators V16-V19 and V20-V23), then a last single panel.
	// R0 A, R1 packed B, R2 base, R3 C, R4 kb, R5 panels left, R6 bytes of
	// a panel, R7 A walker, R8/R9 B walkers, R10 K blocks left.
	f.W("// func qs8GemvDotProd_1x32c4(a *int8, b *byte, base *int32, c *int32, kb, np int)")
	f.W("TEXT ·qs8GemvDotProd_1x32c4(SB), NOSPLIT, $0-48")
	f.W("\tMOVD a+0(FP), R0")
	f.W("\tMOVD b+8(FP), R1")
	f.W("\tMOVD base+16(FP), R2")
	f.W("\tMOVD c+24(FP), R3")
	f.W("\tMOVD kb+32(FP), R4")
	f.W("\tMOVD np+40(FP), R5")
	f.W("\tLSL  $6, R4, R6")
	f.W("\ngvPairs:")
	f.W("\tCMP  $2, R5")
	f.W("\tBLT  gvSingle")
	f.W("\tVLD1.P 64(R2), [V16.S4, V17.S4, V18.S4, V19.S4]")
	f.W("\tVLD1.P 64(R2), [V20.S4, V21.S4, V22.S4, V23.S4]")
	f.W("\tMOVD R0, R7")
	f.W("\tMOVD R1, R8")
	f.W("\tADD  R6, R1, R9")
	f.W("\tMOVD R4, R10")
	f.W("\ngvPairLoop:")
	f.W("\tVLD1.P 64(R8), [V0.B16, V1.B16, V2.B16, V3.B16] // panel p: 16 columns x 4 k")
	f.W("\tVLD1.P 64(R9), [V8.B16, V9.B16, V10.B16, V11.B16] // panel p+1")
	f.W("\tFMOVS.P 4(R7), F4 // 4 bytes of A")
	for j := 0; j < 4; j++ {
		f.W("\t%s", sdot(16+j, j, 4))
	}
	for j := 0; j < 4; j++ {
		f.W("\t%s", sdot(20+j, 8+j, 4))
	}
	f.W("\tSUBS $1, R10, R10")
	f.W("\tBNE  gvPairLoop")
	f.W("\tVST1.P [V16.S4, V17.S4, V18.S4, V19.S4], 64(R3)")
	f.W("\tVST1.P [V20.S4, V21.S4, V22.S4, V23.S4], 64(R3)")
	f.W("\tADD  R6<<1, R1, R1")
	f.W("\tSUB  $2, R5, R5")
	f.W("\tB    gvPairs")
	f.W("\ngvSingle:")
	f.W("\tCBZ  R5, gvDone")
	f.W("\tVLD1 (R2), [V16.S4, V17.S4, V18.S4, V19.S4]")
	f.W("\tMOVD R0, R7")
	f.W("\tMOVD R1, R8")
	f.W("\tMOVD R4, R10")
	f.W("\ngvSingleLoop:")
	f.W("\tVLD1.P 64(R8), [V0.B16, V1.B16, V2.B16, V3.B16]")
	f.W("\tFMOVS.P 4(R7), F4")
	for j := 0; j < 4; j++ {
		f.W("\t%s", sdot(16+j, j, 4))
	}
	f.W("\tSUBS $1, R10, R10")
	f.W("\tBNE  gvSingleLoop")
	f.W("\tVST1 [V16.S4, V17.S4, V18.S4, V19.S4], (R3)")
	f.W("\ngvDone:")
	f.W("\tRET\n")

	// NEON kernel: 4 rows x 4 columns, K in blocks of 8.
	// Accumulator for row r, column j: V(16+4r+j) (4 partial sums).
	// B: V0 = col0|col1, V1 = col2|col3 (8 bytes each). A: V4-V7 (8 bytes, twice).
	prologue("qs8GemmNEON_4x4c8")
	f.W("\nneonPanel:")
	for v := 16; v < 32; v++ {
		f.W("\tVEOR V%d.B16, V%d.B16, V%d.B16", v, v, v)
	}
	rowsReset()
	f.W("\nneonLoop:")
	f.W("\tVLD1.P 32(R8), [V0.B16, V1.B16] // 4 columns x 8 k")
	for r := 0; r < 4; r++ {
		f.W("\tVLD1R.P 8(R%d), [V%d.D2] // 8 bytes of A row %d, in both halves", 4+r, 4+r, r)
	}
	for r := 0; r < 4; r++ {
		t := 8 + 4*(r%2)
		a := 4 + r
		f.W("\t%s", smull(false, t, a, 0))
		f.W("\t%s", smull(true, t+1, a, 0))
		f.W("\t%s", smull(false, t+2, a, 1))
		f.W("\t%s", smull(true, t+3, a, 1))
		for j := 0; j < 4; j++ {
			f.W("\t%s", sadalp(16+4*r+j, t+j))
		}
	}
	f.W("\tSUBS $1, R14, R14")
	f.W("\tBNE  neonLoop")
	f.W("\tVLD1 (R9), [V0.S4]")
	for r := 0; r < 4; r++ {
		acc := 16 + 4*r
		f.W("\tVADDP V%d.S4, V%d.S4, V8.S4", acc+1, acc)
		f.W("\tVADDP V%d.S4, V%d.S4, V9.S4", acc+3, acc+2)
		f.W("\tVADDP V9.S4, V8.S4, V10.S4")
		f.W("\tVADD  V0.S4, V10.S4, V10.S4")
		f.W("\tADD   R%d, R10, R15", 19+r)
		f.W("\tVST1  [V10.S4], (R15)")
	}
	f.W("\tADD  $16, R9")
	f.W("\tADD  $16, R10")
	f.W("\tSUBS $1, R12, R12")
	f.W("\tBNE  neonPanel")
	f.W("\tRET")

	f.Write("gemm_arm64.s",
		"Registers: R0-R3 A rows 0-3 (R4-R7 advancing copies), R8 packed B, R9 base,",
		"R10 C row 0 (row r at R10+R(19+r)), R11 kb, R12 panels left, R14 K blocks left.")
}
