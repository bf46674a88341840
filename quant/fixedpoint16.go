package quant

import (
	"math"
	"sync"
)

// This file holds gemmlowp's 16-bit fixed-point arithmetic, which TFLite's
// full-integer LSTM (the "8x8_16" kernel) uses for its gate activations: a
// value with m integer bits is an int16 raw r standing for r / 2^(15-m)
// (Qm.(15-m)). Like gemmlowp's generic scalar code, plain additions,
// subtractions and negations wrap around in 16 bits; multiplications are
// rounding doubling high multiplies; the named saturating operations
// saturate.

// Fixed-point constants in gemmlowp are written as 32-bit raw values
// (Q0.31, Q2.29, ...) and rounded to 16 bits by a rounding right shift of 16.
func constant16(raw32 int32) int16 { return int16(RoundingDivideByPOT(raw32, 16)) }

// SaturatingRoundingDoublingHighMul16 is the 16-bit
// SaturatingRoundingDoublingHighMul: (a*b + nudge) / 2^15 truncated, with
// nudge 2^14 for a non-negative product and 1-2^14 otherwise, and
// MinInt16*MinInt16 saturated to MaxInt16. (NEON's SQRDMULH on 16-bit lanes
// rounds ties the same way only for non-negative products.)
func SaturatingRoundingDoublingHighMul16(a, b int16) int16 {
	if a == b && a == math.MinInt16 {
		return math.MaxInt16
	}
	ab := int32(a) * int32(b)
	nudge := int32(1 << 14)
	if ab < 0 {
		nudge = 1 - (1 << 14)
	}
	return int16((ab + nudge) / (1 << 15))
}

