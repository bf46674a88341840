package quant

import (
	"math"
	"testing"
)

// TestFixedPoint16Primitives checks the 16-bit primitives on hand-computed
// cases.
func TestFixedPoint16Primitives(t *testing.T) {
	for _, c := range []struct{ a, b, want int16 }{
		{16384, 16384, 8192},    // 0.5*0.5
		{-32768, -32768, 32767}, // saturates
		{-32768, 32767, -32767},
		{1, 16384, 1},  // 0.5 ulp rounds up (ties toward +inf)
		{-1, 16384, 0}, // -0.5 ulp rounds toward zero
		{3, 16384, 2},  // 1.5 -> 2
		{-3, 16384, -1},
	} {
		if got := SaturatingRoundingDoublingHighMul16(c.a, c.b); got != c.want {
			t.Errorf("SRDHM16(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	for _, c := range []struct {
		x    int16
		e    int
		want int16
	}{{5, 1, 3}, {-5, 1, -3}, {6, 2, 2}, {-6, 2, -2}, {7, 2, 2}, {-32768, 15, -1}, {32767, 15, 1}, {100, 0, 100}} {
		if got := RoundingDivideByPOT16(c.x, c.e); got != c.want {
			t.Errorf("RoundingDivideByPOT16(%d, %d) = %d, want %d", c.x, c.e, got, c.want)
		}
	}
	// gemmlowp saturates -2^(15-e) although its product is representable.
	for _, c := range []struct {
		x    int16
		e    int
		want int16
	}{{8191, 2, 32764}, {8192, 2, 32767}, {-8191, 2, -32764}, {-8192, 2, -32768}, {3, -1, 2}} {
		if got := saturatingMulPOT16(c.x, c.e); got != c.want {
			t.Errorf("saturatingMulPOT16(%d, %d) = %d, want %d", c.x, c.e, got, c.want)
		}
	}
	if got := constant16(1 << 30); got != 16384 {
		t.Errorf("constant16(2^30) = %d", got)
	}
}

// TestLogisticTanh16Accuracy compares the fixed-point functions with the
// real ones on every int16 input, for every integer-bit count TFLite's
// integer LSTM uses (3 for the gates, 15+cell_scale in [0, 6] for the cell).
func TestLogisticTanh16Accuracy(t *testing.T) {
	for bits := 0; bits <= 6; bits++ {
		var worstL, worstT float64
		for r := math.MinInt16; r <= math.MaxInt16; r++ {
			a := int16(r)
			x := float64(a) / float64(int(1)<<(15-bits))
			l := float64(Logistic16(a, bits)) / 32768
			if d := math.Abs(l - 1/(1+math.Exp(-x))); d > worstL {
				worstL = d
			}
			th := float64(Tanh16(a, bits)) / 32768
			if d := math.Abs(th - math.Tanh(x)); d > worstT {
				worstT = d
			}
			if Logistic16(a, bits) < 0 {
				t.Fatalf("Logistic16(%d, %d) = %d < 0", a, bits, Logistic16(a, bits))
			}
			if a != math.MinInt16 && Tanh16(-a, bits) != -Tanh16(a, bits) {
				t.Fatalf("Tanh16 is not odd at %d (bits %d)", a, bits)
			}
		}
		t.Logf("intBits %d: max |logistic error| %.2g (%.1f LSB), max |tanh error| %.2g (%.1f LSB)", bits, worstL, worstL*32768, worstT, worstT*32768)
		// gemmlowp's 16-bit functions are good to about 1e-4 (a few LSB).
		if worstL > 3e-4 || worstT > 5e-4 {
			t.Errorf("intBits %d: logistic error %g or tanh error %g too large", bits, worstL, worstT)
		}
	}
}
