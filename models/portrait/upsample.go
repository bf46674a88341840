package portrait

import (
	"image"
	"math"
)

// Upsample scales a w x h row-major probability mask to bounds with bilinear
// interpolation (pixel centres aligned, edges clamped) and converts it to an
// alpha mask, 0 to 255.
func Upsample(p []float32, w, h int, bounds image.Rectangle) *image.Alpha {
	dst := image.NewAlpha(bounds)
	W, H := bounds.Dx(), bounds.Dy()
	x0, x1, fx := axisWeights(w, W)
	for y := 0; y < H; y++ {
		sy := (float64(y)+0.5)*float64(h)/float64(H) - 0.5
		y0, y1, fy := clampPair(sy, h)
		r0, r1 := p[y0*w:y0*w+w], p[y1*w:y1*w+w]
		row := dst.Pix[y*dst.Stride : y*dst.Stride+W]
		for x := 0; x < W; x++ {
			a := float64(r0[x0[x]]) + (float64(r0[x1[x]])-float64(r0[x0[x]]))*fx[x]
			b := float64(r1[x0[x]]) + (float64(r1[x1[x]])-float64(r1[x0[x]]))*fx[x]
			v := a + (b-a)*fy
			row[x] = uint8(math.Round(255 * math.Max(0, math.Min(1, v))))
		}
	}
	return dst
}

func axisWeights(in, out int) (i0, i1 []int, f []float64) {
	i0, i1, f = make([]int, out), make([]int, out), make([]float64, out)
	for x := 0; x < out; x++ {
		s := (float64(x)+0.5)*float64(in)/float64(out) - 0.5
		i0[x], i1[x], f[x] = clampPair(s, in)
	}
	return i0, i1, f
}

// clampPair returns the two source indices around coordinate s, clamped to
// [0,n), and the weight of the second.
func clampPair(s float64, n int) (a, b int, frac float64) {
	if s <= 0 {
		return 0, 0, 0
	}
	a = int(s)
	frac = s - float64(a)
	if a >= n-1 {
		return n - 1, n - 1, 0
	}
	return a, a + 1, frac
}
