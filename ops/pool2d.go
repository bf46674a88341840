package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm/rowsum"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// AveragePool2D is TFLite's AVERAGE_POOL_2D on float32 NHWC tensors, and on
// int8 ones (see pool2d_int8.go).
//
// Input [N,H,W,C], output [N,OH,OW,C] with the output size and leading
// padding of a convolution with a FilterH x FilterW filter (dilation 1). Each
// output is the mean of the window's taps that fall inside the input: the sum
// is divided by the number of in-bounds taps, not by the filter area, so
// padding does not pull averages toward zero. Global average pooling is a
// filter the size of the input.
type AveragePool2D struct {
	Padding          Padding
	StrideH, StrideW int
	FilterH, FilterW int
	Activation       Activation

	g    poolGeom
	mode quant.Mode
	q    *poolInt8 // int8 state; nil when the kernel runs on float32
}

// SetRequantization implements Requantizer. The int8 average pool computes
// the same in both modes (see pool2d_int8.go); the float32 path ignores it.
func (k *AveragePool2D) SetRequantization(m quant.Mode) { k.mode = m }

// MaxPool2D is TFLite's MAX_POOL_2D on float32 NHWC tensors (and int8 ones,
// see pool2d_int8.go), with the same geometry as AveragePool2D. Each output
// is the maximum of the window's in-bounds taps (padding never contributes).
type MaxPool2D struct {
	Padding          Padding
	StrideH, StrideW int
	FilterH, FilterW int
	Activation       Activation

	g    poolGeom
	mode quant.Mode
	q    *poolInt8 // int8 state; nil when the kernel runs on float32
}

// SetRequantization implements Requantizer: it selects how the int8 path
// quantizes the fused activation's bounds (see pool2d_int8.go). The float32
// path ignores it.
func (k *MaxPool2D) SetRequantization(m quant.Mode) { k.mode = m }

// poolGeom is the geometry of a 2-D pool.
type poolGeom struct {
	n, inH, inW, c   int
	outH, outW       int
	fH, fW           int
	padH, padW       int
	strideH, strideW int
	lo, hi           float32
}

// Prepare implements Kernel. An int8 input selects the int8 path
// (pool2d_int8.go).
func (k *AveragePool2D) Prepare(in, out []*tensor.Tensor) error {
	k.q = nil
	var err error
	if int8Input(in) {
		k.g, k.q, err = poolPrepareInt8(k.Padding, k.StrideH, k.StrideW, k.FilterH, k.FilterW, k.Activation, false, k.mode, in, out)
	} else {
		k.g, err = poolPrepare(k.Padding, k.StrideH, k.StrideW, k.FilterH, k.FilterW, k.Activation, in, out)
	}
	if err != nil {
		return fmt.Errorf("AVERAGE_POOL_2D: %w", err)
	}
	return nil
}

// Prepare implements Kernel. An int8 input selects the int8 path
// (pool2d_int8.go).
func (k *MaxPool2D) Prepare(in, out []*tensor.Tensor) error {
	k.q = nil
	var err error
	if int8Input(in) {
		k.g, k.q, err = poolPrepareInt8(k.Padding, k.StrideH, k.StrideW, k.FilterH, k.FilterW, k.Activation, true, k.mode, in, out)
	} else {
		k.g, err = poolPrepare(k.Padding, k.StrideH, k.StrideW, k.FilterH, k.FilterW, k.Activation, in, out)
	}
	if err != nil {
		return fmt.Errorf("MAX_POOL_2D: %w", err)
	}
	return nil
}

func poolPrepare(p Padding, sh, sw, fh, fw int, act Activation, in, out []*tensor.Tensor) (poolGeom, error) {
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return poolGeom{}, err
	}
	x := in[0]
	if err := convCheckF32(x, "input", 4); err != nil {
		return poolGeom{}, err
	}
	g, err := poolGeometry(p, sh, sw, fh, fw, act, x)
	if err != nil {
		return poolGeom{}, err
	}
	if err := convSetOutput(out[0], tensor.Shape{g.n, g.outH, g.outW, g.c}); err != nil {
		return poolGeom{}, err
	}
	return g, nil
}

