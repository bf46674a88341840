package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Transpose is TFLite's TRANSPOSE: output dimension i is input dimension
// perm[i], so out[j0, ..., jr-1] = x[i] with i[perm[k]] = j[k].
//
// Inputs: the tensor (any dtype, rank <= 6 as in TFLite; elements are copied
// as bytes) and perm, a constant 1-D int32 or int64 permutation of
// 0..rank-1.
type Transpose struct {
	box   seqBox
	bytes int
}

// Prepare implements Kernel.
func (k *Transpose) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("TRANSPOSE: %w", err)
	}
	return nil
}

func (k *Transpose) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return err
	}
	x, pt := in[0], in[1]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	r := len(x.Shape)
	if r > 6 {
		return fmt.Errorf("%w: rank %d input %v (at most 6)", ErrShape, r, x.Shape)
	}
	if err := seqIndexVector(pt, "perm", r); err != nil {
		return err
	}
	if !pt.Const {
		return fmt.Errorf("perm %s must be constant", pt.Name)
	}
	perm, err := seqInts(pt)
	if err != nil {
		return err
	}
	seen := make([]bool, r)
	for _, p := range perm {
		if p < 0 || p >= r || seen[p] {
			return fmt.Errorf("perm %v is not a permutation of 0..%d", perm, r-1)
		}
		seen[p] = true
	}
	// Walk the input in output order: box axis i is input axis perm[i].
	inStrides := x.Shape.Strides()
	shape := make(tensor.Shape, r)
	k.box.init(x.Shape, x.DType.Size())
	for i, p := range perm {
		shape[i] = x.Shape[p]
		k.box.shape[i] = x.Shape[p]
		k.box.stride[i] = inStrides[p]
		k.box.set(i, 0, 1, x.Shape[p])
	}
	k.bytes = x.Shape.NumElements() * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (k *Transpose) Eval(in, out []*tensor.Tensor) error {
	if len(in[0].Data) < k.bytes || len(out[0].Data) < k.bytes {
		return seqDataErr("TRANSPOSE")
	}
	k.box.copy(out[0].Data, in[0].Data)
	return nil
}
