// Package asm chooses, once per process, which instruction set octet's
// kernels use, and will hold the kernel families themselves (one folder per
// family, a pure-Go generic reference always compiled, arch files that only
// add SIMD variants), in the style of Go's crypto packages.
//
// The choice is the best level this CPU supports, read with
// github.com/klauspost/cpuid/v2, lowered by the OCTET_ISA environment
// variable (generic, avx2, avx512, neon or dotprod) for tests and
// comparisons. Building with the purego tag selects Generic only.
package asm
