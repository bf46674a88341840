package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/quantize"
	"github.com/octet-ml/octet/tensor"
)

func cmdQuantize(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("quantize", flag.ContinueOnError)
	calib := fs.String("calib", "", "directory of calibration inputs: .npy files or images")
	out := fs.String("o", "", "output int8 .tflite")
	ioType := fs.String("io", "float32", "dtype of the model's inputs and outputs: float32, int8 or uint8")
	method := fs.String("method", "percentile", "activation ranges: minmax, percentile or mse")
	pct := fs.Float64("percentile", 99.99, "percentile for --method percentile")
	mean := fs.String("mean", "0", "per-channel mean subtracted from images in [0,1] (one value or r,g,b)")
	std := fs.String("std", "1", "per-channel std dividing images (one value or r,g,b)")
	verbose := fs.Bool("v", false, "print the range chosen for every tensor")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *calib == "" || *out == "" {
		return errors.New("usage: octet quantize MODEL.tflite --calib DIR -o OUT.tflite [--io float32|int8|uint8] [--method minmax|percentile|mse] [--mean M --std S] [-v]")
	}
	opts := quantize.Options{Percentile: *pct}
	switch *ioType {
	case "float32", "float":
		opts.IO = tensor.Float32
	case "int8":
		opts.IO = tensor.Int8
	case "uint8":
		opts.IO = tensor.Uint8
	default:
		return fmt.Errorf("--io %q: want float32, int8 or uint8", *ioType)
	}
	if opts.Method, err = quantize.ParseMethod(*method); err != nil {
		return err
	}
	mv, err := triple(*mean)
	if err != nil {
		return fmt.Errorf("--mean: %w", err)
	}
	sv, err := triple(*std)
	if err != nil {
		return fmt.Errorf("--std: %w", err)
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	m, err := octet.LoadBytes(data)
	if err != nil {
		return err
	}
	if m.NumInputs() != 1 {
		return fmt.Errorf("calibrating from a directory needs a one-input model; this one has %d", m.NumInputs())
	}
	in := m.InputInfo(0)
	samples, err := quantize.NewDirSamples(*calib, in.Shape, in.DType, mv, sv)
	if err != nil {
		return err
	}
	opts.Progress = progressBar(os.Stderr, "calibrating")
	res, err := quantize.Quantize(data, samples, opts)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, res.Model, 0o644); err != nil {
		return err
	}
	if *verbose {
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "tensor\tobserved min\tobserved max\tchosen min\tchosen max\tscale\tzero point\tnote\t")
		for _, r := range res.Ranges {
			note := ""
			switch {
			case r.Fixed:
				note = "fixed by op"
			case r.Shared:
				note = "shared with input"
			}
			fmt.Fprintf(tw, "%s\t%.5g\t%.5g\t%.5g\t%.5g\t%.5g\t%d\t%s\t\n", r.Name, r.Min, r.Max, r.Lo, r.Hi, r.Scale, r.ZeroPoint, note)
		}
		tw.Flush()
	}
	if len(res.FloatOps) > 0 {
		fmt.Fprintf(stdout, "kept in float32 (no int8 form): %s\n", strings.Join(res.FloatOps, ", "))
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes, %d calibration samples)\n", *out, len(res.Model), samples.Len())
	return nil
}

// triple reads "v" or "a,b,c".
func triple(s string) ([3]float32, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 1 && len(parts) != 3 {
		return [3]float32{}, fmt.Errorf("%q: want one value or three", s)
	}
	var v [3]float32
	for i := range v {
		p := parts[0]
		if len(parts) == 3 {
			p = parts[i]
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 32)
		if err != nil {
			return v, fmt.Errorf("%q: %w", s, err)
		}
		v[i] = float32(f)
	}
	return v, nil
}

// progressBar returns a callback drawing a bar on w.
func progressBar(w io.Writer, label string) func(done, total int) {
	return func(done, total int) {
		const width = 30
		n := done * width / max(total, 1)
		fmt.Fprintf(w, "\r%s [%s%s] %d/%d", label, strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
