package portrait

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// ReferenceSeed is the seed of the reference network committed as
// testdata/refnet_160.tflite.
const ReferenceSeed = 1

// ReferenceSize is the input height and width of the reference network.
const ReferenceSize = 160

// BuildReference builds octet's reference portrait-segmentation network, a
// float32 .tflite model that follows the reference design: a fast,
// fully-convolutional segmenter made of MobileNetV2 inverted-residual
// blocks, atrous depthwise convolutions and a DeepLab v3 style Atrous
// Spatial Pyramid Pooling head. Its weights are seeded pseudo-random, so it
// is a stand-in with the structure, shapes, op mix and activation
// statistics of the real thing (for kernels, quantization and benchmarks),
// not a trained model: its masks mean nothing.
//
// Input "image" [1,160,160,3], RGB in [0,1] (see Preprocess). Output
// "segmentation" [1,160,160,2], a softmax over (background, person) per
// pixel; New accepts the model (channel 1 is the person).
//
// Layers (t = expansion factor; every convolution is SAME-padded; ReLU6
// after every batchnormed convolution except the 1x1 projections of the
// inverted-residual blocks, which are linear):
//
//	#   layer                                             output
//	    image                                             160x160x3
//	1   conv 3x3 stride 2 + BN + ReLU6                    80x80x16
//	2   IR t=1: dw 3x3, 1x1 -> 16, + residual             80x80x16   (decoder skip)
//	3   IR t=4 stride 2: 1x1 -> 64, dw 3x3 s2, 1x1 -> 24  40x40x24
//	4   IR t=4: 1x1 -> 96, dw 3x3, 1x1 -> 24, + residual  40x40x24
//	5   IR t=4: 1x1 -> 96, dw 3x3 rate 2, 1x1 -> 32       40x40x32
//	6   IR t=4: 1x1 -> 128, dw 3x3 rate 2, 1x1 -> 32, +   40x40x32
//	7   IR t=4: 1x1 -> 128, dw 3x3 rate 4, 1x1 -> 48      40x40x48
//	8   IR t=4: 1x1 -> 192, dw 3x3 rate 4, 1x1 -> 48, +   40x40x48
//	    ASPP on 40x40x48, five branches of 32 channels:
//	9a    1x1 conv                                        40x40x32
//	9b-d  dw 3x3 rate 2, 4, 6 + BN + ReLU6, 1x1 conv      40x40x32 each
//	9e    MEAN over H,W -> 1x1 conv + bias + ReLU6 ->
//	      RESIZE_BILINEAR back                            40x40x32
//	10    CONCATENATION, 1x1 conv                         40x40x32
//	11  RESIZE_BILINEAR 2x (half-pixel centers)           80x80x32
//	12  CONCATENATION with layer 2                        80x80x48
//	13  dw 3x3, 1x1 conv -> 16                            80x80x16
//	14  RESIZE_BILINEAR 2x (half-pixel centers)           160x160x16
//	15  1x1 conv -> 2 + bias (logits), SOFTMAX            160x160x2
//
// It follows the design rules: downsampling early (a strided first conv and
// a strided block: output stride 4), every height and width a multiple of 8
// (the network stays at 40x40 and grows its receptive field with atrous
// rates 2, 4 and 6 instead of downsampling to 20x20), channel counts
// multiples of 8 or 16, strided convolutions instead of pooling, resize
// instead of transposed convolutions, and 2x bilinear upsampling steps back
// to full resolution. 128 M multiply-adds (octet inspect).
//
// Weights: He-uniform, U(-sqrt(6/fan_in), sqrt(6/fan_in)), for every
// convolution. Each batchnorm gets gamma ~ U(0.5, 1.5), beta ~ N(0, 0.1)
// (Irwin-Hall approximation) and eps 1e-3; its running mean and variance are
// the per-channel statistics of the convolution's actual outputs when the
// network built so far runs on three synthetic portrait-like images (in
// float64). The batchnorms are folded into the convolutions
// (quant.BatchNorm.ScaleShift and quant.FoldScaleShift), so the file holds
// plain convolutions with biases and fused activations, and atrous layers
// are DEPTHWISE_CONV_2D with dilation.
// The pooling branch has a bias instead of a batchnorm (its statistics
// would come from only three samples), as has the logits layer.
//
// The same seed always gives the same bytes, on every platform: only
// math/rand/v2's PCG, integer arithmetic, correctly rounded IEEE 754
// operations (never fused into FMAs: every product feeding a sum is
// explicitly rounded) and math.Sqrt are used. TestReferenceGolden checks
// this on each architecture the tests run on.
func BuildReference(seed int64) ([]byte, error) { return buildReference(seed, false) }

