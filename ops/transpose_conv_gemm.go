package ops

import (
	"math"

	"github.com/octet-ml/octet/asm/gemmf32"
	"github.com/octet-ml/octet/asm/gemmi8"
	"github.com/octet-ml/octet/tensor"
)

// The GEMM ("col2im") form of a transposed convolution with constant
// weights, float32 and int8. For each input pixel p the kH·kW·outC values
// it contributes are one row of the product
//
//	T[p][(ky*kW+kx)*outC+oc] = sum over ic of x[p][ic] * w[oc][ky][kx][ic]
//
// (asm/gemmf32, asm/gemmi8 with the input zero point folded into the
// initial values), which is then added into the output at
// (iy*strideH-padH+ky, ix*strideW-padW+kx), dropping what falls outside.
// Input pixels are processed in chunks of tconvChunk rows so the scratch
// stays small. The int8 sums are exact, so they equal the scatter loop's;
// in float32 each contribution is a fused-multiply-add chain over the
// input channels (gemmf32.Ref) instead of TFLite's product-by-product
// additions, which moves results by rounding only.

const tconvChunk = 256

// tconvGemm is the prepared GEMM form; nil when the weights are not
// constant (the scatter loop runs then).
type tconvGemm struct {
	// direct: the taps tile the output exactly (stride = kernel, no
	// padding), so for each input row and filter row the product is one
	// output row: the GEMM writes it in place, no col2im.
	direct bool
	pfRow  [][]float32      // per filter row ky: packed rows (kx, oc)
	piRow  []*gemmi8.Packed // likewise for int8
	biasIn bool             // piRow's initial values include the bias

	n    int // kH*kW*outC
	f32  gemmf32.Impl
	pf   []float32        // packed float weights
	tf   []float32        // scratch, tconvChunk*n
	tw   scratch[float32] // per-worker scratch of the direct form, one output row each
	pi   *gemmi8.Packed
	ti   []int32 // scratch, tconvChunk*n
	xpad []int8  // the chunk's int8 rows padded to the kernel's K block
	kp   int
}

// tconvRows reorders weights [outC][kH][kW][inC] into rows
// (ky*kW+kx)*outC+oc of inC values.
func tconvRows[T any](g *tconvGeom, w []T) []T {
	n := g.kH * g.kW * g.outC
	r := make([]T, n*g.inC)
	for oc := range g.outC {
		for t := range g.kH * g.kW {
			copy(r[(t*g.outC+oc)*g.inC:][:g.inC], w[(oc*g.kH*g.kW+t)*g.inC:][:g.inC])
		}
	}
	return r
}

// newTconvGemmF32 prepares the float form for constant weights wt, with
// scratch for the given number of workers.
func newTconvGemmF32(g *tconvGeom, wt *tensor.Tensor, workers int) *tconvGemm {
	if !wt.Const || len(wt.F32()) < g.outC*g.kH*g.kW*g.inC || g.inC == 0 {
		return nil
	}
	t := &tconvGemm{n: g.kH * g.kW * g.outC, f32: gemmf32.Best()}
	t.pf = make([]float32, gemmf32.PackedLen(t.n, g.inC))
	gemmf32.Pack(t.pf, tconvRows(g, wt.F32()), nil, t.n, g.inC)
	t.tf = make([]float32, tconvChunk*t.n)
	if tconvDirect(g) {
		t.direct = true
		rows := tconvRows(g, wt.F32())
		nr := g.kW * g.outC
		for ky := range g.kH {
			pf := make([]float32, gemmf32.PackedLen(nr, g.inC))
			gemmf32.Pack(pf, rows[ky*nr*g.inC:][:nr*g.inC], nil, nr, g.inC)
			t.pfRow = append(t.pfRow, pf)
		}
		t.tw = newScratch[float32](workers, g.inW*nr)
	}
	return t
}

// tconvDirect reports whether the transposed convolution's taps tile its
// output exactly: each output element receives exactly one input pixel's
// contribution, through rows of the output laid out as GEMM rows.
func tconvDirect(g *tconvGeom) bool {
	return g.strideH == g.kH && g.strideW == g.kW && g.padH == 0 && g.padW == 0 &&
		g.outH == g.inH*g.kH && g.outW == g.inW*g.kW
}

// newTconvGemmI8 prepares the int8 form for constant weights wt and input
// zero point zp. A constant bias (nil if none or not constant) is folded
// into the GEMM's initial values of the direct form, which then produces
// the whole accumulator.
func newTconvGemmI8(g *tconvGeom, wt *tensor.Tensor, zp int32, bias []int32) *tconvGemm {
	if !wt.Const || len(wt.I8()) < g.outC*g.kH*g.kW*g.inC || g.inC == 0 {
		return nil
	}
	t := &tconvGemm{n: g.kH * g.kW * g.outC}
	rows := tconvRows(g, wt.I8())
	init := make([]int32, t.n)
	for r := range init {
		var s int32
		for _, v := range rows[r*g.inC:][:g.inC] {
			s += int32(v)
		}
		init[r] = -zp * s
	}
	im := gemmi8.Best()
	t.pi = im.Pack(rows, t.n, g.inC, init)
	t.kp = kPad(im, g.inC)
	t.xpad = make([]int8, tconvChunk*t.kp)
	t.ti = make([]int32, tconvChunk*t.n)
	if tconvDirect(g) {
		t.direct = true
		nr := g.kW * g.outC
		t.biasIn = bias != nil
		for ky := range g.kH {
			ri := append([]int32(nil), init[ky*nr:][:nr]...)
			if bias != nil {
				for j := range ri {
					ri[j] += bias[j%g.outC]
				}
			}
			t.piRow = append(t.piRow, im.Pack(rows[ky*nr*g.inC:][:nr*g.inC], nr, g.inC, ri))
		}
	}
	return t
}

