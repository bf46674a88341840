package ops

import (
	"math"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// fixedQuantize returns a Quantize kernel in TFLite's (FixedPoint) mode.
func fixedQuantize() *Quantize {
	k := &Quantize{}
	k.SetRequantization(quant.FixedPoint)
	return k
}

func TestQuantizeRounding(t *testing.T) {
	// TFLite (FixedPoint): scale 0.5, x/scale = 2x, rounded half away from
	// zero. 0.25 -> 0.5 -> 1, -0.25 -> -1, 0.75 -> 1.5 -> 2, -0.75 -> -2,
	// 1.25 -> 2.5 -> 3, 0.2 -> 0.4 -> 0, -0.3 -> -0.6 -> -1, 0 -> 0.
	x := ewF32(tensor.Shape{8}, 0.25, -0.25, 0.75, -0.75, 1.25, 0.2, -0.3, 0)
	out := &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.5, 0)}
	got := ewRunOut(t, fixedQuantize(), out, x)
	if got.DType != tensor.Int8 || got.Quant == nil || got.Quant.Scale[0] != 0.5 {
		t.Fatalf("Prepare changed the output dtype or quantization: %v %+v", got.DType, got.Quant)
	}
	ewShape(t, got, tensor.Shape{8})
	ewEqual(t, got.I8(), []int8{1, -1, 2, -2, 3, 0, -1, 0})

	// The zero point is added after rounding: zp 10 -> 11, 9, 12, 8, 13, 10, 9, 10.
	got = ewRunOut(t, fixedQuantize(), &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.5, 10)}, x)
	ewEqual(t, got.I8(), []int8{11, 9, 12, 8, 13, 10, 9, 10})

	// XNNPACK (default): x * (1/0.5) rounded half to even:
	// 0.5 -> 0, -0.5 -> -0 = 0, 1.5 -> 2, -1.5 -> -2, 2.5 -> 2, 0.4 -> 0, -0.6 -> -1, 0.
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.5, 0)}, x)
	ewEqual(t, got.I8(), []int8{0, 0, 2, -2, 2, 0, -1, 0})
	// zp 10: the clamp and rounding happen before the zero point is added.
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.5, 10)}, x)
	ewEqual(t, got.I8(), []int8{10, 10, 12, 8, 12, 10, 9, 10})

	// Saturation: int8 [-128,127], uint8 zp 128 [0,255]; Inf saturates.
	// NaN gives the zero point in TFLite's formula and the top of the range
	// (positive NaN) or the bottom (negative NaN) in XNNPACK's.
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	negNaN := math.Float32frombits(0xffc00000)
	s := ewF32(tensor.Shape{7}, 100, -100, 63.5, -64.25, inf, nan, negNaN)
	got = ewRunOut(t, fixedQuantize(), &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.5, 0)}, s)
	// 200 -> 127, -200 -> -128, 127 -> 127, -128.5 -> -129 -> -128.
	ewEqual(t, got.I8(), []int8{127, -128, 127, -128, 127, 0, 0})
	got = ewRunOut(t, fixedQuantize(), &tensor.Tensor{DType: tensor.Uint8, Quant: ewQ(0.5, 128)}, s)
	// 328 -> 255, -72 -> 0, 255, -0.5 -> -1 -> 0 (rounded -128.5 -> -129, +128), 255, 128, 128.
	ewEqual(t, got.U8(), []uint8{255, 0, 255, 0, 255, 128, 128})
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.5, 0)}, s)
	// -128.5 is clamped to -128 before rounding.
	ewEqual(t, got.I8(), []int8{127, -128, 127, -128, 127, 127, -128})
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Uint8, Quant: ewQ(0.5, 128)}, s)
	ewEqual(t, got.U8(), []uint8{255, 0, 255, 0, 255, 255, 0})

	// XNNPACK multiplies by the float32 reciprocal, TFLite divides. For
	// scale 0.1 and x = 2.35 (float32 2.3499999046...): float32(1/0.1) = 10
	// and x*10 rounds to 23.5 exactly in float32, then to 24 (even), while
	// x/0.1 = 23.499998 rounds to 23.
	y := ewF32(tensor.Shape{1}, 2.35)
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 0)}, y)
	ewEqual(t, got.I8(), []int8{24})
	got = ewRunOut(t, fixedQuantize(), &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 0)}, y)
	ewEqual(t, got.I8(), []int8{23})

	// int16 (TFLite's formula in both modes), scale 1/1000 (zero point 0):
	// 1 -> 1000, -0.0015 -> -1.5 -> -2, 40 -> 40000 -> 32767.
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int16, Quant: ewQ(0.001, 0)}, ewF32(tensor.Shape{3}, 1, -0.0015, 40))
	ewEqual(t, got.I16(), []int16{1000, -2, 32767})
}

