// Package fmnist reads the IDX files of MNIST-style data sets such as
// Fashion-MNIST (Debian package dataset-fashion-mnist, installed by
// scripts/install-fashion-mnist.sh). Files may be raw or gzip-compressed;
// every header field is bounds-checked before anything is allocated.
package fmnist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// DefaultDir is where Debian's dataset-fashion-mnist installs the files.
const DefaultDir = "/usr/share/datasets/fashion-mnist"

// MaxElements bounds the element count of an IDX file this package reads
// (Fashion-MNIST's training images are 47,040,000 bytes).
const MaxElements = 1 << 28

// IDX is a decoded IDX array of unsigned bytes (type code 0x08).
type IDX struct {
	Dims []int
	Data []uint8 // row-major, len = product of Dims
}

// ReadIDX decodes an IDX file of unsigned bytes from r. A gzip stream is
// detected by its magic and decompressed. The data must be exactly as long
// as the header says: short and over-long files are errors.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("idx: gzip: %w", err)
		}
		defer zr.Close()
		return readRaw(zr)
	}
	return readRaw(br)
}

func readRaw(r io.Reader) (*IDX, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("idx: header: %w", noEOF(err))
	}
	if hdr[0] != 0 || hdr[1] != 0 {
		return nil, fmt.Errorf("idx: bad magic % x", hdr[:])
	}
	if hdr[2] != 0x08 {
		return nil, fmt.Errorf("idx: element type 0x%02x unsupported (want 0x08, unsigned byte)", hdr[2])
	}
	rank := int(hdr[3])
	if rank < 1 || rank > 4 {
		return nil, fmt.Errorf("idx: rank %d out of range 1..4", rank)
	}
	dims := make([]int, rank)
	n := 1
	for i := range dims {
		var d [4]byte
		if _, err := io.ReadFull(r, d[:]); err != nil {
			return nil, fmt.Errorf("idx: dimension %d: %w", i, noEOF(err))
		}
		v := binary.BigEndian.Uint32(d[:])
		if v == 0 || v > MaxElements {
			return nil, fmt.Errorf("idx: dimension %d is %d", i, v)
		}
		dims[i] = int(v)
		if n > MaxElements/dims[i] {
			return nil, fmt.Errorf("idx: shape %v has more than %d elements", dims[:i+1], MaxElements)
		}
		n *= dims[i]
	}
	data := make([]uint8, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("idx: data (want %d bytes for shape %v): %w", n, dims, noEOF(err))
	}
	var extra [1]byte
	if k, _ := r.Read(extra[:]); k != 0 {
		return nil, fmt.Errorf("idx: trailing bytes after %d data bytes", n)
	}
	return &IDX{Dims: dims, Data: data}, nil
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ReadFile decodes an IDX file, raw or gzip-compressed.
func ReadFile(path string) (*IDX, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	x, err := ReadIDX(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// Set is a labelled image set: N images of Rows x Cols bytes.
type Set struct {
	N, Rows, Cols int
	Images        []uint8 // N*Rows*Cols, image-major, row-major
	Labels        []uint8 // N, each < Classes
}

// Classes is the number of Fashion-MNIST classes.
const Classes = 10

// ClassNames are Fashion-MNIST's label names, by label.
var ClassNames = [Classes]string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// NewSet checks that images ([N,rows,cols]) and labels ([N], each below
// Classes) agree and returns them as a Set.
func NewSet(images, labels *IDX) (*Set, error) {
	if len(images.Dims) != 3 {
		return nil, fmt.Errorf("fmnist: images have shape %v, want [N,rows,cols]", images.Dims)
	}
	if len(labels.Dims) != 1 {
		return nil, fmt.Errorf("fmnist: labels have shape %v, want [N]", labels.Dims)
	}
	if images.Dims[0] != labels.Dims[0] {
		return nil, fmt.Errorf("fmnist: %d images but %d labels", images.Dims[0], labels.Dims[0])
	}
	for i, l := range labels.Data {
		if l >= Classes {
			return nil, fmt.Errorf("fmnist: label %d of image %d is not below %d", l, i, Classes)
		}
	}
	return &Set{N: images.Dims[0], Rows: images.Dims[1], Cols: images.Dims[2], Images: images.Data, Labels: labels.Data}, nil
}

// Load reads split "train" or "t10k" from dir, accepting for each file
// either NAME-idxK-ubyte.gz or the uncompressed NAME-idxK-ubyte.
func Load(dir, split string) (*Set, error) {
	if split != "train" && split != "t10k" {
		return nil, fmt.Errorf("fmnist: split %q is neither train nor t10k", split)
	}
	images, err := readEither(filepath.Join(dir, split+"-images-idx3-ubyte"))
	if err != nil {
		return nil, err
	}
	labels, err := readEither(filepath.Join(dir, split+"-labels-idx1-ubyte"))
	if err != nil {
		return nil, err
	}
	s, err := NewSet(images, labels)
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", dir, split, err)
	}
	return s, nil
}

func readEither(base string) (*IDX, error) {
	x, err := ReadFile(base + ".gz")
	if errors.Is(err, os.ErrNotExist) {
		x, err = ReadFile(base)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("fmnist: neither %s.gz nor %s exists (run scripts/install-fashion-mnist.sh)", base, base)
		}
	}
	return x, err
}

// Image returns image i's bytes (Rows*Cols, row-major).
func (s *Set) Image(i int) []uint8 {
	n := s.Rows * s.Cols
	return s.Images[i*n : (i+1)*n]
}

// Float writes image i as float32 pixel/255 into dst (len Rows*Cols).
func (s *Set) Float(i int, dst []float32) {
	for k, p := range s.Image(i) {
		dst[k] = float32(p) / 255
	}
}

// Subset returns the first n images (all of them when n <= 0 or n >= N),
// sharing storage with s.
func (s *Set) Subset(n int) *Set {
	if n <= 0 || n >= s.N {
		return s
	}
	c := *s
	c.N = n
	c.Images = s.Images[:n*s.Rows*s.Cols]
	c.Labels = s.Labels[:n]
	return &c
}
