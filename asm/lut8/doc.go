// Package lut8 maps bytes through a 256-entry table, y[i] = t[uint8(x[i])]:
// the kernel of every int8 activation octet runs as a lookup table (RELU,
// RELU6, HARD_SWISH, LOGISTIC, TANH, LEAKY_RELU with different input and
// output quantization; ops/unary_int8.go).
//
// As in Go's crypto packages, lut8.go (the driver and the pure-Go
// reference) is always compiled, the arch files only add kernels, and the
// purego build tag leaves the reference alone.
//
// # Kernels
//
// x8LUTAVX512VBMI_x64 (amd64, AVX-512 BW + VBMI; also needs the AVX512
// level, so OCTET_ISA=avx2 turns it off): the table in four zmm registers;
// per 64 bytes a load, two register copies, two VPERMI2B (the low 7 bits
// of each byte select from t[0:128] and t[128:256]), VPMOVB2M and
// VPBLENDMB (bit 7 picks), a store: 9 instructions, 0.14 per byte. The
// last n%64 bytes run the same instructions under a k-mask (masked loads
// do not fault, masked stores write only the live bytes).
//
// x8LUTNEON_x16 (arm64, Advanced SIMD): the table in V16-V31; per 16
// bytes a load, TBL over t[0:64], three times SUB 64 and TBX over the
// next 64 entries, a store: 9 instructions, 0.56 per byte. TBL gives 0 and
// TBX keeps the lane for an out-of-range index, so exactly one of the four
// lookups writes each lane. The last n%16 bytes run in Go. Go's assembler
// lacks the four-register TBL/TBX forms: lut8_arm64.s is written by
// gen_arm64.go (asm/internal/arm64enc checks the encodings with llvm-mc).
//
// Both are exact by construction: every output byte is one table entry,
// and the tests compare them with the table read directly on every byte
// value, lengths around the vector widths, guard bytes and in place.
package lut8
