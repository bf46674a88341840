package tflite

import (
	"errors"
	"fmt"
)

// ErrUnsupported is wrapped by errors for valid TFLite features this package
// does not support, such as sparse tensors.
var ErrUnsupported = errors.New("not supported")

// recoverPanics makes Parse turn a panic into an error. It is defense in
// depth only: the fuzz tests switch it off so that any panic surfaces as a
// bug.
var recoverPanics = true

// Schema field ids (vtable slot = 4 + 2*id), from schema.fbs.
const (
	// table Model
	modelVersion       = 0
	modelOperatorCodes = 1
	modelSubgraphs     = 2
	modelDescription   = 3
	modelBuffers       = 4
	// 5: metadata_buffer (deprecated, not kept)
	modelMetadata      = 6
	modelSignatureDefs = 7

	// table OperatorCode
	opcodeDeprecatedBuiltin = 0
	opcodeCustomCode        = 1
	opcodeVersion           = 2
	opcodeBuiltinCode       = 3

	// table SubGraph
	subgraphTensors   = 0
	subgraphInputs    = 1
	subgraphOutputs   = 2
	subgraphOperators = 3
	subgraphName      = 4

	// table Tensor
	tensorShape          = 0
	tensorType           = 1
	tensorBuffer         = 2
	tensorName           = 3
	tensorQuantization   = 4
	tensorIsVariable     = 5
	tensorSparsity       = 6
	tensorShapeSignature = 7

	// table QuantizationParameters
	quantMin         = 0
	quantMax         = 1
	quantScale       = 2
	quantZeroPoint   = 3
	quantDetailsType = 4 // union tag of details (id 5)
	quantDimension   = 6

	// table Operator
	opOpcodeIndex        = 0
	opInputs             = 1
	opOutputs            = 2
	opBuiltinOptionsType = 3 // union tag of builtin_options (id 4)
	opBuiltinOptions     = 4
	opCustomOptions      = 5
	opIntermediates      = 8
	opLargeCustomOffset  = 9
	opLargeCustomSize    = 10

	// table Buffer
	bufferData   = 0
	bufferOffset = 1
	bufferSize   = 2

	// table Metadata
	metadataName   = 0
	metadataBuffer = 1

	// table TensorMap
	tensorMapName  = 0
	tensorMapIndex = 1

	// table SignatureDef
	sigInputs   = 0
	sigOutputs  = 1
	sigKey      = 2
	sigSubgraph = 4 // 3 is the deprecated deprecated_tag
)

// Parse decodes and validates a .tflite file. The returned model's
// Buffer.Data slices point into data; everything else is copied. A
// malformed file yields an error, never a panic.
func Parse(data []byte) (*Model, error) {
	return parseWith(decode, data)
}

// parseWith runs dec and validation with the panic guard; tests swap dec.
func parseWith(dec func([]byte) (*Model, error), data []byte) (m *Model, err error) {
	if recoverPanics {
		defer func() {
			if r := recover(); r != nil {
				m, err = nil, fmt.Errorf("tflite: internal error while parsing (please report): %v", r)
			}
		}()
	}
	m, err = dec(data)
	if err != nil {
		return nil, fmt.Errorf("tflite: %w", err)
	}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("tflite: %w", err)
	}
	return m, nil
}

