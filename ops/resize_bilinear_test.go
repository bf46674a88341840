package ops

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// resizeCase is one hand-computed resize.
type resizeCase struct {
	name        string
	align, half bool
	oh, ow      int
	want        []float32
}

func runResizeCases(t *testing.T, in *tensor.Tensor, cases []resizeCase, tol float64) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			size := ewI32Const(tensor.Shape{2}, int32(c.oh), int32(c.ow))
			got := ewRun(t, &ResizeBilinear{AlignCorners: c.align, HalfPixelCenters: c.half}, in, size)
			ewShape(t, got, tensor.Shape{1, c.oh, c.ow, 1})
			ewClose(t, got.F32(), c.want, tol)
		})
	}
}

func TestResizeBilinear2x2Up(t *testing.T) {
	// in = [[0 4] [8 20]] is f(y,x) = 8y + 4x + 8xy on the grid, and bilinear
	// interpolation inside [0,1]^2 is exactly f; sources outside are clamped
	// to the edge. So each output is f at the clamped source coordinates.
	in := ewF32(tensor.Shape{1, 2, 2, 1}, 0, 4, 8, 20)
	runResizeCases(t, in, []resizeCase{
		// 2->3, legacy: scale 2/3, src = 0, 2/3, 4/3 -> clamped 1.
		// f(y,x): row y=0: 0, 8/3, 4; row 2/3: 16/3, 16/3+8/3+32/9 = 104/9,
		// 16/3+4+16/3 = 44/3; row 1: 8 + 12x = 8, 16, 20.
		{"3x3/legacy", false, false, 3, 3, []float32{
			0, 8.0 / 3, 4,
			16.0 / 3, 104.0 / 9, 44.0 / 3,
			8, 16, 20}},
		// 2->3, align corners: scale (2-1)/(3-1) = 1/2, src = 0, 1/2, 1.
		// Row 1/2 is 4 + 8x.
		{"3x3/align", true, false, 3, 3, []float32{
			0, 2, 4,
			4, 8, 12,
			8, 14, 20}},
		// 2->3, half pixel: scale 2/3, src = (o+1/2)*2/3 - 1/2 = -1/6 -> 0,
		// 1/2, 7/6 -> 1: the same coordinates as align corners.
		{"3x3/half", false, true, 3, 3, []float32{
			0, 2, 4,
			4, 8, 12,
			8, 14, 20}},
		// 2->4, legacy: scale 1/2, src = 0, 1/2, 1, 3/2 -> 1.
		{"4x4/legacy", false, false, 4, 4, []float32{
			0, 2, 4, 4,
			4, 8, 12, 12,
			8, 14, 20, 20,
			8, 14, 20, 20}},
		// 2->4, align corners: scale 1/3, src = 0, 1/3, 2/3, 1.
		// Row 1/3: 8/3 + 20x/3; row 2/3: 16/3 + 28x/3; row 1: 8 + 12x.
		{"4x4/align", true, false, 4, 4, []float32{
			0, 4.0 / 3, 8.0 / 3, 4,
			8.0 / 3, 44.0 / 9, 64.0 / 9, 28.0 / 3,
			16.0 / 3, 76.0 / 9, 104.0 / 9, 44.0 / 3,
			8, 12, 16, 20}},
		// 2->4, half pixel: scale 1/2, src = o/2 - 1/4 = -1/4 -> 0, 1/4, 3/4,
		// 5/4 -> 1. Row 1/4: 2 + 6x; row 3/4: 6 + 10x.
		{"4x4/half", false, true, 4, 4, []float32{
			0, 1, 3, 4,
			2, 3.5, 6.5, 8,
			6, 8.5, 13.5, 16,
			8, 11, 17, 20}},
		// 2->3 rows, 2->4 columns, align corners: rows at 0, 1/2, 1 and
		// columns at 0, 1/3, 2/3, 1.
		{"3x4/align", true, false, 3, 4, []float32{
			0, 4.0 / 3, 8.0 / 3, 4,
			4, 4 + 8.0/3, 4 + 16.0/3, 12,
			8, 12, 16, 20}},
	}, 2e-6)
}

