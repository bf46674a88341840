package tensor

import (
	"testing"
	"unsafe"
)

func uintptrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(&b[0])) }

func TestShape(t *testing.T) {
	s := Shape{1, 4, 5, 3}
	if s.NumElements() != 60 {
		t.Errorf("NumElements = %d", s.NumElements())
	}
	if got := s.Strides(); !Shape(got).Equal(Shape{60, 15, 3, 1}) {
		t.Errorf("Strides = %v", got)
	}
	if (Shape{}).NumElements() != 1 {
		t.Error("scalar must have 1 element")
	}
	if (Shape{2, -1}).NumElements() != -1 || (Shape{1 << 20, 1 << 20}).NumElements() != -1 {
		t.Error("negative or overflowing shapes must give -1")
	}
	if s.Dim(-1) != 3 || s.Dim(0) != 1 || s.Dim(9) != 0 {
		t.Error("Dim")
	}
	if s.String() != "[1 4 5 3]" {
		t.Errorf("String = %q", s.String())
	}
}

func TestViews(t *testing.T) {
	x := FromF32(Shape{2, 2}, []float32{1, -2, 3.5, 0})
	if x.ByteSize() != 16 || len(x.Data) != 16 {
		t.Fatalf("ByteSize %d", x.ByteSize())
	}
	v := x.F32()
	v[3] = 7
	if x.F32()[3] != 7 || x.F32()[2] != 3.5 {
		t.Fatal("F32 view does not alias Data")
	}
	// Little-endian bytes of 1.0f are 00 00 80 3f.
	if x.Data[2] != 0x80 || x.Data[3] != 0x3f {
		t.Errorf("bytes of 1.0: % x", x.Data[:4])
	}
	y := New(Int16, Shape{3})
	y.I16()[1] = -2
	if y.Data[2] != 0xfe || y.Data[3] != 0xff {
		t.Errorf("int16 -2 bytes % x", y.Data[2:4])
	}
}

func TestQuantizationParams(t *testing.T) {
	q := &Quantization{Scale: []float32{0.5}, ZeroPoint: []int64{-3}}
	if s, z := q.Params(7); s != 0.5 || z != -3 {
		t.Errorf("per-tensor Params = %v %v", s, z)
	}
	pa := &Quantization{Scale: []float32{1, 2, 3}, ZeroPoint: []int64{0, 0, 0}, Axis: 3}
	if !pa.PerAxis() || q.PerAxis() {
		t.Error("PerAxis")
	}
	if s, _ := pa.Params(2); s != 3 {
		t.Errorf("per-axis Params(2) scale %v", s)
	}
	c := pa.Clone()
	c.Scale[0] = 9
	if pa.Scale[0] != 1 {
		t.Error("Clone shares storage")
	}
}

func TestDType(t *testing.T) {
	for _, c := range []struct {
		d    DType
		size int
		name string
	}{{Float32, 4, "float32"}, {Float16, 2, "float16"}, {Int8, 1, "int8"}, {Uint8, 1, "uint8"},
		{Int16, 2, "int16"}, {Int32, 4, "int32"}, {Int64, 8, "int64"}, {Bool, 1, "bool"}} {
		if c.d.Size() != c.size || c.d.String() != c.name || !c.d.Valid() {
			t.Errorf("%v: size %d name %q", c.d, c.d.Size(), c.d.String())
		}
	}
	if Invalid.Valid() || DType(200).Valid() || DType(200).Size() != 0 {
		t.Error("invalid dtypes")
	}
}
