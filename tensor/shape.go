package tensor

import (
	"fmt"
	"math"
	"strings"
)

// Shape lists the extent of each dimension, outermost first. Image tensors
// are NHWC: batch, height, width, channels.
type Shape []int

// NumElements returns the product of the dimensions: 1 for a scalar.
// It returns -1 if a dimension is negative or the product overflows an int32
// element count, which no tensor octet runs can have.
func (s Shape) NumElements() int {
	n := 1
	for _, d := range s {
		if d < 0 {
			return -1
		}
		if d != 0 && n > math.MaxInt32/d {
			return -1
		}
		n *= d
	}
	return n
}

// Equal reports whether s and o have the same rank and dimensions.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

// Clone returns a copy of s.
func (s Shape) Clone() Shape { return append(Shape(nil), s...) }

// Strides returns the row-major (C order) element stride of each dimension.
func (s Shape) Strides() []int {
	st := make([]int, len(s))
	acc := 1
	for i := len(s) - 1; i >= 0; i-- {
		st[i] = acc
		acc *= s[i]
	}
	return st
}

// Dim returns dimension i, counting from the end when i is negative
// (Dim(-1) is the innermost). It returns 0 when i is out of range.
func (s Shape) Dim(i int) int {
	if i < 0 {
		i += len(s)
	}
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

// String formats s as [1 256 256 3].
func (s Shape) String() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, d := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, d)
	}
	b.WriteByte(']')
	return b.String()
}

// NHWC returns the four dimensions of a rank-4 shape.
func (s Shape) NHWC() (n, h, w, c int) { return s[0], s[1], s[2], s[3] }
