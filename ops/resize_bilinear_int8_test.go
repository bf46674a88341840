package ops

import (
	"math"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// resizeOracleTapsI8 returns, per output coordinate, the two source indices
// and their weights as integers out of den, from the documented formulas:
// XNNPACK's float32 source coordinate and 11-bit weight (den 2048), or
// TFLite's 10-bit integer coordinate (den 1024).
func resizeOracleTapsI8(in, out int, align, half, fixed bool) (i0, i1 []int, w0, w1 []int64) {
	for o := 0; o < out; o++ {
		if fixed {
			var sc int64
			if align && out > 1 {
				sc = (1024*int64(in-1) + int64(out-1)/2) / int64(out-1)
			} else {
				sc = (1024*int64(in) + int64(out)/2) / int64(out)
			}
			s := int64(o) * sc
			if half {
				s += sc/2 - 512
			}
			lo := max(s/1024, 0) // Go and C both truncate toward zero
			hi := min((s+1023)/1024, int64(in-1))
			i0, i1 = append(i0, int(lo)), append(i1, int(hi))
			w0, w1 = append(w0, 1024-(s-1024*lo)), append(w1, s-1024*lo)
			continue
		}
		adj := 0
		if align && out > 1 {
			adj = 1
		}
		scale := float32(in-adj) / float32(out-adj)
		var src float32
		if half && !align {
			offset := float32(0.5)*scale - 0.5
			src = float32(float32(o)*scale) + offset
			if src < 0 {
				src = 0
			}
			if src > float32(in-1) {
				src = float32(in - 1)
			}
		} else {
			src = float32(float32(o) * scale)
		}
		lo := int(math.Floor(float64(src)))
		w := int64(math.RoundToEven(float64(src-float32(lo)) * 2048))
		i0, i1 = append(i0, lo), append(i1, min(lo+1, in-1))
		w0, w1 = append(w0, 2048-w), append(w1, w)
	}
	return
}

// resizeOracleI8 computes the documented int8 bilinear resize: the sum of
// the weight products times the pixels, divided by den^2 and rounded half
// up (XNNPACK) or half away from zero (TFLite), in exact integers.
func resizeOracleI8(x *tensor.Tensor, oh, ow int, align, half, fixed bool) []int8 {
	n, h, w, c := x.Shape.NHWC()
	y0, y1, wy0, wy1 := resizeOracleTapsI8(h, oh, align, half, fixed)
	x0, x1, wx0, wx1 := resizeOracleTapsI8(w, ow, align, half, fixed)
	den := int64(2048 * 2048)
	if fixed {
		den = 1024 * 1024
	}
	xs := x.I8()
	var out []int8
	for b := 0; b < n; b++ {
		px := func(yy, xx, ch int) int64 { return int64(xs[((b*h+yy)*w+xx)*c+ch]) }
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				for ch := 0; ch < c; ch++ {
					s := wy0[oy]*wx0[ox]*px(y0[oy], x0[ox], ch) + wy0[oy]*wx1[ox]*px(y0[oy], x1[ox], ch) +
						wy1[oy]*wx0[ox]*px(y1[oy], x0[ox], ch) + wy1[oy]*wx1[ox]*px(y1[oy], x1[ox], ch)
					var q int64
					if fixed {
						// Half away from zero.
						a := s
						if a < 0 {
							a = -a
						}
						q = (2*a + den) / (2 * den)
						if s < 0 {
							q = -q
						}
					} else {
						q = int64(math.Floor(float64(2*s+den) / float64(2*den)))
					}
					out = append(out, int8(q))
				}
			}
		}
	}
	return out
}

func TestResizeBilinearInt8Oracle(t *testing.T) {
	seed := uint64(100)
	sizes := [][4]int{{1, 5, 7, 3}, {2, 3, 4, 1}, {1, 1, 1, 2}, {2, 1, 1, 5}, {1, 8, 8, 5}, {1, 2, 9, 4}}
	outs := [][2]int{{10, 13}, {3, 4}, {7, 9}, {1, 1}, {16, 16}, {2, 18}, {11, 3}, {40, 40}}
	for _, m := range []quant.Mode{quant.FloatRoundEven, quant.FixedPoint} {
		for _, opt := range [][2]bool{{false, false}, {true, false}, {false, true}} {
			for _, s := range sizes {
				for _, o := range outs {
					seed++
					x := randI8(tensor.Shape{s[0], s[1], s[2], s[3]}, seed)
					got, _ := resizeI8(t, m, x, o[0], o[1], opt[0], opt[1])
					want := resizeOracleI8(x, o[0], o[1], opt[0], opt[1], m == quant.FixedPoint)
					for i := range want {
						if got.I8()[i] != want[i] {
							t.Fatalf("mode %v %v -> %v align=%v half=%v: [%d] = %d, want %d",
								m, s, o, opt[0], opt[1], i, got.I8()[i], want[i])
						}
					}
				}
			}
		}
	}
}

