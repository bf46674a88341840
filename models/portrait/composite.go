package portrait

import (
	"errors"
	"image"
	"image/color"
	"image/draw"

	xdraw "golang.org/x/image/draw"
)

// Background renders what replaces the background behind a person.
type Background interface {
	// Render returns an image with bounds r. fg is the original photo,
	// which some backgrounds (such as Blur) derive from.
	Render(r image.Rectangle, fg image.Image) image.Image
}

// Composite puts the person from fg, as selected by mask, over bg. Each
// output pixel is fg*a + bg*(1-a) with a = mask/255. mask must have fg's
// bounds.
func Composite(fg image.Image, mask *image.Alpha, bg Background) (*image.RGBA, error) {
	r := fg.Bounds()
	if mask == nil || mask.Bounds() != r {
		return nil, errors.New("portrait: mask bounds differ from the image's")
	}
	if bg == nil {
		return nil, errors.New("portrait: no background")
	}
	dst := toRGBA(bg.Render(r, fg), r)
	src := toRGBA(fg, r)
	for y := 0; y < r.Dy(); y++ {
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*r.Dx()]
		s := src.Pix[y*src.Stride : y*src.Stride+4*r.Dx()]
		m := mask.Pix[y*mask.Stride : y*mask.Stride+r.Dx()]
		for x, a := range m {
			a := uint32(a)
			for c := 0; c < 4; c++ {
				i := 4*x + c
				d[i] = uint8((uint32(s[i])*a + uint32(d[i])*(255-a) + 127) / 255)
			}
		}
	}
	return dst, nil
}

// toRGBA returns img as a new *image.RGBA with bounds r.
func toRGBA(img image.Image, r image.Rectangle) *image.RGBA {
	dst := image.NewRGBA(r)
	draw.Draw(dst, r, img, r.Min, draw.Src)
	return dst
}

// Color is a solid background.
func Color(c color.Color) Background { return colorBG{c} }

type colorBG struct{ c color.Color }

func (b colorBG) Render(r image.Rectangle, _ image.Image) image.Image {
	return image.NewUniform(b.c)
}

// Image is a background photo, scaled to cover the frame and centred,
// cropping what overflows.
func Image(img image.Image) Background { return imageBG{img} }

type imageBG struct{ img image.Image }

func (b imageBG) Render(r image.Rectangle, _ image.Image) image.Image {
	sb := b.img.Bounds()
	dst := image.NewRGBA(r)
	if sb.Empty() {
		return dst
	}
	// Scale so the background covers r, then centre-crop the source.
	sw, sh := sb.Dx(), sb.Dy()
	cw, ch := sw, sw*r.Dy()/r.Dx()
	if ch > sh {
		cw, ch = sh*r.Dx()/r.Dy(), sh
	}
	cw, ch = max(cw, 1), max(ch, 1)
	crop := image.Rect(0, 0, cw, ch).Add(sb.Min).Add(image.Pt((sw-cw)/2, (sh-ch)/2))
	xdraw.BiLinear.Scale(dst, r, b.img, crop, xdraw.Src, nil)
	return dst
}

// Blur is the photo itself, blurred: a Gaussian-like blur made of three box
// blurs of the given radius in pixels. Radius 0 picks one from the image
// size (1/40 of the longer side).
func Blur(radius int) Background { return blurBG{radius} }

type blurBG struct{ radius int }

func (b blurBG) Render(r image.Rectangle, fg image.Image) image.Image {
	img := toRGBA(fg, r)
	rad := b.radius
	if rad <= 0 {
		rad = max(1, max(r.Dx(), r.Dy())/40)
	}
	boxBlur3(img, rad)
	return img
}
