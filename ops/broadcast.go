package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// maxBcastRank is the highest rank binary elementwise ops accept, as TFLite's
// 6-D broadcasting kernels (BroadcastAdd6DSlow and friends).
const maxBcastRank = 6

// bcastShape returns the NumPy broadcast of shapes a and b: the shapes are
// right-aligned, missing leading dimensions count as 1, and each pair of
// dimensions must be equal or contain a 1, in which case the result takes the
// other (so 1 against 0 gives 0).
func bcastShape(a, b tensor.Shape) (tensor.Shape, error) {
	r := max(len(a), len(b))
	out := make(tensor.Shape, r)
	for i := 0; i < r; i++ {
		ad, bd := bcastDim(a, r, i), bcastDim(b, r, i)
		switch {
		case ad == bd:
			out[i] = ad
		case ad == 1:
			out[i] = bd
		case bd == 1:
			out[i] = ad
		default:
			return nil, fmt.Errorf("%w: shapes %v and %v do not broadcast (dimension %d: %d vs %d)",
				ErrShape, a, b, i-r, ad, bd)
		}
		if out[i] < 0 {
			return nil, fmt.Errorf("%w: negative dimension in %v or %v", ErrShape, a, b)
		}
	}
	return out, nil
}

// bcastDim returns dimension i of s right-aligned to rank r (1 when s has no
// such dimension).
func bcastDim(s tensor.Shape, r, i int) int {
	j := i - (r - len(s))
	if j < 0 {
		return 1
	}
	return s[j]
}

// bcastPlan is a precomputed iteration over a broadcast binary op. Output
// dimensions of extent 1 are dropped and adjacent dimensions in which each
// input is broadcast in the same way are merged, so a same-shape op becomes
// one dimension, a scalar op one dimension with a zero stride, and [N,C]+[C]
// two dimensions. The strides are in elements, 0 where the input is
// broadcast. The innermost dimension always has strides 0 or 1 and is never
// broadcast in both inputs.
type bcastPlan struct {
	rank   int // merged dimensions, at least 1 when n > 0
	dims   [maxBcastRank]int
	sa, sb [maxBcastRank]int
	n      int // output elements
	na, nb int // input elements
}

// newBcastPlan plans out = f(a, b) for shapes a and b and returns the plan
// and the output shape.
func newBcastPlan(a, b tensor.Shape) (bcastPlan, tensor.Shape, error) {
	var p bcastPlan
	if len(a) > maxBcastRank || len(b) > maxBcastRank {
		return p, nil, fmt.Errorf("%w: ranks %d and %d exceed the maximum %d", ErrShape, len(a), len(b), maxBcastRank)
	}
	out, err := bcastShape(a, b)
	if err != nil {
		return p, nil, err
	}
	p.n, p.na, p.nb = out.NumElements(), a.NumElements(), b.NumElements()
	if p.n < 0 || p.na < 0 || p.nb < 0 {
		return p, nil, fmt.Errorf("%w: invalid shapes %v and %v", ErrShape, a, b)
	}
	var aBc, bBc [maxBcastRank]bool
	r := len(out)
	for i := 0; i < r; i++ {
		od := out[i]
		if od == 1 {
			continue
		}
		ab, bb := bcastDim(a, r, i) != od, bcastDim(b, r, i) != od
		if p.rank > 0 && aBc[p.rank-1] == ab && bBc[p.rank-1] == bb {
			p.dims[p.rank-1] *= od
			continue
		}
		p.dims[p.rank], aBc[p.rank], bBc[p.rank] = od, ab, bb
		p.rank++
	}
	if p.rank == 0 { // a single element
		p.dims[0], p.rank = 1, 1
	}
	accA, accB := 1, 1
	for i := p.rank - 1; i >= 0; i-- {
		if !aBc[i] {
			p.sa[i] = accA
			accA *= p.dims[i]
		}
		if !bBc[i] {
			p.sb[i] = accB
			accB *= p.dims[i]
		}
	}
	return p, out, nil
}

// ewNum is the element types binary elementwise kernels are instantiated for.
type ewNum interface {
	~float32 | ~int32 | ~int8 | ~uint8 | ~int16 | ~int64
}

// bcastRun computes out = op(a, b) over plan p, then clamps to [lo, hi] when
// doClamp is set. It does not allocate. The slices must hold p.n, p.na and
// p.nb elements.
func bcastRun[T ewNum](p *bcastPlan, op binOp, out, a, b []T, doClamp bool, lo, hi T) {
	if p.n == 0 {
		return
	}
	r := p.rank
	inner := p.dims[r-1]
	isa, isb := p.sa[r-1], p.sb[r-1]
	var idx [maxBcastRank]int
	ao, bo := 0, 0
	for oo := 0; oo < p.n; oo += inner {
		row := out[oo : oo+inner]
		ewRow(op, row, a[ao:], b[bo:], isa, isb)
		if doClamp {
			for i, v := range row {
				if v < lo {
					row[i] = lo
				} else if v > hi {
					row[i] = hi
				}
			}
		}
		// Advance the odometer over the outer dimensions.
		for d := r - 2; d >= 0; d-- {
			idx[d]++
			ao += p.sa[d]
			bo += p.sb[d]
			if idx[d] < p.dims[d] {
				break
			}
			ao -= p.sa[d] * p.dims[d]
			bo -= p.sb[d] * p.dims[d]
			idx[d] = 0
		}
	}
}