// poolGeometry checks the pool's options against its input (rank 4 and
// positive, checked by the caller) and works out the geometry.
func poolGeometry(p Padding, sh, sw, fh, fw int, act Activation, x *tensor.Tensor) (poolGeom, error) {
	var g poolGeom
	if sh <= 0 || sw <= 0 {
		return g, fmt.Errorf("stride %dx%d must be positive", sh, sw)
	}
	if fh <= 0 || fw <= 0 {
		return g, fmt.Errorf("filter %dx%d must be positive", fh, fw)
	}
	lo, hi, ok := act.Range()
	if !ok {
		return g, errUnsupportedAct(act)
	}
	n, h, w, c := x.Shape.NHWC()
	oh, ph, err := convOutSize(p, h, fh, sh, 1)
	if err != nil {
		return g, fmt.Errorf("%w: height: %v", ErrShape, err)
	}
	ow, pw, err := convOutSize(p, w, fw, sw, 1)
	if err != nil {
		return g, fmt.Errorf("%w: width: %v", ErrShape, err)
	}
	return poolGeom{
		n: n, inH: h, inW: w, c: c,
		outH: oh, outW: ow,
		fH: fh, fW: fw,
		padH: ph, padW: pw,
		strideH: sh, strideW: sw,
		lo: lo, hi: hi,
	}, nil
}

// window returns the in-bounds filter rows [y0,y1) and columns [x0,x1) of
// output (oy,ox), and the input position of filter tap (0,0).
func (g *poolGeom) window(oy, ox int) (iy0, ix0, y0, y1, x0, x1 int) {
	iy0 = oy*g.strideH - g.padH
	ix0 = ox*g.strideW - g.padW
	y0, y1 = max(0, -iy0), min(g.fH, g.inH-iy0)
	x0, x1 = max(0, -ix0), min(g.fW, g.inW-ix0)
	return
}

// Eval implements Kernel.
//
// Every window has at least one in-bounds tap: convOutSize's padding is less
// than the filter extent and no window starts past the input's end.
func (k *AveragePool2D) Eval(in, out []*tensor.Tensor) error {
	if k.q != nil {
		return k.evalInt8(in, out)
	}
	g := &k.g
	x := in[0].F32()
	y := out[0].F32()
	for b := 0; b < g.n; b++ {
		for oy := 0; oy < g.outH; oy++ {
			for ox := 0; ox < g.outW; ox++ {
				iy0, ix0, y0, y1, x0, x1 := g.window(oy, ox)
				// Accumulate in the output row: each channel still sums its
				// taps in filter-row, filter-column order.
				yrow := y[((b*g.outH+oy)*g.outW+ox)*g.c:][:g.c]
				clear(yrow)
				for fy := y0; fy < y1; fy++ {
					// The window's pixels of this filter row, in order.
					first := ((b*g.inH+iy0+fy)*g.inW + ix0 + x0) * g.c
					rowsum.F32(yrow, x[first:first+(x1-x0)*g.c], x1-x0, g.c)
				}
				count := float32((y1 - y0) * (x1 - x0))
				for i, v := range yrow {
					yrow[i] = clamp(v/count, g.lo, g.hi)
				}
			}
		}
	}
	return nil
}

// Eval implements Kernel.
func (k *MaxPool2D) Eval(in, out []*tensor.Tensor) error {
	if k.q != nil {
		return k.evalInt8(in, out)
	}
	g := &k.g
	x := in[0].F32()
	y := out[0].F32()
	for b := 0; b < g.n; b++ {
		for oy := 0; oy < g.outH; oy++ {
			for ox := 0; ox < g.outW; ox++ {
				iy0, ix0, y0, y1, x0, x1 := g.window(oy, ox)
				yrow := y[((b*g.outH+oy)*g.outW+ox)*g.c:][:g.c]
				for i := range yrow {
					yrow[i] = -math.MaxFloat32 // TFLite's numeric_limits<float>::lowest()
				}
				for fy := y0; fy < y1; fy++ {
					for fx := x0; fx < x1; fx++ {
						xrow := x[((b*g.inH+iy0+fy)*g.inW+ix0+fx)*g.c:][:g.c]
						for i, v := range xrow {
							if v > yrow[i] { // std::max: a NaN tap is skipped
								yrow[i] = v
							}
						}
					}
				}
				for i, v := range yrow {
					yrow[i] = clamp(v, g.lo, g.hi)
				}
			}
		}
	}
	return nil
}
