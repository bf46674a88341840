package lut8

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
)

// kind identifies a kernel.
type kind uint8

const (
	kindGeneric kind = iota
	kindVBMI
	kindNEON
)

// Impl is one implementation of Lookup.
type Impl struct {
	Name string
	ISA  asm.ISA
	VL   int // bytes per vector step; the last n%VL run in Go (0: the kernel masks its tail)
	kind kind
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "x8LUTGeneric", ISA: asm.Generic, VL: 1, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

var best = Best()

// Lookup maps x through the 256-entry table t with the best
// implementation: y[i] = t[uint8(x[i])]. y must be at least as long as x;
// y may be x.
func Lookup(y, x []int8, t *[256]int8) { best.Lookup(y, x, t) }

// Lookup is the package's Lookup with implementation im.
func (im *Impl) Lookup(y, x []int8, t *[256]int8) {
	n := len(x)
	if len(y) < n {
		panic(fmt.Sprintf("lut8: Lookup of %d into %d", n, len(y)))
	}
	if n == 0 {
		return
	}
	nv := 0
	if im.kind != kindGeneric {
		nv = n
		if im.VL > 0 {
			nv = n / im.VL * im.VL
		}
		if nv > 0 {
			kernel(im.kind, &y[0], &x[0], nv, t)
		}
	}
	generic(y[nv:n], x[nv:], t)
}

func generic(y, x []int8, t *[256]int8) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = t[uint8(v)]
	}
}