func TestResizeBilinearInt8HandComputed(t *testing.T) {
	// 1x2 image [0 10] to 1x3, legacy coordinates: scale 2/3, src 0, 2/3,
	// 4/3. XNNPACK: weights lrintf(0.6666667*2048) = 1365 and (src 1.3333334
	// on the last pixel) 683 on a clamped pair: out = (0 + 1365*10*2048 +
	// 2^21) >> 22 = 6.66 -> 7, and 10.
	x := ewI8(tensor.Shape{1, 1, 2, 1}, ewQ(0.1, 3), 0, 10)
	got, _ := resizeI8(t, quant.FloatRoundEven, x, 1, 3, false, false)
	ewEqual(t, got.I8(), []int8{0, 7, 10})
	// TFLite: scale10 = (2048 + 1)/3 = 683, s = 0, 683, 1366: weights
	// (1024-683, 683): 683*10/1024 = 6.67 -> 7; last: i0 = 1, i1 = 1 -> 10.
	got, _ = resizeI8(t, quant.FixedPoint, x, 1, 3, false, false)
	ewEqual(t, got.I8(), []int8{0, 7, 10})

	// Where the two differ, halfway cases: [0 -10] to 1x4 half-pixel.
	// XNNPACK: src = clamp(o/2 - 1/4) = 0, 0.25, 0.75, 1 (clamped from
	// 1.25): 0, -10*512/2048 = -2.5 -> -2, -7.5 -> -7 (halves round up), -10.
	// TFLite: scale10 = 2050/4 = 512, s = 512o - 256 = -256 (i0 = i1 = 0),
	// 256, 768, 1280 (i0 = i1 = 1): 0, -2.5 -> -3, -7.5 -> -8 (halves round
	// away from zero), -10.
	x = ewI8(tensor.Shape{1, 1, 2, 1}, ewQ(0.1, 3), 0, -10)
	got, _ = resizeI8(t, quant.FloatRoundEven, x, 1, 4, false, true)
	ewEqual(t, got.I8(), []int8{0, -2, -7, -10})
	got, _ = resizeI8(t, quant.FixedPoint, x, 1, 4, false, true)
	ewEqual(t, got.I8(), []int8{0, -3, -8, -10})

	// Align corners 3 -> 5: scale 2/4 = 0.5 exactly: [0 8 -8] -> 0, 4, 8, 0, -8.
	x = ewI8(tensor.Shape{1, 1, 3, 1}, ewQ(0.1, 3), 0, 8, -8)
	got, _ = resizeI8(t, quant.FloatRoundEven, x, 1, 5, true, false)
	ewEqual(t, got.I8(), []int8{0, 4, 8, 0, -8})
}

func TestResizeBilinearInt8Errors(t *testing.T) {
	x := ewI8(tensor.Shape{1, 2, 2, 1}, ewQ(0.1, 3), 1, 2, 3, 4)
	size := ewI32Const(tensor.Shape{2}, 4, 4)
	prep := func(out *tensor.Tensor, in ...*tensor.Tensor) error {
		return (&ResizeBilinear{}).Prepare(in, []*tensor.Tensor{out})
	}
	ewWantErr(t, "different quantization", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.2, 3)}, x, size), nil)
	ewWantErr(t, "no output quantization", prep(&tensor.Tensor{DType: tensor.Int8}, x, size), nil)
	ewWantErr(t, "no input quantization", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 3)},
		ewI8(tensor.Shape{1, 2, 2, 1}, nil, 1, 2, 3, 4), size), nil)
	perAxis := &tensor.Quantization{Scale: []float32{0.1, 0.2}, ZeroPoint: []int64{0, 0}, Axis: 3}
	ewWantErr(t, "per-axis input", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 3)},
		ewI8(tensor.Shape{1, 1, 1, 2}, perAxis, 1, 2), size), nil)
	ewWantErr(t, "empty image", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 3)},
		ewI8(tensor.Shape{1, 0, 2, 1}, ewQ(0.1, 3)), size), ErrShape)
	// A short output buffer is an error, not a panic.
	k := &ResizeBilinear{HalfPixelCenters: true}
	out := &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 3)}
	if err := k.Prepare([]*tensor.Tensor{x, size}, []*tensor.Tensor{out}); err != nil {
		t.Fatal(err)
	}
	out.Data = make([]byte, out.ByteSize()-1)
	if err := k.Eval([]*tensor.Tensor{x, size}, []*tensor.Tensor{out}); err == nil {
		t.Error("short output buffer: no error")
	}
}
