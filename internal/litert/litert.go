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

// toolDir returns tools/litert of the repository that holds the working
// directory, found by walking up to go.mod.
func toolDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "tools", "litert"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// stampHash is what setup.sh records in node_modules/.octet-setup after a
// successful install: the SHA-256 of package-lock.json and patch.mjs.
func stampHash(tools string) (string, error) {
	h := sha256.New()
	for _, f := range []string{"package-lock.json", "patch.mjs"} {
		b, err := os.ReadFile(filepath.Join(tools, f))
		if err != nil {
			return "", err
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Available returns nil if node is on the PATH and tools/litert is installed
// and up to date with its lock file and patch.
func Available() error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node not found: %w", err)
	}
	tools, err := toolDir()
	if err != nil {
		return err
	}
	want, err := stampHash(tools)
	if err != nil {
		return err
	}
	got, err := os.ReadFile(filepath.Join(tools, "node_modules", ".octet-setup"))
	if err != nil {
		return errors.New("LiteRT.js is not installed in tools/litert/node_modules")
	}
	if strings.TrimSpace(string(got)) != want {
		return errors.New("tools/litert/node_modules is stale: package-lock.json or patch.mjs changed")
	}
	return nil
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

// classicDir returns tools/tflite-classic, next to tools/litert.
func classicDir() (string, error) {
	d, err := toolDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(d), "tflite-classic"), nil
}

// ClassicAvailable returns nil if node is on the PATH and TFLite's classic
// interpreter is installed in tools/tflite-classic, up to date with its
// lock file (tools/tflite-classic/setup.sh records its SHA-256).
func ClassicAvailable() error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node not found: %w", err)
	}
	dir, err := classicDir()
	if err != nil {
		return err
	}
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(lock)
	got, err := os.ReadFile(filepath.Join(dir, "node_modules", ".octet-setup"))
	if err != nil {
		return errors.New("TFLite's classic interpreter is not installed in tools/tflite-classic/node_modules")
	}
	if strings.TrimSpace(string(got)) != hex.EncodeToString(sum[:]) {
		return errors.New("tools/tflite-classic/node_modules is stale: package-lock.json changed")
	}
	return nil
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
