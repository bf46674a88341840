package ort

import (
	"encoding/binary"
	"fmt"
	"math"
)

// This file encodes the few ONNX protobuf messages octet writes, by hand:
// no protobuf dependency. Field numbers are those of onnx/onnx.proto
// (proto2); only the fields used here are encoded.

// ONNX TensorProto.DataType values.
const (
	Float32 = 1
	Int32   = 6
	Int64   = 7
)

// ONNX AttributeProto.AttributeType values.
const (
	attrFloat  = 1
	attrInt    = 2
	attrString = 3
	attrFloats = 6
	attrInts   = 7
)

// Model is an ONNX ModelProto.
type Model struct {
	IRVersion    int64  // ir_version = 1
	Opset        int64  // opset_import = 8 (the default domain only)
	ProducerName string // producer_name = 2
	DocString    string // doc_string = 6
	Graph        Graph  // graph = 7
}

// Graph is an ONNX GraphProto.
type Graph struct {
	Name         string      // name = 2
	Nodes        []Node      // node = 1, in topological order
	Initializers []Tensor    // initializer = 5
	Inputs       []ValueInfo // input = 11
	Outputs      []ValueInfo // output = 12
}

// Node is an ONNX NodeProto.
type Node struct {
	OpType  string   // op_type = 4
	Name    string   // name = 3
	Inputs  []string // input = 1; "" leaves an optional input out
	Outputs []string // output = 2
	Attrs   []Attr   // attribute = 5
}

// Attr is an ONNX AttributeProto holding one of a float, an int, a string,
// floats or ints. Build it with IntAttr, IntsAttr, FloatAttr, FloatsAttr or
// StringAttr.
type Attr struct {
	Name   string
	kind   int
	f      float32
	i      int64
	s      string
	floats []float32
	ints   []int64
}

// IntAttr returns an INT attribute.
func IntAttr(name string, v int64) Attr { return Attr{Name: name, kind: attrInt, i: v} }

// IntsAttr returns an INTS attribute.
func IntsAttr(name string, v ...int64) Attr { return Attr{Name: name, kind: attrInts, ints: v} }

// FloatAttr returns a FLOAT attribute.
func FloatAttr(name string, v float32) Attr { return Attr{Name: name, kind: attrFloat, f: v} }

// FloatsAttr returns a FLOATS attribute.
func FloatsAttr(name string, v ...float32) Attr { return Attr{Name: name, kind: attrFloats, floats: v} }

// StringAttr returns a STRING attribute.
func StringAttr(name, v string) Attr { return Attr{Name: name, kind: attrString, s: v} }

// Tensor is an ONNX TensorProto with its data in raw_data (little-endian).
type Tensor struct {
	Name     string
	DataType int32
	Dims     []int64
	Raw      []byte
}

// FloatTensor returns a float32 tensor of the given dims holding v.
func FloatTensor(name string, dims []int64, v []float32) Tensor {
	raw := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(x))
	}
	return Tensor{Name: name, DataType: Float32, Dims: dims, Raw: raw}
}

// Int64Tensor returns an int64 tensor of the given dims holding v.
func Int64Tensor(name string, dims []int64, v []int64) Tensor {
	raw := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(raw[8*i:], uint64(x))
	}
	return Tensor{Name: name, DataType: Int64, Dims: dims, Raw: raw}
}

// Dim is one dimension of a ValueInfo shape: a fixed size, or, when Param
// is not empty, a named free dimension.
type Dim struct {
	Value int64
	Param string
}

// ValueInfo is an ONNX ValueInfoProto of tensor type. A nil Shape leaves
// the rank unknown; an empty one is a scalar.
type ValueInfo struct {
	Name     string
	ElemType int32
	Shape    []Dim
}

// Fixed returns the dims of a fully fixed shape.
func Fixed(dims ...int64) []Dim {
	d := make([]Dim, len(dims))
	for i, v := range dims {
		d[i].Value = v
	}
	return d
}

// Marshal encodes m as the bytes of an .onnx file. It checks what a
// reader would reject outright (names, element counts) and returns an
// error instead of writing a broken file.
func (m *Model) Marshal() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	var b pb
	b.int(1, m.IRVersion)
	b.str(2, m.ProducerName)
	if m.DocString != "" {
		b.str(6, m.DocString)
	}
	b.msg(7, m.Graph.encode)
	b.msg(8, func(o *pb) {
		o.str(1, "")
		o.int(2, m.Opset)
	})
	return b.buf, nil
}

