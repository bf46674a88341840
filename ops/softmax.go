package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/tensor"
)

// Softmax computes softmax(Beta*x) over the last axis of a float32 tensor of
// rank >= 1, as TFLite's reference kernel: per row,
//
//	m      = max(x)                  (starting from the lowest float32)
//	e[c]   = exp((x[c] - m) * Beta)  (float32 difference and product)
//	s      = e[0] + e[1] + ...       (float32, in order)
//	out[c] = e[c] / s
//
// Subtracting the maximum keeps exp from overflowing. exp is computed in
// float64 and rounded to float32. Beta is used as given (Beta 0 yields a
// uniform distribution).
//
// Int8 input (per-tensor quantized) gives an int8 output of scale 1/256 and
// zero point -128, computed as TFLite's table softmax (softmax_int8.go).
type Softmax struct {
	Beta float32

	rows, depth int
	q8          softmaxInt8
}

// Prepare implements Kernel.
func (k *Softmax) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return fmt.Errorf("Softmax: %w", err)
	}
	x := in[0]
	k.q8.on = false
	if err := checkType(x, "Softmax input", tensor.Float32, tensor.Int8); err != nil {
		return err
	}
	n := x.Shape.NumElements()
	if len(x.Shape) == 0 || n < 0 {
		return fmt.Errorf("Softmax: %w: input shape %v, want rank >= 1", ErrShape, x.Shape)
	}
	if x.DType == tensor.Int8 {
		if err := k.q8.prepare(x, out[0], k.Beta); err != nil {
			return err
		}
		out[0].Shape = x.Shape.Clone()
		return nil
	}
	k.depth = x.Shape[len(x.Shape)-1]
	k.rows = 0
	if k.depth > 0 {
		k.rows = n / k.depth
	}
	out[0].DType = tensor.Float32
	out[0].Shape = x.Shape.Clone()
	return nil
}

// Eval implements Kernel.
func (k *Softmax) Eval(in, out []*tensor.Tensor) error {
	if k.q8.on {
		return k.q8.eval(in[0].I8(), out[0].I8())
	}
	n := k.rows * k.depth
	x, y := in[0].F32(), out[0].F32()
	if len(x) < n || len(y) < n {
		return ewErrData("Softmax")
	}
	beta := k.Beta
	for r := 0; r < k.rows; r++ {
		xr := x[r*k.depth : (r+1)*k.depth]
		yr := y[r*k.depth : (r+1)*k.depth]
		m := float32(-math.MaxFloat32)
		for _, v := range xr {
			if m < v { // std::max(m, v)
				m = v
			}
		}
		var sum float32
		for c, v := range xr {
			e := float32(math.Exp(float64((v - m) * beta)))
			yr[c] = e
			sum += e
		}
		for c := range yr {
			yr[c] /= sum
		}
	}
	return nil
}
