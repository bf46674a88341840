package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Gather is TFLite's GATHER (tf.gather with axis and batch_dims).
//
// Inputs: params (any dtype; elements are copied as bytes) and indices
// (int32 or int64, any shape, constant or not). Axis is in [-rank, rank) of
// params; BatchDims (negative counts from the end of the indices' rank) is
// in [0, min(axis, indices rank)] and the first BatchDims dimensions of
// params and indices must be equal. Output shape:
//
//	params.shape[:axis] + indices.shape[BatchDims:] + params.shape[axis+1:]
//
// with out[b.., o.., i.., in..] = params[b.., o.., indices[b.., i..], in..]
// where b.. are the batch dimensions. Every index must lie in
// [0, params.shape[axis]); otherwise Eval returns an error (as TFLite does)
// and leaves the output partly written.
type Gather struct {
	Axis      int
	BatchDims int

	batch, outer, axisDim, coords, inner int // inner in bytes
	inBytes, idxCount                    int
}

// Prepare implements Kernel.
func (k *Gather) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("GATHER: %w", err)
	}
	return nil
}

func (k *Gather) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return err
	}
	p, idx := in[0], in[1]
	if err := seqAnyCheck(p); err != nil {
		return err
	}
	if err := checkType(idx, "indices", tensor.Int32, tensor.Int64); err != nil {
		return err
	}
	if idx.Shape.NumElements() < 0 {
		return fmt.Errorf("indices %s: %w: invalid shape %v", idx.Name, ErrShape, idx.Shape)
	}
	r, ir := len(p.Shape), len(idx.Shape)
	axis, err := seqAxis(k.Axis, r)
	if err != nil {
		return err
	}
	bd := k.BatchDims
	if bd < 0 {
		bd += ir
	}
	if bd < 0 || bd > ir || bd > axis {
		return fmt.Errorf("%w: batch_dims %d invalid for axis %d and indices %v (need 0 <= batch_dims <= min(axis, indices rank))",
			ErrShape, k.BatchDims, axis, idx.Shape)
	}
	for i := range bd {
		if p.Shape[i] != idx.Shape[i] {
			return fmt.Errorf("%w: batch dimension %d differs: params %v, indices %v", ErrShape, i, p.Shape, idx.Shape)
		}
	}
	shape := tensor.Shape{}
	shape = append(shape, p.Shape[:axis]...)
	shape = append(shape, idx.Shape[bd:]...)
	shape = append(shape, p.Shape[axis+1:]...)
	if shape.NumElements() < 0 {
		return fmt.Errorf("%w: output shape %v too large", ErrShape, shape)
	}
	k.batch = seqProd(p.Shape[:bd])
	k.outer = seqProd(p.Shape[bd:axis])
	k.axisDim = p.Shape[axis]
	k.coords = seqProd(idx.Shape[bd:])
	k.inner = seqProd(p.Shape[axis+1:]) * p.DType.Size()
	k.inBytes = p.Shape.NumElements() * p.DType.Size()
	k.idxCount = idx.Shape.NumElements()
	out[0].DType = p.DType
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (k *Gather) Eval(in, out []*tensor.Tensor) error {
	src, dst, idx := in[0].Data, out[0].Data, in[1]
	n := k.inner
	if len(src) < k.inBytes || len(dst) < k.batch*k.outer*k.coords*n || len(idx.Data) < k.idxCount*idx.DType.Size() {
		return seqDataErr("GATHER")
	}
	var i32 []int32
	var i64 []int64
	if idx.DType == tensor.Int32 {
		i32 = idx.I32()
	} else {
		i64 = idx.I64()
	}
	d := 0
	for b := range k.batch {
		for o := range k.outer {
			base := (b*k.outer + o) * k.axisDim
			for c := range k.coords {
				var v int64
				if i32 != nil {
					v = int64(i32[b*k.coords+c])
				} else {
					v = i64[b*k.coords+c]
				}
				if v < 0 || v >= int64(k.axisDim) {
					return fmt.Errorf("GATHER: index %d out of range [0, %d)", v, k.axisDim)
				}
				s := (base + int(v)) * n
				copy(dst[d:d+n], src[s:s+n])
				d += n
			}
		}
	}
	return nil
}
