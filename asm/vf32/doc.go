// Package vf32 holds float32 elementwise kernels: the clamp of RELU, RELU6
// and RELU_N1_TO_1, HARD_SWISH in TFLite's reference order (x*relu6(x+3),
// rounded, then divided by 6), and ADD, SUB and MUL over rows with the
// fused activation's clamp (Bin; ops uses it for same shapes, channel
// vectors and scalar operands), and one output row of a bilinear resize
// (BilinearRow, in TFLite's order of products and sums), and XNNPACK's
// float32 to int8 conversion (QuantizeS8, the QUANTIZE of a float input),
// and the logistic function (Sigmoid: range reduction, a degree-6
// polynomial for exp and one division, as a fixed sequence of float32
// operations that the kernels follow bit for bit; within 1e-7 of exact).
//
// As in Go's crypto packages, vf32.go (the driver and the pure-Go
// reference) is always compiled, the arch files only add kernels, and the
// purego build tag leaves the reference alone. arm64 has no kernel yet.
//
// # Kernels
//
// f32VClampAVX512_x16 and f32VHardSwishAVX512_x16 (amd64, AVX-512 F): 16
// values per step, the last n%16 under a k-mask. Clamp: VMAXPS and VMINPS
// (4 instructions with the load and store per 16 values); HardSwish:
// VADDPS, VMAXPS, VMINPS, VMULPS, VDIVPS (7 per 16). f32VBinAVX512_x16:
// per 16 values a load, VADDPS/VSUBPS/VMULPS with the second operand from
// memory, the clamp and a store (5 instructions), one row loop per op.
// f32BilinearRowAVX512_c16: per output pixel two VBROADCASTSS of the
// column weights, then per 16 channels 4 loads, 8 VMULPS, 3 VADDPS and a
// store. f32QS8AVX512_x16: VMULPS, VMAXPS/VMINPS (ordered so that NaN
// gives the lower bound), VCMPPS, VPTESTNMD, KANDW and a masked move for
// NaNs with a clear sign bit (the upper bound, as XNNPACK), VCVTPS2DQ
// (round to nearest even), VPADDD, VPMOVDB: 11 instructions per 16 values.
// f32SigmoidAVX512_x16: about 33 instructions per 16 values (see its Go
// declaration), with the 2^n scale built by integer shifts of the rounded
// exponent.
//
// # Exactness
//
// VMAXPS and VMINPS return their second source operand when either is NaN
// or both are equal; the kernels put x there, so NaN passes through and
// -0 stays -0 against a bound of 0, exactly as the reference's
// comparisons (QuantizeS8 orders them the other way, to map NaN to the
// bound, and ±0 round to the same integer). The additions, multiplication and division are single
// IEEE float32 operations under Go's default rounding, as the reference's
// explicitly rounded steps (float32(v*r) / 6 cannot be fused).
package vf32
