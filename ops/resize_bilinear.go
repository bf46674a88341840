package ops

import (
	"fmt"
	"github.com/octet-ml/octet/asm/vf32"
	"math"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// ResizeBilinear resizes the height and width of an NHWC float32 image by
// bilinear interpolation. Inputs: the image [N,H,W,C] and the output size, an
// int32 tensor [2] holding (newH, newW) that must be constant. Output:
// [N,newH,newW,C].
//
// It reproduces TFLite's reference float kernel, all in float32. Per output
// axis (height shown; width is the same), with in = H and out = newH:
//
//	scale = in / out                      (float32 division)
//	scale = (in-1) / (out-1)              if AlignCorners and out > 1
//	src   = (y + 0.5) * scale - 0.5       if HalfPixelCenters
//	src   = y * scale                     otherwise
//	y0    = max(floor(src), 0)
//	y1    = min(ceil(src), in-1)
//	dy    = src - y0                      (not clamped: may be negative at
//	                                       the top edge, where y0 == y1)
//
// and the output is
//
//	in[y0,x0]*(1-dy)*(1-dx) + in[y1,x0]*dy*(1-dx) +
//	in[y0,x1]*(1-dy)*dx     + in[y1,x1]*dy*dx
//
// with each product evaluated left to right and the sum left to right, every
// operation rounded to float32 (no fused multiply-add). When y0 == y1 the two
// weights sum to 1, so edge samples reproduce the edge pixel: this is
// clamp-to-edge bilinear interpolation. AlignCorners with HalfPixelCenters is
// rejected, as in TFLite.
//
// Int8 images (per-tensor quantized, the output quantized the same way) are
// interpolated in fixed point, as XNNPACK (the default) or TFLite's
// reference kernel (quant.FixedPoint); see resize_bilinear_int8.go.
type ResizeBilinear struct {
	AlignCorners     bool
	HalfPixelCenters bool

	mode               quant.Mode
	ys, xs             []bilinearTap
	vxs                []vf32.XTap // xs as asm/vf32 reads them
	vf                 *vf32.Impl
	n, h, w, c, oh, ow int
	q8                 resizeInt8
	workers
}

// SetRequantization implements Requantizer (int8 only).
func (k *ResizeBilinear) SetRequantization(m quant.Mode) { k.mode = m }

// bilinearTap is the precomputed source of one output row or column.
type bilinearTap struct {
	i0, i1    int     // source indices (lower, upper)
	d, oneMin float32 // src-i0 and 1-(src-i0)
}

// Prepare implements Kernel.
func (k *ResizeBilinear) Prepare(in, out []*tensor.Tensor) error {
	if k.AlignCorners && k.HalfPixelCenters {
		return fmt.Errorf("ResizeBilinear: align_corners and half_pixel_centers cannot both be set")
	}
	k.q8.on = false
	if len(in) > 0 && in[0] != nil && in[0].DType == tensor.Int8 {
		oh, ow, err := resizePrepare("ResizeBilinear", in, out, tensor.Int8)
		if err != nil {
			return err
		}
		k.q8.workers = k.count()
		return k.q8.prepare(in[0], out[0], oh, ow, k.AlignCorners, k.HalfPixelCenters, k.mode)
	}
	oh, ow, err := resizePrepare("ResizeBilinear", in, out, tensor.Float32)
	if err != nil {
		return err
	}
	k.n, k.h, k.w, k.c = in[0].Shape.NHWC()
	k.oh, k.ow = oh, ow
	k.ys = bilinearTaps(nil, k.h, oh, k.AlignCorners, k.HalfPixelCenters)
	k.xs = bilinearTaps(nil, k.w, ow, k.AlignCorners, k.HalfPixelCenters)
	k.vxs = k.vxs[:0]
	for _, t := range k.xs {
		k.vxs = append(k.vxs, vf32.XTap{Off0: int32(t.i0 * k.c), Off1: int32(t.i1 * k.c), OneMin: t.oneMin, D: t.d})
	}
	k.vf = vf32.Best()
	if k.c <= 0 || int64(k.w)*int64(k.c) >= 1<<31 {
		k.vf = vf32.Generic // the Go loop below (int32 tap offsets)
	}
	return nil
}

// bilinearTaps computes the taps of one axis, TFLite's
// ComputeInterpolationValues for every output coordinate.
func bilinearTaps(dst []bilinearTap, in, out int, alignCorners, halfPixel bool) []bilinearTap {
	scale := float32(in) / float32(out)
	if alignCorners && out > 1 {
		scale = float32(in-1) / float32(out-1)
	}
	for o := 0; o < out; o++ {
		var src float32
		if halfPixel {
			// The explicit conversion keeps the product rounded (no FMA).
			src = float32((float32(o)+0.5)*scale) - 0.5
		} else {
			src = float32(o) * scale
		}
		i0 := max(int(math.Floor(float64(src))), 0)
		i1 := min(int(math.Ceil(float64(src))), in-1)
		d := src - float32(i0)
		dst = append(dst, bilinearTap{i0: i0, i1: i1, d: d, oneMin: 1 - d})
	}
	return dst
}

// Eval implements Kernel.
func (k *ResizeBilinear) Eval(in, out []*tensor.Tensor) error {
	return k.EvalParts(in, out, 0, k.Parts(in, out), 0)
}

// Parts implements Splitter: output rows (batch x height) for float32 and
// the int8 2x path, 1 for the general int8 one.
func (k *ResizeBilinear) Parts(in, out []*tensor.Tensor) int {
	if k.q8.on {
		if !k.q8.up.on {
			return 1
		}
		return k.q8.n * k.q8.oh
	}
	return k.n * k.oh
}

// EvalParts implements Splitter.
func (k *ResizeBilinear) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	if k.q8.on {
		if !k.q8.up.on {
			return k.q8.eval(in[0].I8(), out[0].I8())
		}
		return k.q8.evalRows(in[0].I8(), out[0].I8(), lo, hi, w)
	}
	src, dst := in[0].F32(), out[0].F32()
	c := k.c
	if len(src) < k.n*k.h*k.w*c || len(dst) < k.n*k.oh*k.ow*c {
		return ewErrData("ResizeBilinear")
	}
	o := lo * k.ow * c
	for r := lo; r < hi; r++ {
		b, ty := r/k.oh, k.ys[r%k.oh]
		img := src[b*k.h*k.w*c:]
		{
			row0 := img[ty.i0*k.w*c:]
			row1 := img[ty.i1*k.w*c:]
			if k.vf != vf32.Generic {
				k.vf.BilinearRow(dst[o:o+k.ow*c], row0[:k.w*c], row1[:k.w*c], k.vxs, c, ty.oneMin, ty.d)
				o += k.ow * c
				continue
			}
			for _, tx := range k.xs {
				p00 := row0[tx.i0*c : tx.i0*c+c]
				p01 := row0[tx.i1*c : tx.i1*c+c]
				p10 := row1[tx.i0*c : tx.i0*c+c]
				p11 := row1[tx.i1*c : tx.i1*c+c]
				q := dst[o : o+c]
				for ch := range q {
					// Each float32(...) forces the rounding TFLite's
					// expression has, so no term fuses into an FMA.
					s := float32(p00[ch]*ty.oneMin*tx.oneMin) +
						float32(p10[ch]*ty.d*tx.oneMin)
					s = float32(s + float32(p01[ch]*ty.oneMin*tx.d))
					q[ch] = s + float32(p11[ch]*ty.d*tx.d)
				}
				o += c
			}
		}
	}
	return nil
}

