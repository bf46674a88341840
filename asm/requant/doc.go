// Package requant is octet's int8 requantization epilogue: XNNPACK's
// "fp32" rescaling of int32 accumulators to int8, vectorised. For rows of
// n channels (n = len(scale)),
//
//	y[i] = int8(lrintf(min(max(float32(acc[i])*scale[i%n], flo), fhi)) + zp)
//
// with the product rounded to float32, lrintf rounding half to even, and
// the final conversion to int8 truncating (Go's int8(int32)). It is
// bit-identical to ops/requant.go's FloatRoundEven apply (xnnRequant plus
// the output zero point), which the tests check for every implementation.
//
// As in asm/gemmi8, rows.go (the driver and the pure-Go reference) is
// always compiled, arch files only add kernels, and the purego build tag
// leaves the reference alone.
//
// # Kernels
//
// requantAVX512 (amd64, AVX-512 F/BW): 16 channels per step: VCVTDQ2PS,
// VMULPS (scale from memory), VMAXPS, VMINPS, VCVTPS2DQ, VPADDD, VPMOVDB
// (a truncating store of 16 bytes). The last n%16 channels of a row use
// the same instructions under a k-mask (masked loads do not fault on
// masked-off elements, the masked VPMOVDB stores only the live bytes).
//
// requantAVX2 (amd64, AVX2): 8 channels per step: the same arithmetic on
// ymm registers, then VPSHUFB (byte 0 of every dword to the low 4 bytes of
// each 128-bit lane), VPERMD (the two lanes' 4 bytes together) and an
// 8-byte MOVQ store. The last n%8 channels of each row run in Go.
//
// requantNEON (arm64): 8 channels per step: SCVTF, FMUL, FMAX, FMIN,
// FCVTNS, ADD (zero point), XTN, XTN2, XTN (truncating narrowings),
// 8-byte store. The last n%8 channels of each row run in Go. Go's arm64
// assembler lacks these vector instructions: requant_arm64.s is written by
// gen_arm64.go, which checks every WORD encoding with llvm-mc.
//
// # Exactness
//
//   - int32 -> float32 (VCVTDQ2PS, SCVTF) rounds with the current mode,
//     round to nearest even, which Go's runtime keeps (MXCSR, FPCR) and Go's
//     float32(int32) conversion uses too.
//   - The product is one IEEE float32 multiplication (VMULPS, FMUL; Go's
//     float32(a*b) with the explicit conversion is not fused). FPCR.FZ is 0
//     under Go, so arm64 keeps subnormals as amd64 does.
//   - NaN cannot occur: acc is finite and the scale finite and positive
//     (ops rejects others), so the product is finite or infinite, never NaN.
//     max and min then agree with Go's "if f < flo { f = flo }; if f > fhi
//     { f = fhi }" in every case but equal operands (the same value, or
//     -0 and +0), where they may return the other operand: the same number,
//     which rounds to the same integer. The order max-then-min is kept, so
//     even flo > fhi would give fhi as Go does.
//   - VCVTPS2DQ (MXCSR round to nearest even) and FCVTNS (ties to even)
//     round as math.RoundToEven; the clamped value lies in [flo, fhi],
//     which for int8 outputs is within [-255, 255], far inside int32.
//   - The zero point is an int32 addition (VPADDD, ADD), and the narrowing
//     to int8 truncates (VPMOVDB, VPSHUFB byte selection, XTN), exactly
//     Go's int8(v) for any v.
package requant
