// Package gorgoniaconv converts between gorgonia.org/tensor's Dense and
// octet's tensor.Tensor, for training code that uses gorgonia (such as
// cmd/octet-train). It lives outside octet's core so that gorgonia stays out
// of the import graph of every library package; its tests check that.
package gorgoniaconv

import (
	"fmt"
	"unsafe"

	"github.com/octet-ml/octet/tensor"
	gt "gorgonia.org/tensor"
)

// dtypes pairs octet's element types with gorgonia's. Float16 has no
// gorgonia counterpart and gorgonia's float64 none in octet.
var dtypes = []struct {
	o tensor.DType
	g gt.Dtype
}{
	{tensor.Float32, gt.Float32},
	{tensor.Int8, gt.Int8},
	{tensor.Uint8, gt.Uint8},
	{tensor.Int16, gt.Int16},
	{tensor.Int32, gt.Int32},
	{tensor.Int64, gt.Int64},
	{tensor.Bool, gt.Bool},
}

func toGorgonia(dt tensor.DType) (gt.Dtype, bool) {
	for _, p := range dtypes {
		if p.o == dt {
			return p.g, true
		}
	}
	return gt.Dtype{}, false
}

func toOctet(dt gt.Dtype) (tensor.DType, bool) {
	for _, p := range dtypes {
		if p.g == dt {
			return p.o, true
		}
	}
	return tensor.Invalid, false
}

// ToDense returns a gorgonia Dense holding a copy of t's elements, with its
// shape (a rank-0 octet tensor becomes a scalar Dense).
func ToDense(t *tensor.Tensor) (*gt.Dense, error) {
	dt, ok := toGorgonia(t.DType)
	if !ok {
		return nil, fmt.Errorf("gorgoniaconv: octet dtype %v has no gorgonia counterpart", t.DType)
	}
	n := t.Shape.NumElements()
	if n < 0 || len(t.Data) != n*t.DType.Size() {
		return nil, fmt.Errorf("gorgoniaconv: tensor %v holds %d bytes", t, len(t.Data))
	}
	var d *gt.Dense
	if len(t.Shape) == 0 {
		d = gt.New(gt.Of(dt), gt.WithShape(1))
		d.Reshape() // a scalar Dense keeps its one element
	} else {
		d = gt.New(gt.Of(dt), gt.WithShape(t.Shape...))
	}
	copy(d.Header.Raw, t.Data)
	return d, nil
}

// FromDense returns an octet tensor holding a copy of d's elements in
// row-major order (views and transposed Dense values are materialised
// first).
func FromDense(d *gt.Dense) (*tensor.Tensor, error) {
	dt, ok := toOctet(d.Dtype())
	if !ok {
		return nil, fmt.Errorf("gorgoniaconv: gorgonia dtype %v has no octet counterpart", d.Dtype())
	}
	if d.RequiresIterator() || d.IsView() {
		m, ok := d.Materialize().(*gt.Dense)
		if !ok {
			return nil, fmt.Errorf("gorgoniaconv: cannot materialise %v", d.Shape())
		}
		d = m
	}
	if d.DataOrder().IsColMajor() {
		return nil, fmt.Errorf("gorgoniaconv: only row-major Dense values convert")
	}
	shape := tensor.Shape(append([]int(nil), d.Shape()...))
	if d.IsScalar() {
		shape = tensor.Shape{}
	}
	out := tensor.New(dt, shape)
	raw := d.Header.Raw
	if len(raw) < len(out.Data) {
		return nil, fmt.Errorf("gorgoniaconv: Dense %v holds %d bytes, want %d", d.Shape(), len(raw), len(out.Data))
	}
	copy(out.Data, raw[:len(out.Data)])
	return out, nil
}

// F32 returns the float32 elements of d without copying when it is a plain
// contiguous float32 Dense.
func F32(d *gt.Dense) ([]float32, error) {
	if d.Dtype() != gt.Float32 {
		return nil, fmt.Errorf("gorgoniaconv: Dense is %v, not float32", d.Dtype())
	}
	if d.RequiresIterator() || d.IsView() {
		return nil, fmt.Errorf("gorgoniaconv: Dense %v is a view", d.Shape())
	}
	raw := d.Header.Raw
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/4), nil
}
