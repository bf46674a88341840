package octet

import (
	"encoding/binary"
	"fmt"

	"github.com/octet-ml/octet/ops"
	"github.com/octet-ml/octet/tflite"
)

// opSpec says how many inputs and outputs an op takes and how to build its
// kernel from the model's options. outs < 0 means any number of outputs
// from 1 up, for ops whose kernel checks the count (SPLIT, UNPACK, ...).
type opSpec struct {
	minIn, maxIn, outs int
	build              func(op *tflite.Operator) (func() ops.Kernel, error)
}

// kernelOf wraps a kernel value: each interpreter gets its own copy.
func kernelOf[K any, PK interface {
	*K
	ops.Kernel
}](k K) func() ops.Kernel {
	return func() ops.Kernel {
		c := k
		return PK(&c)
	}
}

// options returns op's builtin options as T. A missing options table gives
// the zero T when optional is true, and an error otherwise.
func options[T tflite.Options](op *tflite.Operator, optional bool) (T, error) {
	var zero T
	if op.Options == nil {
		if optional {
			return zero, nil
		}
		return zero, fmt.Errorf("missing %T", zero)
	}
	o, ok := op.Options.(T)
	if !ok {
		return zero, fmt.Errorf("options are %T, want %T", op.Options, zero)
	}
	return o, nil
}

func act(a tflite.ActivationFunctionType) ops.Activation { return ops.Activation(a) }
func pad(p tflite.Padding) ops.Padding                   { return ops.Padding(p) }

func simple[K any, PK interface {
	*K
	ops.Kernel
}](minIn, maxIn int, k K) opSpec {
	return opSpec{minIn, maxIn, 1, func(*tflite.Operator) (func() ops.Kernel, error) {
		return kernelOf[K, PK](k), nil
	}}
}