// binOp is a binary elementwise operation.
type binOp uint8

const (
	opAdd binOp = iota
	opSub
	opMul
	opDiv
	opMax
	opMin
)

func (op binOp) String() string {
	switch op {
	case opAdd:
		return "Add"
	case opSub:
		return "Sub"
	case opMul:
		return "Mul"
	case opDiv:
		return "Div"
	case opMax:
		return "Maximum"
	case opMin:
		return "Minimum"
	}
	return fmt.Sprintf("binOp(%d)", uint8(op))
}

// ewRow computes one output row: out[i] = op(a[i*sa], b[i*sb]) with strides
// sa, sb in {0, 1}, not both 0 unless the row has one element.
//
// Maximum is el1 > el2 ? el1 : el2 and Minimum el1 < el2 ? el1 : el2, as
// TFLite's MaximumOp and MinimumOp, so a NaN in the first input yields the
// second input.
func ewRow[T ewNum](op binOp, out, a, b []T, sa, sb int) {
	n := len(out)
	switch {
	case sa != 0 && sb != 0:
		a, b = a[:n], b[:n]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = a[i] + b[i]
			}
		case opSub:
			for i := range out {
				out[i] = a[i] - b[i]
			}
		case opMul:
			for i := range out {
				out[i] = a[i] * b[i]
			}
		case opDiv:
			for i := range out {
				out[i] = a[i] / b[i]
			}
		case opMax:
			for i := range out {
				out[i] = ewMax(a[i], b[i])
			}
		case opMin:
			for i := range out {
				out[i] = ewMin(a[i], b[i])
			}
		}
	case sa == 0:
		x := a[0] // sb is 1, or 0 for a one-element row
		b = b[:n]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = x + b[i]
			}
		case opSub:
			for i := range out {
				out[i] = x - b[i]
			}
		case opMul:
			for i := range out {
				out[i] = x * b[i]
			}
		case opDiv:
			for i := range out {
				out[i] = x / b[i]
			}
		case opMax:
			for i := range out {
				out[i] = ewMax(x, b[i])
			}
		case opMin:
			for i := range out {
				out[i] = ewMin(x, b[i])
			}
		}
	default:
		y := b[0]
		a = a[:n]
		switch op {
		case opAdd:
			for i := range out {
				out[i] = a[i] + y
			}
		case opSub:
			for i := range out {
				out[i] = a[i] - y
			}
		case opMul:
			for i := range out {
				out[i] = a[i] * y
			}
		case opDiv:
			for i := range out {
				out[i] = a[i] / y
			}
		case opMax:
			for i := range out {
				out[i] = ewMax(a[i], y)
			}
		case opMin:
			for i := range out {
				out[i] = ewMin(a[i], y)
			}
		}
	}
}

func ewMax[T ewNum](x, y T) T {
	if x > y {
		return x
	}
	return y
}

func ewMin[T ewNum](x, y T) T {
	if x < y {
		return x
	}
	return y
}

// rowBlocks runs a binary op over plan p as blocks of rows for vector
// kernels, when p has such a layout: both inputs contiguous (same shapes,
// or a channel vector broadcast over pixels: rank 2 with row strides), or
// one input a single value, which is repeated into splat so that it reads
// as rows of len(splat) (the remainder is a last, shorter block). run
// computes rows rows of n outputs from rows of a and b that start sa and
// sb elements apart. It reports whether p had such a layout; if not,
// nothing was computed.
func rowBlocks[T any](p *bcastPlan, out, a, b, splat []T, run func(out, a, b []T, rows, n, sa, sb int)) bool {
	if p.rank > 2 {
		return false
	}
	inner := p.dims[p.rank-1]
	isa, isb := p.sa[p.rank-1], p.sb[p.rank-1]
	rows, sa, sb := 1, 0, 0
	if p.rank == 2 {
		rows, sa, sb = p.dims[0], p.sa[0], p.sb[0]
	}
	k := len(splat)
	switch {
	case isa == 1 && isb == 1:
	case p.rank == 1 && isa == 1 && isb == 0: // b is one value
		for i := range splat {
			splat[i] = b[0]
		}
		b = splat
		rows, inner, sa, sb = p.n/k, k, k, 0
		if rest := p.n - rows*k; rest > 0 {
			run(out[rows*k:], a[rows*k:], b, 1, rest, rest, 0)
		}
	case p.rank == 1 && isa == 0 && isb == 1: // a is one value
		for i := range splat {
			splat[i] = a[0]
		}
		a = splat
		rows, inner, sa, sb = p.n/k, k, 0, k
		if rest := p.n - rows*k; rest > 0 {
			run(out[rows*k:], a, b[rows*k:], 1, rest, 0, rest)
		}
	default:
		return false
	}
	if rows > 0 {
		run(out, a, b, rows, inner, sa, sb)
	}
	return true
}
