package tflite

import (
	"errors"
	"fmt"
	"math"
)

// validate checks the meaning of a decoded (or hand-built) model: every
// index in range, constant data sized to its tensor, sane quantization. Parse
// runs it on every file and Encode on every model it writes, so anything
// Encode writes parses again.
func (m *Model) validate() error {
	if m.Version != SchemaVersion {
		return fmt.Errorf("schema version %d, want %d", m.Version, SchemaVersion)
	}
	if len(m.Subgraphs) == 0 {
		return errors.New("model has no subgraph")
	}
	if len(m.Buffers) > 0 && len(m.Buffers[0].Data) != 0 {
		return errors.New("buffer 0 must be empty (it is the no-data sentinel)")
	}
	for i, oc := range m.OperatorCodes {
		if oc.Builtin < 0 {
			return fmt.Errorf("operator code %d: negative builtin code %d", i, int32(oc.Builtin))
		}
		if oc.Builtin == OpCustom && oc.CustomCode == "" {
			return fmt.Errorf("operator code %d: CUSTOM without a custom code", i)
		}
	}
	for i := range m.Subgraphs {
		if err := m.validateSubgraph(&m.Subgraphs[i]); err != nil {
			return fmt.Errorf("subgraph %d: %w", i, err)
		}
	}
	for i, md := range m.Metadata {
		if !m.bufferOK(md.Buffer) {
			return fmt.Errorf("metadata %d (%q): buffer %d out of range (%d buffers)", i, md.Name, md.Buffer, len(m.Buffers))
		}
	}
	for i, sd := range m.SignatureDefs {
		if int64(sd.SubgraphIndex) >= int64(len(m.Subgraphs)) {
			return fmt.Errorf("signature def %d (%q): subgraph %d out of range", i, sd.Key, sd.SubgraphIndex)
		}
		n := len(m.Subgraphs[sd.SubgraphIndex].Tensors)
		for _, tms := range [][]TensorMap{sd.Inputs, sd.Outputs} {
			for _, tm := range tms {
				if int64(tm.TensorIndex) >= int64(n) {
					return fmt.Errorf("signature def %d (%q): %q maps to tensor %d, subgraph has %d", i, sd.Key, tm.Name, tm.TensorIndex, n)
				}
			}
		}
	}
	return nil
}

// bufferOK reports whether buffer index b exists. Index 0 is always
// acceptable: it means "no data" even in a model without buffers.
func (m *Model) bufferOK(b uint32) bool {
	return b == 0 || int64(b) < int64(len(m.Buffers))
}

func (m *Model) validateSubgraph(sg *Subgraph) error {
	n := len(sg.Tensors)
	for i := range sg.Tensors {
		if err := m.validateTensor(&sg.Tensors[i]); err != nil {
			return fmt.Errorf("tensor %d (%q): %w", i, sg.Tensors[i].Name, err)
		}
	}
	if err := checkIndices(sg.Inputs, n, false); err != nil {
		return fmt.Errorf("inputs: %w", err)
	}
	if err := checkIndices(sg.Outputs, n, false); err != nil {
		return fmt.Errorf("outputs: %w", err)
	}
	for i := range sg.Operators {
		op := &sg.Operators[i]
		if int64(op.OpcodeIndex) >= int64(len(m.OperatorCodes)) {
			return fmt.Errorf("operator %d: opcode index %d out of range (%d operator codes)", i, op.OpcodeIndex, len(m.OperatorCodes))
		}
		if err := checkIndices(op.Inputs, n, true); err != nil {
			return fmt.Errorf("operator %d (%v) inputs: %w", i, m.OperatorCodes[op.OpcodeIndex].Builtin, err)
		}
		if err := checkIndices(op.Outputs, n, false); err != nil {
			return fmt.Errorf("operator %d (%v) outputs: %w", i, m.OperatorCodes[op.OpcodeIndex].Builtin, err)
		}
		if err := checkIndices(op.Intermediates, n, false); err != nil {
			return fmt.Errorf("operator %d (%v) intermediates: %w", i, m.OperatorCodes[op.OpcodeIndex].Builtin, err)
		}
		if op.Options != nil && layoutOf(op.Options) == nil {
			return fmt.Errorf("operator %d: options of type %T cannot be encoded (use a non-nil pointer to one of this package's option structs)", i, op.Options)
		}
	}
	return nil
}

