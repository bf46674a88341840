package ops

import (
	"fmt"
	"math/bits"

	"github.com/octet-ml/octet/tensor"
)

// StridedSlice is TFLite's STRIDED_SLICE: Python-style x[b0:e0:s0, ...]
// with TensorFlow's masks.
//
// Inputs: the tensor (any dtype; elements are copied as bytes) and begin,
// end and strides, 1-D int32 (or int64) tensors of the same length n <=
// rank + (number of new axes). end and strides must be constant; begin too,
// unless Offset is set (the output shape then does not depend on it, and
// Eval checks its values). Spec entry k applies to one dimension, as in
// TensorFlow and TFLite:
//
//   - EllipsisMask bit k (at most one): entry k stands for as many full
//     dimensions as needed to make the spec cover the input (at least one,
//     as in TFLite; an ellipsis standing for no dimension is rejected).
//   - NewAxisMask bit k: inserts a dimension of extent 1 (begin, end,
//     stride and the other masks of entry k are ignored).
//   - otherwise entry k slices the next input dimension d:
//     start = begin[k] (+d if negative), clamped to [0,d] for a positive
//     stride and to [-1,d-1] for a negative one, or with BeginMask bit k
//     the first element in stride order (0, or d-1 for a negative stride);
//     stop likewise from end[k] (with Offset: end[k] is a size, and stop =
//     start + end[k]), or with EndMask bit k past the last element (d, or
//     -1); the elements start, start+stride, ... before stop are kept, so
//     the extent is max(0, ceil((stop-start)/stride)). The stride must be
//     non-zero.
//   - ShrinkAxisMask bit k: keeps the single element start (which must lie
//     in the dimension; the stride must be positive) and drops the
//     dimension from the output.
//
// Dimensions after the spec are kept whole. With Offset, TFLite sizes the
// output as ceil(end[k]/stride) whatever the clamping does, and leaves the
// rest of the output unwritten if the clamped slice is shorter; octet
// returns an error instead (from Prepare, or from Eval for a non-constant
// begin).
type StridedSlice struct {
	BeginMask, EndMask, EllipsisMask, NewAxisMask, ShrinkAxisMask int32
	Offset                                                        bool

	kind    []int8 // per effective axis: ssFull, ssNew or ssSpec
	spec    []int  // per effective axis: the spec entry (ssSpec)
	dim     []int  // per effective axis: its extent (1 for new axes)
	end     []int
	strides []int
	box     seqBox
	dynamic bool // begin is read at Eval
	inBytes int
}

const (
	ssFull int8 = iota
	ssNew
	ssSpec
)

// Prepare implements Kernel.
func (k *StridedSlice) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("STRIDED_SLICE: %w", err)
	}
	return nil
}

func (k *StridedSlice) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 4, 4, 1); err != nil {
		return err
	}
	x, bt, et, st := in[0], in[1], in[2], in[3]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	n := 0
	for i, t := range []*tensor.Tensor{bt, et, st} {
		if err := checkType(t, "begin/end/strides", tensor.Int32, tensor.Int64); err != nil {
			return err
		}
		if len(t.Shape) != 1 || (i > 0 && t.Shape[0] != n) {
			return fmt.Errorf("begin, end and strides must be 1-D of the same length: shapes %v, %v, %v", bt.Shape, et.Shape, st.Shape)
		}
		n = t.Shape[0]
	}
	if n > 31 {
		return fmt.Errorf("%w: %d slice entries (at most 31)", ErrShape, n)
	}
	if !et.Const || !st.Const {
		return fmt.Errorf("end and strides must be constant (dynamic output shapes are not supported)")
	}
	k.dynamic = !bt.Const
	if k.dynamic && !k.Offset {
		return fmt.Errorf("begin tensor %s must be constant unless offset is set (dynamic output shapes are not supported)", bt.Name)
	}
	var err error
	if k.end, err = seqInts(et); err != nil {
		return err
	}
	if k.strides, err = seqInts(st); err != nil {
		return err
	}
	var begin []int
	if !k.dynamic {
		if begin, err = seqInts(bt); err != nil {
			return err
		}
	}
	rank := len(x.Shape)
	specBits := int32(1)<<n - 1
	if k.EllipsisMask&^specBits != 0 || k.NewAxisMask&^specBits != 0 {
		return fmt.Errorf("ellipsis_mask %#x or new_axis_mask %#x has bits beyond the %d spec entries", k.EllipsisMask, k.NewAxisMask, n)
	}
	if bits.OnesCount32(uint32(k.EllipsisMask)) > 1 {
		return fmt.Errorf("ellipsis_mask %#x has more than one bit set", k.EllipsisMask)
	}
	newAxes := bits.OnesCount32(uint32(k.NewAxisMask &^ k.EllipsisMask))
	eff := rank + newAxes
	ell, cover := -1, 0 // the ellipsis entry and how many dimensions it covers
	if k.EllipsisMask != 0 {
		ell = bits.TrailingZeros32(uint32(k.EllipsisMask))
		cover = eff - (n - 1)
		if cover < 1 {
			return fmt.Errorf("%w: the ellipsis stands for no dimension of input %v (spec of %d entries)", ErrShape, x.Shape, n)
		}
	} else if n > eff {
		return fmt.Errorf("%w: %d slice entries for input %v with %d new axes", ErrShape, n, x.Shape, newAxes)
	}

	k.kind = make([]int8, eff)
	k.spec = make([]int, eff)
	k.dim = make([]int, eff)
	p := 0 // next input dimension
	for e := range eff {
		s := e
		if ell >= 0 && e >= ell {
			s = e - cover + 1
			if e < ell+cover {
				s = -1 // inside the ellipsis
			}
		}
		if s >= 0 && s < n && k.NewAxisMask&(1<<s) != 0 {
			k.kind[e], k.spec[e], k.dim[e] = ssNew, s, 1
			continue
		}
		if p >= rank {
			return fmt.Errorf("%w: slice spec does not match input %v", ErrShape, x.Shape)
		}
		if s < 0 || s >= n {
			k.kind[e], k.spec[e], k.dim[e] = ssFull, -1, x.Shape[p]
		} else {
			k.kind[e], k.spec[e], k.dim[e] = ssSpec, s, x.Shape[p]
		}
		p++
	}
	if p != rank {
		return fmt.Errorf("%w: slice spec does not cover input %v", ErrShape, x.Shape)
	}

	k.box.init(tensor.Shape(k.dim), x.DType.Size())
	shape := tensor.Shape{}
	for e, kind := range k.kind {
		start, step, count := 0, 1, k.dim[e]
		if kind == ssSpec {
			b := 0
			if begin != nil {
				b = begin[k.spec[e]]
			}
			if start, step, count, err = k.axis(e, b); err != nil {
				return err
			}
		}
		k.box.set(e, start, step, count)
		if kind != ssSpec || k.ShrinkAxisMask&(1<<k.spec[e]) == 0 {
			shape = append(shape, count)
		}
	}
	k.inBytes = x.Shape.NumElements() * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// axis resolves the range of effective axis e (a spec axis) for begin