// decode copies the flatbuffer into a Model, checking only the structure of
// the flatbuffer (validate checks the meaning).
func decode(data []byte) (*Model, error) {
	if len(data) >= 8 && string(data[4:8]) != FileIdentifier {
		return nil, fmt.Errorf("not a TFLite model: file identifier %q, want %q", data[4:8], FileIdentifier)
	}
	f := newFbuf(data)
	root, err := f.root()
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	m := &Model{}
	if m.Version, err = root.uint32(modelVersion, 0); err != nil {
		return nil, fmt.Errorf("model version: %w", err)
	}
	if m.Version != SchemaVersion {
		return nil, fmt.Errorf("schema version %d, want %d", m.Version, SchemaVersion)
	}
	if m.Description, err = root.string(modelDescription); err != nil {
		return nil, fmt.Errorf("model description: %w", err)
	}

	v, err := root.tables(modelOperatorCodes, "operator codes")
	if err != nil {
		return nil, err
	}
	m.OperatorCodes = make([]OperatorCode, v.n)
	for i := range m.OperatorCodes {
		if err := decodeOperatorCode(v, i, &m.OperatorCodes[i]); err != nil {
			return nil, fmt.Errorf("operator code %d: %w", i, err)
		}
	}

	if v, err = root.tables(modelBuffers, "buffers"); err != nil {
		return nil, err
	}
	m.Buffers = make([]Buffer, v.n)
	for i := range m.Buffers {
		if err := decodeBuffer(v, i, &m.Buffers[i]); err != nil {
			return nil, fmt.Errorf("buffer %d: %w", i, err)
		}
	}

	if v, err = root.tables(modelSubgraphs, "subgraphs"); err != nil {
		return nil, err
	}
	m.Subgraphs = make([]Subgraph, v.n)
	for i := range m.Subgraphs {
		if err := decodeSubgraph(v, i, &m.Subgraphs[i]); err != nil {
			return nil, fmt.Errorf("subgraph %d: %w", i, err)
		}
	}

	if v, err = root.tables(modelMetadata, "metadata"); err != nil {
		return nil, err
	}
	if v.n > 0 {
		m.Metadata = make([]Metadata, v.n)
	}
	for i := range m.Metadata {
		if err := decodeMetadata(v, i, &m.Metadata[i]); err != nil {
			return nil, fmt.Errorf("metadata %d: %w", i, err)
		}
	}

	if v, err = root.tables(modelSignatureDefs, "signature defs"); err != nil {
		return nil, err
	}
	if v.n > 0 {
		m.SignatureDefs = make([]SignatureDef, v.n)
	}
	for i := range m.SignatureDefs {
		if err := decodeSignatureDef(v, i, &m.SignatureDefs[i]); err != nil {
			return nil, fmt.Errorf("signature def %d: %w", i, err)
		}
	}
	if len(m.OperatorCodes) == 0 {
		m.OperatorCodes = nil
	}
	if len(m.Buffers) == 0 {
		m.Buffers = nil
	}
	if len(m.Subgraphs) == 0 {
		m.Subgraphs = nil
	}
	return m, nil
}

func decodeOperatorCode(v vec, i int, oc *OperatorCode) error {
	t, err := v.table(i)
	if err != nil {
		return err
	}
	dep, err := t.int8(opcodeDeprecatedBuiltin, 0)
	if err != nil {
		return err
	}
	code, err := t.int32(opcodeBuiltinCode, 0)
	if err != nil {
		return err
	}
	// Files written before builtin_code existed only have the byte-sized
	// deprecated code; newer files write PLACEHOLDER_FOR_GREATER_OP_CODES
	// (127) there for codes above 126. The larger of the two is right in
	// both cases.
	oc.Builtin = BuiltinOperator(max(int32(dep), code))
	if oc.CustomCode, err = t.string(opcodeCustomCode); err != nil {
		return err
	}
	oc.Version, err = t.int32(opcodeVersion, 1)
	return err
}

func decodeBuffer(v vec, i int, buf *Buffer) error {
	t, err := v.table(i)
	if err != nil {
		return err
	}
	data, err := t.vector(bufferData, 1)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if data.n > 0 {
		buf.Data = data.bytes()
		return nil
	}
	off, err := t.uint64(bufferOffset, 0)
	if err != nil {
		return err
	}
	size, err := t.uint64(bufferSize, 0)
	if err != nil {
		return err
	}
	if buf.Data, err = external(t.f, off, size); err != nil {
		return err
	}
	// Not copied, but Encode would copy it: charge it so that many buffers
	// sharing one region cannot inflate a re-encoded model.
	return t.f.charge(int64(len(buf.Data)))
}

