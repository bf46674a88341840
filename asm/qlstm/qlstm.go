package qlstm

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm"
)

// kind identifies a kernel set.
type kind uint8

const (
	kindGeneric kind = iota
	kindAVX2
	kindNEON
)

// Impl is one implementation of the package's kernels.
type Impl struct {
	Name string
	ISA  asm.ISA
	VL   int // elements per vector step; the last n%VL run in Go
	kind kind
}

func (im *Impl) String() string { return im.Name }

// Generic is the pure-Go reference, always available.
var Generic = &Impl{Name: "qlstmGeneric", ISA: asm.Generic, VL: 1, kind: kindGeneric}

// Impls returns every implementation this CPU and build can run, the
// generic one first, regardless of OCTET_ISA (tests compare them all).
func Impls() []*Impl { return asm.ImplsOf(Generic, archImpls, (*Impl).level) }

// Best returns the fastest implementation asm.Selected allows.
func Best() *Impl { return asm.BestOf(Generic, archImpls, (*Impl).level) }

func (im *Impl) level() asm.ISA { return im.ISA }

// Mult is a quantized multiplier M·2^(Shift-31) (TFLite's QuantizeMultiplier
// form, M in [2^30, 2^31) or 0), applied as TFLite's
// MultiplyByQuantizedMultiplier: a wrapping left shift by max(Shift, 0), a
// saturating rounding doubling high multiplication by M (ties toward +Inf),
// then a rounding right shift by max(-Shift, 0) (ties away from zero).
// Build it with NewMult; the zero value multiplies by 0.
type Mult struct {
	M     int32
	Shift int
	v     vmult
}

// vmult is a Mult in the form the kernels read (offsets are fixed in the
// assembly): every value in all lanes, and x86 shift counts as 64-bit
// integers.
type vmult struct {
	m     [8]int32 // 0: M
	mask  [8]int32 // 32: 2^rsh - 1
	thr   [8]int32 // 64: mask >> 1
	lsh   [8]int32 // 96: lsh (NEON SSHL)
	nrsh  [8]int32 // 128: -rsh (NEON SRSHL and the negative fix-up)
	lshC  [2]int64 // 160: lsh as an x86 shift count
	rshC  [2]int64 // 176: rsh as an x86 shift count
	lshS  int      // 192
	rshS  int      // 200
	valid bool
}

// NewMult returns the multiplier M·2^(shift-31). M must be >= 0 and shift
// in [-31, 30]; TFLite's QuantizeMultiplier gives such pairs for any
// multiplier below 2^30.
func NewMult(m int32, shift int) (Mult, error) {
	if m < 0 || shift < -31 || shift > 30 {
		return Mult{}, fmt.Errorf("qlstm: multiplier %d·2^(%d-31) out of range", m, shift)
	}
	q := Mult{M: m, Shift: shift}
	l, r := max(shift, 0), max(-shift, 0)
	v := &q.v
	for i := range 8 {
		v.m[i] = m
		v.mask[i] = int32(uint32(1)<<r - 1)
		v.thr[i] = v.mask[i] >> 1
		v.lsh[i] = int32(l)
		v.nrsh[i] = int32(-r)
	}
	v.lshC[0], v.rshC[0] = int64(l), int64(r)
	v.lshS, v.rshS = l, r
	v.valid = true
	return q, nil
}

// Apply is MultiplyByQuantizedMultiplier(x, q.M, q.Shift) for M >= 0,
// without branches:
//
//	x <<= lsh                   (wrapping)
//	h = (x·M + 2^30) >> 31      floor; equals the truncating form with
//	                            the sign-dependent nudge (M >= 0, so the
//	                            MinInt32·MinInt32 saturation cannot occur)
//	r = h >> rsh, +1 if the remainder exceeds half (ties away from zero)
func (q *Mult) Apply(x int32) int32 {
	x <<= uint(q.v.lshS)
	h := int32((int64(x)*int64(q.M) + 1<<30) >> 31)
	mask := q.v.mask[0]
	r := h >> uint(q.v.rshS)
	if h&mask+(h>>31) > q.v.thr[0] {
		r++
	}
	return r
}

func sat16(v int32) int16 { return int16(max(min(v, math.MaxInt16), math.MinInt16)) }
func sat8(v int32) int8   { return int8(max(min(v, math.MaxInt8), math.MinInt8)) }

// rdpot is a rounding right shift by e in [0, 31], ties away from zero
// (gemmlowp's RoundingDivideByPOT).
func rdpot(x int32, e uint) int32 {
	mask := int32(1)<<e - 1
	r := x >> e
	if x&mask+(x>>31) > mask>>1 {
		r++
	}
	return r
}

func checkMult(q *Mult) {
	if !q.v.valid && (q.M != 0 || q.Shift != 0) {
		panic("qlstm: Mult not built with NewMult")
	}
}