// RoundingDivideByPOT16 is RoundingDivideByPOT on int16: x / 2^exponent
// rounded to nearest, ties away from zero. exponent must be in [0, 15].
func RoundingDivideByPOT16(x int16, exponent int) int16 {
	mask := int16(int32(1)<<uint(exponent) - 1)
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

// saturatingMulPOT16 multiplies x by 2^e: for e > 0 a left shift that
// saturates every x beyond ±(2^(15-e)-1) (so, as in gemmlowp, -2^(15-e)
// saturates although its product is representable), for e < 0 a rounding
// right shift.
func saturatingMulPOT16(x int16, e int) int16 {
	switch {
	case e == 0:
		return x
	case e < 0:
		return RoundingDivideByPOT16(x, -e)
	}
	threshold := int16(1)<<uint(15-e) - 1
	if x > threshold {
		return math.MaxInt16
	}
	if x < -threshold {
		return math.MinInt16
	}
	return x << uint(e)
}

// saturatingAdd16 adds with saturation to the int16 range.
func saturatingAdd16(a, b int16) int16 {
	return int16(max(min(int32(a)+int32(b), math.MaxInt16), math.MinInt16))
}

// roundingHalfSum16 is (a+b)/2 rounded to nearest, ties away from zero.
func roundingHalfSum16(a, b int16) int16 {
	sum := int32(a) + int32(b)
	sign := int32(1)
	if sum < 0 {
		sign = -1
	}
	return int16((sum + sign) / 2)
}

// mul16 is the fixed-point product of two raws (integer bits add up).
func mul16(a, b int16) int16 { return SaturatingRoundingDoublingHighMul16(a, b) }

// expNegQuarter16 returns exp(a) in Q0.15 for a Q0.15 value a in [-1/4, 0):
// a Taylor expansion to the 4th order around -1/8.
func expNegQuarter16(a int16) int16 {
	constTerm := constant16(1895147668) // exp(-1/8)
	oneThird := constant16(715827883)
	x := a + 1<<12 // a + 1/8
	x2 := mul16(x, x)
	x3 := mul16(x2, x)
	x4 := mul16(x2, x2)
	x4over4 := RoundingDivideByPOT16(x4, 2)
	poly := RoundingDivideByPOT16(mul16(x4over4+x3, oneThird)+x2, 1) // x⁴/24 + x³/6 + x²/2
	return saturatingAdd16(constTerm, mul16(constTerm, x+poly))
}

// expBarrel holds exp(-2^k) as 32-bit Q0.31 raws for k = -2..4.
var expBarrel = [...]struct {
	exp int
	raw int32
}{{-2, 1672461947}, {-1, 1302514674}, {0, 790015084}, {1, 290630308}, {2, 39332535}, {3, 720401}, {4, 242}}

// ExpOnNegativeValues16 returns exp(a) in Q0.15 for a <= 0 given with
// intBits integer bits (gemmlowp's exp_on_negative_values): a is split into
// a multiple of 1/4 and a remainder in [-1/4, 0), the remainder goes through
// a polynomial and the multiple through a product of constants exp(-2^k).
// intBits must be in [0, 12].
func ExpOnNegativeValues16(a int16, intBits int) int16 {
	frac := 15 - intBits
	quarter := int16(1) << uint(frac-2)
	mask := quarter - 1
	aModQuarterMinusQuarter := a&mask - quarter
	result := expNegQuarter16(saturatingMulPOT16(aModQuarterMinusQuarter, intBits))
	remainder := aModQuarterMinusQuarter - a
	for _, b := range expBarrel {
		if intBits > b.exp && remainder&(int16(1)<<uint(frac+b.exp)) != 0 {
			result = mul16(result, constant16(b.raw))
		}
	}
	if intBits > 5 {
		clamp := constant16(-(1 << uint(36-intBits))) // -32
		if a < clamp {
			result = 0
		}
	}
	if a == 0 {
		result = math.MaxInt16
	}
	return result
}

// newtonReciprocal16 runs gemmlowp's Newton-Raphson iteration for
// 1/(2*halfDen) on a Q0.15 halfDen in [1/2, 1): the result is in Q2.13.
func newtonReciprocal16(halfDen int16) int16 {
	c48over17 := constant16(1515870810)     // 48/17 in Q2.13
	cNeg32over17 := constant16(-1010580540) // -32/17 in Q2.13
	x := c48over17 + mul16(halfDen, cNeg32over17)
	for range 3 {
		oneMinus := 1<<13 - mul16(halfDen, x)
		x += saturatingMulPOT16(mul16(x, oneMinus), 2)
	}
	return x
}

// Logistic16 returns the logistic function 1/(1+exp(-a)) in Q0.15 of a
// value a with intBits integer bits, bit for bit as gemmlowp's logistic on
// FixedPoint<int16_t, intBits> (TFLite's integer LSTM gates use intBits 3).
// intBits must be in [0, 12].
func Logistic16(a int16, intBits int) int16 {
	if a == 0 {
		return constant16(1 << 30) // 1/2
	}
	abs := a
	if a <= 0 {
		abs = -a // wraps: -(-32768) stays -32768
	}
	// 1/(1+x) for x = exp(-|a|) in (0, 1].
	x := ExpOnNegativeValues16(-abs, intBits)
	pos := saturatingMulPOT16(newtonReciprocal16(roundingHalfSum16(x, math.MaxInt16)), 1) // halve then Q1 -> Q0
	if a > 0 {
		return pos
	}
	return math.MaxInt16 - pos
}

// Tanh16 returns tanh(a) in Q0.15 of a value a with intBits integer bits,
// bit for bit as gemmlowp's tanh on FixedPoint<int16_t, intBits>. intBits
// must be in [0, 11].
func Tanh16(a int16, intBits int) int16 {
	if a == 0 {
		return 0
	}
	n := a
	if a >= 0 {
		n = -a
	}
	// -tanh(n) = (1-x)/(1+x) for x = exp(2n), n < 0.
	x := ExpOnNegativeValues16(n, intBits+1)
	t := saturatingMulPOT16(newtonReciprocal16(roundingHalfSum16(x, math.MaxInt16))-1<<13, 2)
	if a < 0 {
		return -t
	}
	return t
}

// Table16 holds a function's value for every int16 input, indexed by the
// input's bits as uint16.
type Table16 [1 << 16]int16

var (
	tableMu  sync.Mutex
	logistic [13]*Table16
	tanh16   [12]*Table16
)

// Logistic16Table returns the table of Logistic16(·, intBits), built on
// first use and shared (128 KiB); it equals the function bit for bit.
func Logistic16Table(intBits int) *Table16 {
	return table16(&logistic[intBits], intBits, Logistic16)
}

// Tanh16Table returns the table of Tanh16(·, intBits), built on first use
// and shared.
func Tanh16Table(intBits int) *Table16 {
	return table16(&tanh16[intBits], intBits, Tanh16)
}

func table16(slot **Table16, intBits int, f func(int16, int) int16) *Table16 {
	tableMu.Lock()
	defer tableMu.Unlock()
	if *slot == nil {
		t := new(Table16)
		for i := range t {
			t[i] = f(int16(uint16(i)), intBits)
		}
		*slot = t
	}
	return *slot
}
