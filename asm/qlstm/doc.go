// Package qlstm holds the elementwise kernels of the full-integer LSTM
// step (TFLite's "8x8_16" arithmetic, ops/lstm_int8.go): the gate
// pre-activations, the int16 cell-state update and the int8 hidden state.
// The matrix products run in asm/gemmi8; the 16-bit logistic and tanh are
// table lookups (Lookup, plain Go everywhere).
//
// Per step and direction of the reference BLSTM (128 cells) the kernels
// run 4 Gate, 1 Cell and 1 Hidden calls of 128 elements; in scalar Go they
// took 60% of the int8 BLSTM's time (two double-rounding requantizations
// per gate element).
//
// As in Go's crypto packages, qlstm.go (the driver and the pure-Go
// reference) is always compiled, the arch files only add kernels, and the
// purego build tag leaves the reference alone. Kernels handle n/VL·VL
// elements; the driver runs the last n%VL in Go.
//
// # Kernels
//
// qs16LSTMGateAVX2_x16, qs16LSTMCellAVX2_x16, qs8LSTMHiddenAVX2_x16
// (amd64, AVX2), 16 elements per step:
//
//   - Gate: per 8 int32 lanes, MultiplyByQuantizedMultiplier is 15
//     instructions (VPSLLD, VPSRLQ, 2 VPMULDQ, 2 VPADDQ, VPSRLQ, VPSLLQ,
//     VPBLENDD for the rounding doubling high product; VPAND, VPSRAD,
//     VPADDD, VPCMPGTD, VPSRAD, VPSUBD for the rounding shift), with the
//     multiplier's constants read from memory. Two of them, a clamp
//     (VPMAXSD, VPMINSD), VPADDD, then VPACKSSDW (the final saturation)
//     and VPERMQ: about 2.3 instructions per element.
//   - Cell: VPMULLW, VPMULHW, VPUNPCKLWD/HWD form f·c and i·g as int32, a
//     6-instruction rounding shift and a 2-instruction truncation to int16
//     on each half, VPACKSSDW, VPADDSW (the saturating sum), VPMINSW and
//     VPMAXSW (the clip): about 3 instructions per element.
//   - Hidden: o·t as in Cell, MultiplyByQuantizedMultiplier, VPSUBD (zero
//     point), VPACKSSDW, VPACKSSWB, VPERMQ, a 16-byte store: about 2.5
//     instructions per element.
//
// qs16LSTMGateNEON_x8, qs16LSTMCellNEON_x8, qs8LSTMHiddenNEON_x8 (arm64,
// Advanced SIMD), 8 elements per step, the same dataflow on 4-lane
// registers: MultiplyByQuantizedMultiplier is gemmlowp's NEON form, SSHL
// (left shift), SQRDMULH, then AND, SSHR #31, SQADD, SRSHL for the
// rounding right shift (6 instructions per 4 lanes); products of int16
// pairs are SMULL/SMULL2; saturations SMAX/SMIN, SQXTN and SQADD (.8H);
// Cell's truncations XTN. Go's assembler lacks all of these:
// qlstm_arm64.s is written by gen_arm64.go (asm/internal/arm64enc checks
// every WORD encoding with llvm-mc).
//
// # Exactness
//
// Every kernel is bit-identical to the generic code, which the tests check
// against quant's scalar definitions on random and extreme values,
// including every rounding tie:
//
//   - TFLite's SaturatingRoundingDoublingHighMul truncates (x·M + nudge)/2^31
//     toward zero with a sign-dependent nudge; for M >= 0 that equals
//     floor((x·M + 2^30)/2^31), what the kernels compute from the exact
//     64-bit products (VPMULDQ). The product's magnitude is below 2^62,
//     so bits 31..62 hold the int32 result, and the MinInt32·MinInt32
//     saturation cannot happen with M >= 0 (Mult requires it).
//   - The rounding right shift adds one when the remainder (x & mask),
//     decremented for negative x, exceeds mask/2: ties away from zero as
//     gemmlowp's RoundingDivideByPOT, with no intermediate overflow.
//   - SQRDMULH is (2·x·M + 2^31) >> 32, the same floor((x·M + 2^30)/2^31).
//     NEON's rounding shift SRSHL rounds ties up; subtracting one from
//     negative x first (AND with -rsh, whose sign bit is set only when
//     rsh > 0, SSHR #31, SQADD) makes ties of negative values go down,
//     i.e. away from zero. SQADD saturates only for x = MinInt32, where
//     both forms give -2^(31-rsh) exactly.
//   - The left shift wraps (VPSLLD, SSHL), as quant's int64 shift truncated to
//     int32; int32 additions and the zero-point subtraction wrap (VPADDD,
//     VPSUBD, ADD, SUB) as Go's. Saturations to int16 and int8 are VPACKSSDW
//     and VPACKSSWB, or SQXTN (sat8(sat16(x)) = sat8(x)); the truncating int16
//     conversions in Cell keep the low 16 bits (VPSLLD, VPSRAD by 16)
//     before packing; the cell sum saturates with VPADDSW, exactly
//     sat16(int32(a)+int32(b)) for int16 a, b.
package qlstm
