//go:build !purego

package asm

import "github.com/klauspost/cpuid/v2"

func detect() ISA {
	c := cpuid.CPU
	if c.Supports(cpuid.ASIMD, cpuid.ASIMDDP) {
		return DotProd
	}
	// Advanced SIMD is mandatory on arm64.
	return NEON
}

func detectVBMI() bool { return false }
