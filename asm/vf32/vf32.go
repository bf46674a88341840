package vf32

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
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

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

// XTap is one output column of a bilinear row: the element offsets of its
// two source pixels in the row (index times channels) and their weights.
type XTap struct {
	Off0, Off1 int32
	OneMin, D  float32 // weight of Off0 and of Off1
}

// BilinearRow writes one output row of a float32 bilinear resize with c
// channels from source rows r0 (weight ya) and r1 (weight yd), in
// TFLite's order, each product and sum rounded to float32:
//
//	for t, tap := range xs {
//		for ch := 0; ch < c; ch++ {
//			p00, p01 := r0[tap.Off0+ch], r0[tap.Off1+ch]
//			p10, p11 := r1[tap.Off0+ch], r1[tap.Off1+ch]
//			s := p00*ya*tap.OneMin + p10*yd*tap.OneMin
//			s = s + p01*ya*tap.D
//			dst[t*c+ch] = s + p11*yd*tap.D
//		}
//	}
func (im *Impl) BilinearRow(dst, r0, r1 []float32, xs []XTap, c int, ya, yd float32) {
	if c <= 0 || len(dst) < len(xs)*c {
		panic(fmt.Sprintf("vf32: BilinearRow of %d taps x %d channels into %d", len(xs), c, len(dst)))
	}
	for _, t := range xs {
		if t.Off0 < 0 || t.Off1 < 0 || int(t.Off0)+c > len(r0) || int(t.Off1)+c > len(r0) || len(r1) < len(r0) {
			panic(fmt.Sprintf("vf32: BilinearRow tap offsets %d, %d outside rows of %d and %d", t.Off0, t.Off1, len(r0), len(r1)))
		}
	}
	if len(xs) == 0 {
		return
	}
	if im.kind != kindGeneric {
		bilinearKernel(im.kind, &dst[0], &r0[0], &r1[0], &xs[0], len(xs), c, ya, yd)
		return
	}
	bilinearGeneric(dst, r0, r1, xs, c, ya, yd)
}

func bilinearGeneric(dst, r0, r1 []float32, xs []XTap, c int, ya, yd float32) {
	o := 0
	for _, t := range xs {
		p00, p01 := r0[t.Off0:][:c], r0[t.Off1:][:c]
		p10, p11 := r1[t.Off0:][:c], r1[t.Off1:][:c]
		q := dst[o:][:c]
		for ch := range q {
			s := float32(float32(p00[ch]*ya)*t.OneMin) + float32(float32(p10[ch]*yd)*t.OneMin)
			s = float32(s + float32(float32(p01[ch]*ya)*t.D))
			q[ch] = s + float32(float32(p11[ch]*yd)*t.D)
		}
		o += c
	}
}

// QuantizeS8 is the QuantizeS8 method of the best implementation.
func QuantizeS8(y []int8, x []float32, inv, flo, fhi float32, zp int32) {
	best.QuantizeS8(y, x, inv, flo, fhi, zp)
}

// QuantizeS8 converts float32 to int8 as XNNPACK's f32-qs8 conversion:
//
//	f := x[i] * inv                               (float32)
//	f = NaN ? (sign(f) ? flo : fhi) : min(max(f, flo), fhi)
//	y[i] = int8(int32(RoundToEven(f)) + zp)       (truncating)
//
// flo, fhi are the output range less the zero point. y must be at least
// as long as x.
func (im *Impl) QuantizeS8(y []int8, x []float32, inv, flo, fhi float32, zp int32) {
	if len(y) < len(x) {
		panic(fmt.Sprintf("vf32: QuantizeS8 of %d into %d", len(x), len(y)))
	}
	if len(x) == 0 {
		return
	}
	if im.kind != kindGeneric {
		quantizeKernel(im.kind, &y[0], &x[0], len(x), inv, flo, fhi, zp)
		return
	}
	quantizeGeneric(y, x, inv, flo, fhi, zp)
}

func quantizeGeneric(y []int8, x []float32, inv, flo, fhi float32, zp int32) {
	y = y[:len(x)]
	for i, v := range x {
		f := float32(v * inv)
		switch {
		case f != f:
			if math.Signbit(float64(f)) {
				f = flo
			} else {
				f = fhi
			}
		case f < flo:
			f = flo
		case f > fhi:
			f = fhi
		}
		y[i] = int8(int32(math.RoundToEven(float64(f))) + zp)
	}
}

// Constants of Sigmoid (float32).
const (
	sigLog2e  = float32(1.44269504088896340736) // log2(e)
	sigMagic  = float32(12582912)               // 1.5*2^23: adding it rounds to an integer
	sigLn2Hi  = float32(0.693145751953125)      // ln 2, high part (exact in 15 bits)
	sigLn2Lo  = float32(1.42860682030941723212e-6)
	sigCutoff = float32(87.0) // beyond it exp(-|x|) is treated as 0
)

// sigPoly are the coefficients of exp(t) ~ 1 + t + t^2/2! + ... + t^6/6!
// (Taylor) for |t| <= ln(2)/2, highest first (the amd64 kernel reads them
// in this order).
var sigPoly = [7]float32{1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1, 1}

// Sigmoid sets y[i] = 1/(1+exp(-x[i])) computed in float32 by a fixed
// sequence of rounded operations, which every implementation follows
// exactly (its error is below 1e-6 absolute; see sigmoid1):
//
//	z = |x|; e = exp(-z) by range reduction (n = round(-z*log2e), two-part
//	ln 2) and a degree-6 polynomial times 2^n; f = e/(e+1), 0 when
//	z > 87; the result is 1-f for x > 0, else f (NaN stays NaN).
//
// y may be x.
func (im *Impl) Sigmoid(y, x []float32) {
	check(y, x, "Sigmoid")
	if len(x) == 0 {
		return
	}
	if im.kind != kindGeneric {
		sigmoidKernel(im.kind, &y[0], &x[0], len(x))
		return
	}
	for i, v := range x {
		y[i] = sigmoid1(v)
	}
}

// Sigmoid is the package's Sigmoid with the best implementation.
func Sigmoid(y, x []float32) { best.Sigmoid(y, x) }

// sigmoid1 is the reference for one value. Every float32(...) marks a
// rounding the kernels perform as one instruction; nothing is fused.
func sigmoid1(x float32) float32 {
	z := math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) // |x|
	zn := -z
	n := float32(float32(zn*sigLog2e) + sigMagic)
	k := int32(math.Float32bits(n)) - int32(math.Float32bits(sigMagic)) // round(-z*log2e)
	s := math.Float32frombits(uint32((k + 127) << 23))                  // 2^k (garbage past the cutoff)
	n = float32(n - sigMagic)
	t := float32(zn - float32(n*sigLn2Hi))
	t = float32(t - float32(n*sigLn2Lo))
	p := sigPoly[0]
	for _, c := range sigPoly[1:] {
		p = float32(float32(p*t) + c)
	}
	e := float32(p * s)
	f := float32(e / float32(e+1))
	if z > sigCutoff {
		f = 0
	}
	if x > 0 {
		f = float32(1 - f)
	}
	return f
}