func (m *Model) check() error {
	if m.IRVersion <= 0 || m.Opset <= 0 {
		return fmt.Errorf("onnx: ir_version %d, opset %d: both must be positive", m.IRVersion, m.Opset)
	}
	g := &m.Graph
	if len(g.Outputs) == 0 {
		return fmt.Errorf("onnx: graph %q has no outputs", g.Name)
	}
	for _, t := range g.Initializers {
		if t.Name == "" {
			return fmt.Errorf("onnx: initializer without a name")
		}
		n := int64(1)
		for _, d := range t.Dims {
			if d < 0 {
				return fmt.Errorf("onnx: initializer %s: negative dimension in %v", t.Name, t.Dims)
			}
			n *= d
		}
		size := map[int32]int64{Float32: 4, Int32: 4, Int64: 8}[t.DataType]
		if size == 0 {
			return fmt.Errorf("onnx: initializer %s: data type %d not supported by this writer", t.Name, t.DataType)
		}
		if int64(len(t.Raw)) != n*size {
			return fmt.Errorf("onnx: initializer %s: %d bytes of data for dims %v", t.Name, len(t.Raw), t.Dims)
		}
	}
	for _, vi := range append(append([]ValueInfo(nil), g.Inputs...), g.Outputs...) {
		if vi.Name == "" || vi.ElemType == 0 {
			return fmt.Errorf("onnx: graph input or output %q needs a name and an element type", vi.Name)
		}
	}
	for i, n := range g.Nodes {
		if n.OpType == "" || len(n.Outputs) == 0 {
			return fmt.Errorf("onnx: node %d (%q) needs an op type and outputs", i, n.Name)
		}
	}
	return nil
}

func (g *Graph) encode(b *pb) {
	for i := range g.Nodes {
		b.msg(1, g.Nodes[i].encode)
	}
	b.str(2, g.Name)
	for i := range g.Initializers {
		b.msg(5, g.Initializers[i].encode)
	}
	for i := range g.Inputs {
		b.msg(11, g.Inputs[i].encode)
	}
	for i := range g.Outputs {
		b.msg(12, g.Outputs[i].encode)
	}
}

func (n *Node) encode(b *pb) {
	for _, s := range n.Inputs {
		b.str(1, s)
	}
	for _, s := range n.Outputs {
		b.str(2, s)
	}
	if n.Name != "" {
		b.str(3, n.Name)
	}
	b.str(4, n.OpType)
	for i := range n.Attrs {
		b.msg(5, n.Attrs[i].encode)
	}
}

func (a *Attr) encode(b *pb) {
	b.str(1, a.Name)
	switch a.kind {
	case attrFloat:
		b.fixed32(2, math.Float32bits(a.f))
	case attrInt:
		b.int(3, a.i)
	case attrString:
		b.str(4, a.s)
	case attrFloats:
		for _, f := range a.floats {
			b.fixed32(7, math.Float32bits(f))
		}
	case attrInts:
		for _, v := range a.ints {
			b.int(8, v)
		}
	}
	b.int(20, int64(a.kind))
}

func (t *Tensor) encode(b *pb) {
	for _, d := range t.Dims {
		b.int(1, d)
	}
	b.int(2, int64(t.DataType))
	b.str(8, t.Name)
	b.bytes(9, t.Raw)
}

func (v *ValueInfo) encode(b *pb) {
	b.str(1, v.Name)
	b.msg(2, func(tp *pb) { // TypeProto
		tp.msg(1, func(tt *pb) { // TypeProto.Tensor
			tt.int(1, int64(v.ElemType))
			if v.Shape == nil {
				return // rank unknown
			}
			tt.msg(2, func(sh *pb) { // TensorShapeProto
				for _, d := range v.Shape {
					sh.msg(1, func(dm *pb) { // Dimension
						if d.Param != "" {
							dm.str(2, d.Param)
						} else {
							dm.int(1, d.Value)
						}
					})
				}
			})
		})
	})
}

// pb appends protobuf wire-format fields to buf.
type pb struct{ buf []byte }

// Wire types.
const (
	wireVarint = 0
	wireLen    = 2
	wire32     = 5
)

func (b *pb) tag(field, wire int) { b.buf = binary.AppendUvarint(b.buf, uint64(field)<<3|uint64(wire)) }

// int writes an int64/int32/enum field: negative values take ten bytes, as
// protobuf encodes them.
func (b *pb) int(field int, v int64) {
	b.tag(field, wireVarint)
	b.buf = binary.AppendUvarint(b.buf, uint64(v))
}

func (b *pb) fixed32(field int, v uint32) {
	b.tag(field, wire32)
	b.buf = binary.LittleEndian.AppendUint32(b.buf, v)
}

func (b *pb) bytes(field int, v []byte) {
	b.tag(field, wireLen)
	b.buf = binary.AppendUvarint(b.buf, uint64(len(v)))
	b.buf = append(b.buf, v...)
}

func (b *pb) str(field int, s string) {
	b.tag(field, wireLen)
	b.buf = binary.AppendUvarint(b.buf, uint64(len(s)))
	b.buf = append(b.buf, s...)
}

// msg writes an embedded message encoded by body.
func (b *pb) msg(field int, body func(*pb)) {
	var inner pb
	body(&inner)
	b.bytes(field, inner.buf)
}
