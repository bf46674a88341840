// Package xnnpack compares octet's int8 kernels with native XNNPACK, the
// CPU library behind LiteRT, on the same shapes, data and quantization.
//
// This file is pure Go and always builds: it defines the comparison cases
// (shapes, deterministic data, quantization parameters) and prepares
// octet's kernels for them, so that bench/kernels_test.go can time octet
// alone without cgo. The XNNPACK side (xnnpack.go, xnn_helper.c) is compiled
// only with the xnnpack build tag and cgo, after scripts/install-xnnpack.sh:
//
//	go test -tags xnnpack -bench . ./bench/xnnpack/
//
// See docs/performance.md.
package xnnpack

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/octet-ml/octet/ops"
	"github.com/octet-ml/octet/tensor"
)

// ConvSpec describes an int8 convolution case: CONV_2D, or DEPTHWISE_CONV_2D
// with a depth multiplier of 1 when Depthwise is set (then OutC must equal
// InC).
type ConvSpec struct {
	Name       string
	Depthwise  bool
	N, H, W    int
	InC, OutC  int
	KH, KW     int
	Stride     int
	Padding    ops.Padding
	Act        ops.Activation // ActNone, ActRelu or ActRelu6
	PerChannel bool           // per-output-channel weight scales (XNNPACK qc8) or one scale (qs8)
	Seed       uint64
}

// ResizeSpec describes an int8 RESIZE_BILINEAR case.
type ResizeSpec struct {
	Name                           string
	N, H, W, C                     int
	OutH, OutW                     int
	AlignCorners, HalfPixelCenters bool
	Seed                           uint64
}

// The kernels the benchmarks time: shapes of the portrait models' hot ops.
var (
	// DWConv3x3 is a 3x3 depthwise convolution, stride 1, SAME, on
	// 1x80x80x32, per-channel weights, fused RELU.
	DWConv3x3 = ConvSpec{Name: "DWConv3x3", Depthwise: true, N: 1, H: 80, W: 80, InC: 32, OutC: 32,
		KH: 3, KW: 3, Stride: 1, Padding: ops.PaddingSame, Act: ops.ActRelu, PerChannel: true, Seed: 1}
	// Conv1x1 is a pointwise convolution 32 -> 64 channels on 80x80,
	// per-channel weights.
	Conv1x1 = ConvSpec{Name: "Conv1x1", N: 1, H: 80, W: 80, InC: 32, OutC: 64,
		KH: 1, KW: 1, Stride: 1, Padding: ops.PaddingSame, Act: ops.ActNone, PerChannel: true, Seed: 2}
	// Resize2x is a half-pixel bilinear resize of 1x80x80x32 to 160x160.
	Resize2x = ResizeSpec{Name: "ResizeBilinear2x", N: 1, H: 80, W: 80, C: 32, OutH: 160, OutW: 160,
		HalfPixelCenters: true, Seed: 3}
)

// OracleConvs and OracleResizes are further cases for the bit-exactness
// test only: per-tensor weights, strides, asymmetric SAME padding, VALID,
// RELU6, odd channel counts and the other coordinate modes.
var (
	OracleConvs = []ConvSpec{
		DWConv3x3,
		Conv1x1,
		{Name: "DWConv3x3PerTensor", Depthwise: true, N: 1, H: 20, W: 24, InC: 24, OutC: 24,
			KH: 3, KW: 3, Stride: 1, Padding: ops.PaddingSame, Act: ops.ActNone, Seed: 11},
		{Name: "DWConv3x3Stride2", Depthwise: true, N: 1, H: 21, W: 20, InC: 19, OutC: 19,
			KH: 3, KW: 3, Stride: 2, Padding: ops.PaddingSame, Act: ops.ActRelu6, PerChannel: true, Seed: 12},
		{Name: "DWConv5x5Valid", Depthwise: true, N: 2, H: 13, W: 11, InC: 40, OutC: 40,
			KH: 5, KW: 5, Stride: 1, Padding: ops.PaddingValid, Act: ops.ActNone, PerChannel: true, Seed: 13},
		{Name: "Conv3x3Stride2", N: 1, H: 33, W: 32, InC: 3, OutC: 16,
			KH: 3, KW: 3, Stride: 2, Padding: ops.PaddingSame, Act: ops.ActRelu6, PerChannel: true, Seed: 14},
		{Name: "Conv1x1PerTensor", N: 1, H: 9, W: 7, InC: 17, OutC: 23,
			KH: 1, KW: 1, Stride: 1, Padding: ops.PaddingValid, Act: ops.ActRelu, Seed: 15},
		{Name: "Conv3x3", N: 1, H: 16, W: 16, InC: 24, OutC: 8,
			KH: 3, KW: 3, Stride: 1, Padding: ops.PaddingSame, Act: ops.ActNone, PerChannel: true, Seed: 16},
	}
	OracleResizes = []ResizeSpec{
		Resize2x,
		{Name: "ResizeHalfPixel", N: 1, H: 10, W: 13, C: 5, OutH: 23, OutW: 17, HalfPixelCenters: true, Seed: 21},
		{Name: "ResizeAlignCorners", N: 2, H: 9, W: 7, C: 3, OutH: 20, OutW: 15, AlignCorners: true, Seed: 22},
		{Name: "ResizeLegacy", N: 1, H: 8, W: 8, C: 16, OutH: 16, OutW: 16, Seed: 23},
		{Name: "ResizeLegacyOdd", N: 1, H: 7, W: 5, C: 6, OutH: 12, OutW: 11, Seed: 24},
	}
)

