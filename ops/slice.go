package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Slice is TFLite's SLICE: out = x[begin[0]:begin[0]+size[0], ...].
//
// Inputs: the tensor (any dtype; elements are copied as bytes), begin and
// size, 1-D int32 or int64 tensors with one entry per dimension. A size of
// -1 means "to the end of the dimension". Every slice must lie inside its
// dimension: 0 <= begin and begin+size <= extent. size must be constant
// (the output shape depends on it). begin may be a non-constant tensor when
// no size is -1; Eval then checks its values and returns an error for a
// slice outside the input.
type Slice struct {
	box     seqBox
	size    []int
	dynamic bool // begin is read at Eval
	inBytes int
}

// Prepare implements Kernel.
func (k *Slice) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("SLICE: %w", err)
	}
	return nil
}

func (k *Slice) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 3, 3, 1); err != nil {
		return err
	}
	x, bt, st := in[0], in[1], in[2]
	if err := seqAnyCheck(x); err != nil {
		return err
	}
	r := len(x.Shape)
	for _, t := range []*tensor.Tensor{bt, st} {
		if err := seqIndexVector(t, "begin/size", r); err != nil {
			return err
		}
	}
	if !st.Const {
		return fmt.Errorf("size tensor %s must be constant (dynamic output shapes are not supported)", st.Name)
	}
	size, err := seqInts(st)
	if err != nil {
		return err
	}
	k.dynamic = !bt.Const
	var begin []int
	if !k.dynamic {
		if begin, err = seqInts(bt); err != nil {
			return err
		}
	}
	shape := make(tensor.Shape, r)
	for i, d := range x.Shape {
		s := size[i]
		if s == -1 {
			if k.dynamic {
				return fmt.Errorf("size -1 in dimension %d needs a constant begin tensor (%s is not)", i, bt.Name)
			}
			s = d - begin[i]
		}
		if s < 0 {
			return fmt.Errorf("%w: size %d in dimension %d (only -1 may be negative)", ErrShape, size[i], i)
		}
		if !k.dynamic && (begin[i] < 0 || begin[i]+s > d) {
			return fmt.Errorf("%w: slice [%d, %d) outside dimension %d of input %v", ErrShape, begin[i], begin[i]+s, i, x.Shape)
		}
		if s > d {
			return fmt.Errorf("%w: size %d larger than dimension %d of input %v", ErrShape, s, i, x.Shape)
		}
		shape[i] = s
	}
	k.size = []int(shape.Clone())
	k.box.init(x.Shape, x.DType.Size())
	if begin == nil {
		begin = make([]int, r)
	}
	for i := range r {
		k.box.set(i, begin[i], 1, shape[i])
	}
	k.inBytes = x.Shape.NumElements() * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (k *Slice) Eval(in, out []*tensor.Tensor) error {
	if k.dynamic {
		bt := in[1]
		for i, s := range k.size {
			b, ok := seqIntAt(bt, i)
			if !ok {
				return seqDataErr("SLICE")
			}
			if b < 0 || b+int64(s) > int64(k.box.shape[i]) {
				return fmt.Errorf("SLICE: begin %d in dimension %d puts the slice of size %d outside extent %d", b, i, s, k.box.shape[i])
			}
			k.box.set(i, int(b), 1, s)
		}
	}
	if len(in[0].Data) < k.inBytes || len(out[0].Data) < k.box.outBytes() {
		return seqDataErr("SLICE")
	}
	k.box.copy(out[0].Data, in[0].Data)
	return nil
}

// seqBox copies a strided box out of a row-major tensor: along each axis a
// of the source, count[a] elements starting at start[a] with step step[a]
// (which may be negative), in row-major order of the box.
type seqBox struct {
	shape  []int // source extents
	stride []int // source element strides
	start  []int
	step   []int
	count  []int
	idx    []int // odometer scratch
	es     int   // element size in bytes
}

// init sizes the box for a source of the given shape (allocating).
func (b *seqBox) init(shape tensor.Shape, es int) {
	r := len(shape)
	b.shape = []int(shape.Clone())
	b.stride = shape.Strides()
	b.start = make([]int, r)
	b.step = make([]int, r)
	b.count = make([]int, r)
	b.idx = make([]int, r)
	b.es = es
}

// set sets axis a of the box. The caller guarantees that every index
// start + i*step, 0 <= i < count, lies inside the source axis.
func (b *seqBox) set(a, start, step, count int) {
	b.start[a], b.step[a], b.count[a] = start, step, count
}