// Gate writes the integer LSTM's gate pre-activation (Q3.12) from the
// input and recurrent products a and b:
//
//	for i := range v {
//		v[i] = sat16(mb(b[i]) + int32(sat16(ma(a[i]))))
//	}
//
// with m(x) MultiplyByQuantizedMultiplier and sat16 saturation to int16
// (the int32 addition wraps, as TFLite's). a and b must be at least as long
// as v.
func (im *Impl) Gate(v []int16, a, b []int32, ma, mb *Mult) {
	n := len(v)
	if len(a) < n || len(b) < n {
		panic(fmt.Sprintf("qlstm: Gate of %d with %d and %d products", n, len(a), len(b)))
	}
	checkMult(ma)
	checkMult(mb)
	nv := 0
	if im.kind != kindGeneric {
		nv = n / im.VL * im.VL
		if nv > 0 {
			gateKernel(im.kind, &v[0], &a[0], &b[0], nv, &ma.v, &mb.v)
		}
	}
	gateGeneric(v[nv:], a[nv:n], b[nv:n], ma, mb)
}

func gateGeneric(v []int16, a, b []int32, ma, mb *Mult) {
	a, b = a[:len(v)], b[:len(v)]
	for i := range v {
		v[i] = sat16(mb.Apply(b[i]) + int32(sat16(ma.Apply(a[i]))))
	}
}

// Cell updates the int16 cell state c from the Q0.15 input, forget and
// cell gates as TFLite's UpdateLstmCellInteger:
//
//	for i := range c {
//		x := int16(rdpot(int32(fg[i])*int32(c[i]), 15))
//		y := int16(rdpot(int32(ig[i])*int32(gg[i]), shift))
//		c[i] = clamp(sat16(int32(x)+int32(y)), -clip, clip)
//	}
//
// with rdpot a rounding right shift (ties away from zero), the int16
// conversions truncating, and no clamp when clip <= 0. ig nil means CIFG:
// the input gate is 32767-fg[i] (int16 arithmetic). shift is 30 plus the
// cell state's scale exponent and must be in [0, 31].
func (im *Impl) Cell(c, ig, fg, gg []int16, shift int, clip int16) {
	n := len(c)
	if len(fg) < n || len(gg) < n || (ig != nil && len(ig) < n) || shift < 0 || shift > 31 {
		panic(fmt.Sprintf("qlstm: Cell of %d with gates %d, %d, %d, shift %d", n, len(ig), len(fg), len(gg), shift))
	}
	hi, lo := int16(math.MaxInt16), int16(math.MinInt16)
	if clip > 0 {
		hi, lo = clip, -clip
	}
	nv := 0
	if im.kind != kindGeneric {
		nv = n / im.VL * im.VL
		if nv > 0 {
			var ip *int16
			if ig != nil {
				ip = &ig[0]
			}
			cellKernel(im.kind, &c[0], ip, &fg[0], &gg[0], nv, shift, hi, lo)
		}
	}
	if ig != nil {
		ig = ig[nv:]
	}
	cellGeneric(c[nv:], ig, fg[nv:], gg[nv:], uint(shift), hi, lo)
}

func cellGeneric(c, ig, fg, gg []int16, shift uint, hi, lo int16) {
	fg, gg = fg[:len(c)], gg[:len(c)]
	for i := range c {
		var in int16
		if ig == nil {
			in = math.MaxInt16 - fg[i]
		} else {
			in = ig[i]
		}
		x := int16(rdpot(int32(fg[i])*int32(c[i]), 15))
		y := int16(rdpot(int32(in)*int32(gg[i]), shift))
		c[i] = max(min(sat16(int32(x)+int32(y)), hi), lo)
	}
}

// Hidden writes the integer LSTM's hidden state from the output gate o
// (Q0.15) and t = tanh(c) (Q0.15):
//
//	for i := range m {
//		m[i] = sat8(q(int32(o[i])*int32(t[i])) - zp)
//	}
//
// with q MultiplyByQuantizedMultiplier and the subtraction wrapping in
// int32. o and t must be at least as long as m.
func (im *Impl) Hidden(m []int8, o, t []int16, q *Mult, zp int32) {
	n := len(m)
	if len(o) < n || len(t) < n {
		panic(fmt.Sprintf("qlstm: Hidden of %d with %d and %d", n, len(o), len(t)))
	}
	checkMult(q)
	nv := 0
	if im.kind != kindGeneric {
		nv = n / im.VL * im.VL
		if nv > 0 {
			hiddenKernel(im.kind, &m[0], &o[0], &t[0], nv, &q.v, zp)
		}
	}
	hiddenGeneric(m[nv:], o[nv:n], t[nv:n], q, zp)
}

func hiddenGeneric(m []int8, o, t []int16, q *Mult, zp int32) {
	o, t = o[:len(m)], t[:len(m)]
	for i := range m {
		m[i] = sat8(q.Apply(int32(o[i])*int32(t[i])) - zp)
	}
}

// Lookup sets dst[i] = tab[uint16(v[i])]; dst may be v. v must be at least
// as long as dst. It is plain Go on every architecture: the index needs no
// bounds check, so the loop is a load and a store per element.
func Lookup(dst, v []int16, tab *[1 << 16]int16) {
	v = v[:len(dst)]
	for i, x := range v {
		dst[i] = tab[uint16(x)]
	}
}