func TestResizeBilinear3x3Down(t *testing.T) {
	// in[y][x] = 8^y * 2^x is separable, so each output is R(y)*C(x) with R
	// and C the 1-D interpolations of [1 8 64] and [1 2 4].
	in := ewF32(tensor.Shape{1, 3, 3, 1}, 1, 2, 4, 8, 16, 32, 64, 128, 256)
	runResizeCases(t, in, []resizeCase{
		// Legacy: scale 3/2, src = 0, 3/2. R = 1, (8+64)/2 = 36;
		// C = 1, (2+4)/2 = 3.
		{"legacy", false, false, 2, 2, []float32{1, 3, 36, 108}},
		// Align corners: scale (3-1)/(2-1) = 2, src = 0, 2: the corners.
		{"align", true, false, 2, 2, []float32{1, 4, 64, 256}},
		// Half pixel: scale 3/2, src = 0.75-0.5 = 1/4 and 2.25-0.5 = 7/4.
		// R = 3/4*1 + 1/4*8 = 2.75 and 1/4*8 + 3/4*64 = 50;
		// C = 3/4*1 + 1/4*2 = 1.25 and 1/4*2 + 3/4*4 = 3.5.
		{"half", false, true, 2, 2, []float32{2.75 * 1.25, 2.75 * 3.5, 50 * 1.25, 50 * 3.5}},
		// To 1x1. Legacy and half: scale 3; legacy src 0 -> in[0][0];
		// half src = 1.5-0.5 = 1 -> in[1][1]. Align corners with one output
		// falls back to scale 3, src 0.
		{"1x1/legacy", false, false, 1, 1, []float32{1}},
		{"1x1/half", false, true, 1, 1, []float32{16}},
		{"1x1/align", true, false, 1, 1, []float32{1}},
	}, 0)
}

// resizeOracle is bilinear resizing from its definition, in float64: map each
// output coordinate to a source coordinate, clamp it into the image, and mix
// the two nearest source samples on each axis by distance.
func resizeOracle(src []float32, n, h, w, c, oh, ow int, align, half bool) []float32 {
	coord := func(o, in, out int) float64 {
		if align && out > 1 {
			return float64(o) * float64(in-1) / float64(out-1)
		}
		s := float64(in) / float64(out)
		if half {
			return (float64(o)+0.5)*s - 0.5
		}
		return float64(o) * s
	}
	taps := func(v float64, in int) (i0, i1 int, f float64) {
		v = math.Max(0, math.Min(v, float64(in-1)))
		i0 = int(math.Floor(v))
		i1 = min(i0+1, in-1)
		return i0, i1, v - float64(i0)
	}
	at := func(b, y, x, ch int) float64 { return float64(src[((b*h+y)*w+x)*c+ch]) }
	out := make([]float32, 0, n*oh*ow*c)
	for b := 0; b < n; b++ {
		for oy := 0; oy < oh; oy++ {
			y0, y1, fy := taps(coord(oy, h, oh), h)
			for ox := 0; ox < ow; ox++ {
				x0, x1, fx := taps(coord(ox, w, ow), w)
				for ch := 0; ch < c; ch++ {
					top := at(b, y0, x0, ch)*(1-fx) + at(b, y0, x1, ch)*fx
					bot := at(b, y1, x0, ch)*(1-fx) + at(b, y1, x1, ch)*fx
					out = append(out, float32(top*(1-fy)+bot*fy))
				}
			}
		}
	}
	return out
}

func TestResizeBilinearOracle(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	flags := [][2]bool{{false, false}, {true, false}, {false, true}}
	sizes := []int{1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31}
	for iter := 0; iter < 120; iter++ {
		n, c := 1+rng.Intn(2), 1+rng.Intn(3)
		h, w := sizes[rng.Intn(len(sizes))], sizes[rng.Intn(len(sizes))]
		oh, ow := sizes[rng.Intn(len(sizes))], sizes[rng.Intn(len(sizes))]
		f := flags[iter%3]
		x := tensor.New(tensor.Float32, tensor.Shape{n, h, w, c})
		for i := range x.F32() {
			x.F32()[i] = rng.Float32()*2 - 1
		}
		name := fmt.Sprintf("%dx%d->%dx%d align=%v half=%v", h, w, oh, ow, f[0], f[1])
		t.Run(name, func(t *testing.T) {
			size := ewI32Const(tensor.Shape{2}, int32(oh), int32(ow))
			got := ewRun(t, &ResizeBilinear{AlignCorners: f[0], HalfPixelCenters: f[1]}, x, size)
			ewShape(t, got, tensor.Shape{n, oh, ow, c})
			ewClose(t, got.F32(), resizeOracle(x.F32(), n, h, w, c, oh, ow, f[0], f[1]), 1e-5)
		})
	}
}

