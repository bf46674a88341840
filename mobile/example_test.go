package mobile_test

import (
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"strings"

	"github.com/octet-ml/octet/mobile"
)

// loadRGBA reads a PNG as the RGBA bytes the API takes, as an app would get
// them from a camera frame or a bitmap.
func loadRGBA(path string) (rgba []byte, width, height int) {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		panic(err)
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
	return dst.Pix, b.Dx(), b.Dy()
}

// Segment a photo and blur its background.
func Example() {
	rgba, w, h := loadRGBA("../testdata/astronaut.png")

	seg, err := mobile.NewSegmenter()
	if err != nil {
		panic(err)
	}
	mask, err := seg.Segment(rgba, w, h)
	if err != nil {
		panic(err)
	}
	out, err := mobile.CompositeBlur(rgba, mask, w, h, 0)
	if err != nil {
		panic(err)
	}
	fmt.Println("mask bytes:", len(mask), "= width*height:", len(mask) == w*h)
	fmt.Println("face is person:", mask[130*w+190] > 200)
	fmt.Println("top-right corner is background:", mask[w-1] < 55)
	fmt.Println("composite bytes:", len(out))
	// Output:
	// mask bytes: 262144 = width*height: true
	// face is person: true
	// top-right corner is background: true
	// composite bytes: 1048576
}

// A camera stream: smoothing averages the person probabilities over frames,
// so that a frame in which the model hesitates does not flicker.
func ExampleSegmenter_SegmentFrame() {
	frame, w, h := loadRGBA("../testdata/astronaut.png")
	dark := make([]byte, len(frame)) // a frame where the model sees no one
	for i := 3; i < len(dark); i += 4 {
		dark[i] = 255
	}

	seg, err := mobile.NewSegmenter()
	if err != nil {
		panic(err)
	}
	if err := seg.SetSmoothing(0.5); err != nil {
		panic(err)
	}
	face := 130*w + 190
	for _, f := range [][]byte{frame, dark, dark} {
		mask, err := seg.SegmentFrame(f, w, h)
		if err != nil {
			panic(err)
		}
		fmt.Printf("face: %.2f\n", float64(mask[face])/255)
	}
	seg.ResetStream() // e.g. the user switched cameras
	mask, _ := seg.SegmentFrame(dark, w, h)
	fmt.Printf("after reset: %.2f\n", float64(mask[face])/255)
	// Output:
	// face: 1.00
	// face: 0.50
	// face: 0.25
	// after reset: 0.00
}

// A solid background; colours are 0xAARRGGBB, and Android colour ints
// (negative in Java when opaque) work as they are.
func ExampleCompositeColor() {
	rgba, w, h := loadRGBA("../testdata/astronaut.png")
	seg, _ := mobile.NewSegmenter()
	mask, _ := seg.Segment(rgba, w, h)

	out, err := mobile.CompositeColor(rgba, mask, w, h, 0xFF00B140)
	if err != nil {
		panic(err)
	}
	corner := out[4*(w-1) : 4*w] // the top-right pixel, RGBA
	fmt.Printf("top-right: %02x\n", corner)
	// Output:
	// top-right: 00b140ff
}

// Another photo as the background, scaled to cover the frame.
func ExampleCompositeImage() {
	rgba, w, h := loadRGBA("../testdata/astronaut.png")
	bg, bw, bh := loadRGBA("../testdata/coffee.png")
	seg, _ := mobile.NewSegmenter()
	mask, _ := seg.Segment(rgba, w, h)

	out, err := mobile.CompositeImage(rgba, mask, w, h, bg, bw, bh)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(out) == 4*w*h)
	// Output:
	// true
}

// Wrong buffer sizes are errors (exceptions in Java and Kotlin), not
// crashes.
func ExampleSegmenter_Segment_error() {
	seg, _ := mobile.NewSegmenter()
	_, err := seg.Segment(make([]byte, 100), 640, 480)
	fmt.Println(err)
	_, err = seg.Segment(nil, 0, 480)
	fmt.Println(err)
	// Output:
	// mobile: rgba has 100 bytes, want 4*width*height = 4*640*480 = 1228800
	// mobile: rgba: size 0x480 is not positive
}

// A model shipped with the app instead of the embedded one.
func ExampleNewSegmenterFromModel() {
	model, err := os.ReadFile("../testdata/selfie_segmentation_landscape.tflite")
	if err != nil {
		panic(err)
	}
	seg, err := mobile.NewSegmenterFromModel(model)
	if err != nil {
		panic(err)
	}
	fmt.Println("model input:", seg.ModelWidth(), "x", seg.ModelHeight())
	_, err = mobile.NewSegmenterFromModel([]byte("not a model"))
	fmt.Println("error:", err != nil)
	// Output:
	// model input: 256 x 144
	// error: true
}

// Version and ISA identify the build and the kernels in bug reports.
func ExampleVersion() {
	fmt.Println(strings.HasPrefix(mobile.Version(), "octet "))
	isa := mobile.ISA()
	fmt.Println(isa != "")
	// Output:
	// true
	// true
}
