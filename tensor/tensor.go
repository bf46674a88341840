package tensor

import (
	"fmt"
	"unsafe"
)

// Tensor is a typed, shaped view over bytes. Data holds exactly
// Shape.NumElements()*DType.Size() bytes once the tensor is allocated; before
// that (during Prepare) it may be nil.
type Tensor struct {
	Name  string
	DType DType
	Shape Shape
	Quant *Quantization // nil when not quantized
	Data  []byte
	// Const marks read-only data that comes with the model. Kernels may
	// pre-process constant inputs in Prepare.
	Const bool
}

// New returns a tensor with freshly allocated, 64-byte aligned storage.
func New(dt DType, shape Shape) *Tensor {
	t := &Tensor{DType: dt, Shape: shape.Clone()}
	t.Data = AlignedBytes(t.ByteSize())
	return t
}

// FromF32 returns a float32 tensor holding a copy of v with the given shape.
func FromF32(shape Shape, v []float32) *Tensor {
	t := New(Float32, shape)
	if len(v) != shape.NumElements() {
		panic(fmt.Sprintf("tensor.FromF32: %d values for shape %v", len(v), shape))
	}
	copy(t.F32(), v)
	return t
}

// ByteSize returns the number of bytes the tensor's elements occupy, or -1
// for an invalid shape.
func (t *Tensor) ByteSize() int {
	n := t.Shape.NumElements()
	if n < 0 {
		return -1
	}
	return n * t.DType.Size()
}

// NumElements returns the number of elements.
func (t *Tensor) NumElements() int { return t.Shape.NumElements() }

// String describes the tensor as name:dtype[shape].
func (t *Tensor) String() string { return fmt.Sprintf("%s:%v%v", t.Name, t.DType, t.Shape) }

func view[T any](b []byte, size int) []T {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/size)
}

// F32 views Data as float32s. It does not check DType.
func (t *Tensor) F32() []float32 { return view[float32](t.Data, 4) }

// F16 views Data as raw binary16 bits.
func (t *Tensor) F16() []uint16 { return view[uint16](t.Data, 2) }

// I8 views Data as int8s.
func (t *Tensor) I8() []int8 { return view[int8](t.Data, 1) }

// U8 views Data as uint8s.
func (t *Tensor) U8() []uint8 { return t.Data }

// I16 views Data as int16s.
func (t *Tensor) I16() []int16 { return view[int16](t.Data, 2) }

// I32 views Data as int32s.
func (t *Tensor) I32() []int32 { return view[int32](t.Data, 4) }

// I64 views Data as int64s.
func (t *Tensor) I64() []int64 { return view[int64](t.Data, 8) }

// Bool views Data as bools (one byte each, 0 or 1).
func (t *Tensor) Bool() []bool { return view[bool](t.Data, 1) }

// Alignment is the byte alignment of storage from AlignedBytes and of every
// offset the arena planner assigns.
const Alignment = 64

// AlignedBytes returns n zeroed bytes whose first byte is Alignment-aligned,
// so that typed views over them are aligned.
func AlignedBytes(n int) []byte {
	if n <= 0 {
		return []byte{}
	}
	words := make([]uint64, (n+Alignment)/8+1)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := int(-uintptr(unsafe.Pointer(&b[0])) & (Alignment - 1))
	return b[off : off+n : off+n]
}
