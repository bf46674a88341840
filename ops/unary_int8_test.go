package ops

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// all256I8 is an int8 tensor [2, 256] holding -128..127 twice, with
// quantization (si, zi).
func all256I8(si float32, zi int64) *tensor.Tensor {
	x := tensor.New(tensor.Int8, tensor.Shape{2, 256})
	x.Quant = ewQ(si, zi)
	for i := range x.Data {
		x.Data[i] = byte(i)
	}
	return x
}

// unaryI8 runs an int8 unary kernel on x with output quantization (so, zo)
// and returns the output values for the inputs -128..127 (the first 256).
func unaryI8(t *testing.T, k Kernel, x *tensor.Tensor, so float32, zo int64) []int8 {
	t.Helper()
	got := ewRunOut(t, k, &tensor.Tensor{Name: "out", DType: tensor.Int8, Quant: ewQ(so, zo)}, x)
	ewEqual(t, got.I8()[256:], got.I8()[:256])
	out := make([]int8, 256)
	for i, v := range got.I8()[:256] {
		out[uint8(int8(i))^0x80] = v // index v+128 for input v
	}
	return out
}

// at returns the output for input v from unaryI8's result.
func at(out []int8, v int) int8 { return out[v+128] }

func withMode[K interface {
	Kernel
	SetRequantization(quant.Mode)
}](k K, m quant.Mode) K {
	k.SetRequantization(m)
	return k
}

