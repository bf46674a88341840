package flex

import "testing"

// FuzzFlex checks that Parse never panics and that any value it returns can
// be walked and printed.
func FuzzFlex(f *testing.F) {
	for _, b := range [][]byte{
		{13, 0x04, 1},
		{0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0xbf, 0x0f, 8},
		{2, 'h', 'i', 0, 3, 0x14, 1},
		{3, 1, 2, 3, 3, 0x64, 1},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 8, 0x1f, 1},
		{'b', 'a', 'r', 0, 'f', 'o', 'o', 0, 2, 9, 6, 2, 1, 2, 14, 13, 4, 4, 4, 0x24, 1},
		{1, 'a', 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0x20, 0x40, 0x04, 0x14, 0x0e, 15, 0x2a, 1},
		{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 12, 0x56, 1},
		{2, 1, 0, 2, 0x90, 1},
		{'a', 0, 2, 1, 2, 4, 4, 'b', 0, 'c', 0, 1, 3, 1, 1, 1, 1, 0x68, 2, 19, 13, 2, 1, 2, 21, 9, 0x28, 0x24, 4, 0x24, 1},
		{1, 0, 0x28, 2, 0x28, 1},
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Parse(b)
		if err != nil {
			return
		}
		walk(t, v, 0)
		_ = v.Interface()
		_ = v.String()
	})
}

func walk(t *testing.T, v Value, depth int) {
	if depth > MaxDepth+1 {
		t.Fatalf("value nested %d deep", depth)
	}
	if v.Kind() == Map && len(v.Keys()) != v.Len() {
		t.Fatalf("map with %d keys and %d values", len(v.Keys()), v.Len())
	}
	for _, k := range v.Keys() {
		if _, ok := v.Get(k); !ok {
			t.Fatalf("key %q not found", k)
		}
	}
	for i := 0; i < v.Len(); i++ {
		walk(t, v.Index(i), depth+1)
	}
}
