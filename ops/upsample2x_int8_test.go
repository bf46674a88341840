package ops

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/octet-ml/octet/asm/up2x"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// resizeI8 runs an int8 ResizeBilinear of x (quantization (0.1, 3)) to
// oh x ow and returns the output and the prepared kernel.
func resizeI8(t *testing.T, m quant.Mode, x *tensor.Tensor, oh, ow int, align, half bool) (*tensor.Tensor, *ResizeBilinear) {
	t.Helper()
	k := &ResizeBilinear{AlignCorners: align, HalfPixelCenters: half}
	k.SetRequantization(m)
	out := &tensor.Tensor{Name: "out", DType: tensor.Int8, Quant: ewQ(0.1, 3)}
	return ewRunOut(t, k, out, x, ewI32Const(tensor.Shape{2}, int32(oh), int32(ow))), k
}

// randI8 returns an int8 tensor of the given shape with seeded random
// values and quantization (0.1, 3).
func randI8(shape tensor.Shape, seed uint64) *tensor.Tensor {
	x := tensor.New(tensor.Int8, shape)
	x.Quant = ewQ(0.1, 3)
	r := rand.New(rand.NewPCG(seed, 5))
	for i := range x.Data {
		x.Data[i] = byte(r.Uint32())
	}
	return x
}

func TestUpsample2xHandComputed(t *testing.T) {
	// 2x2 image [[0 16] [32 48]] to 4x4 with half-pixel centers. Per axis
	// the output coordinates take pixel weights (in quarters) (4,0),
	// (3,1), (1,3), (0,4); the result is floor((S + 8) / 16) with S the
	// quarter-weighted sum (weights summing to 16):
	//   row 0: 0, (3*0+16)*4 -> 64+8 >> 4 = 4, (0+3*16)*4 = 192+8 >> 4 = 12, 16
	//   row 1: (3*0+32)*4 = 128 -> 8, 9*0+3*16+3*32+48 = 192 -> 12,
	//          3*0+9*16+32+3*48 = 320 -> 20, (3*16+48)*4 = 384 -> 24
	//   row 2: 24, 16+9*32+3*48 = 448 -> 28, 3*16+3*32+9*48 = 576 -> 36, 40
	//   row 3: 32, (3*32+48)*4 = 576 -> 36, (32+3*48)*4 = 704 -> 44, 48
	// (the exact bilinear values, e.g. 9/16*0 + 3/16*16 + 3/16*32 + 1/16*48 = 12).
	x := ewI8(tensor.Shape{1, 2, 2, 1}, ewQ(0.1, 3), 0, 16, 32, 48)
	got, k := resizeI8(t, quant.FloatRoundEven, x, 4, 4, false, true)
	if !k.q8.up.on {
		t.Fatal("the 2x fast path is off")
	}
	ewEqual(t, got.I8(), []int8{
		0, 4, 12, 16,
		8, 12, 20, 24,
		24, 28, 36, 40,
		32, 36, 44, 48,
	})

	// Rounding: [[0 2] [-2 1]]: (3*0+2)*4+8 = 16 >> 4 = 1 (exact 0.5 rounds
	// up); (0+3*2)*4 = 24+8 >> 4 = 2 (1.5 -> 2); (3*0-2)*4 = -8+8 >> 4 = 0
	// (-0.5 -> 0, ties toward +Inf); centre (1,1): 9*0+3*2+3*(-2)+1 = 1,
	// 9 >> 4 = 0 (0.0625).
	x = ewI8(tensor.Shape{1, 2, 2, 1}, ewQ(0.1, 3), 0, 2, -2, 1)
	got, _ = resizeI8(t, quant.FloatRoundEven, x, 4, 4, false, true)
	ewEqual(t, got.I8()[:6], []int8{0, 1, 2, 2, 0, 0})

	// Legacy coordinates (neither option): src = o/2, so even outputs copy
	// and odd ones average with weights (2,2), the last clamped:
	//   row 0: 0, (2*0+2*16)*4+8 >> 4 = 8, 16, 16
	//   row 1: (2*0+2*32)*4 -> 16, (0+16+32+48)*4 = 384+8 >> 4 = 24, (16+48)*8 -> 32, 32
	x = ewI8(tensor.Shape{1, 2, 2, 1}, ewQ(0.1, 3), 0, 16, 32, 48)
	got, k = resizeI8(t, quant.FloatRoundEven, x, 4, 4, false, false)
	if !k.q8.up.on {
		t.Fatal("the 2x fast path is off in legacy mode")
	}
	ewEqual(t, got.I8(), []int8{
		0, 8, 16, 16,
		16, 24, 32, 32,
		32, 40, 48, 48,
		32, 40, 48, 48,
	})
	// Saturated values stay in range: -128 and 127 neighbours.
	x = ewI8(tensor.Shape{1, 2, 2, 1}, ewQ(0.1, 3), -128, 127, 127, -128)
	got, _ = resizeI8(t, quant.FloatRoundEven, x, 4, 4, false, true)
	// Centre-left (1,1): 9*(-128) + 3*127 + 3*127 + (-128) = -518, (-518+8) >> 4 = -32.
	if got.I8()[5] != -32 || got.I8()[0] != -128 || got.I8()[3] != 127 {
		t.Errorf("extremes: %v", got.I8())
	}
}

