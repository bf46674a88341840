package octet_test

import (
	"testing"

	"github.com/octet-ml/octet"
)

// FuzzLoadAndRun feeds arbitrary bytes through the whole pipeline: a model
// that loads must prepare or fail cleanly, and one that prepares must run
// without panicking. The seeds are the conformance graphs, one per op and
// option; the real models' parsing is fuzzed in package tflite.
func FuzzLoadAndRun(f *testing.F) {
	for _, c := range conformanceCases() {
		if data, err := c.build().Bytes(); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := octet.LoadBytes(data)
		if err != nil {
			return
		}
		it, err := octet.NewInterpreter(m, octet.WithMemoryLimit(1<<20))
		if err != nil {
			return
		}
		_ = it.Invoke()
		_ = it.Ops()
	})
}
