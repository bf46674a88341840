// Command calibset rebuilds testdata/calib, the calibration set that
// `octet quantize` uses for the embedded portrait model, from Debian's
// python3-skimage sample photos (public domain and CC0):
//
//	apt-get download python3-skimage && dpkg -x python3-skimage_*.deb sk
//	go run ./scripts/calibset sk/usr/lib/python3/dist-packages/skimage/data testdata/calib
//
// It writes 256x256 JPEGs: variations of astronaut.png (the one colour
// portrait: mirrored, cropped, darker) and photos without people, so that
// the ranges cover both. camera.png is left out: tests hold it back.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"

	"github.com/octet-ml/octet/internal/imgio"
	"golang.org/x/image/draw"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: calibset SKIMAGE_DATA_DIR OUT_DIR")
		os.Exit(2)
	}
	src, dst := os.Args[1], os.Args[2]
	if err := os.MkdirAll(dst, 0o755); err != nil {
		fail(err)
	}
	load := func(name string) image.Image {
		img, err := imgio.DecodeFile(filepath.Join(src, name))
		if err != nil {
			fail(err)
		}
		return img
	}
	astro := load("astronaut.png")
	write := func(name string, img image.Image, r image.Rectangle, f func(color.RGBA) color.RGBA) {
		out := image.NewRGBA(image.Rect(0, 0, 256, 256))
		draw.BiLinear.Scale(out, out.Rect, img, r, draw.Src, nil)
		if f != nil {
			for i := 0; i < len(out.Pix); i += 4 {
				c := f(color.RGBA{out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3]})
				out.Pix[i], out.Pix[i+1], out.Pix[i+2] = c.R, c.G, c.B
			}
		}
		file, err := os.Create(filepath.Join(dst, name+".jpg"))
		if err != nil {
			fail(err)
		}
		if err := jpeg.Encode(file, out, &jpeg.Options{Quality: 90}); err != nil {
			fail(err)
		}
		if err := file.Close(); err != nil {
			fail(err)
		}
	}
	ab := astro.Bounds()
	mirror := image.NewRGBA(ab)
	for y := ab.Min.Y; y < ab.Max.Y; y++ {
		for x := ab.Min.X; x < ab.Max.X; x++ {
			mirror.Set(ab.Max.X-1-(x-ab.Min.X), y, astro.At(x, y))
		}
	}
	write("astronaut_mirror", mirror, ab, nil)
	write("astronaut_face", astro, image.Rect(96, 0, 352, 256), nil)
	write("astronaut_left", astro, image.Rect(0, 64, 384, 448), nil)
	write("astronaut_dark", astro, ab, func(c color.RGBA) color.RGBA {
		return color.RGBA{c.R * 3 / 5, c.G * 3 / 5, c.B * 3 / 5, 255}
	})
	for _, name := range []string{"chelsea.png", "coffee.png", "rocket.jpg", "hubble_deep_field.jpg"} {
		img := load(name)
		write(name[:len(name)-len(filepath.Ext(name))], img, img.Bounds(), nil)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "calibset:", err)
	os.Exit(1)
}
