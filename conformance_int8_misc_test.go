package octet_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// int8 conformance of the elementwise, activation, resize, softmax, shape
// and (de)quantize kernels against LiteRT.js, which runs int8 ADD, MUL,
// LEAKY_RELU, LOGISTIC, TANH, RESIZE_BILINEAR, QUANTIZE and DEQUANTIZE
// through XNNPACK and RELU*, HARD_SWISH and SOFTMAX through TFLite's builtin
// kernels. octet's default requantization mode must match it byte for byte.

// q8 is a per-tensor quantization.
type q8 struct {
	s float32
	z int64
}

// int8Case is one graph with its own inputs (nil: seeded random bytes for
// int8 inputs, uniform floats in [-6, 6] for float32 inputs).
type int8Case struct {
	name   string
	build  func() *graphtest.Builder
	inputs func(m *octet.Model, seed uint64) []*tensor.Tensor
}

// i8Input adds a quantized int8 graph input.
func i8Input(b *graphtest.Builder, name string, q q8, shape ...int) int {
	i := b.Input(name, tensor.Int8, shape...)
	b.Quantize(i, q.s, q.z)
	return i
}

// i8Tensor adds a quantized int8 intermediate or output tensor.
func i8Tensor(b *graphtest.Builder, name string, q q8, shape ...int) int {
	i := b.Tensor(name, tensor.Int8, shape...)
	b.Quantize(i, q.s, q.z)
	return i
}

// all256 gives every int8 input the values -128..127 repeated.
func all256(m *octet.Model, _ uint64) []*tensor.Tensor {
	var ins []*tensor.Tensor
	for j := 0; j < m.NumInputs(); j++ {
		info := m.InputInfo(j)
		t := tensor.New(info.DType, info.Shape)
		t.Quant = info.Quant
		for i := range t.Data {
			t.Data[i] = byte(i)
		}
		ins = append(ins, t)
	}
	return ins
}

func binaryInt8Case(op tflite.BuiltinOperator, act tflite.ActivationFunctionType, a, c []int, qa, qc, qo q8) int8Case {
	name := fmt.Sprintf("%v_%v_%v_act%d_%v_%v_%v", op, a, c, act, qa, qc, qo)
	return int8Case{name: name, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := i8Input(b, "x", qa, a...)
		z := i8Input(b, "z", qc, c...)
		y := i8Tensor(b, "y", qo, broadcastShape(a, c)...)
		var opts tflite.Options = &tflite.AddOptions{FusedActivation: act}
		if op == tflite.OpMul {
			opts = &tflite.MulOptions{FusedActivation: act}
		}
		b.Op(op, opts, []int{x, z}, y)
		b.Output(y)
		return b
	}}
}

func unaryInt8Case(name string, op tflite.BuiltinOperator, opts tflite.Options, qi, qo q8) int8Case {
	return int8Case{name: fmt.Sprintf("%s_%v_%v", name, qi, qo), inputs: all256, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := i8Input(b, "x", qi, 2, 256)
		y := i8Tensor(b, "y", qo, 2, 256)
		b.Op(op, opts, []int{x}, y)
		b.Output(y)
		return b
	}}
}

func resizeInt8Case(in []int, oh, ow int, align, half bool) int8Case {
	name := fmt.Sprintf("resize_bilinear_int8_%v_to%dx%d_align%v_half%v", in, oh, ow, align, half)
	q := q8{0.1, 3}
	return int8Case{name: name, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := i8Input(b, "x", q, in...)
		size := b.ConstI32("size", []int{2}, []int32{int32(oh), int32(ow)})
		y := i8Tensor(b, "y", q, in[0], oh, ow, in[3])
		b.Op(tflite.OpResizeBilinear, &tflite.ResizeBilinearOptions{AlignCorners: align, HalfPixelCenters: half}, []int{x, size}, y)
		b.Output(y)
		return b
	}}
}

func softmaxInt8Case(shape []int, beta float32, qi q8) int8Case {
	name := fmt.Sprintf("softmax_int8_%v_beta%v_%v", shape, beta, qi)
	return int8Case{name: name, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := i8Input(b, "x", qi, shape...)
		y := i8Tensor(b, "y", q8{1.0 / 256, -128}, shape...)
		b.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: beta}, []int{x}, y)
		b.Output(y)
		return b
	}}
}

