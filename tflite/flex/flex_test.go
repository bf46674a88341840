package flex

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// The buffers below are written out byte by byte from the FlexBuffers
// format description. A packed type byte is type<<2 | log2(child width).
// Reminder of the types used: NULL 0, INT 1, UINT 2, FLOAT 3, KEY 4,
// STRING 5, INDIRECT_UINT 7, MAP 9, VECTOR 10, VECTOR_INT 11, VECTOR_FLOAT3
// 21, BLOB 25, BOOL 26, VECTOR_BOOL 36.

func TestScalars(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		want any
	}{
		// value 13; type INT (1<<2 = 0x04); root byte width 1.
		{"int8", []byte{13, 0x04, 1}, int64(13)},
		// -300 = 0xfed4 little-endian; type INT with 16-bit width
		// (1<<2 | 1 = 0x05); root width 2.
		{"int16 negative", []byte{0xd4, 0xfe, 0x05, 2}, int64(-300)},
		// 200; type UINT (2<<2 = 0x08); width 1.
		{"uint8", []byte{200, 0x08, 1}, uint64(200)},
		// 1.5 as float32 0x3fc00000; type FLOAT 32-bit (3<<2 | 2 = 0x0e);
		// root width 4.
		{"float32", []byte{0x00, 0x00, 0xc0, 0x3f, 0x0e, 4}, 1.5},
		// -0.1 as float64 0xbfb999999999999a; type FLOAT 64-bit (0x0f);
		// root width 8.
		{"float64", []byte{0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0xbf, 0x0f, 8}, -0.1},
		// 1; type BOOL (26<<2 = 0x68); width 1.
		{"bool", []byte{1, 0x68, 1}, true},
		// 0; type NULL (0x00); width 1.
		{"null", []byte{0, 0x00, 1}, nil},
		// 0: size 2, 1: 'h' 'i', 3: NUL terminator; 4: root offset
		// 4-1 = 3 back to the first character; type STRING with 8-bit size
		// (5<<2 = 0x14); root width 1.
		{"string", []byte{2, 'h', 'i', 0, 3, 0x14, 1}, "hi"},
		// 0: size 3, 1..3: bytes; 4: offset 3 back to 1; type BLOB
		// (25<<2 = 0x64); width 1.
		{"blob", []byte{3, 1, 2, 3, 3, 0x64, 1}, []byte{1, 2, 3}},
		// 0..7: 0xffffffffff as a 64-bit uint; 8: root offset 8 back to 0;
		// type INDIRECT_UINT with 64-bit target (7<<2 | 3 = 0x1f); width 1.
		{"indirect uint", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 8, 0x1f, 1}, uint64(0xffffffffff)},
		// 0: "k" NUL; 2: offset 2 back to the key; type KEY (4<<2 = 0x10).
		{"key", []byte{'k', 0, 2, 0x10, 1}, "k"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Parse(tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Interface(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v (%v), want %#v", got, v.Kind(), tc.want)
			}
		})
	}
}

func TestMap(t *testing.T) {
	// The map {foo: 13, bar: 14} from the format description:
	b := []byte{
		'b', 'a', 'r', 0, // 0: key "bar"
		'f', 'o', 'o', 0, // 4: key "foo"
		2,    // 8: keys vector size
		9, 6, // 9: keys vector: offsets 9-9 = 0 ("bar"), 10-6 = 4 ("foo")
		2, 1, // 11: offset 11-2 = 9 to the keys vector, keys byte width 1
		2,      // 13: values size
		14, 13, // 14: values, in key order: bar=14, foo=13
		4, 4, // 16: value types: INT, INT
		4,    // 18: root offset 18-4 = 14 (the values)
		0x24, // 19: type MAP (9<<2), 8-bit elements
		1,    // 20: root byte width
	}
	v, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind() != Map || v.Len() != 2 || !reflect.DeepEqual(v.Keys(), []string{"bar", "foo"}) {
		t.Fatalf("got %v", v)
	}
	foo, ok := v.Get("foo")
	if n, _ := foo.AsInt(); !ok || n != 13 {
		t.Errorf("foo = %v", foo)
	}
	bar, ok := v.Get("bar")
	if n, _ := bar.AsInt(); !ok || n != 14 {
		t.Errorf("bar = %v", bar)
	}
	if _, ok := v.Get("baz"); ok {
		t.Error("found baz")
	}
	if got := v.String(); got != `{"bar": 14, "foo": 13}` {
		t.Errorf("String() = %s", got)
	}
}