func TestUnaryInt8HandComputed(t *testing.T) {
	// RELU, input (0.375, 0), output (1, 0): M = 0.375 = 0.75 * 2^-1. TFLite
	// (both modes) rounds twice: SRDHM(1, 0.75) = 0.75 -> 1, then 1/2 ->
	// 1 (ties away): input 1 -> 1 although 0.375 rounds to 0; 2 -> 0.75 ->
	// 1; 4 -> 1.5 -> 2; negative inputs clamp to the zero point 0; 127 ->
	// 47.625 -> 48.
	out := unaryI8(t, &Relu{}, all256I8(0.375, 0), 1, 0)
	for v, want := range map[int]int8{-128: 0, -1: 0, 0: 0, 1: 1, 2: 1, 4: 2, 127: 48} {
		if at(out, v) != want {
			t.Errorf("relu(%d) = %d, want %d", v, at(out, v), want)
		}
	}
	// RELU6 with input = output = (4, -3): [0, 6] -> [-3, -3 + round(1.5)]
	// = [-3, -1] (TFLite rounds the bound half away from zero).
	out = unaryI8(t, &Relu6{}, all256I8(4, -3), 4, -3)
	for v, want := range map[int]int8{-128: -3, -4: -3, -3: -3, -2: -2, -1: -1, 0: -1, 127: -1} {
		if at(out, v) != want {
			t.Errorf("relu6(%d) = %d, want %d", v, at(out, v), want)
		}
	}
	// RELU_N1_TO_1 with (2, 3): [-1, 1] -> [3 + round(-0.5), 3 + round(0.5)] = [2, 4].
	out = unaryI8(t, &ReluN1To1{}, all256I8(2, 3), 2, 3)
	for v, want := range map[int]int8{-128: 2, 1: 2, 2: 2, 3: 3, 4: 4, 5: 4, 127: 4} {
		if at(out, v) != want {
			t.Errorf("relu_n1_to_1(%d) = %d, want %d", v, at(out, v), want)
		}
	}

	// LEAKY_RELU alpha 0.5, input (0.5, 1), output (1, -3).
	// XNNPACK: m+ = 256*0.5 = 128, m- = 256*0.25 = 64, q = floor((-3*256 +
	// 128 + d*m)/256) = floor(d*m/256 - 2.5): d = v - 1:
	//   v=2 (d=1): 0.5 - 2.5 = -2; v=1: -2.5 -> -3; v=0 (d=-1): -2.75 -> -3;
	//   v=-1 (d=-2): -3 -> -3; v=-3 (d=-4): -3.5 -> -4; v=127: 63-2.5 -> 60.
	// TFLite: d*0.25 with M = 0.5*2^-1: d=-2: SRDHM(-2, 0.5) = -1, then
	// -1/2 = -0.5 -> -1 (away): -4; d=-1: SRDHM(-1, 0.5) = -0.5 -> 0 (ties
	// toward +Inf), 0/2 = 0: -3; d=1: 0.5 -> 1 (SRDHM, shift 0): -2.
	out = unaryI8(t, &LeakyRelu{Alpha: 0.5}, all256I8(0.5, 1), 1, -3)
	for v, want := range map[int]int8{2: -2, 1: -3, 0: -3, -1: -3, -3: -4, 127: 60} {
		if at(out, v) != want {
			t.Errorf("xnn leaky_relu(%d) = %d, want %d", v, at(out, v), want)
		}
	}
	out = unaryI8(t, withMode(&LeakyRelu{Alpha: 0.5}, quant.FixedPoint), all256I8(0.5, 1), 1, -3)
	for v, want := range map[int]int8{2: -2, 1: -3, 0: -3, -1: -4, 127: 60} {
		if at(out, v) != want {
			t.Errorf("tflite leaky_relu(%d) = %d, want %d", v, at(out, v), want)
		}
	}

	// LOGISTIC, input (0.1, 0), output (1/256, -128): 0 -> 0.5*256 = 128 -> 0;
	// 10 -> sigmoid(1) = 0.7310586*256 = 187.15 -> 59; 127 -> sigmoid(12.7)
	// * 256 = 255.9992 -> 256 -> 127 (saturated); -128 -> 0.0007 -> -128.
	for _, m := range []quant.Mode{quant.FloatRoundEven, quant.FixedPoint} {
		out = unaryI8(t, withMode(&Logistic{}, m), all256I8(0.1, 0), 1.0/256, -128)
		for v, want := range map[int]int8{0: 0, 10: 59, -10: -59, 127: 127, -128: -128} {
			if at(out, v) != want {
				t.Errorf("mode %v logistic(%d) = %d, want %d", m, v, at(out, v), want)
			}
		}
		// TANH, output (1/128, 0): tanh(1) = 0.7615942*128 = 97.48 -> 97.
		out = unaryI8(t, withMode(&Tanh{}, m), all256I8(0.1, 0), 1.0/128, 0)
		for v, want := range map[int]int8{0: 0, 10: 97, -10: -97, 127: 127, -128: -128} {
			if at(out, v) != want {
				t.Errorf("mode %v tanh(%d) = %d, want %d", m, v, at(out, v), want)
			}
		}
	}
	// XNNPACK adds the zero point before rounding, TFLite after: tanh with
	// output zero point 3 and a result exactly halfway cannot come from a
	// transcendental, but the zero maps cleanly: tanh(0) = 0 -> 3.
	out = unaryI8(t, &Tanh{}, all256I8(0.1, 5), 0.01, 3)
	if at(out, 5) != 3 {
		t.Errorf("tanh(zero point) = %d, want 3", at(out, 5))
	}

	// HARD_SWISH, input (0.125, 0), output (1/32, -3): x*relu6(x+3)/6.
	// x = 0 (v 0) and x <= -3 (v <= -24) give 0 -> -3; x = 3 (v 24) gives 3
	// -> 96 - 3 = 93; x = 1.5 (v 12) gives 1.125 -> 36 - 3 = 33.
	out = unaryI8(t, &HardSwish{}, all256I8(0.125, 0), 1.0/32, -3)
	for v, want := range map[int]int8{0: -3, -24: -3, -128: -3, 24: 93, 12: 33} {
		if at(out, v) != want {
			t.Errorf("hard_swish(%d) = %d, want %d", v, at(out, v), want)
		}
	}
}

