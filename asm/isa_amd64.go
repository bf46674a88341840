//go:build !purego

package asm

import "github.com/klauspost/cpuid/v2"

func detect() ISA {
	c := cpuid.CPU
	if c.Supports(cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512VL, cpuid.AVX512VNNI) {
		return AVX512
	}
	if c.Supports(cpuid.AVX2, cpuid.FMA3) {
		return AVX2
	}
	return Generic
}

func detectVBMI() bool {
	return detect() == AVX512 && cpuid.CPU.Supports(cpuid.AVX512VBMI)
}
