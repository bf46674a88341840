package blstm_test

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"github.com/octet-ml/octet/models/blstm"
)

func decodePNG(path string) image.Image {
	f, err := os.Open(path)
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

// Classify the first images of the Fashion-MNIST test split (committed as
// PNGs whose names carry the dataset's label) and compare with the labels.
func Example() {
	c, err := blstm.Default()
	if err != nil {
		panic(err)
	}
	paths, err := filepath.Glob("testdata/t10k/t10k-*-label*.png")
	if err != nil {
		panic(err)
	}
	labels := blstm.Labels()
	correct := 0
	for _, path := range paths {
		var index, label int
		if _, err := fmt.Sscanf(filepath.Base(path), "t10k-%04d-label%d.png", &index, &label); err != nil {
			panic(err)
		}
		class, _, err := c.ClassifyImage(decodePNG(path))
		if err != nil {
			panic(err)
		}
		if class == label {
			correct++
		}
		fmt.Printf("test image %d: %-11s dataset label: %s\n", index, labels[class], labels[label])
	}
	fmt.Printf("%d of %d correct\n", correct, len(paths))
	// Output:
	// test image 0: Ankle boot  dataset label: Ankle boot
	// test image 1: Pullover    dataset label: Pullover
	// test image 2: Trouser     dataset label: Trouser
	// test image 3: Trouser     dataset label: Trouser
	// test image 4: Shirt       dataset label: Shirt
	// test image 5: Trouser     dataset label: Trouser
	// test image 6: Coat        dataset label: Coat
	// test image 7: Shirt       dataset label: Shirt
	// 8 of 8 correct
}

// Classify takes the sequence itself: 28 rows of 28 values in [0,1].
func ExampleClassifier_Classify() {
	img := decodePNG("testdata/t10k/t10k-0000-label9.png").(*image.Gray)
	rows := make([][]float32, 28)
	for y := range rows {
		rows[y] = make([]float32, 28)
		for x := range rows[y] {
			rows[y][x] = float32(img.GrayAt(x, y).Y) / 255
		}
	}
	c, err := blstm.Default()
	if err != nil {
		panic(err)
	}
	class, probs, err := c.Classify(rows)
	if err != nil {
		panic(err)
	}
	fmt.Println(blstm.Labels()[class], "(dataset label 9:", blstm.Labels()[9]+")")
	fmt.Println("probabilities:", len(probs), "most likely above 0.5:", probs[class] > 0.5)

	// Rows must be complete and scaled to [0,1].
	rows[3][7] = 255
	_, _, err = c.Classify(rows)
	fmt.Println(err)
	_, _, err = c.Classify(rows[:27])
	fmt.Println(err)
	// Output:
	// Ankle boot (dataset label 9: Ankle boot)
	// probabilities: 10 most likely above 0.5: true
	// blstm: row 3, value 7 is 255, outside [0, 1] (pixels are scaled to pixel/255)
	// blstm: 27 rows, want 28
}