// value b.
func (k *StridedSlice) axis(e, b int) (start, step, count int, err error) {
	s := k.spec[e]
	d := k.dim[e]
	stride := k.strides[s]
	bit := int32(1) << s
	if stride == 0 {
		return 0, 0, 0, fmt.Errorf("stride %d is zero", s)
	}
	if k.ShrinkAxisMask&bit != 0 {
		if stride < 0 {
			return 0, 0, 0, fmt.Errorf("shrunk axis %d has negative stride %d", s, stride)
		}
		start = b
		if k.BeginMask&bit != 0 {
			start = 0
		}
		if start < 0 {
			start += d
		}
		if start < 0 || start >= d {
			return 0, 0, 0, fmt.Errorf("%w: index %d of shrunk axis %d outside extent %d", ErrShape, b, s, d)
		}
		return start, 1, 1, nil
	}
	lo, hi := 0, d
	if stride < 0 {
		lo, hi = -1, d-1
	}
	start = b
	if start < 0 {
		start += d
	}
	start = min(max(start, lo), hi)
	if k.BeginMask&bit != 0 {
		start = 0
		if stride < 0 {
			start = d - 1
		}
	}
	stop := k.end[s]
	if k.Offset {
		stop += start
	}
	if stop < 0 {
		stop += d
	}
	stop = min(max(stop, lo), hi)
	if k.EndMask&bit != 0 {
		stop = d
		if stride < 0 {
			stop = -1
		}
	}
	count = ssCeilDiv(stop-start, stride)
	if k.Offset {
		// TFLite sizes the output from end (a size) alone.
		want := ssCeilDiv(k.end[s], stride)
		if count != want {
			return 0, 0, 0, fmt.Errorf("%w: offset slice of size %d from %d along axis %d (extent %d) leaves %d elements, want %d",
				ErrShape, k.end[s], b, s, d, count, want)
		}
	}
	return start, stride, count, nil
}

// ssCeilDiv returns max(0, ceil(a/b)) for b != 0.
func ssCeilDiv(a, b int) int {
	if b < 0 {
		a, b = -a, -b
	}
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// Eval implements Kernel.
func (k *StridedSlice) Eval(in, out []*tensor.Tensor) error {
	if k.dynamic {
		for e, kind := range k.kind {
			if kind != ssSpec {
				continue
			}
			b, ok := seqIntAt(in[1], k.spec[e])
			if !ok {
				return seqDataErr("STRIDED_SLICE")
			}
			if b != int64(int32(b)) {
				return fmt.Errorf("STRIDED_SLICE: begin %d out of range", b)
			}
			start, step, count, err := k.axis(e, int(b))
			if err != nil {
				return fmt.Errorf("STRIDED_SLICE: %w", err)
			}
			if count != k.box.count[e] {
				return fmt.Errorf("STRIDED_SLICE: begin %d changes the extent of axis %d", b, e)
			}
			k.box.set(e, start, step, count)
		}
	}
	if len(in[0].Data) < k.inBytes || len(out[0].Data) < k.box.outBytes() {
		return seqDataErr("STRIDED_SLICE")
	}
	k.box.copy(out[0].Data, in[0].Data)
	return nil
}
