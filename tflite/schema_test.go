package tflite

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestBuiltinOperatorCodes(t *testing.T) {
	// Values from schema.fbs.
	for _, tc := range []struct {
		op   BuiltinOperator
		code int32
		name string
	}{
		{OpAdd, 0, "ADD"},
		{OpAveragePool2D, 1, "AVERAGE_POOL_2D"},
		{OpConv2D, 3, "CONV_2D"},
		{OpDepthwiseConv2D, 4, "DEPTHWISE_CONV_2D"},
		{OpDepthToSpace, 5, "DEPTH_TO_SPACE"},
		{OpDequantize, 6, "DEQUANTIZE"},
		{OpLogistic, 14, "LOGISTIC"},
		{OpReluN1To1, 20, "RELU_N1_TO_1"},
		{OpResizeBilinear, 23, "RESIZE_BILINEAR"},
		{OpCustom, 32, "CUSTOM"},
		{OpMean, 40, "MEAN"},
		{OpTopKV2, 48, "TOPK_V2"},
		{OpPadV2, 60, "PADV2"},
		{OpTransposeConv, 67, "TRANSPOSE_CONV"},
		{OpQuantize, 114, "QUANTIZE"},
		{OpHardSwish, 117, "HARD_SWISH"},
		{OpBatchMatMul, 126, "BATCH_MATMUL"},
		{OpPlaceholderForGreaterOpCodes, 127, "PLACEHOLDER_FOR_GREATER_OP_CODES"},
		{OpGelu, 150, "GELU"},
		{OpRelu0To1, 152, "RELU_0_TO_1"},
		{OpStablehloComposite, 206, "STABLEHLO_COMPOSITE"},
		{OpStablehloCase, 209, "STABLEHLO_CASE"},
	} {
		if int32(tc.op) != tc.code || tc.op.String() != tc.name {
			t.Errorf("%s: code %d name %q, want %d", tc.name, int32(tc.op), tc.op.String(), tc.code)
		}
	}
	if got := BuiltinOperator(210).String(); got != "BuiltinOperator(210)" {
		t.Errorf("unknown op: %q", got)
	}
	if got := BuiltinOperator(-1).String(); got != "BuiltinOperator(-1)" {
		t.Errorf("negative op: %q", got)
	}
	seen := map[string]bool{}
	for i, name := range builtinOperatorNames {
		if name == "" || seen[name] {
			t.Errorf("operator %d: name %q empty or repeated", i, name)
		}
		seen[name] = true
	}
	if len(builtinOperatorNames) != 210 {
		t.Errorf("%d operator names, want 210 (0..209)", len(builtinOperatorNames))
	}
}

func TestOptionsTags(t *testing.T) {
	for _, tc := range []struct {
		typ  BuiltinOptionsType
		tag  uint8
		name string
	}{
		{BuiltinOptionsNone, 0, "NONE"},
		{BuiltinOptionsConv2DOptions, 1, "Conv2DOptions"},
		{BuiltinOptionsPool2DOptions, 5, "Pool2DOptions"},
		{BuiltinOptionsAddOptions, 11, "AddOptions"},
		{BuiltinOptionsReshapeOptions, 17, "ReshapeOptions"},
		{BuiltinOptionsDequantizeOptions, 38, "DequantizeOptions"},
		{BuiltinOptionsTransposeConvOptions, 49, "TransposeConvOptions"},
		{BuiltinOptionsHardSwishOptions, 91, "HardSwishOptions"},
		{BuiltinOptionsUnsortedSegmentMinOptions, 120, "UnsortedSegmentMinOptions"},
		{BuiltinOptionsRightShiftOptions, 126, "RightShiftOptions"},
	} {
		if uint8(tc.typ) != tc.tag || tc.typ.String() != tc.name {
			t.Errorf("%s: tag %d name %q", tc.name, uint8(tc.typ), tc.typ.String())
		}
	}
	if newOptions(127) != nil || newOptions(0) != nil {
		t.Error("options for tags outside the union")
	}
	var o Options = &Conv2DOptions{}
	if o.OptionsType() != BuiltinOptionsConv2DOptions {
		t.Error("Conv2DOptions tag")
	}
}

func TestTensorTypes(t *testing.T) {
	pairs := []struct {
		tt TensorType
		dt tensor.DType
	}{
		{TensorFloat32, tensor.Float32}, {TensorFloat16, tensor.Float16}, {TensorInt8, tensor.Int8},
		{TensorUint8, tensor.Uint8}, {TensorInt16, tensor.Int16}, {TensorInt32, tensor.Int32},
		{TensorInt64, tensor.Int64}, {TensorBool, tensor.Bool},
	}
	for _, p := range pairs {
		if dt, ok := p.tt.DType(); !ok || dt != p.dt {
			t.Errorf("%v.DType() = %v, %v", p.tt, dt, ok)
		}
		if tt := TensorTypeOf(p.dt); tt != p.tt {
			t.Errorf("TensorTypeOf(%v) = %v", p.dt, tt)
		}
		if p.tt.elemSize() != p.dt.Size() {
			t.Errorf("%v: element size %d, tensor says %d", p.tt, p.tt.elemSize(), p.dt.Size())
		}
	}
	for _, tt := range []TensorType{TensorString, TensorComplex64, TensorFloat64, TensorInt4, TensorBfloat16, 77} {
		if _, ok := tt.DType(); ok {
			t.Errorf("%v maps to a DType", tt)
		}
	}
	if TensorTypeOf(tensor.Invalid) != TensorInvalid {
		t.Error("TensorTypeOf(Invalid)")
	}
	// Values from schema.fbs.
	if TensorInt8 != 9 || TensorFloat16 != 1 || TensorBfloat16 != 18 || TensorString.String() != "STRING" {
		t.Error("tensor type values")
	}
	if PaddingValid.String() != "VALID" || ActRelu6.String() != "RELU6" || ActRelu6 != 3 {
		t.Error("enum names")
	}
}

func TestQuantizationToTensor(t *testing.T) {
	q := &Quantization{Scale: []float32{0.5, 0.25}, ZeroPoint: []int64{1, 2}, QuantizedDimension: 3}
	tq := q.ToTensor()
	if tq.Axis != 3 || !tq.PerAxis() {
		t.Fatalf("%+v", tq)
	}
	if s, z := tq.Params(1); s != 0.25 || z != 2 {
		t.Errorf("params %v %v", s, z)
	}
	q.Scale[0] = 9 // the copy must not alias q
	if s, _ := tq.Params(0); s != 0.5 {
		t.Error("ToTensor aliases the scales")
	}
	if (&Quantization{Min: []float32{0}}).ToTensor() != nil || (*Quantization)(nil).ToTensor() != nil {
		t.Error("ToTensor without scales")
	}
}
