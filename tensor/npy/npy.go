// Package npy reads and writes tensors in NumPy's .npy format.
//
// It handles C-order little-endian arrays of the element types octet knows:
// float32 (<f4), float16 (<f2), int8 (|i1), uint8 (|u1), int16 (<i2),
// int32 (<i4), int64 (<i8) and bool (|b1). Files of format versions 1.0, 2.0
// and 3.0 can be read; Write produces the same bytes as numpy.save (NumPy
// 1.24 and later, which pad the header for in-place growth).
package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/octet-ml/octet/tensor"
)

const (
	magic = "\x93NUMPY"
	// maxHeaderLen bounds the header a reader accepts. NumPy itself refuses
	// headers over 10000 bytes unless told otherwise.
	maxHeaderLen = 1 << 20
	// chunk is the most Read allocates before the stream has shown that it
	// holds the data the header announces.
	chunk = 1 << 20
)

// descrs maps each supported element type to the descr NumPy writes for it.
var descrs = map[tensor.DType]string{
	tensor.Float32: "<f4",
	tensor.Float16: "<f2",
	tensor.Int8:    "|i1",
	tensor.Uint8:   "|u1",
	tensor.Int16:   "<i2",
	tensor.Int32:   "<i4",
	tensor.Int64:   "<i8",
	tensor.Bool:    "|b1",
}

// parseDescr maps a descr such as "<f4" to an element type. The byte-order
// character may be '<', '|', '=' or absent; '>' is only allowed for one-byte
// types, where it means nothing.
func parseDescr(s string) (tensor.DType, error) {
	code, order := s, byte(0)
	if s != "" && strings.IndexByte("<>|=", s[0]) >= 0 {
		code, order = s[1:], s[0]
	}
	if strings.HasPrefix(code, "O") {
		return tensor.Invalid, fmt.Errorf("object arrays (descr %q) are not supported", s)
	}
	for dt, d := range descrs {
		if d[1:] != code {
			continue
		}
		if order == '>' && dt.Size() > 1 {
			return tensor.Invalid, fmt.Errorf("big-endian descr %q is not supported", s)
		}
		return dt, nil
	}
	return tensor.Invalid, fmt.Errorf("unsupported descr %q", s)
}

// Read decodes one .npy array from r. The returned tensor owns 64-byte
// aligned storage. Read consumes exactly the header and the data, so several
// arrays can be read from one stream.
func Read(r io.Reader) (*tensor.Tensor, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, fmt.Errorf("npy: reading magic: %w", eofIsUnexpected(err))
	}
	if string(pre[:6]) != magic {
		return nil, errors.New("npy: bad magic: not an .npy file")
	}
	major, minor := pre[6], pre[7]
	var hlen int
	switch major {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("npy: reading header length: %w", eofIsUnexpected(err))
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("npy: reading header length: %w", eofIsUnexpected(err))
		}
		n := binary.LittleEndian.Uint32(b[:])
		if n > maxHeaderLen {
			return nil, fmt.Errorf("npy: header of %d bytes is too large", n)
		}
		hlen = int(n)
	default:
		return nil, fmt.Errorf("npy: unsupported format version %d.%d", major, minor)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, fmt.Errorf("npy: reading %d-byte header: %w", hlen, eofIsUnexpected(err))
	}
	h, err := parseHeader(string(hb))
	if err != nil {
		return nil, fmt.Errorf("npy: bad header %q: %w", truncate(string(hb), 200), err)
	}
	dt, err := parseDescr(h.descr)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	if h.fortran && !layoutFree(h.shape) {
		return nil, errors.New("npy: fortran_order arrays are not supported")
	}
	t := &tensor.Tensor{DType: dt, Shape: tensor.Shape(h.shape)}
	size := t.ByteSize()
	if size < 0 {
		return nil, fmt.Errorf("npy: shape %v has too many elements", t.Shape)
	}
	if t.Data, err = readData(r, size); err != nil {
		return nil, err
	}
	if dt == tensor.Bool {
		for i, b := range t.Data {
			if b > 1 {
				t.Data[i] = 1
			}
		}
	}
	return t, nil
}

