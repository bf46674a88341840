// Package graphtest builds small .tflite models in tests, to exercise one op
// or option at a time in octet and in other runtimes.
package graphtest

import (
	"encoding/binary"
	"math"

	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// Builder accumulates a one-subgraph model.
type Builder struct {
	m     tflite.Model
	codes map[opKey]uint32
}

type opKey struct {
	op      tflite.BuiltinOperator
	custom  string
	version int32
}

// New returns an empty builder.
func New() *Builder {
	b := &Builder{codes: map[opKey]uint32{}}
	b.m.Version = tflite.SchemaVersion
	b.m.Description = "octet graphtest"
	b.m.Buffers = []tflite.Buffer{{}}
	b.m.Subgraphs = []tflite.Subgraph{{Name: "main"}}
	return b
}

func (b *Builder) sg() *tflite.Subgraph { return &b.m.Subgraphs[0] }

// Tensor adds a tensor without data and returns its index. An empty shape
// leaves the shape to the runtime's shape propagation.
func (b *Builder) Tensor(name string, dt tensor.DType, shape ...int) int {
	t := tflite.Tensor{Name: name, Type: tflite.TensorTypeOf(dt)}
	for _, d := range shape {
		t.Shape = append(t.Shape, int32(d))
	}
	b.sg().Tensors = append(b.sg().Tensors, t)
	return len(b.sg().Tensors) - 1
}

// Quantize sets tensor i's per-tensor quantization parameters.
func (b *Builder) Quantize(i int, scale float32, zeroPoint int64) {
	b.sg().Tensors[i].Quantization = &tflite.Quantization{Scale: []float32{scale}, ZeroPoint: []int64{zeroPoint}}
}

// QuantizeAxis sets tensor i's per-axis quantization parameters.
func (b *Builder) QuantizeAxis(i int, axis int, scales []float32, zeroPoints []int64) {
	b.sg().Tensors[i].Quantization = &tflite.Quantization{Scale: scales, ZeroPoint: zeroPoints, QuantizedDimension: int32(axis)}
}

// Input adds a graph input.
func (b *Builder) Input(name string, dt tensor.DType, shape ...int) int {
	i := b.Tensor(name, dt, shape...)
	b.sg().Inputs = append(b.sg().Inputs, int32(i))
	return i
}

// Output marks tensors as graph outputs, in order.
func (b *Builder) Output(ids ...int) {
	for _, i := range ids {
		b.sg().Outputs = append(b.sg().Outputs, int32(i))
	}
}

// Const adds a constant tensor holding raw little-endian data.
func (b *Builder) Const(name string, dt tensor.DType, shape []int, data []byte) int {
	i := b.Tensor(name, dt, shape...)
	b.m.Buffers = append(b.m.Buffers, tflite.Buffer{Data: append([]byte(nil), data...)})
	b.sg().Tensors[i].Buffer = uint32(len(b.m.Buffers) - 1)
	return i
}

// ConstF32 adds a float32 constant.
func (b *Builder) ConstF32(name string, shape []int, v []float32) int {
	d := make([]byte, 4*len(v))
	for k, x := range v {
		binary.LittleEndian.PutUint32(d[4*k:], math.Float32bits(x))
	}
	return b.Const(name, tensor.Float32, shape, d)
}

// ConstF16 adds a float16 constant holding v rounded to binary16.
func (b *Builder) ConstF16(name string, shape []int, v []float32) int {
	d := make([]byte, 2*len(v))
	for k, x := range v {
		binary.LittleEndian.PutUint16(d[2*k:], tensor.F32ToF16(x))
	}
	return b.Const(name, tensor.Float16, shape, d)
}

// ConstI32 adds an int32 constant.
func (b *Builder) ConstI32(name string, shape []int, v []int32) int {
	d := make([]byte, 4*len(v))
	for k, x := range v {
		binary.LittleEndian.PutUint32(d[4*k:], uint32(x))
	}
	return b.Const(name, tensor.Int32, shape, d)
}

// ConstI8 adds an int8 constant.
func (b *Builder) ConstI8(name string, shape []int, v []int8) int {
	d := make([]byte, len(v))
	for k, x := range v {
		d[k] = byte(x)
	}
	return b.Const(name, tensor.Int8, shape, d)
}

func (b *Builder) code(k opKey) uint32 {
	if c, ok := b.codes[k]; ok {
		return c
	}
	b.m.OperatorCodes = append(b.m.OperatorCodes, tflite.OperatorCode{Builtin: k.op, CustomCode: k.custom, Version: k.version})
	c := uint32(len(b.m.OperatorCodes) - 1)
	b.codes[k] = c
	return c
}

// Op appends a builtin op at version 1. Use -1 for an omitted optional
// input.
func (b *Builder) Op(op tflite.BuiltinOperator, opts tflite.Options, inputs []int, outputs ...int) {
	b.OpV(op, 1, opts, inputs, outputs...)
}

// OpV appends a builtin op with the given operator version.
func (b *Builder) OpV(op tflite.BuiltinOperator, version int32, opts tflite.Options, inputs []int, outputs ...int) {
	b.sg().Operators = append(b.sg().Operators, tflite.Operator{
		OpcodeIndex: b.code(opKey{op: op, version: version}),
		Inputs:      i32s(inputs),
		Outputs:     i32s(outputs),
		Options:     opts,
	})
}

// Custom appends a custom op with raw custom options.
func (b *Builder) Custom(code string, customOptions []byte, inputs []int, outputs ...int) {
	b.sg().Operators = append(b.sg().Operators, tflite.Operator{
		OpcodeIndex:   b.code(opKey{op: tflite.OpCustom, custom: code, version: 1}),
		Inputs:        i32s(inputs),
		Outputs:       i32s(outputs),
		CustomOptions: customOptions,
	})
}

// Model returns the model built so far (sharing the builder's storage).
func (b *Builder) Model() *tflite.Model { return &b.m }

// Bytes encodes the model as a .tflite file.
func (b *Builder) Bytes() ([]byte, error) { return b.m.Encode() }

func i32s(v []int) []int32 {
	out := make([]int32, len(v))
	for i, x := range v {
		out[i] = int32(x)
	}
	return out
}
