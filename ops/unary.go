package ops

import (
	"fmt"
	"github.com/octet-ml/octet/asm/vf32"
	"math"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// The activation kernels below take one float32 input and write a float32
// output of the same shape. NaN inputs give NaN outputs, except where a
// formula says otherwise.
//
// They also take a quantized int8 input (per-tensor) with an int8 output of
// the output's own quantization, computed through a 256-entry table built in
// Prepare; unary_int8.go gives the formulas.

// Relu computes max(x, 0) as TFLite's reference: x < 0 ? 0 : x.
type Relu struct {
	unary
}

// Prepare implements Kernel.
func (k *Relu) Prepare(in, out []*tensor.Tensor) error {
	k.name, k.f = "Relu", reluF32
	return k.q.prepareRelu("Relu", ActRelu, in, out)
}

// Relu6 computes min(max(x, 0), 6): x > 6 ? 6 : x < 0 ? 0 : x.
type Relu6 struct {
	unary
}

// Prepare implements Kernel.
func (k *Relu6) Prepare(in, out []*tensor.Tensor) error {
	k.name, k.f = "Relu6", relu6F32
	return k.q.prepareRelu("Relu6", ActRelu6, in, out)
}

// ReluN1To1 computes min(max(x, -1), 1) (TFLite's RELU_N1_TO_1).
type ReluN1To1 struct {
	unary
}

// Prepare implements Kernel.
func (k *ReluN1To1) Prepare(in, out []*tensor.Tensor) error {
	k.name, k.f = "ReluN1To1", reluN1To1F32
	return k.q.prepareRelu("ReluN1To1", ActReluN1To1, in, out)
}

// unaryClamp sets y[i] = x[i] clamped to [lo, hi] (NaN passes; asm/vf32).
func unaryClamp(x, y []float32, lo, hi float32) { vf32.Clamp(y[:len(x)], x, lo, hi) }

// HardSwish computes TFLite's reference float formula
//
//	x * min(6, max(0, x+3)) / 6
//
// in float32, in that order: the product x*relu6(x+3) is rounded, then divided
// by 6 (not multiplied by 1/6). For x <= -3 the result is -0 or +0.
type HardSwish struct {
	unary
}

// Prepare implements Kernel.
func (k *HardSwish) Prepare(in, out []*tensor.Tensor) error {
	k.name, k.f = "HardSwish", hardSwishF32
	q8, err := unaryInt8Arity("HardSwish", in, out, &k.q)
	if !q8 || err != nil {
		return err
	}
	p, err := k.q.prepareInt8("HardSwish", in, out)
	if err == nil {
		err = hardSwishTableTFLite(&k.q.table, p)
	}
	k.q.on = err == nil
	return err
}

func hardSwishF32(y, x []float32) { vf32.HardSwish(y[:len(x)], x) }

// Logistic computes the sigmoid 1/(1+exp(-x)). In float32 it uses
// vf32.Sigmoid: a fixed sequence of float32 operations (range reduction,
// a degree-6 polynomial for exp, one division) that every implementation
// follows bit for bit, within 1e-7 of the exact value (TFLite's reference
// is the float32 formula between its cutoffs; the two agree to a few
// float32 ulps).
type Logistic struct {
	mode quant.Mode
	unary
}

// SetRequantization implements Requantizer (int8 only).
func (k *Logistic) SetRequantization(m quant.Mode) { k.mode = m }

// Prepare implements Kernel.
func (k *Logistic) Prepare(in, out []*tensor.Tensor) error {
	k.name, k.f = "Logistic", logisticF32
	q8, err := unaryInt8Arity("Logistic", in, out, &k.q)
	if !q8 || err != nil {
		return err
	}
	p, err := k.q.prepareInt8("Logistic", in, out)
	if err != nil {
		return err
	}
	if k.mode == quant.FixedPoint && float64(p.so) != 1.0/256 {
		k.q.on = false
		return fmt.Errorf("Logistic: int8 output scale %v, TFLite needs 1/256", p.so)
	}
	transcendentalTable(&k.q.table, p, true, k.mode)
	return nil
}

func logisticF32(y, x []float32) { vf32.Sigmoid(y[:len(x)], x) }

// Tanh computes tanh(x) in float64, rounded to float32 (TFLite uses
// std::tanh).
type Tanh struct {
	mode quant.Mode
	unary
}

// SetRequantization implements Requantizer (int8 only).
func (k *Tanh) SetRequantization(m quant.Mode) { k.mode = m }

// Prepare implements Kernel.
func (k *Tanh) Prepare(in, out []*tensor.Tensor) error {
	k.name, k.f = "Tanh", tanhRowF32
	q8, err := unaryInt8Arity("Tanh", in, out, &k.q)
	if !q8 || err != nil {
		return err
	}
	p, err := k.q.prepareInt8("Tanh", in, out)
	if err != nil {
		return err
	}
	transcendentalTable(&k.q.table, p, false, k.mode)
	return nil
}

func tanhRowF32(y, x []float32) {
	for i, v := range x {
		y[i] = float32(math.Tanh(float64(v)))
	}
}

// LeakyRelu computes x > 0 ? x : x*Alpha, as TFLite (Alpha may be above 1 or
// negative, so this is not max(x, Alpha*x)).
type LeakyRelu struct {
	Alpha float32

	mode quant.Mode
	unary
}

// SetRequantization implements Requantizer (int8 only).
func (k *LeakyRelu) SetRequantization(m quant.Mode) { k.mode = m }

// Prepare implements Kernel.
func (k *LeakyRelu) Prepare(in, out []*tensor.Tensor) error {
	k.name, k.f = "LeakyRelu", k.leakyF32
	q8, err := unaryInt8Arity("LeakyRelu", in, out, &k.q)
	if !q8 || err != nil {
		return err
	}
	p, err := k.q.prepareInt8("LeakyRelu", in, out)
	if err != nil {
		return err
	}
	if k.mode == quant.FloatRoundEven && xnnTakesLeakyRelu(p, k.Alpha) {
		leakyTableXNN(&k.q.table, p, k.Alpha)
	} else {
		leakyTableTFLite(&k.q.table, p, k.Alpha)
	}
	return nil
}

func (k *LeakyRelu) leakyF32(y, x []float32) {
	a := k.Alpha
	for i, v := range x {
		if v > 0 {
			y[i] = v
		} else {
			y[i] = v * a
		}
	}
}

// unaryInt8Arity checks a unary op's arity and reports whether its input is
// int8. For other dtypes it runs the float32 Prepare (unaryPrepare) and
// turns the int8 table off.
func unaryInt8Arity(name string, in, out []*tensor.Tensor, q *lut8) (bool, error) {
	q.on = false
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return false, fmt.Errorf("%s: %w", name, err)
	}
	if in[0].DType == tensor.Int8 {
		return true, nil
	}
	return false, unaryPrepare(name, in, out)
}

