package quant

import "math"

// SaturatingRoundingDoublingHighMul returns the high 32 bits of 2*a*b,
// rounded to nearest, as gemmlowp defines it: its nudge makes ties round
// toward +Inf (0.5 -> 1 but -0.5 -> 0). The only overflow, a = b = MinInt32,
// saturates to MaxInt32.
//
// It equals, in exact arithmetic, trunc((a*b + nudge) / 2^31) where nudge is
// 2^30 for a non-negative product and 1-2^30 otherwise.
func SaturatingRoundingDoublingHighMul(a, b int32) int32 {
	if a == b && a == math.MinInt32 {
		return math.MaxInt32
	}
	ab := int64(a) * int64(b)
	nudge := int64(1 << 30)
	if ab < 0 {
		nudge = 1 - (1 << 30)
	}
	// Go's integer division truncates toward zero, as the definition needs.
	return int32((ab + nudge) / (1 << 31))
}

// RoundingDivideByPOT returns x / 2^exponent rounded to nearest with ties
// away from zero (gemmlowp's RoundingDivideByPOT). exponent must be in
// [0, 31].
func RoundingDivideByPOT(x int32, exponent int) int32 {
	mask := int32(1)<<uint(exponent) - 1
	remainder := x & mask
	threshold := mask >> 1
	if x < 0 {
		threshold++
	}
	r := x >> uint(exponent)
	if remainder > threshold {
		r++
	}
	return r
}

// QuantizeMultiplier writes a real multiplier m >= 0 as mult * 2^(shift-31)
// with mult in [2^30, 2^31), as TFLite's QuantizeMultiplier: the frexp
// fraction of m is rounded to 31 bits, half away from zero. Multipliers too
// small to represent (shift < -31) become (0, 0); those of 2^30 or more
// saturate to (MaxInt32, 30).
func QuantizeMultiplier(m float64) (mult int32, shift int) {
	if m <= 0 || math.IsNaN(m) {
		return 0, 0
	}
	frac, exp := math.Frexp(m)
	q := int64(math.Round(frac * (1 << 31)))
	if q == 1<<31 {
		q /= 2
		exp++
	}
	if exp < -31 {
		return 0, 0
	}
	if exp > 30 {
		return math.MaxInt32, 30
	}
	return int32(q), exp
}

// MultiplyByQuantizedMultiplier returns x * mult * 2^(shift-31) with TFLite's
// default (double-rounding) arithmetic: a rounding doubling high multiply of
// x*2^max(shift,0) by mult, then a rounding right shift by max(-shift,0).
// shift must be in [-31, 30].
func MultiplyByQuantizedMultiplier(x, mult int32, shift int) int32 {
	left, right := 0, 0
	if shift > 0 {
		left = shift
	} else {
		right = -shift
	}
	return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(int32(int64(x)<<uint(left)), mult), right)
}

// MultiplyByQuantizedMultiplierSingleRounding returns x * mult * 2^(shift-31)
// rounded once to nearest, ties toward +Inf, as TFLite built with
// TFLITE_SINGLE_ROUNDING and as XNNPACK-backed LiteRT compute it:
//
//	(x*mult + 2^(30-shift)) >> (31-shift)
//
// shift must be in [-31, 30]; the result is exact for any int32 x because
// the product is formed in 64 bits.
func MultiplyByQuantizedMultiplierSingleRounding(x, mult int32, shift int) int64 {
	total := uint(31 - shift)
	return (int64(x)*int64(mult) + int64(1)<<(total-1)) >> total
}
