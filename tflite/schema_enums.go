package tflite

import (
	"fmt"

	"github.com/octet-ml/octet/tensor"
)

// BuiltinOperator is a builtin operator code (schema enum BuiltinOperator).
// The constants (OpAdd, OpConv2D, ...) are in schema_ops.go.
type BuiltinOperator int32

// String returns the schema name of op, such as "CONV_2D", or
// "BuiltinOperator(n)" for a code this package does not know.
func (op BuiltinOperator) String() string {
	if op >= 0 && int(op) < len(builtinOperatorNames) {
		return builtinOperatorNames[op]
	}
	return fmt.Sprintf("BuiltinOperator(%d)", int32(op))
}

// BuiltinOptionsType is the tag of the BuiltinOptions union. The constants
// (BuiltinOptionsConv2DOptions, ...) are in schema_ops.go.
type BuiltinOptionsType uint8

// String returns the schema name of the options table, such as
// "Conv2DOptions".
func (t BuiltinOptionsType) String() string {
	if int(t) < len(builtinOptionsNames) {
		return builtinOptionsNames[t]
	}
	return fmt.Sprintf("BuiltinOptionsType(%d)", uint8(t))
}

// TensorType is the element type of a tensor (schema enum TensorType).
type TensorType int8

// Tensor element types, numbered as in schema.fbs.
const (
	TensorFloat32    TensorType = 0
	TensorFloat16    TensorType = 1
	TensorInt32      TensorType = 2
	TensorUint8      TensorType = 3
	TensorInt64      TensorType = 4
	TensorString     TensorType = 5
	TensorBool       TensorType = 6
	TensorInt16      TensorType = 7
	TensorComplex64  TensorType = 8
	TensorInt8       TensorType = 9
	TensorFloat64    TensorType = 10
	TensorComplex128 TensorType = 11
	TensorUint64     TensorType = 12
	TensorResource   TensorType = 13
	TensorVariant    TensorType = 14
	TensorUint32     TensorType = 15
	TensorUint16     TensorType = 16
	TensorInt4       TensorType = 17
	TensorBfloat16   TensorType = 18

	// TensorInvalid is returned by TensorTypeOf for element types TFLite
	// has no equivalent of. It never appears in a parsed model.
	TensorInvalid TensorType = -1
)

var tensorTypeInfo = [...]struct {
	name string
	size int // bytes per element; 0 when not fixed (STRING, RESOURCE, VARIANT, INT4)
}{
	TensorFloat32:    {"FLOAT32", 4},
	TensorFloat16:    {"FLOAT16", 2},
	TensorInt32:      {"INT32", 4},
	TensorUint8:      {"UINT8", 1},
	TensorInt64:      {"INT64", 8},
	TensorString:     {"STRING", 0},
	TensorBool:       {"BOOL", 1},
	TensorInt16:      {"INT16", 2},
	TensorComplex64:  {"COMPLEX64", 8},
	TensorInt8:       {"INT8", 1},
	TensorFloat64:    {"FLOAT64", 8},
	TensorComplex128: {"COMPLEX128", 16},
	TensorUint64:     {"UINT64", 8},
	TensorResource:   {"RESOURCE", 0},
	TensorVariant:    {"VARIANT", 0},
	TensorUint32:     {"UINT32", 4},
	TensorUint16:     {"UINT16", 2},
	TensorInt4:       {"INT4", 0},
	TensorBfloat16:   {"BFLOAT16", 2},
}

// known reports whether t is a type of the schema this package was written
// against.
func (t TensorType) known() bool { return t >= 0 && int(t) < len(tensorTypeInfo) }

// String returns the schema name of t, such as "FLOAT32".
func (t TensorType) String() string {
	if t.known() {
		return tensorTypeInfo[t].name
	}
	return fmt.Sprintf("TensorType(%d)", int8(t))
}

// elemSize returns the bytes per element of t, or 0 when elements have no
// fixed byte size (strings, resources, variants, packed int4) or t is
// unknown.
func (t TensorType) elemSize() int {
	if t.known() {
		return tensorTypeInfo[t].size
	}
	return 0
}

