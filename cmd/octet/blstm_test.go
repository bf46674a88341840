package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/models/blstm"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
)

const (
	blstmModel  = "../../models/blstm/testdata/fashion_blstm.tflite"
	blstmImages = "../../models/blstm/testdata/t10k"
)

// fashionMNIST returns the installed test split, skipping the test when the
// dataset directory is absent.
func fashionMNIST(t *testing.T) *fmnist.Set {
	t.Helper()
	if _, err := os.Stat(fmnist.DefaultDir); os.IsNotExist(err) {
		t.Skipf("Fashion-MNIST is not installed in %s (run scripts/install-fashion-mnist.sh)", fmnist.DefaultDir)
	}
	s, err := fmnist.Load(fmnist.DefaultDir, "t10k")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// quietProgress sends progress output to a buffer for the test's duration.
func quietProgress(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	old := progress
	progress = &buf
	t.Cleanup(func() { progress = old })
	return &buf
}

// lastAccuracy parses the last line of eval's stdout, which must be exactly
// accuracy=<float>.
func lastAccuracy(t *testing.T, out string) float64 {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	last := lines[len(lines)-1]
	v, ok := strings.CutPrefix(last, "accuracy=")
	if !ok {
		t.Fatalf("last line %q is not accuracy=<float>", last)
	}
	acc, err := strconv.ParseFloat(v, 64)
	if err != nil || acc < 0 || acc > 1 {
		t.Fatalf("last line %q: %v", last, err)
	}
	return acc
}

// classifierCorrect is the oracle: for each of the first n test images,
// whether the models/blstm Classifier's prediction is the dataset's label.
func classifierCorrect(t *testing.T, model string, s *fmnist.Set, n int) []bool {
	t.Helper()
	c, _, err := loadClassifier(model)
	if err != nil {
		t.Fatal(err)
	}
	correct := make([]bool, n)
	for i := range n {
		flat := make([]float32, 28*28)
		s.Float(i, flat)
		rows := make([][]float32, 28)
		for y := range rows {
			rows[y] = flat[28*y : 28*y+28]
		}
		class, _, err := c.Classify(rows)
		if err != nil {
			t.Fatal(err)
		}
		correct[i] = class == int(s.Labels[i])
	}
	return correct
}

func TestBLSTMEval(t *testing.T) {
	s := fashionMNIST(t)
	prog := quietProgress(t)
	const n = 200 // images the oracle classifies (the test runs under qemu too)
	oracle := map[string][]bool{"": classifierCorrect(t, "", s, n), blstmModel: classifierCorrect(t, blstmModel, s, 50)}
	for _, tc := range []struct {
		model string
		limit int
		args  []string
	}{
		{"", n, []string{"blstm", "eval", "--data", fmnist.DefaultDir, "--limit", strconv.Itoa(n)}}, // the embedded model
		{blstmModel, 50, []string{"blstm", "eval", "--limit", "50", "--model", blstmModel}},         // --data defaults
		{blstmModel, 20, []string{"blstm", "eval", "--model=" + blstmModel, "--limit=20", "-data", fmnist.DefaultDir}},
	} {
		correct := 0
		for _, ok := range oracle[tc.model][:tc.limit] {
			if ok {
				correct++
			}
		}
		want := float64(correct) / float64(tc.limit)
		prog.Reset()
		out, err := runCLI(t, tc.args...)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if got := lastAccuracy(t, out); got != want {
			t.Errorf("%v: accuracy=%v, the Classifier gets %v on the same %d images", tc.args, got, want, tc.limit)
		}
		if !strings.Contains(out, fmt.Sprintf("correct: %d/%d", correct, tc.limit)) {
			t.Errorf("%v: the summary lacks the count of correct images:\n%s", tc.args, out)
		}
		if !strings.Contains(prog.String(), fmt.Sprintf("%d/%d images", tc.limit, tc.limit)) {
			t.Errorf("%v: no final progress line on stderr: %q", tc.args, prog.String())
		}
		if strings.Contains(out, "images, accuracy so far") {
			t.Errorf("%v: progress went to stdout", tc.args)
		}
		t.Logf("%v: accuracy=%v", tc.args, want)
		if tc.limit == n && want < 0.85 {
			t.Errorf("accuracy %v on the first %d test images: not the trained model", want, n)
		}
	}
}

func TestBLSTMEvalErrors(t *testing.T) {
	quietProgress(t)
	empty := t.TempDir()
	for _, args := range [][]string{
		{"blstm"},
		{"blstm", "train"},
		{"blstm", "eval", "--limit", "-1"},
		{"blstm", "eval", "--limit", "ten"},
		{"blstm", "eval", "--bogus"},
		{"blstm", "eval", "--model"},                       // flag without its value
		{"blstm", "eval", "extra.tflite"},                  // positional argument
		{"blstm", "eval", "--data", empty, "--limit", "1"}, // no dataset there
		{"blstm", "eval", "--data", filepath.Join(empty, "missing"), "--limit", "1"},
		{"blstm", "eval", "--model", filepath.Join(empty, "missing.tflite"), "--limit", "1"},
		{"blstm", "eval", "--model", "../../testdata/coffee.png", "--limit", "1"}, // not a model
		{"blstm", "eval", "--model", selfie, "--limit", "1"},                      // not a [1,T,F] classifier
		{"blstm", "classify"},
		{"blstm", "classify", "a.png", "b.png"},
		{"blstm", "classify", filepath.Join(empty, "missing.png")},
		{"blstm", "classify", "../../testdata/README.md"}, // not an image
		{"blstm", "classify", filepath.Join(blstmImages, "t10k-0000-label9.png"), "--model", selfie},
	} {
		if out, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: no error; output:\n%s", args, out)
		}
	}
}

