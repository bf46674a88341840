package imgio

import (
	"image"
	"image/draw"
)

// Orient returns img transformed so that an image stored with EXIF
// orientation o (1 to 8) is upright. Orientation 1 and unknown values return
// img unchanged.
//
// The EXIF values mean, for the stored image's first row and column:
// 2 mirror horizontally; 3 rotate 180; 4 mirror vertically; 5 transpose
// (mirror along the main diagonal); 6 rotate 90 clockwise; 7 transverse
// (mirror along the anti-diagonal); 8 rotate 90 counter-clockwise.
func Orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	src := image.NewRGBA(img.Bounds())
	draw.Draw(src, src.Rect, img, img.Bounds().Min, draw.Src)
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			s := y*src.Stride + 4*x
			d := dy*dst.Stride + 4*dx
			copy(dst.Pix[d:d+4], src.Pix[s:s+4])
		}
	}
	return dst
}
