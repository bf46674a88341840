package tflite

import (
	"encoding/binary"
	"strings"
	"testing"

	flatbuffers "github.com/google/flatbuffers/go"
)

// tinyModel lays out a root table by hand:
//
//	0:  uint32 root offset = 16
//	4:  "TFL3"
//	8:  vtable: uint16 vtable size, uint16 object size, uint16 offset of
//	    field 0 (version), uint16 offset of field 1 (operator_codes)
//	16: table: int32 soffset to the vtable (16-8 = 8), uint32 version = 3,
//	    uint32 operator_codes offset (relative to its own position 24)
//	28: vector: uint32 length, then elements
func tinyModel(vtSize, objSize, verOff, codesOff uint16, soff int32, codesTarget, vecLen uint32) []byte {
	b := make([]byte, 36)
	le := binary.LittleEndian
	le.PutUint32(b[0:], 16)
	copy(b[4:], "TFL3")
	le.PutUint16(b[8:], vtSize)
	le.PutUint16(b[10:], objSize)
	le.PutUint16(b[12:], verOff)
	le.PutUint16(b[14:], codesOff)
	le.PutUint32(b[16:], uint32(soff))
	le.PutUint32(b[20:], 3)
	le.PutUint32(b[24:], codesTarget)
	le.PutUint32(b[28:], vecLen)
	return b
}

