package tflite

import (
	"errors"
	"strings"

	flatbuffers "github.com/google/flatbuffers/go"
)

func containsErr(err error, s string) bool { return err != nil && strings.Contains(err.Error(), s) }

func isUnsupported(err error) bool { return errors.Is(err, ErrUnsupported) }

// rawEncode writes m without validating it, to produce invalid files.
func rawEncode(m *Model) []byte {
	return (&writer{b: flatbuffers.NewBuilder(0)}).model(m)
}

// encodeExternal writes m with every non-empty buffer in the offset/size
// form, its data appended after the flatbuffer at 16-byte aligned offsets.
func encodeExternal(m *Model) []byte {
	ext := make([]uint64, len(m.Buffers))
	for i := range ext {
		ext[i] = 2 // placeholder: any value > 1 gives the same layout
	}
	fb := (&writer{b: flatbuffers.NewBuilder(0), ext: ext}).model(m)
	pos := uint64(len(fb)+15) &^ 15
	for i, b := range m.Buffers {
		if len(b.Data) > 0 {
			ext[i] = pos
			pos = (pos + uint64(len(b.Data)) + 15) &^ 15
		}
	}
	fb = (&writer{b: flatbuffers.NewBuilder(0), ext: ext}).model(m)
	out := make([]byte, pos)
	copy(out, fb)
	for i, b := range m.Buffers {
		copy(out[ext[i]:], b.Data)
	}
	return out
}

// richModel returns a valid model that uses every feature Encode writes.
func richModel() *Model {
	return &Model{
		Version:     3,
		Description: "rich",
		OperatorCodes: []OperatorCode{
			{Builtin: OpConv2D, Version: 3},
			{Builtin: OpCustom, CustomCode: "Convolution2DTransposeBias", Version: 1},
			{Builtin: OpStablehloCase, Version: 1}, // code > 127
			{Builtin: OpDequantize, Version: 2},
			{Builtin: OpFullyConnected, Version: 0},
		},
		Buffers: []Buffer{
			{},
			{Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}, // int8 [2,2,2]
			{Data: []byte{0x00, 0x3c, 0x00, 0xc0}}, // float16 [2]: 1, -2
			{Data: []byte("metadata payload")},     // metadata
			{Data: []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 9}}, // odd size, unreferenced
		},
		Subgraphs: []Subgraph{
			{
				Name: "main",
				Tensors: []Tensor{
					{Name: "in", Type: TensorFloat32, Shape: []int32{1, 2, 2, 2}, ShapeSignature: []int32{-1, 2, 2, 2}},
					{Name: "w", Type: TensorInt8, Shape: []int32{2, 2, 2}, Buffer: 1,
						Quantization: &Quantization{Scale: []float32{0.5, 0.25}, ZeroPoint: []int64{0, -3}, QuantizedDimension: 0}},
					{Name: "h", Type: TensorFloat16, Shape: []int32{2}, Buffer: 2},
					{Name: "act", Type: TensorUint8, Shape: []int32{1, 2, 2, 2},
						Quantization: &Quantization{Min: []float32{-1}, Max: []float32{1}, Scale: []float32{2.0 / 255}, ZeroPoint: []int64{128}}},
					{Name: "state", Type: TensorFloat32, Shape: []int32{1, 2}, IsVariable: true},
					{Name: "out", Type: TensorFloat32, Shape: []int32{1, 2, 2, 2}},
					{Name: "", Type: TensorString, Shape: []int32{}},
				},
				Inputs:  []int32{0},
				Outputs: []int32{5},
				Operators: []Operator{
					{OpcodeIndex: 3, Inputs: []int32{2}, Outputs: []int32{4}, Options: &DequantizeOptions{}},
					{OpcodeIndex: 0, Inputs: []int32{0, 1, -1}, Outputs: []int32{3}, Intermediates: []int32{4},
						Options: &Conv2DOptions{Padding: PaddingValid, StrideW: 2, StrideH: 1, FusedActivation: ActRelu6, DilationW: 1, DilationH: 3, QuantizedBiasType: TensorInt64}},
					{OpcodeIndex: 1, Inputs: []int32{3, 1, 2}, Outputs: []int32{5}, CustomOptions: []byte{1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0}},
					{OpcodeIndex: 2, Inputs: []int32{5}, Outputs: []int32{5}},
					{OpcodeIndex: 4, Inputs: []int32{0, 1}, Outputs: []int32{5},
						Options: &FullyConnectedOptions{FusedActivation: ActTanh, WeightsFormat: WeightsFormatShuffled4x16Int8, KeepNumDims: true}},
					{OpcodeIndex: 0, Inputs: []int32{0}, Outputs: []int32{5}, Options: &ReshapeOptions{NewShape: []int32{1, -1}}},
					{OpcodeIndex: 0, Inputs: []int32{0}, Outputs: []int32{5}, Options: &RandomOptions{Seed: -1 << 40, Seed2: 7}},
					{OpcodeIndex: 0, Inputs: []int32{0}, Outputs: []int32{5}, Options: &VarHandleOptions{Container: "box", SharedName: "v"}},
					{OpcodeIndex: 0, Inputs: []int32{0}, Outputs: []int32{5}, Options: &BidirectionalSequenceLSTMOptions{CellClip: 3, TimeMajor: false}},
					{OpcodeIndex: 0, Inputs: []int32{0}, Outputs: []int32{5}, Options: &AddOptions{PotScaleInt16: true}},
				},
			},
			{
				Name:    "second",
				Tensors: []Tensor{{Name: "a", Type: TensorInt32, Shape: []int32{3}}},
				Inputs:  []int32{0},
				Outputs: []int32{0},
			},
		},
		Metadata: []Metadata{{Name: "info", Buffer: 3}, {Name: "empty", Buffer: 0}},
		SignatureDefs: []SignatureDef{
			{Key: "serving_default", SubgraphIndex: 0, Inputs: []TensorMap{{"in", 0}}, Outputs: []TensorMap{{"out", 5}}},
			{Key: "second", SubgraphIndex: 1, Outputs: []TensorMap{{"a", 0}}},
		},
	}
}