// BuildReferenceTF18 builds the network of BuildReference (same seed, same
// weights before folding) in the form TensorFlow <= 1.8 exported it: each
// batchnorm stays a MUL and an ADD (with the ReLU6 fused into the ADD)
// after a convolution with a zero bias, and each atrous depthwise
// convolution is SPACE_TO_BATCH_ND -> DEPTHWISE_CONV_2D -> BATCH_TO_SPACE_ND
// with paddings and crops made as tf.nn.with_space_to_batch makes them, so
// that its batchnorm lands after BATCH_TO_SPACE_ND. package transform turns
// it back into (numerically almost) the model of BuildReference.
func BuildReferenceTF18(seed int64) ([]byte, error) { return buildReference(seed, true) }

// refCalibImages is the number of synthetic images the batchnorm statistics
// are taken on.
const refCalibImages = 3

// refEps is the batchnorm epsilon.
const refEps = 1e-3

func buildReference(seed int64, tf18 bool) ([]byte, error) {
	rb := &refBuilder{
		g:    graphtest.New(),
		r:    rand.New(rand.NewPCG(uint64(seed), 0x0c7e7)),
		tf18: tf18,
	}
	form := "folded"
	if tf18 {
		form = "TF 1.8 form"
	}
	rb.g.Model().Description = fmt.Sprintf("octet reference portrait segmentation network, seed %d, %s", seed, form)
	const s = ReferenceSize
	x := fmap{id: rb.g.Input("image", tensor.Float32, 1, s, s, 3), h: s, w: s, c: 3,
		v: syntheticPortraits(seed, refCalibImages, s)}

	// Encoder.
	x = rb.convBN("stem", x, 16, 3, 2, 1, false, true)
	x = rb.invertedResidual("block2", x, 1, 16, 1, 1)
	skip := x
	x = rb.invertedResidual("block3", x, 4, 24, 2, 1)
	x = rb.invertedResidual("block4", x, 4, 24, 1, 1)
	x = rb.invertedResidual("block5", x, 4, 32, 1, 2)
	x = rb.invertedResidual("block6", x, 4, 32, 1, 2)
	x = rb.invertedResidual("block7", x, 4, 48, 1, 4)
	x = rb.invertedResidual("block8", x, 4, 48, 1, 4)

	// ASPP.
	const ac = 32
	branches := []fmap{rb.convBN("aspp/1x1", x, ac, 1, 1, 1, false, true)}
	for _, rate := range []int{2, 4, 6} {
		name := fmt.Sprintf("aspp/rate%d", rate)
		d := rb.convBN(name+"/depthwise", x, x.c, 3, 1, rate, true, true)
		branches = append(branches, rb.convBN(name+"/pointwise", d, ac, 1, 1, 1, false, true))
	}
	p := rb.mean("aspp/pool/mean", x)
	p = rb.convBias("aspp/pool/conv", p, ac, true)
	branches = append(branches, rb.resize("aspp/pool/resize", p, x.h, x.w, false))
	x = rb.concat("aspp/concat", branches...)
	x = rb.convBN("aspp/project", x, ac, 1, 1, 1, false, true)

	// Decoder.
	x = rb.resize("decoder/upsample1", x, 2*x.h, 2*x.w, true)
	x = rb.concat("decoder/concat", x, skip)
	x = rb.convBN("decoder/depthwise", x, x.c, 3, 1, 1, true, true)
	x = rb.convBN("decoder/pointwise", x, 16, 1, 1, 1, false, true)
	x = rb.resize("decoder/upsample2", x, 2*x.h, 2*x.w, true)
	x = rb.convBias("logits", x, 2, false)
	y := rb.g.Tensor("segmentation", tensor.Float32, 1, x.h, x.w, 2)
	rb.g.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: 1}, []int{x.id}, y)
	rb.g.Output(y)
	if rb.err != nil {
		return nil, fmt.Errorf("portrait: reference network: %w", rb.err)
	}
	data, err := rb.g.Bytes()
	if err != nil {
		return nil, fmt.Errorf("portrait: reference network: %w", err)
	}
	return data, nil
}

