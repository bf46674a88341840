package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/tensor/npy"
)

func cmdRun(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var ins listFlag
	fs.Var(&ins, "in", "input .npy file, once per model input in order")
	out := fs.String("out", "", "directory for out0.npy, out1.npy, ...")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return errors.New("usage: octet run MODEL --in X.npy [--in X2.npy ...] --out DIR")
	}
	m, err := octet.LoadFile(pos[0])
	if err != nil {
		return err
	}
	if len(ins) != m.NumInputs() {
		return fmt.Errorf("model has %d inputs, got %d --in files", m.NumInputs(), len(ins))
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		return err
	}
	for i, path := range ins {
		x, err := npy.ReadFile(path)
		if err != nil {
			return err
		}
		info := m.InputInfo(i)
		if x.DType != info.DType {
			return fmt.Errorf("%s: dtype %v, but model input %d (%s) is %v", path, x.DType, i, info.Name, info.DType)
		}
		if !x.Shape.Equal(it.Input(i).Shape) {
			if err := it.ResizeInput(i, x.Shape); err != nil {
				return err
			}
		}
	}
	if err := it.Prepare(); err != nil {
		return fmt.Errorf("input shapes do not fit the model: %w", err)
	}
	for i, path := range ins {
		x, err := npy.ReadFile(path)
		if err != nil {
			return err
		}
		copy(it.Input(i).Data, x.Data)
	}
	if err := it.Invoke(); err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for i := 0; i < it.NumOutputs(); i++ {
		path := filepath.Join(*out, fmt.Sprintf("out%d.npy", i))
		if err := npy.WriteFile(path, it.Output(i)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %v %v\n", path, it.Output(i).DType, it.Output(i).Shape)
	}
	return nil
}