// DType maps t to the tensor core's element type. It reports false for the
// TFLite types octet does not compute with.
func (t TensorType) DType() (tensor.DType, bool) {
	switch t {
	case TensorFloat32:
		return tensor.Float32, true
	case TensorFloat16:
		return tensor.Float16, true
	case TensorInt8:
		return tensor.Int8, true
	case TensorUint8:
		return tensor.Uint8, true
	case TensorInt16:
		return tensor.Int16, true
	case TensorInt32:
		return tensor.Int32, true
	case TensorInt64:
		return tensor.Int64, true
	case TensorBool:
		return tensor.Bool, true
	}
	return tensor.Invalid, false
}

// TensorTypeOf maps a tensor core element type to its TFLite type, or to
// TensorInvalid when there is none.
func TensorTypeOf(d tensor.DType) TensorType {
	switch d {
	case tensor.Float32:
		return TensorFloat32
	case tensor.Float16:
		return TensorFloat16
	case tensor.Int8:
		return TensorInt8
	case tensor.Uint8:
		return TensorUint8
	case tensor.Int16:
		return TensorInt16
	case tensor.Int32:
		return TensorInt32
	case tensor.Int64:
		return TensorInt64
	case tensor.Bool:
		return TensorBool
	}
	return TensorInvalid
}

// Padding is the padding scheme of convolutions and pooling (schema enum
// Padding).
type Padding int8

// Padding values.
const (
	PaddingSame  Padding = 0
	PaddingValid Padding = 1
)

// String returns "SAME" or "VALID".
func (p Padding) String() string {
	switch p {
	case PaddingSame:
		return "SAME"
	case PaddingValid:
		return "VALID"
	}
	return fmt.Sprintf("Padding(%d)", int8(p))
}

// ActivationFunctionType is a fused activation (schema enum
// ActivationFunctionType).
type ActivationFunctionType int8

// Fused activation values.
const (
	ActNone      ActivationFunctionType = 0
	ActRelu      ActivationFunctionType = 1
	ActReluN1To1 ActivationFunctionType = 2
	ActRelu6     ActivationFunctionType = 3
	ActTanh      ActivationFunctionType = 4
	ActSignBit   ActivationFunctionType = 5
)

// String returns the schema name of a, such as "RELU6".
func (a ActivationFunctionType) String() string {
	names := [...]string{"NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"}
	if a >= 0 && int(a) < len(names) {
		return names[a]
	}
	return fmt.Sprintf("ActivationFunctionType(%d)", int8(a))
}

// FullyConnectedOptionsWeightsFormat is the weight layout of FULLY_CONNECTED.
type FullyConnectedOptionsWeightsFormat int8

// Weight formats.
const (
	WeightsFormatDefault          FullyConnectedOptionsWeightsFormat = 0
	WeightsFormatShuffled4x16Int8 FullyConnectedOptionsWeightsFormat = 1
)

// LSTMKernelType selects the LSTM kernel variant.
type LSTMKernelType int8

// LSTM kernel types.
const (
	LSTMKernelFull  LSTMKernelType = 0
	LSTMKernelBasic LSTMKernelType = 1
)

// LSHProjectionType is the projection kind of LSH_PROJECTION.
type LSHProjectionType int8

// LSH projection types.
const (
	LSHProjectionUnknown LSHProjectionType = 0
	LSHProjectionSparse  LSHProjectionType = 1
	LSHProjectionDense   LSHProjectionType = 2
)

// CombinerType is the reduction of EMBEDDING_LOOKUP_SPARSE.
type CombinerType int8

// Combiner types.
const (
	CombinerSum   CombinerType = 0
	CombinerMean  CombinerType = 1
	CombinerSqrtN CombinerType = 2
)

// MirrorPadMode is the mode of MIRROR_PAD.
type MirrorPadMode int8

// Mirror padding modes.
const (
	MirrorPadReflect   MirrorPadMode = 0
	MirrorPadSymmetric MirrorPadMode = 1
)