func TestQuantizePerAxis(t *testing.T) {
	// Per-axis outputs take TFLite's formula in both modes.
	// Shape [2,3], axis 1, scales [1 0.5 0.25], zero points [0 1 -1]:
	//   row 0: 1/1 = 1; 1/0.5 = 2, +1 = 3; 1/0.25 = 4, -1 = 3
	//   row 1: -2/1 = -2; 0.25/0.5 = 0.5 -> 1, +1 = 2; 0.3/0.25 = 1.2 -> 1, -1 = 0
	q := &tensor.Quantization{Scale: []float32{1, 0.5, 0.25}, ZeroPoint: []int64{0, 1, -1}, Axis: 1}
	x := ewF32(tensor.Shape{2, 3}, 1, 1, 1, -2, 0.25, 0.3)
	got := ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: q}, x)
	ewEqual(t, got.I8(), []int8{1, 3, 3, -2, 2, 0})
	// Axis 0 of [2,2] with scales [0.5 2]: row 0 doubles, row 1 halves (4.5 -> 2.25 -> 2, 5 -> 2.5 -> 3).
	q0 := &tensor.Quantization{Scale: []float32{0.5, 2}, Axis: 0}
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Uint8, Quant: q0}, ewF32(tensor.Shape{2, 2}, 1, 1.25, 4.5, 5))
	ewEqual(t, got.U8(), []uint8{2, 3, 2, 3})
}

func TestRequantize(t *testing.T) {
	for _, m := range []quant.Mode{quant.FloatRoundEven, quant.FixedPoint} {
		k := func() *Quantize { q := &Quantize{}; q.SetRequantization(m); return q }
		// int8 -> uint8, same scale, zero points 0 -> 128: q + 128 (TFLite's
		// formula in both modes: XNNPACK does not convert int8 to uint8).
		x := ewI8(tensor.Shape{4}, ewQ(0.5, 0), -128, -1, 0, 127)
		got := ewRunOut(t, k(), &tensor.Tensor{DType: tensor.Uint8, Quant: ewQ(0.5, 128)}, x)
		ewEqual(t, got.U8(), []uint8{0, 127, 128, 255})

		// uint8 zp 100 -> int8 zp -10, scale 1 -> 1: q - 110, saturating.
		u := ewU8(tensor.Shape{3}, ewQ(1, 100), 0, 110, 255)
		got = ewRunOut(t, k(), &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(1, -10)}, u)
		ewEqual(t, got.I8(), []int8{-110, 0, 127})

		// int16 scale 1/256 -> int8 scale 1/16: M = 1/16 = 2^30 * 2^-34,
		// double rounding: SRDHM(x, 2^30) = x/2 rounded, then a rounding
		// shift by 3 (ties away from zero): 160 -> 80 -> 10, -24 -> -12 ->
		// -1.5 -> -2, 32767 -> 16384 -> 2048 -> 127.
		i16 := tensor.New(tensor.Int16, tensor.Shape{3})
		copy(i16.I16(), []int16{160, -24, 32767})
		i16.Quant = ewQ(1.0/256, 0)
		got = ewRunOut(t, k(), &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(1.0/16, 0)}, i16)
		ewEqual(t, got.I8(), []int8{10, -2, 127})
	}

	// int8 scale 1 -> int8 scale 4.
	// XNNPACK: m = lrintf(256/4) = 64, q = (128 + 64x) >> 8 = floor(x/4 + 1/2):
	//   5 -> 1.25 -> 1, 6 -> 1.5 -> 2, -5 -> -1.25 -> -1, -6 -> -1.5 -> -1.
	// TFLite: M = 0.25 = 2^30 * 2^-32: SRDHM rounds x/2 (ties up) then a
	// rounding shift by 1 rounds again (ties away from zero):
	//   5 -> 2.5 -> 3 -> 1.5 -> 2, 6 -> 3 -> 1.5 -> 2, -5 -> -2.5 -> -2 -> -1,
	//   -6 -> -3 -> -1.5 -> -2.
	z := ewI8(tensor.Shape{4}, ewQ(1, 0), 5, 6, -5, -6)
	got := ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(4, 0)}, z)
	ewEqual(t, got.I8(), []int8{1, 2, -1, -1})
	got = ewRunOut(t, fixedQuantize(), &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(4, 0)}, z)
	ewEqual(t, got.I8(), []int8{2, 2, -1, -2})

	// Scale 0.37 -> 0.81, zero points 5 -> -7: M = 0.456790.., the exact
	// results 14*M = 6.395 and -3*M = -1.370.
	// XNNPACK: r = float32(0.37/0.81), m = lrintf(256r) = lrintf(116.94) = 117,
	// bias = -7*256 + 128 - 5*117 = -2249:
	//   19: (-2249 + 19*117) >> 8 = -26 >> 8 = -1
	//   2:  (-2249 + 2*117) >> 8 = -2015 >> 8 = -8.
	// TFLite: M = 0.91358 * 2^-1; SRDHM(14, 0.91358) = 12.79 -> 13, then
	// 13/2 = 6.5 -> 7 (the second rounding), 7 - 7 = 0; SRDHM(-3, .) =
	// -2.74 -> -3, -1.5 -> -2, -9.
	w := ewI8(tensor.Shape{2}, ewQ(0.37, 5), 19, 2)
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.81, -7)}, w)
	ewEqual(t, got.I8(), []int8{-1, -8})
	got = ewRunOut(t, fixedQuantize(), &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.81, -7)}, w)
	ewEqual(t, got.I8(), []int8{0, -9})

	// A ratio of 1/300 is below XNNPACK's 1/256 limit, so the default mode
	// falls back to TFLite's formula: 255/300 = 0.85 -> 1, 0 -> 0.
	lo := ewI8(tensor.Shape{2}, ewQ(1, -128), 127, -128)
	got = ewRunOut(t, &Quantize{}, &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(300, 0)}, lo)
	ewEqual(t, got.I8(), []int8{1, 0})
}

