package ort

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
)

// Job is one model run: the .onnx file and its inputs, in the order of the
// graph's inputs.
type Job struct {
	Model  string
	Inputs []*tensor.Tensor
}

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

// RunBatch runs the jobs in one Node process, opening each distinct model
// once. Result i holds the outputs of job i. If some jobs fail, the error
// names each of them and the results of the others are still returned.
func RunBatch(jobs []Job) ([][]*tensor.Tensor, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	tools, err := toolDir()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "octet-ort-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	type jobSpec struct {
		Model  string   `json:"model"`
		Inputs []string `json:"inputs"`
		Outdir string   `json:"outdir"`
	}
	specs := make([]jobSpec, len(jobs))
	for i, j := range jobs {
		model, err := filepath.Abs(j.Model)
		if err != nil {
			return nil, err
		}
		dir := filepath.Join(tmp, strconv.Itoa(i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			return nil, err
		}
		s := jobSpec{Model: model, Inputs: []string{}, Outdir: filepath.Join(dir, "out")}
		for k, x := range j.Inputs {
			p, err := writeInput(dir, k, x)
			if err != nil {
				return nil, fmt.Errorf("job %d input %d: %w", i, k, err)
			}
			s.Inputs = append(s.Inputs, p)
		}
		specs[i] = s
	}
	jobsFile := filepath.Join(tmp, "jobs.json")
	b, err := json.Marshal(specs)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(jobsFile, b, 0o644); err != nil {
		return nil, err
	}

	var stderr bytes.Buffer
	cmd := exec.Command("node", filepath.Join(tools, "run.mjs"), "--batch", jobsFile)
	cmd.Stderr = &stderr
	runErr := cmd.Run()

	results := make([][]*tensor.Tensor, len(jobs))
	var errs []error
	unfinished := false
	for i, s := range specs {
		if msg, err := os.ReadFile(filepath.Join(s.Outdir, "error.txt")); err == nil {
			errs = append(errs, fmt.Errorf("ort job %d: %s", i, strings.TrimSpace(string(msg))))
			continue
		}
		outs, err := readOutputs(s.Outdir)
		if err != nil {
			errs = append(errs, fmt.Errorf("ort job %d (%s): %w", i, jobs[i].Model, err))
			unfinished = true
			continue
		}
		results[i] = outs
	}
	if unfinished || runErr != nil && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("ort: node run.mjs: %v: %s", runErr, tail(stderr.String())))
	}
	return results, errors.Join(errs...)
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

// readOutputs reads out0.npy, out1.npy, ... from dir. outputs.json, written
// last, says the job completed.
func readOutputs(dir string) ([]*tensor.Tensor, error) {
	if _, err := os.Stat(filepath.Join(dir, "outputs.json")); err != nil {
		return nil, errors.New("run.mjs did not finish the job")
	}
	var outs []*tensor.Tensor
	for k := 0; ; k++ {
		x, err := npy.ReadFile(filepath.Join(dir, fmt.Sprintf("out%d.npy", k)))
		if errors.Is(err, fs.ErrNotExist) {
			return outs, nil
		}
		if err != nil {
			return nil, err
		}
		outs = append(outs, x)
	}
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