// quantizeFloatCase quantizes float32 values to dt with qo, then
// dequantizes back.
func quantizeFloatCase(name string, dt tensor.DType, qo q8, vals []float32) int8Case {
	return int8Case{name: fmt.Sprintf("quantize_%s_%v_%v", name, dt, qo),
		inputs: func(*octet.Model, uint64) []*tensor.Tensor {
			return []*tensor.Tensor{tensor.FromF32([]int{1, len(vals)}, vals)}
		},
		build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, len(vals))
			q := b.Tensor("q", dt, 1, len(vals))
			b.Quantize(q, qo.s, qo.z)
			b.Op(tflite.OpQuantize, nil, []int{x}, q)
			d := b.Tensor("d", tensor.Float32, 1, len(vals))
			b.Op(tflite.OpDequantize, nil, []int{q}, d)
			b.Output(q, d)
			return b
		}}
}

// requantizeCase converts every value of dt (quantized qi) to int8 qo.
func requantizeCase(dt tensor.DType, qi, qo q8) int8Case {
	return int8Case{name: fmt.Sprintf("requantize_%v_%v_to_int8_%v", dt, qi, qo), inputs: all256,
		build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", dt, 1, 256)
			b.Quantize(x, qi.s, qi.z)
			y := i8Tensor(b, "y", qo, 1, 256)
			b.Op(tflite.OpQuantize, nil, []int{x}, y)
			b.Output(y)
			return b
		}}
}

// quantizeValues are float32 inputs for QUANTIZE: every multiple of 1/4 in
// [-75, 75) (halfway cases for scale 0.5), seeded uniform values, values
// that round differently under x/s and x*(1/s), and the special values.
func quantizeValues() []float32 {
	var v []float32
	for k := -300; k < 300; k++ {
		v = append(v, float32(k)/4)
	}
	r := rand.New(rand.NewPCG(11, 3))
	for range 1500 {
		v = append(v, (2*r.Float32()-1)*6)
	}
	for i := 0; i < 200; i++ {
		v = append(v, float32(i)*0.1+0.05)
	}
	return append(v, float32(math.NaN()), math.Float32frombits(0xffc00000), float32(math.Inf(1)),
		float32(math.Inf(-1)), 1e30, -1e30, 0, float32(math.Copysign(0, -1)))
}

// addTiesCase adds a = za (quantized (ratio*0.1, 5)) to every int8 b
// (quantized (0.05, -3)) with output scale 0.1.
func addTiesCase(ratio float32) int8Case {
	qa, qb, qo := q8{ratio * 0.1, 5}, q8{0.05, -3}, q8{0.1, 0}
	c := binaryInt8Case(tflite.OpAdd, 0, []int{1, 256}, []int{1, 256}, qa, qb, qo)
	c.name = fmt.Sprintf("add_ties_ratio%v", ratio)
	c.inputs = func(m *octet.Model, _ uint64) []*tensor.Tensor {
		ins := all256(m, 0)
		for i := range ins[0].Data {
			ins[0].Data[i] = 5
		}
		return ins
	}
	return c
}