// TestUnaryInt8ExactBounds checks every table against the exact real
// function: within one quantization step for the rescaling ops and
// LOGISTIC and TANH, within two for TFLite's int16 HARD_SWISH. Random
// quantization parameters, both modes.
func TestUnaryInt8ExactBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	type op struct {
		name string
		k    func(m quant.Mode) Kernel
		f    func(x float64) float64
		so   func(si float32) float32
		tol  float64
	}
	alpha := float32(0.17)
	ops := []op{
		{"relu", func(quant.Mode) Kernel { return &Relu{} }, func(x float64) float64 { return math.Max(x, 0) }, nil, 1},
		{"relu6", func(quant.Mode) Kernel { return &Relu6{} }, func(x float64) float64 { return math.Min(math.Max(x, 0), 6) }, nil, 1},
		{"relu_n1_to_1", func(quant.Mode) Kernel { return &ReluN1To1{} }, func(x float64) float64 { return math.Min(math.Max(x, -1), 1) }, nil, 1},
		{"leaky_relu", func(m quant.Mode) Kernel { return withMode(&LeakyRelu{Alpha: alpha}, m) }, func(x float64) float64 {
			if x > 0 {
				return x
			}
			return x * float64(alpha)
		}, nil, 1},
		{"logistic", func(m quant.Mode) Kernel { return withMode(&Logistic{}, m) }, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) },
			func(float32) float32 { return 1.0 / 256 }, 1},
		{"tanh", func(m quant.Mode) Kernel { return withMode(&Tanh{}, m) }, math.Tanh, nil, 1},
		{"hard_swish", func(quant.Mode) Kernel { return &HardSwish{} }, func(x float64) float64 { return x * math.Min(math.Max(x+3, 0), 6) / 6 },
			nil, 2},
	}
	for trial := 0; trial < 40; trial++ {
		si := float32(0.01 + r.Float64()*0.1)
		zi := int64(r.IntN(256) - 128)
		so := float32(0.01 + r.Float64()*0.1)
		zo := int64(r.IntN(256) - 128)
		for _, o := range ops {
			so := so
			if o.so != nil {
				so = o.so(si)
				zo = -128
			}
			for _, m := range []quant.Mode{quant.FloatRoundEven, quant.FixedPoint} {
				out := unaryI8(t, o.k(m), all256I8(si, zi), so, zo)
				for v := -128; v <= 127; v++ {
					y := o.f(float64(si)*float64(int64(v)-zi))/float64(so) + float64(zo)
					y = math.Min(math.Max(y, -128), 127)
					if d := math.Abs(float64(at(out, v)) - y); d > o.tol {
						t.Fatalf("%s mode %v si %v zi %d so %v zo %d: f(%d) = %d, exact %v", o.name, m, si, zi, so, zo, v, at(out, v), y)
					}
				}
			}
		}
	}
}

// TestLeakyReluInt8XNNPACKFormula checks the default-mode table against
// XNNPACK's vlrelu arithmetic written with exact rationals: the outputs
// are floor(zo + 1/2 + d*m/256), m the 8-bit multipliers.
func TestLeakyReluInt8XNNPACKFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	for trial := 0; trial < 50; trial++ {
		si := float32(0.01 + r.Float64()*0.2)
		so := float32(0.01 + r.Float64()*0.2)
		alpha := float32(r.Float64()*2 - 0.5)
		zi, zo := int64(r.IntN(256)-128), int64(r.IntN(256)-128)
		p := unaryInt8Params{si: si, so: so, zi: int32(zi), zo: int32(zo)}
		out := unaryI8(t, &LeakyRelu{Alpha: alpha}, all256I8(si, zi), so, zo)
		if !xnnTakesLeakyRelu(p, alpha) {
			continue
		}
		mp := math.RoundToEven(256 * float64(float32(si/so)))
		mn := math.RoundToEven(256 * float64(float32(float32(si/so)*alpha)))
		for v := -128; v <= 127; v++ {
			d := float64(int64(v) - zi)
			m := mp
			if d < 0 {
				m = mn
			}
			want := math.Min(math.Max(math.Floor(float64(zo)+0.5+d*m/256), -128), 127)
			if float64(at(out, v)) != want {
				t.Fatalf("alpha %v: f(%d) = %d, want %v", alpha, v, at(out, v), want)
			}
		}
	}
	// The delegate's limits: alpha 0, a positive scale above 128, a
	// negative one below 1/256 in magnitude fall back to TFLite.
	p := unaryInt8Params{si: 0.5, so: 1, zi: 0, zo: 0}
	if !xnnTakesLeakyRelu(p, 0.2) || xnnTakesLeakyRelu(p, 0) || xnnTakesLeakyRelu(p, 0.001) ||
		xnnTakesLeakyRelu(unaryInt8Params{si: 200, so: 1}, 0.2) {
		t.Error("xnnTakesLeakyRelu limits")
	}
}