// TestBLSTMExitStatus runs the CLI as a process (this test binary, through
// TestBLSTMHelperProcess): errors exit nonzero with a message on stderr,
// and a successful eval's stdout ends with accuracy=<float>.
func TestBLSTMExitStatus(t *testing.T) {
	run := func(args ...string) (stdout, stderr string, code int) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestBLSTMHelperProcess$")
		cmd.Env = append(os.Environ(), "OCTET_CLI_HELPER=1", "OCTET_CLI_ARGS="+strings.Join(args, "\x1f"))
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee):
			code = ee.ExitCode()
		case errors.Is(err, syscall.ENOEXEC):
			// An arm64 test binary run by qemu-aarch64 cannot start
			// itself without binfmt_misc.
			t.Skipf("cannot run this test binary as a process here: %v", err)
		default:
			t.Fatal(err)
		}
		return o.String(), e.String(), code
	}
	for _, args := range [][]string{
		{"blstm", "eval", "--limit", "-1"},
		{"blstm", "eval", "--data", t.TempDir(), "--limit", "1"},
		{"blstm", "classify", "nope.png"},
		{"blstm", "frobnicate"},
	} {
		_, stderr, code := run(args...)
		if code == 0 || !strings.HasPrefix(stderr, "octet: ") {
			t.Errorf("%v: exit status %d, stderr %q; want nonzero and an octet: message", args, code, stderr)
		}
	}
	stdout, _, code := run("blstm", "classify", filepath.Join(blstmImages, "t10k-0001-label2.png"))
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || !strings.HasPrefix(lines[len(lines)-1], `class=2 label="Pullover" p=`) {
		t.Errorf("classify: exit status %d, stdout %q", code, stdout)
	}
	if _, err := os.Stat(fmnist.DefaultDir); err == nil {
		stdout, stderr, code := run("blstm", "eval", "--limit", "20")
		if code != 0 {
			t.Fatalf("eval: exit status %d, stderr %q", code, stderr)
		}
		lastAccuracy(t, stdout)
		if !strings.Contains(stderr, "20/20 images") {
			t.Errorf("eval: progress not on stderr: %q", stderr)
		}
	}
}

// TestBLSTMHelperProcess is the CLI's main when TestBLSTMExitStatus runs
// this binary with OCTET_CLI_HELPER=1; otherwise it does nothing.
func TestBLSTMHelperProcess(t *testing.T) {
	if os.Getenv("OCTET_CLI_HELPER") != "1" {
		return
	}
	os.Args = append([]string{"octet"}, strings.Split(os.Getenv("OCTET_CLI_ARGS"), "\x1f")...)
	main()
	os.Exit(0)
}