func TestVectors(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		want any
	}{
		{"untyped", []byte{
			1, 'a', 0, // 0: string "a" (size 1, char, NUL)
			0,          // 3: padding
			3, 0, 0, 0, // 4: vector size 3 (32-bit, the vector's width)
			1, 0, 0, 0, // 8: element 0: int 1
			11, 0, 0, 0, // 12: element 1: offset 12-11 = 1 to "a"
			0x00, 0x00, 0x20, 0x40, // 16: element 2: 2.5 as float32
			0x04, // 20: type of element 0: INT (the width bits of inline values are not used)
			0x14, // 21: type of element 1: STRING with 8-bit size
			0x0e, // 22: type of element 2: FLOAT, 32-bit
			15,   // 23: root offset 23-15 = 8
			0x2a, // 24: type VECTOR (10<<2) with 32-bit elements (| 2)
			1,    // 25: root byte width
		}, []any{int64(1), "a", 2.5}},
		// 0: size 3, 1..3: elements; 4: offset 3 back to 1; type VECTOR_INT
		// (11<<2 = 0x2c), 8-bit; width 1.
		{"typed int", []byte{3, 1, 2, 3, 3, 0x2c, 1}, []any{int64(1), int64(2), int64(3)}},
		// 0..11: 1.0, 2.0, 3.0 as float32, no size field; 12: offset 12 back
		// to 0; type VECTOR_FLOAT3 (21<<2 | 2 = 0x56); width 1.
		{"fixed float3", []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 12, 0x56, 1}, []any{1.0, 2.0, 3.0}},
		// 0: size 2, 1: true, 2: false; 3: offset 2 back to 1; type
		// VECTOR_BOOL (36<<2 = 0x90); width 1.
		{"bool", []byte{2, 1, 0, 2, 0x90, 1}, []any{true, false}},
		// 0: size 0; 1: offset 0 pointing at the (empty) elements right
		// here; type VECTOR_INT; width 1.
		{"empty", []byte{0, 0, 0x2c, 1}, []any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Parse(tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if v.Kind() != Vector {
				t.Fatalf("kind %v", v.Kind())
			}
			if got := v.Interface(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestNested(t *testing.T) {
	// {"a": [1, 2], "b": {"c": true}}
	b := []byte{
		'a', 0, // 0: key "a"
		2,    // 2: size of the vector [1, 2]
		1, 2, // 3: its elements
		0x04, 0x04, // 5: their types: INT, INT
		'b', 0, // 7: key "b"
		'c', 0, // 9: key "c"
		1,    // 11: inner keys vector size
		3,    // 12: inner keys: offset 12-3 = 9 ("c")
		1, 1, // 13: offset 13-1 = 12 to the inner keys, keys width 1
		1,      // 15: inner values size
		1,      // 16: inner value: true
		0x68,   // 17: its type: BOOL
		2,      // 18: outer keys vector size
		19, 13, // 19: outer keys: 19-19 = 0 ("a"), 20-13 = 7 ("b")
		2, 1, // 21: offset 21-2 = 19 to the outer keys, keys width 1
		2,     // 23: outer values size
		21, 9, // 24: values: offsets 24-21 = 3 (the vector), 25-9 = 16 (inner map)
		0x28, 0x24, // 26: their types: VECTOR, MAP
		4,    // 28: root offset 28-4 = 24
		0x24, // 29: type MAP
		1,    // 30: root width
	}
	v, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": []any{int64(1), int64(2)}, "b": map[string]any{"c": true}}
	if got := v.Interface(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
	inner, _ := v.Get("b")
	c, _ := inner.Get("c")
	if ok, _ := c.AsBool(); !ok {
		t.Errorf("b.c = %v", c)
	}
	a, _ := v.Get("a")
	if n, _ := a.Index(1).AsInt(); a.Len() != 2 || n != 2 {
		t.Errorf("a = %v", a)
	}
	if !a.Index(5).IsNull() {
		t.Error("out-of-range index is not null")
	}
}

func TestConversions(t *testing.T) {
	type conv struct {
		i   int64
		iOK bool
		u   uint64
		uOK bool
		f   float64
		fOK bool
		b   bool
		bOK bool
	}
	cases := []struct {
		v    Value
		want conv
	}{
		{Value{kind: Int, i: -1}, conv{-1, true, 0, false, -1, true, true, true}},
		{Value{kind: Int, i: 0}, conv{0, true, 0, true, 0, true, false, true}},
		{Value{kind: Uint, u: math.MaxUint64}, conv{0, false, math.MaxUint64, true, 1 << 64, true, true, true}},
		{Value{kind: Uint, u: 7}, conv{7, true, 7, true, 7, true, true, true}},
		{Value{kind: Float, f: 2.5}, conv{0, false, 0, false, 2.5, true, true, true}},
		{Value{kind: Float, f: -4}, conv{-4, true, 0, false, -4, true, true, true}},
		{Value{kind: Float, f: 1e30}, conv{0, false, 0, false, 1e30, true, true, true}},
		{Value{kind: Bool, u: 1}, conv{1, true, 1, true, 1, true, true, true}},
		{Value{kind: String, s: "1"}, conv{}},
		{Value{}, conv{}},
	}
	for _, tc := range cases {
		var got conv
		got.i, got.iOK = tc.v.AsInt()
		got.u, got.uOK = tc.v.AsUint()
		got.f, got.fOK = tc.v.AsFloat()
		got.b, got.bOK = tc.v.AsBool()
		if got != tc.want {
			t.Errorf("%v (%v): got %+v, want %+v", tc.v, tc.v.Kind(), got, tc.want)
		}
	}
	if s, ok := (Value{kind: Int}).AsString(); ok || s != "" {
		t.Error("int converted to string")
	}
	if b, ok := (Value{kind: String, s: "x"}).AsBlob(); ok || b != nil {
		t.Error("string converted to blob")
	}
	if Map.String() != "map" || Kind(42).String() != "kind(42)" {
		t.Error("kind names")
	}
}

func TestMoreEncodings(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		typ  Type
		want any
	}{
		// 0: -2 as int16; 2: root offset 2 back to 0; type INDIRECT_INT with
		// 16-bit target (6<<2 | 1 = 0x19); width 1.
		{"indirect int16", []byte{0xfe, 0xff, 2, 0x19, 1}, TypeIndirectInt, int64(-2)},
		// 0: 0.5 as float32; 4: offset 4; type INDIRECT_FLOAT 32-bit
		// (8<<2 | 2 = 0x22); width 1.
		{"indirect float32", []byte{0, 0, 0, 0x3f, 4, 0x22, 1}, TypeIndirectFloat, 0.5},
		// Deprecated vector of strings: 0: "ab" (size 2, chars, NUL);
		// 4: "c"; 7: vector size 2; 8: offsets 8-7 = 1 and 9-4 = 5;
		// 10: root offset 10-8 = 2; type VECTOR_STRING_DEPRECATED
		// (15<<2 = 0x3c); width 1.
		{"string vector", []byte{2, 'a', 'b', 0, 1, 'c', 0, 2, 7, 4, 2, 0x3c, 1}, TypeVectorStringDeprecated, []any{"ab", "c"}},
		// {"n": 1000} with 16-bit map fields: 0: key "n"; 2: keys size 1;
		// 3: key offset 3 back to 0; 4: keys offset 4-3 = 1 (16-bit);
		// 6: keys width 1 (16-bit); 8: size 1 (16-bit); 10: 1000 as int16;
		// 12: its type INT 16-bit (0x05); 13: root offset 13-10 = 3; type
		// MAP with 16-bit elements (9<<2 | 1 = 0x25); width 1.
		{"map 16-bit", []byte{'n', 0, 1, 3, 1, 0, 1, 0, 1, 0, 0xe8, 0x03, 0x05, 3, 0x25, 1}, TypeMap, map[string]any{"n": int64(1000)}},
		// Two vector elements pointing at the same string "x": 0: "x";
		// 3: size 2; 4: offsets 4-1 = 3 and 5-1 = 4; 6: types STRING;
		// 8: root offset 8-4 = 4; VECTOR; width 1.
		{"shared string", []byte{1, 'x', 0, 2, 3, 4, 0x14, 0x14, 4, 0x28, 1}, TypeVector, []any{"x", "x"}},
		// 0: blob of 2 bytes shared by both elements of a vector, like above.
		{"shared blob", []byte{2, 7, 8, 2, 3, 4, 0x64, 0x64, 4, 0x28, 1}, TypeVector, []any{[]byte{7, 8}, []byte{7, 8}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Parse(tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if v.Type() != tc.typ {
				t.Errorf("type %d, want %d", v.Type(), tc.typ)
			}
			if got := v.Interface(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	v, _ := Parse([]byte{2, 7, 8, 2, 3, 4, 0x64, 0x64, 4, 0x28, 1})
	if got := v.String(); got != "[blob(0708), blob(0708)]" {
		t.Errorf("String() = %s", got)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"root width 3", []byte{0, 0, 0, 4, 3}, "root byte width 3"},
		{"root wider than buffer", []byte{0, 0x04, 8}, "does not fit"},
		// Root offset 9 from position 0 points before the buffer.
		{"offset before start", []byte{9, 0x14, 1}, "points before the buffer"},
		// String of claimed size 200 at position 1.
		{"string overrun", []byte{200, 'h', 'i', 0, 3, 0x14, 1}, "200 elements at 1 overrun"},
		// Size field of a string at position 0 would be at -1.
		{"size before start", []byte{'h', 1, 0x14, 1}, "outside the"},
		// Untyped vector claiming 3 elements, but only room for 1 + type.
		{"vector overrun", []byte{3, 1, 4, 2, 0x28, 1}, "3 elements at 1 overrun"},
		// Key without a NUL before the end of the buffer.
		{"unterminated key", []byte{'k', 'k', 2, 0x10, 1}, "not terminated"},
		// Type 30 does not exist.
		{"unknown type", []byte{0, 0, 30 << 2, 1}, "unknown type 30"},
		// FLOAT read with the 8-bit root width.
		{"float width 1", []byte{1, 0x0c, 1}, "float of width 1"},
		// Map whose keys byte width field says 3. 0: key "a"; 2: keys size
		// 1; 3: key offset 3 back to 0; 4: keys offset 4-3 = 1; 5: keys
		// width 3; 6: values size 1; 7: value 5; 8: type INT; 9: root
		// offset 9-7 = 2; 10: MAP; 11: width.
		{"map keys width", []byte{'a', 0, 1, 3, 1, 3, 1, 5, 0x04, 2, 0x24, 1}, "keys byte width 3"},
		// The same map with 1 key but 2 values: 6: values size 2; 7: values
		// 5, 6; 9: types; 11: root offset 11-7 = 4.
		{"map key count", []byte{'a', 0, 1, 3, 1, 1, 2, 5, 6, 0x04, 0x04, 4, 0x24, 1}, "1 keys for 2 values"},
		// A vector whose only element is an offset 0 to itself: infinite
		// nesting. 0: size 1; 1: element offset 0; 2: its type VECTOR;
		// 3: root offset 3-1 = 2; 4: type VECTOR; 5: width.
		{"self reference", []byte{1, 0, 0x28, 2, 0x28, 1}, "nesting deeper than 64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestSharedChildren builds a chain of 2-element vectors whose elements both
// point at the previous vector: 40 levels would decode to 2^40 values.
func TestSharedChildren(t *testing.T) {
	b := []byte{1, 7, 0x04} // 0: size 1; 1: int 7; 2: its type INT. Vector at 1.
	prev := 1
	for level := 0; level < 40; level++ {
		// size 2, then two offsets back to prev, then two VECTOR types.
		b = append(b, 2)
		start := len(b)
		b = append(b, byte(start-prev), byte(start+1-prev), 0x28, 0x28)
		prev = start
	}
	root := len(b)
	b = append(b, byte(root-prev), 0x28, 1)
	_, err := Parse(b)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v", err)
	}
}

// TestOverlappingStrings points many keys into one long run of bytes: each
// key would copy most of the buffer.
func TestOverlappingStrings(t *testing.T) {
	const n = 200
	b := make([]byte, 0, 2*n+16)
	for i := 0; i < n; i++ {
		b = append(b, 'x')
	}
	b = append(b, 0)
	// Typed vector of n keys, 16-bit offsets; key i starts at byte i.
	b = append(b, byte(n), byte(n>>8))
	start := len(b)
	for i := 0; i < n; i++ {
		off := start + 2*i - i
		b = append(b, byte(off), byte(off>>8))
	}
	// Root: 16-bit offset back to the keys, type VECTOR_KEY with 16-bit
	// elements, root width 2.
	off := len(b) - start
	b = append(b, byte(off), byte(off>>8), 14<<2|1, 2)
	_, err := Parse(b)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v", err)
	}
}
