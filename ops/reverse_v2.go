package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// ReverseV2 is TFLite's REVERSE_V2: it reverses the order of elements along
// the given axes.
//
// Inputs: the tensor (any dtype; elements are copied as bytes) and a 1-D
// int32 or int64 axis tensor listing distinct axes in [-rank, rank)
// (negative counts from the end). TFLite's kernel accepts at most a few,
// contiguous axes; octet reverses any set. The axis tensor may be
// non-constant: Eval then reads and checks it (a bad axis is an error).
// Output: the input's shape.
type ReverseV2 struct {
	box     seqBox
	rev     []bool // scratch: axes to reverse
	nAxes   int
	dynamic bool
	bytes   int
}

// Prepare implements Kernel.
func (k *ReverseV2) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("REVERSE_V2: %w", err)
	}
	return nil
}

func (k *ReverseV2) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return err
	}
	x, at := in[0], in[1]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	if err := checkType(at, "axis", tensor.Int32, tensor.Int64); err != nil {
		return err
	}
	if len(at.Shape) != 1 || at.Shape[0] > len(x.Shape) {
		return fmt.Errorf("axis %s: %w: shape %v, want a vector of at most rank %d entries", at.Name, ErrShape, at.Shape, len(x.Shape))
	}
	k.nAxes = at.Shape[0]
	k.box.init(x.Shape, x.DType.Size())
	k.rev = make([]bool, len(x.Shape))
	k.dynamic = !at.Const
	if !k.dynamic {
		if err := k.axes(at); err != nil {
			return err
		}
	}
	k.bytes = x.Shape.NumElements() * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = x.Shape.Clone()
	return nil
}

// axes reads the axis tensor into the copy plan.
func (k *ReverseV2) axes(at *tensor.Tensor) error {
	clear(k.rev)
	r := len(k.rev)
	for i := range k.nAxes {
		v, ok := seqIntAt(at, i)
		if !ok {
			return seqDataErr("REVERSE_V2")
		}
		a := v
		if a < 0 {
			a += int64(r)
		}
		if a < 0 || a >= int64(r) {
			return fmt.Errorf("%w: axis %d out of range for rank %d", ErrShape, v, r)
		}
		if k.rev[a] {
			return fmt.Errorf("axis %d is listed twice", v)
		}
		k.rev[a] = true
	}
	for a, d := range k.box.shape {
		if k.rev[a] {
			k.box.set(a, d-1, -1, d)
		} else {
			k.box.set(a, 0, 1, d)
		}
	}
	return nil
}

// Eval implements Kernel.
func (k *ReverseV2) Eval(in, out []*tensor.Tensor) error {
	if k.dynamic {
		if err := k.axes(in[1]); err != nil {
			return fmt.Errorf("REVERSE_V2: %w", err)
		}
	}
	if len(in[0].Data) < k.bytes || len(out[0].Data) < k.bytes {
		return seqDataErr("REVERSE_V2")
	}
	k.box.copy(out[0].Data, in[0].Data)
	return nil
}
