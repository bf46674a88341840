// Package mobile is octet's API for Android and iOS apps, made to be bound
// with gomobile (`gomobile bind -target=android|ios`).
//
// Its exported API uses only the types gomobile can bind: []byte, int,
// float64, string, bool, error, *Segmenter and *Classifier. Images cross
// the boundary as RGBA buffers: 4 bytes per pixel (R, G, B, A), row-major,
// no row padding, so an image of width w and height h is exactly 4*w*h
// bytes. Masks are one byte per pixel, w*h bytes, 255 where the model is
// sure of a person and 0 for background.
//
//	seg, err := mobile.NewSegmenter()                 // the embedded selfie model
//	mask, err := seg.Segment(rgba, w, h)              // w*h bytes
//	out, err := mobile.CompositeBlur(rgba, mask, w, h, 0) // 4*w*h bytes
//
// For a camera stream, SegmentFrame can smooth masks over time
// (SetSmoothing), which removes most of the flicker at the person's edges.
//
// Classifier runs the BLSTM sequence classifier on grayscale images
// (width*height bytes, one per pixel) and names Fashion-MNIST's clothing
// classes:
//
//	c, err := mobile.NewClassifier()     // the embedded Fashion-MNIST model
//	class, err := c.Classify(gray, w, h) // 0..9
//	name := c.Label(class)               // "Ankle boot"
//
// # Errors
//
// Every problem is returned as an error (a Java exception, an NSError in
// Swift): wrong buffer sizes, non-positive or too large dimensions,
// malformed models. The package does not panic on bad input. Should an
// internal bug panic, the panic is turned into an error that carries the
// panic value and stack, and the Segmenter or Classifier it happened in
// refuses further calls with that same error (its state could be
// inconsistent); create a new one.
//
// # Concurrency
//
// All functions and methods are safe to call from any thread.
//
//   - A Segmenter serialises its calls with a mutex: two threads using one
//     Segmenter take turns. To segment in parallel, create one Segmenter per
//     thread (each holds its own interpreter and buffers, a few MB; the
//     parsed default model is shared). A Classifier does the same.
//   - The package-level functions (CompositeBlur, CompositeColor,
//     CompositeImage, Version, ISA) keep no state and can run concurrently.
//   - Buffers passed in are read only during the call and never kept, and
//     buffers returned are new: the caller owns them.
package mobile

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/asm"
	"github.com/octet-ml/octet/models/portrait"
)

// Limits on the images the API accepts. MaxSide bounds each dimension and
// MaxPixels their product (8192 x 8192), so that 4*width*height fits an int
// on 32-bit phones and no buffer exceeds 256 MiB.
const (
	MaxSide   = 1 << 16
	MaxPixels = 1 << 26
)

// MaxBlurRadius bounds the radius CompositeBlur accepts.
const MaxBlurRadius = 4096

// MaxThreads bounds what SetThreads accepts.
const MaxThreads = 256

// Segmenter finds the person in camera frames and photos. It is safe for
// concurrent use, but calls are serialised; create one per thread to
// segment in parallel.
type Segmenter struct {
	mu      sync.Mutex
	seg     *portrait.Segmenter
	model   *octet.Model
	threads int
	broken  error // set after an internal panic; returned by every call

	// Temporal smoothing state of SegmentFrame.
	smoothing    float64   // weight of the previous frames, in [0, 1)
	history      []float32 // smoothed probabilities at model resolution
	frameW       int       // frame size history belongs to
	frameH       int
	streamFrames int // frames in history since the last reset
}

// NewSegmenter returns a Segmenter for the selfie segmentation model
// embedded in octet (MediaPipe's, 256x256 input, Apache-2.0).
func NewSegmenter() (s *Segmenter, err error) {
	defer recoverTo(&err, nil)
	m, err := portrait.DefaultModel()
	if err != nil {
		return nil, err
	}
	return newSegmenter(m)
}

