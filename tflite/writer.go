package tflite

import (
	"fmt"
	"math"

	flatbuffers "github.com/google/flatbuffers/go"
)

// bufferAlign is the alignment of constant data in files Encode writes
// (schema: data:[ubyte] (force_align: 16)).
const bufferAlign = 16

// maxEncodedSize keeps Encode within flatbuffers' 2 GiB offset range.
const maxEncodedSize = math.MaxInt32 - 1<<20

// Encode writes m as a .tflite flatbuffer with file identifier "TFL3". A
// Version of 0 is written as SchemaVersion. Constant data is stored inline
// (never in the offset/size form) and 16-byte aligned. Encode validates m
// first and returns the same errors Parse would.
func (m *Model) Encode() ([]byte, error) {
	mm := *m
	if mm.Version == 0 {
		mm.Version = SchemaVersion
	}
	if err := mm.validate(); err != nil {
		return nil, fmt.Errorf("tflite: encode: %w", err)
	}
	total := int64(0)
	for _, b := range mm.Buffers {
		total += int64(len(b.Data)) + bufferAlign + 64
	}
	if total > maxEncodedSize {
		return nil, fmt.Errorf("tflite: encode: %d bytes of buffer data exceed the 2 GiB flatbuffer limit", total)
	}
	w := &writer{b: flatbuffers.NewBuilder(int(total) + 4096)}
	return w.model(&mm), nil
}

type writer struct {
	b *flatbuffers.Builder
	// ext, when set, makes buffer i with data use the offset/size form with
	// offset ext[i] instead of inline data. The caller appends the data at
	// those offsets; only tests use it (Encode always writes inline data).
	ext []uint64
}

func (w *writer) model(m *Model) []byte {
	b := w.b
	// Children first: flatbuffers are built back to front. Buffers go first
	// so that the large data ends up at the end of the file.
	buffers := make([]flatbuffers.UOffsetT, len(m.Buffers))
	for i := range m.Buffers {
		buffers[i] = w.buffer(i, &m.Buffers[i])
	}
	buffersVec := w.tableVector(buffers)
	opcodes := make([]flatbuffers.UOffsetT, len(m.OperatorCodes))
	for i := range m.OperatorCodes {
		opcodes[i] = w.operatorCode(&m.OperatorCodes[i])
	}
	opcodesVec := w.tableVector(opcodes)
	subgraphs := make([]flatbuffers.UOffsetT, len(m.Subgraphs))
	for i := range m.Subgraphs {
		subgraphs[i] = w.subgraph(&m.Subgraphs[i])
	}
	subgraphsVec := w.tableVector(subgraphs)
	metadata := make([]flatbuffers.UOffsetT, len(m.Metadata))
	for i, md := range m.Metadata {
		name := w.string(md.Name)
		b.StartObject(2)
		b.PrependUint32Slot(metadataBuffer, md.Buffer, 0)
		w.offsetSlot(metadataName, name)
		metadata[i] = b.EndObject()
	}
	metadataVec := w.tableVector(metadata)
	sigs := make([]flatbuffers.UOffsetT, len(m.SignatureDefs))
	for i := range m.SignatureDefs {
		sigs[i] = w.signatureDef(&m.SignatureDefs[i])
	}
	sigsVec := w.tableVector(sigs)
	desc := w.string(m.Description)

	b.StartObject(8)
	b.PrependUint32Slot(modelVersion, m.Version, 0)
	w.offsetSlot(modelOperatorCodes, opcodesVec)
	w.offsetSlot(modelSubgraphs, subgraphsVec)
	w.offsetSlot(modelDescription, desc)
	w.offsetSlot(modelBuffers, buffersVec)
	w.offsetSlot(modelMetadata, metadataVec)
	w.offsetSlot(modelSignatureDefs, sigsVec)
	root := b.EndObject()
	b.FinishWithFileIdentifier(root, []byte(FileIdentifier))
	return b.FinishedBytes()
}

// offsetSlot sets an offset field unless off is 0 (absent).
func (w *writer) offsetSlot(id int, off flatbuffers.UOffsetT) {
	if off != 0 {
		w.b.PrependUOffsetTSlot(id, off, 0)
	}
}

