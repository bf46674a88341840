package ops

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// binI8 runs an int8 Add or Mul in mode m with output quantization qo.
func binI8(t *testing.T, op binOp, act Activation, m quant.Mode, qo *tensor.Quantization, a, b *tensor.Tensor) *tensor.Tensor {
	t.Helper()
	var k Kernel
	if op == opAdd {
		add := &Add{Activation: act}
		add.SetRequantization(m)
		k = add
	} else {
		mul := &Mul{Activation: act}
		mul.SetRequantization(m)
		k = mul
	}
	return ewRunOut(t, k, &tensor.Tensor{Name: "out", DType: tensor.Int8, Quant: qo}, a, b)
}

func TestAddInt8HandComputed(t *testing.T) {
	// sa = 0.5, sb = 0.25, so = 1, zero points 0. XNNPACK: ratios 0.5 and
	// 0.25, max 0.5 = 2^-1, shift = 20 - (-1) = 21, am = 0.5*2^21 = 2^20,
	// bm = 2^19, bias = 2^20.
	//   (3, 2):  (2^20 + 3*2^20 + 2*2^19) >> 21 = 5*2^20 >> 21 = 2 (exact 2)
	//   (1, 0):  2^21 >> 21 = 1 (exact 0.5, ties up)
	//   (-1, 0): 0 >> 21 = 0 (exact -0.5, ties up)
	//   (0, -3): (2^20 - 3*2^19) >> 21 = -2^19 >> 21 = -1 (exact -0.75)
	//   (127, 127): 0.75*127 = 95.25 -> 95; (-128, -128) -> -96.
	// TFLite: tw = 1, ma = 0.5, mb = 0.25, mo = 2^-20, so the -0.5 tie
	// rounds away from zero: (-1, 0) -> -1; the others agree.
	a := ewI8(tensor.Shape{6}, ewQ(0.5, 0), 3, 1, -1, 0, 127, -128)
	b := ewI8(tensor.Shape{6}, ewQ(0.25, 0), 2, 0, 0, -3, 127, -128)
	got := binI8(t, opAdd, ActNone, quant.FloatRoundEven, ewQ(1, 0), a, b)
	ewEqual(t, got.I8(), []int8{2, 1, 0, -1, 95, -96})
	got = binI8(t, opAdd, ActNone, quant.FixedPoint, ewQ(1, 0), a, b)
	ewEqual(t, got.I8(), []int8{2, 1, -1, -1, 95, -96})
	// Saturation: output scale 0.5 doubles: 190.5 -> 127, -192 -> -128.
	got = binI8(t, opAdd, ActNone, quant.FloatRoundEven, ewQ(0.5, 0), a, b)
	ewEqual(t, got.I8()[4:], []int8{127, -128})

	// Zero points: za = 4, zb = -2, zo = 10: (a - 4)*0.5 + (b + 2)*0.25 + 10.
	// (6, 2): 1 + 1 + 10 = 12; (4, -2): 10.
	a = ewI8(tensor.Shape{2}, ewQ(0.5, 4), 6, 4)
	b = ewI8(tensor.Shape{2}, ewQ(0.25, -2), 2, -2)
	got = binI8(t, opAdd, ActNone, quant.FloatRoundEven, ewQ(1, 10), a, b)
	ewEqual(t, got.I8(), []int8{12, 10})

	// RELU6 with output (4, -3): [0, 6] maps to [-3, -1.5]. XNNPACK
	// quantizes the bounds as lrintf(6/4 - 3) = lrintf(-1.5) = -2 (half to
	// even); TFLite as -3 + round(1.5) = -1. Inputs 100*0.5 + 0 = 50 ->
	// clamps high; -100*0.5 = -50 -> clamps to -3.
	a = ewI8(tensor.Shape{2}, ewQ(0.5, 0), 100, -100)
	b = ewI8(tensor.Shape{2}, ewQ(0.5, 0), 0, 0)
	got = binI8(t, opAdd, ActRelu6, quant.FloatRoundEven, ewQ(4, -3), a, b)
	ewEqual(t, got.I8(), []int8{-2, -3})
	got = binI8(t, opAdd, ActRelu6, quant.FixedPoint, ewQ(4, -3), a, b)
	ewEqual(t, got.I8(), []int8{-1, -3})
}