// fmap is a feature map: its graph tensor and its float64 values on each
// calibration image (NHWC, batch 1).
type fmap struct {
	id      int
	h, w, c int
	v       [][]float64
}

type refBuilder struct {
	g    *graphtest.Builder
	r    *rand.Rand
	tf18 bool
	err  error
}

// heUniform returns n He-uniform weights for the given fan-in.
func (rb *refBuilder) heUniform(n, fanIn int) []float32 {
	a := math.Sqrt(6 / float64(fanIn))
	w := make([]float32, n)
	for i := range w {
		w[i] = float32(a * (2*rb.r.Float64() - 1))
	}
	return w
}

// normal returns an approximately standard normal value (Irwin-Hall: the
// sum of 12 uniforms minus 6), from additions only.
func (rb *refBuilder) normal() float64 {
	s := 0.0
	for range 12 {
		s += rb.r.Float64()
	}
	return s - 6
}

func (rb *refBuilder) invertedResidual(name string, x fmap, t, cout, stride, rate int) fmap {
	in := x
	if t != 1 {
		x = rb.convBN(name+"/expand", x, t*x.c, 1, 1, 1, false, true)
	}
	x = rb.convBN(name+"/depthwise", x, x.c, 3, stride, rate, true, true)
	x = rb.convBN(name+"/project", x, cout, 1, 1, 1, false, false)
	if stride == 1 && in.c == cout {
		x = rb.add(name+"/add", in, x)
	}
	return x
}

// convBN adds a convolution (depthwise when dw, with cout = x.c) followed by
// batchnorm and optionally ReLU6.
func (rb *refBuilder) convBN(name string, x fmap, cout, k, stride, rate int, dw, relu6 bool) fmap {
	var w []float32
	layout := quant.ChannelFirst
	if dw {
		w = rb.heUniform(k*k*cout, k*k)
		layout = quant.ChannelLast
	} else {
		w = rb.heUniform(cout*k*k*x.c, k*k*x.c)
	}
	raw := convForward(x, w, cout, k, stride, rate, dw)
	bn := quant.BatchNorm{Eps: refEps}
	mean, variance := channelStats(raw)
	for c := 0; c < cout; c++ {
		bn.Gamma = append(bn.Gamma, float32(0.5+rb.r.Float64()))
		bn.Beta = append(bn.Beta, float32(0.1*rb.normal()))
		bn.Mean = append(bn.Mean, float32(mean[c]))
		bn.Var = append(bn.Var, float32(variance[c]))
	}
	scale, shift, err := bn.ScaleShift()
	if err != nil {
		rb.fail(err)
		return raw
	}
	act := tflite.ActNone
	if relu6 {
		act = tflite.ActRelu6
	}
	if rb.tf18 {
		y := rb.emitConv(name, x, w, make([]float32, cout), raw, k, stride, rate, dw, tflite.ActNone)
		s32, b32 := make([]float32, cout), make([]float32, cout)
		for c := range s32 {
			s32[c], b32[c] = float32(scale[c]), float32(shift[c])
		}
		m := rb.g.Tensor(name+"/batchnorm/mul", tensor.Float32, 1, raw.h, raw.w, cout)
		rb.g.Op(tflite.OpMul, &tflite.MulOptions{}, []int{y, rb.g.ConstF32(name+"/batchnorm/scale", []int{cout}, s32)}, m)
		a := rb.g.Tensor(name+"/batchnorm/add", tensor.Float32, 1, raw.h, raw.w, cout)
		rb.g.Op(tflite.OpAdd, &tflite.AddOptions{FusedActivation: act}, []int{m, rb.g.ConstF32(name+"/batchnorm/shift", []int{cout}, b32)}, a)
		raw.id = a
	} else {
		w2, b2, err := quant.FoldScaleShift(w, nil, layout, scale, shift)
		if err != nil {
			rb.fail(err)
			return raw
		}
		raw.id = rb.emitConv(name, x, w2, b2, raw, k, stride, rate, dw, act)
	}
	for _, v := range raw.v {
		for i := range v {
			c := i % cout
			y := float64(v[i]*scale[c]) + shift[c]
			if relu6 {
				y = min(max(y, 0), 6)
			}
			v[i] = y
		}
	}
	return raw
}

