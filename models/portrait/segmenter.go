package portrait

import (
	_ "embed"
	"errors"
	"fmt"
	"image"
	"sync"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/tensor"
)

// The embedded default is the int8 model that `octet quantize` makes from
// MediaPipe's float selfie model with the committed calibration set (see
// model/NOTICE for the command that regenerates it).
//
//go:embed model/selfie_segmentation_int8.tflite
var defaultModelBytes []byte

var defaultModel = sync.OnceValues(func() (*octet.Model, error) {
	return octet.LoadBytes(defaultModelBytes)
})

// DefaultModel returns the embedded int8 selfie segmentation model, parsed
// once and shared.
func DefaultModel() (*octet.Model, error) { return defaultModel() }

// DefaultModelBytes returns the embedded .tflite file. The caller must not
// modify it.
func DefaultModelBytes() []byte { return defaultModelBytes }

// Segmenter finds the person in an image. A Segmenter is safe for concurrent
// use, but calls are serialised; create one per goroutine to run in
// parallel (they can share one octet.Model).
type Segmenter struct {
	mu      sync.Mutex
	it      *octet.Interpreter
	in, out *tensor.Tensor
	w, h    int // model input size
	mw, mh  int // model output (mask) size
	scratch *image.RGBA
	mask    []float32
}

// Default returns a Segmenter for the embedded model.
func Default(opts ...octet.Option) (*Segmenter, error) {
	m, err := DefaultModel()
	if err != nil {
		return nil, err
	}
	return New(m, opts...)
}

// New returns a Segmenter for a portrait segmentation model.
func New(m *octet.Model, opts ...octet.Option) (*Segmenter, error) {
	if m.NumInputs() != 1 || m.NumOutputs() != 1 {
		return nil, fmt.Errorf("portrait: model has %d inputs and %d outputs, want 1 and 1", m.NumInputs(), m.NumOutputs())
	}
	it, err := octet.NewInterpreter(m, opts...)
	if err != nil {
		return nil, err
	}
	s := &Segmenter{it: it, in: it.Input(0), out: it.Output(0)}
	if len(s.in.Shape) != 4 || s.in.Shape[0] != 1 || s.in.Shape[3] != 3 {
		return nil, fmt.Errorf("portrait: input shape %v, want [1 H W 3]", s.in.Shape)
	}
	if err := checkIOType(s.in); err != nil {
		return nil, fmt.Errorf("portrait: input: %w", err)
	}
	if len(s.out.Shape) != 4 || s.out.Shape[0] != 1 || (s.out.Shape[3] != 1 && s.out.Shape[3] != 2) {
		return nil, fmt.Errorf("portrait: output shape %v, want [1 H W 1] or [1 H W 2]", s.out.Shape)
	}
	if err := checkIOType(s.out); err != nil {
		return nil, fmt.Errorf("portrait: output: %w", err)
	}
	s.h, s.w = s.in.Shape[1], s.in.Shape[2]
	s.mh, s.mw = s.out.Shape[1], s.out.Shape[2]
	s.scratch = image.NewRGBA(image.Rect(0, 0, s.w, s.h))
	s.mask = make([]float32, s.mw*s.mh)
	return s, nil
}

func checkIOType(t *tensor.Tensor) error {
	switch t.DType {
	case tensor.Float32:
		return nil
	case tensor.Int8, tensor.Uint8:
		if t.Quant == nil || len(t.Quant.Scale) != 1 {
			return fmt.Errorf("%v tensor without per-tensor quantization", t.DType)
		}
		return nil
	}
	return fmt.Errorf("unsupported dtype %v", t.DType)
}

// Close stops the interpreter's worker goroutines, if it was created with
// octet.Threads. The Segmenter must not be used afterwards.
func (s *Segmenter) Close() { s.it.Close() }

// InputSize returns the model's input width and height.
func (s *Segmenter) InputSize() (w, h int) { return s.w, s.h }

// Segment returns the person mask of img at img's full resolution:
// 255 where the model is sure of a person, 0 for background. The mask's
// bounds equal img's bounds.
func (s *Segmenter) Segment(img image.Image) (*image.Alpha, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.run(img); err != nil {
		return nil, err
	}
	return Upsample(s.mask, s.mw, s.mh, img.Bounds()), nil
}

// Probabilities returns the model-resolution person probabilities of img,
// row-major, with the mask's width and height.
func (s *Segmenter) Probabilities(img image.Image) (p []float32, w, h int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.run(img); err != nil {
		return nil, 0, 0, err
	}
	return append([]float32(nil), s.mask...), s.mw, s.mh, nil
}

func (s *Segmenter) run(img image.Image) error {
	if img == nil || img.Bounds().Empty() {
		return errors.New("portrait: empty image")
	}
	ResizeRGBA(s.scratch, img)
	fillInput(s.in, s.scratch)
	if err := s.it.Invoke(); err != nil {
		return err
	}
	readMask(s.mask, s.out)
	return nil
}

// readMask copies the person channel of out, as probabilities, into dst.
func readMask(dst []float32, out *tensor.Tensor) {
	c := out.Shape[3]
	n := len(dst)
	switch out.DType {
	case tensor.Float32:
		v := out.F32()
		for i := 0; i < n; i++ {
			dst[i] = v[i*c+c-1]
		}
	case tensor.Int8:
		sc, zp := out.Quant.Params(0)
		v := out.I8()
		for i := 0; i < n; i++ {
			dst[i] = sc * float32(int64(v[i*c+c-1])-zp)
		}
	case tensor.Uint8:
		sc, zp := out.Quant.Params(0)
		v := out.U8()
		for i := 0; i < n; i++ {
			dst[i] = sc * float32(int64(v[i*c+c-1])-zp)
		}
	}
}
