package octet_test

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"

	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// confCase is one small graph run by octet and by LiteRT for comparison.
type confCase struct {
	name   string
	build  func() *graphtest.Builder
	lo, hi float32 // range of the random float inputs
	// ref, when set, builds the model LiteRT runs instead of build's: the
	// same computation spelled in a form LiteRT.js handles. LiteRT.js
	// returns uninitialised memory for CONV_2D with an omitted bias (-1),
	// so those cases give LiteRT an explicit zero bias.
	ref func() *graphtest.Builder
}

// weights returns n seeded pseudo-random values in [-scale, scale].
func weights(seed uint64, n int, scale float32) []float32 {
	r := rand.New(rand.NewPCG(seed, 99))
	v := make([]float32, n)
	for i := range v {
		v[i] = (2*r.Float32() - 1) * scale
	}
	return v
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// outSize is the conv/pool output extent, computed here from TFLite's
// definition of SAME (ceil(in/stride)) and VALID (floor((in-eff)/stride)+1).
func outSize(in, k, stride, dil int, pad tflite.Padding) int {
	if pad == tflite.PaddingSame {
		return (in + stride - 1) / stride
	}
	return (in-((k-1)*dil+1))/stride + 1
}

var padName = map[tflite.Padding]string{tflite.PaddingSame: "same", tflite.PaddingValid: "valid"}

func convCase(in []int, cout, k, stride, dil int, pad tflite.Padding, act tflite.ActivationFunctionType, bias bool) confCase {
	name := fmt.Sprintf("conv2d_%dx%dx%d_k%d_s%d_d%d_%s_act%d_bias%v", in[1], in[2], in[3], k, stride, dil, padName[pad], act, bias)
	mk := func(zeroBias bool) *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		wShape := []int{cout, k, k, in[3]}
		w := b.ConstF32("w", wShape, weights(uint64(prod(wShape)+k), prod(wShape), 0.5))
		bi := -1
		if bias {
			bi = b.ConstF32("b", []int{cout}, weights(7, cout, 0.3))
		} else if zeroBias {
			bi = b.ConstF32("b", []int{cout}, make([]float32, cout))
		}
		y := b.Tensor("y", tensor.Float32, in[0], outSize(in[1], k, stride, dil, pad), outSize(in[2], k, stride, dil, pad), cout)
		b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: pad, StrideW: int32(stride), StrideH: int32(stride),
			DilationW: int32(dil), DilationH: int32(dil), FusedActivation: act}, []int{x, w, bi}, y)
		b.Output(y)
		return b
	}
	c := confCase{name: name, lo: -1, hi: 1, build: func() *graphtest.Builder { return mk(false) }}
	if !bias {
		c.ref = func() *graphtest.Builder { return mk(true) }
	}
	return c
}

func depthwiseCase(in []int, mult, k, sh, sw, dil int, pad tflite.Padding, act tflite.ActivationFunctionType) confCase {
	name := fmt.Sprintf("dw_%dx%dx%d_m%d_k%d_s%dx%d_d%d_%s_act%d", in[1], in[2], in[3], mult, k, sh, sw, dil, padName[pad], act)
	return confCase{name: name, lo: -1, hi: 1, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		cout := in[3] * mult
		wShape := []int{1, k, k, cout}
		w := b.ConstF32("w", wShape, weights(uint64(3*k+mult), prod(wShape), 0.7))
		bi := b.ConstF32("b", []int{cout}, weights(11, cout, 0.2))
		y := b.Tensor("y", tensor.Float32, in[0], outSize(in[1], k, sh, dil, pad), outSize(in[2], k, sw, dil, pad), cout)
		b.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: pad, StrideW: int32(sw), StrideH: int32(sh),
			DepthMultiplier: int32(mult), DilationW: int32(dil), DilationH: int32(dil), FusedActivation: act}, []int{x, w, bi}, y)
		b.Output(y)
		return b
	}}
}

func transposeConvCase(in []int, cout, k, stride int, outHW [2]int, pad tflite.Padding, bias bool) confCase {
	name := fmt.Sprintf("transpose_conv_%dx%dx%d_k%d_s%d_to%dx%d_%s_bias%v", in[1], in[2], in[3], k, stride, outHW[0], outHW[1], padName[pad], bias)
	return confCase{name: name, lo: -1, hi: 1, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		os := b.ConstI32("output_shape", []int{4}, []int32{int32(in[0]), int32(outHW[0]), int32(outHW[1]), int32(cout)})
		wShape := []int{cout, k, k, in[3]}
		w := b.ConstF32("w", wShape, weights(uint64(5*k), prod(wShape), 0.5))
		ins := []int{os, w, x}
		if bias {
			ins = append(ins, b.ConstF32("b", []int{cout}, weights(13, cout, 0.3)))
		}
		y := b.Tensor("y", tensor.Float32, in[0], outHW[0], outHW[1], cout)
		b.Op(tflite.OpTransposeConv, &tflite.TransposeConvOptions{Padding: pad, StrideW: int32(stride), StrideH: int32(stride)}, ins, y)
		b.Output(y)
		return b
	}}
}

