package quant

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

var edges32 = []int32{math.MinInt32, math.MinInt32 + 1, -1 << 30, -(1 << 30) + 1, -65536, -3, -2, -1, 0, 1, 2, 3,
	65535, 1<<30 - 1, 1 << 30, math.MaxInt32 - 1, math.MaxInt32}

// srdhmOracle evaluates gemmlowp's definition with big integers:
// trunc((a*b + nudge) / 2^31), saturated to int32.
func srdhmOracle(a, b int32) int32 {
	p := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))
	nudge := big.NewInt(1 << 30)
	if p.Sign() < 0 {
		nudge = big.NewInt(1 - (1 << 30))
	}
	p.Add(p, nudge)
	p.Quo(p, big.NewInt(1<<31)) // Quo truncates toward zero
	if p.Cmp(big.NewInt(math.MaxInt32)) > 0 {
		return math.MaxInt32
	}
	return int32(p.Int64())
}

func TestSaturatingRoundingDoublingHighMul(t *testing.T) {
	for _, a := range edges32 {
		for _, b := range edges32 {
			if got, want := SaturatingRoundingDoublingHighMul(a, b), srdhmOracle(a, b); got != want {
				t.Fatalf("SRDHM(%d, %d) = %d, want %d", a, b, got, want)
			}
		}
	}
	// Hand-computed: 2*2^30*2^30 / 2^32 = 2^28; MinInt32^2 saturates.
	if got := SaturatingRoundingDoublingHighMul(1<<30, 1<<30); got != 1<<29 {
		t.Errorf("SRDHM(2^30, 2^30) = %d, want 2^29", got)
	}
	if got := SaturatingRoundingDoublingHighMul(math.MinInt32, math.MinInt32); got != math.MaxInt32 {
		t.Errorf("SRDHM(min, min) = %d", got)
	}
	// Ties: 2*1*2^30 / 2^32 = 0.5 -> (2^30 + 2^30) / 2^31 = 1, while
	// -0.5 -> (-2^30 + 1 - 2^30) / 2^31 = -0.99.. -> 0: ties go toward +Inf.
	// 2*(-3)*2^29 / 2^32 = -0.75 -> -1.
	if SaturatingRoundingDoublingHighMul(1, 1<<30) != 1 || SaturatingRoundingDoublingHighMul(-1, 1<<30) != 0 ||
		SaturatingRoundingDoublingHighMul(-3, 1<<29) != -1 {
		t.Error("rounding of halves and quarters")
	}
	r := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 200000; i++ {
		a, b := int32(r.Uint32()), int32(r.Uint32())
		if got, want := SaturatingRoundingDoublingHighMul(a, b), srdhmOracle(a, b); got != want {
			t.Fatalf("SRDHM(%d, %d) = %d, want %d", a, b, got, want)
		}
	}
}

// rdbpOracle rounds x / 2^e to nearest, ties away from zero, in int64.
func rdbpOracle(x int32, e int) int32 {
	v := int64(x)
	neg := v < 0
	if neg {
		v = -v
	}
	q, r := v>>uint(e), v&(1<<uint(e)-1)
	if e > 0 && 2*r >= 1<<uint(e) {
		q++
	}
	if neg {
		q = -q
	}
	return int32(q)
}

