package blstm_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/models/blstm"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

var updateImages = flag.Bool("update-images", false, "rewrite testdata/t10k/*.png from the installed Fashion-MNIST test split")

// numTestImages is how many of the test split's first images testdata holds.
const numTestImages = 8

// loadTestSet returns the Fashion-MNIST test split, skipping the test when
// the dataset directory is absent (scripts/install-fashion-mnist.sh
// installs it). Any other problem fails the test.
func loadTestSet(t testing.TB) *fmnist.Set {
	t.Helper()
	if _, err := os.Stat(fmnist.DefaultDir); os.IsNotExist(err) {
		t.Skipf("Fashion-MNIST is not installed in %s (run scripts/install-fashion-mnist.sh)", fmnist.DefaultDir)
	}
	s, err := fmnist.Load(fmnist.DefaultDir, "t10k")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rowsOf returns image i of s as rows of pixel/255.
func rowsOf(s *fmnist.Set, i int) [][]float32 {
	flat := make([]float32, s.Rows*s.Cols)
	s.Float(i, flat)
	rows := make([][]float32, s.Rows)
	for y := range rows {
		rows[y] = flat[y*s.Cols : (y+1)*s.Cols]
	}
	return rows
}

func newDefault(t testing.TB) *blstm.Classifier {
	t.Helper()
	c, err := blstm.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAccuracy classifies the first 1000 test images: at least 87% must
// match the dataset's labels (the model scores 88.35% on all 10,000), and
// every probability vector sums to 1.
func TestAccuracy(t *testing.T) {
	s := loadTestSet(t).Subset(1000)
	c := newDefault(t)
	correct, worstSum := 0, 0.0
	for i := range s.N {
		class, probs, err := c.Classify(rowsOf(s, i))
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if len(probs) != blstm.NumLabels {
			t.Fatalf("image %d: %d probabilities", i, len(probs))
		}
		sum := 0.0
		for _, p := range probs {
			if p < 0 || p > 1 || p > probs[class] {
				t.Fatalf("image %d: probabilities %v, class %d", i, probs, class)
			}
			sum += float64(p)
		}
		worstSum = math.Max(worstSum, math.Abs(sum-1))
		if class == int(s.Labels[i]) {
			correct++
		}
	}
	acc := float64(correct) / float64(s.N)
	t.Logf("accuracy %.4f (%d/%d), max |sum(probs) - 1| = %.3g", acc, correct, s.N, worstSum)
	if acc < 0.87 {
		t.Errorf("accuracy %.4f on the first %d test images, want >= 0.87", acc, s.N)
	}
	if worstSum > sumTolerance(t) {
		t.Errorf("probabilities sum to 1 within %.3g, want %g", worstSum, sumTolerance(t))
	}
}

// sumTolerance is how far from 1 the default model's probabilities may sum:
// float32 rounding, or for a quantized model the rounding of its int8
// softmax output to steps of 1/256, half a step per class.
func sumTolerance(t testing.TB) float64 {
	m, err := tflite.Parse(blstm.DefaultModelBytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, tn := range m.Subgraphs[0].Tensors {
		if tn.Type == tflite.TensorTypeOf(tensor.Int8) || tn.Type == tflite.TensorTypeOf(tensor.Uint8) {
			return float64(blstm.NumLabels) / 512
		}
	}
	return 1e-5
}

// TestMatchesInterpreter checks the Classifier against the interpreter run
// directly (state reset, input copied in, output read out), image by image
// in an order that revisits images, so that LSTM state left over from one
// call would show.
func TestMatchesInterpreter(t *testing.T) {
	s := loadTestSet(t).Subset(20)
	m, err := blstm.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if m.InputInfo(0).DType != tensor.Float32 || m.OutputInfo(0).DType != tensor.Float32 {
		t.Skip("the embedded model is not float32; TestQuantizedIO covers quantized I/O")
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		t.Fatal(err)
	}
	c := newDefault(t)
	for _, i := range []int{0, 1, 2, 0, 19, 5, 5, 1} {
		it.ResetVariables()
		s.Float(i, it.Input(0).F32())
		if err := it.Invoke(); err != nil {
			t.Fatal(err)
		}
		want := it.Output(0).F32()
		class, got, err := c.Classify(rowsOf(s, i))
		if err != nil {
			t.Fatal(err)
		}
		for k := range want {
			if math.Float32bits(got[k]) != math.Float32bits(want[k]) {
				t.Fatalf("image %d: classifier %v, interpreter %v", i, got, want)
			}
		}
		if class != argmax(want) {
			t.Errorf("image %d: class %d, argmax %d", i, class, argmax(want))
		}
	}
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// testImage is one committed Fashion-MNIST test image.
type testImage struct {
	path  string
	index int // in the t10k split
	label int
}

func testImages(t testing.TB) []testImage {
	t.Helper()
	paths, err := filepath.Glob("testdata/t10k/t10k-*-label*.png")
	if err != nil {
		t.Fatal(err)
	}
	var out []testImage
	for _, p := range paths {
		var ti testImage
		if _, err := fmt.Sscanf(filepath.Base(p), "t10k-%04d-label%d.png", &ti.index, &ti.label); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		ti.path = p
		out = append(out, ti)
	}
	if len(out) != numTestImages {
		t.Fatalf("testdata holds %d test images, want %d", len(out), numTestImages)
	}
	return out
}

func decodeGray(t testing.TB, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		t.Fatalf("%s decodes to %T, want *image.Gray", path, img)
	}
	return g
}

// TestTestdataImages checks the committed PNGs against the dataset: the
// same pixels and the label in the file name. With -update-images it
// writes them.
func TestTestdataImages(t *testing.T) {
	s := loadTestSet(t)
	if *updateImages {
		old, _ := filepath.Glob("testdata/t10k/t10k-*-label*.png")
		for _, p := range old {
			os.Remove(p)
		}
		for i := range numTestImages {
			g := &image.Gray{Pix: bytes.Clone(s.Image(i)), Stride: s.Cols, Rect: image.Rect(0, 0, s.Cols, s.Rows)}
			var buf bytes.Buffer
			enc := png.Encoder{CompressionLevel: png.BestCompression}
			if err := enc.Encode(&buf, g); err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("testdata/t10k/t10k-%04d-label%d.png", i, s.Labels[i])
			if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, ti := range testImages(t) {
		g := decodeGray(t, ti.path)
		if g.Rect != image.Rect(0, 0, s.Cols, s.Rows) || !bytes.Equal(g.Pix, s.Image(ti.index)) {
			t.Errorf("%s: pixels differ from test image %d", ti.path, ti.index)
		}
		if ti.label != int(s.Labels[ti.index]) {
			t.Errorf("%s: label %d, the dataset says %d", ti.path, ti.label, s.Labels[ti.index])
		}
	}
}

// TestClassifyImage classifies the committed PNGs by their dataset labels,
// and checks that a 28x28 image gives the same result as its rows, and
// that scaling the image up changes little.
func TestClassifyImage(t *testing.T) {
	c := newDefault(t)
	for _, ti := range testImages(t) {
		g := decodeGray(t, ti.path)
		class, probs, err := c.ClassifyImage(g)
		if err != nil {
			t.Fatal(err)
		}
		if class != ti.label {
			t.Errorf("%s: class %d (%s), dataset label %d", ti.path, class, blstm.Labels()[class], ti.label)
		}
		rows := make([][]float32, 28)
		for y := range rows {
			rows[y] = make([]float32, 28)
			for x := range rows[y] {
				rows[y][x] = float32(g.Pix[y*g.Stride+x]) / 255
			}
		}
		_, want, err := c.Classify(rows)
		if err != nil {
			t.Fatal(err)
		}
		for k := range want {
			if probs[k] != want[k] {
				t.Fatalf("%s: ClassifyImage %v, Classify of the pixels %v", ti.path, probs, want)
			}
		}
		// An RGBA copy, scaled up 3x with nearest-neighbour, classifies the
		// same after Rows scales it back down.
		big := image.NewRGBA(image.Rect(10, 20, 10+84, 20+84))
		for y := range 84 {
			for x := range 84 {
				v := g.GrayAt(x/3, y/3).Y
				big.SetRGBA(10+x, 20+y, color.RGBA{v, v, v, 255})
			}
		}
		if bc, _, err := c.ClassifyImage(big); err != nil || bc != class {
			t.Errorf("%s scaled 3x: class %d, %v; want %d", ti.path, bc, err, class)
		}
	}
}

func TestRows(t *testing.T) {
	// A 2x2 image, already the target size: gray levels come through
	// exactly, colour through color.GrayModel.
	img := image.NewRGBA(image.Rect(5, 5, 7, 7))
	img.SetRGBA(5, 5, color.RGBA{255, 255, 255, 255})
	img.SetRGBA(6, 5, color.RGBA{51, 51, 51, 255})
	img.SetRGBA(5, 6, color.RGBA{255, 0, 0, 255}) // Y = (19595*255 + 1<<15) >> 24 = 76
	rows := blstm.Rows(img, 2, 2)
	want := [][]float32{{1, 0.2}, {76.0 / 255, 0}}
	for y := range want {
		for x := range want[y] {
			if rows[y][x] != want[y][x] {
				t.Errorf("rows[%d][%d] = %v, want %v", y, x, rows[y][x], want[y][x])
			}
		}
	}
	// A uniform image of another size stays uniform when resized; the
	// result has steps rows of features values.
	big := image.NewGray(image.Rect(0, 0, 100, 37))
	for i := range big.Pix {
		big.Pix[i] = 200
	}
	r := blstm.Rows(big, 3, 5)
	if len(r) != 3 {
		t.Fatalf("%d rows, want 3", len(r))
	}
	for y := range r {
		if len(r[y]) != 5 {
			t.Fatalf("row %d has %d values", y, len(r[y]))
		}
		for x := range r[y] {
			if r[y][x] != 200.0/255 {
				t.Fatalf("uniform 200 became %v at %d,%d", r[y][x]*255, y, x)
			}
		}
	}
}

// TestBadInputs checks that malformed inputs are errors, never panics, and
// leave the Classifier working.
func TestBadInputs(t *testing.T) {
	c := newDefault(t)
	zeros := func() [][]float32 {
		r := make([][]float32, 28)
		for y := range r {
			r[y] = make([]float32, 28)
		}
		return r
	}
	_, want, err := c.Classify(zeros())
	if err != nil {
		t.Fatal(err)
	}
	with := func(y, x int, v float32) [][]float32 {
		r := zeros()
		r[y][x] = v
		return r
	}
	nan := float32(math.NaN())
	cases := []struct {
		name string
		rows [][]float32
		want string
	}{
		{"nil", nil, "0 rows, want 28"},
		{"27 rows", zeros()[:27], "27 rows, want 28"},
		{"29 rows", append(zeros(), make([]float32, 28)), "29 rows, want 28"},
		{"short row", func() [][]float32 { r := zeros(); r[3] = r[3][:27]; return r }(), "row 3 has 27 values, want 28"},
		{"nil row", func() [][]float32 { r := zeros(); r[27] = nil; return r }(), "row 27 has 0 values"},
		{"long row", func() [][]float32 { r := zeros(); r[0] = append(r[0], 0); return r }(), "row 0 has 29 values"},
		{"NaN", with(4, 5, nan), "row 4, value 5 is NaN"},
		{"+Inf", with(0, 0, float32(math.Inf(1))), "is +Inf"},
		{"-Inf", with(0, 0, float32(math.Inf(-1))), "is -Inf"},
		{"255", with(10, 10, 255), "outside [0, 1]"},
		{"negative", with(27, 27, -0.001), "outside [0, 1]"},
	}
	for _, tc := range cases {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s: panic: %v", tc.name, r)
				}
			}()
			_, _, err = c.Classify(tc.rows)
		}()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	for name, img := range map[string]image.Image{
		"nil image":   nil,
		"empty image": image.NewGray(image.Rect(0, 0, 0, 28)),
		"infinite":    image.NewUniform(color.Gray{100}),
		"too wide":    image.NewGray(image.Rect(0, 0, blstm.MaxSide+1, 1)),
		"too many":    &image.Gray{Rect: image.Rect(0, 0, 10000, 10000)}, // bounds only: never read
	} {
		if _, _, err := c.ClassifyImage(img); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// The Classifier is unharmed.
	if _, got, err := c.Classify(zeros()); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the errors: %v, %v; want %v", got, err, want)
	}
	// Closed and zero Classifiers refuse to work.
	c.Close()
	c.Close()
	if _, _, err := c.Classify(zeros()); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("after Close: %v", err)
	}
	var z blstm.Classifier
	if _, _, err := z.Classify(zeros()); err == nil {
		t.Error("a zero Classifier classifies")
	}
	if _, _, err := z.ClassifyImage(image.NewGray(image.Rect(0, 0, 28, 28))); err == nil {
		t.Error("a zero Classifier classifies images")
	}
	z.Close()
}

// TestNewRejects checks the model checks of New.
func TestNewRejects(t *testing.T) {
	if _, err := blstm.New(nil); err == nil {
		t.Error("nil model accepted")
	}
	b := graphtest.New()
	x := b.Input("x", tensor.Float32, 1, 28, 28, 1) // rank 4
	y := b.Tensor("y", tensor.Float32, 1, 28, 28, 1)
	b.Op(tflite.OpRelu, nil, []int{x}, y)
	b.Output(y)
	if _, err := blstm.New(loadBuilt(t, b)); err == nil || !strings.Contains(err.Error(), "input shape") {
		t.Errorf("rank-4 input: %v", err)
	}
	b = graphtest.New()
	x = b.Input("x", tensor.Int32, 1, 4, 3)
	y = b.Tensor("y", tensor.Int32, 1, 12)
	b.Op(tflite.OpReshape, &tflite.ReshapeOptions{NewShape: []int32{1, 12}}, []int{x, b.ConstI32("s", []int{2}, []int32{1, 12})}, y)
	b.Output(y)
	if _, err := blstm.New(loadBuilt(t, b)); err == nil || !strings.Contains(err.Error(), "dtype") {
		t.Errorf("int32 input: %v", err)
	}
}

func loadBuilt(t *testing.T, b *graphtest.Builder) *octet.Model {
	t.Helper()
	buf, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	m, err := octet.LoadBytes(buf)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// quantizedModel builds a small classifier with quantized I/O: a [1,2,3]
// input of type dt, DEQUANTIZE, RESHAPE to [1,6], FULLY_CONNECTED to 4
// logits, SOFTMAX, QUANTIZE to a [1,4] output of type dt with scale 1/256.
func quantizedModel(t *testing.T, dt tensor.DType, w []float32) *octet.Model {
	t.Helper()
	zpIn, zpOut := int64(-128), int64(-128)
	if dt == tensor.Uint8 {
		zpIn, zpOut = 0, 0
	}
	b := graphtest.New()
	x := b.Input("input", dt, 1, 2, 3)
	b.Quantize(x, 1.0/255, zpIn)
	xf := b.Tensor("xf", tensor.Float32, 1, 2, 3)
	b.Op(tflite.OpDequantize, nil, []int{x}, xf)
	flat := b.Tensor("flat", tensor.Float32, 1, 6)
	b.Op(tflite.OpReshape, &tflite.ReshapeOptions{NewShape: []int32{1, 6}}, []int{xf, b.ConstI32("shape", []int{2}, []int32{1, 6})}, flat)
	logits := b.Tensor("logits", tensor.Float32, 1, 4)
	b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{}, []int{flat, b.ConstF32("w", []int{4, 6}, w), -1}, logits)
	probs := b.Tensor("probs", tensor.Float32, 1, 4)
	b.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: 1}, []int{logits}, probs)
	q := b.Tensor("probabilities", dt, 1, 4)
	b.Quantize(q, 1.0/256, zpOut)
	b.Op(tflite.OpQuantize, nil, []int{probs}, q)
	b.Output(q)
	return loadBuilt(t, b)
}

