package tflite

import (
	"errors"
	"fmt"
	"math"

	flatbuffers "github.com/google/flatbuffers/go"
)

// This file is the only place that follows flatbuffer offsets. Every position is
// checked against the buffer before the flatbuffers runtime's decoding
// functions (which panic on short slices) read it. Positions are int64 so
// that files beyond 4 GiB (offset/size buffers) are addressed correctly.

// maxElems caps the length of any vector of tables (tensors, operators,
// buffers, ...) in one parent.
const maxElems = 1 << 20

// errBudget reports a file whose decoded size exceeds what its byte size
// allows: it must reuse the same bytes many times over.
var errBudget = errors.New("file decodes to far more data than it holds (overlapping or shared objects)")

// fbuf is a flatbuffer being decoded.
type fbuf struct {
	b []byte
	// budget is the number of bytes of tables, vectors and strings still
	// allowed to be decoded. A flatbuffer built without sharing decodes each
	// byte at most once, so a small multiple of the file size is generous
	// and keeps crafted files with heavily shared objects from blowing up
	// memory.
	budget int64
}

func newFbuf(b []byte) *fbuf {
	return &fbuf{b: b, budget: 4*int64(len(b)) + 4096}
}

// charge takes n bytes from the decode budget.
func (f *fbuf) charge(n int64) error {
	if n > f.budget {
		return errBudget
	}
	f.budget -= n
	return nil
}

// has reports whether [pos, pos+n) lies within the buffer.
func (f *fbuf) has(pos, n int64) bool {
	return pos >= 0 && n >= 0 && pos <= int64(len(f.b)) && n <= int64(len(f.b))-pos
}

func (f *fbuf) u16(pos int64) uint16 { return flatbuffers.GetUint16(f.b[pos:]) }
func (f *fbuf) u32(pos int64) uint32 { return flatbuffers.GetUint32(f.b[pos:]) }

// table is a bounds-checked flatbuffer table.
type table struct {
	f     *fbuf
	pos   int64 // absolute position of the table
	vt    int64 // absolute position of the vtable
	vtLen int64 // vtable size in bytes
	size  int64 // inline object size in bytes
}

// tableAt checks the table starting at pos and its vtable.
func (f *fbuf) tableAt(pos int64) (table, error) {
	if !f.has(pos, 4) {
		return table{}, fmt.Errorf("table at %d out of bounds", pos)
	}
	vt := pos - int64(int32(f.u32(pos)))
	if !f.has(vt, 4) {
		return table{}, fmt.Errorf("vtable of table at %d out of bounds", pos)
	}
	vtLen, size := int64(f.u16(vt)), int64(f.u16(vt+2))
	if vtLen < 4 || vtLen%2 != 0 || !f.has(vt, vtLen) {
		return table{}, fmt.Errorf("bad vtable of table at %d", pos)
	}
	if size < 4 || !f.has(pos, size) {
		return table{}, fmt.Errorf("table at %d overruns the file", pos)
	}
	if err := f.charge(size); err != nil {
		return table{}, err
	}
	return table{f: f, pos: pos, vt: vt, vtLen: vtLen, size: size}, nil
}

// root returns the root table of the buffer.
func (f *fbuf) root() (table, error) {
	if len(f.b) < 8 {
		return table{}, fmt.Errorf("file too short (%d bytes)", len(f.b))
	}
	return f.tableAt(int64(f.u32(0)))
}

// field returns the absolute position of field id, which occupies n bytes,
// or false when the field is absent.
func (t table) field(id int, n int64) (int64, bool, error) {
	slot := 4 + 2*int64(id)
	if slot+2 > t.vtLen {
		return 0, false, nil
	}
	off := int64(t.f.u16(t.vt + slot))
	if off == 0 {
		return 0, false, nil
	}
	if off+n > t.size {
		return 0, false, fmt.Errorf("field %d overruns its table", id)
	}
	return t.pos + off, true, nil
}

// uoff returns the position that field id (a uoffset) points at.
func (t table) uoff(id int) (int64, bool, error) {
	pos, ok, err := t.field(id, 4)
	if !ok || err != nil {
		return 0, ok, err
	}
	target := pos + int64(t.f.u32(pos))
	if target >= int64(len(t.f.b)) {
		return 0, false, fmt.Errorf("field %d points outside the file", id)
	}
	return target, true, nil
}

func (t table) int8(id int, def int8) (int8, error) {
	pos, ok, err := t.field(id, 1)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetInt8(t.f.b[pos:]), nil
}

func (t table) uint8(id int, def uint8) (uint8, error) {
	pos, ok, err := t.field(id, 1)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetUint8(t.f.b[pos:]), nil
}

func (t table) bool(id int, def bool) (bool, error) {
	pos, ok, err := t.field(id, 1)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetBool(t.f.b[pos:]), nil
}

func (t table) int32(id int, def int32) (int32, error) {
	pos, ok, err := t.field(id, 4)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetInt32(t.f.b[pos:]), nil
}

