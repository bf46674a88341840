package qvbin

import (
	"fmt"
	"math"

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
	VL   int // elements per vector step; 0 when the kernel masks each row's tail, else Go runs the last n%VL of each row
	kind kind
}

// cols returns the columns of each row the kernel computes.
func (im *Impl) cols(n int) int {
	if im.VL == 0 {
		return n
	}
	return n / im.VL * im.VL
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "qs8VBinGeneric", ISA: asm.Generic, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

// AddParams are XNNPACK's qs8 ADD parameters (ops/add_int8.go derives
// them): out = clamp(((Bias + a*AM + b*BM) >> Shift) + ZO, Lo, Hi), in
// int32 arithmetic that wraps, with an arithmetic shift (Shift < 32).
type AddParams struct {
	Bias, AM, BM int32
	Shift        uint32
	ZO, Lo, Hi   int32
}

// MulParams are XNNPACK's qs8 MUL parameters (fp32 requantization):
// out = int8(lrintf(clamp(float32((a-ZA)*(b-ZB))*Scale, FLo, FHi)) + ZO),
// clamping max-then-min as Go's "if f < FLo {f = FLo}; if f > FHi {f =
// FHi}", rounding half to even, the final int8 conversion truncating.
type MulParams struct {
	ZA, ZB          int32
	Scale, FLo, FHi float32
	ZO              int32
}

// checkBlock checks the layout of rows of an elementwise op: row r of the output is
// out[r*n : r*n+n], of a a[r*SA : r*SA+n] and of b b[r*SB : r*SB+n] (SA,
// SB may be 0 to repeat a row).
func checkBlock(out, a, b []int8, rows, n, sa, sb int) {
	if rows < 0 || n < 0 || sa < 0 || sb < 0 || len(out) < rows*n ||
		(rows > 0 && (len(a) < (rows-1)*sa+n || len(b) < (rows-1)*sb+n)) {
		panic(fmt.Sprintf("qvbin: %d rows of %d (strides %d, %d) with %d, %d, %d elements", rows, n, sa, sb, len(out), len(a), len(b)))
	}
}

// Add computes rows of the int8 ADD (see AddParams and checkBlock for the
// layout):
//
//	for r := 0; r < rows; r++ {
//		for i := 0; i < n; i++ {
//			out[r*n+i] = add(a[r*sa+i], b[r*sb+i])
//		}
//	}
func (im *Impl) Add(out, a, b []int8, rows, n, sa, sb int, p *AddParams) {
	checkBlock(out, a, b, rows, n, sa, sb)
	if p.Shift > 31 {
		panic("qvbin: Add shift above 31")
	}
	if rows == 0 || n == 0 {
		return
	}
	nv := 0
	if im.kind != kindGeneric {
		if nv = im.cols(n); nv > 0 {
			addKernel(im.kind, &out[0], &a[0], &b[0], rows, n, nv, sa, sb, p)
		}
	}
	if nv < n {
		for r := range rows {
			addGeneric(out[r*n+nv:][:n-nv], a[r*sa+nv:][:n-nv], b[r*sb+nv:][:n-nv], p)
		}
	}
}

func addGeneric(out, a, b []int8, p *AddParams) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		v := (p.Bias+int32(a[i])*p.AM+int32(b[i])*p.BM)>>p.Shift + p.ZO
		out[i] = int8(min(max(v, p.Lo), p.Hi))
	}
}

// Mul computes rows of the int8 MUL, laid out as Add's.
func (im *Impl) Mul(out, a, b []int8, rows, n, sa, sb int, p *MulParams) {
	checkBlock(out, a, b, rows, n, sa, sb)
	if rows == 0 || n == 0 {
		return
	}
	nv := 0
	if im.kind != kindGeneric {
		if nv = im.cols(n); nv > 0 {
			mulKernel(im.kind, &out[0], &a[0], &b[0], rows, n, nv, sa, sb, p)
		}
	}
	if nv < n {
		for r := range rows {
			mulGeneric(out[r*n+nv:][:n-nv], a[r*sa+nv:][:n-nv], b[r*sb+nv:][:n-nv], p)
		}
	}
}

func mulGeneric(out, a, b []int8, p *MulParams) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		acc := (int32(a[i]) - p.ZA) * (int32(b[i]) - p.ZB)
		f := float32(float32(acc) * p.Scale)
		if f < p.FLo {
			f = p.FLo
		}
		if f > p.FHi {
			f = p.FHi
		}
		out[i] = int8(int32(math.RoundToEven(float64(f))) + p.ZO)
	}
}
