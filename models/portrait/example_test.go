package portrait_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"

	"github.com/octet-ml/octet/models/portrait"
)

func loadPhoto() image.Image {
	f, err := os.Open("../../testdata/astronaut.png")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		panic(err)
	}
	return img
}

func ExampleSegmenter_Segment() {
	img := loadPhoto()
	seg, err := portrait.Default()
	if err != nil {
		panic(err)
	}
	mask, err := seg.Segment(img)
	if err != nil {
		panic(err)
	}
	fmt.Println("mask size:", mask.Rect.Dx(), "x", mask.Rect.Dy())
	fmt.Println("face is person:", mask.AlphaAt(190, 130).A > 200)
	// Output:
	// mask size: 512 x 512
	// face is person: true
}

func ExampleComposite() {
	img := loadPhoto()
	seg, _ := portrait.Default()
	mask, _ := seg.Segment(img)
	green, err := portrait.Composite(img, mask, portrait.Color(color.RGBA{0, 177, 64, 255}))
	if err != nil {
		panic(err)
	}
	fmt.Println(green.Bounds())
	// Output: (0,0)-(512,512)
}
