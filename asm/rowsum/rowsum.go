package rowsum

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
)

// kind identifies a kernel set.
type kind uint8

const (
	kindGeneric kind = iota
	kindAVX512
	kindNEON
)

// Impl is one implementation of the package's kernels.
type Impl struct {
	Name string
	ISA  asm.ISA
	kind kind
	// vlF, vlS: accumulators per step of the float and int8 kernels; 0 when
	// the kernel masks the tail, else Go adds the last n%vl.
	vlF, vlS int
}

func cols(n, vl int) int {
	if vl == 0 {
		return n
	}
	return n / vl * vl
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "rowsumGeneric", ISA: asm.Generic, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

var best = Best()

// F32 is the F32 method of the best implementation (chosen once).
func F32(acc, x []float32, rows, stride int) { best.F32(acc, x, rows, stride) }

// S8 is the S8 method of the best implementation (chosen once).
func S8(acc []int32, x []int8, rows, stride int) { best.S8(acc, x, rows, stride) }

func check(nacc, nx, rows, stride int) {
	if rows < 0 || stride < 0 || (rows > 0 && nx < (rows-1)*stride+nacc) {
		panic(fmt.Sprintf("rowsum: %d rows of %d, stride %d, from %d values", rows, nacc, stride, nx))
	}
}

// F32 adds rows of x into acc, in row order, each addition one float32
// rounding:
//
//	for r := 0; r < rows; r++ {
//		for c := range acc {
//			acc[c] += x[r*stride+c]
//		}
//	}
func (im *Impl) F32(acc, x []float32, rows, stride int) {
	check(len(acc), len(x), rows, stride)
	if rows == 0 || len(acc) == 0 {
		return
	}
	nv := 0
	if im.kind != kindGeneric {
		if nv = cols(len(acc), im.vlF); nv > 0 {
			f32Kernel(im.kind, &acc[0], &x[0], nv, rows, stride)
		}
	}
	if nv < len(acc) {
		a := acc[nv:]
		for r := range rows {
			xr := x[r*stride+nv:][:len(a)]
			for c, v := range xr {
				a[c] += v
			}
		}
	}
}

// S8 adds rows of int8 x into int32 acc (wrapping):
//
//	for r := 0; r < rows; r++ {
//		for c := range acc {
//			acc[c] += int32(x[r*stride+c])
//		}
//	}
func (im *Impl) S8(acc []int32, x []int8, rows, stride int) {
	check(len(acc), len(x), rows, stride)
	if rows == 0 || len(acc) == 0 {
		return
	}
	nv := 0
	if im.kind != kindGeneric {
		if nv = cols(len(acc), im.vlS); nv > 0 {
			s8Kernel(im.kind, &acc[0], &x[0], nv, rows, stride)
		}
	}
	if nv < len(acc) {
		a := acc[nv:]
		for r := range rows {
			xr := x[r*stride+nv:][:len(a)]
			for c, v := range xr {
				a[c] += int32(v)
			}
		}
	}
}
