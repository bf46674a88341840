package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// The int8 path of Mean: TFLite's quantized MEAN.
//
// Input and output int8 with per-tensor quantization (s_in, z_in) and
// (s_out, z_out); axes, shapes and the summation order are the float
// kernel's. Each output sums its n input values (raw int8) exactly in int32,
// then one of these formulas makes the int8 result:
//
// XNNPACK (quant.FloatRoundEven, when LiteRT's delegate takes the op: a
// non-empty axis list on an input of rank 1 or more; the delegate's
// VisitReduceNode defines an XNNPACK mean reduction). With, all in float32,
//
//	ratio = s_in / s_out
//	scale = ratio * (1/float32(n))      // reduce-nd.c: scale *= 1.0f / num_elements
//	bias  = float32(z_out) - float32(z_in)*ratio
//	q     = clamp(lrintf(float32(sum)*scale + bias), -128, 127)
//
// each operation rounded to float32 (no fused multiply-add), rounding half
// to even. The bias form, rather than rescaling sum - n*z_in, was pinned
// down empirically: it is the only candidate that reproduces LiteRT.js on
// every output of reductions over non-innermost axes (the formula
// round(float32(sum - n*z_in)*scale) + z_out differs on ties and near-ties).
// LiteRT.js 2.5.3 returns about twice the mean when the reduced axes
// include the innermost one (its results fit the formula above with scale
// doubled); octet does not reproduce that.
//
// TFLite's builtin kernel (quant.FixedPoint, and LiteRT when the delegate
// declines) picks by case, as reduce.cc's EvalMean does for its reference
// kernels:
//
//   - keep_dims, rank 4, and the axis list is exactly {1, 2} or {2, 1}
//     (reference_integer_ops::Mean): with mult, shift =
//     QuantizeMultiplier(double(s_in)/double(s_out)),
//     a = MultiplyByQuantizedMultiplier(sum - n*z_in, mult, shift),
//     a = a > 0 ? (a + n/2)/n : (a - n/2)/n (truncating division),
//     q = clamp(a + z_out, -128, 127);
//   - otherwise, when input and output share scale and zero point
//     (reference_ops::Mean): q = sum / n, truncating toward zero;
//   - otherwise (reference_ops::QuantizedMeanOrSum), in float32 with
//     scale = s_in/s_out and bias = -z_in*scale + 0.5:
//     q = clamp(round(float32(sum)/float32(n)*scale + bias) + z_out,
//     -128, 127), round going half away from zero (so the 0.5 in bias
//     makes halves round up twice over, as TFLite does).
//
// A reduction over zero elements gives z_out (real zero).
type meanInt8 struct {
	kind        int
	zpIn, zpOut int32
	n           int32
	scale       float32 // meanXNN: reduction scale; meanTFLiteFloat: s_in/s_out
	bias        float32 // meanXNN, meanTFLiteFloat
	mult        int32   // meanTFLiteSpatial
	shift       int
	sum         []int32 // one sum per output
}

const (
	meanXNN = iota
	meanTFLiteSpatial
	meanTFLiteSame
	meanTFLiteFloat
)

// prepareInt8 finishes Prepare for an int8 input x: the float prepare has
// checked the axes and set the geometry; s is the output shape.
func (m *Mean) prepareInt8(x *tensor.Tensor, axes []int32, o *tensor.Tensor, s tensor.Shape) error {
	inScale, inZP, err := int8TensorQuant(x, "input")
	if err != nil {
		return err
	}
	outScale, outZP, err := int8OutputQuant(o)
	if err != nil {
		return err
	}
	if r := float32(inScale / outScale); math.IsInf(float64(r), 0) || r == 0 {
		return fmt.Errorf("input and output scales %v and %v: ratio out of the float32 range", inScale, outScale)
	}
	q := &meanInt8{zpIn: inZP, zpOut: outZP, n: int32(m.count), sum: make([]int32, s.NumElements())}
	rawSpatial := m.KeepDims && len(m.dims) == 4 && len(axes) == 2 &&
		(axes[0] == 1 && axes[1] == 2 || axes[0] == 2 && axes[1] == 1)
	switch {
	case m.mode == quant.FloatRoundEven && len(m.dims) > 0 && len(axes) > 0:
		q.kind = meanXNN
		ratio := float32(inScale / outScale)
		if m.count > 0 {
			q.scale = float32(ratio * float32(1/float32(m.count)))
		}
		q.bias = float32(float32(outZP) - float32(float32(inZP)*ratio))
	case rawSpatial:
		q.kind = meanTFLiteSpatial
		mult, shift := quant.QuantizeMultiplier(float64(inScale) / float64(outScale))
		q.mult, q.shift = mult, shift
	case inScale == outScale && inZP == outZP:
		q.kind = meanTFLiteSame
	default:
		q.kind = meanTFLiteFloat
		q.scale = float32(inScale / outScale)
		q.bias = float32(float32(float32(-inZP)*q.scale) + 0.5)
	}
	o.DType = tensor.Int8
	o.Shape = s
	m.q = q
	return nil
}

func (m *Mean) evalInt8(in, out []*tensor.Tensor) error {
	q := m.q
	x := in[0].I8()
	y := out[0].I8()
	sum := q.sum
	clear(sum)
	if m.spatial {
		m.sumSpatialI8(x, sum)
	} else {
		m.sumGeneralI8(x, sum)
	}
	n := q.n
	if n <= 0 {
		for i := range y {
			y[i] = int8(q.zpOut)
		}
		return nil
	}
	for i, s := range sum {
		var v int32
		switch q.kind {
		case meanXNN:
			f := float32(float32(float32(s)*q.scale) + q.bias)
			v = int32(math.RoundToEven(float64(min(max(f, -128), 127))))
		case meanTFLiteSpatial:
			a := quant.MultiplyByQuantizedMultiplier(s-n*q.zpIn, q.mult, q.shift)
			if a > 0 {
				a = (a + n/2) / n
			} else {
				a = (a - n/2) / n
			}
			v = min(max(a+q.zpOut, -128), 127)
		case meanTFLiteSame:
			v = s / n
		default:
			mean := float32(float32(s) / float32(n))
			r := float32(math.Round(float64(float32(float32(mean*q.scale) + q.bias))))
			r = float32(r + float32(q.zpOut))
			v = int32(min(max(r, -128), 127))
		}
		y[i] = int8(v)
	}
	return nil
}

// sumSpatialI8 is sumSpatial on int8 values with int32 sums.
func (m *Mean) sumSpatialI8(x []int8, y []int32) {
	n, h, w, c := m.dims[0], m.dims[1], m.dims[2], m.dims[3]
	for b := 0; b < n; b++ {
		yrow := y[b*c:][:c]
		for p := 0; p < h*w; p++ {
			xrow := x[(b*h*w+p)*c:][:c]
			for i, v := range xrow {
				yrow[i] += int32(v)
			}
		}
	}
}

// sumGeneralI8 is sumGeneral on int8 values with int32 sums.
func (m *Mean) sumGeneralI8(x []int8, y []int32) {
	idx := m.idx
	clear(idx)
	off := 0
	for _, v := range x {
		y[off] += int32(v)
		for d := len(idx) - 1; d >= 0; d-- {
			idx[d]++
			off += m.ostride[d]
			if idx[d] < m.dims[d] {
				break
			}
			off -= m.ostride[d] * m.dims[d]
			idx[d] = 0
		}
	}
}

var _ Requantizer = (*Mean)(nil)
