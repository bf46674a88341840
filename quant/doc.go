// Package quant holds octet's quantization arithmetic: the affine mapping
// between real values and integers, and the fixed-point requantization that
// integer kernels use to reproduce TFLite bit for bit.
//
// A quantized value q stands for the real number scale*(q - zeroPoint).
// Rescaling by a real factor M (such as in_scale*w_scale/out_scale) is done
// in integers: QuantizeMultiplier writes M as mult * 2^(shift-31) with mult
// a Q31 fixed-point number in [2^30, 2^31), and MultiplyByQuantizedMultiplier
// applies it.
package quant