func TestMulInt8HandComputed(t *testing.T) {
	// sa = 0.5, sb = 0.25, so = 0.25: scale 0.5. XNNPACK rounds the float
	// product half to even. TFLite's multiplier is 0.5 = 2^30 * 2^-31 with
	// shift 0, so only the rounding doubling high multiply rounds, ties
	// toward +Inf:
	//   (3, 1): 1.5 -> 2 / 2; (5, 1): 2.5 -> 2 / 3; (-3, 1): -1.5 -> -2 / -1;
	//   (-5, 1): -2.5 -> -2 / -2; (16, 16): 128 -> 127; (-128, 127): -8128 -> -128.
	a := ewI8(tensor.Shape{6}, ewQ(0.5, 0), 3, 5, -3, -5, 16, -128)
	b := ewI8(tensor.Shape{6}, ewQ(0.25, 0), 1, 1, 1, 1, 16, 127)
	got := binI8(t, opMul, ActNone, quant.FloatRoundEven, ewQ(0.25, 0), a, b)
	ewEqual(t, got.I8(), []int8{2, 2, -2, -2, 127, -128})
	got = binI8(t, opMul, ActNone, quant.FixedPoint, ewQ(0.25, 0), a, b)
	ewEqual(t, got.I8(), []int8{2, 3, -1, -2, 127, -128})

	// Zero points subtract first: za = 1, zb = -1, zo = 5:
	// (3, 1): (2)(2)*0.5 + 5 = 7; (1, 7): 0 + 5 = 5. RELU with zo = 5
	// clamps (0, 3): (-1)(4)*0.5 = -2 -> 3, up to 5.
	a = ewI8(tensor.Shape{3}, ewQ(0.5, 1), 3, 1, 0)
	b = ewI8(tensor.Shape{3}, ewQ(0.25, -1), 1, 7, 3)
	got = binI8(t, opMul, ActRelu, quant.FloatRoundEven, ewQ(0.25, 5), a, b)
	ewEqual(t, got.I8(), []int8{7, 5, 5})
}

// addOracle is the documented XNNPACK (xnn) or TFLite int8 ADD of one
// element, written independently of the kernel: XNNPACK's shift from
// frexp, its floor division in int64; TFLite's multipliers from
// quant.QuantizeMultiplier and gemmlowp's arithmetic.
func addOracle(xnn bool, sa, sb, so float32, za, zb, zo, a, b int32) int32 {
	if xnn {
		ra, rb := float64(float32(sa/so)), float64(float32(sb/so))
		_, e := math.Frexp(math.Max(ra, rb)) // max = f * 2^e, f in [0.5, 1)
		shift := 20 - (e - 1)
		am := int64(math.RoundToEven(ra * math.Pow(2, float64(shift))))
		bm := int64(math.RoundToEven(rb * math.Pow(2, float64(shift))))
		acc := int64(1)<<(shift-1) + (int64(a)-int64(za))*am + (int64(b)-int64(zb))*bm
		return int32(floorDiv(acc, int64(1)<<shift)) + zo
	}
	tw := 2 * math.Max(float64(sa), float64(sb))
	m1, s1 := quant.QuantizeMultiplier(float64(sa) / tw)
	m2, s2 := quant.QuantizeMultiplier(float64(sb) / tw)
	mo, sho := quant.QuantizeMultiplier(tw / (1 << 20) / float64(so))
	x := quant.MultiplyByQuantizedMultiplier((a-za)*(1<<20), m1, s1)
	y := quant.MultiplyByQuantizedMultiplier((b-zb)*(1<<20), m2, s2)
	return quant.MultiplyByQuantizedMultiplier(x+y, mo, sho) + zo
}