// external resolves the offset/size form used for data stored after the
// flatbuffer (models over 2 GB). Offsets of 0 and 1 mean "not used": 1 is the
// placeholder converters write before the real offset is known.
func external(f *fbuf, off, size uint64) ([]byte, error) {
	if off <= 1 {
		return nil, nil
	}
	if off > uint64(len(f.b)) || size > uint64(len(f.b))-off {
		return nil, fmt.Errorf("data at offset %d size %d lies outside the %d-byte file", off, size, len(f.b))
	}
	if size == 0 {
		return nil, nil
	}
	return f.b[off : off+size : off+size], nil
}

func decodeSubgraph(v vec, i int, sg *Subgraph) error {
	t, err := v.table(i)
	if err != nil {
		return err
	}
	if sg.Name, err = t.string(subgraphName); err != nil {
		return fmt.Errorf("name: %w", err)
	}
	if sg.Inputs, err = t.int32s(subgraphInputs); err != nil {
		return fmt.Errorf("inputs: %w", err)
	}
	if sg.Outputs, err = t.int32s(subgraphOutputs); err != nil {
		return fmt.Errorf("outputs: %w", err)
	}
	tv, err := t.tables(subgraphTensors, "tensors")
	if err != nil {
		return err
	}
	if tv.n > 0 {
		sg.Tensors = make([]Tensor, tv.n)
	}
	for j := range sg.Tensors {
		if err := decodeTensor(tv, j, &sg.Tensors[j]); err != nil {
			return fmt.Errorf("tensor %d: %w", j, err)
		}
	}
	ov, err := t.tables(subgraphOperators, "operators")
	if err != nil {
		return err
	}
	if ov.n > 0 {
		sg.Operators = make([]Operator, ov.n)
	}
	for j := range sg.Operators {
		if err := decodeOperator(ov, j, &sg.Operators[j]); err != nil {
			return fmt.Errorf("operator %d: %w", j, err)
		}
	}
	return nil
}

func decodeTensor(v vec, i int, tn *Tensor) error {
	t, err := v.table(i)
	if err != nil {
		return err
	}
	if tn.Name, err = t.string(tensorName); err != nil {
		return fmt.Errorf("name: %w", err)
	}
	if _, ok, err := t.uoff(tensorSparsity); err != nil || ok {
		if err != nil {
			return err
		}
		return fmt.Errorf("%q: sparse tensors are %w", tn.Name, ErrUnsupported)
	}
	typ, err := t.int8(tensorType, 0)
	if err != nil {
		return err
	}
	tn.Type = TensorType(typ)
	if tn.Shape, err = t.int32s(tensorShape); err != nil {
		return fmt.Errorf("%q shape: %w", tn.Name, err)
	}
	if tn.ShapeSignature, err = t.int32s(tensorShapeSignature); err != nil {
		return fmt.Errorf("%q shape signature: %w", tn.Name, err)
	}
	if tn.Buffer, err = t.uint32(tensorBuffer, 0); err != nil {
		return err
	}
	if tn.IsVariable, err = t.bool(tensorIsVariable, false); err != nil {
		return err
	}
	q, ok, err := t.subtable(tensorQuantization)
	if err != nil {
		return fmt.Errorf("%q quantization: %w", tn.Name, err)
	}
	if ok {
		if tn.Quantization, err = decodeQuantization(q); err != nil {
			return fmt.Errorf("%q quantization: %w", tn.Name, err)
		}
	}
	return nil
}

func decodeQuantization(t table) (*Quantization, error) {
	details, err := t.uint8(quantDetailsType, 0)
	if err != nil {
		return nil, err
	}
	if details != 0 {
		return nil, fmt.Errorf("quantization details (type %d) are %w", details, ErrUnsupported)
	}
	q := &Quantization{}
	if q.Min, err = t.float32s(quantMin); err != nil {
		return nil, fmt.Errorf("min: %w", err)
	}
	if q.Max, err = t.float32s(quantMax); err != nil {
		return nil, fmt.Errorf("max: %w", err)
	}
	if q.Scale, err = t.float32s(quantScale); err != nil {
		return nil, fmt.Errorf("scale: %w", err)
	}
	if q.ZeroPoint, err = t.int64s(quantZeroPoint); err != nil {
		return nil, fmt.Errorf("zero point: %w", err)
	}
	if q.QuantizedDimension, err = t.int32(quantDimension, 0); err != nil {
		return nil, err
	}
	if q.empty() {
		return nil, nil
	}
	return q, nil
}