// convBias adds a 1x1 convolution with a bias ~ N(0, 0.1) and optional
// ReLU6 (no batchnorm).
func (rb *refBuilder) convBias(name string, x fmap, cout int, relu6 bool) fmap {
	w := rb.heUniform(cout*x.c, x.c)
	b := make([]float32, cout)
	for c := range b {
		b[c] = float32(0.1 * rb.normal())
	}
	y := convForward(x, w, cout, 1, 1, 1, false)
	act := tflite.ActNone
	if relu6 {
		act = tflite.ActRelu6
	}
	y.id = rb.emitConv(name, x, w, b, y, 1, 1, 1, false, act)
	for _, v := range y.v {
		for i := range v {
			z := v[i] + float64(b[i%cout])
			if relu6 {
				z = min(max(z, 0), 6)
			}
			v[i] = z
		}
	}
	return y
}

// emitConv adds the graph ops of a convolution of x into a tensor shaped
// like y and returns that tensor. Atrous depthwise convolutions become
// SPACE_TO_BATCH_ND -> DEPTHWISE_CONV_2D -> BATCH_TO_SPACE_ND in TF 1.8 form.
func (rb *refBuilder) emitConv(name string, x fmap, w, b []float32, y fmap, k, stride, rate int, dw bool, act tflite.ActivationFunctionType) int {
	g := rb.g
	cout := y.c
	out := g.Tensor(name, tensor.Float32, 1, y.h, y.w, cout)
	bias := g.ConstF32(name+"/bias", []int{cout}, b)
	if !dw {
		wt := g.ConstF32(name+"/weights", []int{cout, k, k, x.c}, w)
		g.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingSame, StrideH: int32(stride), StrideW: int32(stride),
			DilationH: int32(rate), DilationW: int32(rate), FusedActivation: act}, []int{x.id, wt, bias}, out)
		return out
	}
	wt := g.ConstF32(name+"/weights", []int{1, k, k, cout}, w)
	if rate == 1 || !rb.tf18 {
		version := int32(1)
		if rate > 1 {
			version = 2
		}
		g.OpV(tflite.OpDepthwiseConv2D, version, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingSame,
			StrideH: int32(stride), StrideW: int32(stride), DepthMultiplier: 1,
			DilationH: int32(rate), DilationW: int32(rate), FusedActivation: act}, []int{x.id, wt, bias}, out)
		return out
	}
	// tf.nn.with_space_to_batch for SAME padding: base paddings of the
	// dilated filter, extended to a multiple of the rate, cropped after.
	kd := (k-1)*rate + 1
	pads := func(in int) (p0, p1, extra int) {
		p0, p1 = (kd-1)/2, kd-1-(kd-1)/2
		extra = (rate - (in+p0+p1)%rate) % rate
		return p0, p1 + extra, extra
	}
	ph0, ph1, eh := pads(x.h)
	pw0, pw1, ew := pads(x.w)
	bh, bw := (x.h+ph0+ph1)/rate, (x.w+pw0+pw1)/rate
	block := g.ConstI32(name+"/block_shape", []int{2}, []int32{int32(rate), int32(rate)})
	paddings := g.ConstI32(name+"/paddings", []int{2, 2}, []int32{int32(ph0), int32(ph1), int32(pw0), int32(pw1)})
	s2b := g.Tensor(name+"/space_to_batch", tensor.Float32, rate*rate, bh, bw, x.c)
	g.Op(tflite.OpSpaceToBatchND, &tflite.SpaceToBatchNDOptions{}, []int{x.id, block, paddings}, s2b)
	dout := g.Tensor(name+"/batched", tensor.Float32, rate*rate, bh-k+1, bw-k+1, cout)
	g.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1,
		DepthMultiplier: 1, DilationH: 1, DilationW: 1, FusedActivation: act}, []int{s2b, wt, bias}, dout)
	crops := g.ConstI32(name+"/crops", []int{2, 2}, []int32{0, int32(eh), 0, int32(ew)})
	g.Op(tflite.OpBatchToSpaceND, &tflite.BatchToSpaceNDOptions{}, []int{dout, block, crops}, out)
	return out
}

