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
	"os"
	"testing"

	"github.com/octet-ml/octet/internal/litert"
)

// toolDir returns tools/onnxruntime.
func toolDir() (string, error) { return litert.ToolDir("onnxruntime") }

// Available returns nil if node is on the PATH and tools/onnxruntime is
// installed and up to date with its lock file (setup.sh stamps its
// SHA-256).
func Available() error {
	tools, err := toolDir()
	if err != nil {
		return err
	}
	return litert.CheckStamp(tools, "onnxruntime-node", "package-lock.json")
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