// blstmTestImages returns the committed test images with their dataset
// labels (in the file names).
func blstmTestImages(t *testing.T) map[string]int {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(blstmImages, "t10k-*-label*.png"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test images in %s: %v", blstmImages, err)
	}
	out := map[string]int{}
	for _, p := range paths {
		var index, label int
		if _, err := fmt.Sscanf(filepath.Base(p), "t10k-%04d-label%d.png", &index, &label); err != nil {
			t.Fatal(err)
		}
		out[p] = label
	}
	return out
}

func TestBLSTMClassify(t *testing.T) {
	dir := t.TempDir()
	for path, label := range blstmTestImages(t) {
		out, err := runCLI(t, "blstm", "classify", path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		var class int
		var name string
		var p float64
		if n, err := fmt.Sscanf(lines[len(lines)-1], "class=%d label=%q p=%g", &class, &name, &p); n != 3 || err != nil {
			t.Fatalf("%s: last line %q: %v", path, lines[len(lines)-1], err)
		}
		if class != label || name != blstm.Labels()[label] || p <= 0.1 || len(lines) != 11 {
			t.Errorf("%s: class %d %q p %v (%d lines), dataset label %d", path, class, name, p, len(lines), label)
		}
		// The photo-style negative (dark object on white) with --invert
		// classifies the same.
		img := decodeGrayPNG(t, path)
		for i := range img.Pix {
			img.Pix[i] = 255 - img.Pix[i]
		}
		neg := filepath.Join(dir, filepath.Base(path))
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(neg, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out2, err := runCLI(t, "blstm", "classify", "--invert", neg)
		if err != nil {
			t.Fatal(err)
		}
		if out2 != out {
			t.Errorf("%s: --invert of the negative gives\n%s\nthe image itself\n%s", path, out2, out)
		}
	}
}

func decodeGrayPNG(t *testing.T, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		t.Fatalf("%s is %T, not 8-bit gray", path, img)
	}
	return g
}

// TestRunBLSTM runs the float BLSTM model through `octet run` on [1,28,28]
// .npy inputs of real test images: 10 probabilities that sum to 1, the
// largest at the dataset's label.
func TestRunBLSTM(t *testing.T) {
	dir := t.TempDir()
	for path, label := range blstmTestImages(t) {
		img := decodeGrayPNG(t, path)
		x := tensor.New(tensor.Float32, tensor.Shape{1, 28, 28})
		for i, p := range img.Pix {
			x.F32()[i] = float32(p) / 255
		}
		in := filepath.Join(dir, "x.npy")
		if err := npy.WriteFile(in, x); err != nil {
			t.Fatal(err)
		}
		outDir := filepath.Join(dir, "out")
		if _, err := runCLI(t, "run", blstmModel, "--in", in, "--out", outDir); err != nil {
			t.Fatal(err)
		}
		y, err := npy.ReadFile(filepath.Join(outDir, "out0.npy"))
		if err != nil {
			t.Fatal(err)
		}
		if y.DType != tensor.Float32 || !y.Shape.Equal(tensor.Shape{1, 10}) {
			t.Fatalf("%s: out0.npy is %v%v, want float32[1 10]", path, y.DType, y.Shape)
		}
		p := y.F32()
		sum, best := 0.0, 0
		for k, v := range p {
			sum += float64(v)
			if v > p[best] {
				best = k
			}
		}
		if math.Abs(sum-1) > 1e-5 {
			t.Errorf("%s: probabilities %v sum to %v", path, p, sum)
		}
		if best != label {
			t.Errorf("%s: argmax %d, dataset label %d (probabilities %v)", path, best, label, p)
		}
	}
	// A wrongly shaped sequence is an error.
	bad := filepath.Join(dir, "bad.npy")
	if err := npy.WriteFile(bad, tensor.New(tensor.Float32, tensor.Shape{1, 28, 27})); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "run", blstmModel, "--in", bad, "--out", filepath.Join(dir, "bad")); err == nil {
		t.Error("[1,28,27] input: no error")
	}
}