// string writes s, or nothing (offset 0) for "".
func (w *writer) string(s string) flatbuffers.UOffsetT {
	if s == "" {
		return 0
	}
	return w.b.CreateString(s)
}

// tableVector writes a vector of table offsets, or nothing when empty.
func (w *writer) tableVector(offs []flatbuffers.UOffsetT) flatbuffers.UOffsetT {
	if len(offs) == 0 {
		return 0
	}
	return w.b.CreateVectorOfTables(offs)
}

func createInt32s(b *flatbuffers.Builder, v []int32) flatbuffers.UOffsetT {
	b.StartVector(4, len(v), 4)
	for i := len(v) - 1; i >= 0; i-- {
		b.PrependInt32(v[i])
	}
	return b.EndVector(len(v))
}

func createInt64s(b *flatbuffers.Builder, v []int64) flatbuffers.UOffsetT {
	b.StartVector(8, len(v), 8)
	for i := len(v) - 1; i >= 0; i-- {
		b.PrependInt64(v[i])
	}
	return b.EndVector(len(v))
}

func createFloat32s(b *flatbuffers.Builder, v []float32) flatbuffers.UOffsetT {
	b.StartVector(4, len(v), 4)
	for i := len(v) - 1; i >= 0; i-- {
		b.PrependFloat32(v[i])
	}
	return b.EndVector(len(v))
}

// int32s writes v, or nothing when it is nil (an empty, non-nil v is
// written as an empty vector, so Parse can tell the two apart).
func (w *writer) int32s(v []int32) flatbuffers.UOffsetT {
	if v == nil {
		return 0
	}
	return createInt32s(w.b, v)
}

func (w *writer) buffer(i int, buf *Buffer) flatbuffers.UOffsetT {
	b := w.b
	if w.ext != nil && len(buf.Data) > 0 {
		b.StartObject(3)
		b.PrependUint64Slot(bufferOffset, w.ext[i], 0)
		b.PrependUint64Slot(bufferSize, uint64(len(buf.Data)), 0)
		return b.EndObject()
	}
	var data flatbuffers.UOffsetT
	if len(buf.Data) > 0 {
		// Pad so that the bytes (which CreateByteVector places right before
		// its length-prefix alignment point) start bufferAlign-aligned. The
		// builder aligns the finished buffer to the largest alignment used,
		// so an alignment relative to the end is one relative to the start.
		b.Prep(bufferAlign, len(buf.Data))
		data = b.CreateByteVector(buf.Data)
	}
	b.StartObject(3)
	w.offsetSlot(bufferData, data)
	return b.EndObject()
}

func (w *writer) operatorCode(oc *OperatorCode) flatbuffers.UOffsetT {
	b := w.b
	custom := w.string(oc.CustomCode)
	dep := int8(min(oc.Builtin, OpPlaceholderForGreaterOpCodes))
	b.StartObject(4)
	b.PrependInt32Slot(opcodeBuiltinCode, int32(oc.Builtin), 0)
	b.PrependInt32Slot(opcodeVersion, oc.Version, 1)
	w.offsetSlot(opcodeCustomCode, custom)
	b.PrependInt8Slot(opcodeDeprecatedBuiltin, dep, 0)
	return b.EndObject()
}

func (w *writer) subgraph(sg *Subgraph) flatbuffers.UOffsetT {
	b := w.b
	tensors := make([]flatbuffers.UOffsetT, len(sg.Tensors))
	for i := range sg.Tensors {
		tensors[i] = w.tensor(&sg.Tensors[i])
	}
	tensorsVec := w.tableVector(tensors)
	ops := make([]flatbuffers.UOffsetT, len(sg.Operators))
	for i := range sg.Operators {
		ops[i] = w.operator(&sg.Operators[i])
	}
	opsVec := w.tableVector(ops)
	inputs, outputs := w.int32s(sg.Inputs), w.int32s(sg.Outputs)
	name := w.string(sg.Name)
	b.StartObject(5)
	w.offsetSlot(subgraphTensors, tensorsVec)
	w.offsetSlot(subgraphInputs, inputs)
	w.offsetSlot(subgraphOutputs, outputs)
	w.offsetSlot(subgraphOperators, opsVec)
	w.offsetSlot(subgraphName, name)
	return b.EndObject()
}

