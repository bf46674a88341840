package up2x

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
)

// kind identifies a kernel set.
type kind uint8

const (
	kindGeneric kind = iota
	kindAVX2
	kindNEON
)

// Impl is one implementation of the package's two passes.
type Impl struct {
	Name  string
	ISA   asm.ISA
	kind  kind
	hStep int // H's kernel takes channel counts that are multiples of this
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "up2xGeneric", ISA: asm.Generic, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

// Tap is one output column of the horizontal pass: the byte offsets of its
// two input pixels in the row (pixel index times channels) and their
// weights (quarters for the 2x upsampling: W0 + W1 = 4).
type Tap struct {
	Off0, Off1 int32
	W0, W1     int16
}

// H is the horizontal pass over one input row: for each tap t and channel
// ch < c, in int16 arithmetic (wrapping, as the vector kernels):
//
//	e[t*c+ch] = t.W0*int16(row[t.Off0+ch]) + t.W1*int16(row[t.Off1+ch])
//
// e must hold len(taps)*c values and every offset plus c must lie within
// row.
func (im *Impl) H(e []int16, row []int8, taps []Tap, c int) {
	if c <= 0 || len(e) < len(taps)*c {
		panic(fmt.Sprintf("up2x: H of %d taps x %d channels into %d", len(taps), c, len(e)))
	}
	for _, t := range taps {
		if t.Off0 < 0 || t.Off1 < 0 || int(t.Off0)+c > len(row) || int(t.Off1)+c > len(row) {
			panic(fmt.Sprintf("up2x: tap offsets %d, %d outside a row of %d", t.Off0, t.Off1, len(row)))
		}
	}
	if len(taps) == 0 {
		return
	}
	if im.kind != kindGeneric && c%im.hStep == 0 {
		hKernel(im.kind, &e[0], &row[0], &taps[0], len(taps), c)
		return
	}
	hGeneric(e, row, taps, c)
}

func hGeneric(e []int16, row []int8, taps []Tap, c int) {
	o := 0
	for _, t := range taps {
		p0 := row[t.Off0:][:c]
		p1 := row[t.Off1:][:c]
		q := e[o:][:c]
		for ch := range q {
			q[ch] = t.W0*int16(p0[ch]) + t.W1*int16(p1[ch])
		}
		o += c
	}
}

// V is the vertical pass and rounding over n = len(q) values, in int16
// arithmetic (wrapping) with an arithmetic shift and a truncating
// conversion:
//
//	q[i] = int8((w0*e0[i] + w1*e1[i] + 8) >> 4)
//
// With quarter weights and e from H this is XNNPACK's s8 bilinear result
// for the 2x upsampling (see ops/upsample2x_int8.go).
func (im *Impl) V(q []int8, e0, e1 []int16, w0, w1 int16) {
	n := len(q)
	if len(e0) < n || len(e1) < n {
		panic(fmt.Sprintf("up2x: V of %d from %d and %d", n, len(e0), len(e1)))
	}
	nv := 0
	if im.kind != kindGeneric {
		nv = n / 32 * 32
		if nv > 0 {
			vKernel(im.kind, &q[0], &e0[0], &e1[0], nv, w0, w1)
		}
	}
	vGeneric(q[nv:], e0[nv:n], e1[nv:n], w0, w1)
}

func vGeneric(q []int8, e0, e1 []int16, w0, w1 int16) {
	e0, e1 = e0[:len(q)], e1[:len(q)]
	for i := range q {
		q[i] = int8((w0*e0[i] + w1*e1[i] + 8) >> 4)
	}
}
