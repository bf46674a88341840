package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Int8 RESIZE_BILINEAR.
//
// The values are interpolated as stored integers: the input and output must
// share their quantization. Two fixed-point schemes:
//
// quant.FloatRoundEven (the default) is XNNPACK's s8 bilinear resize, which
// LiteRT.js runs (bit-exact in all three coordinate modes): the weights
// come from xnn_indirection_init_resize_bilinear2d_hwc_q11
// (src/indirection.c), per axis with in and out the extents,
//
//	scale = float32(in-adj) / float32(out-adj), adj = 1 if AlignCorners and out > 1
//	src   = float32(o)*scale                          AlignCorners or legacy
//	src   = clamp(float32(o)*scale + (0.5*scale - 0.5), 0, in-1)   HalfPixelCenters
//	i0    = int(src), i1 = min(i0+1, in-1)
//	w     = lrintf((src - i0) * 2048)                 an 11-bit weight
//
// (all float32 arithmetic), and the s8-ibilinear microkernel computes, with
// tl, tr, bl, br the four neighbours and wx, wy the weights,
//
//	t   = tl<<11 + (tr-tl)*wx
//	b   = bl<<11 + (br-bl)*wx
//	out = (t<<11 + (b-t)*wy + 2^21) >> 22
//
// exact integer arithmetic: out = floor(sum(weight products * pixels) /
// 2^22 + 1/2).
//
// quant.FixedPoint is TFLite's reference_ops::ResizeBilinearInteger with
// 10-bit coordinates (ComputeInterpolationValuesInteger):
//
//	scale10 = (1024*in + out/2) / out    ((1024*(in-1) + (out-1)/2)/(out-1) if AlignCorners)
//	s       = o*scale10 (+ scale10/2 - 512 if HalfPixelCenters)
//	i0      = max(s/1024, 0), i1 = min((s+1023)/1024, in-1)   (truncating division)
//	out     = round(sum(p * wy * wx) / 2^20)  half away from zero, wy = (1024-(s-1024*i0), s-1024*i0)
//
// In the default mode an exact 2x upsampling with HalfPixelCenters, or with
// neither option (TFLite's legacy coordinates), takes the separable
// quarter-weight path of upsample2x_int8.go, which gives the same bytes.

// resizeTap8 is one output coordinate of an int8 resize.
type resizeTap8 struct {
	i0, i1 int
	w      int32 // XNNPACK: weight of i1 in 1/2048; TFLite: weight of i1 in 1/1024
	w0     int32 // TFLite: weight of i0 in 1/1024 (may exceed 1024 at the edge)
}

// resizeInt8 is the prepared state of an int8 ResizeBilinear.
type resizeInt8 struct {
	on, fixed          bool
	ys, xs             []resizeTap8
	n, h, w, c, oh, ow int
	up                 upsample2x // the 2x fast path, when up.on
	workers            int
	one                bool // a 1x1 input: every output pixel is the input pixel
}

// prepare sets up an int8 resize of x to oh x ow.
func (r *resizeInt8) prepare(x, o *tensor.Tensor, oh, ow int, align, half bool, m quant.Mode) error {
	r.on = false
	si, zi, err := int8TensorQuant(x, "ResizeBilinear input")
	if err != nil {
		return err
	}
	so, zo, err := int8TensorQuant(o, "ResizeBilinear output")
	if err != nil {
		return err
	}
	if si != so || zi != zo {
		return fmt.Errorf("ResizeBilinear: int8 input quantization (%v, %d) differs from the output's (%v, %d)", si, zi, so, zo)
	}
	r.n, r.h, r.w, r.c = x.Shape.NHWC()
	if r.h <= 0 || r.w <= 0 {
		return fmt.Errorf("ResizeBilinear: %w: int8 input %v has no pixels to interpolate", ErrShape, x.Shape)
	}
	r.oh, r.ow = oh, ow
	r.fixed = m == quant.FixedPoint
	if r.fixed {
		r.ys = tfliteTaps10(r.ys[:0], r.h, oh, align, half)
		r.xs = tfliteTaps10(r.xs[:0], r.w, ow, align, half)
	} else {
		r.ys = xnnTaps11(r.ys[:0], r.h, oh, align, half)
		r.xs = xnnTaps11(r.xs[:0], r.w, ow, align, half)
	}
	// A 1x1 input (a pooled feature map broadcast back, as in ASPP): all
	// four taps of every output are the one pixel v, and both formulas
	// give v exactly, whatever the weights: XNNPACK's sums v<<22 before
	// the rounding shift by 22, TFLite's v<<20 (the weights sum to 1024
	// on each axis) before its rounding division by 2^20.
	r.one = r.h == 1 && r.w == 1
	r.up.on = false
	if !r.fixed && !align && oh == 2*r.h && ow == 2*r.w && r.c > 0 {
		r.up.prepare(r.h, r.w, r.c, half, r.workers)
	}
	r.on = true
	return nil
}