func int8MiscCases() []int8Case {
	qa, qc, qo := q8{0.05, -3}, q8{0.031, 10}, q8{0.07, 5}
	relu, relu6 := tflite.ActivationFunctionType(1), tflite.ActivationFunctionType(3)
	cs := []int8Case{
		// ADD: same shape, broadcasts, fused RELU/RELU6 (scale 4: RELU6's
		// bound 6/4 - 3 = -1.5 is a rounding tie), a TFLite fallback
		// (input/output ratio 1e-4 < 1/1024).
		binaryInt8Case(tflite.OpAdd, 0, []int{1, 8, 8, 8}, []int{1, 8, 8, 8}, qa, qc, qo),
		binaryInt8Case(tflite.OpAdd, 0, []int{1, 4, 5, 3}, []int{3}, qa, qc, qo),
		binaryInt8Case(tflite.OpAdd, relu6, []int{2, 1, 3}, []int{4, 1}, qa, qc, q8{0.03, -100}),
		binaryInt8Case(tflite.OpAdd, relu6, []int{1, 8, 8, 8}, []int{1, 8, 8, 8}, qa, qc, q8{4, -3}),
		binaryInt8Case(tflite.OpAdd, relu, []int{1}, []int{1, 5, 5, 4}, qa, qc, qo),
		binaryInt8Case(tflite.OpAdd, 0, []int{1, 4, 4, 8}, []int{1, 4, 4, 8}, q8{0.02, 0}, q8{0.02, 0}, q8{0.04, 0}),
		binaryInt8Case(tflite.OpAdd, 0, []int{1, 4, 4, 8}, []int{1, 1, 1, 8}, q8{0.00001, 3}, qc, q8{0.1, -2}),
		// ADD halfway cases: b contributes (b - zb)/2 and a nothing (a = za),
		// with a's ratio 2^-10 (XNNPACK: halves round up) and 2^-11 (below
		// the delegate's limit; TFLite: halves round away from zero).
		addTiesCase(1.0 / 1024), addTiesCase(1.0 / 2048),
		// MUL: same shape, broadcasts, activations, halfway products (scale
		// 0.5), TFLite fallbacks (product ratio < 1/65536 and >= 256).
		binaryInt8Case(tflite.OpMul, 0, []int{1, 8, 8, 8}, []int{1, 8, 8, 8}, qa, qc, qo),
		binaryInt8Case(tflite.OpMul, relu, []int{1, 4, 5, 3}, []int{1, 1, 1, 3}, qa, qc, q8{0.02, -30}),
		binaryInt8Case(tflite.OpMul, relu6, []int{2, 1, 3}, []int{4, 1}, qa, qc, q8{4, -3}),
		binaryInt8Case(tflite.OpMul, 0, []int{1, 8, 8, 8}, []int{1, 8, 8, 8}, q8{0.5, 0}, q8{0.25, 0}, q8{0.25, 1}),
		binaryInt8Case(tflite.OpMul, 0, []int{3, 7}, []int{7}, q8{0.001, 2}, q8{0.001, -4}, q8{1, 0}),
		binaryInt8Case(tflite.OpMul, 0, []int{3, 7}, []int{7}, q8{2, 2}, q8{3, -4}, q8{0.01, 0}),
		// Activations on every int8 value, with halfway cases (scale ratios
		// 0.5 and 0.375) and fallbacks.
		unaryInt8Case("relu", tflite.OpRelu, nil, q8{0.05, 7}, q8{0.03, -20}),
		unaryInt8Case("relu", tflite.OpRelu, nil, q8{0.375, -20}, q8{1, -7}),
		unaryInt8Case("relu6", tflite.OpRelu6, nil, q8{0.05, 7}, q8{0.025, -128}),
		unaryInt8Case("relu6", tflite.OpRelu6, nil, q8{4, -3}, q8{4, -3}),
		unaryInt8Case("relu_n1_to_1", tflite.OpReluN1To1, nil, q8{0.05, 7}, q8{1.0 / 128, 0}),
		unaryInt8Case("relu_n1_to_1", tflite.OpReluN1To1, nil, q8{2, 3}, q8{2, 3}),
		unaryInt8Case("leaky_relu", tflite.OpLeakyRelu, &tflite.LeakyReluOptions{Alpha: 0.2}, q8{0.05, 7}, q8{0.04, 3}),
		unaryInt8Case("leaky_relu", tflite.OpLeakyRelu, &tflite.LeakyReluOptions{Alpha: 0.3}, q8{0.05, 7}, q8{0.03, -5}),
		unaryInt8Case("leaky_relu", tflite.OpLeakyRelu, &tflite.LeakyReluOptions{Alpha: 0.5}, q8{0.5, 1}, q8{1, -3}),
		unaryInt8Case("leaky_relu_fallback", tflite.OpLeakyRelu, &tflite.LeakyReluOptions{Alpha: 0.001}, q8{0.375, 0}, q8{1.0 / 512, 0}),
		unaryInt8Case("hard_swish", tflite.OpHardSwish, nil, q8{0.05, 7}, q8{0.03, -50}),
		unaryInt8Case("hard_swish", tflite.OpHardSwish, nil, q8{0.125, 1}, q8{1.0 / 64, -3}),
		unaryInt8Case("hard_swish", tflite.OpHardSwish, nil, q8{0.07, -20}, q8{0.02, 10}),
		unaryInt8Case("logistic", tflite.OpLogistic, nil, q8{0.05, 7}, q8{1.0 / 256, -128}),
		unaryInt8Case("logistic", tflite.OpLogistic, nil, q8{0.1, -30}, q8{0.005, -100}),
		unaryInt8Case("tanh", tflite.OpTanh, nil, q8{0.05, 7}, q8{1.0 / 128, 0}),
		unaryInt8Case("tanh", tflite.OpTanh, nil, q8{0.02, 0}, q8{0.01, 3}),
		// Softmax: depth 2 (the pair table), 10, beta != 1.
		softmaxInt8Case([]int{1, 16, 16, 2}, 1, q8{0.1, 2}),
		softmaxInt8Case([]int{1, 64, 2}, 1, q8{0.0625, 0}),
		softmaxInt8Case([]int{3, 10}, 1, q8{0.05, -10}),
		softmaxInt8Case([]int{2, 7}, 0.5, q8{0.3, 5}),
		softmaxInt8Case([]int{1, 5, 5, 10}, 1.7, q8{0.02, -128}),
		// Quantize / dequantize.
		quantizeFloatCase("values", tensor.Int8, q8{0.5, 3}, quantizeValues()),
		quantizeFloatCase("values", tensor.Int8, q8{0.1, 0}, quantizeValues()),
		quantizeFloatCase("values", tensor.Int8, q8{0.037, -5}, quantizeValues()),
		quantizeFloatCase("values", tensor.Uint8, q8{0.05, 128}, quantizeValues()),
		requantizeCase(tensor.Int8, q8{0.05, 7}, q8{0.03, -5}),
		requantizeCase(tensor.Int8, q8{0.375, 0}, q8{1, 0}),
		requantizeCase(tensor.Uint8, q8{0.375, 128}, q8{1, 0}),
		requantizeCase(tensor.Uint8, q8{0.05, 130}, q8{0.03, -5}),
		{name: "dequantize_int8", inputs: all256, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := i8Input(b, "x", q8{0.037, -5}, 1, 256)
			y := b.Tensor("y", tensor.Float32, 1, 256)
			b.Op(tflite.OpDequantize, nil, []int{x}, y)
			b.Output(y)
			return b
		}},
		// Shape ops.
		{name: "concatenation_int8", build: func() *graphtest.Builder {
			b := graphtest.New()
			q := q8{0.05, -3}
			x := i8Input(b, "x", q, 1, 3, 4, 2)
			z := i8Input(b, "z", q, 1, 3, 4, 5)
			y := i8Tensor(b, "y", q, 1, 3, 4, 7)
			b.Op(tflite.OpConcatenation, &tflite.ConcatenationOptions{Axis: -1}, []int{x, z}, y)
			y2 := i8Tensor(b, "y2", q, 1, 6, 4, 7)
			b.Op(tflite.OpConcatenation, &tflite.ConcatenationOptions{Axis: 1}, []int{y, y}, y2)
			b.Output(y, y2)
			return b
		}},
		{name: "pad_padv2_int8", build: func() *graphtest.Builder {
			b := graphtest.New()
			q := q8{0.05, -7}
			x := i8Input(b, "x", q, 1, 3, 5, 2)
			p := b.ConstI32("p", []int{4, 2}, []int32{0, 0, 1, 2, 0, 1, 1, 0})
			y := i8Tensor(b, "y", q, 1, 6, 6, 3)
			b.Op(tflite.OpPad, nil, []int{x, p}, y)
			cv := b.ConstI8("cv", []int{1}, []int8{42})
			b.Quantize(cv, q.s, q.z)
			y2 := i8Tensor(b, "y2", q, 1, 6, 6, 3)
			b.Op(tflite.OpPadV2, nil, []int{x, p, cv}, y2)
			b.Output(y, y2)
			return b
		}},
		{name: "reshape_squeeze_int8", build: func() *graphtest.Builder {
			b := graphtest.New()
			q := q8{0.05, -7}
			x := i8Input(b, "x", q, 1, 3, 1, 4)
			sq := i8Tensor(b, "sq", q, 3, 4)
			b.Op(tflite.OpSqueeze, &tflite.SqueezeOptions{}, []int{x}, sq)
			shape := b.ConstI32("shape", []int{2}, []int32{2, -1})
			r := i8Tensor(b, "r", q, 2, 6)
			b.Op(tflite.OpReshape, &tflite.ReshapeOptions{NewShape: []int32{2, -1}}, []int{sq, shape}, r)
			b.Output(r)
			return b
		}},
		// A small int8 graph chaining the ops, as a segmentation head does.
		{name: "chain_int8", build: func() *graphtest.Builder {
			b := graphtest.New()
			x := i8Input(b, "x", q8{0.05, -3}, 1, 6, 5, 2)
			z := i8Input(b, "z", q8{0.04, 2}, 1, 6, 5, 2)
			s := i8Tensor(b, "s", q8{0.06, 1}, 1, 6, 5, 2)
			b.Op(tflite.OpAdd, &tflite.AddOptions{}, []int{x, z}, s)
			h := i8Tensor(b, "h", q8{0.06, 1}, 1, 12, 10, 2)
			size := b.ConstI32("size", []int{2}, []int32{12, 10})
			b.Op(tflite.OpResizeBilinear, &tflite.ResizeBilinearOptions{HalfPixelCenters: true}, []int{s, size}, h)
			y := i8Tensor(b, "y", q8{1.0 / 256, -128}, 1, 12, 10, 2)
			b.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: 1}, []int{h}, y)
			b.Output(y)
			return b
		}},
	}
	// RESIZE_BILINEAR: each coordinate mode, up, down and odd sizes, the
	// exact 2x upsampling (the fast path in two of the modes), a batch.
	for _, m := range [][2]bool{{false, false}, {true, false}, {false, true}} {
		for _, sz := range [][2]int{{10, 13}, {3, 4}, {7, 9}, {5, 14}, {1, 1}} {
			cs = append(cs, resizeInt8Case([]int{1, 5, 7, 3}, sz[0], sz[1], m[0], m[1]))
		}
		cs = append(cs, resizeInt8Case([]int{1, 8, 8, 16}, 16, 16, m[0], m[1]))
		cs = append(cs, resizeInt8Case([]int{2, 3, 5, 4}, 6, 10, m[0], m[1]))
		cs = append(cs, resizeInt8Case([]int{1, 1, 1, 5}, 2, 2, m[0], m[1]))
	}
	return cs
}

