package ops

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// FullyConnected is TFLite's FULLY_CONNECTED on float32 tensors (default
// weights format), and on int8 ones (see fully_connected_int8.go).
//
// Inputs: input of any rank with K dividing its element count, weights [N,K],
// optional bias [N]. The input is read as B = elements/K rows of K values.
// Output: [B,N], or with KeepNumDims the input's shape with its last
// dimension (which must then be K) replaced by N.
//
// Output (b,o) is the sum over k of input[b,k]*weights[o,k] (accumulated in
// float64 and rounded once, as in Conv2D), plus bias, then
// the activation clamp. When asm.Selected has SIMD kernels it runs on the
// asm/gemmf32 GEMM instead (bias plus one float32 FMA per k, in order).
type FullyConnected struct {
	Activation  Activation
	KeepNumDims bool

	b, k, n int
	lo, hi  float32
	mode    quant.Mode
	q       *fcInt8  // int8 state; nil when the kernel runs on float32
	gemm    *f32Gemm // float32 GEMM state; nil for the reference loop
}

// SetRequantization implements Requantizer: it selects how the int8 path
// rescales accumulators (see fully_connected_int8.go). The float32 path
// ignores it.
func (f *FullyConnected) SetRequantization(m quant.Mode) { f.mode = m }

// Prepare implements Kernel.
//
// An int8 input selects the int8 path (fully_connected_int8.go); anything
// else the float32 one.
func (f *FullyConnected) Prepare(in, out []*tensor.Tensor) error {
	f.q = nil
	f.gemm = nil
	var err error
	if int8Input(in) {
		err = f.prepareInt8(in, out)
	} else {
		err = f.prepare(in, out)
	}
	if err != nil {
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
	if err := convCheckF32(w, "weights", 2); err != nil {
		return err
	}
	s, err := f.geometry(x, w)
	if err != nil {
		return err
	}
	if len(in) > 2 {
		if err := convCheckBias(in[2], f.n); err != nil {
			return err
		}
	}
	if err := convSetOutput(out[0], s); err != nil {
		return err
	}
	if im := gemmImpl(); im.ISA != asm.Generic {
		f.gemm = newF32Gemm(im, 1, f.n, f.k, w, biasTensor(in, 2))
	}
	return nil
}

// geometry checks the input shape (rank >= 1, positive dimensions) against
// the weights' (rank 2, checked by the caller), sets f.b, f.k, f.n and the
// float clamp, and returns the output shape.
func (f *FullyConnected) geometry(x, w *tensor.Tensor) (tensor.Shape, error) {
	if len(x.Shape) == 0 {
		return nil, fmt.Errorf("input %s: %w: scalar input, want rank >= 1", x.Name, ErrShape)
	}
	if err := convCheckPositive(x, "input"); err != nil {
		return nil, err
	}
	lo, hi, ok := f.Activation.Range()
	if !ok {
		return nil, errUnsupportedAct(f.Activation)
	}
	n, k := w.Shape[0], w.Shape[1]
	total := x.Shape.NumElements()
	if total%k != 0 {
		return nil, fmt.Errorf("%w: input %v has %d elements, not a multiple of weights depth %d (weights %v)",
			ErrShape, x.Shape, total, k, w.Shape)
	}
	b := total / k
	var s tensor.Shape
	if f.KeepNumDims {
		if last := x.Shape[len(x.Shape)-1]; last != k {
			return nil, fmt.Errorf("%w: keep_num_dims needs input's last dimension %d to equal weights depth %d (input %v, weights %v)",
				ErrShape, last, k, x.Shape, w.Shape)
		}
		s = x.Shape.Clone()
		s[len(s)-1] = n
	} else {
		s = tensor.Shape{b, n}
	}
	f.b, f.k, f.n = b, k, n
	f.lo, f.hi = lo, hi
	return s, nil
}

// Eval implements Kernel.
func (f *FullyConnected) Eval(in, out []*tensor.Tensor) error {
	if f.q != nil {
		return f.evalInt8(in, out)
	}
	x := in[0].F32()
	w := in[1].F32()
	bias := convBias(in, 2)
	y := out[0].F32()
	if q := f.gemm; q != nil {
		q.im.Run(f.b, f.n, f.k, x, f.k, q.group(0, w, bias), y, f.n, f.lo, f.hi)
		return nil
	}
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
