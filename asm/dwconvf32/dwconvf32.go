package dwconvf32

import (
	"fmt"

	"github.com/octet-ml/octet/asm"
	"github.com/octet-ml/octet/asm/gemmf32"
)

// kind identifies a kernel.
type kind uint8

const (
	kindGeneric kind = iota
	kindAVX512
	kindAVX2
	kindNEON
)

// Impl is one implementation of Run.
type Impl struct {
	Name string
	ISA  asm.ISA
	kind kind
	vl   int // channels per vector step; the kernel leaves n%vl to Go (0: it masks them)
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "f32DWGeneric", ISA: asm.Generic, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

// Run computes np output pixels of a float32 depthwise convolution (depth
// multiplier 1), n = len(bias) channels each, as XNNPACK's f32 dwconv
// kernels do: for p < np, c < n,
//
//	acc := bias[c]
//	for t := range xoff {
//		acc = fma(x[xoff[t]+p*xstep+c], w[woff[t]+c], acc)   // one rounding
//	}
//	y[p*n+c] = min(max(acc, lo), hi)
//
// Tap t of pixel p reads n inputs at xoff[t] + p*xstep (the pixels of a
// run share their taps, xstep apart: stride times channels in NHWC) and n
// weights at woff[t]. Every offset is checked: Run panics rather than read
// out of bounds.
func (im *Impl) Run(y []float32, np int, bias, x []float32, xoff []int, xstep int, w []float32, woff []int, lo, hi float32) {
	n := len(bias)
	if np <= 0 || n == 0 {
		return
	}
	if len(y) < np*n || len(xoff) != len(woff) || xstep < 0 {
		panic(fmt.Sprintf("dwconvf32: Run of %dx%d into %d, %d x taps, %d w taps, x step %d", np, n, len(y), len(xoff), len(woff), xstep))
	}
	span := (np-1)*xstep + n
	for t, o := range xoff {
		if o < 0 || o > len(x)-span || woff[t] < 0 || woff[t] > len(w)-n {
			panic(fmt.Sprintf("dwconvf32: Run of %dx%d: tap %d at x[%d] (step %d, %d values) and w[%d] (%d values)",
				np, n, t, o, xstep, len(x), woff[t], len(w)))
		}
	}
	done := 0
	if im.kind != kindGeneric {
		done = n
		if im.vl > 0 {
			done = n / im.vl * im.vl
		}
		if done > 0 {
			var xo, wo *int
			if len(xoff) > 0 {
				xo, wo = &xoff[0], &woff[0]
			}
			a := args{n: n, nt: done, taps: len(xoff), np: np, x: &x[0], xoff: xo, xstep: xstep, w: &w[0], woff: wo,
				bias: &bias[0], y: &y[0], lo: lo, hi: hi}
			kernel(im.kind, &a)
		}
	}
	if done < n {
		generic(done, n, np, y, bias, x, xoff, xstep, w, woff, lo, hi)
	}
}

// args are the assembly kernels' arguments (read by offset: keep the
// order); they compute channels [0, nt) of Run, rows n apart.
type args struct {
	n, nt, taps, np int
	x               *float32
	xoff            *int
	xstep           int
	w               *float32
	woff            *int
	bias, y         *float32
	lo, hi          float32
}

// generic is the reference for channels [from, to): FMA32 is a correctly
// rounded float32 fused multiply-add.
func generic(from, to, np int, y, bias, x []float32, xoff []int, xstep int, w []float32, woff []int, lo, hi float32) {
	n := len(bias)
	for p := range np {
		yr := y[p*n+from : p*n+to]
		copy(yr, bias[from:to])
		for t := range xoff {
			xt := x[xoff[t]+p*xstep+from:][:len(yr)]
			wt := w[woff[t]+from:][:len(yr)]
			for c := range yr {
				yr[c] = gemmf32.FMA32(xt[c], wt[c], yr[c])
			}
		}
		for c, v := range yr {
			yr[c] = gemmf32.Clamp(v, lo, hi)
		}
	}
}