// prepareRelu prepares RELU, RELU6 or RELU_N1_TO_1 (activation a): the
// float32 kernel, or TFLite's int8 QuantizedReluX as a table.
func (l *lut8) prepareRelu(name string, a Activation, in, out []*tensor.Tensor) error {
	q8, err := unaryInt8Arity(name, in, out, l)
	if !q8 || err != nil {
		return err
	}
	p, err := l.prepareInt8(name, in, out)
	if err == nil {
		err = reluTableTFLite(&l.table, p, a)
	}
	l.on = err == nil
	return err
}

// unaryPrepare checks one float32 input and one output and gives the output
// the input's dtype and shape.
func unaryPrepare(name string, in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := checkType(in[0], name+" input", tensor.Float32); err != nil {
		return err
	}
	if in[0].Shape.NumElements() < 0 {
		return fmt.Errorf("%s: %w: invalid input shape %v", name, ErrShape, in[0].Shape)
	}
	out[0].DType = tensor.Float32
	out[0].Shape = in[0].Shape.Clone()
	return nil
}

// unaryData returns the float32 views of a unary op's input and output,
// trimmed to the input's element count.
func unaryData(name string, in, out []*tensor.Tensor) (x, y []float32, err error) {
	n := in[0].Shape.NumElements()
	x, y = in[0].F32(), out[0].F32()
	if n < 0 || len(x) < n || len(y) < n {
		return nil, nil, ewErrData(name)
	}
	return x[:n], y[:n], nil
}
