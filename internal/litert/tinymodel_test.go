package litert

import (
	"os"
	"path/filepath"
	"testing"

	flatbuffers "github.com/google/flatbuffers/go"
)

// This file writes tiny .tflite models by hand with the flatbuffers builder,
// following tensorflow/lite/schema/schema.fbs (field ids are the declaration
// order; a union takes two ids, its type first).

// TFLite TensorType and BuiltinOperator values used here.
const (
	tFloat32 = 0
	tInt32   = 2
	tUint8   = 3
	tInt8    = 9

	opAdd        = 0
	opDequantize = 6
	opMul        = 18
)

type tmTensor struct {
	name  string
	typ   int8
	shape []int32
	scale float32 // quantized when non-zero
	zp    int64
}

type tmOp struct {
	code    int32
	in, out []int32
}

type tmMap struct {
	name   string
	tensor uint32
}

// tinyModel is a single-subgraph model without constant tensors.
type tinyModel struct {
	tensors         []tmTensor
	ops             []tmOp
	inputs, outputs []int32
	// Signature, if sigKey is set: named inputs and outputs in this order.
	sigKey          string
	sigIns, sigOuts []tmMap
}

func (m tinyModel) bytes() []byte {
	b := flatbuffers.NewBuilder(1024)
	ints := func(v []int32) flatbuffers.UOffsetT {
		b.StartVector(4, len(v), 4)
		for i := len(v) - 1; i >= 0; i-- {
			b.PrependInt32(v[i])
		}
		return b.EndVector(len(v))
	}
	tables := func(v []flatbuffers.UOffsetT) flatbuffers.UOffsetT {
		b.StartVector(4, len(v), 4)
		for i := len(v) - 1; i >= 0; i-- {
			b.PrependUOffsetT(v[i])
		}
		return b.EndVector(len(v))
	}

	var tensors []flatbuffers.UOffsetT
	for _, t := range m.tensors {
		name, shape := b.CreateString(t.name), ints(t.shape)
		var quant flatbuffers.UOffsetT
		if t.scale != 0 {
			b.StartVector(4, 1, 4)
			b.PrependFloat32(t.scale)
			scale := b.EndVector(1)
			b.StartVector(8, 1, 8)
			b.PrependInt64(t.zp)
			zp := b.EndVector(1)
			b.StartObject(7) // QuantizationParameters
			b.PrependUOffsetTSlot(2, scale, 0)
			b.PrependUOffsetTSlot(3, zp, 0)
			quant = b.EndObject()
		}
		b.StartObject(5) // Tensor
		b.PrependUOffsetTSlot(0, shape, 0)
		b.PrependInt8Slot(1, t.typ, 0)
		b.PrependUOffsetTSlot(3, name, 0)
		if quant != 0 {
			b.PrependUOffsetTSlot(4, quant, 0)
		}
		tensors = append(tensors, b.EndObject())
	}

	var codes []int32
	codeIndex := map[int32]int{}
	var ops []flatbuffers.UOffsetT
	for _, op := range m.ops {
		if _, ok := codeIndex[op.code]; !ok {
			codeIndex[op.code] = len(codes)
			codes = append(codes, op.code)
		}
		in, out := ints(op.in), ints(op.out)
		b.StartObject(3) // Operator
		b.PrependUint32Slot(0, uint32(codeIndex[op.code]), 0)
		b.PrependUOffsetTSlot(1, in, 0)
		b.PrependUOffsetTSlot(2, out, 0)
		ops = append(ops, b.EndObject())
	}

	tv, iv, ov, opv := tables(tensors), ints(m.inputs), ints(m.outputs), tables(ops)
	b.StartObject(4) // SubGraph
	b.PrependUOffsetTSlot(0, tv, 0)
	b.PrependUOffsetTSlot(1, iv, 0)
	b.PrependUOffsetTSlot(2, ov, 0)
	b.PrependUOffsetTSlot(3, opv, 0)
	subgraph := b.EndObject()

	var opcodes []flatbuffers.UOffsetT
	for _, c := range codes {
		b.StartObject(4) // OperatorCode
		b.PrependInt8Slot(0, int8(c), 0)
		b.PrependInt32Slot(2, 1, 0)
		b.PrependInt32Slot(3, c, 0)
		opcodes = append(opcodes, b.EndObject())
	}

	b.StartObject(1) // the empty sentinel Buffer
	buffer0 := b.EndObject()

	var sigs flatbuffers.UOffsetT
	if m.sigKey != "" {
		maps := func(ms []tmMap) flatbuffers.UOffsetT {
			var offs []flatbuffers.UOffsetT
			for _, mp := range ms {
				name := b.CreateString(mp.name)
				b.StartObject(2) // TensorMap
				b.PrependUOffsetTSlot(0, name, 0)
				b.PrependUint32Slot(1, mp.tensor, 0)
				offs = append(offs, b.EndObject())
			}
			return tables(offs)
		}
		ins, outs, key := maps(m.sigIns), maps(m.sigOuts), b.CreateString(m.sigKey)
		b.StartObject(5) // SignatureDef
		b.PrependUOffsetTSlot(0, ins, 0)
		b.PrependUOffsetTSlot(1, outs, 0)
		b.PrependUOffsetTSlot(2, key, 0)
		sigs = tables([]flatbuffers.UOffsetT{b.EndObject()})
	}

	codesV := tables(opcodes)
	subgraphs := tables([]flatbuffers.UOffsetT{subgraph})
	buffers := tables([]flatbuffers.UOffsetT{buffer0})
	desc := b.CreateString("octet internal/litert test model")
	b.StartObject(8) // Model
	b.PrependUint32Slot(0, 3, 0)
	b.PrependUOffsetTSlot(1, codesV, 0)
	b.PrependUOffsetTSlot(2, subgraphs, 0)
	b.PrependUOffsetTSlot(3, desc, 0)
	b.PrependUOffsetTSlot(4, buffers, 0)
	if sigs != 0 {
		b.PrependUOffsetTSlot(7, sigs, 0)
	}
	b.FinishWithFileIdentifier(b.EndObject(), []byte("TFL3"))
	return b.FinishedBytes()
}

// write saves the model in a temporary directory and returns its path.
func (m tinyModel) write(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, m.bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
