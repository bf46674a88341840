package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm/rowsum"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// The int8 paths of AveragePool2D and MaxPool2D: TFLite's quantized
// AVERAGE_POOL_2D and MAX_POOL_2D.
//
// Input and output are int8 [N,H,W,C] with per-tensor quantization, and the
// two must share it (same zero point, scales within 1e-6: TFLite's pooling
// Prepare assumes this and works on the stored integers, which then stand
// for the same real values). The geometry is the float kernels'.
//
// Average pool, in both requantization modes, is TFLite's builtin int8
// kernel (reference_integer_ops::AveragePool and the optimized
// AveragePool16 agree): the window's in-bounds values are summed in integers
// and divided by their count n rounding half away from zero,
//
//	avg = sum > 0 ? (sum + n/2) / n : (sum - n/2) / n    (C division, truncating)
//
// then clamped to the activation range of CalculateActivationRangeQuantized
// (tfliteActRange). LiteRT's XNNPACK delegate takes AVERAGE_POOL_2D only on
// float32 tensors (VisitAveragePool2DNode checks CheckTensorFloat32Type), so
// LiteRT runs this builtin kernel too.
//
// Max pool is the maximum of the window's in-bounds values, clamped to the
// activation range. Only that range depends on the mode: in
// quant.FloatRoundEven mode it is XNNPACK's (xnnActRange), which LiteRT uses
// when its delegate takes the op, and TFLite's (tfliteActRange) when the
// delegate declines it (CheckPoolingParams: a stride larger than the filter,
// or a 1x1 filter with a stride above 1) and in FixedPoint mode.
type poolInt8 struct {
	lo, hi int32   // activation clamp
	acc    []int32 // one window sum per channel (average pool)
}

func poolPrepareInt8(p Padding, sh, sw, fh, fw int, act Activation, isMax bool, mode quant.Mode,
	in, out []*tensor.Tensor) (poolGeom, *poolInt8, error) {
	if err := checkArity(in, out, 1, 1, 1); err != nil {
		return poolGeom{}, nil, err
	}
	x := in[0]
	inScale, inZP, err := int8TensorQuant(x, "input")
	if err != nil {
		return poolGeom{}, nil, err
	}
	if err := int8CheckShape(x, "input", 4); err != nil {
		return poolGeom{}, nil, err
	}
	g, err := poolGeometry(p, sh, sw, fh, fw, act, x)
	if err != nil {
		return poolGeom{}, nil, err
	}
	outScale, outZP, err := int8OutputQuant(out[0])
	if err != nil {
		return poolGeom{}, nil, err
	}
	if outZP != inZP || math.Abs(float64(outScale)-float64(inScale)) > 1e-6 {
		return poolGeom{}, nil, fmt.Errorf("output %s: quantization (scale %v, zero point %d) differs from the input's (scale %v, zero point %d)",
			out[0].Name, outScale, outZP, inScale, inZP)
	}
	m := quant.FixedPoint
	if isMax && mode == quant.FloatRoundEven && xnnTakesPool(sh, sw, fh, fw) && normalF32(inScale) {
		m = quant.FloatRoundEven
	}
	lo, hi, err := actRangeInt8(m, act, outScale, outZP)
	if err != nil {
		return poolGeom{}, nil, err
	}
	if err := int8SetOutput(out[0], tensor.Shape{g.n, g.outH, g.outW, g.c}); err != nil {
		return poolGeom{}, nil, err
	}
	q := &poolInt8{lo: lo, hi: hi}
	if !isMax {
		q.acc = make([]int32, g.c)
	}
	return g, q, nil
}

// xnnTakesPool reports whether LiteRT's XNNPACK delegate accepts a pool's
// strides and filter (CheckPoolingParams).
func xnnTakesPool(sh, sw, fh, fw int) bool {
	if sh > fh || sw > fw {
		return false
	}
	return !(fh == 1 && fw == 1 && max(sh, sw) > 1)
}

func (k *AveragePool2D) evalInt8(in, out []*tensor.Tensor) error {
	g, q := &k.g, k.q
	x := in[0].I8()
	y := out[0].I8()
	acc := q.acc
	for b := 0; b < g.n; b++ {
		for oy := 0; oy < g.outH; oy++ {
			for ox := 0; ox < g.outW; ox++ {
				iy0, ix0, y0, y1, x0, x1 := g.window(oy, ox)
				clear(acc)
				for fy := y0; fy < y1; fy++ {
					first := ((b*g.inH+iy0+fy)*g.inW + ix0 + x0) * g.c
					rowsum.S8(acc[:g.c], x[first:first+(x1-x0)*g.c], x1-x0, g.c)
				}
				// Every window has an in-bounds tap (see the float Eval).
				n := int32((y1 - y0) * (x1 - x0))
				yrow := y[((b*g.outH+oy)*g.outW+ox)*g.c:][:g.c]
				for i, a := range acc {
					if a > 0 {
						a = (a + n/2) / n
					} else {
						a = (a - n/2) / n
					}
					yrow[i] = int8(min(max(a, q.lo), q.hi))
				}
			}
		}
	}
	return nil
}

func (k *MaxPool2D) evalInt8(in, out []*tensor.Tensor) error {
	g, q := &k.g, k.q
	x := in[0].I8()
	y := out[0].I8()
	for b := 0; b < g.n; b++ {
		for oy := 0; oy < g.outH; oy++ {
			for ox := 0; ox < g.outW; ox++ {
				iy0, ix0, y0, y1, x0, x1 := g.window(oy, ox)
				yrow := y[((b*g.outH+oy)*g.outW+ox)*g.c:][:g.c]
				for i := range yrow {
					yrow[i] = math.MinInt8
				}
				for fy := y0; fy < y1; fy++ {
					for fx := x0; fx < x1; fx++ {
						xrow := x[((b*g.inH+iy0+fy)*g.inW+ix0+fx)*g.c:][:g.c]
						for i, v := range xrow {
							yrow[i] = max(yrow[i], v)
						}
					}
				}
				for i, v := range yrow {
					yrow[i] = int8(min(max(int32(v), q.lo), q.hi))
				}
			}
		}
	}
	return nil
}

var (
	_ Requantizer = (*AveragePool2D)(nil)
	_ Requantizer = (*MaxPool2D)(nil)
)
