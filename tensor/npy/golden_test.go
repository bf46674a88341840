package npy

import (
	"bytes"
	"strings"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// The golden files below are built by hand from the format description in
// numpy/lib/format.py (NEP 1): the magic "\x93NUMPY", the major and minor
// version bytes, the header length (uint16 LE for 1.0, uint32 LE for 2.0 and
// 3.0), and the header: a Python dict literal with sorted keys. NumPy >= 1.24
// appends 21-len(str(shape[0])) spaces to the dict (room to grow the first
// axis in place; none for scalars), then pads with spaces and one '\n' so
// that magic+version+length+header is a multiple of 64 bytes.

// goldenF32 is np.save of np.array([[0, 1, 2], [3, 4, 5]], dtype='<f4').
//
// dict "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" is 59
// bytes; growth padding 21-1 = 20; with '\n' 80; 10+80 = 90, so alignment
// padding is 128-90 = 38: header length 80+38 = 118 = 0x76, data at 128.
var goldenF32 = "\x93NUMPY\x01\x00\x76\x00" +
	"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" +
	strings.Repeat(" ", 20+38) + "\n" +
	"\x00\x00\x00\x00" + "\x00\x00\x80\x3f" + "\x00\x00\x00\x40" +
	"\x00\x00\x40\x40" + "\x00\x00\x80\x40" + "\x00\x00\xa0\x40"

// goldenI8 is np.save of np.array([-128, -1, 0, 1, 127], dtype='i1').
//
// dict is 57 bytes; growth 20; '\n' 1: 78; 10+78 = 88; padding 40; header
// length 118.
var goldenI8 = "\x93NUMPY\x01\x00\x76\x00" +
	"{'descr': '|i1', 'fortran_order': False, 'shape': (5,), }" +
	strings.Repeat(" ", 20+40) + "\n" +
	"\x80\xff\x00\x01\x7f"

// goldenU8Scalar is np.save of np.uint8(200) (a 0-d array).
//
// dict is 55 bytes; no growth padding for shape (); '\n' 1: 56; 10+56 = 66;
// padding 62; header length 118.
var goldenU8Scalar = "\x93NUMPY\x01\x00\x76\x00" +
	"{'descr': '|u1', 'fortran_order': False, 'shape': (), }" +
	strings.Repeat(" ", 62) + "\n" +
	"\xc8"

// goldenI32Col is np.save of np.arange(10, dtype='<i4').reshape(10, 1): a
// first dimension with two digits shortens the growth padding. dict
// "{'descr': '<i4', 'fortran_order': False, 'shape': (10, 1), }" is 60
// bytes; growth 21-2 = 19: 79; '\n': 80; 10+80 = 90; padding 38; header
// length 118.
var goldenI32Col = "\x93NUMPY\x01\x00\x76\x00" +
	"{'descr': '<i4', 'fortran_order': False, 'shape': (10, 1), }" +
	strings.Repeat(" ", 19+38) + "\n" +
	"\x00\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00" +
	"\x04\x00\x00\x00\x05\x00\x00\x00\x06\x00\x00\x00\x07\x00\x00\x00" +
	"\x08\x00\x00\x00\x09\x00\x00\x00"

// goldenF16 is np.save of np.array([1, -2, 0.5], dtype='<f2').
// dict 57 bytes (like goldenI8); header length 118.
var goldenF16 = "\x93NUMPY\x01\x00\x76\x00" +
	"{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }" +
	strings.Repeat(" ", 20+40) + "\n" +
	"\x00\x3c" + "\x00\xc0" + "\x00\x38"

func TestGoldenLengths(t *testing.T) {
	for name, g := range map[string]string{"f32": goldenF32, "i8": goldenI8, "u8": goldenU8Scalar, "i32": goldenI32Col, "f16": goldenF16} {
		if i := strings.IndexByte(g, '\n'); i != 127 {
			t.Errorf("%s: header ends at %d, want 127 (hand arithmetic is off)", name, i)
		}
	}
}

func TestGoldenWrite(t *testing.T) {
	i32 := tensor.New(tensor.Int32, tensor.Shape{10, 1})
	for i := range i32.I32() {
		i32.I32()[i] = int32(i)
	}
	i8 := tensor.New(tensor.Int8, tensor.Shape{5})
	copy(i8.I8(), []int8{-128, -1, 0, 1, 127})
	u8 := tensor.New(tensor.Uint8, tensor.Shape{})
	u8.U8()[0] = 200
	f16 := tensor.New(tensor.Float16, tensor.Shape{3})
	for i, v := range []float32{1, -2, 0.5} {
		f16.F16()[i] = tensor.F32ToF16(v)
	}
	cases := []struct {
		name   string
		t      *tensor.Tensor
		golden string
	}{
		{"f32", tensor.FromF32(tensor.Shape{2, 3}, []float32{0, 1, 2, 3, 4, 5}), goldenF32},
		{"i8", i8, goldenI8},
		{"u8 scalar", u8, goldenU8Scalar},
		{"i32", i32, goldenI32Col},
		{"f16", f16, goldenF16},
	}
	for _, c := range cases {
		var b bytes.Buffer
		if err := Write(&b, c.t); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := b.String(); got != c.golden {
			t.Errorf("%s: wrote\n%q\nwant\n%q", c.name, got, c.golden)
		}
		back, err := Read(strings.NewReader(c.golden))
		if err != nil {
			t.Fatalf("%s: read golden: %v", c.name, err)
		}
		checkEqual(t, c.name, back, c.t)
	}
}

// TestReadHandWritten reads headers NumPy would accept but never writes:
// other key orders, no growth padding, no alignment, double quotes, Python 2
// longs, format versions 2.0 and 3.0, and the byte-order spellings of
// one-byte types.
func TestReadHandWritten(t *testing.T) {
	cases := []struct {
		name, file string
		dt         tensor.DType
		shape      tensor.Shape
		data       string
	}{
		{"v1 key order", hdr(1, "{'shape': (2,), 'fortran_order': False, 'descr': '<i2'}\n") + "\x01\x00\xff\xff",
			tensor.Int16, tensor.Shape{2}, "\x01\x00\xff\xff"},
		{"v2", hdr(2, "{'shape': (1, 1), 'descr': '<i8', 'fortran_order': False}\n") + "\x07\x00\x00\x00\x00\x00\x00\x00",
			tensor.Int64, tensor.Shape{1, 1}, "\x07\x00\x00\x00\x00\x00\x00\x00"},
		{"v3", hdr(3, `{"descr": "|b1", "fortran_order": True, "shape": (3,)}`+"\n") + "\x01\x00\x01",
			tensor.Bool, tensor.Shape{3}, "\x01\x00\x01"},
		{"py2 long, no padding", hdr(1, "{'descr':'i1','fortran_order':False,'shape':(2L,1L,)}") + "\x05\x06",
			tensor.Int8, tensor.Shape{2, 1}, "\x05\x06"},
		{"bool normalised", hdr(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,)}") + "\x00\x07",
			tensor.Bool, tensor.Shape{2}, "\x00\x01"},
		{"u1 with <", hdr(1, "{'descr': '<u1', 'fortran_order': False, 'shape': (1,)}") + "\x09",
			tensor.Uint8, tensor.Shape{1}, "\x09"},
		{"i1 with >", hdr(1, "{'descr': '>i1', 'fortran_order': False, 'shape': (1,)}") + "\x09",
			tensor.Int8, tensor.Shape{1}, "\x09"},
		{"zero size", hdr(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }\n"),
			tensor.Float32, tensor.Shape{0, 3}, ""},
	}
	for _, c := range cases {
		got, err := Read(strings.NewReader(c.file))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.DType != c.dt || !got.Shape.Equal(c.shape) || string(got.Data) != c.data {
			t.Errorf("%s: got %v%v %q, want %v%v %q", c.name, got.DType, got.Shape, got.Data, c.dt, c.shape, c.data)
		}
	}
}

// TestWrapHeaderFullPad checks NumPy's quirk: a header that would already
// end on a 64-byte boundary still gets 64 bytes of padding.
func TestWrapHeaderFullPad(t *testing.T) {
	dict := strings.Repeat("x", 53) // 10 + 53 + '\n' = 64
	got := wrapHeader(dict)
	if len(got) != 128 || got[8] != 118 || got[9] != 0 || got[127] != '\n' {
		t.Errorf("len %d, header length %d, last %q; want 128, 118, '\\n'", len(got), got[8], got[len(got)-1])
	}
}