func TestBoundsHandMadeTables(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		// Valid structure: version 3, an empty operator_codes vector, but no
		// subgraph, which validation rejects.
		{"valid layout", tinyModel(8, 12, 4, 8, 8, 4, 0), "model has no subgraph"},
		{"empty", nil, "file too short (0 bytes)"},
		{"short", []byte{4, 0, 0, 0, 'T', 'F', 'L'}, "file too short (7 bytes)"},
		{"identifier", append([]byte{8, 0, 0, 0}, "TFL2...."...), `file identifier "TFL2", want "TFL3"`},
		{"root past end", func() []byte { b := tinyModel(8, 12, 4, 8, 8, 4, 0); b[0] = 200; return b }(), "table at 200 out of bounds"},
		{"root at end", func() []byte { b := tinyModel(8, 12, 4, 8, 8, 4, 0); b[0] = 34; return b }(), "table at 34 out of bounds"},
		{"vtable before start", tinyModel(8, 12, 4, 8, 100, 4, 0), "vtable of table at 16 out of bounds"},
		{"vtable after end", tinyModel(8, 12, 4, 8, -100, 4, 0), "vtable of table at 16 out of bounds"},
		{"vtable size odd", tinyModel(7, 12, 4, 8, 8, 4, 0), "bad vtable"},
		{"vtable size too small", tinyModel(2, 12, 4, 8, 8, 4, 0), "bad vtable"},
		{"vtable past end", tinyModel(60, 12, 4, 8, 8, 4, 0), "bad vtable"},
		{"object past end", tinyModel(8, 40, 4, 8, 8, 4, 0), "table at 16 overruns the file"},
		{"object too small", tinyModel(8, 2, 4, 8, 8, 4, 0), "table at 16 overruns the file"},
		{"field past object", tinyModel(8, 12, 10, 8, 8, 4, 0), "model version: field 0 overruns its table"},
		{"offset field past object", tinyModel(8, 12, 4, 10, 8, 4, 0), "operator codes: field 1 overruns its table"},
		{"offset out of file", tinyModel(8, 12, 4, 8, 8, 1000, 0), "operator codes: field 1 points outside the file"},
		{"vector length out of file", tinyModel(8, 12, 4, 8, 8, 10, 0), "operator codes: field 1: vector length out of bounds"},
		{"vector too long", tinyModel(8, 12, 4, 8, 8, 4, 2), "operator codes: field 1: vector of 2 elements overruns the file"},
		{"vector length huge", tinyModel(8, 12, 4, 8, 8, 4, 0xffffffff), "vector of 4294967295 elements overruns the file"},
		{"version absent", tinyModel(8, 12, 0, 8, 8, 4, 0), "schema version 0, want 3"},
		// A vtable of 6 bytes has no slot for field 1: it reads as absent.
		{"short vtable", tinyModel(6, 12, 4, 8, 8, 4, 0), "model has no subgraph"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.data)
			if !containsErr(err, tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestBoundsTruncatedAndFlipped feeds every prefix of a valid model and every
// single-byte corruption of it to Parse: all must fail or succeed cleanly,
// with the panic guard switched off.
func TestBoundsTruncatedAndFlipped(t *testing.T) {
	defer func(old bool) { recoverPanics = old }(recoverPanics)
	recoverPanics = false

	good := encodeExternal(richModel())
	for n := 0; n < len(good); n++ {
		if _, err := Parse(good[:n]); err == nil && n < len(good)-16 {
			t.Errorf("prefix of %d bytes parsed", n)
		}
	}
	buf := make([]byte, len(good))
	for i := range good {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			copy(buf, good)
			buf[i] ^= x
			m, err := Parse(buf)
			if err == nil {
				if _, err := m.Encode(); err != nil {
					t.Fatalf("byte %d ^ %#x: parsed but Encode failed: %v", i, x, err)
				}
			}
		}
	}
}

// TestBoundsSharedObjects checks the decode budget: a vector whose entries
// all point at one big tensor would decode to far more than the file holds.
func TestBoundsSharedObjects(t *testing.T) {
	b := flatbuffers.NewBuilder(0)
	shape := createInt32s(b, make([]int32, 4000))
	b.StartObject(8)
	b.PrependUOffsetTSlot(tensorShape, shape, 0)
	tensor := b.EndObject()
	offs := make([]flatbuffers.UOffsetT, 5000)
	for i := range offs {
		offs[i] = tensor
	}
	tensors := b.CreateVectorOfTables(offs)
	b.StartObject(5)
	b.PrependUOffsetTSlot(subgraphTensors, tensors, 0)
	sg := b.EndObject()
	sgs := b.CreateVectorOfTables([]flatbuffers.UOffsetT{sg})
	b.StartObject(8)
	b.PrependUint32Slot(modelVersion, 3, 0)
	b.PrependUOffsetTSlot(modelSubgraphs, sgs, 0)
	b.FinishWithFileIdentifier(b.EndObject(), []byte("TFL3"))
	data := b.FinishedBytes()
	if len(data) > 40000 {
		t.Fatalf("test file is %d bytes", len(data))
	}
	// Unshared, this would be 5000 tensors of 16000-byte shapes: 80 MB.
	_, err := Parse(data)
	if !containsErr(err, "decodes to far more data than it holds") {
		t.Errorf("error %v", err)
	}
}

func TestBoundsVectorLimit(t *testing.T) {
	// A subgraph with maxElems+1 tensor offsets (all the same table): the
	// count limit trips before any tensor is decoded.
	b := flatbuffers.NewBuilder(4*maxElems + 1024)
	b.StartObject(8)
	tensor := b.EndObject()
	offs := make([]flatbuffers.UOffsetT, maxElems+1)
	for i := range offs {
		offs[i] = tensor
	}
	tensors := b.CreateVectorOfTables(offs)
	b.StartObject(5)
	b.PrependUOffsetTSlot(subgraphTensors, tensors, 0)
	sg := b.EndObject()
	sgs := b.CreateVectorOfTables([]flatbuffers.UOffsetT{sg})
	b.StartObject(8)
	b.PrependUint32Slot(modelVersion, 3, 0)
	b.PrependUOffsetTSlot(modelSubgraphs, sgs, 0)
	b.FinishWithFileIdentifier(b.EndObject(), []byte("TFL3"))
	_, err := Parse(b.FinishedBytes())
	if !containsErr(err, "tensors: 1048577 entries exceed the limit of 1048576") {
		t.Errorf("error %v", err)
	}
}

func TestParseRecoversPanics(t *testing.T) {
	// Force a panic inside decoding through a nil fbuf to check the guard
	// converts it into an error.
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic escaped: %v", r)
			}
		}()
		_, err = parseWith(func([]byte) (*Model, error) { var f *fbuf; _ = f.b; return nil, nil }, nil)
		return err
	}()
	if err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("error %v", err)
	}
}