// outBytes is the size of the box in bytes.
func (b *seqBox) outBytes() int {
	n := b.es
	for _, c := range b.count {
		n *= c
	}
	return n
}

// copy writes the box of src (the whole source tensor's bytes) to dst.
func (b *seqBox) copy(dst, src []byte) {
	r := len(b.shape)
	es := b.es
	for _, c := range b.count {
		if c == 0 {
			return
		}
	}
	off := 0 // source element offset of the current run
	for a := range r {
		off += b.start[a] * b.stride[a]
		b.idx[a] = 0
	}
	// The innermost axis, when it walks the source contiguously, is copied
	// as one run; the odometer then covers the axes before it.
	outer, run := r, es
	if r > 0 && b.step[r-1]*b.stride[r-1] == 1 {
		outer, run = r-1, b.count[r-1]*es
	}
	d := 0
	for {
		copy(dst[d:d+run], src[off*es:off*es+run])
		d += run
		a := outer - 1
		for ; a >= 0; a-- {
			b.idx[a]++
			off += b.step[a] * b.stride[a]
			if b.idx[a] < b.count[a] {
				break
			}
			off -= b.count[a] * b.step[a] * b.stride[a]
			b.idx[a] = 0
		}
		if a < 0 {
			return
		}
	}
}

// seqAnyCheck checks that t has a known dtype and a valid shape, for the
// kernels that copy elements of any dtype as bytes.
func seqAnyCheck(t *tensor.Tensor) error {
	if !t.DType.Valid() {
		return fmt.Errorf("input %s: %w %v", t.Name, ErrType, t.DType)
	}
	if t.Shape.NumElements() < 0 {
		return fmt.Errorf("input %s: %w: invalid shape %v", t.Name, ErrShape, t.Shape)
	}
	return nil
}

// seqIndexVector checks that t is a 1-D int32 or int64 tensor of n entries.
func seqIndexVector(t *tensor.Tensor, what string, n int) error {
	if err := checkType(t, what, tensor.Int32, tensor.Int64); err != nil {
		return err
	}
	if len(t.Shape) != 1 || t.Shape[0] != n {
		return fmt.Errorf("%s %s: %w: shape %v, want [%d]", what, t.Name, ErrShape, t.Shape, n)
	}
	return nil
}

// seqInts returns the values of an int32 or int64 tensor that holds data.
func seqInts(t *tensor.Tensor) ([]int, error) {
	n := t.Shape.NumElements()
	if n < 0 || len(t.Data) < n*t.DType.Size() {
		return nil, fmt.Errorf("tensor %s has no data", t.Name)
	}
	v := make([]int, n)
	for i := range v {
		x, _ := seqIntAt(t, i)
		if x != int64(int32(x)) {
			return nil, fmt.Errorf("tensor %s: value %d out of range", t.Name, x)
		}
		v[i] = int(x)
	}
	return v, nil
}

// seqIntAt returns element i of an int32 or int64 tensor; ok is false when
// the tensor holds too little data.
func seqIntAt(t *tensor.Tensor, i int) (v int64, ok bool) {
	switch t.DType {
	case tensor.Int32:
		if s := t.I32(); i < len(s) {
			return int64(s[i]), true
		}
	case tensor.Int64:
		if s := t.I64(); i < len(s) {
			return s[i], true
		}
	}
	return 0, false
}

// seqScalarConst returns the single value of a constant int32 or int64
// tensor, such as an axis.
func seqScalarConst(t *tensor.Tensor, what string) (int, error) {
	if err := checkType(t, what, tensor.Int32, tensor.Int64); err != nil {
		return 0, err
	}
	if t.Shape.NumElements() != 1 {
		return 0, fmt.Errorf("%s %s: %w: shape %v, want one element", what, t.Name, ErrShape, t.Shape)
	}
	if !t.Const {
		return 0, fmt.Errorf("%s %s must be constant", what, t.Name)
	}
	v, err := seqInts(t)
	if err != nil {
		return 0, err
	}
	return v[0], nil
}

// seqAxis resolves an axis in [-rank, rank).
func seqAxis(axis, rank int) (int, error) {
	a := axis
	if a < 0 {
		a += rank
	}
	if a < 0 || a >= rank {
		return 0, fmt.Errorf("%w: axis %d out of range for rank %d", ErrShape, axis, rank)
	}
	return a, nil
}

// seqProd is the product of dims.
func seqProd(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}
