package npy

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/octet-ml/octet/tensor"
)

// hdr returns the magic, version and length prefix for a header dict of the
// given format version, followed by the dict.
func hdr(major byte, dict string) string {
	b := []byte("\x93NUMPY")
	b = append(b, major, 0)
	if major == 1 {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(dict)))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(dict)))
	}
	return string(b) + dict
}

func checkEqual(t *testing.T, name string, got, want *tensor.Tensor) {
	t.Helper()
	if got.DType != want.DType || !got.Shape.Equal(want.Shape) || !bytes.Equal(got.Data, want.Data) {
		t.Errorf("%s: got %v%v, want %v%v (or data differs)", name, got.DType, got.Shape, want.DType, want.Shape)
	}
	if len(got.Data) > 0 && uintptr(unsafe.Pointer(&got.Data[0]))%tensor.Alignment != 0 {
		t.Errorf("%s: data is not %d-byte aligned", name, tensor.Alignment)
	}
}

func randomTensor(r *rand.Rand, dt tensor.DType, shape tensor.Shape) *tensor.Tensor {
	x := tensor.New(dt, shape)
	for i := range x.Data {
		x.Data[i] = byte(r.Uint32())
	}
	if dt == tensor.Bool {
		for i := range x.Data {
			x.Data[i] &= 1
		}
	}
	return x
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	shapes := []tensor.Shape{{}, {0}, {1}, {7}, {2, 3}, {2, 0, 4}, {1, 4, 4, 3}}
	for dt := range descrs {
		for _, s := range shapes {
			want := randomTensor(r, dt, s)
			var b bytes.Buffer
			if err := Write(&b, want); err != nil {
				t.Fatalf("%v%v: %v", dt, s, err)
			}
			hlen := b.Len() - len(want.Data)
			if hlen%64 != 0 || b.Bytes()[hlen-1] != '\n' {
				t.Errorf("%v%v: data starts at %d; want a multiple of 64 after '\\n'", dt, s, hlen)
			}
			got, err := Read(&b)
			if err != nil {
				t.Fatalf("%v%v: %v", dt, s, err)
			}
			checkEqual(t, dt.String()+s.String(), got, want)
			if b.Len() != 0 {
				t.Errorf("%v%v: %d bytes left unread", dt, s, b.Len())
			}
		}
	}
}

// TestStream reads arrays back to back from a reader that hides its length,
// including one larger than the read chunk, so storage has to grow.
func TestStream(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	want := []*tensor.Tensor{
		randomTensor(r, tensor.Int8, tensor.Shape{3*chunk + 5}),
		randomTensor(r, tensor.Float32, tensor.Shape{2, 2}),
		randomTensor(r, tensor.Int32, tensor.Shape{}),
	}
	var b bytes.Buffer
	for _, x := range want {
		if err := Write(&b, x); err != nil {
			t.Fatal(err)
		}
	}
	src := struct{ io.Reader }{&b} // no Len method
	for i, w := range want {
		got, err := Read(src)
		if err != nil {
			t.Fatalf("array %d: %v", i, err)
		}
		checkEqual(t, w.String(), got, w)
	}
	if _, err := Read(src); err == nil {
		t.Error("read past the last array")
	}
}

func TestFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.npy")
	want := randomTensor(rand.New(rand.NewPCG(5, 6)), tensor.Float32, tensor.Shape{1, 8, 8, 3})
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "file", got, want)
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.npy")); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
	if err := WriteFile(filepath.Join(t.TempDir(), "no", "dir.npy"), want); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
}

// TestVersion2 writes a header longer than 65535 bytes, which needs format
// version 2.0 and its 4-byte header length.
func TestVersion2(t *testing.T) {
	shape := make(tensor.Shape, 30000)
	for i := range shape {
		shape[i] = 1
	}
	want := tensor.New(tensor.Float32, shape)
	want.F32()[0] = 42
	var b bytes.Buffer
	if err := Write(&b, want); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	if raw[6] != 2 || raw[7] != 0 {
		t.Fatalf("version %d.%d, want 2.0", raw[6], raw[7])
	}
	hlen := int(binary.LittleEndian.Uint32(raw[8:12]))
	if (12+hlen)%64 != 0 || 12+hlen+4 != len(raw) {
		t.Errorf("header length %d: data at %d of %d bytes", hlen, 12+hlen, len(raw))
	}
	got, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "v2", got, want)
}

