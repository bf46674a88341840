// Package gemmf32 is octet's float32 GEMM kernel family: for m rows of A
// (depth k) and n output columns,
//
//	C[r][j] = clamp(bias[j] + Σ_i A[r][i]·W[j][i], lo, hi)
//
// which is a 1x1 convolution (rows are pixels), FULLY_CONNECTED (rows are
// batch entries) or, on im2col rows, any convolution.
//
// # Arithmetic
//
// Every kernel computes each output as one chain of float32 fused
// multiply-adds: acc = bias, then acc = fma(A[r][i], W[j][i], acc) for
// i = 0, 1, ..., k-1 in order, then the clamp (Ref and Clamp spell it out).
// SIMD kernels run many such chains side by side (one per output lane), never
// split one, so every implementation gives the same bits: the generic Go
// kernel is the reference, and tests compare the assembly to it bit for bit.
// The order is XNNPACK's (its GEMM kernels start from the bias and walk k),
// which keeps octet close to LiteRT: on the MediaPipe selfie model the
// largest difference from LiteRT fell from 7.2e-5 (float64 accumulation) to
// 7.0e-5. FMA32 computes a correctly rounded float32 FMA in Go; converting
// math.FMA's float64 result would round twice and be wrong when the first
// rounding lands on a float32 tie.
//
// # Layout
//
// W is packed once (Pack) into panels of NR = 16 columns: NR bias values,
// then for each i the NR weights W[c0..c0+15][i], so a kernel reads its
// panel sequentially. When n >= NR is not a multiple of NR the last panel
// overlaps the one before it, so stores are always full width; with n < NR
// the panel is zero-padded and the kernel writes a scratch tile. Rows are
// likewise covered by tiles of MR rows, the last one overlapping; with
// m < MR a one-row kernel runs per row.
//
// # Kernels (instructions per k step; each output costs one FMA lane per k)
//
//	generic  MR=4      FMA32 in Go, per output and k
//	avx2     MR=6  6x16: 2 weight loads, 6 VBROADCASTSS, 12 VFMADD231PS (ymm)
//	                    = 20 instructions per 96 outputs, 0.21 per output
//	         row   1x16: 1 VBROADCASTSS, 2 VFMADD231PS (memory operands)
//	avx512   MR=12 12x16: 1 weight load, 12 VFMADD231PS with {1to16}
//	                    broadcast memory operands = 13 per 192 outputs, 0.07
//	         row   1x16: 1 load, 1 VFMADD231PS.BCST
//	neon     MR=6  6x16: 1 LD1 of 4 registers, 6 LD1R, 24 FMLA (4S)
//	                    = 31 per 96 outputs, 0.32 per output
//	         row   1x16: 1 LD1, 1 LD1R, 4 FMLA
//
// plus loop overhead (pointer increments, counter, branch: 5-7 instructions
// per k on amd64, 2 on arm64 thanks to post-increment loads). The epilogue
// clamps (max then min on amd64; FCMGT and BIT on arm64, which keep Go's
// clamp semantics for -0 and NaN) and stores each tile once.
//
// The AVX-512 kernel needs only AVX-512F but runs at the asm.AVX512 level.
// Use Best (asm.Selected) or For; Impls lists every implementation the CPU
// runs, for tests and benchmarks.
package gemmf32
