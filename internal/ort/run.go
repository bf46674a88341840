package ort

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
)

// Job is one model run: the .onnx file and its inputs, in the order of the
// graph's inputs.
type Job = litert.Job

// Run runs model on the inputs with ONNX Runtime (one thread) and returns
// its outputs in the order of the graph's outputs. Each call starts Node;
// use RunBatch for many runs.
func Run(model string, inputs ...*tensor.Tensor) ([]*tensor.Tensor, error) {
	out, err := RunBatch([]Job{{Model: model, Inputs: inputs}})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// RunBatch runs the jobs in one Node process (tools/onnxruntime/run.mjs,
// which speaks tools/litert/run.mjs's protocol), opening each distinct
// model once. Result i holds the outputs of job i. If some jobs fail, the
// error names each of them and the results of the others are still
// returned.
func RunBatch(jobs []Job) ([][]*tensor.Tensor, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	tools, err := toolDir()
	if err != nil {
		return nil, err
	}
	return litert.RunScript(filepath.Join(tools, "run.mjs"), "ort", jobs)
}

func writeInput(dir string, k int, x *tensor.Tensor) (string, error) {
	if x == nil {
		return "", errors.New("nil tensor")
	}
	p := filepath.Join(dir, fmt.Sprintf("in%d.npy", k))
	return p, npy.WriteFile(p, x)
}

// tail returns the end of a long stderr.
func tail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 4000 {
		s = "..." + s[len(s)-4000:]
	}
	return s
}

// BenchOptions sets how Bench times a model.
type BenchOptions struct {
	Runs     int           // timed runs (default 200)
	Warmup   int           // at least this many warm-up runs (default 20)
	WarmupMs int           // and at least this long warming up, in ms (default 500)
	Threads  int           // intra-op threads (default 1)
	Opt      string        // graph optimisation level; "" is ONNX Runtime's default (all)
	Timeout  time.Duration // kills node after this long (default 5 minutes)
}

// BenchResult is what tools/onnxruntime/bench.mjs measured: per-run times of
// `await session.run(feeds)` in Node.
type BenchResult struct {
	Min, Median, P90 time.Duration
	Runs             int
	Runtime          string // bench.mjs's "runtime:" line
}

// Bench times model in ONNX Runtime with tools/onnxruntime/bench.mjs on
// the given inputs (in graph input order; none means pseudo-random ones).
func Bench(model string, opts BenchOptions, inputs ...*tensor.Tensor) (*BenchResult, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	tools, err := toolDir()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "octet-ort-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	def := func(v, d int) int {
		if v <= 0 {
			return d
		}
		return v
	}
	args := []string{filepath.Join(tools, "bench.mjs"), model,
		"--runs", strconv.Itoa(def(opts.Runs, 200)),
		"--warmup", strconv.Itoa(def(opts.Warmup, 20)),
		"--warmup-ms", strconv.Itoa(def(opts.WarmupMs, 500)),
		"--threads", strconv.Itoa(def(opts.Threads, 1)),
	}
	if opts.Opt != "" {
		args = append(args, "--opt", opts.Opt)
	}
	for k, x := range inputs {
		p, err := writeInput(tmp, k, x)
		if err != nil {
			return nil, fmt.Errorf("input %d: %w", k, err)
		}
		args = append(args, p)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("node", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	timer := time.AfterFunc(timeout, func() { cmd.Process.Kill() })
	err = cmd.Wait()
	timer.Stop()
	if err != nil {
		return nil, fmt.Errorf("ort: node bench.mjs: %v: %s", err, tail(stderr.String()))
	}
	return parseBench(stdout.String())
}

// parseBench reads bench.mjs's output: a "runtime:" line and the last line
// "median_ms=... p90_ms=... min_ms=... runs=...".
func parseBench(out string) (*BenchResult, error) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	r := &BenchResult{}
	for _, l := range lines {
		if s, ok := strings.CutPrefix(l, "runtime: "); ok {
			r.Runtime = s
		}
	}
	last := lines[len(lines)-1]
	ms := func(v string) (time.Duration, error) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			return 0, fmt.Errorf("bad time %q", v)
		}
		return time.Duration(f * 1e6), nil
	}
	seen := 0
	for _, f := range strings.Fields(last) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("ort: bench.mjs: bad last line %q", last)
		}
		var err error
		switch k {
		case "median_ms":
			r.Median, err = ms(v)
		case "p90_ms":
			r.P90, err = ms(v)
		case "min_ms":
			r.Min, err = ms(v)
		case "runs":
			r.Runs, err = strconv.Atoi(v)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("ort: bench.mjs: %s: %w", f, err)
		}
		seen++
	}
	if seen != 4 || r.Runs <= 0 {
		return nil, fmt.Errorf("ort: bench.mjs: last line %q lacks median_ms, p90_ms, min_ms or runs", last)
	}
	return r, nil
}
