package mobile_test

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/octet-ml/octet/mobile"
	"github.com/octet-ml/octet/models/portrait"
)

func photo(t testing.TB) (pix []byte, w, h int) {
	img := decodePNG(t, "../testdata/astronaut.png")
	return img.Pix, img.Rect.Dx(), img.Rect.Dy()
}

func newSegmenter(t testing.TB) *mobile.Segmenter {
	t.Helper()
	s, err := mobile.NewSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSegmentPhoto(t *testing.T) {
	pix, w, h := photo(t)
	orig := bytes.Clone(pix)
	s := newSegmenter(t)
	if s.ModelWidth() != 256 || s.ModelHeight() != 256 {
		t.Errorf("model size %dx%d, want 256x256", s.ModelWidth(), s.ModelHeight())
	}
	mask, err := s.Segment(pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	if len(mask) != w*h {
		t.Fatalf("mask has %d bytes, want %d", len(mask), w*h)
	}
	if !bytes.Equal(pix, orig) {
		t.Error("Segment modified its input")
	}
	if v := mask[130*w+190]; v <= 200 {
		t.Errorf("face = %d, want > 200", v)
	}
	if v := mask[w-1]; v >= 55 {
		t.Errorf("top-right corner = %d, want < 55", v)
	}

	// The same mask as the portrait package's.
	seg, err := portrait.Default()
	if err != nil {
		t.Fatal(err)
	}
	img := &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	want, err := seg.Segment(img)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mask, want.Pix) {
		t.Error("mask differs from portrait.Segmenter.Segment's")
	}
}

func TestNewSegmenterFromModel(t *testing.T) {
	s, err := mobile.NewSegmenterFromModel(portrait.DefaultModelBytes())
	if err != nil {
		t.Fatal(err)
	}
	pix, w, h := photo(t)
	got, err := s.Segment(pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	want, err := newSegmenter(t).Segment(pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("the model from bytes gives a different mask from the embedded one")
	}

	// The model is copied: changing the caller's bytes afterwards (as the
	// JVM may, since gomobile passes arrays without copying) is harmless.
	b := bytes.Clone(portrait.DefaultModelBytes())
	s2, err := mobile.NewSegmenterFromModel(b)
	if err != nil {
		t.Fatal(err)
	}
	clear(b)
	if got2, err := s2.Segment(pix, w, h); err != nil || !bytes.Equal(got2, want) {
		t.Errorf("after clearing the model bytes: err %v, same mask %v", err, bytes.Equal(got2, want))
	}

	for name, model := range map[string][]byte{
		"nil":       nil,
		"garbage":   []byte("not a tflite model at all"),
		"truncated": portrait.DefaultModelBytes()[:1000],
	} {
		if s, err := mobile.NewSegmenterFromModel(model); err == nil || s != nil {
			t.Errorf("%s model: got %v, %v; want an error", name, s, err)
		}
	}
}

// TestErrors checks that bad arguments are errors, never panics.
func TestErrors(t *testing.T) {
	pix, w, h := photo(t)
	s := newSegmenter(t)
	mask, err := s.Segment(pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	small := make([]byte, 4*4*4)
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"nil rgba", func() error { _, err := s.Segment(nil, 4, 4); return err }, "want 4*width*height"},
		{"short rgba", func() error { _, err := s.Segment(pix[:len(pix)-1], w, h); return err }, "want 4*width*height"},
		{"long rgba", func() error { _, err := s.Segment(append(bytes.Clone(small), 0), 4, 4); return err }, "want 4*width*height"},
		{"zero width", func() error { _, err := s.Segment(small, 0, 4); return err }, "not positive"},
		{"negative height", func() error { _, err := s.SegmentFrame(small, 4, -4); return err }, "not positive"},
		{"both negative", func() error { _, err := s.Segment(small, -4, -4); return err }, "not positive"},
		{"too wide", func() error { _, err := s.Segment(small, mobile.MaxSide+1, 1); return err }, "exceeds the limit"},
		{"too many pixels", func() error { _, err := s.Segment(small, 10000, 10000); return err }, "exceeds the limit"},
		{"overflowing", func() error { _, err := s.Segment(small, math.MaxInt/2, 3); return err }, "exceeds the limit"},
		{"overflowing to zero", func() error {
			// On 64-bit ints w = 2^32, h = 2^30, and 4*w*h wraps around to
			// 0, the length of a nil buffer.
			big := math.MaxInt>>31 + 1
			_, err := s.Segment(nil, big, big>>2)
			return err
		}, "mobile: rgba"},
		{"blur mask length", func() error { _, err := mobile.CompositeBlur(pix, mask[1:], w, h, 0); return err }, "mask has"},
		{"blur radius", func() error { _, err := mobile.CompositeBlur(pix, mask, w, h, -1); return err }, "blur radius"},
		{"blur huge radius", func() error { _, err := mobile.CompositeBlur(pix, mask, w, h, 1<<20); return err }, "blur radius"},
		{"blur rgba", func() error { _, err := mobile.CompositeBlur(pix[4:], mask, w, h, 3); return err }, "want 4*width*height"},
		{"colour mask", func() error { _, err := mobile.CompositeColor(pix, nil, w, h, 0); return err }, "mask has"},
		{"image bg size", func() error { _, err := mobile.CompositeImage(pix, mask, w, h, small, 4, 5); return err }, "background has"},
		{"image bg dims", func() error { _, err := mobile.CompositeImage(pix, mask, w, h, small, 0, 16); return err }, "background: size"},
		{"image rgba", func() error { _, err := mobile.CompositeImage(small, mask, w, h, small, 4, 4); return err }, "rgba has"},
		{"smoothing 1", func() error { return s.SetSmoothing(1) }, "out of range"},
		{"smoothing negative", func() error { return s.SetSmoothing(-0.1) }, "out of range"},
		{"smoothing NaN", func() error { return s.SetSmoothing(math.NaN()) }, "out of range"},
		{"threads negative", func() error { return s.SetThreads(-1) }, "out of range"},
		{"threads too many", func() error { return s.SetThreads(mobile.MaxThreads + 1) }, "out of range"},
	}
	if strconv.IntSize == 64 { // colours out of the 32-bit range need a 64-bit int
		above, below := int64(1)<<32, int64(math.MinInt32)-1
		cases = append(cases, []struct {
			name string
			call func() error
			want string
		}{
			{"colour range", func() error { _, err := mobile.CompositeColor(pix, mask, w, h, int(above)); return err }, "not a 32-bit ARGB"},
			{"colour negative range", func() error { _, err := mobile.CompositeColor(pix, mask, w, h, int(below)); return err }, "not a 32-bit ARGB"},
		}...)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = c.call()
			}()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	// The Segmenter is unharmed.
	if got, err := s.Segment(pix, w, h); err != nil || !bytes.Equal(got, mask) {
		t.Errorf("after the errors: err %v, same mask %v", err, bytes.Equal(got, mask))
	}
	if s.Smoothing() != 0 || s.Threads() != 0 {
		t.Errorf("rejected settings were kept: smoothing %v, threads %d", s.Smoothing(), s.Threads())
	}
}

func TestSmallAndOddSizes(t *testing.T) {
	s := newSegmenter(t)
	for _, sz := range [][2]int{{1, 1}, {1, 7}, {7, 1}, {3, 5}, {641, 479}} {
		w, h := sz[0], sz[1]
		pix := make([]byte, 4*w*h)
		for i := range pix {
			pix[i] = byte(i * 7)
		}
		for _, f := range []func([]byte, int, int) ([]byte, error){s.Segment, s.SegmentFrame} {
			mask, err := f(pix, w, h)
			if err != nil || len(mask) != w*h {
				t.Fatalf("%dx%d: %d bytes, %v", w, h, len(mask), err)
			}
		}
		mask := make([]byte, w*h)
		for _, c := range []func() ([]byte, error){
			func() ([]byte, error) { return mobile.CompositeBlur(pix, mask, w, h, 0) },
			func() ([]byte, error) { return mobile.CompositeBlur(pix, mask, w, h, 50) },
			func() ([]byte, error) { return mobile.CompositeColor(pix, mask, w, h, 0x7f102030) },
			func() ([]byte, error) { return mobile.CompositeImage(pix, mask, w, h, pix, w, h) },
			func() ([]byte, error) { return mobile.CompositeImage(pix, mask, w, h, make([]byte, 4), 1, 1) },
		} {
			out, err := c()
			if err != nil || len(out) != 4*w*h {
				t.Fatalf("%dx%d composite: %d bytes, %v", w, h, len(out), err)
			}
		}
	}
}

func TestSegmentFrameSmoothing(t *testing.T) {
	pix, w, h := photo(t)
	black := make([]byte, len(pix))
	for i := 3; i < len(black); i += 4 {
		black[i] = 255
	}
	s := newSegmenter(t)
	photoMask, _ := s.Segment(pix, w, h)
	blackMask, _ := s.Segment(black, w, h)
	face := 130*w + 190
	if photoMask[face] < 250 || blackMask[face] > 5 {
		t.Fatalf("face: photo %d, black %d; want about 255 and 0", photoMask[face], blackMask[face])
	}
	frame := func(b []byte, w, h int) []byte {
		t.Helper()
		m, err := s.SegmentFrame(b, w, h)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	// Off by default: frames are independent.
	frame(pix, w, h)
	if !bytes.Equal(frame(black, w, h), blackMask) {
		t.Error("without smoothing, SegmentFrame differs from Segment")
	}

	// alpha 0.75: after the photo, black frames keep 0.75, 0.5625, ... of
	// its probability.
	if err := s.SetSmoothing(0.75); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(frame(pix, w, h), photoMask) {
		t.Error("the first smoothed frame differs from Segment")
	}
	prev := 255.0
	for i, want := range []float64{0.75, 0.5625, 0.421875} {
		got := float64(frame(black, w, h)[face])
		if math.Abs(got-255*want) > 3 || got >= prev {
			t.Errorf("black frame %d: face %v, want about %v", i+1, got, 255*want)
		}
		prev = got
	}
	// Segment does not touch the stream.
	if !bytes.Equal(mustSegment(t, s, black, w, h), blackMask) {
		t.Error("Segment is smoothed")
	}
	if got := float64(frame(black, w, h)[face]); math.Abs(got-255*0.31640625) > 3 {
		t.Errorf("after a Segment call, face %v, want about %v", got, 255*0.31640625)
	}

	// ResetStream forgets.
	frame(pix, w, h)
	s.ResetStream()
	if !bytes.Equal(frame(black, w, h), blackMask) {
		t.Error("ResetStream did not reset the history")
	}

	// A new frame size restarts the history.
	frame(pix, w, h)
	hw, hh := w/2, h/2
	blackHalf := black[:4*hw*hh]
	halfMask := mustSegment(t, s, blackHalf, hw, hh)
	if !bytes.Equal(frame(blackHalf, hw, hh), halfMask) {
		t.Error("a new frame size did not reset the history")
	}

	// Smoothing 0 turns it off and forgets.
	frame(pix, w, h)
	if err := s.SetSmoothing(0); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(frame(black, w, h), blackMask) {
		t.Error("SetSmoothing(0) did not turn smoothing off")
	}
	if err := s.SetSmoothing(0.5); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(frame(black, w, h), blackMask) {
		t.Error("turning smoothing on again kept an old history")
	}
}

func mustSegment(t *testing.T, s *mobile.Segmenter, pix []byte, w, h int) []byte {
	t.Helper()
	m, err := s.Segment(pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestComposites(t *testing.T) {
	pix, w, h := photo(t)
	mask, err := newSegmenter(t).Segment(pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	img := &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	alpha := &image.Alpha{Pix: mask, Stride: w, Rect: img.Rect}
	orig := bytes.Clone(pix)

	check := func(name string, got []byte, err error, bg portrait.Background) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := portrait.Composite(img, alpha, bg)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Pix) {
			t.Errorf("%s differs from portrait.Composite's", name)
		}
	}
	out, err := mobile.CompositeBlur(pix, mask, w, h, 0)
	check("blur", out, err, portrait.Blur(0))
	out, err = mobile.CompositeBlur(pix, mask, w, h, 5)
	check("blur 5", out, err, portrait.Blur(5))
	out, err = mobile.CompositeColor(pix, mask, w, h, 0xFF00B140)
	check("colour", out, err, portrait.Color(color.RGBA{0x00, 0xB1, 0x40, 0xFF}))
	if i := 4 * (w - 1); !bytes.Equal(out[i:i+4], []byte{0x00, 0xB1, 0x40, 0xFF}) {
		t.Errorf("top-right of the colour composite is %v", out[i:i+4])
	}
	// An Android colour int (a negative Java int, sign-extended) is the
	// same colour.
	neg, err := mobile.CompositeColor(pix, mask, w, h, int(int32(-0x00FF4EC0)))
	if err != nil || !bytes.Equal(neg, out) {
		t.Errorf("negative colour int: %v, same composite %v", err, bytes.Equal(neg, out))
	}
	// Half-transparent colours are not premultiplied by the caller.
	out, err = mobile.CompositeColor(pix, mask, w, h, 0x80FF0000)
	check("translucent colour", out, err, portrait.Color(color.NRGBA{0xFF, 0, 0, 0x80}))

	bgImg := decodePNG(t, "../testdata/coffee.png")
	out, err = mobile.CompositeImage(pix, mask, w, h, bgImg.Pix, bgImg.Rect.Dx(), bgImg.Rect.Dy())
	check("image", out, err, portrait.Image(bgImg))

	// An all-background mask gives the colour, an all-person mask the photo.
	zero, full := make([]byte, w*h), bytes.Repeat([]byte{255}, w*h)
	out, _ = mobile.CompositeColor(pix, zero, w, h, 0xFF0000FF)
	if !bytes.Equal(out, bytes.Repeat([]byte{0, 0, 255, 255}, w*h)) {
		t.Error("an all-zero mask does not give the background colour")
	}
	out, _ = mobile.CompositeColor(pix, full, w, h, 0xFF0000FF)
	if !bytes.Equal(out, pix) {
		t.Error("an all-255 mask does not give the photo")
	}
	if !bytes.Equal(pix, orig) {
		t.Error("a composite modified its input")
	}
}

func TestClose(t *testing.T) {
	pix, w, h := photo(t)
	s := newSegmenter(t)
	s.Close()
	s.Close()
	if _, err := s.Segment(pix, w, h); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Segment after Close: %v", err)
	}
	if _, err := s.SegmentFrame(pix, w, h); err == nil {
		t.Error("SegmentFrame after Close: no error")
	}
	if s.ModelWidth() != 0 || s.ModelHeight() != 0 {
		t.Error("model size after Close is not 0")
	}
	s.ResetStream()
	if err := s.SetSmoothing(0.5); err != nil {
		t.Error(err)
	}

	// A zero Segmenter, not made by NewSegmenter, errs rather than panics.
	var z mobile.Segmenter
	if _, err := z.Segment(pix, w, h); err == nil {
		t.Error("a zero Segmenter segments")
	}
}

// TestConcurrent runs one shared Segmenter, per-goroutine Segmenters and the
// package functions at once (run with -race to check the locking).
func TestConcurrent(t *testing.T) {
	pix, w, h := photo(t)
	shared := newSegmenter(t)
	want, err := shared.Segment(pix, w, h)
	if err != nil {
		t.Fatal(err)
	}
	wantGreen, err := mobile.CompositeColor(pix, want, w, h, 0xFF00B140)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			own := shared
			if g%2 == 1 {
				var err error
				if own, err = mobile.NewSegmenter(); err != nil {
					errs <- err.Error()
					return
				}
			}
			for i := 0; i < 2; i++ {
				var got []byte
				var err error
				if i%2 == 0 {
					got, err = own.Segment(pix, w, h)
				} else {
					got, err = own.SegmentFrame(pix, w, h)
				}
				if err != nil || !bytes.Equal(got, want) {
					errs <- "different mask"
				}
				green, err := mobile.CompositeColor(pix, want, w, h, 0xFF00B140)
				if err != nil || !bytes.Equal(green, wantGreen) {
					errs <- "different composite"
				}
				_ = own.SetSmoothing(0)
				_ = own.SetThreads(g)
				_ = mobile.ISA() + mobile.Version()
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestThreads(t *testing.T) {
	s := newSegmenter(t)
	if err := s.SetThreads(4); err != nil {
		t.Fatal(err)
	}
	if s.Threads() != 4 {
		t.Errorf("Threads() = %d, want 4", s.Threads())
	}
	if err := s.SetThreads(0); err != nil || s.Threads() != 0 {
		t.Errorf("SetThreads(0): %v, Threads() = %d", err, s.Threads())
	}
	// The mask does not depend on the thread count.
	w, h := 97, 61
	rgba := make([]byte, 4*w*h)
	for i := range rgba {
		rgba[i] = byte(i * 7)
	}
	var want []byte
	for _, n := range []int{1, 2, 3} {
		if err := s.SetThreads(n); err != nil {
			t.Fatal(err)
		}
		got, err := s.Segment(rgba, w, h)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = got
		} else if !bytes.Equal(got, want) {
			t.Errorf("%d threads: different mask", n)
		}
	}
	s.Close()
	if err := s.SetThreads(2); err == nil {
		t.Error("SetThreads on a closed Segmenter succeeded")
	}
}

func TestVersionAndISA(t *testing.T) {
	v := mobile.Version()
	if !strings.HasPrefix(v, "octet ") || !strings.Contains(v, "go1.") {
		t.Errorf("Version() = %q", v)
	}
	switch mobile.ISA() {
	case "generic", "avx2", "avx512", "neon", "dotprod":
	default:
		t.Errorf("ISA() = %q", mobile.ISA())
	}
}