func (w *writer) tensor(t *Tensor) flatbuffers.UOffsetT {
	b := w.b
	shape, sig := w.int32s(t.Shape), w.int32s(t.ShapeSignature)
	name := w.string(t.Name)
	var quant flatbuffers.UOffsetT
	if q := t.Quantization; q != nil {
		var mn, mx, sc, zp flatbuffers.UOffsetT
		if q.Min != nil {
			mn = createFloat32s(b, q.Min)
		}
		if q.Max != nil {
			mx = createFloat32s(b, q.Max)
		}
		if q.Scale != nil {
			sc = createFloat32s(b, q.Scale)
		}
		if q.ZeroPoint != nil {
			zp = createInt64s(b, q.ZeroPoint)
		}
		b.StartObject(7)
		w.offsetSlot(quantMin, mn)
		w.offsetSlot(quantMax, mx)
		w.offsetSlot(quantScale, sc)
		w.offsetSlot(quantZeroPoint, zp)
		b.PrependInt32Slot(quantDimension, q.QuantizedDimension, 0)
		quant = b.EndObject()
	}
	b.StartObject(8)
	w.offsetSlot(tensorShape, shape)
	b.PrependUint32Slot(tensorBuffer, t.Buffer, 0)
	w.offsetSlot(tensorName, name)
	w.offsetSlot(tensorQuantization, quant)
	w.offsetSlot(tensorShapeSignature, sig)
	b.PrependInt8Slot(tensorType, int8(t.Type), 0)
	b.PrependBoolSlot(tensorIsVariable, t.IsVariable, false)
	return b.EndObject()
}

func (w *writer) operator(op *Operator) flatbuffers.UOffsetT {
	b := w.b
	inputs, outputs := w.int32s(op.Inputs), w.int32s(op.Outputs)
	inter := w.int32s(op.Intermediates)
	var custom flatbuffers.UOffsetT
	if len(op.CustomOptions) > 0 {
		custom = b.CreateByteVector(op.CustomOptions)
	}
	var opts flatbuffers.UOffsetT
	var optsType BuiltinOptionsType
	if op.Options != nil {
		opts = encodeOptions(b, op.Options)
		optsType = op.Options.OptionsType()
	}
	b.StartObject(9)
	b.PrependUint32Slot(opOpcodeIndex, op.OpcodeIndex, 0)
	w.offsetSlot(opInputs, inputs)
	w.offsetSlot(opOutputs, outputs)
	w.offsetSlot(opBuiltinOptions, opts)
	w.offsetSlot(opCustomOptions, custom)
	w.offsetSlot(opIntermediates, inter)
	b.PrependUint8Slot(opBuiltinOptionsType, uint8(optsType), 0)
	return b.EndObject()
}

func (w *writer) signatureDef(sd *SignatureDef) flatbuffers.UOffsetT {
	b := w.b
	maps := func(tms []TensorMap) flatbuffers.UOffsetT {
		offs := make([]flatbuffers.UOffsetT, len(tms))
		for i, tm := range tms {
			name := w.string(tm.Name)
			b.StartObject(2)
			w.offsetSlot(tensorMapName, name)
			b.PrependUint32Slot(tensorMapIndex, tm.TensorIndex, 0)
			offs[i] = b.EndObject()
		}
		return w.tableVector(offs)
	}
	inputs, outputs := maps(sd.Inputs), maps(sd.Outputs)
	key := w.string(sd.Key)
	b.StartObject(5)
	w.offsetSlot(sigInputs, inputs)
	w.offsetSlot(sigOutputs, outputs)
	w.offsetSlot(sigKey, key)
	b.PrependUint32Slot(sigSubgraph, sd.SubgraphIndex, 0)
	return b.EndObject()
}
