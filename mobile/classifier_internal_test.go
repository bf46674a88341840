package mobile

import (
	"errors"
	"testing"
)

// TestBrokenClassifier checks that after an internal error a Classifier
// keeps returning it from every call.
func TestBrokenClassifier(t *testing.T) {
	c, err := NewClassifier()
	if err != nil {
		t.Fatal(err)
	}
	c.broken = errors.New("mobile: internal error: test")
	gray := make([]byte, 28*28)
	if _, err := c.Classify(gray, 28, 28); err != c.broken {
		t.Errorf("Classify: %v", err)
	}
	if _, err := c.Probabilities(gray, 28, 28); err != c.broken {
		t.Errorf("Probabilities: %v", err)
	}
	if _, err := c.ClassifyRGBA(make([]byte, 4*28*28), 28, 28); err != c.broken {
		t.Errorf("ClassifyRGBA: %v", err)
	}
	if _, err := c.ClassifyRows(make([]byte, 4*28*28)); err != c.broken {
		t.Errorf("ClassifyRows: %v", err)
	}
	// Close keeps the internal error rather than replacing it.
	broken := c.broken
	c.Close()
	if _, err := c.Classify(gray, 28, 28); err != broken {
		t.Errorf("after Close: %v", err)
	}
}
