package ops

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/octet-ml/octet/tensor"
)

// padMaxRank is the highest rank Pad accepts (TFLite's
// PadKernelMaxDimensionCount).
const padMaxRank = 5

// Pad pads a tensor with zeros. Inputs: the tensor (any dtype, rank <= 5) and
// the paddings, a constant int32 or int64 tensor [rank, 2] whose row d holds
// the counts to add before and after dimension d (non-negative). Quantized
// int8, uint8 and int16 tensors are padded with the zero point (the output's,
// else the input's), which represents 0, as TFLite does.
type Pad struct {
	p padPlan
}

// Prepare implements Kernel.
func (k *Pad) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return fmt.Errorf("Pad: %w", err)
	}
	return k.p.prepare("Pad", in[0], in[1], nil, out[0])
}

// Eval implements Kernel.
func (k *Pad) Eval(in, out []*tensor.Tensor) error { return k.p.eval("Pad", in[0], nil, out[0]) }

// PadV2 is Pad with an optional third input: constant_values, a one-element
// tensor of the input's dtype holding the pad value. Without it, PadV2 pads as
// Pad. For quantized dtypes the value is the stored integer, and its
// quantization must match the output's.
type PadV2 struct {
	p padPlan
}

// Prepare implements Kernel.
func (k *PadV2) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 3, 1); err != nil {
		return fmt.Errorf("PadV2: %w", err)
	}
	var cv *tensor.Tensor
	if len(in) == 3 {
		cv = in[2]
	}
	return k.p.prepare("PadV2", in[0], in[1], cv, out[0])
}

// Eval implements Kernel.
func (k *PadV2) Eval(in, out []*tensor.Tensor) error {
	var cv *tensor.Tensor
	if len(in) == 3 {
		cv = in[2]
	}
	return k.p.eval("PadV2", in[0], cv, out[0])
}

// padPlan is the prepared geometry of a pad: dimensions are right-aligned in
// arrays of padMaxRank with leading dimensions of extent 1.
type padPlan struct {
	es        int // element size in bytes
	inDims    [padMaxRank]int
	outStride [padMaxRank]int // in elements
	before    [padMaxRank]int
	inElems   int
	outElems  int
	value     [8]byte // pad value bytes, es of them
	zeroValue bool
	useCV     bool // read the pad value from constant_values at Eval
}

func (p *padPlan) prepare(name string, x, paddings, cv, out *tensor.Tensor) error {
	if err := anyTensorCheck(name, x); err != nil {
		return err
	}
	r := len(x.Shape)
	if r > padMaxRank {
		return fmt.Errorf("%s: %w: rank %d exceeds %d", name, ErrShape, r, padMaxRank)
	}
	if err := checkType(paddings, name+" paddings", tensor.Int32, tensor.Int64); err != nil {
		return err
	}
	if len(paddings.Shape) != 2 || paddings.Shape[0] != r || paddings.Shape[1] != 2 {
		return fmt.Errorf("%s: paddings %s: %w: shape %v, want [%d 2]", name, paddings.Name, ErrShape, paddings.Shape, r)
	}
	if !paddings.Const || len(paddings.Data) < 2*r*paddings.DType.Size() {
		return fmt.Errorf("%s: paddings tensor %s must be constant", name, paddings.Name)
	}
	*p = padPlan{es: x.DType.Size()}
	off := padMaxRank - r
	for i := range padMaxRank {
		p.inDims[i] = 1
	}
	outShape := make(tensor.Shape, r)
	for d := 0; d < r; d++ {
		var lo, hi int64
		if paddings.DType == tensor.Int32 {
			v := paddings.I32()
			lo, hi = int64(v[2*d]), int64(v[2*d+1])
		} else {
			v := paddings.I64()
			lo, hi = v[2*d], v[2*d+1]
		}
		if lo < 0 || hi < 0 {
			return fmt.Errorf("%s: %w: negative padding (%d, %d) for dimension %d", name, ErrShape, lo, hi, d)
		}
		if lo > math.MaxInt32 || hi > math.MaxInt32 {
			return fmt.Errorf("%s: %w: padding (%d, %d) too large", name, ErrShape, lo, hi)
		}
		outShape[d] = x.Shape[d] + int(lo) + int(hi)
		p.inDims[off+d] = x.Shape[d]
		p.before[off+d] = int(lo)
	}
	p.outElems = outShape.NumElements()
	if p.outElems < 0 {
		return fmt.Errorf("%s: %w: output shape %v too large", name, ErrShape, outShape)
	}
	p.inElems = x.Shape.NumElements()
	acc := 1
	for i := padMaxRank - 1; i >= 0; i-- {
		p.outStride[i] = acc
		if i >= off {
			acc *= outShape[i-off]
		}
	}

	// The pad value.
	if cv != nil {
		if cv.DType != x.DType {
			return fmt.Errorf("%s: constant_values %s: %w %v, want %v like the input", name, cv.Name, ErrType, cv.DType, x.DType)
		}
		if cv.Shape.NumElements() != 1 {
			return fmt.Errorf("%s: constant_values %s: %w: shape %v, want one element", name, cv.Name, ErrShape, cv.Shape)
		}
		if cv.Quant != nil && out.Quant != nil && !concatSameQuant(cv.Quant, out.Quant) {
			return fmt.Errorf("%s: constant_values %s: quantization differs from the output's", name, cv.Name)
		}
		p.useCV = true
	} else {
		if err := p.setZeroPoint(name, x, out); err != nil {
			return err
		}
	}
	out.DType = x.DType
	out.Shape = outShape
	return nil
}