var builtinOps = map[tflite.BuiltinOperator]opSpec{
	tflite.OpConv2D: {2, 3, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.Conv2DOptions](op, false)
		if err != nil {
			return nil, err
		}
		return kernelOf(ops.Conv2D{Padding: pad(o.Padding), StrideH: int(o.StrideH), StrideW: int(o.StrideW),
			DilationH: int(o.DilationH), DilationW: int(o.DilationW), Activation: act(o.FusedActivation)}), nil
	}},
	tflite.OpDepthwiseConv2D: {2, 3, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.DepthwiseConv2DOptions](op, false)
		if err != nil {
			return nil, err
		}
		return kernelOf(ops.DepthwiseConv2D{Padding: pad(o.Padding), StrideH: int(o.StrideH), StrideW: int(o.StrideW),
			DilationH: int(o.DilationH), DilationW: int(o.DilationW), DepthMultiplier: int(o.DepthMultiplier),
			Activation: act(o.FusedActivation)}), nil
	}},
	tflite.OpTransposeConv: {3, 4, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.TransposeConvOptions](op, false)
		if err != nil {
			return nil, err
		}
		return kernelOf(ops.TransposeConv{Padding: pad(o.Padding), StrideH: int(o.StrideH), StrideW: int(o.StrideW),
			Activation: act(o.FusedActivation)}), nil
	}},
	tflite.OpFullyConnected: {2, 3, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.FullyConnectedOptions](op, true)
		if err != nil {
			return nil, err
		}
		if o != nil && o.WeightsFormat != 0 {
			return nil, fmt.Errorf("shuffled weights format %d is not supported", o.WeightsFormat)
		}
		k := ops.FullyConnected{}
		if o != nil {
			k.Activation, k.KeepNumDims = act(o.FusedActivation), o.KeepNumDims
		}
		return kernelOf(k), nil
	}},
	tflite.OpAveragePool2D: poolSpec(func(p poolParams) ops.Kernel {
		return &ops.AveragePool2D{Padding: p.Padding, StrideH: p.StrideH, StrideW: p.StrideW, FilterH: p.FilterH, FilterW: p.FilterW, Activation: p.Activation}
	}),
	tflite.OpMaxPool2D: poolSpec(func(p poolParams) ops.Kernel {
		return &ops.MaxPool2D{Padding: p.Padding, StrideH: p.StrideH, StrideW: p.StrideW, FilterH: p.FilterH, FilterW: p.FilterW, Activation: p.Activation}
	}),
	tflite.OpMean: {2, 2, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.ReducerOptions](op, true)
		if err != nil {
			return nil, err
		}
		return kernelOf(ops.Mean{KeepDims: o != nil && o.KeepDims}), nil
	}},
	tflite.OpAdd: binarySpec(func(o *tflite.AddOptions) tflite.ActivationFunctionType { return o.FusedActivation },
		func(a ops.Activation) ops.Kernel { return &ops.Add{Activation: a} }),
	tflite.OpSub: binarySpec(func(o *tflite.SubOptions) tflite.ActivationFunctionType { return o.FusedActivation },
		func(a ops.Activation) ops.Kernel { return &ops.Sub{Activation: a} }),
	tflite.OpMul: binarySpec(func(o *tflite.MulOptions) tflite.ActivationFunctionType { return o.FusedActivation },
		func(a ops.Activation) ops.Kernel { return &ops.Mul{Activation: a} }),
	tflite.OpDiv: binarySpec(func(o *tflite.DivOptions) tflite.ActivationFunctionType { return o.FusedActivation },
		func(a ops.Activation) ops.Kernel { return &ops.Div{Activation: a} }),
	tflite.OpMaximum:    simple[ops.Maximum](2, 2, ops.Maximum{}),
	tflite.OpMinimum:    simple[ops.Minimum](2, 2, ops.Minimum{}),
	tflite.OpExpandDims: simple[ops.ExpandDims](2, 2, ops.ExpandDims{}),
	tflite.OpSqueeze: {1, 1, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.SqueezeOptions](op, true)
		if err != nil {
			return nil, err
		}
		var dims []int
		if o != nil {
			for _, d := range o.SqueezeDims {
				dims = append(dims, int(d))
			}
		}
		return func() ops.Kernel { return &ops.Squeeze{Dims: append([]int(nil), dims...)} }, nil
	}},
	tflite.OpResizeNearestNeighbor: {2, 2, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.ResizeNearestNeighborOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.ResizeNearestNeighbor{}
		if o != nil {
			k.AlignCorners, k.HalfPixelCenters = o.AlignCorners, o.HalfPixelCenters
		}
		return kernelOf(k), nil
	}},
	tflite.OpRelu:      simple[ops.Relu](1, 1, ops.Relu{}),
	tflite.OpRelu6:     simple[ops.Relu6](1, 1, ops.Relu6{}),
	tflite.OpReluN1To1: simple[ops.ReluN1To1](1, 1, ops.ReluN1To1{}),
	tflite.OpHardSwish: simple[ops.HardSwish](1, 1, ops.HardSwish{}),
	tflite.OpLogistic:  simple[ops.Logistic](1, 1, ops.Logistic{}),
	tflite.OpTanh:      simple[ops.Tanh](1, 1, ops.Tanh{}),
	tflite.OpLeakyRelu: {1, 1, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.LeakyReluOptions](op, false)
		if err != nil {
			return nil, err
		}
		return kernelOf(ops.LeakyRelu{Alpha: o.Alpha}), nil
	}},
	tflite.OpResizeBilinear: {2, 2, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.ResizeBilinearOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.ResizeBilinear{}
		if o != nil {
			k.AlignCorners, k.HalfPixelCenters = o.AlignCorners, o.HalfPixelCenters
		}
		return kernelOf(k), nil
	}},
	tflite.OpReshape: {1, 2, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.ReshapeOptions](op, true)
		if err != nil {
			return nil, err
		}
		var shape []int
		if o != nil {
			for _, d := range o.NewShape {
				shape = append(shape, int(d))
			}
		}
		return func() ops.Kernel { return &ops.Reshape{NewShape: append([]int(nil), shape...)} }, nil
	}},
	tflite.OpConcatenation: {1, 1 << 16, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.ConcatenationOptions](op, false)
		if err != nil {
			return nil, err
		}
		// TFLite's kernel rejects fused activations here (its XNNPACK
		// delegate silently drops them); octet rejects them too.
		if o.FusedActivation != 0 {
			return nil, fmt.Errorf("fused activation %v is not supported on CONCATENATION", o.FusedActivation)
		}
		return kernelOf(ops.Concatenation{Axis: int(o.Axis)}), nil
	}},
	tflite.OpPad:   simple[ops.Pad](2, 2, ops.Pad{}),
	tflite.OpPadV2: simple[ops.PadV2](2, 3, ops.PadV2{}),
	tflite.OpSoftmax: {1, 1, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.SoftmaxOptions](op, false)
		if err != nil {
			return nil, err
		}
		return kernelOf(ops.Softmax{Beta: o.Beta}), nil
	}},
	tflite.OpDequantize: simple[ops.Dequantize](1, 1, ops.Dequantize{}),
	tflite.OpQuantize:   simple[ops.Quantize](1, 1, ops.Quantize{}),

	tflite.OpSpaceToBatchND: simple[ops.SpaceToBatchND](3, 3, ops.SpaceToBatchND{}),
	tflite.OpBatchToSpaceND: simple[ops.BatchToSpaceND](3, 3, ops.BatchToSpaceND{}),
}