// convTransposeBiasCase is MediaPipe's custom op, whose options are a raw
// little-endian struct {padding (1 SAME, 2 VALID), stride_w, stride_h}.
func convTransposeBiasCase(in []int, cout, k, stride int) confCase {
	name := fmt.Sprintf("mediapipe_transpose_conv_bias_%dx%dx%d_k%d_s%d", in[1], in[2], in[3], k, stride)
	return confCase{name: name, lo: -1, hi: 1, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		wShape := []int{cout, k, k, in[3]}
		w := b.ConstF32("w", wShape, weights(17, prod(wShape), 0.5))
		bi := b.ConstF32("b", []int{cout}, weights(19, cout, 0.3))
		opts := make([]byte, 12)
		binary.LittleEndian.PutUint32(opts[0:], 1)
		binary.LittleEndian.PutUint32(opts[4:], uint32(stride))
		binary.LittleEndian.PutUint32(opts[8:], uint32(stride))
		y := b.Tensor("y", tensor.Float32, in[0], in[1]*stride, in[2]*stride, cout)
		b.Custom("Convolution2DTransposeBias", opts, []int{x, w, bi}, y)
		b.Output(y)
		return b
	}}
}

func poolCase(op tflite.BuiltinOperator, in []int, fh, fw, stride int, pad tflite.Padding, act tflite.ActivationFunctionType) confCase {
	name := fmt.Sprintf("%v_%dx%dx%d_f%dx%d_s%d_%s_act%d", op, in[1], in[2], in[3], fh, fw, stride, padName[pad], act)
	return confCase{name: name, lo: -3, hi: 3, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		y := b.Tensor("y", tensor.Float32, in[0], outSize(in[1], fh, stride, 1, pad), outSize(in[2], fw, stride, 1, pad), in[3])
		b.Op(op, &tflite.Pool2DOptions{Padding: pad, StrideW: int32(stride), StrideH: int32(stride),
			FilterWidth: int32(fw), FilterHeight: int32(fh), FusedActivation: act}, []int{x}, y)
		b.Output(y)
		return b
	}}
}

func unaryCase(op tflite.BuiltinOperator, opts tflite.Options) confCase {
	return confCase{name: fmt.Sprintf("%v", op), lo: -8, hi: 8, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, 1, 7, 9, 5)
		y := b.Tensor("y", tensor.Float32, 1, 7, 9, 5)
		b.Op(op, opts, []int{x}, y)
		b.Output(y)
		return b
	}}
}

// broadcastShape right-aligns a and c; each dimension is the larger one.
func broadcastShape(a, c []int) []int {
	n := max(len(a), len(c))
	out := make([]int, n)
	for i := range out {
		da, dc := 1, 1
		if k := i - (n - len(a)); k >= 0 {
			da = a[k]
		}
		if k := i - (n - len(c)); k >= 0 {
			dc = c[k]
		}
		out[i] = max(da, dc)
	}
	return out
}

func binaryCase(op tflite.BuiltinOperator, opts tflite.Options, a, c []int, constB bool) confCase {
	name := fmt.Sprintf("%v_%v_%v_const%v", op, a, c, constB)
	return confCase{name: name, lo: -2, hi: 2, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, a...)
		var z int
		if constB {
			z = b.ConstF32("c", c, weights(23, prod(c), 2))
		} else {
			z = b.Input("z", tensor.Float32, c...)
		}
		y := b.Tensor("y", tensor.Float32, broadcastShape(a, c)...)
		b.Op(op, opts, []int{x, z}, y)
		b.Output(y)
		return b
	}}
}

func resizeCase(in []int, oh, ow int, align, half bool) confCase {
	name := fmt.Sprintf("resize_bilinear_%dx%dx%d_to%dx%d_align%v_half%v", in[1], in[2], in[3], oh, ow, align, half)
	return confCase{name: name, lo: -5, hi: 5, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		size := b.ConstI32("size", []int{2}, []int32{int32(oh), int32(ow)})
		y := b.Tensor("y", tensor.Float32, in[0], oh, ow, in[3])
		b.Op(tflite.OpResizeBilinear, &tflite.ResizeBilinearOptions{AlignCorners: align, HalfPixelCenters: half}, []int{x, size}, y)
		b.Output(y)
		return b
	}}
}

