// Package litert runs .tflite models with LiteRT.js, the TFLite runtime
// compiled to WASM (with XNNPACK), so tests can compare octet against the
// reference implementation. It drives tools/litert/run.mjs under Node; see
// tools/litert/README.md. Install the runtime with `make deps`
// (tools/litert/setup.sh).
package litert

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ToolDir returns tools/<name> of the repository that holds the working
// directory, found by walking up to go.mod: where a reference runtime's
// setup.sh installs it (tools/litert, tools/tflite-classic,
// tools/onnxruntime).
func ToolDir(name string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "tools", name), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func toolDir() (string, error) { return ToolDir("litert") }

// CheckStamp returns nil if node is on the PATH and the runtime in tool
// directory dir is installed and up to date: its setup.sh records in
// node_modules/.octet-setup the SHA-256 of the files named (read in order).
// what names the runtime in errors.
func CheckStamp(dir, what string, files ...string) error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node not found: %w", err)
	}
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		h.Write(b)
	}
	got, err := os.ReadFile(filepath.Join(dir, "node_modules", ".octet-setup"))
	if err != nil {
		return fmt.Errorf("%s is not installed in %s", what, filepath.Join(dir, "node_modules"))
	}
	if strings.TrimSpace(string(got)) != hex.EncodeToString(h.Sum(nil)) {
		return fmt.Errorf("%s is stale: %s changed", filepath.Join(dir, "node_modules"), strings.Join(files, " or "))
	}
	return nil
}

// Available returns nil if node is on the PATH and tools/litert is installed
// and up to date with its lock file and patch (setup.sh stamps the SHA-256
// of package-lock.json and patch.mjs).
func Available() error {
	tools, err := toolDir()
	if err != nil {
		return err
	}
	return CheckStamp(tools, "LiteRT.js", "package-lock.json", "patch.mjs")
}

// Require fails t unless the LiteRT.js oracle is available. With
// OCTET_SKIP_LITERT=1 in the environment it skips t instead.
func Require(t testing.TB) {
	t.Helper()
	err := Available()
	if err == nil {
		return
	}
	if os.Getenv("OCTET_SKIP_LITERT") == "1" {
		t.Skipf("LiteRT.js oracle unavailable (%v); skipped because OCTET_SKIP_LITERT=1", err)
	}
	t.Fatalf("LiteRT.js oracle unavailable: %v; run `make deps` (tools/litert/setup.sh), or set OCTET_SKIP_LITERT=1 to skip", err)
}

// ClassicAvailable returns nil if node is on the PATH and TFLite's classic
// interpreter is installed in tools/tflite-classic, up to date with its
// lock file (tools/tflite-classic/setup.sh records its SHA-256).
func ClassicAvailable() error {
	dir, err := ToolDir("tflite-classic")
	if err != nil {
		return err
	}
	return CheckStamp(dir, "TFLite's classic interpreter", "package-lock.json")
}

// RequireClassic fails t unless TFLite's classic interpreter is available.
// With OCTET_SKIP_LITERT=1 in the environment it skips t instead.
func RequireClassic(t testing.TB) {
	t.Helper()
	err := ClassicAvailable()
	if err == nil {
		return
	}
	if os.Getenv("OCTET_SKIP_LITERT") == "1" {
		t.Skipf("TFLite classic interpreter unavailable (%v); skipped because OCTET_SKIP_LITERT=1", err)
	}
	t.Fatalf("TFLite classic interpreter unavailable: %v; run `make deps` (tools/tflite-classic/setup.sh), or set OCTET_SKIP_LITERT=1 to skip", err)
}
