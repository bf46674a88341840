package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Pack is TFLite's PACK (tf.stack): it stacks its N inputs, which share a
// dtype and shape, along a new axis.
//
// ValuesCount must equal N (TFLite's values_count). Axis is in
// [-(rank+1), rank] (negative counts from the end of the output's rank+1
// dimensions). Output: the input shape with N inserted at Axis. Any dtype;
// elements are copied as bytes. Quantized inputs must share the output's
// quantization, as in TFLite.
type Pack struct {
	ValuesCount int
	Axis        int

	outer, inner int // inner: bytes of one input per outer index
}

// Unpack is TFLite's UNPACK (tf.unstack): it cuts the input along Axis (in
// [-rank, rank)) into Num outputs, which must equal the axis's extent and
// the number of outputs, each the input's shape without that axis. Any
// dtype; quantized outputs must share the input's quantization.
type Unpack struct {
	Num  int
	Axis int

	outer, inner, n int
}

// Prepare implements Kernel.
func (k *Pack) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("PACK: %w", err)
	}
	return nil
}

func (k *Pack) prepare(in, out []*tensor.Tensor) error {
	if len(in) == 0 || k.ValuesCount != len(in) {
		return fmt.Errorf("values_count %d, but %d inputs", k.ValuesCount, len(in))
	}
	if err := checkArity(in, out, len(in), len(in), 1); err != nil {
		return err
	}
	x := in[0]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	for i, t := range in {
		if t.DType != x.DType || !t.Shape.Equal(x.Shape) {
			return fmt.Errorf("input %d %s: %v%v differs from input 0's %v%v", i, t.Name, t.DType, t.Shape, x.DType, x.Shape)
		}
		if seqQuantized(t.DType) && !concatSameQuant(t.Quant, out[0].Quant) {
			return fmt.Errorf("input %d %s: quantization differs from the output's", i, t.Name)
		}
	}
	r := len(x.Shape)
	a, err := seqAxis(k.Axis, r+1)
	if err != nil {
		return err
	}
	shape := make(tensor.Shape, 0, r+1)
	shape = append(shape, x.Shape[:a]...)
	shape = append(shape, len(in))
	shape = append(shape, x.Shape[a:]...)
	if shape.NumElements() < 0 {
		return fmt.Errorf("%w: output shape %v too large", ErrShape, shape)
	}
	k.outer = seqProd(x.Shape[:a])
	k.inner = seqProd(x.Shape[a:]) * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (k *Pack) Eval(in, out []*tensor.Tensor) error {
	dst := out[0].Data
	n := k.inner
	if len(dst) < k.outer*len(in)*n {
		return seqDataErr("PACK")
	}
	for _, t := range in {
		if len(t.Data) < k.outer*n {
			return seqDataErr("PACK")
		}
	}
	d := 0
	for o := range k.outer {
		for _, t := range in {
			copy(dst[d:d+n], t.Data[o*n:o*n+n])
			d += n
		}
	}
	return nil
}

// Prepare implements Kernel.
func (k *Unpack) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("UNPACK: %w", err)
	}
	return nil
}

func (k *Unpack) prepare(in, out []*tensor.Tensor) error {
	if k.Num != len(out) {
		return fmt.Errorf("num %d, but %d outputs", k.Num, len(out))
	}
	if err := checkArity(in, out, 1, 1, len(out)); err != nil {
		return err
	}
	x := in[0]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	r := len(x.Shape)
	a, err := seqAxis(k.Axis, r)
	if err != nil {
		return err
	}
	if x.Shape[a] != k.Num {
		return fmt.Errorf("%w: num %d, but dimension %d of input %v is %d", ErrShape, k.Num, a, x.Shape, x.Shape[a])
	}
	shape := make(tensor.Shape, 0, r-1)
	shape = append(shape, x.Shape[:a]...)
	shape = append(shape, x.Shape[a+1:]...)
	for j, o := range out {
		if seqQuantized(x.DType) && !concatSameQuant(x.Quant, o.Quant) {
			return fmt.Errorf("output %d %s: quantization differs from the input's", j, o.Name)
		}
		o.DType = x.DType
		o.Shape = shape.Clone()
	}
	k.outer = seqProd(x.Shape[:a])
	k.inner = seqProd(x.Shape[a+1:]) * x.DType.Size()
	k.n = k.Num
	return nil
}

// Eval implements Kernel.
func (k *Unpack) Eval(in, out []*tensor.Tensor) error {
	src := in[0].Data
	n := k.inner
	if len(out) != k.n || len(src) < k.outer*k.n*n {
		return seqDataErr("UNPACK")
	}
	for _, o := range out {
		if len(o.Data) < k.outer*n {
			return seqDataErr("UNPACK")
		}
	}
	s := 0
	for i := range k.outer {
		for _, o := range out {
			copy(o.Data[i*n:i*n+n], src[s:s+n])
			s += n
		}
	}
	return nil
}

// seqQuantized reports whether dt is an integer type that carries
// quantization.
func seqQuantized(dt tensor.DType) bool {
	return dt == tensor.Int8 || dt == tensor.Uint8 || dt == tensor.Int16
}
