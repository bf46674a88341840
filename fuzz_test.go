package octet_test

import (
	"os"
	"testing"

	"github.com/octet-ml/octet"
)

// FuzzLoadAndRun feeds arbitrary bytes through the whole pipeline: a model
// that loads must prepare or fail cleanly, and one that prepares must run
// without panicking.
func FuzzLoadAndRun(f *testing.F) {
	for _, c := range conformanceCases() {
		if data, err := c.build().Bytes(); err == nil {
			f.Add(data)
		}
	}
	if raw, err := os.ReadFile(selfieModel); err == nil {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := octet.LoadBytes(data)
		if err != nil {
			return
		}
		it, err := octet.NewInterpreter(m, octet.WithMemoryLimit(64<<20))
		if err != nil {
			return
		}
		_ = it.Invoke()
		_ = it.Ops()
	})
}
