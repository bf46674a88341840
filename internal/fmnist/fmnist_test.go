package fmnist

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idx builds an IDX file of unsigned bytes by hand.
func idx(dims []uint32, data []byte) []byte {
	b := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
	}
	return append(b, data...)
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadIDXRawAndGzip(t *testing.T) {
	raw := idx([]uint32{2, 2, 3}, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255})
	for name, b := range map[string][]byte{"raw": raw, "gzip": gz(t, raw)} {
		x, err := ReadIDX(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(x.Dims) != 3 || x.Dims[0] != 2 || x.Dims[1] != 2 || x.Dims[2] != 3 {
			t.Fatalf("%s: dims %v", name, x.Dims)
		}
		if x.Data[0] != 0 || x.Data[11] != 255 || len(x.Data) != 12 {
			t.Fatalf("%s: data %v", name, x.Data)
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	cases := map[string][]byte{
		"empty":         nil,
		"short header":  {0, 0, 8},
		"bad magic":     {1, 0, 8, 1, 0, 0, 0, 1, 7},
		"float type":    {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0},
		"rank 0":        {0, 0, 8, 0},
		"rank 5":        idx([]uint32{1, 1, 1, 1, 1}, []byte{1}),
		"zero dim":      idx([]uint32{0}, nil),
		"short dims":    {0, 0, 8, 2, 0, 0, 0, 1},
		"short data":    idx([]uint32{4}, []byte{1, 2, 3}),
		"trailing":      idx([]uint32{2}, []byte{1, 2, 3}),
		"huge dim":      idx([]uint32{0xffffffff}, nil),
		"huge product":  idx([]uint32{1 << 15, 1 << 15}, nil),
		"corrupt gzip":  {0x1f, 0x8b, 0, 0, 0},
		"gzip truncate": gz(t, idx([]uint32{4}, []byte{1, 2, 3, 4}))[:20],
	}
	for name, b := range cases {
		if x, err := ReadIDX(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: no error, got dims %v", name, x.Dims)
		}
	}
	// A truncated file reports an unexpected EOF, not a clean one.
	_, err := ReadIDX(bytes.NewReader(idx([]uint32{4}, []byte{1})))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short data: got %v, want io.ErrUnexpectedEOF", err)
	}
}

func writeSet(t *testing.T, dir, split string, n int, labels []byte, compress bool) {
	t.Helper()
	img := make([]byte, n*2*3)
	for i := range img {
		img[i] = byte(i)
	}
	files := map[string][]byte{
		split + "-images-idx3-ubyte": idx([]uint32{uint32(n), 2, 3}, img),
		split + "-labels-idx1-ubyte": idx([]uint32{uint32(len(labels))}, labels),
	}
	for name, b := range files {
		if compress {
			name, b = name+".gz", gz(t, b)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoad(t *testing.T) {
	for _, compress := range []bool{false, true} {
		dir := t.TempDir()
		writeSet(t, dir, "t10k", 3, []byte{9, 0, 4}, compress)
		s, err := Load(dir, "t10k")
		if err != nil {
			t.Fatal(err)
		}
		if s.N != 3 || s.Rows != 2 || s.Cols != 3 || s.Labels[0] != 9 {
			t.Fatalf("set %+v", s)
		}
		if im := s.Image(1); im[0] != 6 || len(im) != 6 {
			t.Fatalf("image 1 = %v", im)
		}
		f := make([]float32, 6)
		s.Float(2, f)
		if f[0] != 12.0/255 {
			t.Fatalf("float pixel %v", f[0])
		}
		if sub := s.Subset(2); sub.N != 2 || len(sub.Labels) != 2 || len(sub.Images) != 12 {
			t.Fatalf("subset %+v", sub)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir, "train"); err == nil || !strings.Contains(err.Error(), "install-fashion-mnist") {
		t.Errorf("missing files: %v", err)
	}
	if _, err := Load(dir, "valid"); err == nil {
		t.Error("bad split accepted")
	}
	writeSet(t, dir, "train", 3, []byte{1, 2}, false)
	if _, err := Load(dir, "train"); err == nil {
		t.Error("3 images with 2 labels accepted")
	}
	writeSet(t, dir, "t10k", 2, []byte{1, 10}, true)
	if _, err := Load(dir, "t10k"); err == nil {
		t.Error("label 10 accepted")
	}
}

// TestInstalled checks the real data set when it is installed.
func TestInstalled(t *testing.T) {
	if _, err := os.Stat(DefaultDir); err != nil {
		t.Skipf("%s not installed (scripts/install-fashion-mnist.sh)", DefaultDir)
	}
	for split, n := range map[string]int{"train": 60000, "t10k": 10000} {
		s, err := Load(DefaultDir, split)
		if err != nil {
			t.Fatal(err)
		}
		if s.N != n || s.Rows != 28 || s.Cols != 28 {
			t.Errorf("%s: %d images of %dx%d", split, s.N, s.Rows, s.Cols)
		}
		var count [Classes]int
		for _, l := range s.Labels {
			count[l]++
		}
		for c, k := range count {
			if k != n/Classes {
				t.Errorf("%s: class %d has %d images", split, c, k)
			}
		}
	}
}