func (rb *refBuilder) fail(err error) {
	if rb.err == nil {
		rb.err = err
	}
}

func (rb *refBuilder) add(name string, a, b fmap) fmap {
	y := fmap{h: a.h, w: a.w, c: a.c}
	y.id = rb.g.Tensor(name, tensor.Float32, 1, a.h, a.w, a.c)
	rb.g.Op(tflite.OpAdd, &tflite.AddOptions{}, []int{a.id, b.id}, y.id)
	for n := range a.v {
		v := make([]float64, len(a.v[n]))
		for i := range v {
			v[i] = a.v[n][i] + b.v[n][i]
		}
		y.v = append(y.v, v)
	}
	return y
}

func (rb *refBuilder) mean(name string, x fmap) fmap {
	y := fmap{h: 1, w: 1, c: x.c}
	axes := rb.g.ConstI32(name+"/axes", []int{2}, []int32{1, 2})
	y.id = rb.g.Tensor(name, tensor.Float32, 1, 1, 1, x.c)
	rb.g.Op(tflite.OpMean, &tflite.ReducerOptions{KeepDims: true}, []int{x.id, axes}, y.id)
	for _, v := range x.v {
		s := make([]float64, x.c)
		for i, e := range v {
			s[i%x.c] += e
		}
		for c := range s {
			s[c] /= float64(x.h * x.w)
		}
		y.v = append(y.v, s)
	}
	return y
}

func (rb *refBuilder) concat(name string, xs ...fmap) fmap {
	y := fmap{h: xs[0].h, w: xs[0].w}
	ids := make([]int, len(xs))
	for i, x := range xs {
		ids[i] = x.id
		y.c += x.c
	}
	y.id = rb.g.Tensor(name, tensor.Float32, 1, y.h, y.w, y.c)
	rb.g.Op(tflite.OpConcatenation, &tflite.ConcatenationOptions{Axis: 3}, ids, y.id)
	for n := range xs[0].v {
		v := make([]float64, 0, y.h*y.w*y.c)
		for p := 0; p < y.h*y.w; p++ {
			for _, x := range xs {
				v = append(v, x.v[n][p*x.c:(p+1)*x.c]...)
			}
		}
		y.v = append(y.v, v)
	}
	return y
}