// ConvCase is a ConvSpec with its data and quantization, and octet's kernel
// prepared on it.
type ConvCase struct {
	Spec       ConvSpec
	OutH, OutW int
	// Explicit padding, as TFLite computes it for Spec.Padding.
	PadTop, PadLeft, PadBottom, PadRight int

	InScale  float32
	InZP     int8
	WScales  []float32 // one per output channel, or one for per-tensor weights
	Weights  []int8    // TFLite layout: [OutC,KH,KW,InC], or [1,KH,KW,C] for depthwise
	Bias     []int32
	OutScale float32
	OutZP    int8
	// OutMin and OutMax are the fused activation's int8 clamp, as LiteRT's
	// XNNPACK delegate passes it to XNNPACK (xnn_qs8_quantize of the float
	// bounds).
	OutMin, OutMax int8

	Kernel ops.Kernel
	In     []*tensor.Tensor // input, filter, bias
	Out    *tensor.Tensor
	outs   []*tensor.Tensor // {Out}, so that Eval does not allocate
}

// ResizeCase is a ResizeSpec with its data and octet's kernel prepared on it.
type ResizeCase struct {
	Spec   ResizeSpec
	Kernel ops.Kernel
	In     []*tensor.Tensor // input, size
	Out    *tensor.Tensor
	outs   []*tensor.Tensor
}

// Input returns the case's int8 input data.
func (c *ConvCase) Input() []int8 { return c.In[0].I8() }

// Input returns the case's int8 input data.
func (c *ResizeCase) Input() []int8 { return c.In[0].I8() }

// Eval runs octet's kernel once.
func (c *ConvCase) Eval() error { return c.Kernel.Eval(c.In, c.outs) }

// Eval runs octet's kernel once.
func (c *ResizeCase) Eval() error { return c.Kernel.Eval(c.In, c.outs) }

// MACs returns the multiply-accumulates of one evaluation.
func (c *ConvCase) MACs() int64 {
	s := c.Spec
	k := int64(s.KH * s.KW)
	if !s.Depthwise {
		k *= int64(s.InC)
	}
	return int64(s.N*c.OutH*c.OutW*s.OutC) * k
}

// outSize is TFLite's output extent and padding (before, after) of one axis.
func outSize(p ops.Padding, in, k, stride int) (out, before, after int) {
	if p == ops.PaddingSame {
		out = (in + stride - 1) / stride
	} else {
		out = (in - k + stride) / stride
	}
	total := max((out-1)*stride+k-in, 0)
	return out, total / 2, total - total/2
}

// xnnQuantize is xnn_qs8_quantize: lrintf(clamp(v/scale + zp, -128, 127))
// in float32. LiteRT's delegate hands XNNPACK the fused activation's float
// bounds and XNNPACK's subgraph quantizes them with it.
func xnnQuantize(v, scale float32, zp int8) int8 {
	f := float32(float32(v/scale) + float32(zp))
	f = min(max(f, -128), 127)
	return int8(math.RoundToEven(float64(f)))
}

func randI8(rng *rand.Rand, n, lo, hi int) []int8 {
	v := make([]int8, n)
	for i := range v {
		v[i] = int8(lo + rng.IntN(hi-lo+1))
	}
	return v
}