// parts is the number of independent units of the transposed
// convolution: input rows (batch x height) in the direct form, where each
// writes its own kH output rows; 1 otherwise (col2im overlaps).
func (t *tconvGemm) parts(g *tconvGeom) int {
	if t == nil || !t.direct {
		return 1
	}
	return g.n * g.inH
}

// runF32Direct computes the products of input rows [lo, hi) (b*inH+iy)
// for their kH output rows of y, which they tile: each output element gets
// one product. With add, the product is added to y's value (the bias), as
// col2im adds it, through worker w's scratch; otherwise the kernel writes
// it in place (col2im would add it to zero, which gives the same value).
func (t *tconvGemm) runF32Direct(g *tconvGeom, x, y []float32, lo, hi, w int, add bool) {
	inf := float32(math.Inf(1))
	nr := g.kW * g.outC
	for r := lo; r < hi; r++ {
		xr := x[r*g.inW*g.inC:]
		for ky := range g.kH {
			yr := y[(r*g.kH+ky)*g.outW*g.outC:][:g.outW*g.outC]
			if !add {
				t.f32.Run(g.inW, nr, g.inC, xr, g.inC, t.pfRow[ky], yr, nr, -inf, inf)
				continue
			}
			tw := t.tw.of(w)[:len(yr)]
			t.f32.Run(g.inW, nr, g.inC, xr, g.inC, t.pfRow[ky], tw, nr, -inf, inf)
			for i, v := range tw {
				yr[i] += v
			}
		}
	}
}

// runI8Direct writes the accumulators (initial values included) of input
// rows [lo, hi) to their kH output rows of acc.
func (t *tconvGemm) runI8Direct(g *tconvGeom, x []int8, acc []int32, lo, hi int) {
	nr := g.kW * g.outC
	for r := lo; r < hi; r++ {
		xr := x[r*g.inW*g.inC:][:g.inW*g.inC]
		for ky := range g.kH {
			ar := acc[(r*g.kH+ky)*g.outW*g.outC:][:g.outW*g.outC]
			t.piRow[ky].Gemm(g.inW, xr, g.inC, ar, nr)
		}
	}
}

// runF32 adds the transposed convolution of x into y (which holds the
// starting values, e.g. zeros or the bias): the col2im form.
func (t *tconvGemm) runF32(g *tconvGeom, x, y []float32) {
	inf := float32(math.Inf(1))
	P := g.inH * g.inW
	for b := range g.n {
		xb := x[b*P*g.inC:]
		yb := y[b*g.outH*g.outW*g.outC:]
		for p0 := 0; p0 < P; p0 += tconvChunk {
			m := min(tconvChunk, P-p0)
			t.f32.Run(m, t.n, g.inC, xb[p0*g.inC:], g.inC, t.pf, t.tf, t.n, -inf, inf)
			tconvCol2Im(g, p0, m, t.n, t.tf, yb)
		}
	}
}

// runI8 adds the int8 transposed convolution of x, less the input zero
// point, into acc (output-sized): the col2im form.
func (t *tconvGemm) runI8(g *tconvGeom, x []int8, acc []int32) {
	P := g.inH * g.inW
	for b := range g.n {
		xb := x[b*P*g.inC:]
		ab := acc[b*g.outH*g.outW*g.outC:]
		for p0 := 0; p0 < P; p0 += tconvChunk {
			m := min(tconvChunk, P-p0)
			for r := range m {
				copy(t.xpad[r*t.kp:][:g.inC], xb[(p0+r)*g.inC:][:g.inC])
			}
			t.pi.Gemm(m, t.xpad, t.kp, t.ti, t.n)
			tconvCol2Im(g, p0, m, t.n, t.ti, ab)
		}
	}
}

// tconvCol2Im adds rows [0, m) of T (input pixels p0.. of one image, n
// values each) into the image's output y.
func tconvCol2Im[T int32 | float32](g *tconvGeom, p0, m, n int, tm, y []T) {
	for r := range m {
		p := p0 + r
		iy, ix := p/g.inW, p%g.inW
		oy0, ox0 := iy*g.strideH-g.padH, ix*g.strideW-g.padW
		row := tm[r*n:][:n]
		for ky := range g.kH {
			oy := oy0 + ky
			if oy < 0 || oy >= g.outH {
				continue
			}
			for kx := range g.kW {
				ox := ox0 + kx
				if ox < 0 || ox >= g.outW {
					continue
				}
				dst := y[(oy*g.outW+ox)*g.outC:][:g.outC]
				src := row[(ky*g.kW+kx)*g.outC:][:g.outC]
				for oc, v := range src {
					dst[oc] += v
				}
			}
		}
	}
}
