package requant

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm"
)

// kind identifies a kernel.
type kind uint8

const (
	kindGeneric kind = iota
	kindAVX2
	kindAVX512
	kindNEON
)

// Impl is one implementation of Rows.
type Impl struct {
	Name string
	ISA  asm.ISA
	kind kind
	vl   int // channels per vector step (the kernel leaves n%vl of each row to Go), 0 if it masks the tail
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "requantGeneric", ISA: asm.Generic, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

var best = Best()

// Rows requantizes len(acc)/len(scale) rows of n = len(scale) channels
// with the best implementation:
//
//	y[i] = int8(lrintf(min(max(float32(acc[i])*scale[i%n], flo), fhi)) + zp)
//
// len(acc) must be a multiple of n, and y at least as long as acc.
func Rows(acc []int32, y []int8, scale []float32, flo, fhi float32, zp int32) {
	best.Rows(acc, y, scale, flo, fhi, zp)
}

// Rows is the package's Rows with implementation im.
func (im *Impl) Rows(acc []int32, y []int8, scale []float32, flo, fhi float32, zp int32) {
	n := len(scale)
	if n == 0 || len(acc)%n != 0 || len(y) < len(acc) {
		panic(fmt.Sprintf("requant: %d accumulators, %d outputs, %d channels", len(acc), len(y), n))
	}
	rows := len(acc) / n
	if rows == 0 {
		return
	}
	if im.kind == kindGeneric {
		generic(acc, y, scale, flo, fhi, zp)
		return
	}
	nv := n
	if im.vl > 0 {
		nv = n / im.vl * im.vl
	}
	if nv > 0 {
		kernel(im.kind, &acc[0], &y[0], &scale[0], n, nv, rows, flo, fhi, zp)
	}
	if nv < n {
		for r := range rows {
			o := r*n + nv
			generic(acc[o:o+n-nv], y[o:], scale[nv:], flo, fhi, zp)
		}
	}
}

// generic is the reference: ops/requant.go's xnnRequant plus the zero
// point, over rows of len(scale) channels (a last partial row uses the
// first channels).
func generic(acc []int32, y []int8, scale []float32, flo, fhi float32, zp int32) {
	n := len(scale)
	y = y[:len(acc)]
	for r := 0; r < len(acc); r += n {
		a := acc[r:min(r+n, len(acc))]
		yr := y[r:][:len(a)]
		s := scale[:len(a)]
		for c, v := range a {
			f := float32(float32(v) * s[c])
			if f < flo {
				f = flo
			}
			if f > fhi {
				f = fhi
			}
			yr[c] = int8(int32(math.RoundToEven(float64(f))) + zp)
		}
	}
}
