// Package dwconv is octet's depthwise-convolution kernel family, used by
// the int8 path of ops.DepthwiseConv2D (depth multiplier 1).
//
// A depthwise convolution with C channels computes, for every output pixel
// and channel c, a sum over the filter taps t that fall inside the input
// of x_t[c] * w_t[c]: no reduction across channels, so SIMD lanes hold
// channels. The op keeps the geometry (padding, stride, dilation, the
// zero-point correction) in Go and hands the kernels runs of output pixels
// that share their in-bounds taps:
//
//	QS8Accum:  acc[p][c] = init[c] + sum_t int32(x[xoff[t] + p*xstep + c]) * int32(w[woff[t] + c])
//
// The op rescales the accumulators to int8 with octet's asm/requant.
// QS8Accum is a unipass kernel over any number of taps (3x3, 5x5, a
// border's 2x3, ...): per tile of channels its accumulators stay in
// registers while it walks the tap offset lists, then are stored once; an
// outer loop runs the run's pixels. Only in-bounds taps are listed, so
// padding needs no zero buffer and the op's zero-point correction
// (init = bias - z_in * sum of the listed taps' weights) stays exact. Tap
// offsets are plain ints (no pointers: the op rebuilds them per run
// without write barriers) and are bounds-checked in Go before the
// assembly runs.
//
// As in Go's crypto packages and octet's asm/gemmi8, dwconv.go (the API
// and the pure-Go reference) is always compiled, the arch files only add
// kernels, and the purego build tag leaves the reference alone. Impls
// lists every implementation the CPU runs (the tests compare each with the
// reference bit for bit); Best picks the one asm.Selected allows.
//
// # Kernels
//
// Per tap and tile, every accumulation kernel spends 6 loop instructions
// besides the arithmetic below (amd64: 2 offset loads, 2 increments,
// decrement, branch; arm64: 2 post-increment offset loads, 2 address ADDs,
// SUBS, BNE).
//
// qs8DWAVX2 (amd64, AVX2). QS8Accum on channels in multiples of 8 (the Go
// reference takes the last n%8): tiles of 16 channels in 2 ymm, then 8.
// Per tap and 8 channels: 2 VPMOVSXBD (x and w bytes sign-extended to int32
// lanes straight from memory), VPMULLD, VPADDD: 4 instructions, 0.5 per
// MAC, 0.875 with the loop at 16 channels.
//
// qs8DWAVX512 (amd64, AVX-512 F/BW/VL). QS8Accum on any channel count:
// tiles of 32 channels in 2 zmm, then tiles of 16 whose lanes past the end
// are masked (K1: masked loads suppress faults and masked stores write
// nothing there). Per tap and 16 channels: 4 instructions as above, 0.25
// per MAC, 0.44 with the loop at 32 channels.
//
// qs8DWNEON (arm64, Advanced SIMD). QS8Accum on channels in multiples of
// 8: tiles of 16 channels in 4 registers of 4 int32, then 8. Per tap and 16
// channels: 2 LD1, SMULL and SMULL2 (16 exact int16 products), 4
// SADDW/SADDW2 (sign-extend and add into int32 lanes): 8 instructions, 0.5
// per MAC, 0.875 with the loop.
// Go's arm64 assembler lacks SMULL and SADDW: dwconv_arm64.s is written
// by gen_arm64.go, whose WORD macros are computed from the encoding
// formulas and checked against llvm-mc.
//
// VNNI (VPDPBUSD) and SDOT would need 4 taps of one channel side by side
// in a 32-bit lane, that is interleaving the input bytes of 4 taps, which
// costs more shuffles than the multiplies it saves; XNNPACK's fastest
// x86 depthwise kernels likewise widen and multiply.
//
// # Exactness
//
// QS8Accum is exact modulo 2^32, hence bit-identical to the reference
// loop (whose int32 additions wrap the same way), for all int8 values
// including -128: VPMULLD of sign-extended int8 values gives the exact
// product (|x*w| <= 2^14), SMULL's int8 x int8 products fit int16
// (-16256..16384) and SADDW sign-extends them before adding, and VPADDD
// and SADDW wrap as Go's int32 addition does. Integer addition mod 2^32 is
// associative and commutative, so the order of taps, tiles and init does
// not matter.
package dwconv
