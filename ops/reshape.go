package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// Reshape gives the input a new shape with the same elements in the same
// order. Inputs: the tensor (any dtype) and an optional shape tensor.
//
// As TFLite, the shape comes from the second input when it is present and is a
// 1-D int32 tensor, else from NewShape; NewShape [0] means a scalar (a legacy
// converter convention). One dimension may be -1: it is inferred so that the
// element counts match. The shape tensor must be constant, with one
// exception: when it is not, NewShape is used if given and Eval checks that
// the shape tensor agrees with it.
type Reshape struct {
	NewShape []int

	spec     []int32 // the requested shape (with any -1), for the Eval check
	checkDyn bool    // in[1] is a non-constant shape tensor to check at Eval
	bytes    int
}

// Prepare implements Kernel.
func (k *Reshape) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 1, 2, 1); err != nil {
		return fmt.Errorf("Reshape: %w", err)
	}
	x := in[0]
	if err := anyTensorCheck("Reshape", x); err != nil {
		return err
	}
	n := x.Shape.NumElements()
	k.checkDyn = false
	k.spec = nil
	var st *tensor.Tensor
	if len(in) == 2 && in[1] != nil && in[1].DType == tensor.Int32 && len(in[1].Shape) == 1 {
		st = in[1]
	}
	switch {
	case st != nil && st.Const:
		if st.Shape[0] < 0 || len(st.Data) < 4*st.Shape[0] {
			return fmt.Errorf("Reshape: shape tensor %s has no data", st.Name)
		}
		k.spec = append(k.spec, st.I32()[:st.Shape[0]]...)
	case st != nil && k.NewShape == nil:
		return fmt.Errorf("Reshape: shape tensor %s must be constant (dynamic shapes are not supported)", st.Name)
	default:
		ns := k.NewShape
		if len(ns) == 1 && ns[0] == 0 {
			ns = nil // legacy scalar
		}
		for _, d := range ns {
			k.spec = append(k.spec, int32(d))
		}
		if st != nil { // non-constant shape tensor, NewShape given
			if st.Shape[0] != len(k.spec) {
				return fmt.Errorf("Reshape: %w: shape tensor %s has %d entries but new_shape is %v", ErrShape, st.Name, st.Shape[0], k.NewShape)
			}
			k.checkDyn = true
		}
	}
	shape, err := reshapeResolve(k.spec, n)
	if err != nil {
		return fmt.Errorf("Reshape: input %v: %w", x.Shape, err)
	}
	k.bytes = n * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// reshapeResolve turns a requested shape with at most one -1 into a shape of
// n elements.
func reshapeResolve(spec []int32, n int) (tensor.Shape, error) {
	shape := make(tensor.Shape, len(spec))
	stretch, known := -1, 1
	for i, d := range spec {
		switch {
		case d == -1:
			if stretch >= 0 {
				return nil, fmt.Errorf("%w: more than one -1 in new shape %v", ErrShape, spec)
			}
			stretch = i
		case d < 0:
			return nil, fmt.Errorf("%w: negative dimension in new shape %v", ErrShape, spec)
		default:
			shape[i] = int(d)
			known *= int(d)
			if known > 1<<31 {
				return nil, fmt.Errorf("%w: new shape %v too large", ErrShape, spec)
			}
		}
	}
	if stretch >= 0 {
		if known == 0 {
			return nil, fmt.Errorf("%w: cannot infer -1 in new shape %v with a zero dimension", ErrShape, spec)
		}
		shape[stretch] = n / known
		known *= shape[stretch]
	}
	if known != n {
		return nil, fmt.Errorf("%w: new shape %v has %d elements, want %d", ErrShape, spec, known, n)
	}
	return shape, nil
}

// Eval implements Kernel.
func (k *Reshape) Eval(in, out []*tensor.Tensor) error {
	if k.checkDyn {
		s := in[1].I32()
		if len(s) < len(k.spec) {
			return ewErrData("Reshape")
		}
		for i, d := range k.spec {
			if s[i] != d {
				return fmt.Errorf("Reshape: shape tensor %s differs from new_shape %v", in[1].Name, k.NewShape)
			}
		}
	}
	return byteCopy("Reshape", in[0], out[0], k.bytes)
}

