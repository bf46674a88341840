package dwconv

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
)

// Impl is one implementation of the kernels: the generic Go reference or
// an assembly variant for one ISA level.
type Impl struct {
	Name string
	ISA  asm.ISA

	// accum, when set, runs QS8Accum on the first n - n%accStep channels
	// (accStep 1: all of them); the Go reference does the rest.
	accum   kernel
	accStep int
}

// kernel names an assembly kernel; the arch files dispatch on it with
// direct calls (a call through a func value would make the arguments
// escape, and allocate).
type kernel uint8

const (
	none kernel = iota
	avx2
	avx512
	neon
)

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "qs8DWGeneric", ISA: asm.Generic}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

// QS8Accum computes the int32 accumulators of np output pixels of a
// depthwise convolution, n = len(init) channels each: for p < np, c < n,
//
//	acc[p*n+c] = init[c] + sum over t of int32(x[xoff[t] + p*xstep + c]) * int32(w[woff[t] + c])
//
// in int32 arithmetic that wraps (mod 2^32). Tap t of pixel p reads n
// input values at xoff[t] + p*xstep (the pixels of a run share their tap
// pattern, xstep apart: stride times channels in NHWC) and n weights at
// woff[t]. len(xoff) == len(woff) is the tap count; with no taps acc gets
// init. acc must hold np*n values and may be init only when np == 1. Every
// offset is checked: QS8Accum panics rather than read out of bounds.
func (im *Impl) QS8Accum(acc, init []int32, np int, x []int8, xoff []int, xstep int, w []int8, woff []int) {
	n := len(init)
	if np <= 0 || n == 0 {
		return
	}
	if len(acc) < np*n || len(xoff) != len(woff) || xstep < 0 {
		panic(fmt.Sprintf("dwconv: QS8Accum of %dx%d with %d accumulators, %d x taps, %d w taps, x step %d",
			np, n, len(acc), len(xoff), len(woff), xstep))
	}
	span := (np-1)*xstep + n
	for t, o := range xoff {
		if o < 0 || o > len(x)-span || woff[t] < 0 || woff[t] > len(w)-n {
			panic(fmt.Sprintf("dwconv: QS8Accum of %dx%d: tap %d at x[%d] (step %d, %d values) and w[%d] (%d values)",
				np, n, t, o, xstep, len(x), woff[t], len(w)))
		}
	}
	done := 0
	if im.accum != none && n >= im.accStep {
		done = n - n%im.accStep
		var xp, wp *int8
		var xo, wo *int
		if len(xoff) > 0 {
			xp, wp, xo, wo = &x[0], &w[0], &xoff[0], &woff[0]
		}
		accum(im.accum, &accumArgs{n: n, nt: done, taps: len(xoff), np: np, x: xp, xoff: xo, xstep: xstep, w: wp, woff: wo, init: &init[0], acc: &acc[0]})
	}
	if done < n {
		qs8AccumGeneric(done, n, np, acc, init, x, xoff, xstep, w, woff)
	}
}

// accumArgs are the arguments of the assembly accumulation kernels, which
// compute channels [0, nt) of QS8Accum (acc and init rows are n apart).
// The kernels read them by offset: keep the order.
type accumArgs struct {
	n, nt, taps, np int
	x               *int8
	xoff            *int
	xstep           int
	w               *int8
	woff            *int
	init, acc       *int32
}

// qs8AccumGeneric is the reference loop for channels [lo, hi): pixels
// outside, then taps, channels inside.
func qs8AccumGeneric(lo, hi, np int, acc, init []int32, x []int8, xoff []int, xstep int, w []int8, woff []int) {
	n := len(init)
	for p := range np {
		a := acc[p*n+lo : p*n+hi]
		copy(a, init[lo:hi])
		for t := range xoff {
			xt := x[xoff[t]+p*xstep+lo:][:len(a)]
			wt := w[woff[t]+lo:][:len(a)]
			for c := range a {
				a[c] += int32(xt[c]) * int32(wt[c])
			}
		}
	}
}
