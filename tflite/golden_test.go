package tflite

import (
	"math"
	"os"
	"reflect"
	"testing"
	"unsafe"
)

// testdata/golden.tflite was built by flatc (an independent flatbuffers
// implementation) from testdata/golden.json and TensorFlow Lite's
// schema.fbs; see testdata/README.md. The expectations below are read off
// golden.json, so they check this package's field ids, defaults and union
// tags against flatc's.

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGoldenModel(t *testing.T) {
	data := readFile(t, "testdata/golden.tflite")
	m, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != 3 || m.Description != "golden model built by flatc from golden.json" {
		t.Errorf("version %d description %q", m.Version, m.Description)
	}

	wantCodes := []OperatorCode{
		{OpConv2D, "", 1},
		{OpDepthwiseConv2D, "", 2},
		{OpCustom, "MyCustom", 1},
		{OpMaxPool2D, "", 1}, // only deprecated_builtin_code = 17
		{OpGelu, "", 3},      // deprecated 127 + builtin_code 150
		{OpAdd, "", 1},
		{OpFullyConnected, "", 1},
		{OpReshape, "", 1},
		{OpBidirectionalSequenceLSTM, "", 1},
		{OpUnique, "", 1},
		{OpResizeBilinear, "", 1},
		{OpLeakyRelu, "", 1},
		{OpStridedSlice, "", 1},
		{OpSoftmax, "", 1},
		{OpVarHandle, "", 1},
		{OpBucketize, "", 1},
		{OpRandomUniform, "", 1},
		{OpSub, "", 1},
		{OpTransposeConv, "", 1},
	}
	if !reflect.DeepEqual(m.OperatorCodes, wantCodes) {
		t.Errorf("operator codes\n got %+v\nwant %+v", m.OperatorCodes, wantCodes)
	}

	if len(m.Subgraphs) != 1 {
		t.Fatalf("%d subgraphs", len(m.Subgraphs))
	}
	sg := m.Subgraphs[0]
	if sg.Name != "main" || !reflect.DeepEqual(sg.Inputs, []int32{0}) || !reflect.DeepEqual(sg.Outputs, []int32{6}) {
		t.Errorf("subgraph name %q inputs %v outputs %v", sg.Name, sg.Inputs, sg.Outputs)
	}
	wantTensors := []Tensor{
		{Name: "input", Type: TensorFloat32, Shape: []int32{1, 4, 4, 2}, ShapeSignature: []int32{-1, 4, 4, 2}},
		{Name: "conv_w", Type: TensorInt8, Shape: []int32{2, 1, 1, 2}, Buffer: 1,
			Quantization: &Quantization{Scale: []float32{0.5, 0.25}, ZeroPoint: []int64{0, 0}}},
		{Name: "conv_out", Type: TensorFloat32, Shape: []int32{1, 2, 2, 2}},
		{Name: "ext", Type: TensorFloat32, Shape: []int32{2}, Buffer: 2},
		{Name: "var", Type: TensorFloat32, Shape: []int32{1}, IsVariable: true},
		{Name: "q_act", Type: TensorInt8, Shape: []int32{1, 2, 2, 2},
			Quantization: &Quantization{Min: []float32{-1}, Max: []float32{1}, Scale: []float32{0.0078125}, ZeroPoint: []int64{-1}}},
		{Name: "out", Type: TensorFloat32, Shape: []int32{1, 2, 2, 2}},
		{Name: "custom_out", Type: TensorFloat32, Shape: []int32{3}},
	}
	if !reflect.DeepEqual(sg.Tensors, wantTensors) {
		t.Errorf("tensors\n got %+v\nwant %+v", sg.Tensors, wantTensors)
	}

	// Buffers: 1 inline, 2 in the offset/size form after the flatbuffer
	// (float32 1.5 and -2), 3 the metadata string.
	if got := m.Buffers[1].Data; !reflect.DeepEqual(got, []byte{1, 255, 127, 128}) {
		t.Errorf("buffer 1 = %v", got)
	}
	ext := m.Buffers[2].Data
	if len(ext) != 8 || math.Float32frombits(leU32(ext)) != 1.5 || math.Float32frombits(leU32(ext[4:])) != -2 {
		t.Errorf("external buffer = %v", ext)
	} else if off := uintptr(unsafe.Pointer(&ext[0])) - uintptr(unsafe.Pointer(&data[0])); off != 2816 {
		t.Errorf("external buffer read from file offset %d, want 2816", off)
	}
	if len(m.Buffers[0].Data) != 0 || string(m.Buffers[3].Data) != "1.5.0" {
		t.Errorf("buffers 0 and 3: %q %q", m.Buffers[0].Data, m.Buffers[3].Data)
	}
	if !reflect.DeepEqual(m.Metadata, []Metadata{{"min_runtime_version", 3}}) {
		t.Errorf("metadata %+v", m.Metadata)
	}
	wantSig := []SignatureDef{{Key: "serving_default", Inputs: []TensorMap{{"x", 0}}, Outputs: []TensorMap{{"y", 6}}}}
	if !reflect.DeepEqual(m.SignatureDefs, wantSig) {
		t.Errorf("signature defs %+v", m.SignatureDefs)
	}

	ops := sg.Operators
	if len(ops) != 19 {
		t.Fatalf("%d operators", len(ops))
	}
	if !reflect.DeepEqual(ops[0].Inputs, []int32{0, 1, -1}) || !reflect.DeepEqual(ops[1].Intermediates, []int32{4}) {
		t.Errorf("op 0 inputs %v, op 1 intermediates %v", ops[0].Inputs, ops[1].Intermediates)
	}
	if !reflect.DeepEqual(ops[2].CustomOptions, []byte{1, 2, 3}) || ops[2].Options != nil {
		t.Errorf("custom op: options %v custom %v", ops[2].Options, ops[2].CustomOptions)
	}
	if ops[14].Inputs != nil {
		t.Errorf("op 14 inputs %v, want none", ops[14].Inputs)
	}
	wantOpts := map[int]Options{
		// Absent fields take the schema defaults: dilation_h 1, padding SAME.
		0:  &Conv2DOptions{Padding: PaddingValid, StrideW: 2, StrideH: 3, FusedActivation: ActRelu6, DilationW: 2, DilationH: 1},
		1:  &DepthwiseConv2DOptions{StrideW: 1, StrideH: 1, DepthMultiplier: 1, DilationW: 1, DilationH: 1},
		3:  &Pool2DOptions{StrideW: 1, StrideH: 1, FilterWidth: 3, FilterHeight: 2},
		4:  &GeluOptions{Approximate: true},
		5:  &AddOptions{FusedActivation: ActRelu, PotScaleInt16: false},
		6:  &FullyConnectedOptions{WeightsFormat: WeightsFormatShuffled4x16Int8, KeepNumDims: true, AsymmetricQuantizeInputs: true},
		7:  &ReshapeOptions{NewShape: []int32{1, -1}},
		8:  &BidirectionalSequenceLSTMOptions{CellClip: 10, MergeOutputs: true, TimeMajor: true},
		9:  &UniqueOptions{IdxOutType: TensorInt32},
		10: &ResizeBilinearOptions{AlignCorners: true},
		11: &LeakyReluOptions{Alpha: 0.25},
		12: &StridedSliceOptions{BeginMask: 5, ShrinkAxisMask: 2, Offset: true},
		13: &SoftmaxOptions{Beta: 1.5},
		14: &VarHandleOptions{Container: "c", SharedName: "s"},
		15: &BucketizeOptions{Boundaries: []float32{0.5, 1.5}},
		16: &RandomOptions{Seed: 1234567890123, Seed2: -5},
		17: &SubOptions{PotScaleInt16: true},
		18: &TransposeConvOptions{Padding: PaddingValid, StrideW: 2, StrideH: 2, FusedActivation: ActRelu},
	}
	for i, want := range wantOpts {
		if !reflect.DeepEqual(ops[i].Options, want) {
			t.Errorf("op %d options = %#v, want %#v", i, ops[i].Options, want)
		}
	}

	// Re-encoding keeps everything (the external buffer becomes inline).
	enc, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Parse(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, m2) {
		t.Error("golden model changed by Encode/Parse")
	}
}

func leU32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func TestUnsupportedFeatures(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"testdata/sparse.tflite", `"w_sparse": sparse tensors are not supported`},
		{"testdata/quant_details.tflite", "quantization details (type 1) are not supported"},
	} {
		_, err := Parse(readFile(t, tc.file))
		if err == nil || !containsErr(err, tc.want) {
			t.Errorf("%s: error %v, want %q", tc.file, err, tc.want)
		}
		if !isUnsupported(err) {
			t.Errorf("%s: error %v does not wrap ErrUnsupported", tc.file, err)
		}
	}
}