// xnnTaps11 computes XNNPACK's q11 taps of one axis.
func xnnTaps11(dst []resizeTap8, in, out int, align, half bool) []resizeTap8 {
	adj := 0
	if align && out != 1 {
		adj = 1
	}
	scale := float32(in-adj) / float32(out-adj)
	off := float32(0.5*scale) - 0.5
	maxI := float32(in - 1)
	for o := 0; o < out; o++ {
		var src float32
		if align || !half {
			src = float32(float32(o) * scale)
		} else {
			src = float32(float32(o)*scale) + off
			src = min(max(src, 0), maxI)
		}
		i0 := int(src)
		i1 := min(i0+1, in-1)
		a := float32(src - float32(i0))
		w := int32(math.RoundToEven(float64(a * 2048))) // lrintf; a*2048 is exact
		dst = append(dst, resizeTap8{i0: i0, i1: i1, w: w})
	}
	return dst
}

// tfliteTaps10 computes TFLite's 10-bit taps of one axis.
func tfliteTaps10(dst []resizeTap8, in, out int, align, half bool) []resizeTap8 {
	scale := (1024*int32(in) + int32(out)/2) / int32(out)
	if align && out > 1 {
		scale = (1024*int32(in-1) + int32(out-1)/2) / int32(out-1)
	}
	for o := 0; o < out; o++ {
		s := int32(o) * scale
		if half {
			s += scale/2 - 512
		}
		i0 := max(s/1024, 0)
		i1 := min((s+1023)/1024, int32(in-1))
		d := s - 1024*i0
		dst = append(dst, resizeTap8{i0: int(i0), i1: int(i1), w: d, w0: 1024 - d})
	}
	return dst
}

// xnnBilinear is XNNPACK's s8-ibilinear on one channel: the horizontal
// step on the top and bottom pairs, then the vertical step.
func xnnBilinear(tl, tr, bl, br, wx, wy int32) int8 {
	return xnnBilinearV(xnnBilinearH(tl, tr, wx), xnnBilinearH(bl, br, wx), wy)
}

// xnnBilinearH is the microkernel's horizontal step, in 1/2048 units.
func xnnBilinearH(l, r, wx int32) int32 { return l<<11 + (r-l)*wx }

// xnnBilinearV is the microkernel's vertical step and rounding shift.
func xnnBilinearV(t, b, wy int32) int8 { return int8((t<<11 + (b-t)*wy + 1<<21) >> 22) }

// tfliteBilinear is TFLite's ResizeBilinearInteger on one channel, with
// gemmlowp-style rounding half away from zero.
func tfliteBilinear(tl, tr, bl, br int32, ty, tx *resizeTap8) int8 {
	s := int64(tl)*int64(ty.w0)*int64(tx.w0) + int64(bl)*int64(ty.w)*int64(tx.w0) +
		int64(tr)*int64(ty.w0)*int64(tx.w) + int64(br)*int64(ty.w)*int64(tx.w)
	round := int64(1 << 19)
	if s <= 0 {
		round = -round
	}
	return int8((s + round) / (1 << 20))
}

// evalRows computes output rows [lo, hi) (batch x height) on the 2x path
// with worker w's row cache.
func (r *resizeInt8) evalRows(src, dst []int8, lo, hi, w int) error {
	if err := r.checkSizes(src, dst); err != nil {
		return err
	}
	r.up.run(src, dst, lo, hi, w)
	return nil
}

// checkSizes checks that src and dst hold the prepared shapes.
func (r *resizeInt8) checkSizes(src, dst []int8) error {
	if len(src) < r.n*r.h*r.w*r.c || len(dst) < r.n*r.oh*r.ow*r.c {
		return ewErrData("ResizeBilinear")
	}
	return nil
}

// eval resizes src into dst on the general path (the 2x path runs through
// evalRows).
func (r *resizeInt8) eval(src, dst []int8) error {
	c := r.c
	if err := r.checkSizes(src, dst); err != nil {
		return err
	}
	if r.one {
		for b := 0; b < r.n; b++ {
			q := dst[b*r.oh*r.ow*c : (b+1)*r.oh*r.ow*c]
			if len(q) == 0 {
				continue
			}
			copy(q, src[b*c:(b+1)*c])
			for f := c; f < len(q); f *= 2 {
				copy(q[f:], q[:f])
			}
		}
		return nil
	}
	o := 0
	for b := 0; b < r.n; b++ {
		img := src[b*r.h*r.w*c:]
		for yi := range r.ys {
			ty := &r.ys[yi]
			row0 := img[ty.i0*r.w*c:]
			row1 := img[ty.i1*r.w*c:]
			for xi := range r.xs {
				tx := &r.xs[xi]
				p00 := row0[tx.i0*c : tx.i0*c+c]
				p01 := row0[tx.i1*c : tx.i1*c+c]
				p10 := row1[tx.i0*c : tx.i0*c+c]
				p11 := row1[tx.i1*c : tx.i1*c+c]
				q := dst[o : o+c]
				if r.fixed {
					for ch := range q {
						q[ch] = tfliteBilinear(int32(p00[ch]), int32(p01[ch]), int32(p10[ch]), int32(p11[ch]), ty, tx)
					}
				} else {
					wx, wy := tx.w, ty.w
					for ch := range q {
						q[ch] = xnnBilinear(int32(p00[ch]), int32(p01[ch]), int32(p10[ch]), int32(p11[ch]), wx, wy)
					}
				}
				o += c
			}
		}
	}
	return nil
}
