package blstm

import (
	_ "embed"
	"errors"
	"fmt"
	"image"
	stddraw "image/draw"
	"math"
	"sync"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/tensor"
	"golang.org/x/image/draw"
)

// The embedded default model: the full-int8 classifier (a copy of
// testdata/fashion_blstm_int8.tflite, octet quantize's output for the
// float model cmd/octet-train trained; see model/README.md). To ship
// another file of the same family, change the file name here; nothing else
// depends on it.
//
//go:embed model/fashion_blstm_int8.tflite
var defaultModelBytes []byte

var defaultModel = sync.OnceValues(func() (*octet.Model, error) {
	return octet.LoadBytes(defaultModelBytes)
})

// DefaultModel returns the embedded model, parsed once and shared.
func DefaultModel() (*octet.Model, error) { return defaultModel() }

// DefaultModelBytes returns the embedded .tflite file. The caller must not
// modify it.
func DefaultModelBytes() []byte { return defaultModelBytes }

// NumLabels is the number of Fashion-MNIST classes.
const NumLabels = 10

// labels are Fashion-MNIST's class names, by label.
var labels = [NumLabels]string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// Labels returns the names of the 10 Fashion-MNIST classes, indexed by
// class: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt,
// Sneaker, Bag, Ankle boot. The slice is a new copy.
func Labels() []string { return append([]string(nil), labels[:]...) }

// Classifier runs a BLSTM sequence classifier. A Classifier is safe for
// concurrent use, but its calls are serialised by a mutex; create one per
// goroutine to classify in parallel (they can share one octet.Model).
type Classifier struct {
	mu       sync.Mutex
	it       *octet.Interpreter
	in, out  *tensor.Tensor
	steps    int // T: rows of the input sequence
	features int // F: values per row
	classes  int // C
	closed   bool
}

// Default returns a Classifier for the embedded model.
func Default(opts ...octet.Option) (*Classifier, error) {
	m, err := DefaultModel()
	if err != nil {
		return nil, err
	}
	return New(m, opts...)
}

// New returns a Classifier for m, which must have one [1,T,F] input and one
// [1,C] output, each float32 or per-tensor quantized int8 or uint8.
func New(m *octet.Model, opts ...octet.Option) (*Classifier, error) {
	if m == nil {
		return nil, errors.New("blstm: nil model")
	}
	if m.NumInputs() != 1 || m.NumOutputs() != 1 {
		return nil, fmt.Errorf("blstm: model has %d inputs and %d outputs, want 1 and 1", m.NumInputs(), m.NumOutputs())
	}
	it, err := octet.NewInterpreter(m, opts...)
	if err != nil {
		return nil, err
	}
	c := &Classifier{it: it, in: it.Input(0), out: it.Output(0)}
	if s := c.in.Shape; len(s) != 3 || s[0] != 1 || s[1] < 1 || s[2] < 1 {
		it.Close()
		return nil, fmt.Errorf("blstm: input shape %v, want [1 T F]", s)
	}
	if s := c.out.Shape; len(s) != 2 || s[0] != 1 || s[1] < 1 {
		it.Close()
		return nil, fmt.Errorf("blstm: output shape %v, want [1 C]", s)
	}
	for _, x := range []struct {
		what string
		t    *tensor.Tensor
	}{{"input", c.in}, {"output", c.out}} {
		if err := checkIOType(x.t); err != nil {
			it.Close()
			return nil, fmt.Errorf("blstm: %s: %w", x.what, err)
		}
	}
	c.steps, c.features, c.classes = c.in.Shape[1], c.in.Shape[2], c.out.Shape[1]
	return c, nil
}

func checkIOType(t *tensor.Tensor) error {
	switch t.DType {
	case tensor.Float32:
		return nil
	case tensor.Int8, tensor.Uint8:
		if t.Quant == nil || len(t.Quant.Scale) != 1 || !(t.Quant.Scale[0] > 0) {
			return fmt.Errorf("%v tensor without per-tensor quantization", t.DType)
		}
		return nil
	}
	return fmt.Errorf("unsupported dtype %v (want float32, int8 or uint8)", t.DType)
}

// InputSize returns the model's sequence length T (rows) and features per
// step F (values per row): 28 and 28 for the embedded model.
func (c *Classifier) InputSize() (steps, features int) { return c.steps, c.features }

// NumClasses returns the number of classes the model scores (10 for the
// embedded model).
func (c *Classifier) NumClasses() int { return c.classes }

// Close stops the interpreter's worker goroutines, if it was created with
// octet.Threads. Later calls return an error. Close is idempotent.
func (c *Classifier) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.it != nil && !c.closed {
		c.it.Close()
	}
	c.closed = true
}

