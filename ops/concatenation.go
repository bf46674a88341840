package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Concatenation joins its inputs (one or more) along Axis; a negative Axis
// counts from the end. All inputs must have the same dtype and rank and equal
// extents except along Axis.
//
// Float32 supports a clamp fused activation, applied after joining. (TFLite's
// builtin kernel rejects any fused activation here and LiteRT's XNNPACK path
// ignores it; octet applies what the option says.) Other dtypes are copied
// bytewise and need Activation none; quantized inputs (int8, uint8, int16)
// must share the output's scale and zero point, as TFLite requires for int8
// (its uint8 rescaling path is not implemented).
type Concatenation struct {
	Axis       int
	Activation Activation

	outer    int   // product of the dimensions before the axis
	blocks   []int // bytes each input contributes per outer index
	total    int   // bytes of output per outer index
	lo, hi   float32
	doClamp  bool
	outElems int
}

// Prepare implements Kernel.
func (k *Concatenation) Prepare(in, out []*tensor.Tensor) error {
	if len(in) == 0 {
		return fmt.Errorf("Concatenation: want at least 1 input, got 0")
	}
	if err := checkArity(in, out, len(in), len(in), 1); err != nil {
		return fmt.Errorf("Concatenation: %w", err)
	}
	t0 := in[0]
	if err := anyTensorCheck("Concatenation", t0); err != nil {
		return err
	}
	dt := t0.DType
	r := len(t0.Shape)
	axis := k.Axis
	if axis < 0 {
		axis += r
	}
	if axis < 0 || axis >= r {
		return fmt.Errorf("Concatenation: %w: axis %d out of range for rank %d", ErrShape, k.Axis, r)
	}
	k.doClamp = false
	if dt == tensor.Float32 {
		lo, hi, ok := k.Activation.Range()
		if !ok {
			return fmt.Errorf("Concatenation: %w", errUnsupportedAct(k.Activation))
		}
		k.lo, k.hi, k.doClamp = lo, hi, k.Activation != ActNone
	} else if k.Activation != ActNone {
		return fmt.Errorf("Concatenation: fused activation %v needs float32, not %v", k.Activation, dt)
	}
	quantized := dt == tensor.Int8 || dt == tensor.Uint8 || dt == tensor.Int16
	shape := t0.Shape.Clone()
	shape[axis] = 0
	for i, t := range in {
		if t.DType != dt {
			return fmt.Errorf("Concatenation: input %d %s: %w %v, want %v like input 0", i, t.Name, ErrType, t.DType, dt)
		}
		if len(t.Shape) != r {
			return fmt.Errorf("Concatenation: input %d %s: %w: rank %d, want %d", i, t.Name, ErrShape, len(t.Shape), r)
		}
		if t.Shape.NumElements() < 0 {
			return fmt.Errorf("Concatenation: input %d %s: %w: invalid shape %v", i, t.Name, ErrShape, t.Shape)
		}
		for d := range r {
			if d != axis && t.Shape[d] != t0.Shape[d] {
				return fmt.Errorf("Concatenation: input %d %s: %w: shape %v vs %v outside axis %d", i, t.Name, ErrShape, t.Shape, t0.Shape, axis)
			}
		}
		shape[axis] += t.Shape[axis]
		if quantized && !concatSameQuant(t.Quant, out[0].Quant) {
			return fmt.Errorf("Concatenation: input %d %s: quantization differs from the output's (requantizing is not supported)", i, t.Name)
		}
	}
	if shape.NumElements() < 0 {
		return fmt.Errorf("Concatenation: %w: output shape %v too large", ErrShape, shape)
	}
	es := dt.Size()
	k.outer = 1
	for _, d := range shape[:axis] {
		k.outer *= d
	}
	k.blocks = nil
	k.total = 0
	for _, t := range in {
		b := es
		for _, d := range t.Shape[axis:] {
			b *= d
		}
		k.blocks = append(k.blocks, b)
		k.total += b
	}
	k.outElems = shape.NumElements()
	out[0].DType = dt
	out[0].Shape = shape
	return nil
}

// concatSameQuant reports whether an input's quantization matches the
// output's. A side without quantization matches anything.
func concatSameQuant(a, b *tensor.Quantization) bool {
	if a == nil || b == nil || len(a.Scale) == 0 || len(b.Scale) == 0 {
		return true
	}
	if len(a.Scale) != len(b.Scale) {
		return false
	}
	for i := range a.Scale {
		sa, za := a.Params(i)
		sb, zb := b.Params(i)
		if sa != sb || za != zb {
			return false
		}
	}
	return true
}

// Eval implements Kernel.
func (k *Concatenation) Eval(in, out []*tensor.Tensor) error {
	if len(in) != len(k.blocks) {
		return fmt.Errorf("Concatenation: %d inputs, prepared with %d", len(in), len(k.blocks))
	}
	dst := out[0].Data
	if len(dst) < k.outer*k.total {
		return ewErrData("Concatenation")
	}
	for i, t := range in {
		if len(t.Data) < k.outer*k.blocks[i] {
			return ewErrData("Concatenation")
		}
	}
	o := 0
	for j := 0; j < k.outer; j++ {
		for i, t := range in {
			b := k.blocks[i]
			copy(dst[o:o+b], t.Data[j*b:j*b+b])
			o += b
		}
	}
	if k.doClamp {
		y := out[0].F32()[:k.outElems]
		for i, v := range y {
			y[i] = clamp(v, k.lo, k.hi)
		}
	}
	return nil
}