// ResizeNearestNeighbor resizes the height and width of an NHWC image by
// picking the nearest source pixel. Inputs and output as ResizeBilinear; any
// dtype (elements are copied). It follows TFLite's GetNearestNeighbor, in
// float32, per axis:
//
//	scale = (in-1)/(out-1) if AlignCorners and out > 1, else in/out
//	off   = 0.5 if HalfPixelCenters, else 0
//	src   = round((o+off)*scale) if AlignCorners (half away from zero),
//	        floor((o+off)*scale) otherwise
//	src   = min(src, in-1), then max(src, 0) if HalfPixelCenters
//
// TFLite accepts AlignCorners together with HalfPixelCenters here, and so
// does this kernel.
type ResizeNearestNeighbor struct {
	AlignCorners     bool
	HalfPixelCenters bool

	ys, xs             []int
	n, h, w, oh, ow, r int // r: bytes per pixel
}

// Prepare implements Kernel.
func (k *ResizeNearestNeighbor) Prepare(in, out []*tensor.Tensor) error {
	oh, ow, err := resizePrepare("ResizeNearestNeighbor", in, out)
	if err != nil {
		return err
	}
	var c int
	k.n, k.h, k.w, c = in[0].Shape.NHWC()
	k.oh, k.ow, k.r = oh, ow, c*in[0].DType.Size()
	k.ys = nearestTaps(nil, k.h, oh, k.AlignCorners, k.HalfPixelCenters)
	k.xs = nearestTaps(nil, k.w, ow, k.AlignCorners, k.HalfPixelCenters)
	return nil
}

