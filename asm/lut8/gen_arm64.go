//go:build ignore

// gen_arm64 writes lut8_arm64.s. Go's assembler lacks the four-register
// TBL and TBX forms and vector SUB on bytes, so the kernel uses WORD
// encodings behind named macros (asm/internal/arm64enc computes, checks
// with llvm-mc and writes them).
//
// Run: go run gen_arm64.go
package main

import (
	"fmt"

	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

// TBL/TBX Vd.16B, {Vn.16B-Vn+3.16B}, Vm.16B: 0 1 001110 000 Rm 0 11 op 00 Rn Rd.
func tbl4(tbx bool, d, n, m int) string {
	name, op, base := "TBL4", "tbl", uint32(0x4E006000)
	if tbx {
		name, op, base = "TBX4", "tbx", 0x4E007000
	}
	return f.Def(fmt.Sprintf("%s_V%d_V%d_V%d", name, d, n, m),
		fmt.Sprintf("%s v%d.16b, { v%d.16b, v%d.16b, v%d.16b, v%d.16b }, v%d.16b", op, d, n, n+1, n+2, n+3, m),
		arm64enc.Reg3(base, d, n, m))
}

// SUB Vd.16B, Vn.16B, Vm.16B: 0 1 1 01110 00 1 Rm 10000 1 Rn Rd.
func sub16b(d, n, m int) string {
	return f.Def(fmt.Sprintf("SUB_16B_V%d_V%d_V%d", d, n, m),
		fmt.Sprintf("sub v%d.16b, v%d.16b, v%d.16b", d, n, m), arm64enc.Reg3(0x6E208400, d, n, m))
}

func main() {
	w := f.W
	w("// func x8LUTNEON_x16(y, x *int8, n int, t *[256]int8)")
	w("TEXT ·x8LUTNEON_x16(SB), NOSPLIT, $0-32")
	w("\tMOVD y+0(FP), R0")
	w("\tMOVD x+8(FP), R1")
	w("\tMOVD n+16(FP), R2")
	w("\tMOVD t+24(FP), R3")
	w("\tVLD1.P 64(R3), [V16.B16, V17.B16, V18.B16, V19.B16]")
	w("\tVLD1.P 64(R3), [V20.B16, V21.B16, V22.B16, V23.B16]")
	w("\tVLD1.P 64(R3), [V24.B16, V25.B16, V26.B16, V27.B16]")
	w("\tVLD1 (R3), [V28.B16, V29.B16, V30.B16, V31.B16]")
	w("\tMOVW $64, R4")
	w("\tVDUP R4, V1.B16")
	w("")
	w("lutLoop:")
	w("\tVLD1.P 16(R1), [V2.B16]")
	w("\t%s // t[0:64], 0 for indices >= 64", tbl4(false, 0, 16, 2))
	w("\t%s", sub16b(2, 2, 1))
	w("\t%s // t[64:128] where x-64 < 64 (unsigned), else kept", tbl4(true, 0, 20, 2))
	w("\t%s", sub16b(2, 2, 1))
	w("\t%s", tbl4(true, 0, 24, 2))
	w("\t%s", sub16b(2, 2, 1))
	w("\t%s", tbl4(true, 0, 28, 2))
	w("\tVST1.P [V0.B16], 16(R0)")
	w("\tSUBS $16, R2, R2")
	w("\tBNE  lutLoop")
	w("\tRET")
	f.Write("lut8_arm64.s",
		"Per 16 bytes: one TBL over t[0:64], then three times SUB 64 and TBX over",
		"the next 64 entries (TBX keeps the lanes whose index is out of range).")
}
