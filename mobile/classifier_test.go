package mobile_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/octet-ml/octet/mobile"
	"github.com/octet-ml/octet/models/blstm"
	"github.com/octet-ml/octet/models/portrait"
)

// fashionImage is a committed Fashion-MNIST test image with its dataset
// label (carried in the file name).
type fashionImage struct {
	path  string
	gray  []byte // 28*28
	label int
}

func fashionImages(t testing.TB) []fashionImage {
	t.Helper()
	paths, err := filepath.Glob("../models/blstm/testdata/t10k/t10k-*-label*.png")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Fashion-MNIST test images: %v", err)
	}
	var out []fashionImage
	for _, p := range paths {
		var index, label int
		if _, err := fmt.Sscanf(filepath.Base(p), "t10k-%04d-label%d.png", &index, &label); err != nil {
			t.Fatal(err)
		}
		rgba := decodePNG(t, p)
		if rgba.Rect.Dx() != 28 || rgba.Rect.Dy() != 28 {
			t.Fatalf("%s is %v", p, rgba.Rect)
		}
		gray := make([]byte, 28*28)
		for i := range gray {
			gray[i] = rgba.Pix[4*i] // gray images decode to R = G = B
		}
		out = append(out, fashionImage{p, gray, label})
	}
	return out
}