// TestConformanceInt8Misc runs each int8 graph through octet (default
// requantization mode) and LiteRT.js on the same inputs and requires equal
// bytes.
func TestConformanceInt8Misc(t *testing.T) {
	litert.Require(t)
	dir := t.TempDir()
	cases := int8MiscCases()
	jobs := make([]litert.Job, len(cases))
	mine := make([][]*tensor.Tensor, len(cases))
	for i, c := range cases {
		data, err := c.build().Bytes()
		if err != nil {
			t.Fatalf("%s: encode: %v", c.name, err)
		}
		m, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var inputs []*tensor.Tensor
		if c.inputs != nil {
			inputs = c.inputs(m, uint64(i))
		} else {
			for j := 0; j < m.NumInputs(); j++ {
				inputs = append(inputs, randomInput(m.InputInfo(j), uint64(1000+10*i+j), -6, 6))
			}
		}
		if mine[i], err = runOctet(data, inputs); err != nil {
			t.Fatalf("%s: octet: %v", c.name, err)
		}
		path := filepath.Join(dir, fmt.Sprintf("case%d.tflite", i))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		jobs[i] = litert.Job{Model: path, Inputs: inputs}
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatalf("LiteRT: %v", err)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			compareOutputs(t, mine[i], refs[i])
			// Dequantized values must be the same float32 bits, not just close.
			for k, g := range mine[i] {
				if g.DType != tensor.Float32 {
					continue
				}
				for e, v := range g.F32() {
					w := refs[i][k].F32()[e]
					if math.Float32bits(v) != math.Float32bits(w) && !(v != v && w != w) {
						t.Fatalf("output %d[%d]: octet %v, reference %v", k, e, v, w)
					}
				}
			}
		})
	}
}
