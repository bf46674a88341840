//go:build ignore

// gen_arm64 writes qvbin_arm64.s. Go's assembler lacks the widening
// shifts, vector integer MUL/MLA/SSHL/SMAX/SMIN, the float conversions and
// XTN, so the kernels use WORD encodings behind named macros
// (asm/internal/arm64enc computes, checks with llvm-mc and writes them).
//
// Run: go run gen_arm64.go
package main

import (
	"strings"

	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

var three = f.Three

var two = f.Two

func mul4s(d, n, m int) string  { return three("mul", "4s", 0x4EA09C00, d, n, m) }
func mla4s(d, n, m int) string  { return three("mla", "4s", 0x4EA09400, d, n, m) }
func add4s(d, n, m int) string  { return three("add", "4s", 0x4EA08400, d, n, m) }
func sub4s(d, n, m int) string  { return three("sub", "4s", 0x6EA08400, d, n, m) }
func sshl4s(d, n, m int) string { return three("sshl", "4s", 0x4EA04400, d, n, m) }
func smax4s(d, n, m int) string { return three("smax", "4s", 0x4EA06400, d, n, m) }
func smin4s(d, n, m int) string { return three("smin", "4s", 0x4EA06C00, d, n, m) }
func fmul4s(d, n, m int) string { return three("fmul", "4s", 0x6E20DC00, d, n, m) }
func fmax4s(d, n, m int) string { return three("fmax", "4s", 0x4E20F400, d, n, m) }
func fmin4s(d, n, m int) string { return three("fmin", "4s", 0x4EA0F400, d, n, m) }

func sxtl8h(d, n int) string  { return two("SXTL_8H", "sshll v%d.8h, v%d.8b, #0", 0x0F08A400, d, n) }
func sxtl4s(d, n int) string  { return two("SXTL_4S", "sshll v%d.4s, v%d.4h, #0", 0x0F10A400, d, n) }
func sxtl24s(d, n int) string { return two("SXTL2_4S", "sshll2 v%d.4s, v%d.8h, #0", 0x4F10A400, d, n) }
func xtn4h(d, n int) string   { return two("XTN_4H", "xtn v%d.4h, v%d.4s", 0x0E612800, d, n) }
func xtn28h(d, n int) string  { return two("XTN2_8H", "xtn2 v%d.8h, v%d.4s", 0x4E612800, d, n) }
func xtn8b(d, n int) string   { return two("XTN_8B", "xtn v%d.8b, v%d.8h", 0x0E212800, d, n) }
func scvtf(d, n int) string   { return two("SCVTF_4S", "scvtf v%d.4s, v%d.4s", 0x4E21D800, d, n) }
func fcvtns(d, n int) string  { return two("FCVTNS_4S", "fcvtns v%d.4s, v%d.4s", 0x4E21A800, d, n) }

// prologue loads the shared arguments: R0 out, R1 a, R2 b, R3 rows, R4 n,
// R5 nv, R6 sa, R7 sb, R8 p.
func prologue(name string) {
	w := f.W
	w("// func %s(out, a, b *int8, rows, n, nv, sa, sb int, p *%s)", name, map[bool]string{true: "AddParams", false: "MulParams"}[strings.Contains(name, "Add")])
	w("TEXT ·%s(SB), NOSPLIT, $0-72", name)
	for i, a := range []string{"out", "a", "b", "rows", "n", "nv", "sa", "sb", "p"} {
		w("\tMOVD %s+%d(FP), R%d", a, 8*i, i)
	}
}

// widen loads 8 bytes at (ra)(col) into int32 lanes lo (elements 0-3) and hi (4-7).
func widen(ra string, lo, hi int) {
	f.W("\tADD  R12, %s, R13", ra)
	f.W("\tVLD1 (R13), [V%d.B8]", lo)
	f.W("\t%s", sxtl8h(lo, lo))
	f.W("\t%s", sxtl24s(hi, lo))
	f.W("\t%s", sxtl4s(lo, lo))
}

// rowLoop writes the row/column loops around body, which turns V0/V1 (a)
// and V2/V3 (b) into 8 bytes in V0.
func rowLoop(label string, body func()) {
	w := f.W
	w("")
	w("%sRow:", label)
	w("\tMOVD ZR, R12 // column")
	w("")
	w("%sCol:", label)
	widen("R1", 0, 1)
	widen("R2", 2, 3)
	body()
	w("\tADD  R12, R0, R13")
	w("\tVST1 [V0.B8], (R13)")
	w("\tADD  $8, R12, R12")
	w("\tCMP  R5, R12")
	w("\tBLT  %sCol", label)
	w("\tADD  R4, R0, R0")
	w("\tADD  R6, R1, R1")
	w("\tADD  R7, R2, R2")
	w("\tSUBS $1, R3, R3")
	w("\tBNE  %sRow", label)
	w("\tRET")
	w("")
}

// narrow packs int32 lanes V0 (0-3) and V1 (4-7), already in the int8
// range, into 8 bytes in V0.
func narrow() {
	f.W("\t%s", xtn4h(0, 0))
	f.W("\t%s", xtn28h(0, 1))
	f.W("\t%s", xtn8b(0, 0))
}

func main() {
	w := f.W
	// ADD: V16 AM, V17 BM, V18 Bias, V19 -Shift, V20 ZO, V21 Lo, V22 Hi.
	prologue("qs8VAddNEON_x8")
	for i, v := range []struct {
		off, reg int
		what     string
	}{{4, 16, "AM"}, {8, 17, "BM"}, {0, 18, "Bias"}, {16, 20, "ZO"}, {20, 21, "Lo"}, {24, 22, "Hi"}} {
		_ = i
		w("\tMOVW %d(R8), R9 // %s", v.off, v.what)
		w("\tVDUP R9, V%d.S4", v.reg)
	}
	w("\tMOVWU 12(R8), R9")
	w("\tNEG  R9, R9")
	w("\tVDUP R9, V19.S4 // -Shift: SSHL by it is an arithmetic right shift")
	rowLoop("add", func() {
		for _, r := range []int{0, 1} {
			w("\t%s", mul4s(r, r, 16))
			w("\t%s", mla4s(r, r+2, 17))
			w("\t%s", add4s(r, r, 18))
			w("\t%s", sshl4s(r, r, 19))
			w("\t%s", add4s(r, r, 20))
			w("\t%s", smax4s(r, r, 21))
			w("\t%s", smin4s(r, r, 22))
		}
		narrow()
	})

	// MUL: V16 ZA, V17 ZB, V18 Scale, V19 FLo, V20 FHi, V21 ZO.
	prologue("qs8VMulNEON_x8")
	for _, v := range []struct {
		off, reg int
		what     string
	}{{0, 16, "ZA"}, {4, 17, "ZB"}, {8, 18, "Scale"}, {12, 19, "FLo"}, {16, 20, "FHi"}, {20, 21, "ZO"}} {
		w("\tMOVWU %d(R8), R9 // %s", v.off, v.what)
		w("\tVDUP R9, V%d.S4", v.reg)
	}
	rowLoop("mul", func() {
		for _, r := range []int{0, 1} {
			w("\t%s", sub4s(r, r, 16))
			w("\t%s", sub4s(r+2, r+2, 17))
			w("\t%s", mul4s(r, r, r+2))
			w("\t%s", scvtf(r, r))
			w("\t%s", fmul4s(r, r, 18))
			w("\t%s", fmax4s(r, r, 19))
			w("\t%s", fmin4s(r, r, 20))
			w("\t%s", fcvtns(r, r))
			w("\t%s", add4s(r, r, 21))
		}
		narrow()
	})
	f.Write("qvbin_arm64.s",
		"Registers: R0 out row, R1 a row, R2 b row, R3 rows left, R4 n, R5 nv (the",
		"columns the kernel computes, a positive multiple of 8), R6 sa, R7 sb, R8 the",
		"parameters, R12 column, R13 address. 8 elements per step: widened to two",
		"int32x4 (SSHLL), computed as the Go reference, narrowed with XTN.")
}