func newClassifier(t testing.TB) *mobile.Classifier {
	t.Helper()
	c, err := mobile.NewClassifier()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func floats(t testing.TB, b []byte) []float32 {
	t.Helper()
	if len(b)%4 != 0 {
		t.Fatalf("%d bytes is not a float32 array", len(b))
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

func floatBytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// TestClassifierImages classifies real test images through every entry
// point: the dataset's labels are the oracle, and the probabilities are
// the models/blstm Classifier's, bit for bit.
func TestClassifierImages(t *testing.T) {
	c := newClassifier(t)
	if c.ModelWidth() != 28 || c.ModelHeight() != 28 || c.NumClasses() != 10 {
		t.Fatalf("model %dx%d, %d classes", c.ModelWidth(), c.ModelHeight(), c.NumClasses())
	}
	ref, err := blstm.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range fashionImages(t) {
		orig := bytes.Clone(im.gray)
		class, err := c.Classify(im.gray, 28, 28)
		if err != nil {
			t.Fatal(err)
		}
		if class != im.label {
			t.Errorf("%s: class %d (%s), dataset label %d", im.path, class, c.Label(class), im.label)
		}
		if !bytes.Equal(im.gray, orig) {
			t.Error("Classify modified its input")
		}
		pb, err := c.Probabilities(im.gray, 28, 28)
		if err != nil {
			t.Fatal(err)
		}
		probs := floats(t, pb)
		_, want, err := ref.ClassifyImage(&image.Gray{Pix: im.gray, Stride: 28, Rect: image.Rect(0, 0, 28, 28)})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(pb, floatBytes(want)) {
			t.Errorf("%s: probabilities %v, blstm.Classifier %v", im.path, probs, want)
		}
		sum, best := 0.0, 0
		for k, p := range probs {
			sum += float64(p)
			if p > probs[best] {
				best = k
			}
		}
		// Within the rounding of an int8 softmax (models/blstm checks the
		// sum more tightly for a float model).
		if len(probs) != 10 || math.Abs(sum-1) > 0.02 || best != class {
			t.Errorf("%s: %d probabilities summing to %v, argmax %d, class %d", im.path, len(probs), sum, best, class)
		}

		// The same image as RGBA, as rows of floats, and scaled up 2x.
		rgba := make([]byte, 4*28*28)
		for i, v := range im.gray {
			rgba[4*i], rgba[4*i+1], rgba[4*i+2], rgba[4*i+3] = v, v, v, 255
		}
		if got, err := c.ClassifyRGBA(rgba, 28, 28); err != nil || got != class {
			t.Errorf("%s: ClassifyRGBA %d, %v; want %d", im.path, got, err, class)
		}
		values := make([]float32, 28*28)
		for i, v := range im.gray {
			values[i] = float32(v) / 255
		}
		if got, err := c.ClassifyRows(floatBytes(values)); err != nil || got != class {
			t.Errorf("%s: ClassifyRows %d, %v; want %d", im.path, got, err, class)
		}
		big := make([]byte, 56*56)
		for y := range 56 {
			for x := range 56 {
				big[y*56+x] = im.gray[(y/2)*28+x/2]
			}
		}
		if got, err := c.Classify(big, 56, 56); err != nil || got != class {
			t.Errorf("%s at 56x56: class %d, %v; want %d", im.path, got, err, class)
		}
	}
}

func TestClassifierLabel(t *testing.T) {
	c := newClassifier(t)
	for k, want := range blstm.Labels() {
		if got := c.Label(k); got != want {
			t.Errorf("Label(%d) = %q, want %q", k, got, want)
		}
	}
	if c.Label(-1) != "" || c.Label(10) != "" {
		t.Error("labels out of range are not empty")
	}
}

func TestNewClassifierFromModel(t *testing.T) {
	im := fashionImages(t)[0]
	want, err := newClassifier(t).Probabilities(im.gray, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	b := bytes.Clone(blstm.DefaultModelBytes())
	c, err := mobile.NewClassifierFromModel(b)
	if err != nil {
		t.Fatal(err)
	}
	clear(b) // the model was copied
	if got, err := c.Probabilities(im.gray, 28, 28); err != nil || !bytes.Equal(got, want) {
		t.Errorf("model from bytes: %v, same probabilities %v", err, bytes.Equal(got, want))
	}
	for name, model := range map[string][]byte{
		"nil":          nil,
		"garbage":      []byte("not a tflite model"),
		"truncated":    blstm.DefaultModelBytes()[:500],
		"segmentation": portrait.DefaultModelBytes(), // [1,256,256,3] input
	} {
		if c, err := mobile.NewClassifierFromModel(model); err == nil || c != nil {
			t.Errorf("%s model: %v, %v; want an error", name, c, err)
		}
	}
}

// TestClassifierErrors checks that bad arguments are errors, never panics.
func TestClassifierErrors(t *testing.T) {
	c := newClassifier(t)
	im := fashionImages(t)[0]
	good := make([]float32, 28*28)
	nan := bytes.Clone(floatBytes(good))
	binary.LittleEndian.PutUint32(nan[4*30:], math.Float32bits(float32(math.NaN())))
	big := bytes.Clone(floatBytes(good))
	binary.LittleEndian.PutUint32(big[0:], math.Float32bits(255))
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"nil gray", func() error { _, err := c.Classify(nil, 28, 28); return err }, "want width*height = 28*28 = 784"},
		{"short gray", func() error { _, err := c.Classify(im.gray[:783], 28, 28); return err }, "gray has 783 bytes"},
		{"rgba as gray", func() error { _, err := c.Classify(make([]byte, 4*28*28), 28, 28); return err }, "gray has 3136 bytes"},
		{"zero width", func() error { _, err := c.Classify(im.gray, 0, 28); return err }, "not positive"},
		{"negative", func() error { _, err := c.Probabilities(im.gray, -28, -28); return err }, "not positive"},
		{"too large", func() error { _, err := c.Classify(im.gray, 1<<20, 1<<20); return err }, "exceeds the limit"},
		{"overflowing", func() error { _, err := c.Classify(nil, math.MaxInt/2, 3); return err }, "exceeds the limit"},
		{"rgba size", func() error { _, err := c.ClassifyRGBA(im.gray, 28, 28); return err }, "want 4*width*height"},
		{"rows short", func() error { _, err := c.ClassifyRows(make([]byte, 4*28*27)); return err }, "values has 3024 bytes, want 4*28*28 = 3136"},
		{"rows odd", func() error { _, err := c.ClassifyRows(make([]byte, 3137)); return err }, "values has 3137 bytes"},
		{"rows NaN", func() error { _, err := c.ClassifyRows(nan); return err }, "row 1, value 2 is NaN"},
		{"rows 255", func() error { _, err := c.ClassifyRows(big); return err }, "outside [0, 1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = tc.call()
			}()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	// The Classifier is unharmed.
	if class, err := c.Classify(im.gray, 28, 28); err != nil || class != im.label {
		t.Errorf("after the errors: %d, %v", class, err)
	}

	c.Close()
	c.Close()
	if _, err := c.Classify(im.gray, 28, 28); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("after Close: %v", err)
	}
	if _, err := c.ClassifyRows(floatBytes(good)); err == nil {
		t.Error("ClassifyRows after Close: no error")
	}
	if c.ModelWidth() != 0 || c.ModelHeight() != 0 || c.NumClasses() != 0 {
		t.Error("sizes after Close are not 0")
	}
	var z mobile.Classifier
	if _, err := z.Classify(im.gray, 28, 28); err == nil {
		t.Error("a zero Classifier classifies")
	}
	if _, err := z.ClassifyRGBA(make([]byte, 4), 1, 1); err == nil {
		t.Error("a zero Classifier classifies RGBA")
	}
}

// TestClassifierConcurrent shares one Classifier between goroutines and
// gives others their own (run with -race to check the locking).
func TestClassifierConcurrent(t *testing.T) {
	imgs := fashionImages(t)
	shared := newClassifier(t)
	var wg sync.WaitGroup
	errs := make(chan string, 32)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := shared
			if g%2 == 1 {
				var err error
				if own, err = mobile.NewClassifier(); err != nil {
					errs <- err.Error()
					return
				}
				defer own.Close()
			}
			for k := range imgs {
				im := imgs[(k+g)%len(imgs)]
				if class, err := own.Classify(im.gray, 28, 28); err != nil || class != im.label {
					errs <- fmt.Sprintf("goroutine %d, %s: class %d, %v", g, im.path, class, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
