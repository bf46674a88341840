package tflite

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/octet-ml/octet/tflite/flex"
)

// Facts about the two MediaPipe selfie segmentation models, established
// independently of this package with flatc --json (flatbuffers 2.0.8) and
// TensorFlow Lite's schema.fbs, and by hexdump for the custom options.

const (
	portraitPath  = "../models/portrait/model/selfie_segmentation.tflite"
	landscapePath = "../testdata/selfie_segmentation_landscape.tflite"
)

type modelFacts struct {
	path                      string
	description               string
	tensors, ops, buffers     int
	input, output             int32
	inShape, outShape         []int32
	outName                   string
	opCounts                  map[string]int
	typeCounts                map[TensorType]int
	customIn                  []int32
	customOut                 int32
	customInShape, customWant []int32 // data input shape, output shape
}

var selfieModels = []modelFacts{
	{
		path:        portraitPath,
		description: "keras2tflite_selfiesegmentation_mlkit-256x256-2021_01_19-v1215.tflite.generated",
		tensors:     360, ops: 246, buffers: 116,
		input: 0, output: 249,
		inShape: []int32{1, 256, 256, 3}, outShape: []int32{1, 256, 256, 1}, outName: "activation_10",
		opCounts: map[string]int{"DEQUANTIZE": 110, "CONV_2D": 43, "HARD_SWISH": 11, "RELU": 22,
			"DEPTHWISE_CONV_2D": 11, "AVERAGE_POOL_2D": 10, "LOGISTIC": 11, "MUL": 10, "ADD": 14,
			"RESIZE_BILINEAR": 3, "CUSTOM": 1},
		typeCounts: map[TensorType]int{TensorFloat32: 247, TensorFloat16: 110, TensorInt32: 3},
		customIn:   []int32{245, 253, 281}, customOut: 248,
		customInShape: []int32{1, 128, 128, 16}, customWant: []int32{1, 256, 256, 1},
	},
	{
		path:        landscapePath,
		description: "keras2tflite_meet_1655.tflite.generated",
		tensors:     370, ops: 246, buffers: 126,
		input: 0, output: 259,
		inShape: []int32{1, 144, 256, 3}, outShape: []int32{1, 144, 256, 1}, outName: "segment_back",
		opCounts: map[string]int{"DEQUANTIZE": 110, "CONV_2D": 43, "HARD_SWISH": 11, "RELU": 22,
			"DEPTHWISE_CONV_2D": 11, "MEAN": 10, "LOGISTIC": 11, "MUL": 10, "ADD": 14,
			"RESIZE_BILINEAR": 3, "CUSTOM": 1},
		typeCounts: map[TensorType]int{TensorFloat32: 247, TensorFloat16: 110, TensorInt32: 13},
		customIn:   []int32{255, 303, 272}, customOut: 258,
		customInShape: []int32{1, 72, 128, 16}, customWant: []int32{1, 144, 256, 1},
	},
}