// TestUnaryInt8Shapes runs every int8 activation on a random odd-sized
// 4-D tensor and checks each element against its table entry.
func TestUnaryInt8Shapes(t *testing.T) {
	x := randI8(tensor.Shape{2, 3, 5, 7}, 17)
	x.Quant = ewQ(0.07, -9)
	for _, k := range []Kernel{&Relu{}, &Relu6{}, &ReluN1To1{}, &LeakyRelu{Alpha: 0.3}, &HardSwish{}, &Logistic{}, &Tanh{}} {
		so, zo := float32(0.05), int64(4)
		if _, ok := k.(*Logistic); ok {
			so, zo = 1.0/256, -128
		}
		table := unaryI8(t, k, all256I8(0.07, -9), so, zo)
		got := ewRunOut(t, k, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(so, zo)}, x)
		ewShape(t, got, x.Shape)
		for i, v := range x.I8() {
			if got.I8()[i] != at(table, int(v)) {
				t.Fatalf("%T [%d]: %d, table %d", k, i, got.I8()[i], at(table, int(v)))
			}
		}
	}
}

func TestUnaryInt8Errors(t *testing.T) {
	x := ewI8(tensor.Shape{2}, ewQ(0.1, 0), 1, 2)
	prep := func(k Kernel, out *tensor.Tensor, in ...*tensor.Tensor) error {
		return k.Prepare(in, []*tensor.Tensor{out})
	}
	out := func() *tensor.Tensor { return &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 0)} }
	for _, k := range []Kernel{&Relu{}, &Relu6{}, &ReluN1To1{}, &LeakyRelu{Alpha: 0.1}, &HardSwish{}, &Logistic{}, &Tanh{}} {
		ewWantErr(t, "no input quantization", prep(k, out(), ewI8(tensor.Shape{2}, nil, 1, 2)), nil)
		ewWantErr(t, "no output quantization", prep(k, &tensor.Tensor{DType: tensor.Int8}, x), nil)
		ewWantErr(t, "float output", prep(k, &tensor.Tensor{DType: tensor.Float32}, x), ErrType)
		ewWantErr(t, "uint8 input", prep(k, out(), ewU8(tensor.Shape{2}, ewQ(0.1, 0), 1, 2)), ErrType)
		ewWantErr(t, "two inputs", prep(k, out(), x, x), nil)
		// Short buffers are errors.
		o := out()
		if err := k.Prepare([]*tensor.Tensor{x}, []*tensor.Tensor{o}); err != nil {
			t.Fatalf("%T: %v", k, err)
		}
		o.Data = make([]byte, 1)
		if err := k.Eval([]*tensor.Tensor{x}, []*tensor.Tensor{o}); err == nil {
			t.Errorf("%T: short output: no error", k)
		}
	}
	// TFLite's LOGISTIC needs output scale 1/256; XNNPACK's does not.
	ewWantErr(t, "logistic output scale", prep(withMode(&Logistic{}, quant.FixedPoint), out(), x), nil)
	if err := prep(&Logistic{}, out(), x); err != nil {
		t.Errorf("default-mode logistic with output scale 0.1: %v", err)
	}
	// TFLite's HARD_SWISH needs input_scale/128/output_scale < 1.
	ewWantErr(t, "hard_swish scales", prep(&HardSwish{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.0001, 0)},
		ewI8(tensor.Shape{2}, ewQ(1, 0), 1, 2)), nil)
}
