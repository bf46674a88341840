package vf32

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
)

// kind identifies a kernel set.
type kind uint8

const (
	kindGeneric kind = iota
	kindAVX512
)

// Impl is one implementation of the package's kernels.
type Impl struct {
	Name string
	ISA  asm.ISA
	kind kind
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "f32VGeneric", ISA: asm.Generic, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl {
	out := []*Impl{Generic}
	for _, im := range archImpls {
		if asm.Supports(asm.Detected, im.ISA) {
			out = append(out, im)
		}
	}
	return out
}

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl {
	best := Generic
	for _, im := range archImpls {
		if asm.Supports(asm.Selected, im.ISA) && im.ISA >= best.ISA {
			best = im
		}
	}
	return best
}

var best = Best()

// Clamp sets y[i] = hi if x[i] > hi, lo if x[i] < lo, else x[i] (NaN and
// -0 pass through), for lo <= hi: RELU, RELU6, RELU_N1_TO_1. y may be x.
func Clamp(y, x []float32, lo, hi float32) { best.Clamp(y, x, lo, hi) }

// HardSwish sets y[i] = x*min(6, max(0, x+3))/6 in float32, each
// operation rounded (TFLite's reference order). y may be x.
func HardSwish(y, x []float32) { best.HardSwish(y, x) }

func check(y, x []float32, what string) {
	if len(y) < len(x) {
		panic(fmt.Sprintf("vf32: %s of %d into %d", what, len(x), len(y)))
	}
}

// Clamp is the package's Clamp with implementation im.
func (im *Impl) Clamp(y, x []float32, lo, hi float32) {
	check(y, x, "Clamp")
	if len(x) == 0 {
		return
	}
	if im.kind != kindGeneric {
		clampKernel(im.kind, &y[0], &x[0], len(x), lo, hi)
		return
	}
	clampGeneric(y, x, lo, hi)
}

func clampGeneric(y, x []float32, lo, hi float32) {
	y = y[:len(x)]
	for i, v := range x {
		if v > hi {
			v = hi
		} else if v < lo {
			v = lo
		}
		y[i] = v
	}
}

// HardSwish is the package's HardSwish with implementation im.
func (im *Impl) HardSwish(y, x []float32) {
	check(y, x, "HardSwish")
	if len(x) == 0 {
		return
	}
	if im.kind != kindGeneric {
		hardSwishKernel(im.kind, &y[0], &x[0], len(x))
		return
	}
	hardSwishGeneric(y, x)
}

func hardSwishGeneric(y, x []float32) {
	y = y[:len(x)]
	for i, v := range x {
		r := v + 3
		if r < 0 {
			r = 0
		}
		if r > 6 {
			r = 6
		}
		y[i] = float32(v*r) / 6
	}
}

// Op is a binary operation of Bin.
type Op uint8

const (
	OpAdd Op = iota
	OpSub
	OpMul
)

// Bin computes rows of a float32 binary op followed by Clamp's clamp
// (lo = -Inf, hi = +Inf for none): row r of the output is out[r*n:][:n],
// of a a[r*sa:][:n], of b b[r*sb:][:n] (sa, sb may be 0 to repeat a row):
//
//	out[r*n+i] = clamp(a[r*sa+i] op b[r*sb+i], lo, hi)
//
// each operation one IEEE float32 rounding.
func (im *Impl) Bin(op Op, out, a, b []float32, rows, n, sa, sb int, lo, hi float32) {
	if rows < 0 || n < 0 || sa < 0 || sb < 0 || op > OpMul || len(out) < rows*n ||
		(rows > 0 && (len(a) < (rows-1)*sa+n || len(b) < (rows-1)*sb+n)) {
		panic(fmt.Sprintf("vf32: Bin %d rows of %d (strides %d, %d) with %d, %d, %d values", rows, n, sa, sb, len(out), len(a), len(b)))
	}
	if rows == 0 || n == 0 {
		return
	}
	if im.kind != kindGeneric {
		binKernel(im.kind, op, &out[0], &a[0], &b[0], rows, n, sa, sb, lo, hi)
		return
	}
	for r := range rows {
		binGeneric(op, out[r*n:][:n], a[r*sa:][:n], b[r*sb:][:n], lo, hi)
	}
}

func binGeneric(op Op, out, a, b []float32, lo, hi float32) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		var v float32
		switch op {
		case OpAdd:
			v = a[i] + b[i]
		case OpSub:
			v = a[i] - b[i]
		default:
			v = a[i] * b[i]
		}
		if v > hi {
			v = hi
		} else if v < lo {
			v = lo
		}
		out[i] = v
	}
}