// NewSegmenterFromModel returns a Segmenter for a .tflite segmentation model
// of the same family as the embedded one: one [1,H,W,3] RGB input in [0,1]
// and one [1,H',W',1] person-probability output (or [1,H',W',2] whose last
// channel is the person). The bytes are copied.
func NewSegmenterFromModel(model []byte) (s *Segmenter, err error) {
	defer recoverTo(&err, nil)
	m, err := loadModelCopy(model)
	if err != nil {
		return nil, err
	}
	return newSegmenter(m)
}

// loadModelCopy loads a model from a copy of its bytes: gomobile passes Java
// byte arrays without copying, valid only during the call, while the model
// keeps referring to its bytes.
func loadModelCopy(model []byte) (*octet.Model, error) {
	if len(model) == 0 {
		return nil, errors.New("mobile: empty model")
	}
	return octet.LoadBytes(append([]byte(nil), model...))
}

func newSegmenter(m *octet.Model) (*Segmenter, error) {
	seg, err := portrait.New(m, octet.Threads(threadsFor(0)))
	if err != nil {
		return nil, err
	}
	return &Segmenter{seg: seg, model: m}, nil
}

// threadsFor resolves a SetThreads value: 0 means the number of CPUs, at
// most 4 (beyond that a 256x256 model gains little on phone cores).
func threadsFor(n int) int {
	if n == 0 {
		return min(runtime.NumCPU(), 4)
	}
	return n
}

// Close releases the Segmenter's interpreter and buffers now rather than
// when the garbage collectors of both languages get to them. Later calls
// return an error. Close is idempotent.
func (s *Segmenter) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seg != nil {
		s.seg.Close()
	}
	s.seg = nil
	s.history = nil
	if s.broken == nil {
		s.broken = errClosed
	}
}

var errClosed = errors.New("mobile: the segmenter is closed")

// usable reports why s cannot segment, if it cannot.
func (s *Segmenter) usable() error {
	if s.broken != nil {
		return s.broken
	}
	if s.seg == nil {
		return errors.New("mobile: the Segmenter was not made by NewSegmenter or NewSegmenterFromModel")
	}
	return nil
}

// ModelWidth returns the width of the model's input; frames are scaled to
// it, so larger frames cost only their scaling. It is 0 once closed.
func (s *Segmenter) ModelWidth() int {
	w, _ := s.inputSize()
	return w
}

// ModelHeight returns the height of the model's input (0 once closed).
func (s *Segmenter) ModelHeight() int {
	_, h := s.inputSize()
	return h
}

// inputSize returns the model's input size, or zeros once closed.
func (s *Segmenter) inputSize() (w, h int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seg == nil {
		return 0, 0
	}
	return s.seg.InputSize()
}

// Segment returns the person mask of one RGBA image of width x height
// pixels (len(rgba) == 4*width*height), at the image's full resolution:
// width*height bytes, row-major, 255 for person and 0 for background. It
// does not touch SegmentFrame's smoothing state.
func (s *Segmenter) Segment(rgba []byte, width, height int) (mask []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer recoverTo(&err, &s.broken)
	if err := s.usable(); err != nil {
		return nil, err
	}
	img, err := wrapRGBA("rgba", rgba, width, height)
	if err != nil {
		return nil, err
	}
	a, err := s.seg.Segment(img)
	if err != nil {
		return nil, err
	}
	return a.Pix, nil
}

