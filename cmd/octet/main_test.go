package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
)

const selfie = "../../models/portrait/model/selfie_segmentation.tflite"

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := dispatch(args, &out)
	return out.String(), err
}

// TestRunMatchesLibrary checks `octet run` end to end: the .npy it writes
// holds what the library computes for the same input.
func TestRunMatchesLibrary(t *testing.T) {
	dir := t.TempDir()
	img, err := imgio.DecodeFile("../../testdata/astronaut.png")
	if err != nil {
		t.Fatal(err)
	}
	in := portrait.Preprocess(img, 256, 256)
	inPath := filepath.Join(dir, "x.npy")
	if err := npy.WriteFile(inPath, in); err != nil {
		t.Fatal(err)
	}
	// Flags before and after the model path both work.
	if _, err := runCLI(t, "run", "--in", inPath, selfie, "--out", filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	got, err := npy.ReadFile(filepath.Join(dir, "out", "out0.npy"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := octet.LoadFile(selfie)
	it, _ := octet.NewInterpreter(m)
	copy(it.Input(0).Data, in.Data)
	if err := it.Invoke(); err != nil {
		t.Fatal(err)
	}
	want := it.Output(0)
	if !got.Shape.Equal(tensor.Shape{1, 256, 256, 1}) || got.DType != tensor.Float32 || !bytes.Equal(got.Data, want.Data) {
		t.Fatalf("out0.npy %v%v differs from the library's output", got.DType, got.Shape)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	wrong := filepath.Join(dir, "wrong.npy")
	npy.WriteFile(wrong, tensor.New(tensor.Int32, tensor.Shape{1, 256, 256, 3}))
	badShape := filepath.Join(dir, "bad.npy")
	npy.WriteFile(badShape, tensor.New(tensor.Float32, tensor.Shape{1, 5, 5, 4}))
	for _, args := range [][]string{
		{"run", selfie, "--out", dir},                               // no --in
		{"run", selfie, "--in", wrong, "--out", dir},                // dtype
		{"run", selfie, "--in", badShape, "--out", dir},             // 4 channels into a 3-channel conv
		{"run", "nope.tflite", "--in", wrong, "--out", dir},         // missing model
		{"run", selfie, "--in", "missing.npy", "--out", dir},        // missing input
		{"run", selfie, "--in", wrong, "--in", wrong, "--out", dir}, // too many inputs
		{"frobnicate"},
	} {
		if _, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestInspect(t *testing.T) {
	out, err := runCLI(t, "inspect", selfie)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"input_1", "[1 256 256 3]", "[1 256 256 1]", "CONV_2D", "DEPTHWISE_CONV_2D",
		"HARD_SWISH", "Convolution2DTransposeBias", "DEQUANTIZE (folded)", "MACs"} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q", want)
		}
	}
}

func TestSegment(t *testing.T) {
	dir := t.TempDir()
	mask := filepath.Join(dir, "mask.png")
	comp := filepath.Join(dir, "comp.jpg")
	if _, err := runCLI(t, "segment", "../../testdata/astronaut.png", "-o", mask, "--background", "#102030", "--composite", comp); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(mask)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Errorf("mask size %v", b)
	}
	if r, _, _, _ := m.At(190, 130).RGBA(); r>>8 < 200 {
		t.Errorf("face pixel %d, want person (white)", r>>8)
	}
	if r, _, _, _ := m.At(500, 10).RGBA(); r>>8 > 55 {
		t.Errorf("corner pixel %d, want background (black)", r>>8)
	}
	if st, err := os.Stat(comp); err != nil || st.Size() == 0 {
		t.Errorf("composite not written: %v", err)
	}
	for _, args := range [][]string{
		{"segment", "../../testdata/astronaut.png"},                                       // no -o
		{"segment", "../../testdata/astronaut.png", "-o", mask, "--background", "#12345"}, // no --composite
		{"segment", "../../testdata/astronaut.png", "-o", mask, "--background", "#zzzzzz", "--composite", comp},
		{"segment", "../../testdata/README.md", "-o", mask},                                             // not an image
		{"segment", "../../testdata/astronaut.png", "-o", mask, "--model", "../../testdata/coffee.png"}, // not a model
	} {
		if _, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestBench(t *testing.T) {
	svg := filepath.Join(t.TempDir(), "p.svg")
	out, err := runCLI(t, "bench", selfie, "--runs", "6", "--warmup", "1", "--profile", "--chart", svg)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	var med, p90 float64
	var allocs int
	if n, err := fmt.Sscanf(last, "median_ms=%g p90_ms=%g allocs_per_run=%d", &med, &p90, &allocs); n != 3 || err != nil {
		t.Fatalf("last line %q: %v", last, err)
	}
	if med <= 0 || p90 < med || allocs != 0 {
		t.Errorf("median %v p90 %v allocs %d", med, p90, allocs)
	}
	for _, want := range []string{"DEPTHWISE_CONV_2D", "GMAC/s", "latency:", "peak RSS"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q", want)
		}
	}
	if st, err := os.Stat(svg); err != nil || st.Size() == 0 {
		t.Errorf("chart: %v", err)
	}
}

// TestBenchThreads runs the harness with two threads and checks a bad
// count is an error. (Threaded Invoke allocating nothing is tested with
// testing.AllocsPerRun in threads_test.go; the harness's process-wide
// count can see the runtime's own allocations under qemu.)
func TestBenchThreads(t *testing.T) {
	out, err := runCLI(t, "bench", selfie, "--threads", "2", "--runs", "4", "--warmup", "1")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var med, p90 float64
	var allocs int
	if n, err := fmt.Sscanf(lines[len(lines)-1], "median_ms=%g p90_ms=%g allocs_per_run=%d", &med, &p90, &allocs); n != 3 || err != nil {
		t.Fatalf("last line %q: %v", lines[len(lines)-1], err)
	}
	if !strings.Contains(out, "threads: 2") {
		t.Errorf("output:\n%s", out)
	}
	if _, err := runCLI(t, "bench", selfie, "--threads", "0"); err == nil {
		t.Error("--threads 0 accepted")
	}
	out, err = runCLI(t, "bench", selfie, "--threads", "2", "--vs-threads", "1", "--rounds", "2", "--runs", "2", "--warmup", "1")
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out), "\n")
	var speed float64
	if len(lines) < 3 || !strings.HasPrefix(lines[len(lines)-3], "threads 2 vs 1: speed-up ") ||
		!strings.HasPrefix(lines[len(lines)-2], "machine ceiling in the same rounds ") {
		t.Fatalf("no speed-up and ceiling lines before the last:\n%s", out)
	}
	if _, err := fmt.Sscanf(strings.TrimPrefix(lines[len(lines)-3], "threads 2 vs 1: speed-up "), "%gx", &speed); err != nil || !(speed > 0) {
		t.Errorf("speed-up line %q: %v", lines[len(lines)-3], err)
	}
	if !strings.HasPrefix(lines[len(lines)-1], "median_ms=") {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	if _, err := runCLI(t, "bench", selfie, "--vs-threads", "1", "--rounds", "0"); err == nil {
		t.Error("--rounds 0 accepted")
	}
}
