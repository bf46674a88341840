package mobile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/models/blstm"
)

// Classifier recognises Fashion-MNIST clothing items with the BLSTM
// sequence classifier: a grayscale image is scaled to 28x28 and read as 28
// rows of 28 pixels. Images follow the dataset's polarity, a light object
// on a black background; invert photos of dark objects on light
// backgrounds (255-v) first. A Classifier is safe for concurrent use, but
// calls are serialised; create one per thread to classify in parallel.
type Classifier struct {
	mu     sync.Mutex
	c      *blstm.Classifier
	broken error // set after an internal panic, or errClassifierClosed
}

var errClassifierClosed = errors.New("mobile: the classifier is closed")

// NewClassifier returns a Classifier for the BLSTM model embedded in octet
// (Fashion-MNIST, 28x28 input, 10 classes).
func NewClassifier() (c *Classifier, err error) {
	defer recoverTo(&err, nil)
	m, err := blstm.DefaultModel()
	if err != nil {
		return nil, err
	}
	return newClassifier(m)
}

// NewClassifierFromModel returns a Classifier for a .tflite sequence
// classifier of the same family as the embedded one: one [1,T,F] input of
// T rows of F values in [0,1] and one [1,C] output of class probabilities,
// float32 or quantized int8/uint8. The bytes are copied.
func NewClassifierFromModel(model []byte) (c *Classifier, err error) {
	defer recoverTo(&err, nil)
	m, err := loadModelCopy(model)
	if err != nil {
		return nil, err
	}
	return newClassifier(m)
}

func newClassifier(m *octet.Model) (*Classifier, error) {
	c, err := blstm.New(m)
	if err != nil {
		return nil, err
	}
	return &Classifier{c: c}, nil
}

// Close releases the Classifier's interpreter now rather than when the
// garbage collectors get to it. Later calls return an error. Close is
// idempotent.
func (c *Classifier) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c != nil {
		c.c.Close()
	}
	c.c = nil
	if c.broken == nil {
		c.broken = errClassifierClosed
	}
}

func (c *Classifier) usable() error {
	if c.broken != nil {
		return c.broken
	}
	if c.c == nil {
		return errors.New("mobile: the Classifier was not made by NewClassifier or NewClassifierFromModel")
	}
	return nil
}

// Classify returns the most probable class (0 to NumClasses()-1) of an
// 8-bit grayscale image of width x height pixels (len(gray) ==
// width*height, row-major, no padding), scaled to the model's input size.
func (c *Classifier) Classify(gray []byte, width, height int) (class int, err error) {
	class, _, err = c.classifyGray(gray, width, height)
	return class, err
}

// Probabilities returns the probability of every class for an 8-bit
// grayscale image, as Classify takes it: NumClasses() little-endian
// float32 values (4*NumClasses() bytes), in class order. In Java,
// ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer() reads
// them.
func (c *Classifier) Probabilities(gray []byte, width, height int) (probs []byte, err error) {
	_, p, err := c.classifyGray(gray, width, height)
	if err != nil {
		return nil, err
	}
	return float32Bytes(p), nil
}

// ClassifyRGBA is Classify for an RGBA image (4 bytes per pixel, as the
// Segmenter takes), converted to grayscale first.
func (c *Classifier) ClassifyRGBA(rgba []byte, width, height int) (class int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer recoverTo(&err, &c.broken)
	if err := c.usable(); err != nil {
		return 0, err
	}
	img, err := wrapRGBA("rgba", rgba, width, height)
	if err != nil {
		return 0, err
	}
	class, _, err = c.c.ClassifyImage(img)
	return class, err
}

// ClassifyRows classifies the model's input sequence itself: values holds
// ModelHeight() rows of ModelWidth() values in [0,1] (pixel/255 for
// Fashion-MNIST), each a little-endian float32, so len(values) ==
// 4*ModelWidth()*ModelHeight().
func (c *Classifier) ClassifyRows(values []byte) (class int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer recoverTo(&err, &c.broken)
	if err := c.usable(); err != nil {
		return 0, err
	}
	steps, features := c.c.InputSize()
	if want := 4 * steps * features; len(values) != want {
		return 0, fmt.Errorf("mobile: values has %d bytes, want 4*%d*%d = %d (%d rows of %d little-endian float32)",
			len(values), steps, features, want, steps, features)
	}
	rows := make([][]float32, steps)
	for y := range rows {
		rows[y] = make([]float32, features)
		for x := range rows[y] {
			rows[y][x] = math.Float32frombits(binary.LittleEndian.Uint32(values[4*(y*features+x):]))
		}
	}
	class, _, err = c.c.Classify(rows)
	return class, err
}

func (c *Classifier) classifyGray(gray []byte, width, height int) (class int, probs []float32, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer recoverTo(&err, &c.broken)
	if err := c.usable(); err != nil {
		return 0, nil, err
	}
	if err := checkSize(width, height); err != nil {
		return 0, nil, fmt.Errorf("mobile: gray: %w", err)
	}
	if want := width * height; len(gray) != want {
		return 0, nil, fmt.Errorf("mobile: gray has %d bytes, want width*height = %d*%d = %d", len(gray), width, height, want)
	}
	img := &image.Gray{Pix: gray, Stride: width, Rect: image.Rect(0, 0, width, height)}
	return c.c.ClassifyImage(img)
}

func float32Bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// NumClasses returns the number of classes the model scores (10 for the
// embedded model), or 0 once closed.
func (c *Classifier) NumClasses() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c == nil {
		return 0
	}
	return c.c.NumClasses()
}

// ModelWidth returns the model's input width, the values per row (28 for
// the embedded model), or 0 once closed.
func (c *Classifier) ModelWidth() int {
	_, f := c.inputSize()
	return f
}

// ModelHeight returns the model's input height, the rows of the sequence
// (28 for the embedded model), or 0 once closed.
func (c *Classifier) ModelHeight() int {
	s, _ := c.inputSize()
	return s
}

func (c *Classifier) inputSize() (steps, features int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c == nil {
		return 0, 0
	}
	return c.c.InputSize()
}

// Label returns the Fashion-MNIST name of a class ("T-shirt/top",
// "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
// "Bag", "Ankle boot" for 0 to 9), or "" for a class out of that range.
func (c *Classifier) Label(class int) string {
	if class < 0 || class >= blstm.NumLabels {
		return ""
	}
	return blstm.Labels()[class]
}