func nearestCase(in []int, oh, ow int, align, half bool) confCase {
	name := fmt.Sprintf("resize_nearest_%dx%dx%d_to%dx%d_align%v_half%v", in[1], in[2], in[3], oh, ow, align, half)
	return confCase{name: name, lo: -5, hi: 5, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		size := b.ConstI32("size", []int{2}, []int32{int32(oh), int32(ow)})
		y := b.Tensor("y", tensor.Float32, in[0], oh, ow, in[3])
		b.Op(tflite.OpResizeNearestNeighbor, &tflite.ResizeNearestNeighborOptions{AlignCorners: align, HalfPixelCenters: half}, []int{x, size}, y)
		b.Output(y)
		return b
	}}
}

func conformanceCases() []confCase {
	same, valid := tflite.PaddingSame, tflite.PaddingValid
	none, relu, relu6 := tflite.ActivationFunctionType(0), tflite.ActivationFunctionType(1), tflite.ActivationFunctionType(3)
	cs := []confCase{
		convCase([]int{1, 8, 8, 16}, 8, 1, 1, 1, same, none, true),
		convCase([]int{1, 9, 7, 5}, 6, 3, 1, 1, same, relu, true),
		convCase([]int{1, 7, 9, 3}, 4, 3, 2, 1, same, relu6, true),
		convCase([]int{1, 8, 8, 3}, 4, 3, 2, 1, same, none, false),
		convCase([]int{1, 11, 10, 4}, 5, 5, 2, 1, valid, none, true),
		convCase([]int{1, 10, 9, 3}, 4, 3, 1, 2, same, none, true),
		convCase([]int{1, 12, 13, 2}, 3, 3, 1, 3, valid, relu, true),
		convCase([]int{2, 6, 5, 3}, 2, 3, 1, 1, same, none, true),
		depthwiseCase([]int{1, 9, 8, 8}, 1, 3, 1, 1, 1, same, none),
		depthwiseCase([]int{1, 7, 9, 6}, 1, 3, 2, 2, 1, same, relu6),
		depthwiseCase([]int{1, 8, 8, 6}, 1, 3, 2, 2, 1, same, none),
		depthwiseCase([]int{1, 11, 11, 4}, 1, 5, 2, 2, 1, same, relu),
		depthwiseCase([]int{1, 10, 10, 5}, 1, 5, 1, 1, 1, valid, none),
		depthwiseCase([]int{1, 12, 11, 5}, 1, 3, 1, 1, 2, same, none),
		depthwiseCase([]int{1, 13, 13, 3}, 1, 3, 1, 1, 3, valid, relu6),
		depthwiseCase([]int{1, 6, 6, 3}, 2, 3, 1, 1, 1, same, none),
		depthwiseCase([]int{1, 9, 7, 4}, 1, 3, 2, 1, 1, same, none),
		transposeConvCase([]int{1, 4, 4, 3}, 5, 2, 2, [2]int{8, 8}, same, true),
		transposeConvCase([]int{1, 5, 5, 3}, 2, 3, 2, [2]int{9, 9}, same, false),
		transposeConvCase([]int{1, 5, 5, 3}, 2, 3, 2, [2]int{10, 10}, same, true),
		transposeConvCase([]int{1, 4, 3, 2}, 3, 3, 2, [2]int{9, 7}, valid, false),
		poolCase(tflite.OpAveragePool2D, []int{1, 8, 8, 5}, 2, 2, 2, valid, none),
		poolCase(tflite.OpAveragePool2D, []int{1, 7, 9, 3}, 3, 3, 2, same, relu),
		poolCase(tflite.OpAveragePool2D, []int{1, 7, 5, 6}, 7, 5, 1, valid, none),
		poolCase(tflite.OpMaxPool2D, []int{1, 7, 9, 3}, 3, 3, 2, same, none),
		poolCase(tflite.OpMaxPool2D, []int{1, 8, 8, 4}, 2, 2, 2, valid, relu6),
		unaryCase(tflite.OpRelu, nil),
		unaryCase(tflite.OpRelu6, nil),
		unaryCase(tflite.OpReluN1To1, nil),
		unaryCase(tflite.OpHardSwish, nil),
		unaryCase(tflite.OpLogistic, nil),
		unaryCase(tflite.OpTanh, nil),
		unaryCase(tflite.OpLeakyRelu, &tflite.LeakyReluOptions{Alpha: 0.2}),
		binaryCase(tflite.OpAdd, &tflite.AddOptions{}, []int{1, 4, 5, 3}, []int{3}, true),
		binaryCase(tflite.OpAdd, &tflite.AddOptions{FusedActivation: relu6}, []int{1, 4, 1, 3}, []int{1, 1, 5, 1}, false),
		binaryCase(tflite.OpAdd, &tflite.AddOptions{}, []int{1, 4, 5, 3}, []int{1, 4, 5, 3}, false),
		binaryCase(tflite.OpMul, &tflite.MulOptions{}, []int{1, 4, 5, 3}, []int{1, 1, 1, 3}, true),
		binaryCase(tflite.OpMul, &tflite.MulOptions{FusedActivation: relu}, []int{2, 1, 3}, []int{4, 1}, false),
		binaryCase(tflite.OpSub, &tflite.SubOptions{}, []int{1, 4, 5, 3}, []int{1, 1, 5, 1}, false),
		binaryCase(tflite.OpMaximum, nil, []int{1, 4, 5, 3}, []int{3}, true),
		binaryCase(tflite.OpMinimum, nil, []int{2, 3, 4}, []int{2, 3, 4}, false),
		{name: "div_by_constant", lo: -3, hi: 3, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 3, 4, 5)
			d := b.ConstF32("d", []int{5}, []float32{0.5, -1.25, 2, 3.5, -0.75}) // kept away from 0
			y := b.Tensor("y", tensor.Float32, 1, 3, 4, 5)
			b.Op(tflite.OpDiv, &tflite.DivOptions{}, []int{x, d}, y)
			b.Output(y)
			return b
		}},
		{name: "squeeze_expand_dims", lo: -1, hi: 1, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 3, 1, 4)
			sq := b.Tensor("sq", tensor.Float32, 3, 4)
			b.Op(tflite.OpSqueeze, &tflite.SqueezeOptions{}, []int{x}, sq)
			ax := b.ConstI32("axis", []int{1}, []int32{-1})
			y := b.Tensor("y", tensor.Float32, 3, 4, 1)
			b.Op(tflite.OpExpandDims, nil, []int{sq, ax}, y)
			b.Output(y)
			return b
		}},
		convTransposeBiasCase([]int{1, 4, 6, 3}, 4, 2, 2),
		convTransposeBiasCase([]int{1, 2, 8, 5}, 3, 2, 2),
	}
	for _, sz := range [][3]int{{5, 7, 10}, {4, 4, 7}, {9, 7, 4}} {
		in := []int{1, sz[0], sz[1], 3}
		oh, ow := sz[2], sz[2]+sz[1]%3
		for _, m := range [][2]bool{{false, false}, {true, false}, {false, true}} {
			cs = append(cs, resizeCase(in, oh, ow, m[0], m[1]))
		}
	}
	cs = append(cs, resizeCase([]int{1, 8, 8, 16}, 16, 16, false, true)) // the 2x upsampling case
	for _, m := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		cs = append(cs, nearestCase([]int{1, 5, 7, 2}, 9, 4, m[0], m[1]))
	}
	cs = append(cs, miscCases()...)
	return cs
}

