// Package qvbin holds int8 elementwise binary kernels with XNNPACK's
// arithmetic: qs8 ADD (integer multipliers, a rounding bias and an
// arithmetic shift) and qs8 MUL (the product of the zero-point-corrected
// inputs, requantized in float32 with round-half-to-even), each clamped to
// the fused activation's range. ops/add_int8.go derives the parameters and
// uses these kernels for every layout that is rows of contiguous elements:
// same shapes, a channel vector broadcast over pixels, or a scalar operand
// (repeated into a 64-byte row); other broadcasts and TFLite's
// double-rounding arithmetic stay in Go.
//
// As in Go's crypto packages, qvbin.go (the driver and the pure-Go
// reference) is always compiled, the arch files only add kernels, and the
// purego build tag leaves the reference alone.
//
// # Kernels
//
// qs8VAddAVX512_x16 and qs8VMulAVX512_x16 (amd64, AVX-512 F/BW): 16
// elements per step, the last n%16 of each row under a k-mask (masked
// byte loads do not fault; the masked store writes only live bytes).
// ADD: 2 VPMOVSXBD, 2 VPMULLD, 3 VPADDD, VPSRAD, VPMAXSD, VPMINSD,
// VPMOVDB, a store: 12 instructions per 16 outputs. MUL: 2 VPMOVSXBD, 2
// VPSUBD, VPMULLD, VCVTDQ2PS, VMULPS, VMAXPS, VMINPS, VCVTPS2DQ, VPADDD,
// VPMOVDB, a store: 13 per 16 outputs.
//
// qs8VAddNEON_x8 and qs8VMulNEON_x8 (arm64, Advanced SIMD): 8 elements
// per step, the last n%8 of each row in Go. Both operands are widened to
// two int32x4 (3 SSHLL each); ADD is MUL, MLA, ADD, SSHL by -Shift (an
// arithmetic right shift), ADD, SMAX, SMIN per half; MUL is SUB, SUB, MUL,
// SCVTF, FMUL, FMAX, FMIN, FCVTNS (ties to even), ADD per half; then 3 XTN
// and a store: about 27 and 31 instructions per 8 outputs. qvbin_arm64.s
// is written by gen_arm64.go (asm/internal/arm64enc checks every WORD
// encoding with llvm-mc). FMAX/FMIN differ from Go's comparisons only for
// -0 against +0, which round to the same integer.
//
// # Exactness
//
// ADD is int32 arithmetic that wraps (VPMULLD, VPADDD) and an arithmetic
// shift (VPSRAD), as the Go reference; the clamp then the truncating
// VPMOVDB equal Go's int8(min(max(v, lo), hi)). MUL's product of two
// values in [-255, 255] is exact in float32 (VCVTDQ2PS), the scaling is
// one float32 multiplication (VMULPS; Go's float32(float32(acc)*scale) is
// not fused), max-then-min keeps Go's clamp order (they differ only for
// equal operands such as -0 and +0, which round alike), VCVTPS2DQ rounds
// to nearest even as math.RoundToEven under Go's default MXCSR, and the
// result lies within the int8 range less the zero point, so VPADDD and
// VPMOVDB give Go's int8(int32(r) + zo).
package qvbin