func nearestTaps(dst []int, in, out int, alignCorners, halfPixel bool) []int {
	scale := float32(in) / float32(out)
	if alignCorners && out > 1 {
		scale = float32(in-1) / float32(out-1)
	}
	var off float32
	if halfPixel {
		off = 0.5
	}
	for o := 0; o < out; o++ {
		s := float64((float32(o) + off) * scale)
		var i int
		if alignCorners {
			i = int(math.Round(s))
		} else {
			i = int(math.Floor(s))
		}
		i = min(i, in-1)
		if halfPixel {
			i = max(i, 0)
		}
		dst = append(dst, i)
	}
	return dst
}

// Eval implements Kernel.
func (k *ResizeNearestNeighbor) Eval(in, out []*tensor.Tensor) error {
	src, dst := in[0].Data, out[0].Data
	r := k.r
	if len(src) < k.n*k.h*k.w*r || len(dst) < k.n*k.oh*k.ow*r {
		return ewErrData("ResizeNearestNeighbor")
	}
	o := 0
	for b := 0; b < k.n; b++ {
		img := src[b*k.h*k.w*r:]
		for _, y := range k.ys {
			row := img[y*k.w*r:]
			for _, x := range k.xs {
				copy(dst[o:o+r], row[x*r:x*r+r])
				o += r
			}
		}
	}
	return nil
}

// resizePrepare validates the inputs shared by the resize kernels, sets the
// output dtype and shape, and returns the output height and width. With no
// dtypes given, any valid dtype is accepted.
func resizePrepare(name string, in, out []*tensor.Tensor, dts ...tensor.DType) (oh, ow int, err error) {
	if err := checkArity(in, out, 2, 2, 1); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", name, err)
	}
	x, size := in[0], in[1]
	if len(dts) > 0 {
		if err := checkType(x, name+" input", dts...); err != nil {
			return 0, 0, err
		}
	} else if !x.DType.Valid() {
		return 0, 0, fmt.Errorf("%s: input %s: %w %v", name, x.Name, ErrType, x.DType)
	}
	if err := checkRank(x, name+" input", 4); err != nil {
		return 0, 0, err
	}
	if x.Shape.NumElements() < 0 {
		return 0, 0, fmt.Errorf("%s: %w: invalid input shape %v", name, ErrShape, x.Shape)
	}
	if err := checkType(size, name+" size", tensor.Int32); err != nil {
		return 0, 0, err
	}
	if len(size.Shape) != 1 || size.Shape[0] != 2 {
		return 0, 0, fmt.Errorf("%s: size %s: %w: shape %v, want [2]", name, size.Name, ErrShape, size.Shape)
	}
	if !size.Const || len(size.Data) < 8 {
		return 0, 0, fmt.Errorf("%s: size tensor %s must be constant (dynamic output sizes are not supported)", name, size.Name)
	}
	sz := size.I32()
	oh, ow = int(sz[0]), int(sz[1])
	if oh <= 0 || ow <= 0 {
		return 0, 0, fmt.Errorf("%s: %w: output size %dx%d must be positive", name, ErrShape, oh, ow)
	}
	n, _, _, c := x.Shape.NHWC()
	shape := tensor.Shape{n, oh, ow, c}
	if shape.NumElements() < 0 {
		return 0, 0, fmt.Errorf("%s: %w: output shape %v too large", name, ErrShape, shape)
	}
	out[0].DType = x.DType
	out[0].Shape = shape
	return oh, ow, nil
}
