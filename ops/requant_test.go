package ops

import (
	"bytes"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Helpers for the int8 kernel tests. Names start with i8t.

// i8tAct builds an int8 activation tensor with per-tensor quantization.
func i8tAct(shape tensor.Shape, scale float32, zp int64, v ...int8) *tensor.Tensor {
	t := tensor.New(tensor.Int8, shape)
	if v != nil {
		if len(v) != len(t.Data) {
			panic("i8tAct: wrong number of values")
		}
		copy(t.I8(), v)
	}
	t.Quant = &tensor.Quantization{Scale: []float32{scale}, ZeroPoint: []int64{zp}}
	return t
}

// i8tRandAct is i8tAct with seeded random values over the whole int8 range.
func i8tRandAct(r *rand.Rand, shape tensor.Shape, scale float32, zp int64) *tensor.Tensor {
	t := i8tAct(shape, scale, zp)
	for i := range t.Data {
		t.Data[i] = byte(r.Uint32())
	}
	return t
}

// i8tWeights builds constant symmetric int8 weights: per tensor for one
// scale, else per channel along axis.
func i8tWeights(shape tensor.Shape, axis int, scales []float32, v []int8) *tensor.Tensor {
	t := tensor.New(tensor.Int8, shape)
	if len(v) != len(t.Data) {
		panic("i8tWeights: wrong number of values")
	}
	copy(t.I8(), v)
	t.Const = true
	t.Quant = &tensor.Quantization{Scale: append([]float32(nil), scales...), ZeroPoint: make([]int64, len(scales)), Axis: axis}
	return t
}

// i8tRandWeights is i8tWeights with seeded values in [-127, 127].
func i8tRandWeights(r *rand.Rand, shape tensor.Shape, axis int, scales []float32) *tensor.Tensor {
	v := make([]int8, shape.NumElements())
	for i := range v {
		v[i] = int8(r.IntN(255) - 127)
	}
	return i8tWeights(shape, axis, scales, v)
}

// i8tBias builds a constant int32 bias quantized with scale in*w[c] (so
// that LiteRT's XNNPACK delegate would take the op).
func i8tBias(inScale float32, ws []float32, v ...int32) *tensor.Tensor {
	t := tensor.New(tensor.Int32, tensor.Shape{len(v)})
	copy(t.I32(), v)
	t.Const = true
	scales := make([]float32, len(v))
	for c := range scales {
		scales[c] = inScale * ws[min(c, len(ws)-1)]
	}
	t.Quant = &tensor.Quantization{Scale: scales, ZeroPoint: make([]int64, len(v))}
	return t
}

// i8tOut returns an empty int8 output tensor with the given quantization.
func i8tOut(scale float32, zp int64) *tensor.Tensor {
	return &tensor.Tensor{Name: "out", DType: tensor.Int8,
		Quant: &tensor.Quantization{Scale: []float32{scale}, ZeroPoint: []int64{zp}}}
}

// i8tPrepare prepares k with output o and allocates o, filled with garbage.
func i8tPrepare(k Kernel, o *tensor.Tensor, in ...*tensor.Tensor) error {
	if err := k.Prepare(in, []*tensor.Tensor{o}); err != nil {
		return err
	}
	o.Data = tensor.AlignedBytes(o.ByteSize())
	for i := range o.Data {
		o.Data[i] = 0x5a
	}
	return nil
}

// i8tRun prepares and evaluates k with requantization mode m, checks that
// Eval leaves its inputs alone, and returns the output.
func i8tRun(t *testing.T, k Kernel, m quant.Mode, o *tensor.Tensor, in ...*tensor.Tensor) *tensor.Tensor {
	t.Helper()
	if r, ok := k.(Requantizer); ok {
		r.SetRequantization(m)
	}
	if err := i8tPrepare(k, o, in...); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if o.DType != tensor.Int8 {
		t.Fatalf("output dtype %v, want int8", o.DType)
	}
	saved := make([][]byte, len(in))
	for i, x := range in {
		if x != nil {
			saved[i] = bytes.Clone(x.Data)
		}
	}
	if err := k.Eval(in, []*tensor.Tensor{o}); err != nil {
		t.Fatalf("Eval: %v", err)
	}
	for i, x := range in {
		if x != nil && !bytes.Equal(saved[i], x.Data) {
			t.Fatalf("Eval wrote to input %d", i)
		}
	}
	return o
}

// i8tExpect checks an int8 output's shape and values.
func i8tExpect(t *testing.T, got *tensor.Tensor, shape tensor.Shape, want ...int8) {
	t.Helper()
	if !got.Shape.Equal(shape) {
		t.Fatalf("output shape %v, want %v", got.Shape, shape)
	}
	g := got.I8()
	if len(g) != len(want) {
		t.Fatalf("got %d values, want %d", len(g), len(want))
	}
	for i := range want {
		if g[i] != want[i] {
			t.Fatalf("value %d: got %d, want %d\n got  %v\n want %v", i, g[i], want[i], g, want)
		}
	}
}

// i8tNoAllocs checks that Eval does not allocate once prepared.
func i8tNoAllocs(t *testing.T, k Kernel, o *tensor.Tensor, in ...*tensor.Tensor) {
	t.Helper()
	if err := i8tPrepare(k, o, in...); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	outs := []*tensor.Tensor{o}
	n := testing.AllocsPerRun(20, func() {
		if err := k.Eval(in, outs); err != nil {
			t.Fatalf("Eval: %v", err)
		}
	})
	if n != 0 {
		t.Fatalf("Eval allocates %v times per run", n)
	}
}

// Oracles. They apply the documented formulas to exact int64 accumulators
// computed by the tests' own loops.

// i8tOracleAct returns the activation clamp of a mode, from the
// definitions: XNNPACK quantizes the float bounds with
// lrintf(clamp(v/scale + zp, -128, 127)) in float32; TFLite with
// zp + round_half_away(v/scale), clamped to the int8 range.
func i8tOracleAct(m quant.Mode, a Activation, scale float32, zp int32) (lo, hi int32) {
	var flo, fhi float64
	switch a {
	case ActNone:
		return -128, 127
	case ActRelu:
		flo, fhi = 0, math.Inf(1)
	case ActRelu6:
		flo, fhi = 0, 6
	case ActReluN1To1:
		flo, fhi = -1, 1
	}
	if m == quant.FixedPoint {
		q := func(v float64) int64 {
			if math.IsInf(v, 1) {
				return 127
			}
			return int64(zp) + int64(math.Round(float64(float32(v)/scale)))
		}
		return int32(max(-128, min(127, q(flo)))), int32(max(-128, min(127, q(fhi))))
	}
	q := func(v float64) int32 {
		f := float32(float32(v)/scale) + float32(zp)
		if math.IsInf(v, 1) {
			f = float32(math.Inf(1))
		}
		return int32(math.RoundToEven(float64(min(max(f, -128), 127))))
	}
	return q(flo), q(fhi)
}

// i8tOracleXNN rescales an exact accumulator as XNNPACK: float32 scale
// s_in*s_w/s_out, float32 product, round half to even, zero point, clamp.
func i8tOracleXNN(acc int64, inScale, wScale, outScale float32, zp, lo, hi int32) int8 {
	scale := float32(float32(inScale*wScale) / outScale)
	f := float32(float32(int32(acc)) * scale)
	v := int64(math.RoundToEven(float64(f))) + int64(zp)
	return int8(max(int64(lo), min(int64(hi), v)))
}

// i8tOracleFixed rescales an exact accumulator as TFLite's reference
// kernels: Q31 multiplier of real, gemmlowp's double rounding (or ruy's
// single rounding), zero point, clamp. The fixed-point steps are evaluated
// here with big integers from their definitions.
func i8tOracleFixed(acc int64, real float64, single bool, zp, lo, hi int32) int8 {
	mult, shift := quant.QuantizeMultiplier(real)
	var v int64
	if mult == 0 {
		v = 0
	} else if single {
		// round(acc*mult / 2^(31-shift)), ties toward +inf.
		num := new(big.Int).Mul(big.NewInt(int64(int32(acc))), big.NewInt(int64(mult)))
		num.Add(num, new(big.Int).Lsh(big.NewInt(1), uint(30-shift)))
		num.Rsh(num, uint(31-shift))  // arithmetic shift: floor
		v = int64(int32(num.Int64())) // ruy truncates the 64-bit result
	} else {
		left, right := max(shift, 0), max(-shift, 0)
		x := int64(int32(int64(int32(acc)) << uint(left)))
		// SRDHM: trunc((x*mult + nudge) / 2^31), nudge 2^30 or 1-2^30.
		p := new(big.Int).Mul(big.NewInt(x), big.NewInt(int64(mult)))
		nudge := big.NewInt(1 << 30)
		if p.Sign() < 0 {
			nudge = big.NewInt(1 - (1 << 30))
		}
		p.Add(p, nudge)
		p.Quo(p, big.NewInt(1<<31))
		h := p.Int64()
		if h > math.MaxInt32 {
			h = math.MaxInt32
		}
		// Rounding divide by 2^right, ties away from zero.
		if right > 0 {
			neg := h < 0
			a := h
			if neg {
				a = -a
			}
			q, rem := a>>uint(right), a&(1<<uint(right)-1)
			if 2*rem >= 1<<uint(right) {
				q++
			}
			if neg {
				q = -q
			}
			h = q
		}
		v = h
	}
	v += int64(zp)
	return int8(max(int64(lo), min(int64(hi), v)))
}

// i8tDeqCheck checks the definitional bound: the dequantized output is
// within half an output step of the float64 result real, unless the output
// sits on a clamp bound the real value lies beyond. The slack allows for the
// formulas' own rounding: float32 scales and products (about 2^-22
// relative), and in fixed-point mode gemmlowp's double rounding, whose
// second rounding adds up to 2^-(right+1) steps for a right shift of right
// bits (rexp is log2 of the real rescale factor).
func i8tDeqCheck(t *testing.T, what string, q int8, real float64, outScale float32, zp, lo, hi int32, fixed bool, rexp int) {
	t.Helper()
	s := float64(outScale)
	deq := s * float64(int32(q)-zp)
	if int32(q) == lo && real <= deq || int32(q) == hi && real >= deq {
		return
	}
	tol := 0.5
	if fixed {
		right := max(0, -rexp)
		tol += math.Ldexp(0.5, -right)
	}
	if d := math.Abs(deq-real) / s; d > tol+1e-5+1e-6*math.Abs(real/s) {
		t.Fatalf("%s: output %d dequantizes to %v, real result %v (|Δ| %.4g steps > %.4g)", what, q, deq, real, d, tol)
	}
}

func TestTapRange(t *testing.T) {
	// Brute force over small geometries.
	for i0 := -12; i0 < 12; i0++ {
		for d := 1; d <= 4; d++ {
			for k := 1; k <= 6; k++ {
				for n := 1; n <= 9; n++ {
					k0, k1 := tapRange(i0, d, k, n)
					w0, w1 := -1, -1
					for kk := 0; kk < k; kk++ {
						if i := i0 + kk*d; i >= 0 && i < n {
							if w0 < 0 {
								w0 = kk
							}
							w1 = kk + 1
						}
					}
					if w0 < 0 {
						if k1 != k0 {
							t.Fatalf("tapRange(%d,%d,%d,%d) = [%d,%d), want empty", i0, d, k, n, k0, k1)
						}
						continue
					}
					if k0 != w0 || k1 != w1 {
						t.Fatalf("tapRange(%d,%d,%d,%d) = [%d,%d), want [%d,%d)", i0, d, k, n, k0, k1, w0, w1)
					}
				}
			}
		}
	}
}

func TestActRanges(t *testing.T) {
	for _, c := range []struct {
		m      quant.Mode
		a      Activation
		scale  float32
		zp     int32
		lo, hi int32
	}{
		// RELU6 at scale 12: 6/12 = 0.5. TFLite rounds away (zp+1), XNNPACK
		// rounds -20+0.5 = -19.5 to even (-20).
		{quant.FixedPoint, ActRelu6, 12, -20, -20, -19},
		{quant.FloatRoundEven, ActRelu6, 12, -20, -20, -20},
		// Odd zero point: -19.5+... XNNPACK lrintf(-18.5) = -18, TFLite -18.
		{quant.FloatRoundEven, ActRelu6, 12, -19, -19, -18},
		// RELU_N1_TO_1 at scale 2: ±0.5. TFLite [-1, 1], XNNPACK [0, 0].
		{quant.FixedPoint, ActReluN1To1, 2, 0, -1, 1},
		{quant.FloatRoundEven, ActReluN1To1, 2, 0, 0, 0},
		// Bounds beyond the int8 range clamp; RELU's lower bound is the zero
		// point.
		{quant.FixedPoint, ActRelu6, 0.01, 100, 100, 127},
		{quant.FloatRoundEven, ActRelu6, 0.01, 100, 100, 127},
		{quant.FloatRoundEven, ActRelu, 0.1, -128, -128, 127},
		{quant.FixedPoint, ActNone, 0.1, 5, -128, 127},
		{quant.FloatRoundEven, ActNone, 0.1, 5, -128, 127},
		// RELU_N1_TO_1 with a zero point near the top: hi clamps to 127.
		{quant.FloatRoundEven, ActReluN1To1, 0.01, 120, 20, 127},
	} {
		lo, hi, err := actRangeInt8(c.m, c.a, c.scale, c.zp)
		if err != nil || lo != c.lo || hi != c.hi {
			t.Errorf("%v %v scale %v zp %d: [%d, %d] %v, want [%d, %d]", c.m, c.a, c.scale, c.zp, lo, hi, err, c.lo, c.hi)
		}
		olo, ohi := i8tOracleAct(c.m, c.a, c.scale, c.zp)
		if olo != c.lo || ohi != c.hi {
			t.Errorf("oracle disagrees with the hand values: [%d, %d]", olo, ohi)
		}
	}
	if _, _, err := actRangeInt8(quant.FloatRoundEven, ActTanh, 1, 0); err == nil {
		t.Error("TANH accepted as a clamp")
	}
	if _, _, err := actRangeInt8(quant.FixedPoint, ActSignBit, 1, 0); err == nil {
		t.Error("SIGN_BIT accepted as a clamp")
	}
}

func TestInt8RequantFormulas(t *testing.T) {
	// Hand values. Scale 0.25 (exact): acc 50 -> 12.5 rounds to even (12)
	// in float mode, away from zero (13) with TFLite's fixed point; 46 ->
	// 11.5 -> 12 both; -50 -> -12.5 -> -12 and -13.
	var f, x int8Requant
	f.initFloat([]float32{xnnRequantScale(0.5, 0.25, 0.5)}, 0, -128, 127)
	x.initFixed([]float64{tfliteConvReal(0.5, 0.25, 0.5)}, 0, -128, 127)
	for _, c := range [][3]int32{{50, 12, 13}, {46, 12, 12}, {-50, -12, -13}, {-46, -12, -12}, {22, 6, 6}, {1000, 127, 127}, {-1000, -128, -128}} {
		if got := f.apply(c[0], 0); int32(got) != c[1] {
			t.Errorf("float mode acc %d: %d, want %d", c[0], got, c[1])
		}
		if got := x.apply(c[0], 0); int32(got) != c[2] {
			t.Errorf("fixed mode acc %d: %d, want %d", c[0], got, c[2])
		}
	}
	// Random accumulators and scales against the oracles.
	r := rand.New(rand.NewPCG(11, 12))
	diffs := 0
	for i := 0; i < 200000; i++ {
		is := float32(math.Exp(r.Float64()*6 - 7))
		ws := float32(math.Exp(r.Float64()*6 - 8))
		os := float32(math.Exp(r.Float64()*6 - 6))
		zp := int32(r.IntN(256) - 128)
		lo, hi := int32(r.IntN(128)-128), int32(r.IntN(128))
		acc := int32(r.IntN(1<<21) - 1<<20)
		var rf, rx, rs int8Requant
		rf.initFloat([]float32{xnnRequantScale(is, ws, os)}, zp, lo, hi)
		rx.initFixed([]float64{tfliteConvReal(is, ws, os)}, zp, lo, hi)
		rs.initFixed([]float64{tfliteConvReal(is, ws, os)}, zp, lo, hi)
		rs.single = true
		gf, gx, gs := rf.apply(acc, 0), rx.apply(acc, 0), rs.apply(acc, 0)
		wf := i8tOracleXNN(int64(acc), is, ws, os, zp, lo, hi)
		wx := i8tOracleFixed(int64(acc), tfliteConvReal(is, ws, os), false, zp, lo, hi)
		ws1 := i8tOracleFixed(int64(acc), tfliteConvReal(is, ws, os), true, zp, lo, hi)
		if gf != wf || gx != wx || gs != ws1 {
			t.Fatalf("acc %d scales %v %v %v zp %d [%d,%d]: float %d (want %d), fixed %d (want %d), single %d (want %d)",
				acc, is, ws, os, zp, lo, hi, gf, wf, gx, wx, gs, ws1)
		}
		if gf != gx {
			diffs++
		}
	}
	if diffs == 0 {
		t.Error("the two modes never differ: the switch has no effect")
	}
	t.Logf("modes differ on %d of 200000 random accumulators", diffs)
}

func TestInt8Validation(t *testing.T) {
	mk := func(mod func(x, w, b, o *tensor.Tensor)) error {
		x := i8tAct(tensor.Shape{1, 3, 3, 2}, 0.5, 1)
		ww := i8tWeights(tensor.Shape{2, 1, 1, 2}, 0, []float32{0.1, 0.2}, []int8{1, 2, 3, 4})
		b := i8tBias(0.5, []float32{0.1, 0.2}, 1, 2)
		o := i8tOut(0.3, 0)
		mod(x, ww, b, o)
		k := &Conv2D{Padding: PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}
		return i8tPrepare(k, o, x, ww, b)
	}
	if err := mk(func(x, w, b, o *tensor.Tensor) {}); err != nil {
		t.Fatalf("valid conv rejected: %v", err)
	}
	for _, c := range []struct {
		name string
		mod  func(x, w, b, o *tensor.Tensor)
	}{
		{"input without quantization", func(x, w, b, o *tensor.Tensor) { x.Quant = nil }},
		{"input per-axis", func(x, w, b, o *tensor.Tensor) { x.Quant.Scale = []float32{1, 2} }},
		{"input zero scale", func(x, w, b, o *tensor.Tensor) { x.Quant.Scale[0] = 0 }},
		{"input negative scale", func(x, w, b, o *tensor.Tensor) { x.Quant.Scale[0] = -1 }},
		{"input NaN scale", func(x, w, b, o *tensor.Tensor) { x.Quant.Scale[0] = float32(math.NaN()) }},
		{"input Inf scale", func(x, w, b, o *tensor.Tensor) { x.Quant.Scale[0] = float32(math.Inf(1)) }},
		{"input zero point 128", func(x, w, b, o *tensor.Tensor) { x.Quant.ZeroPoint[0] = 128 }},
		{"weights without quantization", func(x, w, b, o *tensor.Tensor) { w.Quant = nil }},
		{"weights zero point", func(x, w, b, o *tensor.Tensor) { w.Quant.ZeroPoint[1] = 3 }},
		{"weights wrong axis", func(x, w, b, o *tensor.Tensor) { w.Quant.Axis = 3 }},
		{"weights scale count", func(x, w, b, o *tensor.Tensor) { w.Quant.Scale = []float32{1, 2, 3}; w.Quant.ZeroPoint = nil }},
		{"weights bad scale", func(x, w, b, o *tensor.Tensor) { w.Quant.Scale[1] = float32(math.Inf(-1)) }},
		{"weights float", func(x, w, b, o *tensor.Tensor) { w.DType = tensor.Float32 }},
		{"bias int8", func(x, w, b, o *tensor.Tensor) { b.DType = tensor.Int8 }},
		{"bias length", func(x, w, b, o *tensor.Tensor) { b.Shape = tensor.Shape{1}; b.Data = b.Data[:4] }},
		{"output float", func(x, w, b, o *tensor.Tensor) { o.DType = tensor.Float32 }},
		{"output without quantization", func(x, w, b, o *tensor.Tensor) { o.Quant = nil }},
		{"output zero point", func(x, w, b, o *tensor.Tensor) { o.Quant.ZeroPoint[0] = -129 }},
		{"output scale", func(x, w, b, o *tensor.Tensor) { o.Quant.Scale[0] = 0 }},
	} {
		if err := mk(c.mod); err == nil {
			t.Errorf("%s: Prepare succeeded, want error", c.name)
		}
	}
}