func TestQuantizeErrors(t *testing.T) {
	x := ewF32(tensor.Shape{2}, 1, 2)
	prep := func(out *tensor.Tensor, in ...*tensor.Tensor) error {
		return (&Quantize{}).Prepare(in, []*tensor.Tensor{out})
	}
	ewWantErr(t, "float output", prep(&tensor.Tensor{DType: tensor.Float32, Quant: ewQ(1, 0)}, x), ErrType)
	ewWantErr(t, "no output dtype", prep(&tensor.Tensor{Quant: ewQ(1, 0)}, x), ErrType)
	ewWantErr(t, "no quantization", prep(&tensor.Tensor{DType: tensor.Int8}, x), nil)
	ewWantErr(t, "zero scale", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0, 0)}, x), nil)
	ewWantErr(t, "zp range", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(1, 200)}, x), nil)
	ewWantErr(t, "int16 zp", prep(&tensor.Tensor{DType: tensor.Int16, Quant: ewQ(1, 3)}, x), nil)
	bad := &tensor.Quantization{Scale: []float32{1, 1, 1}, Axis: 0}
	ewWantErr(t, "per-axis count", prep(&tensor.Tensor{DType: tensor.Int8, Quant: bad}, x), ErrShape)
	bad = &tensor.Quantization{Scale: []float32{1, 1}, Axis: 1}
	ewWantErr(t, "per-axis axis", prep(&tensor.Tensor{DType: tensor.Int8, Quant: bad}, x), ErrShape)
	ewWantErr(t, "int32 input", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(1, 0)}, tensor.New(tensor.Int32, tensor.Shape{2})), ErrType)
	i8 := ewI8(tensor.Shape{2}, ewQ(1, 0), 1, 2)
	ewWantErr(t, "int8 -> int16", prep(&tensor.Tensor{DType: tensor.Int16, Quant: ewQ(1, 0)}, i8), ErrType)
}

