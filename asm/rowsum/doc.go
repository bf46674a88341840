// Package rowsum adds rows of a matrix into a vector of accumulators, in
// row order: float32 (each addition rounded) and int8 into int32. It is
// the inner loop of AVERAGE_POOL_2D (the window's pixel rows, NHWC).
//
// As in Go's crypto packages, rowsum.go (the driver and the pure-Go
// reference) is always compiled, the arch files only add kernels, and the
// purego build tag leaves the reference alone.
//
// # Kernels
//
// f32RowSumAVX512_x16 and s8RowSumAVX512_x16 (amd64, AVX-512 F/BW): per
// block of 16 accumulators (the last n%16 under a k-mask), one load, then
// per row one VADDPS with a memory operand (float) or VPMOVSXBD and
// VPADDD (int8), then one store: 1 or 2 instructions per 16 additions
// plus the loop. Float sums keep the reference's order per accumulator, so
// they are bit-identical; int32 sums wrap as Go's.
//
// f32RowSumNEON_x4 and s8RowSumNEON_x8 (arm64, Advanced SIMD): per 4
// float accumulators one LD1 and one FADD per row; per 8 int32
// accumulators one 8-byte LD1, SSHLL, SADDW and SADDW2 per row; the last
// n%4 (n%8) accumulators in Go. rowsum_arm64.s is written by gen_arm64.go
// (asm/internal/arm64enc checks the encodings with llvm-mc).
package rowsum
