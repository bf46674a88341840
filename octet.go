// Package octet runs TensorFlow Lite models in pure Go.
//
// Load a .tflite file once into an immutable Model, then create one
// Interpreter per goroutine. NewInterpreter prepares the graph: it propagates
// shapes, checks every op's options, picks kernels, folds constant
// sub-graphs (such as float16 weights behind DEQUANTIZE) and plans one arena
// for all intermediate tensors. Invoke then runs the graph without
// allocating.
//
//	model, err := octet.LoadFile("selfie_segmentation.tflite")
//	if err != nil { ... }
//	it, err := octet.NewInterpreter(model)
//	if err != nil { ... }
//	copy(it.Input(0).F32(), pixels)
//	if err := it.Invoke(); err != nil { ... }
//	mask := it.Output(0).F32()
package octet

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// maxModelSize bounds what Load reads, as a guard against unbounded input.
const maxModelSize = 2 << 30

// Load reads a .tflite model from r.
func Load(r io.Reader) (*Model, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, maxModelSize+1))
	if err != nil {
		return nil, fmt.Errorf("octet: reading model: %w", err)
	}
	if n > maxModelSize {
		return nil, fmt.Errorf("octet: model is larger than %d bytes", maxModelSize)
	}
	return LoadBytes(buf.Bytes())
}

// LoadFile reads a .tflite model from a file.
func LoadFile(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("octet: %w", err)
	}
	m, err := LoadBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return m, nil
}
