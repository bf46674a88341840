//go:build ignore

// gen_arm64 writes requant_arm64.s. Go's arm64 assembler has no SCVTF,
// FMUL, FMAX, FMIN, FCVTNS or XTN on vectors, so the kernel uses WORD
// encodings behind named macros. This program computes them from the Arm
// ARM encoding formulas; package arm64enc collects them, checks every one
// with llvm-mc (when installed) and writes the file.
//
// Run from this directory: go run gen_arm64.go
package main

import (
	"fmt"
	"strings"

	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

// Three-register .4S ops: 0 1 U 01110 x sz 1 Rm opcode 1 Rn Rd.
func three(op string, base uint32, d, n, m int) string {
	return f.Def(fmt.Sprintf("%s_V%d_V%d_V%d", strings.ToUpper(op), d, n, m),
		fmt.Sprintf("%s v%d.4s, v%d.4s, v%d.4s", op, d, n, m), arm64enc.Reg3(base, d, n, m))
}

// Two-register ops: base | Rn<<5 | Rd.
var two = f.Two

func scvtf(d, n int) string   { return two("SCVTF", "scvtf v%d.4s, v%d.4s", 0x4E21D800, d, n) }
func fcvtns(d, n int) string  { return two("FCVTNS", "fcvtns v%d.4s, v%d.4s", 0x4E21A800, d, n) }
func xtn4h(d, n int) string   { return two("XTN_4H", "xtn v%d.4h, v%d.4s", 0x0E612800, d, n) }
func xtn28h(d, n int) string  { return two("XTN2_8H", "xtn2 v%d.8h, v%d.4s", 0x4E612800, d, n) }
func xtn8b(d, n int) string   { return two("XTN_8B", "xtn v%d.8b, v%d.8h", 0x0E212800, d, n) }
func fmul(d, n, m int) string { return three("fmul", 0x6E20DC00, d, n, m) }
func fmax(d, n, m int) string { return three("fmax", 0x4E20F400, d, n, m) }
func fmin(d, n, m int) string { return three("fmin", 0x4EA0F400, d, n, m) }
func add(d, n, m int) string  { return three("add", 0x4EA08400, d, n, m) }

func main() {
	f.W("// func requantNEON(acc *int32, y *int8, scale *float32, n, nv, rows int, flo, fhi float32, zp int32)")
	f.W("TEXT ·requantNEON(SB), NOSPLIT, $0-60")
	f.W("\tMOVD acc+0(FP), R0")
	f.W("\tMOVD y+8(FP), R1")
	f.W("\tMOVD scale+16(FP), R2")
	f.W("\tMOVD n+24(FP), R3")
	f.W("\tMOVD nv+32(FP), R4")
	f.W("\tMOVD rows+40(FP), R5")
	f.W("\tMOVWU flo+48(FP), R6")
	f.W("\tVDUP R6, V1.S4")
	f.W("\tMOVWU fhi+52(FP), R6")
	f.W("\tVDUP R6, V2.S4")
	f.W("\tMOVWU zp+56(FP), R6")
	f.W("\tVDUP R6, V3.S4")
	f.W("")
	f.W("row:")
	f.W("\tMOVD R0, R7")
	f.W("\tMOVD R1, R8")
	f.W("\tMOVD R2, R9")
	f.W("\tMOVD R4, R10")
	f.W("")
	f.W("col:")
	f.W("\tVLD1.P 32(R7), [V4.S4, V5.S4]")
	f.W("\tVLD1.P 32(R9), [V6.S4, V7.S4]")
	f.W("\t%s", scvtf(4, 4))
	f.W("\t%s", scvtf(5, 5))
	f.W("\t%s", fmul(4, 4, 6))
	f.W("\t%s", fmul(5, 5, 7))
	f.W("\t%s", fmax(4, 4, 1))
	f.W("\t%s", fmax(5, 5, 1))
	f.W("\t%s", fmin(4, 4, 2))
	f.W("\t%s", fmin(5, 5, 2))
	f.W("\t%s", fcvtns(4, 4))
	f.W("\t%s", fcvtns(5, 5))
	f.W("\t%s", add(4, 4, 3))
	f.W("\t%s", add(5, 5, 3))
	f.W("\t%s", xtn4h(4, 4))
	f.W("\t%s", xtn28h(4, 5))
	f.W("\t%s", xtn8b(4, 4))
	f.W("\tVST1.P [V4.B8], 8(R8)")
	f.W("\tSUBS $8, R10, R10")
	f.W("\tBNE col")
	f.W("")
	f.W("\tADD R3<<2, R0, R0")
	f.W("\tADD R3, R1, R1")
	f.W("\tSUBS $1, R5, R5")
	f.W("\tBNE row")
	f.W("\tRET")

	f.Write("requant_arm64.s")
}
