package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// SpaceToBatchND is TFLite's SPACE_TO_BATCH_ND: it zero-pads the spatial
// dimensions of an NHWC tensor and moves each block_shape-sized tile of
// pixels into the batch dimension.
//
// Inputs: the tensor [N,H,W,C] (or [N,H,C], treated as [N,H,1,C]), of any
// dtype; block_shape, a constant int32 tensor [2] (or [1] for rank 3) of
// values >= 1; paddings, a constant int32 tensor [2,2] (or [1,2]) of
// non-negative (before, after) counts. The padded extents must be multiples
// of the block. Output: [N*bh*bw, (H+pt+pb)/bh, (W+pl+pr)/bw, C] with
//
//	out[(sh*bw + sw)*N + n, y, x, c] = padded[n, y*bh + sh, x*bw + sw, c]
//
// for 0 <= sh < bh, 0 <= sw < bw. Padding is zero, or the zero point for
// quantized int8, uint8 and int16 (which represents 0), as in TFLite; the
// quantization of the input and output must then be the same. Elements are
// copied as bytes, so every dtype gives exact results.
type SpaceToBatchND struct {
	g blockGeom
}

// blockGeom is the prepared geometry of SpaceToBatchND and BatchToSpaceND.
// "Space" is the [n, h, w, c] side (the S2B input, the B2S output), "batch"
// the [n*bh*bw, bh', bw', c] side.
type blockGeom struct {
	n, h, w   int // space side batch and spatial extents
	bh, bw    int // block
	top, left int // paddings (S2B) or crops (B2S) at the start
	oh, ow    int // batch side spatial extents
	row       int // bytes of one pixel (c elements)
	pad       padPlan
}

// Prepare implements Kernel.
func (k *SpaceToBatchND) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("SPACE_TO_BATCH_ND: %w", err)
	}
	return nil
}

func (k *SpaceToBatchND) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 3, 3, 1); err != nil {
		return err
	}
	x := in[0]
	block, pads, err := blockParams(x, in[1], in[2], "paddings")
	if err != nil {
		return err
	}
	if err := blockSameQuant(x, out[0]); err != nil {
		return err
	}
	n, h, w, c := blockDims(x)
	ph, err := blockExtent(int64(h) + int64(pads[0]) + int64(pads[1]))
	if err != nil {
		return err
	}
	pw, err := blockExtent(int64(w) + int64(pads[2]) + int64(pads[3]))
	if err != nil {
		return err
	}
	if _, err := blockExtent(int64(n) * int64(block[0]) * int64(block[1])); err != nil {
		return err
	}
	if ph%block[0] != 0 || pw%block[1] != 0 {
		return fmt.Errorf("%w: padded extents %dx%d of input %v are not multiples of the block %dx%d",
			ErrShape, ph, pw, x.Shape, block[0], block[1])
	}
	g := blockGeom{n: n, h: h, w: w, bh: block[0], bw: block[1], top: pads[0], left: pads[2],
		oh: ph / block[0], ow: pw / block[1], row: c * x.DType.Size()}
	g.pad.es = x.DType.Size()
	if err := g.pad.setZeroPoint("SPACE_TO_BATCH_ND", x, out[0]); err != nil {
		return err
	}
	shape := tensor.Shape{n * g.bh * g.bw, g.oh, g.ow, c}
	if len(x.Shape) == 3 {
		shape = tensor.Shape{n * g.bh, g.oh, c}
	}
	if shape.NumElements() < 0 {
		return fmt.Errorf("%w: output shape %v too large", ErrShape, shape)
	}
	k.g = g
	out[0].DType = x.DType
	out[0].Shape = shape
	return nil
}

