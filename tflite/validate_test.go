package tflite

import (
	"math"
	"testing"
)

// Each case breaks one rule in an otherwise valid model, writes it without
// validation and checks that Parse rejects it with a message naming the
// problem.
func TestParseRejectsInvalidModels(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(m *Model)
		want   string
	}{
		{"version", func(m *Model) { m.Version = 4 }, "schema version 4, want 3"},
		{"no subgraph", func(m *Model) { m.Subgraphs = nil; m.SignatureDefs = nil }, "model has no subgraph"},
		{"buffer 0 not empty", func(m *Model) { m.Buffers[0].Data = []byte{1} }, "buffer 0 must be empty"},
		{"negative builtin", func(m *Model) { m.OperatorCodes[0].Builtin = -3 }, "negative builtin code -3"},
		{"custom without code", func(m *Model) { m.OperatorCodes[1].CustomCode = "" }, "CUSTOM without a custom code"},
		{"op input range", func(m *Model) { m.Subgraphs[0].Operators[1].Inputs[1] = 7 },
			"subgraph 0: operator 1 (CONV_2D) inputs: tensor index 7 out of range (7 tensors)"},
		{"op input -2", func(m *Model) { m.Subgraphs[0].Operators[1].Inputs[2] = -2 }, "tensor index -2 out of range"},
		{"op output -1", func(m *Model) { m.Subgraphs[0].Operators[1].Outputs[0] = -1 }, "outputs: tensor index -1 out of range"},
		{"intermediate range", func(m *Model) { m.Subgraphs[0].Operators[1].Intermediates[0] = 100 }, "intermediates: tensor index 100"},
		{"subgraph input -1", func(m *Model) { m.Subgraphs[0].Inputs[0] = -1 }, "inputs: tensor index -1 out of range"},
		{"subgraph output range", func(m *Model) { m.Subgraphs[1].Outputs[0] = 1 }, "subgraph 1: outputs: tensor index 1 out of range (1 tensors)"},
		{"opcode index", func(m *Model) { m.Subgraphs[0].Operators[2].OpcodeIndex = 5 }, "operator 2: opcode index 5 out of range (5 operator codes)"},
		{"tensor buffer index", func(m *Model) { m.Subgraphs[0].Tensors[0].Buffer = 5 }, `tensor 0 ("in"): buffer 5 out of range (5 buffers)`},
		{"negative dim", func(m *Model) { m.Subgraphs[0].Tensors[5].Shape[1] = -1 }, "negative dimension in shape [1 -1 2 2]"},
		{"signature dim", func(m *Model) { m.Subgraphs[0].Tensors[0].ShapeSignature[0] = -2 }, "dimension -2 in shape signature"},
		{"signature rank", func(m *Model) { m.Subgraphs[0].Tensors[0].ShapeSignature = []int32{-1} }, "differ in rank"},
		{"data too short", func(m *Model) { m.Subgraphs[0].Tensors[1].Shape = []int32{3, 2, 2} },
			"8 bytes of data for shape [3 2 2] of INT8 (want 12×1)"},
		{"data size float16", func(m *Model) { m.Subgraphs[0].Tensors[2].Shape = []int32{4} }, "4 bytes of data for shape [4] of FLOAT16 (want 4×2)"},
		{"data size overflow", func(m *Model) { m.Subgraphs[0].Tensors[1].Shape = []int32{1 << 30, 1 << 30, 1 << 30, 1 << 30} }, "overflows"},
		{"zero points", func(m *Model) { m.Subgraphs[0].Tensors[1].Quantization.ZeroPoint = []int64{0, 0, 0} }, "2 scales but 3 zero points"},
		{"zero point without scale", func(m *Model) {
			m.Subgraphs[0].Tensors[3].Quantization = &Quantization{ZeroPoint: []int64{1}}
		}, "0 scales but 1 zero points"},
		{"per-axis dim", func(m *Model) { m.Subgraphs[0].Tensors[1].Quantization.QuantizedDimension = 3 }, "quantized dimension 3 out of range for shape [2 2 2]"},
		{"per-axis count", func(m *Model) {
			q := m.Subgraphs[0].Tensors[1].Quantization
			q.Scale, q.ZeroPoint = []float32{1, 1, 1}, nil
		}, "3 per-axis scales for dimension 0 of size 2"},
		{"negative quantized dim", func(m *Model) { m.Subgraphs[0].Tensors[3].Quantization.QuantizedDimension = -1 }, "negative quantized dimension"},
		{"zero scale", func(m *Model) { m.Subgraphs[0].Tensors[3].Quantization.Scale[0] = 0 }, "scale 0 of UINT8 tensor is not positive"},
		{"negative scale", func(m *Model) { m.Subgraphs[0].Tensors[1].Quantization.Scale[1] = -0.5 }, "scale -0.5 of INT8 tensor is not positive"},
		{"NaN scale", func(m *Model) { m.Subgraphs[0].Tensors[3].Quantization.Scale[0] = float32(math.NaN()) }, "scale NaN is not finite"},
		{"Inf scale on float", func(m *Model) {
			m.Subgraphs[0].Tensors[0].Quantization = &Quantization{Scale: []float32{float32(math.Inf(1))}}
		}, "scale +Inf is not finite"},
		{"metadata buffer", func(m *Model) { m.Metadata[0].Buffer = 9 }, `metadata 0 ("info"): buffer 9 out of range`},
		{"signature subgraph", func(m *Model) { m.SignatureDefs[1].SubgraphIndex = 2 }, `signature def 1 ("second"): subgraph 2 out of range`},
		{"signature tensor", func(m *Model) { m.SignatureDefs[1].Outputs[0].TensorIndex = 1 }, `"a" maps to tensor 1, subgraph has 1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := richModel()
			tc.mutate(m)
			_, err := Parse(rawEncode(m))
			if !containsErr(err, tc.want) {
				t.Errorf("Parse error %v, want it to contain %q", err, tc.want)
			}
			// Encode runs the same validation.
			if _, err := m.Encode(); !containsErr(err, tc.want) {
				t.Errorf("Encode error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	cases := []struct {
		name string
		edit func(m *Model)
	}{
		{"optional input", func(m *Model) { m.Subgraphs[0].Operators[0].Inputs = []int32{-1, 2} }},
		{"no buffers at all", func(m *Model) {
			m.Buffers, m.Metadata = nil, nil
			for i := range m.Subgraphs[0].Tensors {
				m.Subgraphs[0].Tensors[i].Buffer = 0
			}
		}},
		{"string tensor with data", func(m *Model) {
			m.Subgraphs[0].Tensors[6].Buffer = 3 // any size is fine for STRING
		}},
		{"int4 packed", func(m *Model) {
			m.Subgraphs[0].Tensors[1].Type = TensorInt4
			m.Subgraphs[0].Tensors[1].Shape = []int32{2, 2, 4} // 16 values in 8 bytes
		}},
		{"per-tensor quantization on higher dim", func(m *Model) {
			m.Subgraphs[0].Tensors[3].Quantization.QuantizedDimension = 9 // ignored when per-tensor
		}},
		{"zero scale on int32", func(m *Model) {
			m.Subgraphs[1].Tensors[0].Quantization = &Quantization{Scale: []float32{0}}
		}},
		{"empty shape and zero-sized tensor", func(m *Model) {
			m.Subgraphs[0].Tensors[5].Shape = []int32{0, 3}
		}},
		{"unknown tensor type", func(m *Model) { m.Subgraphs[0].Tensors[5].Type = 42 }},
		{"unknown builtin", func(m *Model) { m.OperatorCodes[2].Builtin = 4000 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := richModel()
			tc.edit(m)
			enc, err := m.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(enc); err != nil {
				t.Fatal(err)
			}
		})
	}
}
