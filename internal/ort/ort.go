// Package ort compares octet with ONNX Runtime. It writes ONNX models by
// hand (onnx.go: the few protobuf messages needed, no protobuf
// dependency), converts the float Fashion-MNIST BLSTM classifier from
// TFLite to ONNX (blstm.go), and runs and times ONNX models with
// onnxruntime-node, ONNX Runtime's native CPU library under Node, through
// tools/onnxruntime/run.mjs and bench.mjs (run.go). Install the runtime
// with `make deps` (tools/onnxruntime/setup.sh); see
// tools/onnxruntime/README.md.
package ort

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

// toolDir returns tools/onnxruntime of the repository that holds the
// working directory, found by walking up to go.mod.
func toolDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "tools", "onnxruntime"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// stampHash is what setup.sh records in node_modules/.octet-setup after a
// successful install: the SHA-256 of package-lock.json.
func stampHash(tools string) (string, error) {
	b, err := os.ReadFile(filepath.Join(tools, "package-lock.json"))
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// Available returns nil if node is on the PATH and tools/onnxruntime is
// installed and up to date with its lock file.
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
		return errors.New("onnxruntime-node is not installed in tools/onnxruntime/node_modules")
	}
	if strings.TrimSpace(string(got)) != want {
		return errors.New("tools/onnxruntime/node_modules is stale: package-lock.json changed")
	}
	return nil
}

// Require fails t unless ONNX Runtime is available. With OCTET_SKIP_ORT=1
// in the environment it skips t instead, except in CI (CI=true), where a
// missing runtime always fails.
func Require(t testing.TB) {
	t.Helper()
	err := Available()
	if err == nil {
		return
	}
	if os.Getenv("OCTET_SKIP_ORT") == "1" && os.Getenv("CI") != "true" {
		t.Skipf("ONNX Runtime unavailable (%v); skipped because OCTET_SKIP_ORT=1", err)
	}
	t.Fatalf("ONNX Runtime unavailable: %v; run `make deps` (tools/onnxruntime/setup.sh), or set OCTET_SKIP_ORT=1 to skip (not in CI)", err)
}
