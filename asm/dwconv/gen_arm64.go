//go:build ignore

// gen_arm64 writes dwconv_arm64.s. Go's arm64 assembler has no SMULL or
// SADDW, so the kernel uses WORD encodings behind named macros. This
// program computes them from the Arm ARM encoding formulas; package
// arm64enc collects them, checks every one with llvm-mc (when installed)
// and writes the file.
//
// Run from this directory: go run gen_arm64.go
package main

import (
	"fmt"

	"github.com/octet-ml/octet/asm/internal/arm64enc"
)

var f = arm64enc.New("gen_arm64.go", "")

// SMULL{2} Vd.8H, Vn.8B/16B, Vm.8B/16B: 0 Q 0 01110 00 1 Rm 1100 00 Rn Rd.
func smull(hi bool, d, n, m int) string {
	if hi {
		return f.Def(fmt.Sprintf("SMULL2_V%d_V%d_V%d", d, n, m), fmt.Sprintf("smull2 v%d.8h, v%d.16b, v%d.16b", d, n, m),
			arm64enc.Reg3(0x4E20C000, d, n, m))
	}
	return f.Def(fmt.Sprintf("SMULL_V%d_V%d_V%d", d, n, m), fmt.Sprintf("smull v%d.8h, v%d.8b, v%d.8b", d, n, m),
		arm64enc.Reg3(0x0E20C000, d, n, m))
}

// SADDW{2} Vd.4S, Vn.4S, Vm.4H/8H: 0 Q 0 01110 01 1 Rm 0001 00 Rn Rd
// (Vd = Vn + sign-extended low or high half of Vm). Here d = n.
func saddw(hi bool, d, m int) string {
	if hi {
		return f.Def(fmt.Sprintf("SADDW2_V%d_V%d", d, m), fmt.Sprintf("saddw2 v%d.4s, v%d.4s, v%d.8h", d, d, m),
			arm64enc.Reg3(0x4E601000, d, d, m))
	}
	return f.Def(fmt.Sprintf("SADDW_V%d_V%d", d, m), fmt.Sprintf("saddw v%d.4s, v%d.4s, v%d.4h", d, d, m),
		arm64enc.Reg3(0x0E601000, d, d, m))
}

func main() {
	// Taps set-up for the tile at channel R4 (accumulators loaded).
	tapsStart := func(done string) {
		f.W("\tADD  R4, R1, R6  // x + pixel + tile")
		f.W("\tMOVD 56(R0), R7")
		f.W("\tADD  R4, R7, R7  // w + tile")
		f.W("\tMOVD 40(R0), R8  // xoff")
		f.W("\tMOVD 64(R0), R9  // woff")
		f.W("\tMOVD R15, R10")
		f.W("\tCBZ  R10, %s", done)
	}
	tapAddrs := func() {
		f.W("\tMOVD.P 8(R8), R11")
		f.W("\tMOVD.P 8(R9), R12")
		f.W("\tADD    R6, R11, R11")
		f.W("\tADD    R7, R12, R12")
	}

	f.W("// func qs8AccumNEON(a *accumArgs)")
	f.W("TEXT ·qs8AccumNEON(SB), NOSPLIT, $0-8")
	f.W("\tMOVD a+0(FP), R0")
	f.W("\tMOVD 32(R0), R1  // x of the current pixel")
	f.W("\tMOVD 72(R0), R2  // init")
	f.W("\tMOVD 80(R0), R3  // acc of the current pixel")
	f.W("\tMOVD 8(R0), R5   // nt")
	f.W("\tMOVD 24(R0), R14 // pixels left")
	f.W("\tMOVD 16(R0), R15 // taps")
	f.W("\nneonPixel:")
	f.W("\tMOVD $0, R4")
	f.W("\nneonTile16:")
	f.W("\tADD  $16, R4, R13")
	f.W("\tCMP  R5, R13")
	f.W("\tBGT  neonTile8")
	f.W("\tADD  R4<<2, R2, R11")
	f.W("\tVLD1 (R11), [V16.S4, V17.S4, V18.S4, V19.S4]")
	tapsStart("neonStore16")
	f.W("\nneonTap16:")
	tapAddrs()
	f.W("\tVLD1   (R11), [V0.B16]")
	f.W("\tVLD1   (R12), [V1.B16]")
	f.W("\t%s", smull(false, 2, 0, 1))
	f.W("\t%s", smull(true, 3, 0, 1))
	f.W("\t%s", saddw(false, 16, 2))
	f.W("\t%s", saddw(true, 17, 2))
	f.W("\t%s", saddw(false, 18, 3))
	f.W("\t%s", saddw(true, 19, 3))
	f.W("\tSUBS   $1, R10, R10")
	f.W("\tBNE    neonTap16")
	f.W("\nneonStore16:")
	f.W("\tADD  R4<<2, R3, R11")
	f.W("\tVST1 [V16.S4, V17.S4, V18.S4, V19.S4], (R11)")
	f.W("\tMOVD R13, R4")
	f.W("\tB    neonTile16")
	f.W("\nneonTile8:")
	f.W("\tCMP  R5, R4")
	f.W("\tBGE  neonNextPixel")
	f.W("\tADD  R4<<2, R2, R11")
	f.W("\tVLD1 (R11), [V16.S4, V17.S4]")
	tapsStart("neonStore8")
	f.W("\nneonTap8:")
	tapAddrs()
	f.W("\tFMOVD  (R11), F0")
	f.W("\tFMOVD  (R12), F1")
	f.W("\t%s", smull(false, 2, 0, 1))
	f.W("\t%s", saddw(false, 16, 2))
	f.W("\t%s", saddw(true, 17, 2))
	f.W("\tSUBS   $1, R10, R10")
	f.W("\tBNE    neonTap8")
	f.W("\nneonStore8:")
	f.W("\tADD  R4<<2, R3, R11")
	f.W("\tVST1 [V16.S4, V17.S4], (R11)")
	f.W("\nneonNextPixel:")
	f.W("\tMOVD 48(R0), R11")
	f.W("\tADD  R11, R1, R1")
	f.W("\tMOVD 0(R0), R11")
	f.W("\tADD  R11<<2, R3, R3")
	f.W("\tSUBS $1, R14, R14")
	f.W("\tBNE  neonPixel")
	f.W("\tRET")

	f.Write("dwconv_arm64.s",
		"Registers: R0 the accumArgs (field offsets: n 0, nt 8, taps 16, np 24, x 32,",
		"xoff 40, xstep 48, w 56, woff 64, init 72, acc 80), R1 x of the pixel, R2 init,",
		"R3 acc of the pixel, R4 channel offset of the tile, R5 nt, R6 x+pixel+tile,",
		"R7 w+tile, R8/R9 walk xoff/woff, R10 taps left, R11/R12 tap addresses,",
		"R13 tile end, R14 pixels left, R15 taps. V16-V19 accumulators, V0/V1 x and",
		"w bytes, V2/V3 int16 products.")
}