// TestQuantizedIO checks that int8 and uint8 inputs are quantized and
// outputs dequantized with the tensors' parameters: against the same
// computation written out in Go, within the output's quantization step.
func TestQuantizedIO(t *testing.T) {
	w := []float32{
		3, -1, 0, 2, 0, 1,
		-2, 4, 1, 0, 0, 0,
		0, 0, -3, 1, 5, -1,
		1, 1, 1, 1, 1, 1,
	}
	rows := [][]float32{{0, 0.5, 1}, {0.25, 0.9, 0.1}}
	// The expected probabilities: the input rounded to steps of 1/255,
	// logits, softmax.
	var x []float64
	for _, r := range rows {
		for _, v := range r {
			x = append(x, math.Round(float64(v)*255)/255)
		}
	}
	logits := make([]float64, 4)
	sum := 0.0
	for o := range logits {
		for i := range x {
			logits[o] += float64(w[o*6+i]) * x[i]
		}
	}
	for o := range logits {
		logits[o] = math.Exp(logits[o])
		sum += logits[o]
	}
	for _, dt := range []tensor.DType{tensor.Int8, tensor.Uint8} {
		c, err := blstm.New(quantizedModel(t, dt, w))
		if err != nil {
			t.Fatal(err)
		}
		if s, f := c.InputSize(); s != 2 || f != 3 || c.NumClasses() != 4 {
			t.Fatalf("%v: input %dx%d, %d classes", dt, s, f, c.NumClasses())
		}
		class, probs, err := c.Classify(rows)
		if err != nil {
			t.Fatalf("%v: %v", dt, err)
		}
		best := 0
		for o := range logits {
			want := logits[o] / sum
			if math.Abs(float64(probs[o])-want) > 1.0/256 {
				t.Errorf("%v: probs %v, want %v", dt, probs, want)
			}
			if logits[o] > logits[best] {
				best = o
			}
		}
		if class != best {
			t.Errorf("%v: class %d, want %d", dt, class, best)
		}
	}
}

