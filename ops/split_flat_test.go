package ops

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// TestSplitEqualsEval runs elementwise Splitters part by part, in reverse
// order, and compares the output bytes with one Eval: unary activations and
// binary ops, float32 and int8, same shapes and row broadcasts, sizes that
// are not multiples of the part size; kernels that are Pointwise also run
// by random element ranges of their unit.
func TestSplitEqualsEval(t *testing.T) {
	r := rand.New(rand.NewPCG(71, 72))
	q := func(scale float32, zp int64) *tensor.Quantization {
		return &tensor.Quantization{Scale: []float32{scale}, ZeroPoint: []int64{zp}}
	}
	mk := func(dt tensor.DType, s tensor.Shape, qp *tensor.Quantization) *tensor.Tensor {
		x := tensor.New(dt, s)
		if dt == tensor.Float32 {
			for i := range x.F32() {
				x.F32()[i] = float32(r.NormFloat64() * 4)
			}
		} else {
			for i := range x.Data {
				x.Data[i] = byte(r.Uint32())
			}
		}
		x.Quant = qp
		return x
	}
	type newKernel func() Kernel
	unary := map[string]newKernel{
		"Relu": func() Kernel { return &Relu{} }, "Relu6": func() Kernel { return &Relu6{} },
		"ReluN1To1": func() Kernel { return &ReluN1To1{} }, "HardSwish": func() Kernel { return &HardSwish{} },
		"Logistic": func() Kernel { return &Logistic{} }, "Tanh": func() Kernel { return &Tanh{} },
		"LeakyRelu": func() Kernel { return &LeakyRelu{Alpha: 0.2} },
	}
	binary := map[string]newKernel{
		"Add": func() Kernel { return &Add{Activation: ActRelu} }, "Mul": func() Kernel { return &Mul{} },
		"Sub": func() Kernel { return &Sub{} }, "Maximum": func() Kernel { return &Maximum{} },
	}
	shapes := [][2]tensor.Shape{
		{{1, 67, 61, 16}, {1, 67, 61, 16}},
		{{1, 67, 61, 16}, {1, 1, 1, 16}},
		{{2, 129, 130, 3}, {2, 129, 130, 3}},
		{{1, 1, 1, 16}, {1, 90, 90, 16}},
	}
	check := func(desc string, k Kernel, in []*tensor.Tensor, outQ *tensor.Quantization, dt tensor.DType) {
		t.Helper()
		o := &tensor.Tensor{DType: dt, Quant: outQ}
		if err := k.Prepare(in, []*tensor.Tensor{o}); err != nil {
			t.Fatalf("%s: Prepare: %v", desc, err)
		}
		o.Data = make([]byte, o.ByteSize())
		if err := k.Eval(in, []*tensor.Tensor{o}); err != nil {
			t.Fatalf("%s: Eval: %v", desc, err)
		}
		want := bytes.Clone(o.Data)
		s, ok := k.(Splitter)
		if !ok {
			t.Fatalf("%s: not a Splitter", desc)
		}
		parts := s.Parts(in, []*tensor.Tensor{o})
		if o.Shape.NumElements() > 2*flatChunk && parts < 2 {
			t.Fatalf("%s: %d elements in %d part", desc, o.Shape.NumElements(), parts)
		}
		for i := range o.Data {
			o.Data[i] = 0x5a
		}
		for p := parts - 1; p >= 0; p-- {
			if err := s.EvalParts(in, []*tensor.Tensor{o}, p, p+1, p%2); err != nil {
				t.Fatalf("%s: EvalParts: %v", desc, err)
			}
		}
		if !bytes.Equal(o.Data, want) {
			t.Fatalf("%s: %d parts differ from Eval", desc, parts)
		}
		pw, ok := k.(Pointwise)
		if !ok {
			return
		}
		u := pw.PointwiseUnit(in, []*tensor.Tensor{o})
		if u == 0 {
			return
		}
		// Element ranges of a few units each, back to front.
		n := o.Shape.NumElements()
		for i := range o.Data {
			o.Data[i] = 0x5a
		}
		for b := n; b > 0; {
			a := max(0, b-u*(1+r.IntN(50)))
			if err := pw.EvalElems(in, []*tensor.Tensor{o}, a, b, 1); err != nil {
				t.Fatalf("%s: EvalElems(%d, %d): %v", desc, a, b, err)
			}
			b = a
		}
		if !bytes.Equal(o.Data, want) {
			t.Fatalf("%s: element ranges of unit %d differ from Eval", desc, u)
		}
		if n > u {
			if err := pw.EvalElems(in, []*tensor.Tensor{o}, 0, n+u, 0); err == nil {
				t.Fatalf("%s: EvalElems past the end accepted", desc)
			}
		}
	}
	for name, nk := range unary {
		for _, dt := range []tensor.DType{tensor.Float32, tensor.Int8} {
			var qi, qo *tensor.Quantization
			if dt == tensor.Int8 {
				qi, qo = q(0.05, 3), q(1.0/256, -128)
				if name != "Logistic" {
					qo = q(0.04, -5)
				}
			}
			x := mk(dt, tensor.Shape{1, 97, 101, 16}, qi)
			check(fmt.Sprintf("%s %v", name, dt), nk(), []*tensor.Tensor{x}, qo, dt)
		}
	}
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Int8} {
		for _, half := range []bool{true, false} {
			var qi *tensor.Quantization
			if dt == tensor.Int8 {
				qi = q(0.05, 3)
			}
			x := mk(dt, tensor.Shape{2, 33, 41, 16}, qi)
			size := tensor.New(tensor.Int32, tensor.Shape{2})
			copy(size.I32(), []int32{66, 82})
			size.Const = true
			k := &ResizeBilinear{HalfPixelCenters: half}
			k.SetWorkers(2)
			check(fmt.Sprintf("ResizeBilinear %v half %v", dt, half), k, []*tensor.Tensor{x, size}, qi, dt)
			if dt == tensor.Int8 && !k.q8.up.on {
				t.Fatalf("int8 resize half %v: not the 2x path", half)
			}
		}
	}
	// Quantize and Dequantize, per tensor: every arithmetic path.
	f := mk(tensor.Float32, tensor.Shape{1, 97, 101, 7}, nil)
	i8 := mk(tensor.Int8, tensor.Shape{1, 97, 101, 7}, q(0.05, 3))
	u8 := mk(tensor.Uint8, tensor.Shape{1, 97, 101, 7}, q(0.05, 130))
	i16 := mk(tensor.Int16, tensor.Shape{1, 97, 101, 7}, q(0.001, 0))
	f16 := tensor.New(tensor.Float16, tensor.Shape{1, 97, 101, 7})
	for i := range f16.F16() {
		f16.F16()[i] = uint16(r.IntN(0x7c00)) | uint16(r.IntN(2))<<15
	}
	for _, m := range []quant.Mode{quant.FloatRoundEven, quant.FixedPoint} {
		for _, c := range []struct {
			x  *tensor.Tensor
			dt tensor.DType
			q  *tensor.Quantization
		}{
			{f, tensor.Int8, q(0.04, -5)}, {f, tensor.Uint8, q(0.04, 120)}, {f, tensor.Int16, q(0.0005, 0)},
			{i8, tensor.Int8, q(0.03, 7)}, {u8, tensor.Uint8, q(0.07, 100)}, {i16, tensor.Int8, q(0.03, 2)},
		} {
			k := &Quantize{}
			k.SetRequantization(m)
			check(fmt.Sprintf("Quantize %v %v -> %v", m, c.x.DType, c.dt), k, []*tensor.Tensor{c.x}, c.q, c.dt)
		}
	}
	for _, x := range []*tensor.Tensor{i8, u8, i16, f16} {
		check(fmt.Sprintf("Dequantize %v", x.DType), &Dequantize{}, []*tensor.Tensor{x}, nil, tensor.Float32)
	}
	for name, nk := range binary {
		for _, dt := range []tensor.DType{tensor.Float32, tensor.Int8} {
			if dt == tensor.Int8 && name != "Add" && name != "Mul" {
				continue
			}
			for _, sh := range shapes {
				var qa, qb, qo *tensor.Quantization
				if dt == tensor.Int8 {
					qa, qb, qo = q(0.05, 3), q(0.03, -7), q(0.06, 1)
				}
				a, b := mk(dt, sh[0], qa), mk(dt, sh[1], qb)
				check(fmt.Sprintf("%s %v %v %v", name, dt, sh[0], sh[1]), nk(), []*tensor.Tensor{a, b}, qo, dt)
			}
		}
	}
}
