package tflite

import "github.com/octet-ml/octet/tensor"

// SchemaVersion is the only TFLite schema version Parse accepts and the one
// Encode writes.
const SchemaVersion = 3

// FileIdentifier is the flatbuffer file identifier of TFLite models.
const FileIdentifier = "TFL3"

// Model is a decoded, validated TFLite model. Parse returns a fresh copy
// that shares nothing with the input file except Buffer.Data slices.
//
// Integer vectors (shapes, tensor index lists, option vectors) absent from
// the file decode as nil and present-but-empty ones as empty slices; Encode
// keeps the difference, so Parse(Encode(m)) equals m.
type Model struct {
	Version       uint32
	Description   string
	OperatorCodes []OperatorCode
	Subgraphs     []Subgraph // Subgraphs[0] is the main graph
	Buffers       []Buffer   // Buffers[0] is the empty sentinel
	Metadata      []Metadata
	SignatureDefs []SignatureDef
}

// OperatorCode identifies the operator an Operator runs.
type OperatorCode struct {
	// Builtin is max(deprecated_builtin_code, builtin_code), the rule
	// TensorFlow Lite uses to read both old and new files.
	Builtin BuiltinOperator
	// CustomCode names the custom operator when Builtin is OpCustom.
	CustomCode string
	// Version is the operator version (1 when absent).
	Version int32
}

// Subgraph is a graph of operators over tensors.
type Subgraph struct {
	Name      string
	Tensors   []Tensor
	Inputs    []int32 // indices into Tensors
	Outputs   []int32 // indices into Tensors
	Operators []Operator
}

// Tensor describes one tensor of a subgraph.
type Tensor struct {
	Name string
	Type TensorType
	// Shape has no negative entries. A dynamic dimension appears as -1 in
	// ShapeSignature (when present) and usually as 1 in Shape.
	Shape          []int32
	ShapeSignature []int32
	// Buffer indexes Model.Buffers; 0 means no constant data.
	Buffer uint32
	// Quantization is nil when the file has none or an empty table.
	Quantization *Quantization
	IsVariable   bool
}

// Quantization holds affine quantization parameters:
// real = Scale * (q - ZeroPoint). With more than one scale the parameters are
// per-axis along QuantizedDimension.
type Quantization struct {
	Min, Max           []float32
	Scale              []float32
	ZeroPoint          []int64
	QuantizedDimension int32
}

// Operator is one node of a subgraph.
type Operator struct {
	// OpcodeIndex indexes Model.OperatorCodes.
	OpcodeIndex uint32
	// Inputs, Outputs and Intermediates index Subgraph.Tensors. An input of
	// -1 is an optional input left out.
	Inputs, Outputs, Intermediates []int32
	// Options holds the decoded builtin options (always a pointer such as
	// *Conv2DOptions), or nil when the operator has none or they are of a
	// kind this package does not decode.
	Options Options
	// CustomOptions holds the raw custom_options bytes of custom operators
	// (inline or from the large_custom_options offset/size form).
	CustomOptions []byte
}

// Buffer is a block of constant data.
type Buffer struct {
	// Data is the buffer content, resolved either from the inline data
	// vector or, when that is empty, from the offset/size form (offset
	// counted from the start of the file, used by models over 2 GB). Parse
	// returns slices of its input; Encode always writes inline data.
	Data []byte
}

// Metadata names a buffer holding model metadata.
type Metadata struct {
	Name   string
	Buffer uint32 // index into Model.Buffers
}

// SignatureDef maps named inputs and outputs of a callable signature to
// tensors of one subgraph.
type SignatureDef struct {
	Key           string
	SubgraphIndex uint32
	Inputs        []TensorMap
	Outputs       []TensorMap
}

// TensorMap maps a signature name to a tensor index of the signature's
// subgraph.
type TensorMap struct {
	Name        string
	TensorIndex uint32
}

// Options is implemented by the typed builtin option tables, such as
// *Conv2DOptions.
type Options interface {
	// OptionsType returns the BuiltinOptions union tag of the table.
	OptionsType() BuiltinOptionsType
}

// ToTensor converts q to the tensor core's quantization parameters. It
// returns nil when q is nil or has no scale.
func (q *Quantization) ToTensor() *tensor.Quantization {
	if q == nil || len(q.Scale) == 0 {
		return nil
	}
	return &tensor.Quantization{
		Scale:     append([]float32(nil), q.Scale...),
		ZeroPoint: append([]int64(nil), q.ZeroPoint...),
		Axis:      int(q.QuantizedDimension),
	}
}

// OperatorCode returns the operator code of op, or false when its opcode
// index is out of range.
func (m *Model) OperatorCode(op *Operator) (OperatorCode, bool) {
	if int64(op.OpcodeIndex) >= int64(len(m.OperatorCodes)) {
		return OperatorCode{}, false
	}
	return m.OperatorCodes[op.OpcodeIndex], true
}

// TensorData returns the constant data of tensor t (nil when it has none).
func (m *Model) TensorData(t *Tensor) []byte {
	if int64(t.Buffer) >= int64(len(m.Buffers)) {
		return nil
	}
	return m.Buffers[t.Buffer].Data
}
