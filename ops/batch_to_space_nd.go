package ops

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// BatchToSpaceND is TFLite's BATCH_TO_SPACE_ND, the inverse of
// SpaceToBatchND: it moves tiles from the batch dimension back into space
// and crops.
//
// Inputs: the tensor [N*bh*bw,H,W,C] (or rank 3 as for SpaceToBatchND);
// block_shape, a constant int32 tensor [2] (or [1]) of values >= 1; crops, a
// constant int32 tensor [2,2] (or [1,2]) of non-negative (start, end) counts.
// Output: [N, H*bh-ct-cb, W*bw-cl-cr, C] with
//
//	out[n, y*bh + sh - ct, x*bw + sw - cl, c] = in[(sh*bw + sw)*N + n, y, x, c]
//
// for every source pixel whose destination lies inside the output. Any
// dtype; quantized inputs and outputs must share their parameters.
type BatchToSpaceND struct {
	g blockGeom
}

// Prepare implements Kernel.
func (k *BatchToSpaceND) Prepare(in, out []*tensor.Tensor) error {
	if err := k.prepare(in, out); err != nil {
		return fmt.Errorf("BATCH_TO_SPACE_ND: %w", err)
	}
	return nil
}

func (k *BatchToSpaceND) prepare(in, out []*tensor.Tensor) error {
	if err := checkArity(in, out, 3, 3, 1); err != nil {
		return err
	}
	x := in[0]
	block, crops, err := blockParams(x, in[1], in[2], "crops")
	if err != nil {
		return err
	}
	if err := blockSameQuant(x, out[0]); err != nil {
		return err
	}
	nb, ih, iw, c := blockDims(x)
	if _, err := blockExtent(int64(block[0]) * int64(block[1])); err != nil {
		return err
	}
	if nb%(block[0]*block[1]) != 0 {
		return fmt.Errorf("%w: input batch %d is not a multiple of the block %dx%d", ErrShape, nb, block[0], block[1])
	}
	eh, ew := int64(ih)*int64(block[0]), int64(iw)*int64(block[1])
	if eh-int64(crops[0])-int64(crops[1]) < 0 || ew-int64(crops[2])-int64(crops[3]) < 0 {
		return fmt.Errorf("%w: crops %v exceed the block-expanded extents %dx%d", ErrShape, crops, eh, ew)
	}
	oh, err := blockExtent(eh - int64(crops[0]) - int64(crops[1]))
	if err != nil {
		return err
	}
	ow, err := blockExtent(ew - int64(crops[2]) - int64(crops[3]))
	if err != nil {
		return err
	}
	g := blockGeom{n: nb / (block[0] * block[1]), h: oh, w: ow, bh: block[0], bw: block[1],
		top: crops[0], left: crops[2], oh: ih, ow: iw, row: c * x.DType.Size()}
	shape := tensor.Shape{g.n, oh, ow, c}
	if len(x.Shape) == 3 {
		shape = tensor.Shape{g.n, oh, c}
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
func (k *BatchToSpaceND) Eval(in, out []*tensor.Tensor) error {
	g := &k.g
	src, dst := in[0].Data, out[0].Data
	if len(src) < g.n*g.bh*g.bw*g.oh*g.ow*g.row || len(dst) < g.n*g.h*g.w*g.row {
		return ewErrData("BATCH_TO_SPACE_ND")
	}
	s := 0
	for ib := 0; ib < g.n*g.bh*g.bw; ib++ {
		b := ib % g.n
		sh := ib / g.n / g.bw
		sw := ib / g.n % g.bw
		for y := 0; y < g.oh; y++ {
			oy := y*g.bh + sh - g.top
			if oy < 0 || oy >= g.h {
				s += g.ow * g.row
				continue
			}
			for x := 0; x < g.ow; x++ {
				ox := x*g.bw + sw - g.left
				if ox >= 0 && ox < g.w {
					d := ((b*g.h+oy)*g.w + ox) * g.row
					copy(dst[d:d+g.row], src[s:s+g.row])
				}
				s += g.row
			}
		}
	}
	return nil
}