type poolParams struct {
	Padding                            ops.Padding
	StrideH, StrideW, FilterH, FilterW int
	Activation                         ops.Activation
}

// binarySpec builds a two-input op whose options carry only a fused
// activation (ADD, SUB, MUL, DIV); missing options mean no activation.
func binarySpec[T tflite.Options](act func(T) tflite.ActivationFunctionType, mk func(ops.Activation) ops.Kernel) opSpec {
	return opSpec{2, 2, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[T](op, true)
		if err != nil {
			return nil, err
		}
		a := ops.ActNone
		if op.Options != nil {
			a = ops.Activation(act(o))
		}
		return func() ops.Kernel { return mk(a) }, nil
	}}
}

func poolSpec(mk func(poolParams) ops.Kernel) opSpec {
	return opSpec{1, 1, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.Pool2DOptions](op, false)
		if err != nil {
			return nil, err
		}
		p := poolParams{Padding: pad(o.Padding), StrideH: int(o.StrideH), StrideW: int(o.StrideW),
			FilterH: int(o.FilterHeight), FilterW: int(o.FilterWidth), Activation: act(o.FusedActivation)}
		return func() ops.Kernel { return mk(p) }, nil
	}}
}

// customOps are the custom ops octet implements, by custom code.
var customOps = map[string]opSpec{
	// MediaPipe's transposed convolution with bias. Its custom options are
	// not a flexbuffer but a raw little-endian C struct
	// TfLiteTransposeConvParams{padding, stride_width, stride_height int32},
	// where padding uses TfLitePadding: 1 = SAME, 2 = VALID.
	"Convolution2DTransposeBias": {3, 3, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		b := op.CustomOptions
		if len(b) < 12 {
			return nil, fmt.Errorf("custom options have %d bytes, want 12 (padding, stride_width, stride_height)", len(b))
		}
		p := int32(binary.LittleEndian.Uint32(b[0:]))
		k := ops.Conv2DTransposeBias{
			StrideW: int(int32(binary.LittleEndian.Uint32(b[4:]))),
			StrideH: int(int32(binary.LittleEndian.Uint32(b[8:]))),
		}
		switch p {
		case 1:
			k.Padding = ops.PaddingSame
		case 2:
			k.Padding = ops.PaddingValid
		default:
			return nil, fmt.Errorf("unknown padding %d in custom options", p)
		}
		if k.StrideW <= 0 || k.StrideH <= 0 {
			return nil, fmt.Errorf("invalid strides %dx%d in custom options", k.StrideH, k.StrideW)
		}
		return kernelOf(k), nil
	}},
}

// resolve finds the kernel for an op and checks its input and output counts.
func resolve(code tflite.OperatorCode, op *tflite.Operator) (func() ops.Kernel, error) {
	var spec opSpec
	var ok bool
	if code.Builtin == tflite.OpCustom {
		spec, ok = customOps[code.CustomCode]
		if !ok {
			return nil, fmt.Errorf("unsupported custom op %q", code.CustomCode)
		}
	} else {
		spec, ok = builtinOps[code.Builtin]
		if !ok {
			return nil, fmt.Errorf("unsupported op %v", code.Builtin)
		}
	}
	if n := len(op.Inputs); n < spec.minIn || n > spec.maxIn {
		if spec.minIn == spec.maxIn {
			return nil, fmt.Errorf("has %d inputs, want %d", n, spec.minIn)
		}
		return nil, fmt.Errorf("has %d inputs, want %d to %d", n, spec.minIn, spec.maxIn)
	}
	if n := len(op.Outputs); spec.outs < 0 && n < 1 {
		return nil, fmt.Errorf("has no outputs")
	} else if spec.outs >= 0 && n != spec.outs {
		return nil, fmt.Errorf("has %d outputs, want %d", n, spec.outs)
	}
	for i := 0; i < spec.minIn; i++ {
		if op.Inputs[i] < 0 {
			return nil, fmt.Errorf("required input %d is missing", i)
		}
	}
	return spec.build(op)
}
