package ops

import (
	"fmt"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Mean is TFLite's MEAN on float32 tensors, and on int8 ones (see
// mean_int8.go).
//
// Inputs: input of any rank, axis int32 (any shape; must be constant). Axes
// may be negative (counting from the end) and repeated; repeats count once.
// Output: the input's shape with the reduced dimensions removed, or kept as 1
// with KeepDims. Reducing every dimension without KeepDims gives a scalar
// (shape []); an empty axis list copies the input. A scalar input is copied
// whatever the axes, as in TFLite.
//
// Each output is the float32 sum of its elements, taken in row-major input
// order, divided by their count; as in TFLite a reduction over zero elements
// gives 0.
type Mean struct {
	KeepDims bool

	dims    []int // input dimensions
	ostride []int // output stride of each input dimension, 0 when reduced
	idx     []int // odometer scratch for Eval
	count   int   // elements averaged into each output
	spatial bool  // rank-4 input reduced over exactly axes 1 and 2
	mode    quant.Mode
	q       *meanInt8 // int8 state; nil when the kernel runs on float32
}

// SetRequantization implements Requantizer: it selects the int8 path's
// arithmetic (see mean_int8.go). The float32 path ignores it.
func (m *Mean) SetRequantization(md quant.Mode) { m.mode = md }

// Prepare implements Kernel. An int8 input selects the int8 path
// (mean_int8.go).
func (m *Mean) Prepare(in, out []*tensor.Tensor) error {
	if err := m.prepare(in, out); err != nil {
		return fmt.Errorf("MEAN: %w", err)
	}
	return nil
}

func (m *Mean) prepare(in, out []*tensor.Tensor) error {
	m.q = nil
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return err
	}
	x, axis := in[0], in[1]
	isInt8 := x.DType == tensor.Int8
	if !isInt8 {
		if err := checkType(x, "input", tensor.Float32); err != nil {
			return err
		}
	}
	if x.Shape.NumElements() < 0 {
		return fmt.Errorf("input %s: %w: invalid shape %v", x.Name, ErrShape, x.Shape)
	}
	if err := checkType(axis, "axis", tensor.Int32); err != nil {
		return err
	}
	na := axis.Shape.NumElements()
	if na < 0 {
		return fmt.Errorf("axis %s: %w: invalid shape %v", axis.Name, ErrShape, axis.Shape)
	}
	if !axis.Const || len(axis.Data) < 4*na {
		return fmt.Errorf("axis %s must be a constant tensor: octet sizes outputs in Prepare", axis.Name)
	}
	rank := len(x.Shape)
	reduced := make([]bool, rank)
	if rank > 0 {
		for _, a := range axis.I32()[:na] {
			d := int(a)
			if d < 0 {
				d += rank
			}
			if d < 0 || d >= rank {
				return fmt.Errorf("axis %s: %w: axis %d out of range for rank %d", axis.Name, ErrShape, a, rank)
			}
			reduced[d] = true
		}
	}
	var s tensor.Shape
	count := 1
	for d, n := range x.Shape {
		switch {
		case !reduced[d]:
			s = append(s, n)
		case m.KeepDims:
			s = append(s, 1)
			count *= n
		default:
			count *= n
		}
	}
	if s == nil {
		s = tensor.Shape{}
	}
	m.dims = x.Shape.Clone()
	m.ostride = make([]int, rank)
	acc := 1
	for d := rank - 1; d >= 0; d-- {
		if !reduced[d] {
			m.ostride[d] = acc
			acc *= x.Shape[d]
		}
	}
	m.idx = make([]int, rank)
	m.count = count
	m.spatial = rank == 4 && !reduced[0] && reduced[1] && reduced[2] && !reduced[3]
	if isInt8 {
		return m.prepareInt8(x, axis.I32()[:na], out[0], s)
	}
	out[0].DType = tensor.Float32
	out[0].Shape = s
	return nil
}

// Eval implements Kernel.
func (m *Mean) Eval(in, out []*tensor.Tensor) error {
	if m.q != nil {
		return m.evalInt8(in, out)
	}
	x := in[0].F32()
	y := out[0].F32()
	clear(y)
	if m.spatial {
		m.sumSpatial(x, y)
	} else {
		m.sumGeneral(x, y)
	}
	if m.count > 0 {
		c := float32(m.count)
		for i, v := range y {
			y[i] = v / c
		}
	}
	return nil
}

// sumSpatial sums an NHWC input over H and W into y [N,C]: the common global
// average pooling written as MEAN over axes 1 and 2.
func (m *Mean) sumSpatial(x, y []float32) {
	n, h, w, c := m.dims[0], m.dims[1], m.dims[2], m.dims[3]
	for b := 0; b < n; b++ {
		yrow := y[b*c:][:c]
		for p := 0; p < h*w; p++ {
			xrow := x[(b*h*w+p)*c:][:c]
			for i, v := range xrow {
				yrow[i] += v
			}
		}
	}
}

// sumGeneral walks the input in row-major order with an odometer over its
// dimensions, adding each element to the output it reduces into.
func (m *Mean) sumGeneral(x, y []float32) {
	idx := m.idx
	clear(idx)
	off := 0
	for _, v := range x {
		y[off] += v
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			off += m.ostride[d]
			if idx[d] < m.dims[d] {
				break
			}
			off -= m.ostride[d] * m.dims[d]
			idx[d] = 0
		}
	}
}
