package portrait

import "image"

// boxBlur3 blurs img in place with three passes of a horizontal and a
// vertical box blur of the given radius, which approximates a Gaussian with
// sigma about radius. Edges are clamped.
func boxBlur3(img *image.RGBA, radius int) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	n := max(w, h)
	line := make([]uint8, 4*n)
	for pass := 0; pass < 3; pass++ {
		for y := 0; y < h; y++ {
			boxLine(img.Pix[y*img.Stride:], 4, w, radius, line)
		}
		for x := 0; x < w; x++ {
			boxLine(img.Pix[4*x:], img.Stride, h, radius, line)
		}
	}
}

// boxLine blurs n RGBA pixels spaced stride bytes apart in p, using tmp
// (at least 4n bytes) as scratch.
func boxLine(p []uint8, stride, n, radius int, tmp []uint8) {
	for i := 0; i < n; i++ {
		copy(tmp[4*i:4*i+4], p[i*stride:i*stride+4])
	}
	at := func(i int) int { return 4 * min(max(i, 0), n-1) }
	div := uint32(2*radius + 1)
	for c := 0; c < 4; c++ {
		var sum uint32
		for i := -radius; i <= radius; i++ {
			sum += uint32(tmp[at(i)+c])
		}
		for i := 0; i < n; i++ {
			p[i*stride+c] = uint8((sum + div/2) / div)
			sum += uint32(tmp[at(i+radius+1)+c])
			sum -= uint32(tmp[at(i-radius)+c])
		}
	}
}