// layoutFree reports whether C and Fortran order lay out shape identically,
// which holds when at most one dimension exceeds 1.
func layoutFree(shape []int) bool {
	big := 0
	for _, d := range shape {
		if d > 1 {
			big++
		}
	}
	return big <= 1
}

// readData reads n bytes into aligned storage. When r cannot say how much it
// holds, storage grows with the data actually read, so a lying header cannot
// make Read allocate much more than the stream contains.
func readData(r io.Reader, n int) ([]byte, error) {
	avail := remaining(r)
	if avail >= 0 && int64(n) > avail {
		return nil, fmt.Errorf("npy: data truncated: header announces %d bytes, %d remain", n, avail)
	}
	first := n
	if avail < 0 {
		first = min(n, chunk)
	}
	buf := tensor.AlignedBytes(first)
	got := 0
	for got < n {
		if got == len(buf) {
			nb := tensor.AlignedBytes(min(2*len(buf), n))
			copy(nb, buf)
			buf = nb
		}
		m, err := io.ReadFull(r, buf[got:])
		got += m
		if err != nil && got < n {
			return nil, fmt.Errorf("npy: data truncated: read %d of %d bytes: %w", got, n, eofIsUnexpected(err))
		}
	}
	return buf, nil
}

// remaining returns how many bytes r still holds, or -1 if it cannot tell.
func remaining(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }: // bytes.Reader, bytes.Buffer, strings.Reader
		return int64(v.Len())
	case *os.File:
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		pos, err := v.Seek(0, io.SeekCurrent)
		if err != nil || pos > fi.Size() {
			return -1
		}
		return fi.Size() - pos
	}
	return -1
}

func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// Write encodes t as an .npy array: format version 1.0 unless the header
// needs more than 65535 bytes, then 2.0. The header is padded with spaces and
// a final newline so that the data starts at a multiple of 64 bytes, exactly
// as numpy.save does.
func Write(w io.Writer, t *tensor.Tensor) error {
	descr, ok := descrs[t.DType]
	if !ok {
		return fmt.Errorf("npy: cannot write element type %v", t.DType)
	}
	size := t.ByteSize()
	if size < 0 {
		return fmt.Errorf("npy: invalid shape %v", t.Shape)
	}
	if len(t.Data) != size {
		return fmt.Errorf("npy: tensor %v holds %d bytes, want %d", t, len(t.Data), size)
	}
	if _, err := w.Write(wrapHeader(formatHeader(descr, t.Shape))); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	if _, err := w.Write(t.Data); err != nil {
		return fmt.Errorf("npy: %w", err)
	}
	return nil
}

// wrapHeader prefixes the header dict with the magic, version and length and
// pads it, as NumPy's _wrap_header does (including its quirk of adding a full
// 64 bytes of padding when none would be needed).
func wrapHeader(dict string) []byte {
	const align = 64
	hlen := len(dict) + 1 // the final '\n'
	prefix := len(magic) + 2 + 2
	version := byte(1)
	pad := align - (prefix+hlen)%align
	if hlen+pad > 0xffff {
		version, prefix = 2, len(magic)+2+4
		pad = align - (prefix+hlen)%align
	}
	out := make([]byte, 0, prefix+hlen+pad)
	out = append(out, magic...)
	out = append(out, version, 0)
	if version == 1 {
		out = binary.LittleEndian.AppendUint16(out, uint16(hlen+pad))
	} else {
		out = binary.LittleEndian.AppendUint32(out, uint32(hlen+pad))
	}
	out = append(out, dict...)
	for range pad {
		out = append(out, ' ')
	}
	return append(out, '\n')
}

// ReadFile reads one .npy array from the named file.
func ReadFile(path string) (*tensor.Tensor, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// WriteFile writes t to the named file as .npy, replacing any existing file.
func WriteFile(path string, t *tensor.Tensor) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(f, t); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
