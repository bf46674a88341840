package npy

import (
	"bytes"
	"testing"
)

// FuzzRead checks that Read never panics, and that whatever it accepts is a
// consistent tensor that survives a Write/Read round trip.
func FuzzRead(f *testing.F) {
	for _, g := range []string{goldenF32, goldenI8, goldenU8Scalar, goldenI32Col, goldenF16} {
		f.Add([]byte(g))
	}
	f.Add([]byte(hdr(3, "{'shape': (2L,1,), 'fortran_order': True, 'descr': \"|b1\"}\n\x01\x00")))
	f.Add([]byte(hdr(2, "{'descr': '<i8', 'fortran_order': False, 'shape': ()}\x01\x02\x03\x04\x05\x06\x07\x08")))
	f.Add([]byte(hdr(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 65536, 65536), }\n")))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		if x.ByteSize() != len(x.Data) {
			t.Fatalf("%v: %d bytes of data, want %d", x, len(x.Data), x.ByteSize())
		}
		var b bytes.Buffer
		if err := Write(&b, x); err != nil {
			t.Fatalf("Write of an accepted tensor %v: %v", x, err)
		}
		y, err := Read(&b)
		if err != nil {
			t.Fatalf("re-Read: %v", err)
		}
		checkEqual(t, "round trip", y, x)
	})
}