func (t table) uint32(id int, def uint32) (uint32, error) {
	pos, ok, err := t.field(id, 4)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetUint32(t.f.b[pos:]), nil
}

func (t table) int64(id int, def int64) (int64, error) {
	pos, ok, err := t.field(id, 8)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetInt64(t.f.b[pos:]), nil
}

func (t table) uint64(id int, def uint64) (uint64, error) {
	pos, ok, err := t.field(id, 8)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetUint64(t.f.b[pos:]), nil
}

func (t table) float32(id int, def float32) (float32, error) {
	pos, ok, err := t.field(id, 4)
	if !ok || err != nil {
		return def, err
	}
	return flatbuffers.GetFloat32(t.f.b[pos:]), nil
}

// vec is a bounds-checked vector: n elements of elemSize bytes at start.
type vec struct {
	f        *fbuf
	start    int64
	n        int
	elemSize int64
}

// vector returns the vector in field id, with elements of elemSize bytes.
// An absent field yields an empty vector.
func (t table) vector(id int, elemSize int64) (vec, error) {
	v, _, err := t.vectorOK(id, elemSize)
	return v, err
}

// vectorOK is vector that also reports whether the field is present.
func (t table) vectorOK(id int, elemSize int64) (vec, bool, error) {
	target, ok, err := t.uoff(id)
	if !ok || err != nil {
		return vec{f: t.f, elemSize: elemSize}, false, err
	}
	if !t.f.has(target, 4) {
		return vec{}, false, fmt.Errorf("field %d: vector length out of bounds", id)
	}
	n := int64(t.f.u32(target))
	start := target + 4
	if n > (int64(len(t.f.b))-start)/elemSize {
		return vec{}, false, fmt.Errorf("field %d: vector of %d elements overruns the file", id, n)
	}
	if err := t.f.charge(4 + n*elemSize); err != nil {
		return vec{}, false, err
	}
	return vec{f: t.f, start: start, n: int(n), elemSize: elemSize}, true, nil
}

func (v vec) at(i int) int64 { return v.start + int64(i)*v.elemSize }

// bytes returns the raw bytes of a byte vector (a slice of the file).
func (v vec) bytes() []byte {
	if v.n == 0 {
		return nil
	}
	return v.f.b[v.start : v.start+int64(v.n) : v.start+int64(v.n)]
}

// table returns element i of a vector of tables.
func (v vec) table(i int) (table, error) {
	pos := v.at(i)
	return v.f.tableAt(pos + int64(v.f.u32(pos)))
}

// tables checks the length of a vector of tables against maxElems.
func (t table) tables(id int, what string) (vec, error) {
	v, err := t.vector(id, 4)
	if err != nil {
		return vec{}, fmt.Errorf("%s: %w", what, err)
	}
	if v.n > maxElems {
		return vec{}, fmt.Errorf("%s: %d entries exceed the limit of %d", what, v.n, maxElems)
	}
	return v, nil
}

func (t table) int32s(id int) ([]int32, error) {
	v, ok, err := t.vectorOK(id, 4)
	if err != nil || !ok {
		return nil, err
	}
	out := make([]int32, v.n)
	for i := range out {
		out[i] = flatbuffers.GetInt32(v.f.b[v.at(i):])
	}
	return out, nil
}

func (t table) int64s(id int) ([]int64, error) {
	v, ok, err := t.vectorOK(id, 8)
	if err != nil || !ok {
		return nil, err
	}
	out := make([]int64, v.n)
	for i := range out {
		out[i] = flatbuffers.GetInt64(v.f.b[v.at(i):])
	}
	return out, nil
}

func (t table) float32s(id int) ([]float32, error) {
	v, ok, err := t.vectorOK(id, 4)
	if err != nil || !ok {
		return nil, err
	}
	out := make([]float32, v.n)
	for i := range out {
		out[i] = math.Float32frombits(flatbuffers.GetUint32(v.f.b[v.at(i):]))
	}
	return out, nil
}

// byteVector returns a copy of the byte vector in field id (nil if absent
// or empty).
func (t table) byteVector(id int) ([]byte, error) {
	v, err := t.vector(id, 1)
	if err != nil || v.n == 0 {
		return nil, err
	}
	return append([]byte(nil), v.bytes()...), nil
}

// string returns the string in field id ("" if absent).
func (t table) string(id int) (string, error) {
	v, err := t.vector(id, 1)
	if err != nil {
		return "", err
	}
	return string(v.bytes()), nil
}

// subtable returns the table in field id.
func (t table) subtable(id int) (table, bool, error) {
	target, ok, err := t.uoff(id)
	if !ok || err != nil {
		return table{}, false, err
	}
	sub, err := t.f.tableAt(target)
	if err != nil {
		return table{}, false, fmt.Errorf("field %d: %w", id, err)
	}
	return sub, true, nil
}
