// Package gemmi8 is octet's int8 GEMM kernel family: int32 C = init + A*B^T
// for int8 activations A (M rows of K) and int8 weights B (N rows of K),
// used by int8 FULLY_CONNECTED and pointwise (1x1, stride 1) CONV_2D.
//
//	C[m][n] = init[n] + sum over k of A[m][k] * B[n][k]     (int32, wrapping)
//
// B and init are packed once (Impl.Pack, in an op's Prepare) into the
// layout the chosen kernel reads; Packed.Gemm then runs on any A. Best
// picks the fastest implementation asm.Selected allows; Impls lists all
// that this CPU can run (the tests compare every one with the generic
// reference). As in Go's crypto packages, gemm.go (the driver and the
// pure-Go reference) is always compiled, the arch files only add kernels,
// and the purego build tag leaves the reference alone.
//
// # Kernels
//
// Names state dtype (qs8: signed 8-bit), op, ISA and tile MRxNR, and cK:
// the kernel consumes K in blocks of c values (Pack pads K with zeros; the
// driver copies the last rows of A into a zero-padded buffer when reading a
// whole block would run past the end of A). Rows past M alias the last row
// (they recompute and store the same values); a last partial panel of
// columns is computed into a stack buffer and copied.
//
// Instruction counts below are per K block, for the whole tile, in the
// inner loop; "per output" divides by the tile's outputs and is for one K
// block (multiply by K/c), plus a per-output epilogue.
//
// qs8GemmAVX512VNNI_4x32c4 (amd64, AVX-512 F/BW + VNNI). B panels of 16
// columns, 64 bytes per K block (16 columns x 4 k). 8 zmm accumulators
// (4 rows x 2 panels), started from the packed init. Per K block (4 k, 512
// MACs): 2 VMOVDQU32 (B), 4 VPBROADCASTD (A, 4 bytes per row), 4 VPXORD
// (A+128), 8 VPDPBUSD, 4 loop instructions: 22 instructions, 23 MACs per
// instruction, 0.17 per output. Epilogue: 8 stores + 4 loads per 128
// outputs. An odd last panel runs as 4x16 (17 instructions per block, 64
// outputs). On one VPDPBUSD zmm per cycle (this Zen 4: 64 MACs/cycle) the
// loop needs at least 8 cycles per block, i.e. 64 MACs/cycle if nothing
// else contends; the XORs and broadcasts share the vector ports.
//
// qs8GemvAVX512VNNI_1x64c4 (amd64, AVX-512 F/BW + VNNI) runs Gemm with
// m = 1 (an LSTM's recurrent product each step, batch-1 FULLY_CONNECTED)
// on the same packed B: the 4x32 tile would compute three aliased rows for
// nothing. Four panels at a time (4 zmm accumulators, 64 columns), then the
// last panels one by one. Per K block (4 k, 256 MACs): 1 VPBROADCASTD, 1
// VPXORD, 4 VPDPBUSD with B from memory, 4 loop instructions: 10
// instructions, 26 MACs per instruction. On the int8 BLSTM it took the
// recurrent products from about 15% of the time to a few percent.
//
// qs8GemmAVX2_4x4c8 (amd64, AVX2). B panels of 4 columns sign-extended to
// int16 in Pack, 64 bytes per K block (2 ymm: columns 0|1 and 2|3, 8 k
// each). 8 ymm accumulators of 4 partial sums per column. Per K block (8 k,
// 128 MACs): 4 VPBROADCASTQ + 4 VPMOVSXBW (A), 2 VMOVDQU (B), 8 VPMADDWD,
// 8 VPADDD, 4 loop: 30 instructions, 4.3 MACs per instruction, 1.9 per
// output. Epilogue per row of 4 outputs: 2 VPHADDD, VEXTRACTI128,
// VPUNPCKLDQ, VPADDD (init), 1 store.
//
// qs8GemmNEON_4x4c8 (arm64, Advanced SIMD). B panels of 4 columns, 32
// bytes per K block (2 registers: columns 0|1 and 2|3, 8 k each). 16
// accumulators (4 rows x 4 columns) of 4 partial sums. Per K block (8 k,
// 128 MACs): 1 LD1 (2 registers), 4 LD1R .2D (A, 8 bytes in both halves),
// 8 SMULL + 8 SMULL2, 16 SADALP, SUBS+BNE: 39 instructions, 3.3 MACs per
// instruction, 2.4 per output. Epilogue per row of 4 outputs: 3 ADDP, 1
// ADD (init), 1 store. On a Cortex-A53 (dual issue of 64-bit halves; a
// 128-bit SMULL2 or SADALP takes about 2 cycles) that is roughly 64-70
// cycles per 128 MACs, 2 MACs per cycle.
//
// qs8GemmDotProd_4x16c4 (arm64, SDOT). B panels of 16 columns, 64 bytes
// per K block (4 registers of 4 columns x 4 k), the VNNI layout. 16
// accumulators (4 rows x 16 columns), started from init. Per K block (4 k,
// 256 MACs): 1 LD1 (4 registers), 4 FMOVS loads (A), 16 SDOT (by element),
// SUBS+BNE: 23 instructions, 11 MACs per instruction, 0.36 per output.
// Epilogue: 4 LD1 (init) and 4 ST1 of 4 registers per 64 outputs. At one
// 128-bit SDOT per cycle (Cortex-A55; the A76 and later issue two) that is
// 16 cycles per 256 MACs, 16 MACs per cycle.
//
// qs8GemvDotProd_1x32c4 (arm64, SDOT) is Gemm with m = 1 on the SDOT
// layout: two panels at a time (8 accumulators), then a last single one.
// Per K block (4 k, 128 MACs): 2 LD1 of 64 bytes, 1 FMOVS, 8 SDOT, SUBS+BNE:
// 12 instructions, 11 MACs per instruction, against 4x that work for the
// 4x16 tile with three aliased rows.
//
// Go's arm64 assembler lacks SDOT, SMULL and SADALP: gemm_arm64.s is
// written by gen_arm64.go, whose WORD macros are computed from the
// encoding formulas and checked against llvm-mc.
//
// # Exactness
//
// Every kernel is exact modulo 2^32, hence bit-identical to the reference
// loop (whose int32 additions wrap the same way), for all int8 inputs
// including -128:
//
//   - VNNI: VPDPBUSD multiplies unsigned by signed bytes, so A is fed as
//     A^0x80 = A+128 in [0, 255]. Each 4-term group sum is at most
//     4*255*128 in magnitude, and VPDPBUSD (not VPDPBUSDS) adds it to the
//     int32 lane with wrap-around, no saturation. sum (A+128)*B = sum A*B +
//     128*sum B, and Pack folds -128*sum_k B[n][k] into init, so the
//     result is sum A*B + init mod 2^32. (VPMADDUBSW would not do: its
//     int16 pair sums saturate, 2*255*128 > 32767.)
//   - AVX2: both operands are sign-extended to int16, and VPMADDWD's
//     int16 x int16 pair sums are exact in int32 (|a*b| <= 2^14, pair sum
//     <= 2^15); VPADDD wraps.
//   - NEON: SMULL's int8 x int8 products fit int16 (-16256..16384), and
//     SADALP adds sign-extended pairs of them into int32 lanes (wrapping).
//     SMLAL into int16 would overflow for two -128*-128 products, so it is
//     not used.
//   - SDOT: int8 x int8 dot products of 4 added into int32 lanes (wrapping).
//
// The final horizontal sums (VPHADDD, ADDP) and the init addition are
// int32 additions, which wrap.
package gemmi8
