package mobile_test

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"

	"github.com/octet-ml/octet/mobile"
)

// loadGray reads an 8-bit grayscale PNG as the bytes Classify takes.
func loadGray(path string) (gray []byte, width, height int) {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		panic(err)
	}
	g := img.(*image.Gray)
	return g.Pix, g.Rect.Dx(), g.Rect.Dy()
}

// Classify a Fashion-MNIST test image (image 0 of the test split, whose
// dataset label is 9, Ankle boot).
func ExampleClassifier() {
	gray, w, h := loadGray("../models/blstm/testdata/t10k/t10k-0000-label9.png")

	c, err := mobile.NewClassifier()
	if err != nil {
		panic(err)
	}
	defer c.Close()
	class, err := c.Classify(gray, w, h)
	if err != nil {
		panic(err)
	}
	fmt.Println("class:", class, c.Label(class))
	fmt.Println("dataset label: 9", c.Label(9))

	// The probabilities of all classes, as little-endian float32.
	p, err := c.Probabilities(gray, w, h)
	if err != nil {
		panic(err)
	}
	sum := 0.0
	for k := 0; k < c.NumClasses(); k++ {
		sum += float64(math.Float32frombits(binary.LittleEndian.Uint32(p[4*k:])))
	}
	fmt.Printf("%d bytes, sum %.2f\n", len(p), sum)

	// A buffer of the wrong size is an error (an exception in Java).
	_, err = c.Classify(gray, 28, 27)
	fmt.Println(err)
	// Output:
	// class: 9 Ankle boot
	// dataset label: 9 Ankle boot
	// 40 bytes, sum 1.00
	// mobile: gray has 784 bytes, want width*height = 28*27 = 756
}