func TestDequantize(t *testing.T) {
	// Per tensor, uint8 scale 0.25 zp 128: 0.25*(q-128).
	u := ewU8(tensor.Shape{4}, ewQ(0.25, 128), 0, 127, 128, 255)
	got := ewRun(t, &Dequantize{}, u)
	if got.DType != tensor.Float32 {
		t.Fatalf("dtype %v", got.DType)
	}
	ewClose(t, got.F32(), []float32{-32, -0.25, 0, 31.75}, 0)

	// Per axis 0 of [2,2]: scales [0.5 2], zero points [1 -3]:
	//   row 0: 0.5*(3-1) = 1, 0.5*(-1-1) = -1; row 1: 2*(0+3) = 6, 2*(5+3) = 16.
	q := &tensor.Quantization{Scale: []float32{0.5, 2}, ZeroPoint: []int64{1, -3}, Axis: 0}
	got = ewRun(t, &Dequantize{}, ewI8(tensor.Shape{2, 2}, q, 3, -1, 0, 5))
	ewClose(t, got.F32(), []float32{1, -1, 6, 16}, 0)

	// Per axis 1 of [2,3]: scales [1 0.5 0.125], no zero points (0):
	//   [4 4 4 -8 -8 -8] -> [4 2 0.5 -8 -4 -1].
	q1 := &tensor.Quantization{Scale: []float32{1, 0.5, 0.125}, Axis: 1}
	got = ewRun(t, &Dequantize{}, ewI8(tensor.Shape{2, 3}, q1, 4, 4, 4, -8, -8, -8))
	ewClose(t, got.F32(), []float32{4, 2, 0.5, -8, -4, -1}, 0)

	// int16 scale 2^-10: -32768 -> -32, 1 -> 2^-10.
	i16 := tensor.New(tensor.Int16, tensor.Shape{2})
	copy(i16.I16(), []int16{-32768, 1})
	i16.Quant = ewQ(1.0/1024, 0)
	got = ewRun(t, &Dequantize{}, i16)
	ewClose(t, got.F32(), []float32{-32, 1.0 / 1024}, 0)

	// scale 0.1 (float32 0.100000001490116...) times 3: the product is
	// rounded once to float32 from the exact 0.30000000447..., giving the
	// float32 nearest that, which is float32(0.3) (0.300000011920929).
	got = ewRun(t, &Dequantize{}, ewI8(tensor.Shape{1}, ewQ(0.1, 0), 3))
	ewClose(t, got.F32(), []float32{0.3}, 0)
}

func TestDequantizeFloat16(t *testing.T) {
	h := tensor.New(tensor.Float16, tensor.Shape{10})
	copy(h.F16(), []uint16{
		0x3c00, // 1
		0xc000, // -2
		0x0001, // smallest subnormal 2^-24
		0x03ff, // largest subnormal 1023 * 2^-24
		0x0400, // smallest normal 2^-14
		0x7bff, // largest finite 65504
		0x7c00, // +Inf
		0xfc00, // -Inf
		0x7e00, // NaN
		0x8000, // -0
	})
	got := ewRun(t, &Dequantize{}, h)
	ewClose(t, got.F32(), []float32{
		1, -2, 1.0 / (1 << 24), 1023.0 / (1 << 24), 1.0 / (1 << 14), 65504,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 0,
	}, 0)
	if !math.Signbit(float64(got.F32()[9])) {
		t.Errorf("-0 lost its sign")
	}
}

func TestDequantizeErrors(t *testing.T) {
	ewWantErr(t, "float32 input", ewPrepErr(&Dequantize{}, ewF32(tensor.Shape{1}, 1)), ErrType)
	ewWantErr(t, "no quantization", ewPrepErr(&Dequantize{}, ewI8(tensor.Shape{1}, nil, 1)), nil)
	bad := &tensor.Quantization{Scale: []float32{1, 2, 3}, Axis: 0}
	ewWantErr(t, "scales vs extent", ewPrepErr(&Dequantize{}, ewI8(tensor.Shape{2}, bad, 1, 2)), ErrShape)
	badZP := &tensor.Quantization{Scale: []float32{1, 2}, ZeroPoint: []int64{0, 0, 0}, Axis: 0}
	ewWantErr(t, "zero points", ewPrepErr(&Dequantize{}, ewI8(tensor.Shape{2}, badZP, 1, 2)), nil)
}

// TestDequantizeTable checks the per-tensor int8 and uint8 table against
// the formula r = float32(float64(scale) * (q - zero_point)) on all 256
// inputs, for scales and zero points whose products need the float64 step.
func TestDequantizeTable(t *testing.T) {
	for _, c := range []struct {
		scale float32
		zp    int64
	}{{0.1, 0}, {1.0 / 255, -128}, {0.0078125, 5}, {3.3e-5, 127}, {7.77, -3}} {
		for _, dt := range []tensor.DType{tensor.Int8, tensor.Uint8} {
			zp := c.zp
			if dt == tensor.Uint8 {
				zp += 128
			}
			x := tensor.New(dt, tensor.Shape{16, 16})
			for i := range x.Data {
				x.Data[i] = byte(i)
			}
			x.Quant = &tensor.Quantization{Scale: []float32{c.scale}, ZeroPoint: []int64{zp}}
			got := ewRun(t, &Dequantize{}, x).F32()
			for i, v := range got {
				q := int64(i)
				if dt == tensor.Int8 {
					q = int64(int8(i))
				}
				if want := float32(float64(c.scale) * float64(q-zp)); v != want {
					t.Fatalf("%v scale %v zp %d: input %d gives %v, want %v", dt, c.scale, zp, q, v, want)
				}
			}
		}
	}
}