// SegmentFrame is Segment for one frame of a camera stream. With smoothing
// enabled (SetSmoothing), the person probabilities, at model resolution,
// are an exponential moving average over the frames so far, which steadies
// the mask's edges; the history starts again when the frame size changes
// and on ResetStream. With smoothing off (the default) it equals Segment.
func (s *Segmenter) SegmentFrame(rgba []byte, width, height int) (mask []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer recoverTo(&err, &s.broken)
	if err := s.usable(); err != nil {
		return nil, err
	}
	img, err := wrapRGBA("rgba", rgba, width, height)
	if err != nil {
		return nil, err
	}
	p, mw, mh, err := s.seg.Probabilities(img)
	if err != nil {
		return nil, err
	}
	if s.smoothing > 0 {
		if s.streamFrames == 0 || width != s.frameW || height != s.frameH || len(s.history) != len(p) {
			s.history = append(s.history[:0], p...)
			s.frameW, s.frameH = width, height
			s.streamFrames = 0
		} else {
			a := float32(s.smoothing)
			for i, v := range p {
				s.history[i] = a*s.history[i] + (1-a)*v
			}
		}
		s.streamFrames++
		p = s.history
	}
	return portrait.Upsample(p, mw, mh, img.Rect).Pix, nil
}

// SetSmoothing sets the temporal smoothing of SegmentFrame: alpha is the
// weight of the previous frames in the moving average, smoothed =
// alpha*previous + (1-alpha)*current. 0 turns smoothing off (and forgets the
// history); 0.5 to 0.8 suit a 30 fps camera. alpha must be in [0, 1).
func (s *Segmenter) SetSmoothing(alpha float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if math.IsNaN(alpha) || alpha < 0 || alpha >= 1 {
		return fmt.Errorf("mobile: smoothing %v out of range [0, 1)", alpha)
	}
	s.smoothing = alpha
	if alpha == 0 {
		s.resetStream()
	}
	return nil
}

// Smoothing returns the smoothing weight SetSmoothing set.
func (s *Segmenter) Smoothing() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.smoothing
}

// ResetStream forgets SegmentFrame's history, for example when the camera
// switches: the next frame is taken as it is.
func (s *Segmenter) ResetStream() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetStream()
}

func (s *Segmenter) resetStream() {
	s.history = s.history[:0]
	s.frameW, s.frameH, s.streamFrames = 0, 0, 0
}

// SetThreads sets how many threads one inference uses (octet.Threads): 0,
// the default, means the number of CPUs, at most 4. Masks do not depend on
// it. The smoothing state of SegmentFrame is kept.
func (s *Segmenter) SetThreads(n int) (err error) {
	defer recoverTo(&err, nil)
	if n < 0 || n > MaxThreads {
		return fmt.Errorf("mobile: threads %d out of range [0, %d]", n, MaxThreads)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken != nil {
		return s.broken
	}
	seg, err := portrait.New(s.model, octet.Threads(threadsFor(n)))
	if err != nil {
		return err
	}
	s.seg.Close()
	s.seg, s.threads = seg, n
	return nil
}

// Threads returns the value SetThreads set (0 by default).
func (s *Segmenter) Threads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.threads
}

// CompositeBlur puts the person from rgba, as selected by mask (width*height
// bytes, from Segment), over a blurred copy of rgba itself, and returns a
// new RGBA image of the same size. radius is the blur radius in pixels; 0
// picks one from the image size (1/40 of the longer side).
func CompositeBlur(rgba, mask []byte, width, height, radius int) (out []byte, err error) {
	defer recoverTo(&err, nil)
	if radius < 0 || radius > MaxBlurRadius {
		return nil, fmt.Errorf("mobile: blur radius %d out of range [0, %d]", radius, MaxBlurRadius)
	}
	return composite(rgba, mask, width, height, portrait.Blur(radius))
}

// CompositeColor puts the person from rgba, as selected by mask, over a
// solid colour given as 0xAARRGGBB (not premultiplied). Android's colour
// ints, which are negative when alpha is above 0x7f, are accepted as they
// are.
func CompositeColor(rgba, mask []byte, width, height, argb int) (out []byte, err error) {
	defer recoverTo(&err, nil)
	if int64(argb) < math.MinInt32 || int64(argb) > math.MaxUint32 {
		return nil, fmt.Errorf("mobile: colour %#x is not a 32-bit ARGB value", argb)
	}
	c := uint32(int64(argb)) // two's complement for negative Android colours
	bg := portrait.Color(nrgba(c))
	return composite(rgba, mask, width, height, bg)
}

