package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// FullyConnected is TFLite's FULLY_CONNECTED on float32 tensors (default
// weights format).
//
// Inputs: input of any rank with K dividing its element count, weights [N,K],
// optional bias [N]. The input is read as B = elements/K rows of K values.
// Output: [B,N], or with KeepNumDims the input's shape with its last
// dimension (which must then be K) replaced by N.
//
// Output (b,o) is the sum over k of input[b,k]*weights[o,k] (accumulated in
// float64 and rounded once, as in Conv2D), plus bias, then
// the activation clamp.
type FullyConnected struct {
	Activation  Activation
	KeepNumDims bool

	b, k, n int
	lo, hi  float32
}

// Prepare implements Kernel.
func (f *FullyConnected) Prepare(in, out []*tensor.Tensor) error {
	if err := f.prepare(in, out); err != nil {
		return fmt.Errorf("FULLY_CONNECTED: %w", err)
	}
	return nil
}

func (f *FullyConnected) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 3, 1); err != nil {
		return err
	}
	x, w := in[0], in[1]
	if err := checkType(x, "input", tensor.Float32); err != nil {
		return err
	}
	if len(x.Shape) == 0 {
		return fmt.Errorf("input %s: %w: scalar input, want rank >= 1", x.Name, ErrShape)
	}
	if err := convCheckPositive(x, "input"); err != nil {
		return err
	}
	if err := convCheckF32(w, "weights", 2); err != nil {
		return err
	}
	lo, hi, ok := f.Activation.Range()
	if !ok {
		return errUnsupportedAct(f.Activation)
	}
	n, k := w.Shape[0], w.Shape[1]
	total := x.Shape.NumElements()
	if total%k != 0 {
		return fmt.Errorf("%w: input %v has %d elements, not a multiple of weights depth %d (weights %v)",
			ErrShape, x.Shape, total, k, w.Shape)
	}
	if len(in) > 2 {
		if err := convCheckBias(in[2], n); err != nil {
			return err
		}
	}
	b := total / k
	var s tensor.Shape
	if f.KeepNumDims {
		if last := x.Shape[len(x.Shape)-1]; last != k {
			return fmt.Errorf("%w: keep_num_dims needs input's last dimension %d to equal weights depth %d (input %v, weights %v)",
				ErrShape, last, k, x.Shape, w.Shape)
		}
		s = x.Shape.Clone()
		s[len(s)-1] = n
	} else {
		s = tensor.Shape{b, n}
	}
	if err := convSetOutput(out[0], s); err != nil {
		return err
	}
	f.b, f.k, f.n = b, k, n
	f.lo, f.hi = lo, hi
	return nil
}

// Eval implements Kernel.
func (f *FullyConnected) Eval(in, out []*tensor.Tensor) error {
	x := in[0].F32()
	w := in[1].F32()
	bias := convBias(in, 2)
	y := out[0].F32()
	for b := 0; b < f.b; b++ {
		xrow := x[b*f.k:][:f.k]
		yrow := y[b*f.n:][:f.n]
		for o := range yrow {
			wrow := w[o*f.k:][:f.k]
			var acc float64
			for i, v := range xrow {
				acc += float64(v) * float64(wrow[i])
			}
			var bv float32
			if bias != nil {
				bv = bias[o]
			}
			yrow[o] = clamp(float32(acc+float64(bv)), f.lo, f.hi)
		}
	}
	return nil
}