func TestSelfieModels(t *testing.T) {
	for _, f := range selfieModels {
		t.Run(f.path, func(t *testing.T) {
			data := readFile(t, f.path)
			m, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if m.Version != 3 || m.Description != f.description {
				t.Errorf("version %d description %q", m.Version, m.Description)
			}
			if len(m.Subgraphs) != 1 || len(m.Buffers) != f.buffers {
				t.Fatalf("%d subgraphs, %d buffers", len(m.Subgraphs), len(m.Buffers))
			}
			sg := &m.Subgraphs[0]
			if len(sg.Tensors) != f.tensors || len(sg.Operators) != f.ops {
				t.Errorf("%d tensors, %d operators", len(sg.Tensors), len(sg.Operators))
			}
			if !reflect.DeepEqual(sg.Inputs, []int32{f.input}) || !reflect.DeepEqual(sg.Outputs, []int32{f.output}) {
				t.Fatalf("inputs %v outputs %v", sg.Inputs, sg.Outputs)
			}
			in, out := sg.Tensors[f.input], sg.Tensors[f.output]
			if in.Name != "input_1" || in.Type != TensorFloat32 || !reflect.DeepEqual(in.Shape, f.inShape) {
				t.Errorf("input tensor %+v", in)
			}
			if out.Name != f.outName || out.Type != TensorFloat32 || !reflect.DeepEqual(out.Shape, f.outShape) {
				t.Errorf("output tensor %+v", out)
			}

			counts := map[string]int{}
			for i := range sg.Operators {
				oc, ok := m.OperatorCode(&sg.Operators[i])
				if !ok {
					t.Fatalf("operator %d: bad opcode", i)
				}
				counts[oc.Builtin.String()]++
			}
			if !reflect.DeepEqual(counts, f.opCounts) {
				t.Errorf("op counts %v\nwant %v", counts, f.opCounts)
			}
			types := map[TensorType]int{}
			for _, tn := range sg.Tensors {
				types[tn.Type]++
				if tn.Quantization != nil {
					t.Errorf("tensor %q has quantization; the float models have none", tn.Name)
				}
			}
			if !reflect.DeepEqual(types, f.typeCounts) {
				t.Errorf("tensor types %v, want %v", types, f.typeCounts)
			}
			// Opcode 10 is DEQUANTIZE version 2 and feeds float16 weights.
			if oc := m.OperatorCodes[10]; oc.Builtin != OpDequantize || oc.Version != 2 {
				t.Errorf("opcode 10 = %+v", oc)
			}
			w := sg.Tensors[1]
			if w.Name != "conv2d/Kernel" || w.Type != TensorFloat16 || !reflect.DeepEqual(w.Shape, []int32{16, 3, 3, 3}) ||
				len(m.TensorData(&w)) != 16*3*3*3*2 {
				t.Errorf("tensor 1 %+v with %d bytes", w, len(m.TensorData(&w)))
			}

			// Operator 2 is the first convolution: stride 2, SAME, no
			// activation, dilation 1 from the schema defaults.
			op2 := sg.Operators[2]
			wantConv := &Conv2DOptions{Padding: PaddingSame, StrideW: 2, StrideH: 2, DilationW: 1, DilationH: 1}
			if !reflect.DeepEqual(op2.Options, wantConv) || op2.Inputs[0] != 0 || !reflect.DeepEqual(op2.Outputs, []int32{3}) {
				t.Errorf("op 2 = %+v options %+v", op2, op2.Options)
			}
			resize := 0
			for _, op := range sg.Operators {
				if ro, ok := op.Options.(*ResizeBilinearOptions); ok {
					resize++
					if ro.AlignCorners || !ro.HalfPixelCenters {
						t.Errorf("resize options %+v, want half_pixel_centers only", ro)
					}
				}
			}
			if resize != 3 {
				t.Errorf("%d resize options", resize)
			}

			// The one custom op: MediaPipe's Convolution2DTransposeBias with
			// a raw TfLiteTransposeConvParams struct {padding=1 (SAME in the
			// C enum), stride_width=2, stride_height=2} as options.
			var custom *Operator
			for i := range sg.Operators {
				if oc, _ := m.OperatorCode(&sg.Operators[i]); oc.Builtin == OpCustom {
					custom = &sg.Operators[i]
					if oc.CustomCode != "Convolution2DTransposeBias" || oc.Version != 1 {
						t.Errorf("custom opcode %+v", oc)
					}
				}
			}
			if custom == nil {
				t.Fatal("no custom op")
			}
			wantCustom := []byte{1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0}
			if !bytes.Equal(custom.CustomOptions, wantCustom) || custom.Options != nil {
				t.Errorf("custom options % x, options %v", custom.CustomOptions, custom.Options)
			}
			// They are not FlexBuffers: read as one, the last byte (0)
			// would be the root byte width.
			if _, err := flex.Parse(custom.CustomOptions); err == nil {
				t.Error("custom options parse as a FlexBuffer")
			}
			if !reflect.DeepEqual(custom.Inputs, f.customIn) || !reflect.DeepEqual(custom.Outputs, []int32{f.customOut}) {
				t.Errorf("custom op inputs %v outputs %v", custom.Inputs, custom.Outputs)
			}
			if got := sg.Tensors[custom.Inputs[0]].Shape; !reflect.DeepEqual(got, f.customInShape) {
				t.Errorf("custom op input shape %v", got)
			}
			if got := sg.Tensors[custom.Inputs[1]].Shape; !reflect.DeepEqual(got, []int32{1, 2, 2, 16}) {
				t.Errorf("custom op weights shape %v (OHWI)", got)
			}
			if got := sg.Tensors[custom.Outputs[0]].Shape; !reflect.DeepEqual(got, f.customWant) {
				t.Errorf("custom op output shape %v", got)
			}

			// Encode/Parse keeps the model.
			enc, err := m.Encode()
			if err != nil {
				t.Fatal(err)
			}
			m2, err := Parse(enc)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, m2) {
				t.Error("model changed by Encode/Parse")
			}
		})
	}
}

// TestCustomOptionsInFile checks where the custom options sit in the
// portrait file, as found by hexdump: a 12-byte vector at 0x35010.
func TestCustomOptionsInFile(t *testing.T) {
	data := readFile(t, portraitPath)
	want := []byte{0x0c, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0}
	if !bytes.Equal(data[0x35010:0x35020], want) {
		t.Fatalf("bytes at 0x35010: % x", data[0x35010:0x35020])
	}
}