// CompositeImage puts the person from rgba, as selected by mask, over the
// RGBA image bg of bgWidth x bgHeight pixels, which is scaled to cover the
// frame, centred, and cropped where it overflows.
func CompositeImage(rgba, mask []byte, width, height int, bg []byte, bgWidth, bgHeight int) (out []byte, err error) {
	defer recoverTo(&err, nil)
	bgImg, err := wrapRGBA("background", bg, bgWidth, bgHeight)
	if err != nil {
		return nil, err
	}
	return composite(rgba, mask, width, height, portrait.Image(bgImg))
}

func composite(rgba, mask []byte, width, height int, bg portrait.Background) ([]byte, error) {
	img, err := wrapRGBA("rgba", rgba, width, height)
	if err != nil {
		return nil, err
	}
	if len(mask) != width*height {
		return nil, fmt.Errorf("mobile: mask has %d bytes, want width*height = %d", len(mask), width*height)
	}
	a := &image.Alpha{Pix: mask, Stride: width, Rect: img.Rect}
	dst, err := portrait.Composite(img, a, bg)
	if err != nil {
		return nil, err
	}
	return dst.Pix, nil
}

func nrgba(argb uint32) color.NRGBA {
	return color.NRGBA{R: uint8(argb >> 16), G: uint8(argb >> 8), B: uint8(argb), A: uint8(argb >> 24)}
}

// Version returns octet's module version (or "(devel)" when built from a
// checkout), the Go version and the platform, for bug reports: for example
// "octet v0.4.0 go1.26.8 android/arm64".
func Version() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == modulePath && bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				v = d.Version
				if d.Replace != nil {
					v = d.Replace.Version
				}
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return fmt.Sprintf("octet %s %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

const modulePath = "github.com/octet-ml/octet"

// ISA returns the instruction set octet's kernels use on this device:
// "neon" or "dotprod" on arm64 phones, "avx2" or "avx512" on x86-64
// emulators, "generic" for the pure-Go fallback.
func ISA() string { return asm.Selected.String() }

// wrapRGBA checks that buf holds a width x height RGBA image and returns an
// image that shares it.
func wrapRGBA(what string, buf []byte, width, height int) (*image.RGBA, error) {
	if err := checkSize(width, height); err != nil {
		return nil, fmt.Errorf("mobile: %s: %w", what, err)
	}
	if want := 4 * width * height; len(buf) != want {
		return nil, fmt.Errorf("mobile: %s has %d bytes, want 4*width*height = 4*%d*%d = %d",
			what, len(buf), width, height, want)
	}
	return &image.RGBA{Pix: buf, Stride: 4 * width, Rect: image.Rect(0, 0, width, height)}, nil
}

// checkSize rejects dimensions that are not positive or too large, before
// anything multiplies them.
func checkSize(width, height int) error {
	if width <= 0 || height <= 0 {
		return fmt.Errorf("size %dx%d is not positive", width, height)
	}
	if width > MaxSide || height > MaxSide || int64(width)*int64(height) > MaxPixels {
		return fmt.Errorf("size %dx%d exceeds the limit (%d per side, %d pixels)", width, height, MaxSide, MaxPixels)
	}
	return nil
}

// recoverTo turns a panic into *err, with its stack so that it is not lost.
// If broken is not nil, the error is also stored there, so that the
// Segmenter reports it from then on. It must be deferred directly.
func recoverTo(err *error, broken *error) {
	r := recover()
	if r == nil {
		return
	}
	e := fmt.Errorf("mobile: internal error: %v\n%s", r, debug.Stack())
	*err = e
	if broken != nil {
		*broken = e
	}
}
