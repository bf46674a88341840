package asm

import (
	"fmt"
	"os"
	"strings"
)

// ISA is an instruction-set level that kernels are written for. Levels of
// one architecture are ordered: each includes the ones below it.
type ISA uint8

// The levels. Generic is the pure-Go reference, always available.
const (
	Generic ISA = iota
	AVX2        // amd64: AVX2 + FMA
	AVX512      // amd64: AVX-512 F/BW/VL + VNNI
	NEON        // arm64: Advanced SIMD
	DotProd     // arm64: Advanced SIMD + SDOT/UDOT
)

var isaNames = [...]string{Generic: "generic", AVX2: "avx2", AVX512: "avx512", NEON: "neon", DotProd: "dotprod"}

func (i ISA) String() string {
	if int(i) < len(isaNames) {
		return isaNames[i]
	}
	return fmt.Sprintf("ISA(%d)", uint8(i))
}

// ParseISA reads a level name as OCTET_ISA spells it.
func ParseISA(s string) (ISA, error) {
	for i, n := range isaNames {
		if strings.EqualFold(s, n) {
			return ISA(i), nil
		}
	}
	return Generic, fmt.Errorf("asm: unknown ISA %q (want one of %s)", s, strings.Join(isaNames[:], ", "))
}

// Supports reports whether code for level want can run where level have is
// available: Generic always, otherwise a level of the same architecture that
// is not above have.
func Supports(have, want ISA) bool {
	if want == Generic {
		return true
	}
	sameArch := (have == AVX2 || have == AVX512) == (want == AVX2 || want == AVX512)
	return have != Generic && sameArch && want <= have
}

// Detected is the best level this CPU and build support.
var Detected = detect()

// VBMI reports whether this CPU and build have AVX-512 VBMI (VPERMB,
// VPERMI2B) on top of the AVX512 level. Kernels that need it check
// Supports(Selected, AVX512) too, so OCTET_ISA=avx2 turns them off.
var VBMI = detectVBMI()

// Selected is the level kernels use: Detected, or the lower level OCTET_ISA
// asks for. An OCTET_ISA this CPU cannot run is ignored with a warning on
// standard error, since kernels must never fault.
var Selected = selectISA(os.Getenv("OCTET_ISA"), Detected)

func selectISA(env string, detected ISA) ISA {
	if env == "" {
		return detected
	}
	want, err := ParseISA(env)
	if err != nil {
		fmt.Fprintln(os.Stderr, "octet:", err)
		return detected
	}
	if !Supports(detected, want) {
		fmt.Fprintf(os.Stderr, "octet: OCTET_ISA=%s is not supported here (best is %s); using %s\n", want, detected, detected)
		return detected
	}
	return want
}
