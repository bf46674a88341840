package mobile

import (
	"errors"
	"strings"
	"testing"
)

// TestRecoverTo checks that an internal panic becomes an error carrying the
// panic value and a stack, and marks the Segmenter broken.
func TestRecoverTo(t *testing.T) {
	var broken error
	f := func() (err error) {
		defer recoverTo(&err, &broken)
		var m map[string]int
		m["x"] = 1 // panics
		return nil
	}
	err := f()
	if err == nil || !strings.Contains(err.Error(), "internal error: assignment to entry in nil map") ||
		!strings.Contains(err.Error(), "TestRecoverTo") {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(broken, err) {
		t.Errorf("broken = %v, want the same error", broken)
	}
	// No panic, no error.
	g := func() (err error) {
		defer recoverTo(&err, nil)
		return nil
	}
	if err := g(); err != nil {
		t.Errorf("err = %v", err)
	}
}

// TestBrokenSegmenter checks that after an internal error a Segmenter keeps
// returning it.
func TestBrokenSegmenter(t *testing.T) {
	s, err := NewSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	s.broken = errors.New("mobile: internal error: test")
	if _, err := s.Segment(make([]byte, 4), 1, 1); err != s.broken {
		t.Errorf("Segment: %v", err)
	}
	if _, err := s.SegmentFrame(make([]byte, 4), 1, 1); err != s.broken {
		t.Errorf("SegmentFrame: %v", err)
	}
}