// Eval implements Kernel.
func (k *SpaceToBatchND) Eval(in, out []*tensor.Tensor) error {
	g := &k.g
	src, dst := in[0].Data, out[0].Data
	if len(src) < g.n*g.h*g.w*g.row || len(dst) < g.n*g.bh*g.bw*g.oh*g.ow*g.row {
		return ewErrData("SPACE_TO_BATCH_ND")
	}
	pat := g.pad.value[:g.pad.es]
	o := 0
	for ob := 0; ob < g.n*g.bh*g.bw; ob++ {
		b := ob % g.n
		sh := ob / g.n / g.bw
		sw := ob / g.n % g.bw
		for y := 0; y < g.oh; y++ {
			iy := y*g.bh + sh - g.top
			for x := 0; x < g.ow; x++ {
				ix := x*g.bw + sw - g.left
				d := dst[o : o+g.row]
				o += g.row
				if iy < 0 || iy >= g.h || ix < 0 || ix >= g.w {
					if g.pad.zeroValue {
						clear(d)
					} else {
						padFill(d, pat)
					}
					continue
				}
				s := ((b*g.h+iy)*g.w + ix) * g.row
				copy(d, src[s:s+g.row])
			}
		}
	}
	return nil
}

// blockDims returns the NHWC extents of a rank-3 or rank-4 tensor, with W = 1
// for rank 3.
func blockDims(x *tensor.Tensor) (n, h, w, c int) {
	if len(x.Shape) == 3 {
		return x.Shape[0], x.Shape[1], 1, x.Shape[2]
	}
	return x.Shape.NHWC()
}

// blockParams checks the input and reads the constant block_shape and
// paddings (or crops) tensors. It returns the block as (bh, bw) and the
// paddings as (top, bottom, left, right), with bw = 1 and no left/right
// padding for rank-3 inputs.
func blockParams(x, block, pads *tensor.Tensor, what string) (b [2]int, p [4]int, err error) {
	if err := anyTensorCheck("input", x); err != nil {
		return b, p, err
	}
	r := len(x.Shape)
	if r != 3 && r != 4 {
		return b, p, fmt.Errorf("input %s: %w: rank %d shape %v, want rank 3 or 4", x.Name, ErrShape, r, x.Shape)
	}
	m := r - 2
	if err := checkType(block, "block_shape", tensor.Int32); err != nil {
		return b, p, err
	}
	if err := checkType(pads, what, tensor.Int32); err != nil {
		return b, p, err
	}
	if len(block.Shape) != 1 || block.Shape[0] != m {
		return b, p, fmt.Errorf("block_shape %s: %w: shape %v, want [%d]", block.Name, ErrShape, block.Shape, m)
	}
	if len(pads.Shape) != 2 || pads.Shape[0] != m || pads.Shape[1] != 2 {
		return b, p, fmt.Errorf("%s %s: %w: shape %v, want [%d 2]", what, pads.Name, ErrShape, pads.Shape, m)
	}
	if !block.Const || len(block.Data) < 4*m {
		return b, p, fmt.Errorf("block_shape %s must be constant", block.Name)
	}
	if !pads.Const || len(pads.Data) < 8*m {
		return b, p, fmt.Errorf("%s %s must be constant", what, pads.Name)
	}
	b = [2]int{1, 1}
	bv, pv := block.I32(), pads.I32()
	for i := 0; i < m; i++ {
		if bv[i] < 1 {
			return b, p, fmt.Errorf("%w: block_shape %v has a value below 1", ErrShape, bv[:m])
		}
		if pv[2*i] < 0 || pv[2*i+1] < 0 {
			return b, p, fmt.Errorf("%w: %s %v has a negative value", ErrShape, what, pv[:2*m])
		}
		b[i] = int(bv[i])
		p[2*i], p[2*i+1] = int(pv[2*i]), int(pv[2*i+1])
	}
	return b, p, nil
}

// blockSameQuant checks that a quantized input and output share their
// parameters, as TFLite requires of these pure data-movement ops.
func blockSameQuant(x, out *tensor.Tensor) error {
	if x.DType == tensor.Float32 || x.DType == tensor.Float16 {
		return nil
	}
	if !concatSameQuant(x.Quant, out.Quant) {
		return fmt.Errorf("input %s and output %s have different quantization", x.Name, out.Name)
	}
	return nil
}

// blockExtent checks that an extent computed in int64 fits the int32 range
// of TFLite shapes.
func blockExtent(v int64) (int, error) {
	if v < 0 || v > 1<<31-1 {
		return 0, fmt.Errorf("%w: extent %d out of range", ErrShape, v)
	}
	return int(v), nil
}
