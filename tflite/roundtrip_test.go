package tflite

import (
	"bytes"
	"reflect"
	"testing"
	"unsafe"
)

func TestRoundTripRichModel(t *testing.T) {
	m := richModel()
	enc, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(enc[4:8]) != "TFL3" {
		t.Errorf("identifier %q", enc[4:8])
	}
	got, err := Parse(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("round trip differs\n got %+v\nwant %+v", got, m)
	}
	// Constant data is 16-byte aligned in the file.
	for i, b := range got.Buffers {
		if len(b.Data) == 0 {
			continue
		}
		off := uintptr(unsafe.Pointer(&b.Data[0])) - uintptr(unsafe.Pointer(&enc[0]))
		if off%16 != 0 {
			t.Errorf("buffer %d at file offset %d, not 16-byte aligned", i, off)
		}
	}
	// Encoding is deterministic and idempotent.
	enc2, err := got.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, enc2) {
		t.Error("re-encoding a parsed model changed the bytes")
	}
}

func TestEncodeDefaultsVersion(t *testing.T) {
	m := richModel()
	m.Version = 0
	enc, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(enc)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != SchemaVersion {
		t.Errorf("version %d", got.Version)
	}
	if m.Version != 0 {
		t.Error("Encode modified its receiver")
	}
}

func TestExternalBuffers(t *testing.T) {
	m := richModel()
	data := encodeExternal(m)
	got, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("offset/size buffers decoded differently\n got %+v\nwant %+v", got.Buffers, m.Buffers)
	}
	// The data must come from after the flatbuffer, where encodeExternal
	// put it.
	b := got.Buffers[1].Data
	off := uintptr(unsafe.Pointer(&b[0])) - uintptr(unsafe.Pointer(&data[0]))
	if inline := rawEncode(m); off < uintptr(len(inline))/2 || off%16 != 0 {
		t.Errorf("buffer 1 read from offset %d", off)
	}

	// Truncating the appended data makes the last buffer point outside the
	// file.
	_, err = Parse(data[:len(data)-10])
	if !containsErr(err, "lies outside the") {
		t.Errorf("truncated external data: %v", err)
	}
}

func TestRoundTripOptionsAllTypes(t *testing.T) {
	// Every options table, with every field set to a non-default value,
	// survives Encode/Parse.
	for typ := BuiltinOptionsType(1); int(typ) < len(builtinOptionsNames); typ++ {
		o := newOptions(typ)
		fillOptions(o, int(typ))
		m := &Model{
			Version:       3,
			OperatorCodes: []OperatorCode{{Builtin: OpAdd, Version: 1}},
			Subgraphs: []Subgraph{{
				Tensors:   []Tensor{{Name: "x", Shape: []int32{1}}},
				Operators: []Operator{{Outputs: []int32{0}, Options: o}},
			}},
		}
		enc, err := m.Encode()
		if err != nil {
			t.Fatalf("%v: %v", typ, err)
		}
		got, err := Parse(enc)
		if err != nil {
			t.Fatalf("%v: %v", typ, err)
		}
		if g := got.Subgraphs[0].Operators[0].Options; !reflect.DeepEqual(g, o) {
			t.Errorf("%v: got %+v want %+v", typ, g, o)
		}
	}
}

// fillOptions sets every field of options struct o to a value that differs
// from the schema default (seeded so different tables get different values).
func fillOptions(o Options, seed int) {
	v := reflect.ValueOf(o).Elem()
	l := layoutOf(o)
	for k, f := range l.fields {
		fv := v.Field(f.index)
		n := int64(seed*7 + k + 2)
		switch f.kind {
		case reflect.Bool:
			fv.SetBool(f.def == 0)
		case reflect.Int8, reflect.Int32, reflect.Int64:
			fv.SetInt(f.def + n%5 + 1)
		case reflect.Uint8, reflect.Uint32:
			fv.SetUint(uint64(n))
		case reflect.Float32:
			fv.SetFloat(float64(n) / 4)
		case reflect.String:
			fv.SetString("s" + string(rune('a'+n%26)))
		case reflect.Slice:
			s := reflect.MakeSlice(fv.Type(), 3, 3)
			for i := 0; i < 3; i++ {
				if f.elem == reflect.Float32 {
					s.Index(i).SetFloat(float64(i) - 0.5)
				} else if f.elem == reflect.Uint8 {
					s.Index(i).SetUint(uint64(i + 1))
				} else {
					s.Index(i).SetInt(int64(i) - 1)
				}
			}
			fv.Set(s)
		}
	}
}

func TestEncodeRejectsInvalidModels(t *testing.T) {
	m := richModel()
	m.Subgraphs[0].Operators[0].Inputs = []int32{99}
	if _, err := m.Encode(); !containsErr(err, "tensor index 99 out of range") {
		t.Errorf("bad index: %v", err)
	}

	m = richModel()
	m.Subgraphs[0].Operators[0].Options = (*Conv2DOptions)(nil)
	if _, err := m.Encode(); !containsErr(err, "cannot be encoded") {
		t.Errorf("nil options pointer: %v", err)
	}

	m = richModel()
	m.Subgraphs[0].Operators[0].Options = fakeOptions{}
	if _, err := m.Encode(); !containsErr(err, "cannot be encoded") {
		t.Errorf("foreign options type: %v", err)
	}

	m = richModel()
	m.Version = 2
	if _, err := m.Encode(); !containsErr(err, "schema version 2") {
		t.Errorf("version 2: %v", err)
	}
}

type fakeOptions struct{}

func (fakeOptions) OptionsType() BuiltinOptionsType { return BuiltinOptionsAddOptions }