// Classify returns the most probable class of a sequence of rows and the
// probabilities of every class (a new slice of NumClasses values). rows
// must hold exactly T rows of F values each, every value in [0,1]: for
// Fashion-MNIST, 28 rows of 28 pixels divided by 255.
func (c *Classifier) Classify(rows [][]float32) (class int, probs []float32, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.usable(); err != nil {
		return 0, nil, err
	}
	if len(rows) != c.steps {
		return 0, nil, fmt.Errorf("blstm: %d rows, want %d", len(rows), c.steps)
	}
	for r, row := range rows {
		if len(row) != c.features {
			return 0, nil, fmt.Errorf("blstm: row %d has %d values, want %d", r, len(row), c.features)
		}
		for k, v := range row {
			if !(v >= 0 && v <= 1) { // also catches NaN
				return 0, nil, fmt.Errorf("blstm: row %d, value %d is %v, outside [0, 1] (pixels are scaled to pixel/255)", r, k, v)
			}
		}
	}
	c.fill(rows)
	return c.run()
}

// Limits on the images ClassifyImage accepts: MaxSide pixels per side and
// MaxPixels in all, which bound the memory resizing needs.
const (
	MaxSide   = 1 << 16
	MaxPixels = 1 << 26
)

// ClassifyImage classifies img: converted to 8-bit grayscale and resized to
// the model's input with Rows. It expects the dataset's polarity, a light
// object on a dark background.
func (c *Classifier) ClassifyImage(img image.Image) (class int, probs []float32, err error) {
	if img == nil || img.Bounds().Empty() {
		return 0, nil, errors.New("blstm: empty image")
	}
	if b := img.Bounds(); b.Dx() > MaxSide || b.Dy() > MaxSide || int64(b.Dx())*int64(b.Dy()) > MaxPixels {
		return 0, nil, fmt.Errorf("blstm: image of %dx%d pixels exceeds the limit (%d per side, %d pixels)", b.Dx(), b.Dy(), MaxSide, MaxPixels)
	}
	if c.steps == 0 {
		return 0, nil, errNotMade
	}
	return c.Classify(Rows(img, c.steps, c.features))
}

// Rows returns img as the model input ClassifyImage builds: steps rows of
// features values in [0,1], pixel/255 of img converted to 8-bit grayscale
// (color.GrayModel; transparent pixels become black) and, unless it is
// already features x steps pixels, resized to that with
// golang.org/x/image/draw's bilinear filter. To classify a dark object on a
// light background, replace each value v with 1-v. Resizing takes memory
// and time in proportion to img's size; see MaxPixels.
func Rows(img image.Image, steps, features int) [][]float32 {
	g := image.NewGray(image.Rect(0, 0, features, steps))
	b := img.Bounds()
	if b.Dx() == features && b.Dy() == steps {
		stddraw.Draw(g, g.Rect, img, b.Min, stddraw.Src)
	} else {
		draw.BiLinear.Scale(g, g.Rect, img, b, draw.Src, nil)
	}
	rows := make([][]float32, steps)
	flat := make([]float32, steps*features)
	for y := range rows {
		rows[y] = flat[y*features : (y+1)*features : (y+1)*features]
		for x, p := range g.Pix[y*g.Stride : y*g.Stride+features] {
			rows[y][x] = float32(p) / 255
		}
	}
	return rows
}

var errNotMade = errors.New("blstm: the Classifier was not made by New or Default")

func (c *Classifier) usable() error {
	if c.it == nil {
		return errNotMade
	}
	if c.closed {
		return errors.New("blstm: the Classifier is closed")
	}
	return nil
}

// fill writes rows (checked) into the input tensor, quantizing them for an
// int8 or uint8 input.
func (c *Classifier) fill(rows [][]float32) {
	t := c.in
	k := 0
	switch t.DType {
	case tensor.Float32:
		v := t.F32()
		for _, row := range rows {
			k += copy(v[k:], row)
		}
	case tensor.Int8, tensor.Uint8:
		sc, zp := t.Quant.Params(0)
		lo, hi := -128.0, 127.0
		if t.DType == tensor.Uint8 {
			lo, hi = 0, 255
		}
		for _, row := range rows {
			for _, x := range row {
				q := math.Round(float64(x)/float64(sc)) + float64(zp)
				t.Data[k] = byte(int64(math.Max(lo, math.Min(hi, q))))
				k++
			}
		}
	}
}

// run invokes the model from a zero LSTM state and reads the output.
func (c *Classifier) run() (int, []float32, error) {
	// LSTM state persists across Invoke calls: every sequence starts anew.
	c.it.ResetVariables()
	if err := c.it.Invoke(); err != nil {
		return 0, nil, err
	}
	probs := make([]float32, c.classes)
	t := c.out
	switch t.DType {
	case tensor.Float32:
		copy(probs, t.F32())
	case tensor.Int8:
		sc, zp := t.Quant.Params(0)
		for i, q := range t.I8()[:c.classes] {
			probs[i] = sc * float32(int64(q)-zp)
		}
	case tensor.Uint8:
		sc, zp := t.Quant.Params(0)
		for i, q := range t.U8()[:c.classes] {
			probs[i] = sc * float32(int64(q)-zp)
		}
	}
	best := 0
	for i, p := range probs {
		if p > probs[best] {
			best = i
		}
	}
	return best, probs, nil
}
