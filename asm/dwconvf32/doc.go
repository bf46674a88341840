// Package dwconvf32 is octet's float32 depthwise convolution kernel family
// (depth multiplier 1): for a run of output pixels that meet the same
// filter taps, each output channel starts from its bias and adds one
// fused multiply-add per tap, in tap order, then is clamped to the fused
// activation's range. That is the order of XNNPACK's f32 dwconv
// microkernels; the generic reference computes the same with
// gemmf32.FMA32, a correctly rounded float32 FMA in Go, so every kernel is
// bit-identical to it (the tests check, including NaN, infinities and
// signed zeros).
//
// As in Go's crypto packages, dwconvf32.go (the driver and the pure-Go
// reference) is always compiled, the arch files only add kernels, and the
// purego build tag leaves the reference alone (slow: FMA32 is emulated).
//
// # Kernels
//
// f32DWAVX512_c16 (amd64, AVX-512 F): 16 channels per block, the last
// nt%16 under a k-mask. Per tap: two loads of the tap's offsets, one
// VMOVUPS of the inputs and one VFMADD231PS with the weights from memory:
// for a 3x3 filter, 9 FMAs per 16 outputs plus the bias load, VMAXPS,
// VMINPS and the store (the clamp operands are ordered so that NaN and
// equal values keep the accumulator, as gemmf32.Clamp).
//
// f32DWNEON_c4 (arm64, Advanced SIMD): 4 channels per block, the last n%4
// in Go. Per tap: two LD1 and one FMLA; the clamp is FCMGT and BIT twice.
// For a 3x3 filter, 9 FMLA per 4 outputs (2.25 per output) plus about 8
// address instructions per tap. Go's assembler lacks FMLA, FCMGT and BIT
// on vectors: dwconvf32_arm64.s is written by gen_arm64.go
// (asm/internal/arm64enc checks every WORD encoding with llvm-mc).
package dwconvf32