// mulOracle is the documented int8 MUL of one element.
func mulOracle(xnn bool, sa, sb, so float32, za, zb, zo, a, b int32) int32 {
	acc := (a - za) * (b - zb)
	if xnn {
		scale := float32(float32(sa*sb) / so)
		return int32(math.RoundToEven(float64(float32(float32(acc)*scale)))) + zo
	}
	m, sh := quant.QuantizeMultiplier(float64(sa) * float64(sb) / float64(so))
	return quant.MultiplyByQuantizedMultiplier(acc, m, sh) + zo
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// bcastIndex maps an output flat index to the flat index of an input of
// shape s broadcast to out (right-aligned, extent-1 dimensions repeat).
func bcastIndex(out, s tensor.Shape, flat int) int {
	coord := make([]int, len(out))
	for d := len(out) - 1; d >= 0; d-- {
		coord[d] = flat % out[d]
		flat /= out[d]
	}
	k := 0
	for d := range s {
		c := coord[d+len(out)-len(s)]
		if s[d] == 1 {
			c = 0
		}
		k = k*s[d] + c
	}
	return k
}

func TestBinaryInt8Oracle(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	shapes := [][2]tensor.Shape{
		{{1, 8, 8, 8}, {1, 8, 8, 8}},
		{{1, 4, 5, 3}, {3}},
		{{2, 1, 3}, {4, 1}},
		{{}, {2, 3, 5}},
		{{7, 1, 9}, {1}},
		{{3, 1, 5, 1, 2}, {1, 4, 1, 3, 1}},
		{{1, 1, 1, 7}, {2, 3, 5, 1}},
		{{5, 0, 3}, {1, 3}},
		{{1, 10, 10, 3}, {}},  // a scalar b over more than one 64-byte row
		{{1}, {5, 50}},        // a scalar a, likewise
		{{1, 9, 9, 17}, {17}}, // channel vectors of an odd length
	}
	acts := []Activation{ActNone, ActRelu, ActRelu6, ActReluN1To1}
	for trial := 0; trial < 60; trial++ {
		sh := shapes[trial%len(shapes)]
		op := []binOp{opAdd, opMul}[trial%2]
		act := acts[r.IntN(len(acts))]
		sa, sb := float32(0.005+r.Float64()*0.1), float32(0.005+r.Float64()*0.1)
		so := float32(0.01 + r.Float64()*0.2)
		if op == opMul {
			so /= 10
		}
		za, zb, zo := int64(r.IntN(256)-128), int64(r.IntN(256)-128), int64(r.IntN(201)-100)
		a := tensor.New(tensor.Int8, sh[0])
		a.Quant = ewQ(sa, za)
		b := tensor.New(tensor.Int8, sh[1])
		b.Quant = ewQ(sb, zb)
		for i := range a.Data {
			a.Data[i] = byte(r.Uint32())
		}
		for i := range b.Data {
			b.Data[i] = byte(r.Uint32())
		}
		for _, m := range []quant.Mode{quant.FloatRoundEven, quant.FixedPoint} {
			got := binI8(t, op, act, m, ewQ(so, zo), a, b)
			xnn := m == quant.FloatRoundEven
			var lo, hi int32
			if xnn {
				lo, hi, _ = xnnActRange(act, so, int32(zo))
			} else {
				lo, hi, _ = tfliteActRange(act, so, int32(zo))
			}
			out := got.Shape
			for i, g := range got.I8() {
				x := int32(a.I8()[bcastIndex(out, a.Shape, i)])
				y := int32(b.I8()[bcastIndex(out, b.Shape, i)])
				var want int32
				if op == opAdd {
					want = addOracle(xnn, sa, sb, so, int32(za), int32(zb), int32(zo), x, y)
				} else {
					want = mulOracle(xnn, sa, sb, so, int32(za), int32(zb), int32(zo), x, y)
				}
				want = min(max(want, lo, -128), hi, 127)
				if int32(g) != want {
					t.Fatalf("%v %v mode %v %v %v [%d] (%d, %d): %d, want %d", op, act, m, a.Shape, b.Shape, i, x, y, g, want)
				}
				// Independent bound: within one step of the exact real
				// result rounded, when the clamp does not interfere.
				ex := new(big.Rat)
				fa := new(big.Rat).Mul(new(big.Rat).SetFloat64(float64(sa)), big.NewRat(int64(x)-za, 1))
				fb := new(big.Rat).Mul(new(big.Rat).SetFloat64(float64(sb)), big.NewRat(int64(y)-zb, 1))
				if op == opAdd {
					ex.Add(fa, fb)
				} else {
					ex.Mul(fa, fb)
				}
				ex.Quo(ex, new(big.Rat).SetFloat64(float64(so)))
				f, _ := ex.Float64()
				f += float64(zo)
				if f > float64(lo)+1 && f < float64(hi)-1 && math.Abs(float64(g)-f) > 1 {
					t.Fatalf("%v [%d]: %d is more than 1 from the exact %v", op, i, g, f)
				}
			}
		}
	}
}

func TestBinaryInt8Fallback(t *testing.T) {
	// An ADD input ratio below 1/1024, or a MUL product ratio outside
	// [1/65536, 256), is not taken by LiteRT's XNNPACK delegate: the default
	// mode then uses TFLite's formula, like FixedPoint.
	a := ewI8(tensor.Shape{4}, ewQ(0.5, 0), -1, 1, 3, -3)
	b := ewI8(tensor.Shape{4}, ewQ(0.0001, 0), 0, 0, 0, 0)
	// Output scale 1: -0.5 -> -1 (TFLite rounds away), 0.5 -> 1, 1.5 -> 2, -1.5 -> -2.
	got := binI8(t, opAdd, ActNone, quant.FloatRoundEven, ewQ(1, 0), a, b)
	ewEqual(t, got.I8(), []int8{-1, 1, 2, -2})
	if !xnnTakesAdd(0.5, 0.25, 1) || xnnTakesAdd(0.5, 0.0001, 1) || xnnTakesAdd(256, 1, 1) || !xnnTakesAdd(255, 1, 1) {
		t.Error("xnnTakesAdd range")
	}
	if !xnnTakesMul(0.5, 0.25, 0.25) || xnnTakesMul(1, 1, 1e6) || xnnTakesMul(16, 16, 1) || xnnTakesMul(0x1p-130, 1, 1) {
		t.Error("xnnTakesMul range")
	}
}

func TestBinaryInt8Errors(t *testing.T) {
	a := ewI8(tensor.Shape{2}, ewQ(0.5, 0), 1, 2)
	prep := func(k Kernel, out *tensor.Tensor, in ...*tensor.Tensor) error {
		return k.Prepare(in, []*tensor.Tensor{out})
	}
	out := func() *tensor.Tensor { return &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(1, 0)} }
	ewWantErr(t, "no input quantization", prep(&Add{}, out(), a, ewI8(tensor.Shape{2}, nil, 1, 2)), nil)
	ewWantErr(t, "no output quantization", prep(&Add{}, &tensor.Tensor{DType: tensor.Int8}, a, a), nil)
	ewWantErr(t, "float output", prep(&Mul{}, &tensor.Tensor{DType: tensor.Float32}, a, a), ErrType)
	ewWantErr(t, "zero point range", prep(&Add{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(1, 300)}, a, a), nil)
	ewWantErr(t, "zero scale", prep(&Mul{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0, 0)}, a, a), nil)
	perAxis := &tensor.Quantization{Scale: []float32{0.5, 0.25}, ZeroPoint: []int64{0, 0}}
	ewWantErr(t, "per-axis input", prep(&Add{}, out(), a, ewI8(tensor.Shape{2}, perAxis, 1, 2)), nil)
	ewWantErr(t, "tanh activation", prep(&Add{Activation: ActTanh}, out(), a, a), nil)
	ewWantErr(t, "int8 with uint8", prep(&Add{}, out(), a, ewU8(tensor.Shape{2}, ewQ(0.5, 0), 1, 2)), ErrType)
	ewWantErr(t, "int8 sub", prep(&Sub{}, out(), a, a), ErrType)
	ewWantErr(t, "bad broadcast", prep(&Mul{}, out(), a, ewI8(tensor.Shape{3}, ewQ(0.5, 0), 1, 2, 3)), ErrShape)
	// Short buffers are errors, not panics.
	for _, k := range []Kernel{&Add{}, &Mul{}} {
		o := out()
		b := ewI8(tensor.Shape{3, 2}, ewQ(0.25, 1), 1, 2, 3, 4, 5, 6)
		if err := k.Prepare([]*tensor.Tensor{a, b}, []*tensor.Tensor{o}); err != nil {
			t.Fatal(err)
		}
		o.Data = make([]byte, 5)
		if err := k.Eval([]*tensor.Tensor{a, b}, []*tensor.Tensor{o}); err == nil {
			t.Errorf("%T: short output: no error", k)
		}
		o.Data = make([]byte, 6)
		if err := k.Eval([]*tensor.Tensor{a, ewI8(tensor.Shape{2}, ewQ(0.25, 1), 1, 2)}, []*tensor.Tensor{o}); err == nil {
			t.Errorf("%T: short input: no error", k)
		}
	}
}