// checkIndices checks tensor indices against n tensors; -1 (an omitted
// optional tensor) is allowed when optional is set.
func checkIndices(idx []int32, n int, optional bool) error {
	for _, x := range idx {
		if x == -1 && optional {
			continue
		}
		if x < 0 || int64(x) >= int64(n) {
			return fmt.Errorf("tensor index %d out of range (%d tensors)", x, n)
		}
	}
	return nil
}

func (m *Model) validateTensor(t *Tensor) error {
	for _, d := range t.Shape {
		if d < 0 {
			return fmt.Errorf("negative dimension in shape %v", t.Shape)
		}
	}
	if len(t.ShapeSignature) > 0 {
		if len(t.ShapeSignature) != len(t.Shape) {
			return fmt.Errorf("shape signature %v and shape %v differ in rank", t.ShapeSignature, t.Shape)
		}
		for _, d := range t.ShapeSignature {
			if d < -1 {
				return fmt.Errorf("dimension %d in shape signature %v", d, t.ShapeSignature)
			}
		}
	}
	if !m.bufferOK(t.Buffer) {
		return fmt.Errorf("buffer %d out of range (%d buffers)", t.Buffer, len(m.Buffers))
	}
	if t.Buffer != 0 {
		if err := checkDataSize(t, len(m.Buffers[t.Buffer].Data)); err != nil {
			return err
		}
	}
	if t.Quantization != nil {
		if err := checkQuantization(t); err != nil {
			return fmt.Errorf("quantization: %w", err)
		}
	}
	return nil
}

// numElements returns the product of shape, or false when it overflows.
func numElements(shape []int32) (int64, bool) {
	n := int64(1)
	for _, d := range shape {
		if d != 0 && n > math.MaxInt64/int64(d) {
			return 0, false
		}
		n *= int64(d)
	}
	return n, true
}

// checkDataSize checks that a tensor's constant data of size bytes matches
// its shape and type. Empty data means "no constant data" and always passes.
func checkDataSize(t *Tensor, size int) error {
	if size == 0 {
		return nil
	}
	n, ok := numElements(t.Shape)
	if !ok {
		return fmt.Errorf("shape %v overflows", t.Shape)
	}
	switch es := int64(t.Type.elemSize()); {
	case es > 0:
		if n > math.MaxInt64/es || n*es != int64(size) {
			return fmt.Errorf("%d bytes of data for shape %v of %v (want %d×%d)", size, t.Shape, t.Type, n, es)
		}
	case t.Type == TensorInt4:
		// Int4 constants are packed two to a byte; accept the unpacked
		// one-per-byte layout too.
		if int64(size) != (n+1)/2 && int64(size) != n {
			return fmt.Errorf("%d bytes of data for shape %v of INT4", size, t.Shape)
		}
	default:
		// STRING, RESOURCE, VARIANT and types newer than this package have
		// no fixed element size: nothing to check.
	}
	return nil
}

// isQuantizedInt reports whether tensors of type t carry quantized integers
// whose scale must be positive.
func isQuantizedInt(t TensorType) bool {
	switch t {
	case TensorInt8, TensorUint8, TensorInt16, TensorInt4:
		return true
	}
	return false
}

func checkQuantization(t *Tensor) error {
	q := t.Quantization
	if q.empty() {
		return errors.New("empty quantization must be nil")
	}
	ns, nz := len(q.Scale), len(q.ZeroPoint)
	if nz != 0 && nz != ns {
		return fmt.Errorf("%d scales but %d zero points", ns, nz)
	}
	for _, s := range q.Scale {
		if math.IsNaN(float64(s)) || math.IsInf(float64(s), 0) {
			return fmt.Errorf("scale %v is not finite", s)
		}
		if isQuantizedInt(t.Type) && s <= 0 {
			return fmt.Errorf("scale %v of %v tensor is not positive", s, t.Type)
		}
	}
	if q.QuantizedDimension < 0 {
		return fmt.Errorf("negative quantized dimension %d", q.QuantizedDimension)
	}
	if ns > 1 {
		if int(q.QuantizedDimension) >= len(t.Shape) {
			return fmt.Errorf("quantized dimension %d out of range for shape %v", q.QuantizedDimension, t.Shape)
		}
		if d := t.Shape[q.QuantizedDimension]; int64(d) != int64(ns) {
			return fmt.Errorf("%d per-axis scales for dimension %d of size %d", ns, q.QuantizedDimension, d)
		}
	}
	return nil
}