// NewConvCase builds the data of s and prepares octet's kernel (in its
// default quant.FloatRoundEven mode) on it.
func NewConvCase(s ConvSpec) (*ConvCase, error) {
	if s.Depthwise && s.InC != s.OutC {
		return nil, fmt.Errorf("%s: depthwise cases need OutC == InC", s.Name)
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x6f63746574))
	c := &ConvCase{Spec: s}
	var padH, padW [2]int
	c.OutH, padH[0], padH[1] = outSize(s.Padding, s.H, s.KH, s.Stride)
	c.OutW, padW[0], padW[1] = outSize(s.Padding, s.W, s.KW, s.Stride)
	if c.OutH <= 0 || c.OutW <= 0 {
		return nil, fmt.Errorf("%s: empty output", s.Name)
	}
	c.PadTop, c.PadBottom, c.PadLeft, c.PadRight = padH[0], padH[1], padW[0], padW[1]

	// Scales that keep the outputs spread over the int8 range: the
	// accumulator of uniform data has a standard deviation of about
	// 74*74*sqrt(taps); aim for an output standard deviation near 40.
	taps := s.KH * s.KW
	if !s.Depthwise {
		taps *= s.InC
	}
	c.InScale = 0.02 + 0.01*rng.Float32()
	c.InZP = int8(rng.IntN(21) - 10)
	nScales := 1
	if s.PerChannel {
		nScales = s.OutC
	}
	c.WScales = make([]float32, nScales)
	for i := range c.WScales {
		c.WScales[i] = 0.002 * (1 + 2*rng.Float32())
	}
	accStd := 74 * 74 * math.Sqrt(float64(taps))
	c.OutScale = float32(float64(c.InScale) * 0.004 * accStd / 40)
	c.OutZP = int8(rng.IntN(41) - 20)
	lo, hi, ok := s.Act.Range()
	if !ok {
		return nil, fmt.Errorf("%s: activation %v is not a clamp", s.Name, s.Act)
	}
	c.OutMin, c.OutMax = xnnQuantize(lo, c.OutScale, c.OutZP), xnnQuantize(hi, c.OutScale, c.OutZP)

	in := tensor.New(tensor.Int8, tensor.Shape{s.N, s.H, s.W, s.InC})
	in.Name = "input"
	in.Quant = &tensor.Quantization{Scale: []float32{c.InScale}, ZeroPoint: []int64{int64(c.InZP)}}
	copy(in.I8(), randI8(rng, in.NumElements(), -128, 127))

	var fshape tensor.Shape
	axis := 0
	if s.Depthwise {
		fshape, axis = tensor.Shape{1, s.KH, s.KW, s.OutC}, 3
	} else {
		fshape = tensor.Shape{s.OutC, s.KH, s.KW, s.InC}
	}
	f := tensor.New(tensor.Int8, fshape)
	f.Name, f.Const = "filter", true
	c.Weights = randI8(rng, f.NumElements(), -127, 127)
	copy(f.I8(), c.Weights)
	f.Quant = &tensor.Quantization{Scale: c.WScales, ZeroPoint: make([]int64, nScales), Axis: axis}

	b := tensor.New(tensor.Int32, tensor.Shape{s.OutC})
	b.Name, b.Const = "bias", true
	c.Bias = make([]int32, s.OutC)
	bscales := make([]float32, nScales)
	for i := range c.Bias {
		c.Bias[i] = int32(rng.IntN(40001) - 20000)
	}
	for i := range bscales {
		bscales[i] = c.InScale * c.WScales[i]
	}
	copy(b.I32(), c.Bias)
	b.Quant = &tensor.Quantization{Scale: bscales, ZeroPoint: make([]int64, nScales)}

	out := &tensor.Tensor{Name: "output", DType: tensor.Int8,
		Quant: &tensor.Quantization{Scale: []float32{c.OutScale}, ZeroPoint: []int64{int64(c.OutZP)}}}
	if s.Depthwise {
		c.Kernel = &ops.DepthwiseConv2D{Padding: s.Padding, StrideH: s.Stride, StrideW: s.Stride,
			DilationH: 1, DilationW: 1, DepthMultiplier: 1, Activation: s.Act}
	} else {
		c.Kernel = &ops.Conv2D{Padding: s.Padding, StrideH: s.Stride, StrideW: s.Stride,
			DilationH: 1, DilationW: 1, Activation: s.Act}
	}
	c.In = []*tensor.Tensor{in, f, b}
	if err := c.Kernel.Prepare(c.In, []*tensor.Tensor{out}); err != nil {
		return nil, fmt.Errorf("%s: octet Prepare: %w", s.Name, err)
	}
	if want := (tensor.Shape{s.N, c.OutH, c.OutW, s.OutC}); !out.Shape.Equal(want) {
		return nil, fmt.Errorf("%s: octet output shape %v, want %v", s.Name, out.Shape, want)
	}
	out.Data = tensor.AlignedBytes(out.ByteSize())
	c.Out, c.outs = out, []*tensor.Tensor{out}
	return c, nil
}

// NewResizeCase builds the data of s and prepares octet's kernel on it.
func NewResizeCase(s ResizeSpec) (*ResizeCase, error) {
	rng := rand.New(rand.NewPCG(s.Seed, 0x6f63746574))
	q := &tensor.Quantization{Scale: []float32{0.05}, ZeroPoint: []int64{-7}}
	in := tensor.New(tensor.Int8, tensor.Shape{s.N, s.H, s.W, s.C})
	in.Name, in.Quant = "input", q
	copy(in.I8(), randI8(rng, in.NumElements(), -128, 127))
	size := tensor.New(tensor.Int32, tensor.Shape{2})
	size.Name, size.Const = "size", true
	size.I32()[0], size.I32()[1] = int32(s.OutH), int32(s.OutW)
	out := &tensor.Tensor{Name: "output", DType: tensor.Int8, Quant: q.Clone()}
	k := &ops.ResizeBilinear{AlignCorners: s.AlignCorners, HalfPixelCenters: s.HalfPixelCenters}
	c := &ResizeCase{Spec: s, Kernel: k, In: []*tensor.Tensor{in, size}}
	if err := k.Prepare(c.In, []*tensor.Tensor{out}); err != nil {
		return nil, fmt.Errorf("%s: octet Prepare: %w", s.Name, err)
	}
	out.Data = tensor.AlignedBytes(out.ByteSize())
	c.Out, c.outs = out, []*tensor.Tensor{out}
	return c, nil
}
