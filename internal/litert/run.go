package litert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
)

// Job is one model run: the .tflite file and its inputs, in the order of the
// model's subgraph inputs.
type Job struct {
	Model  string
	Inputs []*tensor.Tensor
}

// Run runs model on the inputs with LiteRT.js and returns its outputs in the
// order of the model's subgraph outputs. Each call starts Node and loads the
// runtime (about 0.3 s); use RunBatch for many runs.
func Run(model string, inputs ...*tensor.Tensor) ([]*tensor.Tensor, error) {
	out, err := RunBatch([]Job{{Model: model, Inputs: inputs}})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// RunBatch runs the jobs in one Node process, compiling each distinct model
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
	return RunScript(filepath.Join(tools, "run.mjs"), "litert", jobs)
}

// RunClassicBatch is RunBatch on TFLite's classic interpreter
// (tools/tflite-classic, the WASM build of @tensorflow/tfjs-tflite) instead
// of LiteRT.js. It runs models with variable tensors, which LiteRT.js
// rejects: the LSTM ops with their states, and TFLite's full-integer LSTM
// kernel. Jobs on the same model share one interpreter, so states carry
// over from one job to the next.
func RunClassicBatch(jobs []Job) ([][]*tensor.Tensor, error) {
	if err := ClassicAvailable(); err != nil {
		return nil, err
	}
	tools, err := ToolDir("tflite-classic")
	if err != nil {
		return nil, err
	}
	return RunScript(filepath.Join(tools, "run.mjs"), "tflite-classic", jobs)
}

// RunScript runs jobs through a node script speaking run.mjs's --batch
// protocol (a JSON list of {model, inputs, outdir}; each job writes
// out<k>.npy and outputs.json, or error.txt, to its outdir). label names
// the runtime in errors. The other runners (RunBatch, RunClassicBatch,
// internal/ort) are this with their script.
func RunScript(script, label string, jobs []Job) ([][]*tensor.Tensor, error) {
	tmp, err := os.MkdirTemp("", "octet-"+label+"-")
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
		dir := filepath.Join(tmp, fmt.Sprint(i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			return nil, err
		}
		s := jobSpec{Model: model, Inputs: []string{}, Outdir: filepath.Join(dir, "out")}
		for k, x := range j.Inputs {
			if x == nil {
				return nil, fmt.Errorf("job %d input %d: nil tensor", i, k)
			}
			p := filepath.Join(dir, fmt.Sprintf("in%d.npy", k))
			if err := npy.WriteFile(p, x); err != nil {
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
	cmd := exec.Command("node", "--experimental-wasm-relaxed-simd", script, "--batch", jobsFile)
	cmd.Stderr = &stderr
	runErr := cmd.Run()

	results := make([][]*tensor.Tensor, len(jobs))
	var errs []error
	unfinished := false
	for i, s := range specs {
		if msg, err := os.ReadFile(filepath.Join(s.Outdir, "error.txt")); err == nil {
			errs = append(errs, fmt.Errorf("%s job %d: %s", label, i, strings.TrimSpace(string(msg))))
			continue
		}
		outs, err := readOutputs(s.Outdir)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s job %d (%s): %w", label, i, jobs[i].Model, err))
			unfinished = true
			continue
		}
		results[i] = outs
	}
	if unfinished || runErr != nil && len(errs) == 0 {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 4000 {
			msg = "..." + msg[len(msg)-4000:]
		}
		errs = append(errs, fmt.Errorf("%s: node %s: %v: %s", label, filepath.Base(script), runErr, msg))
	}
	return results, errors.Join(errs...)
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