// setZeroPoint sets the pad value of a Pad without constant_values: the zero
// point for quantized dtypes, all-zero bytes otherwise.
func (p *padPlan) setZeroPoint(name string, x, out *tensor.Tensor) error {
	q := out.Quant
	if q == nil || len(q.Scale) == 0 {
		q = x.Quant
	}
	var zp int64
	if q != nil && len(q.Scale) > 0 {
		_, zp = q.Params(0)
	}
	switch x.DType {
	case tensor.Int8:
		if zp < math.MinInt8 || zp > math.MaxInt8 {
			return fmt.Errorf("%s: zero point %d out of int8 range", name, zp)
		}
		p.value[0] = byte(int8(zp))
	case tensor.Uint8:
		if zp < 0 || zp > math.MaxUint8 {
			return fmt.Errorf("%s: zero point %d out of uint8 range", name, zp)
		}
		p.value[0] = byte(zp)
	case tensor.Int16:
		if zp < math.MinInt16 || zp > math.MaxInt16 {
			return fmt.Errorf("%s: zero point %d out of int16 range", name, zp)
		}
		binary.NativeEndian.PutUint16(p.value[:], uint16(int16(zp)))
	}
	p.zeroValue = p.value == [8]byte{}
	return nil
}

func (p *padPlan) eval(name string, x, cv, out *tensor.Tensor) error {
	es := p.es
	src, dst := x.Data, out.Data
	if len(src) < p.inElems*es || len(dst) < p.outElems*es {
		return ewErrData(name)
	}
	dst = dst[:p.outElems*es]
	// Fill everything with the pad value, then copy the input rows over it.
	if p.useCV {
		if cv == nil || len(cv.Data) < es {
			return ewErrData(name)
		}
		padFill(dst, cv.Data[:es])
	} else if p.zeroValue {
		clear(dst)
	} else {
		padFill(dst, p.value[:es])
	}
	if p.inElems == 0 {
		return nil
	}
	const last = padMaxRank - 1
	row := p.inDims[last] * es
	base := 0
	for d := range padMaxRank {
		base += p.before[d] * p.outStride[d]
	}
	var idx [padMaxRank]int
	si := 0
	for {
		o := base
		for d := 0; d < last; d++ {
			o += idx[d] * p.outStride[d]
		}
		o *= es
		copy(dst[o:o+row], src[si:si+row])
		si += row
		d := last - 1
		for ; d >= 0; d-- {
			idx[d]++
			if idx[d] < p.inDims[d] {
				break
			}
			idx[d] = 0
		}
		if d < 0 {
			return nil
		}
	}
}

// padFill fills dst with repeats of the element bytes pat.
func padFill(dst, pat []byte) {
	if len(dst) == 0 {
		return
	}
	n := copy(dst, pat)
	for n < len(dst) {
		n += copy(dst[n:], dst[:n])
	}
}