// TestConcurrent shares one Classifier between goroutines (run with -race
// to check the locking).
func TestConcurrent(t *testing.T) {
	c := newDefault(t)
	imgs := testImages(t)
	want := make([][]float32, len(imgs))
	for i, ti := range imgs {
		_, p, err := c.ClassifyImage(decodeGray(t, ti.path))
		if err != nil {
			t.Fatal(err)
		}
		want[i] = p
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range imgs {
				i := (k + g) % len(imgs)
				_, p, err := c.ClassifyImage(decodeGray(t, imgs[i].path))
				if err != nil || fmt.Sprint(p) != fmt.Sprint(want[i]) {
					errs <- fmt.Sprintf("goroutine %d, %s: %v %v", g, imgs[i].path, p, err)
					return
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

func TestLabels(t *testing.T) {
	l := blstm.Labels()
	if len(l) != blstm.NumLabels || l[0] != "T-shirt/top" || l[9] != "Ankle boot" {
		t.Fatalf("Labels() = %q", l)
	}
	for i, name := range fmnist.ClassNames {
		if l[i] != name {
			t.Errorf("label %d: %q, fmnist says %q", i, l[i], name)
		}
	}
	l[0] = "changed"
	if blstm.Labels()[0] != "T-shirt/top" {
		t.Error("Labels() shares its storage")
	}
}

// TestDefaultModel checks the embedded model's interface.
func TestDefaultModel(t *testing.T) {
	c := newDefault(t)
	if s, f := c.InputSize(); s != 28 || f != 28 || c.NumClasses() != 10 {
		t.Errorf("input %dx%d, %d classes; want 28x28 and 10", s, f, c.NumClasses())
	}
	m, err := blstm.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if in := m.InputInfo(0); in.Name != "input" {
		t.Errorf("input tensor %q", in.Name)
	}
	if len(blstm.DefaultModelBytes()) == 0 {
		t.Error("no embedded model bytes")
	}
}
