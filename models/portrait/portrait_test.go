package portrait

import (
	"image"
	"image/color"
	"testing"

	"github.com/octet-ml/octet/internal/imgio"
)

func TestUpsampleHandComputed(t *testing.T) {
	// A 2x1 mask [0, 1] stretched to 4x1. Output pixel x samples source
	// coordinate (x+0.5)*2/4 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to
	// [0,1]: values 0, 0.25, 0.75, 1 -> 0, 63.75, 191.25, 255 -> rounded.
	a := Upsample([]float32{0, 1}, 2, 1, image.Rect(0, 0, 4, 1))
	want := []uint8{0, 64, 191, 255}
	for x, w := range want {
		if a.Pix[x] != w {
			t.Errorf("x=%d: %d, want %d", x, a.Pix[x], w)
		}
	}
	// Bounds that do not start at the origin keep their origin.
	b := Upsample([]float32{0.5}, 1, 1, image.Rect(10, 20, 13, 22))
	if b.Rect != image.Rect(10, 20, 13, 22) || b.AlphaAt(12, 21).A != 128 {
		t.Errorf("rect %v value %d", b.Rect, b.AlphaAt(12, 21).A)
	}
	// Out-of-range probabilities are clamped.
	c := Upsample([]float32{-3, 7}, 2, 1, image.Rect(0, 0, 2, 1))
	if c.Pix[0] != 0 || c.Pix[1] != 255 {
		t.Errorf("clamp: %v", c.Pix)
	}
}

func TestComposite(t *testing.T) {
	r := image.Rect(0, 0, 3, 1)
	fg := image.NewRGBA(r)
	for x := 0; x < 3; x++ {
		fg.Set(x, 0, color.RGBA{200, 100, 0, 255})
	}
	mask := image.NewAlpha(r)
	mask.Pix = []uint8{255, 0, 51}
	out, err := Composite(fg, mask, Color(color.RGBA{0, 0, 250, 255}))
	if err != nil {
		t.Fatal(err)
	}
	// 51/255 = 0.2: red 0.2*200 = 40, green 0.2*100 = 20, blue 0.8*250 = 200.
	want := []color.RGBA{{200, 100, 0, 255}, {0, 0, 250, 255}, {40, 20, 200, 255}}
	for x, w := range want {
		if got := out.RGBAAt(x, 0); got != w {
			t.Errorf("x=%d: %v, want %v", x, got, w)
		}
	}
	if _, err := Composite(fg, image.NewAlpha(image.Rect(0, 0, 2, 1)), Blur(1)); err == nil {
		t.Error("mismatched mask bounds accepted")
	}
}

func TestBlurKeepsFlatImagesFlat(t *testing.T) {
	r := image.Rect(0, 0, 17, 9)
	img := image.NewUniform(color.RGBA{10, 120, 240, 255})
	out := Blur(3).Render(r, img).(*image.RGBA)
	for i, v := range out.Pix {
		if want := []uint8{10, 120, 240, 255}[i%4]; v != want {
			t.Fatalf("byte %d = %d, want %d", i, v, want)
		}
	}
	// A single bright pixel spreads out: it gets dimmer, its neighbours brighter.
	dot := image.NewRGBA(r)
	dot.Pix[4*(4*17+8)] = 255
	b := Blur(1).Render(r, dot).(*image.RGBA)
	centre, near := b.Pix[4*(4*17+8)], b.Pix[4*(4*17+9)]
	if !(centre < 255 && near > 0 && centre >= near) {
		t.Errorf("centre %d near %d", centre, near)
	}
}

func TestImageBackgroundCovers(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 40, 10))
	for x := 0; x < 40; x++ {
		for y := 0; y < 10; y++ {
			src.Set(x, y, color.RGBA{uint8(x * 6), 0, 0, 255})
		}
	}
	// A square frame from a 4:1 source keeps the middle quarter (x 15..25).
	out := Image(src).Render(image.Rect(0, 0, 10, 10), nil).(*image.RGBA)
	if l, r := out.RGBAAt(0, 5).R, out.RGBAAt(9, 5).R; l < 80 || l > 100 || r < 140 || r > 155 {
		t.Errorf("left %d right %d, want about 90 and 150", l, r)
	}
}

func TestSegmentErrors(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Segment(image.NewRGBA(image.Rect(0, 0, 0, 5))); err == nil {
		t.Error("empty image accepted")
	}
	if _, err := s.Segment(nil); err == nil {
		t.Error("nil image accepted")
	}
}

// TestSegmentAstronaut checks the mask of a real portrait: full resolution,
// person where the astronaut is and background in the corners, and close to
// the reviewed golden mask in testdata.
func TestSegmentAstronaut(t *testing.T) {
	img, err := imgio.DecodeFile("../../testdata/astronaut.png")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	mask, err := s.Segment(img)
	if err != nil {
		t.Fatal(err)
	}
	if mask.Rect != img.Bounds() {
		t.Fatalf("mask %v, image %v", mask.Rect, img.Bounds())
	}
	// Hand-picked points of astronaut.png (512x512): her face and her
	// suit are person; the top-right corner (flag and wall) is not.
	for _, p := range []struct {
		x, y   int
		person bool
	}{{190, 130, true}, {220, 400, true}, {500, 10, false}, {480, 250, false}} {
		v := mask.AlphaAt(p.x, p.y).A
		if p.person && v < 200 || !p.person && v > 55 {
			t.Errorf("(%d,%d) = %d, person %v", p.x, p.y, v, p.person)
		}
	}
	golden, err := imgio.DecodeFile("testdata/astronaut_mask.png")
	if err != nil {
		t.Fatal(err)
	}
	if iou := maskIoU(mask, golden); iou < 0.995 {
		t.Errorf("IoU with golden mask %.4f < 0.995", iou)
	}
}

// maskIoU is the intersection over union of two masks thresholded at 128.
func maskIoU(a *image.Alpha, b image.Image) float64 {
	var inter, union int
	r := a.Rect
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ga, _, _, _ := b.At(x, y).RGBA()
			pa, pb := a.AlphaAt(x, y).A >= 128, ga>>8 >= 128
			if pa && pb {
				inter++
			}
			if pa || pb {
				union++
			}
		}
	}
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}