func TestRoundingDivideByPOT(t *testing.T) {
	for e := 0; e <= 31; e++ {
		for x := int32(-70000); x <= 70000; x++ {
			if got, want := RoundingDivideByPOT(x, e), rdbpOracle(x, e); got != want {
				t.Fatalf("RDBP(%d, %d) = %d, want %d", x, e, got, want)
			}
		}
		for _, x := range edges32 {
			if got, want := RoundingDivideByPOT(x, e), rdbpOracle(x, e); got != want {
				t.Fatalf("RDBP(%d, %d) = %d, want %d", x, e, got, want)
			}
		}
	}
	// Hand-computed ties: 5/2 = 2.5 -> 3, -5/2 -> -3, 6/4 = 1.5 -> 2, -6/4 -> -2, 5/4 = 1.25 -> 1.
	for _, c := range [][3]int32{{5, 1, 3}, {-5, 1, -3}, {6, 2, 2}, {-6, 2, -2}, {5, 2, 1}, {-5, 2, -1}} {
		if got := RoundingDivideByPOT(c[0], int(c[1])); got != c[2] {
			t.Errorf("RDBP(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
}

func TestQuantizeMultiplier(t *testing.T) {
	for _, c := range []struct {
		m     float64
		mult  int32
		shift int
	}{
		{1, 1 << 30, 1}, {0.5, 1 << 30, 0}, {0.75, 3 << 29, 0}, {0.25, 1 << 30, -1},
		{0, 0, 0}, {-1, 0, 0}, {1e-12, 0, 0}, {1 << 31, math.MaxInt32, 30},
		// 1 - 2^-40: the 31-bit fraction rounds up to 1.0, so the result renormalises to 2^30 * 2^1.
		{1 - math.Pow(2, -40), 1 << 30, 1},
	} {
		mult, shift := QuantizeMultiplier(c.m)
		if mult != c.mult || shift != c.shift {
			t.Errorf("QuantizeMultiplier(%v) = (%d, %d), want (%d, %d)", c.m, mult, shift, c.mult, c.shift)
		}
	}
	r := rand.New(rand.NewPCG(2, 2))
	for i := 0; i < 100000; i++ {
		m := math.Exp(r.Float64()*40 - 30) // 1e-13 .. 2e4
		mult, shift := QuantizeMultiplier(m)
		if mult == 0 {
			continue
		}
		if mult < 1<<30 {
			t.Fatalf("m=%v: mult %d below 2^30", m, mult)
		}
		back := float64(mult) * math.Pow(2, float64(shift-31))
		if math.Abs(back-m) > m*math.Pow(2, -31) {
			t.Fatalf("m=%v: %d*2^(%d-31) = %v", m, mult, shift, back)
		}
	}
}

// exactScaled returns x*mult*2^(shift-31) as an exact rational.
func exactScaled(x, mult int32, shift int) *big.Rat {
	r := new(big.Rat).SetInt(new(big.Int).Mul(big.NewInt(int64(x)), big.NewInt(int64(mult))))
	p := new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(abs(shift-31))))
	if shift-31 < 0 {
		return r.Quo(r, p)
	}
	return r.Mul(r, p)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestMultiplyByQuantizedMultiplier(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	half := big.NewRat(1, 2)
	for i := 0; i < 100000; i++ {
		x := int32(r.IntN(1<<17) - 1<<16)
		mult, shift := QuantizeMultiplier(math.Exp(r.Float64()*16 - 12))
		if mult == 0 {
			continue
		}
		exact := exactScaled(x, mult, shift)
		// Single rounding: floor(exact + 1/2), ties toward +Inf.
		fl := new(big.Rat).Add(exact, half)
		want := new(big.Int).Div(fl.Num(), fl.Denom()) // Euclidean division: floor for positive denominators
		if got := MultiplyByQuantizedMultiplierSingleRounding(x, mult, shift); got != want.Int64() {
			t.Fatalf("single(%d, %d, %d) = %d, want %d", x, mult, shift, got, want)
		}
		// Double rounding is its definition composed of the two oracles, and
		// within 1 of the exact value.
		left, right := max(shift, 0), max(-shift, 0)
		wantD := rdbpOracle(srdhmOracle(int32(int64(x)<<uint(left)), mult), right)
		gotD := MultiplyByQuantizedMultiplier(x, mult, shift)
		if gotD != wantD {
			t.Fatalf("double(%d, %d, %d) = %d, want %d", x, mult, shift, gotD, wantD)
		}
		f, _ := exact.Float64()
		if math.Abs(float64(gotD)-f) > 1 {
			t.Fatalf("double(%d, %d, %d) = %d, exact %v", x, mult, shift, gotD, f)
		}
	}
}

func TestQuantizeValue(t *testing.T) {
	// scale 0.5: 0.25 -> 0.5 -> 1 (half away from zero), -0.25 -> -1,
	// 0.75 -> 1.5 -> 2; zero point shifts; clamping at the int8 range.
	for _, c := range []struct {
		x    float32
		zp   int32
		want int32
	}{{0.25, 0, 1}, {-0.25, 0, -1}, {0.75, 0, 2}, {0.2, 3, 3}, {100, 0, 127}, {-100, 0, -128}, {float32(math.NaN()), 5, 5}} {
		if got := QuantizeValue(c.x, 0.5, c.zp, -128, 127); got != c.want {
			t.Errorf("QuantizeValue(%v, zp %d) = %d, want %d", c.x, c.zp, got, c.want)
		}
	}
	if got := DequantizeValue(-128, 0.1, -3); got != float32(0.1*-125.0) {
		t.Errorf("DequantizeValue = %v", got)
	}
}
