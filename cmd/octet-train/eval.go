package main

import (
	"flag"
	"fmt"
	"math"
	"time"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tensor"
)

// LiteRTResult is a .tflite model's accuracy through LiteRT.js, and how
// far its probabilities are from a reference (when one was given).
type LiteRTResult struct {
	N, Correct int
	Probs      [][]float32
	MaxDiff    float64 // max |LiteRT - reference| over all probabilities
}

// RunLiteRT runs model on the first n images of s through LiteRT.js,
// perProcess images per Node process (the model is compiled once per
// process; it must be stateless, since LiteRT.js keeps a compiled model's
// tensors between runs). ref, when not nil, holds reference probabilities
// for the same images.
func RunLiteRT(model string, s *fmnist.Set, n, perProcess int, ref [][]float32) (*LiteRTResult, error) {
	n = min(n, s.N)
	r := &LiteRTResult{N: n}
	for lo := 0; lo < n; lo += perProcess {
		hi := min(lo+perProcess, n)
		jobs := make([]litert.Job, 0, hi-lo)
		for i := lo; i < hi; i++ {
			x := tensor.New(tensor.Float32, tensor.Shape{1, s.Rows, s.Cols})
			s.Float(i, x.F32())
			jobs = append(jobs, litert.Job{Model: model, Inputs: []*tensor.Tensor{x}})
		}
		outs, err := litert.RunBatch(jobs)
		if err != nil {
			return nil, err
		}
		for k, o := range outs {
			i := lo + k
			if len(o) != 1 || o[0].DType != tensor.Float32 || o[0].NumElements() != fmnist.Classes {
				return nil, fmt.Errorf("image %d: unexpected outputs %v", i, o)
			}
			p := append([]float32(nil), o[0].F32()...)
			r.Probs = append(r.Probs, p)
			if argmax(p) == int(s.Labels[i]) {
				r.Correct++
			}
			if ref != nil {
				for c := range p {
					r.MaxDiff = math.Max(r.MaxDiff, math.Abs(float64(p[c]-ref[i][c])))
				}
			}
		}
	}
	return r, nil
}

func cmdEval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ExitOnError)
	model := fs.String("model", "", "stateless .tflite model (the unrolled form)")
	data := fs.String("data", fmnist.DefaultDir, "Fashion-MNIST directory")
	n := fs.Int("n", 10000, "evaluate the first N test images")
	per := fs.Int("per-process", 2500, "images per LiteRT.js (Node) process")
	ckpt := fs.String("ckpt", "", "also compare with the gorgonia forward pass of this checkpoint")
	octModel := fs.String("octet-model", "", "also run this model (any form) through octet and compare")
	fs.Parse(args)
	if *model == "" {
		return fmt.Errorf("eval: -model is required")
	}
	test, err := fmnist.Load(*data, "t10k")
	if err != nil {
		return err
	}
	test = test.Subset(*n)
	var ref [][]float32
	if *ckpt != "" {
		c, err := LoadCheckpoint(*ckpt)
		if err != nil {
			return err
		}
		e, err := Evaluate(c.Params, test, 500)
		if err != nil {
			return err
		}
		fmt.Printf("gorgonia: test accuracy %.2f%% (%d images), loss %.4f\n", 100*e.Acc, test.N, e.Loss)
		ref = e.Probs
	}
	t0 := time.Now()
	r, err := RunLiteRT(*model, test, test.N, *per, ref)
	if err != nil {
		return err
	}
	fmt.Printf("LiteRT.js: test accuracy %.2f%% (%d/%d) in %s\n", 100*float64(r.Correct)/float64(r.N), r.Correct, r.N, time.Since(t0).Round(time.Second))
	if ref != nil {
		fmt.Printf("max |LiteRT.js - gorgonia| probability difference: %.3g\n", r.MaxDiff)
	}
	if *octModel != "" {
		probs, err := RunOctet(*octModel, test, test.N)
		if err != nil {
			return err
		}
		correct, diff := 0, 0.0
		for i, p := range probs {
			if argmax(p) == int(test.Labels[i]) {
				correct++
			}
			for c := range p {
				diff = math.Max(diff, math.Abs(float64(p[c]-r.Probs[i][c])))
			}
		}
		fmt.Printf("octet (%s): test accuracy %.2f%% (%d/%d), max |octet - LiteRT.js| = %.3g\n", *octModel,
			100*float64(correct)/float64(test.N), correct, test.N, diff)
	}
	return nil
}

// RunOctet runs model on the first n images of s with octet's interpreter,
// resetting the LSTM state before every image.
func RunOctet(model string, s *fmnist.Set, n int) ([][]float32, error) {
	m, err := octet.LoadFile(model)
	if err != nil {
		return nil, err
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		return nil, err
	}
	var out [][]float32
	for i := range min(n, s.N) {
		it.ResetVariables()
		s.Float(i, it.Input(0).F32())
		if err := it.Invoke(); err != nil {
			return nil, fmt.Errorf("image %d: %w", i, err)
		}
		out = append(out, append([]float32(nil), it.Output(0).F32()...))
	}
	return out, nil
}