// resize adds a RESIZE_BILINEAR (half-pixel centers or neither option) and
// computes it as TFLite defines it.
func (rb *refBuilder) resize(name string, x fmap, oh, ow int, halfPixel bool) fmap {
	y := fmap{h: oh, w: ow, c: x.c}
	size := rb.g.ConstI32(name+"/size", []int{2}, []int32{int32(oh), int32(ow)})
	y.id = rb.g.Tensor(name, tensor.Float32, 1, oh, ow, x.c)
	version := int32(1)
	if halfPixel {
		version = 3
	}
	rb.g.OpV(tflite.OpResizeBilinear, version, &tflite.ResizeBilinearOptions{HalfPixelCenters: halfPixel}, []int{x.id, size}, y.id)
	ys, xs := resizeTaps(x.h, oh, halfPixel), resizeTaps(x.w, ow, halfPixel)
	for _, v := range x.v {
		out := make([]float64, oh*ow*x.c)
		o := 0
		for _, ty := range ys {
			for _, tx := range xs {
				for c := 0; c < x.c; c++ {
					p00 := v[(ty.i0*x.w+tx.i0)*x.c+c]
					p01 := v[(ty.i0*x.w+tx.i1)*x.c+c]
					p10 := v[(ty.i1*x.w+tx.i0)*x.c+c]
					p11 := v[(ty.i1*x.w+tx.i1)*x.c+c]
					top := float64(p00*(1-tx.d)) + float64(p01*tx.d)
					bot := float64(p10*(1-tx.d)) + float64(p11*tx.d)
					out[o] = float64(top*(1-ty.d)) + float64(bot*ty.d)
					o++
				}
			}
		}
		y.v = append(y.v, out)
	}
	return y
}

type resizeTap struct {
	i0, i1 int
	d      float64
}

// resizeTaps computes the source taps of one axis: src = (o+0.5)*in/out -
// 0.5 with half-pixel centers, o*in/out otherwise; i0 = max(floor(src), 0),
// i1 = min(ceil(src), in-1), d = src - i0.
func resizeTaps(in, out int, halfPixel bool) []resizeTap {
	taps := make([]resizeTap, out)
	scale := float64(in) / float64(out)
	for o := range taps {
		src := float64(o) * scale
		if halfPixel {
			src = float64((float64(o)+0.5)*scale) - 0.5
		}
		i0 := max(int(math.Floor(src)), 0)
		i1 := min(int(math.Ceil(src)), in-1)
		taps[o] = resizeTap{i0, i1, src - float64(i0)}
	}
	return taps
}

// convForward computes a SAME-padded convolution of x (no bias) in float64
// and returns a feature map without a graph tensor. Weights are
// [cout,k,k,cin], or [1,k,k,cout] for depthwise (multiplier 1).
func convForward(x fmap, w []float32, cout, k, stride, rate int, dw bool) fmap {
	oh, ow := (x.h+stride-1)/stride, (x.w+stride-1)/stride
	eff := (k-1)*rate + 1
	padT := max((oh-1)*stride+eff-x.h, 0) / 2
	padL := max((ow-1)*stride+eff-x.w, 0) / 2
	y := fmap{id: -1, h: oh, w: ow, c: cout}
	// Weights as float64, [ky][kx][cin][cout] for the full convolution.
	wf := make([]float64, len(w))
	if dw {
		for i, v := range w {
			wf[i] = float64(v)
		}
	} else {
		for co := 0; co < cout; co++ {
			for t := 0; t < k*k; t++ {
				for ci := 0; ci < x.c; ci++ {
					wf[(t*x.c+ci)*cout+co] = float64(w[(co*k*k+t)*x.c+ci])
				}
			}
		}
	}
	for _, v := range x.v {
		out := make([]float64, oh*ow*cout)
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				acc := out[(oy*ow+ox)*cout : (oy*ow+ox+1)*cout]
				for ky := 0; ky < k; ky++ {
					iy := oy*stride - padT + ky*rate
					if iy < 0 || iy >= x.h {
						continue
					}
					for kx := 0; kx < k; kx++ {
						ix := ox*stride - padL + kx*rate
						if ix < 0 || ix >= x.w {
							continue
						}
						px := v[(iy*x.w+ix)*x.c : (iy*x.w+ix+1)*x.c]
						t := ky*k + kx
						if dw {
							wr := wf[t*cout : (t+1)*cout]
							for c := range acc {
								acc[c] += float64(px[c] * wr[c])
							}
							continue
						}
						for ci, xv := range px {
							wr := wf[(t*x.c+ci)*cout : (t*x.c+ci+1)*cout]
							for co := range acc {
								acc[co] += float64(xv * wr[co])
							}
						}
					}
				}
			}
		}
		y.v = append(y.v, out)
	}
	return y
}

