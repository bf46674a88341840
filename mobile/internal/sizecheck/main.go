// Command sizecheck links all of package mobile's API, as a gomobile-bound
// library does, into the smallest program. scripts/check-mobile-size.sh
// builds it for android/arm64 to bound what octet adds to an app.
package main

import (
	"fmt"
	"os"

	"github.com/octet-ml/octet/mobile"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sizecheck:", err)
		os.Exit(1)
	}
}

func run() error {
	const w, h = 64, 48
	rgba := make([]byte, 4*w*h)
	seg, err := mobile.NewSegmenter()
	if err != nil {
		return err
	}
	defer seg.Close()
	if len(os.Args) > 1 {
		model, err := os.ReadFile(os.Args[1])
		if err != nil {
			return err
		}
		if seg, err = mobile.NewSegmenterFromModel(model); err != nil {
			return err
		}
	}
	if err := seg.SetThreads(0); err != nil {
		return err
	}
	if err := seg.SetSmoothing(0.5); err != nil {
		return err
	}
	mask, err := seg.Segment(rgba, w, h)
	if err != nil {
		return err
	}
	if _, err := seg.SegmentFrame(rgba, w, h); err != nil {
		return err
	}
	seg.ResetStream()
	blur, err := mobile.CompositeBlur(rgba, mask, w, h, 0)
	if err != nil {
		return err
	}
	green, err := mobile.CompositeColor(rgba, mask, w, h, 0xFF00B140)
	if err != nil {
		return err
	}
	bg, err := mobile.CompositeImage(rgba, mask, w, h, blur, w, h)
	if err != nil {
		return err
	}
	fmt.Println(mobile.Version(), mobile.ISA(), seg.ModelWidth(), seg.ModelHeight(),
		seg.Threads(), seg.Smoothing(), len(green), len(bg))
	return classify(rgba, w, h)
}

// classify links the Classifier's API.
func classify(rgba []byte, w, h int) error {
	c, err := mobile.NewClassifier()
	if err != nil {
		return err
	}
	defer c.Close()
	if len(os.Args) > 2 {
		model, err := os.ReadFile(os.Args[2])
		if err != nil {
			return err
		}
		if c, err = mobile.NewClassifierFromModel(model); err != nil {
			return err
		}
	}
	gray := make([]byte, w*h)
	class, err := c.Classify(gray, w, h)
	if err != nil {
		return err
	}
	probs, err := c.Probabilities(gray, w, h)
	if err != nil {
		return err
	}
	rgbaClass, err := c.ClassifyRGBA(rgba, w, h)
	if err != nil {
		return err
	}
	rowsClass, err := c.ClassifyRows(make([]byte, 4*c.ModelWidth()*c.ModelHeight()))
	if err != nil {
		return err
	}
	fmt.Println(class, c.Label(class), len(probs), rgbaClass, rowsClass, c.NumClasses())
	return nil
}