func TestReadErrors(t *testing.T) {
	f4 := func(shape string) string {
		return hdr(1, "{'descr': '<f4', 'fortran_order': False, 'shape': "+shape+", }\n")
	}
	cases := []struct{ name, file, msg string }{
		{"empty", "", "magic"},
		{"short magic", "\x93NUMP", "magic"},
		{"bad magic", "PK\x03\x04\x00\x00\x00\x00\x00\x00", "bad magic"},
		{"version 4", "\x93NUMPY\x04\x00\x10\x00", "version 4.0"},
		{"no header length", "\x93NUMPY\x01\x00\x10", "header length"},
		{"short header", "\x93NUMPY\x01\x00\x10\x00{'descr'", "header"},
		{"huge v2 header", "\x93NUMPY\x02\x00\xff\xff\xff\xff", "too large"},
		{"not a dict", hdr(1, "['descr']\n"), "expected '{'"},
		{"missing key", hdr(1, "{'descr': '<f4', 'shape': (1,)}\n"), "missing key"},
		{"extra key", hdr(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}\n"), "unexpected key"},
		{"duplicate key", hdr(1, "{'descr': '<f4', 'descr': '<f4'}\n"), "duplicate"},
		{"no comma", hdr(1, "{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}\n"), "expected ','"},
		{"trailing junk", hdr(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x\n"), "trailing"},
		{"unterminated", hdr(1, "{'descr: '<f4'}"), ""},
		{"big-endian", hdr(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,)}\n"), "big-endian"},
		{"fortran", hdr(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3)}\n"), "fortran"},
		{"fortran not bool", hdr(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}\n"), "True or False"},
		{"object", hdr(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,)}\n"), "object"},
		{"float64", hdr(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}\n"), "unsupported descr"},
		{"unicode", hdr(1, "{'descr': '<U10', 'fortran_order': False, 'shape': (1,)}\n"), "unsupported descr"},
		{"structured", hdr(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}\n"), "structured"},
		{"int not tuple", f4("(5)"), "not a tuple"},
		{"list shape", f4("[5]"), "tuple"},
		{"negative dim", f4("(-1,)"), "non-negative"},
		{"empty dim", f4("(1,,2)"), "non-negative"},
		{"missing comma", f4("(1 2)"), "expected ','"},
		{"float dim", f4("(1.5,)"), "expected ','"},
		{"huge dim", f4("(99999999999999999999,)"), "too large"},
		{"overflow", f4("(65536, 65536)"), "too many elements"},
		{"truncated data", f4("(4,)") + "\x00\x00\x80\x3f\x00", "truncated"},
		{"no data", f4("(2, 3)"), "truncated"},
	}
	for _, c := range cases {
		for _, hide := range []bool{false, true} {
			var r io.Reader = strings.NewReader(c.file)
			if hide {
				r = struct{ io.Reader }{r}
			}
			got, err := Read(r)
			if err == nil {
				t.Errorf("%s: read %v, want an error", c.name, got)
				continue
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, c.msg)
			}
		}
	}
}

// TestLyingHeader checks that a header announcing a gigabyte of data does
// not make Read allocate it before the stream runs dry.
func TestLyingHeader(t *testing.T) {
	file := hdr(1, "{'descr': '|i1', 'fortran_order': False, 'shape': (1073741824,)}\n") + "abc"
	for _, hide := range []bool{false, true} {
		var r io.Reader = strings.NewReader(file)
		if hide {
			r = struct{ io.Reader }{r}
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Read(r)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("hidden length %v: error %v, want truncated", hide, err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 4*chunk {
			t.Errorf("hidden length %v: allocated %d bytes for a 3-byte body", hide, n)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	cases := []struct {
		name string
		t    *tensor.Tensor
	}{
		{"invalid dtype", &tensor.Tensor{DType: tensor.Invalid, Shape: tensor.Shape{1}, Data: []byte{0}}},
		{"unknown dtype", &tensor.Tensor{DType: tensor.DType(200), Shape: tensor.Shape{1}, Data: []byte{0}}},
		{"short data", &tensor.Tensor{DType: tensor.Float32, Shape: tensor.Shape{2}, Data: make([]byte, 7)}},
		{"unallocated", &tensor.Tensor{DType: tensor.Float32, Shape: tensor.Shape{2}}},
		{"negative dim", &tensor.Tensor{DType: tensor.Int8, Shape: tensor.Shape{-1}}},
	}
	for _, c := range cases {
		var b bytes.Buffer
		if err := Write(&b, c.t); err == nil {
			t.Errorf("%s: Write succeeded", c.name)
		}
	}
}
