package quant

import "math"

// Round rounds half away from zero, as TFLite's TfLiteRound (std::round).
func Round(x float64) float64 { return math.Round(x) }

// QuantizeValue maps a real value to an integer in [qmin, qmax] as TFLite's
// AffineQuantize: round(x/scale) + zeroPoint, with the division in float32,
// rounding half away from zero, then clamping. NaN maps to the zero point.
func QuantizeValue(x, scale float32, zeroPoint, qmin, qmax int32) int32 {
	q := math.Round(float64(x/scale)) + float64(zeroPoint)
	if q != q {
		q = float64(zeroPoint)
	}
	return int32(min(max(q, float64(qmin)), float64(qmax)))
}

// DequantizeValue returns scale*(q - zeroPoint), formed in float64 (where it
// is exact) and rounded once to float32.
func DequantizeValue(q int32, scale float32, zeroPoint int32) float32 {
	return float32(float64(scale) * float64(int64(q)-int64(zeroPoint)))
}