// channelStats returns the per-channel mean and (population) variance of a
// feature map over all images and positions.
func channelStats(x fmap) (mean, variance []float64) {
	mean = make([]float64, x.c)
	variance = make([]float64, x.c)
	n := 0
	for _, v := range x.v {
		for i, e := range v {
			mean[i%x.c] += e
		}
		n += len(v) / x.c
	}
	for c := range mean {
		mean[c] /= float64(n)
	}
	for _, v := range x.v {
		for i, e := range v {
			d := e - mean[i%x.c]
			variance[i%x.c] += float64(d * d)
		}
	}
	for c := range variance {
		variance[c] /= float64(n)
	}
	return mean, variance
}

// syntheticPortraits draws n size x size portrait-like RGB images, in
// [0,1], [size*size*3] each: a two-colour vertical gradient background
// with a few rectangles, a head (ellipse) and shoulders (a widening
// trapezoid) in random colours, and uniform noise. Integer arithmetic only.
func syntheticPortraits(seed int64, n, size int) [][]float64 {
	r := rand.New(rand.NewPCG(uint64(seed), 0x9a1e77e))
	col := func() [3]int { return [3]int{r.IntN(256), r.IntN(256), r.IntN(256)} }
	imgs := make([][]float64, n)
	for k := range imgs {
		top, bottom := col(), col()
		pix := make([]int, size*size*3)
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				for c := 0; c < 3; c++ {
					pix[(y*size+x)*3+c] = top[c] + (bottom[c]-top[c])*y/(size-1)
				}
			}
		}
		for range 4 {
			x0, y0 := r.IntN(size), r.IntN(size)
			x1, y1 := x0+1+r.IntN(size/2), y0+1+r.IntN(size/2)
			cl := col()
			for y := y0; y < min(y1, size); y++ {
				for x := x0; x < min(x1, size); x++ {
					copy(pix[(y*size+x)*3:], cl[:])
				}
			}
		}
		cx, cy := size*7/20+r.IntN(size*3/10), size/4+r.IntN(size*3/20)
		rx := size*3/25 + r.IntN(size/16)
		ry := rx * 5 / 4
		skin, shirt := col(), col()
		shoulders := cy + ry*4/5
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				dx, dy := int64(x-cx), int64(y-cy)
				var cl *[3]int
				if dx*dx*int64(ry*ry)+dy*dy*int64(rx*rx) <= int64(rx*rx)*int64(ry*ry) {
					cl = &skin
				} else if y >= shoulders {
					half := rx*3/2 + (y-shoulders)*3/4
					if x-cx <= half && cx-x <= half {
						cl = &shirt
					}
				}
				if cl != nil {
					copy(pix[(y*size+x)*3:], cl[:])
				}
			}
		}
		img := make([]float64, len(pix))
		for i, p := range pix {
			img[i] = float64(min(max(p+r.IntN(25)-12, 0), 255)) / 255
		}
		imgs[k] = img
	}
	return imgs
}
