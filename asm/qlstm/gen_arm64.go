//go:build ignore

// gen_arm64 writes qlstm_arm64.s. Go's arm64 assembler lacks SQRDMULH,
// SRSHL, SSHL, SQADD, SMULL, SQXTN and most other NEON arithmetic, so the
// kernels use WORD encodings behind named macros (asm/internal/arm64enc
// computes, checks with llvm-mc and writes them).
//
// Run: go run gen_arm64.go
package main

import (
	"fmt"

	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

// three-register vector op with arrangement arr ("4s", "8h", "16b").
var three = f.Three

// Three-same, .4S (size 10) and .8H (size 01): 0 1 U 01110 size 1 Rm opcode 1 Rn Rd.
func sqrdmulh4s(d, n, m int) string { return three("sqrdmulh", "4s", 0x6EA0B400, d, n, m) }
func sshl4s(d, n, m int) string     { return three("sshl", "4s", 0x4EA04400, d, n, m) }
func srshl4s(d, n, m int) string    { return three("srshl", "4s", 0x4EA05400, d, n, m) }
func sqadd4s(d, n, m int) string    { return three("sqadd", "4s", 0x4EA00C00, d, n, m) }
func smax4s(d, n, m int) string     { return three("smax", "4s", 0x4EA06400, d, n, m) }
func smin4s(d, n, m int) string     { return three("smin", "4s", 0x4EA06C00, d, n, m) }
func add4s(d, n, m int) string      { return three("add", "4s", 0x4EA08400, d, n, m) }
func sub4s(d, n, m int) string      { return three("sub", "4s", 0x6EA08400, d, n, m) }
func and16b(d, n, m int) string     { return three("and", "16b", 0x4E201C00, d, n, m) }
func sqadd8h(d, n, m int) string    { return three("sqadd", "8h", 0x4E600C00, d, n, m) }
func smax8h(d, n, m int) string     { return three("smax", "8h", 0x4E606400, d, n, m) }
func smin8h(d, n, m int) string     { return three("smin", "8h", 0x4E606C00, d, n, m) }
func sub8h(d, n, m int) string      { return three("sub", "8h", 0x6E608400, d, n, m) }

// SSHR Vd.4S, Vn.4S, #31: 0 1 0 011110 immh:immb=64-31 00000 1 Rn Rd.
func sshr31(d, n int) string {
	return f.Def(fmt.Sprintf("SSHR31_4S_V%d_V%d", d, n), fmt.Sprintf("sshr v%d.4s, v%d.4s, #31", d, n),
		arm64enc.Reg2(0x4F000400|(64-31)<<16, d, n))
}

// SMULL{2} Vd.4S, Vn.4H/8H, Vm.4H/8H: 0 Q 0 01110 01 1 Rm 1100 00 Rn Rd.
func smull(hi bool, d, n, m int) string {
	if hi {
		return f.Def(fmt.Sprintf("SMULL2_4S_V%d_V%d_V%d", d, n, m), fmt.Sprintf("smull2 v%d.4s, v%d.8h, v%d.8h", d, n, m),
			arm64enc.Reg3(0x4E60C000, d, n, m))
	}
	return f.Def(fmt.Sprintf("SMULL_4S_V%d_V%d_V%d", d, n, m), fmt.Sprintf("smull v%d.4s, v%d.4h, v%d.4h", d, n, m),
		arm64enc.Reg3(0x0E60C000, d, n, m))
}

// Narrowing: (SQ)XTN{2}: 0 Q 0(U) 01110 size 10000 1(0100|0010)10 Rn Rd.
func narrow(name, llvm string, base uint32, d, n int) string {
	return f.Def(fmt.Sprintf("%s_V%d_V%d", name, d, n), fmt.Sprintf(llvm, d, n), arm64enc.Reg2(base, d, n))
}
func sqxtn4h(d, n int) string  { return narrow("SQXTN_4H", "sqxtn v%d.4h, v%d.4s", 0x0E614800, d, n) }
func sqxtn28h(d, n int) string { return narrow("SQXTN2_8H", "sqxtn2 v%d.8h, v%d.4s", 0x4E614800, d, n) }
func sqxtn8b(d, n int) string  { return narrow("SQXTN_8B", "sqxtn v%d.8b, v%d.8h", 0x0E214800, d, n) }
func xtn4h(d, n int) string    { return narrow("XTN_4H", "xtn v%d.4h, v%d.4s", 0x0E612800, d, n) }
func xtn28h(d, n int) string   { return narrow("XTN2_8H", "xtn2 v%d.8h, v%d.4s", 0x4E612800, d, n) }

// mbqm applies a multiplier (M in vm, lsh in vl, -rsh in vr) to the int32
// lanes of x (MultiplyByQuantizedMultiplier); t is clobbered:
//
//	x = SSHL(x, lsh)                  wrapping left shift
//	x = SQRDMULH(x, M)                (2·x·M + 2^31) >> 32
//	t = (x & -rsh) >> 31              -1 when x < 0 and rsh > 0
//	x = SRSHL(SQADD(x, t), -rsh)      rounding shift, ties up
func mbqm(x, t, vm, vl, vr int) {
	f.W("\t%s", sshl4s(x, x, vl))
	f.W("\t%s", sqrdmulh4s(x, x, vm))
	rdpot(x, t, vr)
}

// rdpot is gemmlowp's NEON RoundingDivideByPOT of the int32 lanes of x by
// the exponent whose negation is in vr.
func rdpot(x, t, vr int) {
	f.W("\t%s", and16b(t, x, vr))
	f.W("\t%s", sshr31(t, t))
	f.W("\t%s", sqadd4s(x, x, t))
	f.W("\t%s", srshl4s(x, x, vr))
}

// loadMult loads the M, lsh and -rsh lanes of the vmult at register r.
func loadMult(r string, vm, vl, vr int) {
	f.W("\tVLD1 (%s), [V%d.S4]", r, vm)
	f.W("\tADD $96, %s, R9", r)
	f.W("\tVLD1 (R9), [V%d.S4]", vl)
	f.W("\tADD $128, %s, R9", r)
	f.W("\tVLD1 (R9), [V%d.S4]", vr)
}

func main() {
	w := f.W
	// Gate: V16-V18 ma, V19-V21 mb, V22/V23 -32768/32767.
	w("// func qs16LSTMGateNEON_x8(v *int16, a, b *int32, n int, ma, mb *vmult)")
	w("TEXT ·qs16LSTMGateNEON_x8(SB), NOSPLIT, $0-48")
	w("\tMOVD v+0(FP), R0")
	w("\tMOVD a+8(FP), R1")
	w("\tMOVD b+16(FP), R2")
	w("\tMOVD n+24(FP), R3")
	w("\tMOVD ma+32(FP), R4")
	w("\tMOVD mb+40(FP), R5")
	loadMult("R4", 16, 17, 18)
	loadMult("R5", 19, 20, 21)
	w("\tMOVW $-32768, R6")
	w("\tVDUP R6, V22.S4")
	w("\tMOVW $32767, R6")
	w("\tVDUP R6, V23.S4")
	w("")
	w("gateLoop:")
	w("\tVLD1.P 32(R1), [V0.S4, V1.S4]")
	w("\tVLD1.P 32(R2), [V2.S4, V3.S4]")
	mbqm(0, 4, 16, 17, 18)
	mbqm(1, 5, 16, 17, 18)
	w("\t%s", smax4s(0, 0, 22))
	w("\t%s", smax4s(1, 1, 22))
	w("\t%s", smin4s(0, 0, 23))
	w("\t%s", smin4s(1, 1, 23))
	mbqm(2, 4, 19, 20, 21)
	mbqm(3, 5, 19, 20, 21)
	w("\t%s", add4s(2, 2, 0))
	w("\t%s", add4s(3, 3, 1))
	w("\t%s", sqxtn4h(6, 2))
	w("\t%s", sqxtn28h(6, 3))
	w("\tVST1.P [V6.H8], 16(R0)")
	w("\tSUBS $8, R3, R3")
	w("\tBNE gateLoop")
	w("\tRET")
	w("")

	// Cell: V16 -15, V17 -shift, V18 32767 (.8H), V19 hi, V20 lo.
	w("// func qs16LSTMCellNEON_x8(c, ig, fg, gg *int16, n, shift int, hi, lo int16, cifg int)")
	w("TEXT ·qs16LSTMCellNEON_x8(SB), NOSPLIT, $0-64")
	w("\tMOVD c+0(FP), R0")
	w("\tMOVD ig+8(FP), R1")
	w("\tMOVD fg+16(FP), R2")
	w("\tMOVD gg+24(FP), R3")
	w("\tMOVD n+32(FP), R4")
	w("\tMOVD shift+40(FP), R5")
	w("\tNEG R5, R5")
	w("\tVDUP R5, V17.S4")
	w("\tMOVW $-15, R6")
	w("\tVDUP R6, V16.S4")
	w("\tMOVW $32767, R6")
	w("\tVDUP R6, V18.H8")
	w("\tMOVH hi+48(FP), R6")
	w("\tVDUP R6, V19.H8")
	w("\tMOVH lo+50(FP), R6")
	w("\tVDUP R6, V20.H8")
	w("\tMOVD cifg+56(FP), R7")
	w("")
	w("cellLoop:")
	w("\tVLD1.P 16(R2), [V0.H8] // f")
	w("\tVLD1 (R0), [V1.H8]     // c")
	w("\t%s", smull(false, 2, 0, 1))
	w("\t%s", smull(true, 3, 0, 1))
	rdpot(2, 4, 16)
	rdpot(3, 5, 16)
	w("\t%s", xtn4h(6, 2))
	w("\t%s", xtn28h(6, 3))
	w("\tCBZ R7, cellInput")
	w("\t%s // CIFG: i = 32767 - f", sub8h(7, 18, 0))
	w("\tB cellHaveInput")
	w("")
	w("cellInput:")
	w("\tVLD1.P 16(R1), [V7.H8]")
	w("")
	w("cellHaveInput:")
	w("\tVLD1.P 16(R3), [V1.H8] // g")
	w("\t%s", smull(false, 2, 7, 1))
	w("\t%s", smull(true, 3, 7, 1))
	rdpot(2, 4, 17)
	rdpot(3, 5, 17)
	w("\t%s", xtn4h(7, 2))
	w("\t%s", xtn28h(7, 3))
	w("\t%s", sqadd8h(6, 6, 7))
	w("\t%s", smin8h(6, 6, 19))
	w("\t%s", smax8h(6, 6, 20))
	w("\tVST1.P [V6.H8], 16(R0)")
	w("\tSUBS $8, R4, R4")
	w("\tBNE cellLoop")
	w("\tRET")
	w("")

	// Hidden: V16-V18 q, V22 zp.
	w("// func qs8LSTMHiddenNEON_x8(m *int8, o, t *int16, n int, q *vmult, zp int32)")
	w("TEXT ·qs8LSTMHiddenNEON_x8(SB), NOSPLIT, $0-44")
	w("\tMOVD m+0(FP), R0")
	w("\tMOVD o+8(FP), R1")
	w("\tMOVD t+16(FP), R2")
	w("\tMOVD n+24(FP), R3")
	w("\tMOVD q+32(FP), R4")
	w("\tMOVW zp+40(FP), R6")
	w("\tVDUP R6, V22.S4")
	loadMult("R4", 16, 17, 18)
	w("")
	w("hiddenLoop:")
	w("\tVLD1.P 16(R1), [V0.H8]")
	w("\tVLD1.P 16(R2), [V1.H8]")
	w("\t%s", smull(false, 2, 0, 1))
	w("\t%s", smull(true, 3, 0, 1))
	mbqm(2, 4, 16, 17, 18)
	mbqm(3, 5, 16, 17, 18)
	w("\t%s", sub4s(2, 2, 22))
	w("\t%s", sub4s(3, 3, 22))
	w("\t%s", sqxtn4h(6, 2))
	w("\t%s", sqxtn28h(6, 3))
	w("\t%s", sqxtn8b(6, 6))
	w("\tVST1.P [V6.B8], 8(R0)")
	w("\tSUBS $8, R3, R3")
	w("\tBNE hiddenLoop")
	w("\tRET")

	f.Write("qlstm_arm64.s",
		"Each MultiplyByQuantizedMultiplier is SSHL, SQRDMULH, AND, SSHR, SQADD,",
		"SRSHL on 4 int32 lanes (gemmlowp's NEON form; see doc.go for why it is",
		"exact). Saturations are SMAX/SMIN and SQXTN; Cell's truncating int16",
		"conversions are XTN.")
}