func TestUpsample2xSelection(t *testing.T) {
	for _, c := range []struct {
		h, w, oh, ow int
		align, half  bool
		mode         quant.Mode
		want         bool
	}{
		{3, 5, 6, 10, false, true, quant.FloatRoundEven, true},
		{3, 5, 6, 10, false, false, quant.FloatRoundEven, true},
		{1, 1, 2, 2, false, true, quant.FloatRoundEven, true},
		{3, 5, 6, 10, true, false, quant.FloatRoundEven, false}, // align corners: thirds etc.
		{3, 5, 6, 10, false, true, quant.FixedPoint, false},     // TFLite's rounding differs
		{3, 5, 6, 9, false, true, quant.FloatRoundEven, false},  // not 2x
		{3, 5, 9, 15, false, true, quant.FloatRoundEven, false}, // 3x
	} {
		x := randI8(tensor.Shape{1, c.h, c.w, 2}, 1)
		_, k := resizeI8(t, c.mode, x, c.oh, c.ow, c.align, c.half)
		if k.q8.up.on != c.want {
			t.Errorf("%+v: fast path %v, want %v", c, k.q8.up.on, c.want)
		}
	}
}

// TestUpsample2xExhaustive proves the fast path equal to XNNPACK's general
// formula for every int8 neighbourhood, in two exhaustive parts that
// compose to the whole:
//
//  1. horizontal: for every weight pattern (in quarters (4,0), (3,1),
//     (1,3), (2,2)) and all 65536 pairs (p0, p1), the microkernel's
//     horizontal step xnnBilinearH(p0, p1, 512*w1) equals 512 times the
//     fast path's horizontal pass (asm/up2x's H, through its reference, the
//     definition every kernel matches bit for bit). So the general
//     formula's intermediates are exactly
//     512*E for the fast path's E.
//  2. vertical: for every weight pattern and every pair (E0, E1) of
//     horizontal results in [-512, 508] (a superset of the reachable ones),
//     the microkernel's vertical step and rounding xnnBilinearV(512*E0,
//     512*E1, 512*w1) equals the fast path's vertical pass (asm/up2x's V;
//     for (4,0) also as the op calls it, with E1 = E0).
//
// xnnBilinear is xnnBilinearV of two xnnBilinearH, so every 2- and 4-pixel
// neighbourhood of every pattern, edges and clamped borders included (the
// (4,0) pattern, and i0 == i1), gives the same byte. OCTET_EXHAUSTIVE_2X=1
// also checks all 2^32 four-pixel neighbourhoods of the interior pattern
// directly (a few seconds).
func TestUpsample2xExhaustive(t *testing.T) {
	patterns := [][2]int32{{4, 0}, {3, 1}, {1, 3}, {2, 2}}
	for _, p := range patterns {
		w0, w1 := p[0], p[1]
		for a := int32(-128); a <= 127; a++ {
			for b := int32(-128); b <= 127; b++ {
				if g, f := xnnBilinearH(a, b, 512*w1), int32(fastH(w0, w1, a, b)); g != 512*f {
					t.Fatalf("horizontal (%d,%d) on (%d,%d): general %d, fast %d*512", w0, w1, a, b, g, f)
				}
			}
		}
	}
	for _, p := range patterns {
		w0, w1 := p[0], p[1]
		for e0 := int32(-512); e0 <= 508; e0++ {
			for e1 := int32(-512); e1 <= 508; e1++ {
				g := xnnBilinearV(512*e0, 512*e1, 512*w1)
				f := fastV(w0, w1, e0, e1)
				if g != f {
					t.Fatalf("vertical (%d,%d) on (%d,%d): general %d, fast %d", w0, w1, e0, e1, g, f)
				}
				if w1 == 0 && fastV(4, 0, e0, e0) != fastV(4, 0, e0, e1) {
					t.Fatalf("vertical (4,0) with e1 = e0 on %d: %d, want %d", e0, fastV(4, 0, e0, e0), f)
				}
			}
		}
	}
	if os.Getenv("OCTET_EXHAUSTIVE_2X") == "" {
		return
	}
	// The interior half-pixel pattern (3,1)x(3,1) on all 2^32 neighbourhoods.
	for a := int32(-128); a <= 127; a++ {
		for b := int32(-128); b <= 127; b++ {
			et := int32(fastH(3, 1, a, b))
			for c := int32(-128); c <= 127; c++ {
				for d := int32(-128); d <= 127; d++ {
					g := xnnBilinear(a, b, c, d, 512, 512)
					f := fastV(3, 1, et, int32(fastH(3, 1, c, d)))
					if g != f {
						t.Fatalf("(%d,%d,%d,%d): general %d, fast %d", a, b, c, d, g, f)
					}
				}
			}
		}
	}
}