// Squeeze removes dimensions of extent 1: those listed in Dims (negative
// counts from the end; each must have extent 1), or all of them when Dims is
// empty. Any dtype.
type Squeeze struct {
	Dims []int

	bytes int
}

// Prepare implements Kernel.
func (k *Squeeze) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return fmt.Errorf("Squeeze: %w", err)
	}
	x := in[0]
	if err := anyTensorCheck("Squeeze", x); err != nil {
		return err
	}
	r := len(x.Shape)
	drop := make([]bool, r)
	if len(k.Dims) == 0 {
		for i, d := range x.Shape {
			drop[i] = d == 1
		}
	}
	for _, d := range k.Dims {
		a := d
		if a < 0 {
			a += r
		}
		if a < 0 || a >= r {
			return fmt.Errorf("Squeeze: %w: axis %d out of range for rank %d", ErrShape, d, r)
		}
		if x.Shape[a] != 1 {
			return fmt.Errorf("Squeeze: %w: dimension %d of %v is not 1", ErrShape, d, x.Shape)
		}
		drop[a] = true
	}
	shape := tensor.Shape{}
	for i, d := range x.Shape {
		if !drop[i] {
			shape = append(shape, d)
		}
	}
	k.bytes = x.Shape.NumElements() * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (k *Squeeze) Eval(in, out []*tensor.Tensor) error {
	return byteCopy("Squeeze", in[0], out[0], k.bytes)
}

// ExpandDims inserts a dimension of extent 1. Inputs: the tensor (any dtype)
// and a constant int32 or int64 axis tensor with one element, in
// [-rank-1, rank]; a negative axis counts from the end (-1 appends).
type ExpandDims struct {
	bytes int
}

// Prepare implements Kernel.
func (k *ExpandDims) Prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return fmt.Errorf("ExpandDims: %w", err)
	}
	x, at := in[0], in[1]
	if err := anyTensorCheck("ExpandDims", x); err != nil {
		return err
	}
	if err := checkType(at, "ExpandDims axis", tensor.Int32, tensor.Int64); err != nil {
		return err
	}
	if at.Shape.NumElements() != 1 {
		return fmt.Errorf("ExpandDims: %w: axis tensor %s has shape %v, want one element", ErrShape, at.Name, at.Shape)
	}
	if !at.Const || len(at.Data) < at.DType.Size() {
		return fmt.Errorf("ExpandDims: axis tensor %s must be constant", at.Name)
	}
	var axis int
	if at.DType == tensor.Int32 {
		axis = int(at.I32()[0])
	} else {
		axis = int(at.I64()[0])
	}
	r := len(x.Shape)
	a := axis
	if a < 0 {
		a += r + 1
	}
	if a < 0 || a > r {
		return fmt.Errorf("ExpandDims: %w: axis %d out of range for rank %d", ErrShape, axis, r)
	}
	shape := make(tensor.Shape, 0, r+1)
	shape = append(shape, x.Shape[:a]...)
	shape = append(shape, 1)
	shape = append(shape, x.Shape[a:]...)
	k.bytes = x.Shape.NumElements() * x.DType.Size()
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (k *ExpandDims) Eval(in, out []*tensor.Tensor) error {
	return byteCopy("ExpandDims", in[0], out[0], k.bytes)
}

// byteCopy copies the first n bytes of src's data into dst's. It is a no-op
// when both already share the bytes.
func byteCopy(name string, src, dst *tensor.Tensor, n int) error {
	if len(src.Data) < n || len(dst.Data) < n {
		return ewErrData(name)
	}
	if n > 0 && &src.Data[0] == &dst.Data[0] {
		return nil
	}
	copy(dst.Data[:n], src.Data[:n])
	return nil
}

// anyTensorCheck checks that t has a known dtype and a valid shape, for the
// kernels that accept any dtype.
func anyTensorCheck(name string, t *tensor.Tensor) error {
	if !t.DType.Valid() {
		return fmt.Errorf("%s: input %s: %w %v", name, t.Name, ErrType, t.DType)
	}
	if t.Shape.NumElements() < 0 {
		return fmt.Errorf("%s: input %s: %w: invalid shape %v", name, t.Name, ErrShape, t.Shape)
	}
	return nil
}
