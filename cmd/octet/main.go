// Command octet runs, inspects and applies TensorFlow Lite models in pure Go.
//
//	octet run MODEL --in X.npy [--in X2.npy ...] --out DIR
//	octet inspect MODEL
//	octet segment IMAGE -o MASK.png [--model M.tflite] [--background blur|#rrggbb|IMG --composite OUT.jpg]
//	octet bench MODEL [--threads N] [--runs N] [--warmup N] [--profile] [--chart out.svg] [--cpuprofile cpu.pprof]
//	octet blstm eval [--model M.tflite] [--data DIR] [--limit N]
//	octet blstm classify IMAGE [--model M.tflite] [--invert]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

type command struct {
	name, usage, summary string
	run                  func(args []string, stdout io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"run", "run MODEL --in X.npy [--in X2.npy ...] --out DIR", "run a model on .npy inputs and write DIR/out0.npy, ...", cmdRun},
		{"inspect", "inspect MODEL", "list a model's inputs, outputs and ops with shapes, dtypes and MACs", cmdInspect},
		{"quantize", "quantize MODEL.tflite --calib DIR -o OUT.tflite [--io float32|int8|uint8] [--method minmax|percentile|mse] [-v]", "post-training int8 quantization with a calibration set", cmdQuantize},
		{"bench", "bench MODEL [--threads N] [--runs N] [--warmup N] [--profile] [--vs-threads N]", "measure latency and allocations per run", cmdBench},
		{"segment", "segment IMAGE -o MASK.png [--model M.tflite] [--background blur|#rrggbb|IMG --composite OUT.jpg]", "segment the person in a photo", cmdSegment},
		{"blstm", "blstm eval [--model M.tflite] [--data DIR] [--limit N] | blstm classify IMAGE [--model M.tflite] [--invert]", "Fashion-MNIST BLSTM classifier: accuracy on the t10k split (last line accuracy=<float>), or classify an image", cmdBLSTM},
	}
}

func main() {
	if err := dispatch(os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			msg := err.Error()
			if !strings.HasPrefix(msg, "octet:") {
				msg = "octet: " + msg
			}
			fmt.Fprintln(os.Stderr, msg)
		}
		os.Exit(2)
	}
}

func dispatch(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.New("no command")
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout)
		}
	}
	usage(os.Stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: octet COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  octet %s\n      %s\n", c.usage, c.summary)
	}
}

// parseArgs parses flags that may come before, between or after positional
// arguments, and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%s: %w", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// listFlag collects a repeated string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }
