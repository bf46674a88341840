package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Split is TFLite's SPLIT: it cuts the input along an axis into NumSplits
// equal parts, one per output.
//
// Inputs (in this order, as in TFLite): a constant int32 (or int64) scalar
// axis in [-rank, rank), and the tensor (any dtype; elements are copied as
// bytes). The axis's extent must be a multiple of NumSplits, which must
// equal the number of outputs.
type Split struct {
	NumSplits int

	sp splitPlan
}

// SplitV is TFLite's SPLIT_V: it cuts the input along an axis into parts of
// the given sizes, one per output.
//
// Inputs: the tensor (any dtype), a constant 1-D int32 or int64 size_splits
// tensor with one entry per output (NumSplits of them; at most one may be
// -1, meaning what the others leave; all others >= 0 and summing to the
// axis's extent), and a constant int32 (or int64) scalar axis in
// [-rank, rank).
type SplitV struct {
	NumSplits int

	sp splitPlan
}

// splitPlan copies consecutive slabs along an axis to the outputs: for each
// of outer blocks, output j receives sizes[j]*inner bytes.
type splitPlan struct {
	outer, inner int // inner: bytes per unit of the axis
	sizes        []int
	total        int // extent of the axis
}

func (p *splitPlan) prepare(x *tensor.Tensor, axis int, sizes []int, out []*tensor.Tensor) error {
	a, err := seqAxis(axis, len(x.Shape))
	if err != nil {
		return err
	}
	p.outer = seqProd(x.Shape[:a])
	p.inner = seqProd(x.Shape[a+1:]) * x.DType.Size()
	p.sizes = sizes
	p.total = x.Shape[a]
	for j, o := range out {
		s := x.Shape.Clone()
		s[a] = sizes[j]
		o.DType = x.DType
		o.Shape = s
	}
	return nil
}

func (p *splitPlan) eval(name string, src []byte, out []*tensor.Tensor) error {
	if len(out) != len(p.sizes) || len(src) < p.outer*p.total*p.inner {
		return seqDataErr(name)
	}
	for j, o := range out {
		if len(o.Data) < p.outer*p.sizes[j]*p.inner {
			return seqDataErr(name)
		}
	}
	off := 0
	for i := range p.outer {
		for j, o := range out {
			n := p.sizes[j] * p.inner
			copy(o.Data[i*n:i*n+n], src[off:off+n])
			off += n
		}
	}
	return nil
}

// Prepare implements Kernel.
func (k *Split) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("SPLIT: %w", err)
	}
	return nil
}

func (k *Split) prepare(in, out []*tensor.Tensor) error {
	if k.NumSplits <= 0 || len(out) != k.NumSplits {
		return fmt.Errorf("num_splits %d, but %d outputs", k.NumSplits, len(out))
	}
	if err := checkArity(in, out, 2, 2, k.NumSplits); err != nil {
		return err
	}
	axis, err := seqScalarConst(in[0], "axis")
	if err != nil {
		return err
	}
	x := in[1]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	a, err := seqAxis(axis, len(x.Shape))
	if err != nil {
		return err
	}
	if x.Shape[a]%k.NumSplits != 0 {
		return fmt.Errorf("%w: dimension %d of input %v is not a multiple of num_splits %d", ErrShape, a, x.Shape, k.NumSplits)
	}
	sizes := make([]int, k.NumSplits)
	for j := range sizes {
		sizes[j] = x.Shape[a] / k.NumSplits
	}
	return k.sp.prepare(x, a, sizes, out)
}

// Eval implements Kernel.
func (k *Split) Eval(in, out []*tensor.Tensor) error {
	return k.sp.eval("SPLIT", in[1].Data, out)
}

// Prepare implements Kernel.
func (k *SplitV) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("SPLIT_V: %w", err)
	}
	return nil
}

func (k *SplitV) prepare(in, out []*tensor.Tensor) error {
	if k.NumSplits <= 0 || len(out) != k.NumSplits {
		return fmt.Errorf("num_splits %d, but %d outputs", k.NumSplits, len(out))
	}
	if err := checkArity(in, out, 3, 3, k.NumSplits); err != nil {
		return err
	}
	x, st := in[0], in[1]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	axis, err := seqScalarConst(in[2], "axis")
	if err != nil {
		return err
	}
	a, err := seqAxis(axis, len(x.Shape))
	if err != nil {
		return err
	}
	if err := seqIndexVector(st, "size_splits", k.NumSplits); err != nil {
		return err
	}
	if !st.Const {
		return fmt.Errorf("size_splits %s must be constant", st.Name)
	}
	sizes, err := seqInts(st)
	if err != nil {
		return err
	}
	fill, sum := -1, 0
	for j, s := range sizes {
		switch {
		case s == -1 && fill < 0:
			fill = j
		case s < 0:
			return fmt.Errorf("%w: size_splits %v: negative size (only one -1 is allowed)", ErrShape, sizes)
		default:
			sum += s
		}
	}
	d := x.Shape[a]
	if fill >= 0 {
		if sum > d {
			return fmt.Errorf("%w: size_splits %v exceed dimension %d of input %v", ErrShape, sizes, a, x.Shape)
		}
		sizes[fill] = d - sum
	} else if sum != d {
		return fmt.Errorf("%w: size_splits %v sum to %d, but dimension %d of input %v is %d", ErrShape, sizes, sum, a, x.Shape, d)
	}
	return k.sp.prepare(x, a, sizes, out)
}

// Eval implements Kernel.
func (k *SplitV) Eval(in, out []*tensor.Tensor) error {
	return k.sp.eval("SPLIT_V", in[0].Data, out)
}