func miscCases() []confCase {
	return []confCase{
		{name: "fully_connected_bias_relu", lo: -1, hi: 1, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 2, 12)
			w := b.ConstF32("w", []int{5, 12}, weights(29, 60, 0.5))
			bi := b.ConstF32("b", []int{5}, weights(31, 5, 0.5))
			y := b.Tensor("y", tensor.Float32, 2, 5)
			b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{FusedActivation: 1}, []int{x, w, bi}, y)
			b.Output(y)
			return b
		}},
		{name: "fully_connected_keep_num_dims", lo: -1, hi: 1, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 3, 12)
			w := b.ConstF32("w", []int{4, 12}, weights(37, 48, 0.5))
			y := b.Tensor("y", tensor.Float32, 1, 3, 4)
			b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{KeepNumDims: true}, []int{x, w, -1}, y)
			b.Output(y)
			return b
		}},
		meanCase([]int32{1, 2}, true, 1, 1, 1, 6),
		meanCase([]int32{1, 2}, false, 1, 6),
		meanCase([]int32{-1}, false, 1, 5, 7),
		meanCase([]int32{2, 1, 2}, true, 1, 1, 1, 6),
		{name: "reshape_softmax", lo: -4, hi: 4, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 2, 5, 3)
			shape := b.ConstI32("shape", []int{2}, []int32{-1, 10})
			r := b.Tensor("r", tensor.Float32, 3, 10)
			b.Op(tflite.OpReshape, &tflite.ReshapeOptions{NewShape: []int32{-1, 10}}, []int{x, shape}, r)
			y := b.Tensor("y", tensor.Float32, 3, 10)
			b.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: 1}, []int{r}, y)
			b.Output(y)
			return b
		}},
		{name: "softmax_beta_half_4d", lo: -6, hi: 6, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 4, 4, 7)
			y := b.Tensor("y", tensor.Float32, 1, 4, 4, 7)
			b.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: 0.5}, []int{x}, y)
			b.Output(y)
			return b
		}},
		{name: "concatenation_axis3_and_axis1", lo: -1, hi: 1, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 3, 4, 2)
			z := b.Input("z", tensor.Float32, 1, 3, 4, 5)
			c := b.ConstF32("c", []int{1, 3, 4, 1}, weights(41, 12, 1))
			y := b.Tensor("y", tensor.Float32, 1, 3, 4, 8)
			b.Op(tflite.OpConcatenation, &tflite.ConcatenationOptions{Axis: -1}, []int{x, z, c}, y)
			y2 := b.Tensor("y2", tensor.Float32, 1, 6, 4, 8)
			b.Op(tflite.OpConcatenation, &tflite.ConcatenationOptions{Axis: 1}, []int{y, y}, y2)
			b.Output(y, y2)
			return b
		}},
		{name: "pad_odd", lo: -1, hi: 1, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 3, 5, 2)
			p := b.ConstI32("p", []int{4, 2}, []int32{0, 0, 1, 2, 0, 1, 1, 0})
			y := b.Tensor("y", tensor.Float32, 1, 6, 6, 3)
			b.Op(tflite.OpPad, nil, []int{x, p}, y)
			b.Output(y)
			return b
		}},
		{name: "dequantize_f16_weights_conv", lo: -1, hi: 1, build: func() *graphtest.Builder {
			// The MediaPipe pattern: float16 weights and bias behind DEQUANTIZE.
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 6, 6, 4)
			w16 := b.ConstF16("w16", []int{3, 3, 3, 4}, weights(43, 108, 0.5))
			b16 := b.ConstF16("b16", []int{3}, []float32{0.1, -0.2, 0.3})
			w := b.Tensor("w", tensor.Float32, 3, 3, 3, 4)
			bi := b.Tensor("b", tensor.Float32, 3)
			b.Op(tflite.OpDequantize, nil, []int{w16}, w)
			b.Op(tflite.OpDequantize, nil, []int{b16}, bi)
			y := b.Tensor("y", tensor.Float32, 1, 6, 6, 3)
			b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingSame, StrideW: 1, StrideH: 1, DilationW: 1, DilationH: 1}, []int{x, w, bi}, y)
			b.Output(y)
			return b
		}},
		{name: "quantize_int8_and_dequantize", lo: -3, hi: 3, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 4, 4, 8)
			q := b.Tensor("q", tensor.Int8, 1, 4, 4, 8)
			b.Quantize(q, 0.025, -3)
			b.Op(tflite.OpQuantize, nil, []int{x}, q)
			d := b.Tensor("d", tensor.Float32, 1, 4, 4, 8)
			b.Op(tflite.OpDequantize, nil, []int{q}, d)
			b.Output(q, d)
			return b
		}},
		{name: "dequantize_int8_per_axis_weights", lo: -1, hi: 1, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 5, 5, 3)
			q := make([]int8, 4*3*3*3)
			for i := range q {
				q[i] = int8(i*37%255 - 127)
			}
			w8 := b.ConstI8("w8", []int{4, 3, 3, 3}, q)
			b.QuantizeAxis(w8, 0, []float32{0.01, 0.02, 0.005, 0.03}, []int64{0, 0, 0, 0})
			w := b.Tensor("w", tensor.Float32, 4, 3, 3, 3)
			b.Op(tflite.OpDequantize, nil, []int{w8}, w)
			bi := b.ConstF32("b", []int{4}, []float32{0.5, 0, -0.5, 1})
			y := b.Tensor("y", tensor.Float32, 1, 3, 3, 4)
			b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingValid, StrideW: 1, StrideH: 1, DilationW: 1, DilationH: 1}, []int{x, w, bi}, y)
			b.Output(y)
			return b
		}},
	}
}

func meanCase(axes []int32, keep bool, outShape ...int) confCase {
	return confCase{name: fmt.Sprintf("mean_axes%v_keep%v", axes, keep), lo: -2, hi: 2, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, 1, 5, 7, 6)
		a := b.ConstI32("axes", []int{len(axes)}, axes)
		y := b.Tensor("y", tensor.Float32, outShape...)
		b.Op(tflite.OpMean, &tflite.ReducerOptions{KeepDims: keep}, []int{x, a}, y)
		b.Output(y)
		return b
	}}
}
