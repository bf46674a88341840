package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/asm"
	"github.com/octet-ml/octet/bench"
)

func cmdBench(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	runs := fs.Int("runs", 50, "timed runs")
	warmup := fs.Int("warmup", 5, "untimed warm-up runs")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: octet bench MODEL [--runs N] [--warmup N]")
	}
	m, err := octet.LoadFile(pos[0])
	if err != nil {
		return err
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		return err
	}
	r, err := bench.Run(it.Invoke, *warmup, *runs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "model: %s\nisa: %v\narena: %d bytes\n%s\n%s\n", pos[0], asm.Selected, it.ArenaSize(), r, r.MachineLine())
	return nil
}
