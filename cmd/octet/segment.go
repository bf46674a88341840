package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"io"
	"strconv"
	"strings"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/models/portrait"
)

func cmdSegment(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("segment", flag.ContinueOnError)
	out := fs.String("o", "", "output mask PNG, at the image's full resolution")
	model := fs.String("model", "", "portrait segmentation .tflite (default: the embedded selfie model)")
	bg := fs.String("background", "", "background for --composite: blur, #rrggbb or an image file")
	comp := fs.String("composite", "", "write the person over --background to this .jpg or .png")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return errors.New("usage: octet segment IMAGE -o MASK.png [--model M.tflite] [--background blur|#rrggbb|IMG --composite OUT.jpg]")
	}
	if (*bg == "") != (*comp == "") {
		return errors.New("--background and --composite go together")
	}
	img, err := imgio.DecodeFile(pos[0])
	if err != nil {
		return err
	}
	var background portrait.Background
	if *bg != "" {
		if background, err = parseBackground(*bg); err != nil {
			return err
		}
	}
	var seg *portrait.Segmenter
	if *model == "" {
		seg, err = portrait.Default()
	} else {
		var m *octet.Model
		if m, err = octet.LoadFile(*model); err == nil {
			seg, err = portrait.New(m)
		}
	}
	if err != nil {
		return err
	}
	mask, err := seg.Segment(img)
	if err != nil {
		return err
	}
	// Written as 8-bit grayscale: white is person, black is background.
	gray := &image.Gray{Pix: mask.Pix, Stride: mask.Stride, Rect: mask.Rect}
	if err := imgio.EncodeFile(*out, gray); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%dx%d)\n", *out, mask.Rect.Dx(), mask.Rect.Dy())
	if background != nil {
		c, err := portrait.Composite(img, mask, background)
		if err != nil {
			return err
		}
		if err := imgio.EncodeFile(*comp, c); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", *comp)
	}
	return nil
}

// parseBackground reads "blur", "#rrggbb" or an image path.
func parseBackground(s string) (portrait.Background, error) {
	switch {
	case s == "blur":
		return portrait.Blur(0), nil
	case strings.HasPrefix(s, "#"):
		if len(s) != 7 {
			return nil, fmt.Errorf("background colour %q: want #rrggbb", s)
		}
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err != nil {
			return nil, fmt.Errorf("background colour %q: want #rrggbb", s)
		}
		return portrait.Color(color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}), nil
	}
	img, err := imgio.DecodeFile(s)
	if err != nil {
		return nil, fmt.Errorf("background image: %w", err)
	}
	return portrait.Image(img), nil
}