// TestUpsample2xMatchesGeneral runs whole images, odd and tiny sizes and
// batches, through the fast path and through the general path (the fast
// path switched off) and requires the same bytes: the tap wiring, the row
// cache and the edges.
func TestUpsample2xMatchesGeneral(t *testing.T) {
	seed := uint64(0)
	for _, half := range []bool{true, false} {
		for _, s := range [][4]int{{1, 1, 1, 1}, {1, 1, 7, 3}, {1, 5, 1, 2}, {2, 3, 5, 4}, {1, 9, 7, 16}, {3, 2, 2, 1}, {1, 16, 16, 8}} {
			seed++
			x := randI8(tensor.Shape{s[0], s[1], s[2], s[3]}, seed)
			got, k := resizeI8(t, quant.FloatRoundEven, x, 2*s[1], 2*s[2], false, half)
			if !k.q8.up.on {
				t.Fatalf("%v half=%v: fast path off", s, half)
			}
			fast := append([]int8(nil), got.I8()...)
			k.q8.up.on = false
			if err := k.Eval([]*tensor.Tensor{x, nil}, []*tensor.Tensor{got}); err != nil {
				t.Fatal(err)
			}
			ewEqual(t, fast, got.I8())
		}
	}
}

// benchUp2x times an int8 2x half-pixel upsampling of 1x64x64x16, through
// the fast path or the general XNNPACK formula.
func benchUp2x(b *testing.B, fast bool) {
	x := randI8(tensor.Shape{1, 64, 64, 16}, 3)
	k := &ResizeBilinear{HalfPixelCenters: true}
	out := &tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.1, 3)}
	in, outs := []*tensor.Tensor{x, ewI32Const(tensor.Shape{2}, 128, 128)}, []*tensor.Tensor{out}
	if err := k.Prepare(in, outs); err != nil {
		b.Fatal(err)
	}
	k.q8.up.on = fast
	out.Data = tensor.AlignedBytes(out.ByteSize())
	b.SetBytes(int64(len(out.Data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := k.Eval(in, outs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResizeBilinearInt8Up2xFast(b *testing.B)    { benchUp2x(b, true) }
func BenchmarkResizeBilinearInt8Up2xGeneral(b *testing.B) { benchUp2x(b, false) }

// fastH and fastV run one value through asm/up2x's reference passes.
func fastH(w0, w1, p0, p1 int32) int16 {
	var e [1]int16
	row := [2]int8{int8(p0), int8(p1)}
	taps := [1]up2x.Tap{{Off0: 0, Off1: 1, W0: int16(w0), W1: int16(w1)}}
	up2x.Generic.H(e[:], row[:], taps[:], 1)
	return e[0]
}

func fastV(w0, w1, e0, e1 int32) int8 {
	var q [1]int8
	a, b := [1]int16{int16(e0)}, [1]int16{int16(e1)}
	up2x.Generic.V(q[:], a[:], b[:], int16(w0), int16(w1))
	return q[0]
}