func TestResizeBilinearErrors(t *testing.T) {
	x := tensor.New(tensor.Float32, tensor.Shape{1, 2, 2, 1})
	size := ewI32Const(tensor.Shape{2}, 3, 3)
	ewWantErr(t, "align+half", ewPrepErr(&ResizeBilinear{AlignCorners: true, HalfPixelCenters: true}, x, size), nil)
	dyn := ewI32(tensor.Shape{2}, 3, 3)
	err := ewPrepErr(&ResizeBilinear{}, x, dyn)
	ewWantErr(t, "non-constant size", err, nil)
	if err != nil && !strings.Contains(err.Error(), "constant") {
		t.Errorf("non-constant size error %q does not say so", err)
	}
	ewWantErr(t, "rank 3 input", ewPrepErr(&ResizeBilinear{}, tensor.New(tensor.Float32, tensor.Shape{2, 2, 1}), size), ErrShape)
	ewWantErr(t, "size [3]", ewPrepErr(&ResizeBilinear{}, x, ewI32Const(tensor.Shape{3}, 1, 2, 3)), ErrShape)
	ewWantErr(t, "size zero", ewPrepErr(&ResizeBilinear{}, x, ewI32Const(tensor.Shape{2}, 0, 3)), ErrShape)
	ewWantErr(t, "size negative", ewPrepErr(&ResizeBilinear{}, x, ewI32Const(tensor.Shape{2}, 3, -1)), ErrShape)
	ewWantErr(t, "int8 input", ewPrepErr(&ResizeBilinear{}, tensor.New(tensor.Int8, tensor.Shape{1, 2, 2, 1}), size), ErrType)
	f32size := tensor.New(tensor.Float32, tensor.Shape{2})
	f32size.Const = true
	ewWantErr(t, "float size", ewPrepErr(&ResizeBilinear{}, x, f32size), ErrType)
	ewWantErr(t, "NN non-constant size", ewPrepErr(&ResizeNearestNeighbor{}, x, dyn), nil)
}

func TestResizeNearestNeighbor(t *testing.T) {
	// Two channels so the per-pixel copy is checked: pixel (y,x) holds
	// (10y+x, -(10y+x)).
	in := ewF32(tensor.Shape{1, 2, 2, 2}, 0, 0, 1, -1, 10, -10, 11, -11)
	pix := func(idx ...int) []float32 { // source pixels (y,x) pairs
		var v []float32
		for i := 0; i < len(idx); i += 2 {
			p := float32(10*idx[i] + idx[i+1])
			v = append(v, p, -p)
		}
		return v
	}
	cases := []struct {
		name        string
		align, half bool
		src         []int // per-axis source index for outputs 0..2
	}{
		// 2->3. Legacy: floor(o*2/3) = 0, 0, 1.
		{"legacy", false, false, []int{0, 0, 1}},
		// Align: scale 1/2, round(o/2) half away from zero = 0, 1, 1.
		{"align", true, false, []int{0, 1, 1}},
		// Half: floor((o+1/2)*2/3) = floor(1/3), floor(1), floor(5/3) = 0, 1, 1.
		{"half", false, true, []int{0, 1, 1}},
		// Both (TFLite accepts it): round((o+1/2)*1/2) = round(1/4),
		// round(3/4), round(5/4) = 0, 1, 1.
		{"both", true, true, []int{0, 1, 1}},
	}
	for _, c := range cases {
		size := ewI32Const(tensor.Shape{2}, 3, 3)
		got := ewRun(t, &ResizeNearestNeighbor{AlignCorners: c.align, HalfPixelCenters: c.half}, in, size)
		ewShape(t, got, tensor.Shape{1, 3, 3, 2})
		var idx []int
		for _, y := range c.src {
			for _, x := range c.src {
				idx = append(idx, y, x)
			}
		}
		ewClose(t, got.F32(), pix(idx...), 0)
	}
	// Downscale 4->2 legacy: floor(o*2) = 0, 2 on a 1-D row, uint8 data.
	u := ewRun(t, &ResizeNearestNeighbor{}, ewU8(tensor.Shape{1, 1, 4, 1}, nil, 5, 6, 7, 8), ewI32Const(tensor.Shape{2}, 1, 2))
	ewEqual(t, u.U8(), []uint8{5, 7})
	// Half pixel: floor((o+1/2)*2) = 1, 3.
	u = ewRun(t, &ResizeNearestNeighbor{HalfPixelCenters: true}, ewU8(tensor.Shape{1, 1, 4, 1}, nil, 5, 6, 7, 8), ewI32Const(tensor.Shape{2}, 1, 2))
	ewEqual(t, u.U8(), []uint8{6, 8})
}