// empty reports whether q carries no parameters at all.
func (q *Quantization) empty() bool {
	return len(q.Min) == 0 && len(q.Max) == 0 && len(q.Scale) == 0 && len(q.ZeroPoint) == 0
}

func decodeOperator(v vec, i int, op *Operator) error {
	t, err := v.table(i)
	if err != nil {
		return err
	}
	if op.OpcodeIndex, err = t.uint32(opOpcodeIndex, 0); err != nil {
		return err
	}
	if op.Inputs, err = t.int32s(opInputs); err != nil {
		return fmt.Errorf("inputs: %w", err)
	}
	if op.Outputs, err = t.int32s(opOutputs); err != nil {
		return fmt.Errorf("outputs: %w", err)
	}
	if op.Intermediates, err = t.int32s(opIntermediates); err != nil {
		return fmt.Errorf("intermediates: %w", err)
	}
	if op.CustomOptions, err = t.byteVector(opCustomOptions); err != nil {
		return fmt.Errorf("custom options: %w", err)
	}
	if op.CustomOptions == nil {
		off, err := t.uint64(opLargeCustomOffset, 0)
		if err != nil {
			return err
		}
		size, err := t.uint64(opLargeCustomSize, 0)
		if err != nil {
			return err
		}
		ext, err := external(t.f, off, size)
		if err != nil {
			return fmt.Errorf("custom options: %w", err)
		}
		if err := t.f.charge(int64(len(ext))); err != nil {
			return err
		}
		op.CustomOptions = append([]byte(nil), ext...)
		if len(op.CustomOptions) == 0 {
			op.CustomOptions = nil
		}
	}
	typ, err := t.uint8(opBuiltinOptionsType, 0)
	if err != nil {
		return err
	}
	if typ == 0 {
		return nil
	}
	ot, ok, err := t.subtable(opBuiltinOptions)
	if err != nil {
		return fmt.Errorf("builtin options: %w", err)
	}
	if !ok {
		return nil
	}
	op.Options, err = decodeOptions(ot, BuiltinOptionsType(typ))
	return err
}

func decodeMetadata(v vec, i int, md *Metadata) error {
	t, err := v.table(i)
	if err != nil {
		return err
	}
	if md.Name, err = t.string(metadataName); err != nil {
		return err
	}
	md.Buffer, err = t.uint32(metadataBuffer, 0)
	return err
}

func decodeSignatureDef(v vec, i int, sd *SignatureDef) error {
	t, err := v.table(i)
	if err != nil {
		return err
	}
	if sd.Key, err = t.string(sigKey); err != nil {
		return err
	}
	if sd.SubgraphIndex, err = t.uint32(sigSubgraph, 0); err != nil {
		return err
	}
	if sd.Inputs, err = decodeTensorMaps(t, sigInputs); err != nil {
		return fmt.Errorf("inputs: %w", err)
	}
	if sd.Outputs, err = decodeTensorMaps(t, sigOutputs); err != nil {
		return fmt.Errorf("outputs: %w", err)
	}
	return nil
}

func decodeTensorMaps(t table, id int) ([]TensorMap, error) {
	v, err := t.tables(id, "tensor maps")
	if err != nil || v.n == 0 {
		return nil, err
	}
	out := make([]TensorMap, v.n)
	for i := range out {
		tm, err := v.table(i)
		if err != nil {
			return nil, fmt.Errorf("%d: %w", i, err)
		}
		if out[i].Name, err = tm.string(tensorMapName); err != nil {
			return nil, fmt.Errorf("%d: %w", i, err)
		}
		if out[i].TensorIndex, err = tm.uint32(tensorMapIndex, 0); err != nil {
			return nil, fmt.Errorf("%d: %w", i, err)
		}
	}
	return out, nil
}
