package transform

import (
	"github.com/octet-ml/octet/tflite"
)

// Atrous rewrites the space-to-batch form of an atrous (dilated)
// convolution,
//
//	SPACE_TO_BATCH_ND(block [b_h,b_w], paddings)
//	  -> DEPTHWISE_CONV_2D | CONV_2D (stride 1, dilation d, SAME or VALID)
//	  -> BATCH_TO_SPACE_ND(block [b_h,b_w], crops)
//
// into the convolution alone, with dilation b*d and SAME or VALID padding,
// when the two compute exactly the same values (see atrousPadding for the
// condition). This is how TensorFlow (tf.nn.with_space_to_batch, used by
// atrous_conv2d and by convolutions with a dilation rate up to TF 1.8)
// expressed dilated convolutions, and how such graphs reach TFLite.
//
// The three ops must be chained one to one (the intermediate tensors have no
// other reader and are not graph outputs), the block shapes of both ends
// must be equal constants, and the input's height and width must be known.
// The tensors must be float32, or int8/uint8 with the same quantization on
// both sides of each data-movement op (SPACE_TO_BATCH_ND then pads with the
// zero point, which the quantized convolution treats like its own padding).
// A strided inner convolution is left alone (stride and rate cannot be
// combined this way). The fused activation and bias stay on the
// convolution: both act per output value, and BATCH_TO_SPACE_ND only moves
// values. The rewrite is exact: every output value is the same sum of the
// same products, in the same order (octet gives bit-identical results).
//
// A DEPTHWISE_CONV_2D is moved to operator version 2 or higher, the first
// with dilation. Atrous reports whether it changed m; it then drops the
// tensors, buffers and operator codes that are no longer used.
func Atrous(m *tflite.Model) (changed bool, err error) {
	if err := check(m); err != nil {
		return false, err
	}
	for si := range m.Subgraphs {
		g := newGraph(m, si)
		for again := true; again; {
			again = false
			for i := range g.sg.Operators {
				if g.atrousAt(i) {
					changed, again = true, true
					break
				}
			}
		}
	}
	if changed {
		compact(m)
	}
	return changed, nil
}

// atrousDim holds one spatial dimension of the pattern.
type atrousDim struct {
	in         int // input extent
	block      int // b
	pad0, pad1 int // SPACE_TO_BATCH_ND paddings
	crop0      int // BATCH_TO_SPACE_ND crops
	crop1      int
	k          int  // filter extent
	d          int  // dilation of the inner convolution
	innerSame  bool // inner convolution padding
	outerValid bool // result: VALID works
	outerSame  bool // result: SAME works
}

// atrousPadding decides which padding the fused convolution needs in one
// dimension for the result to equal the pattern exactly.
//
// Let x be the input, zero outside [0, in), and P = pad0 + in + pad1 (a
// multiple of b). SPACE_TO_BATCH_ND makes, for each phase s in [0, b), the
// sub-sequence y_s[j] = x[j*b + s - pad0], j in [0, P/b) (its padding is
// zero, as x is outside its range). The inner convolution (stride 1,
// dilation d, front padding q = 0 for VALID, floor((k-1)*d/2) for SAME,
// zero beyond the ends) computes
//
//	z_s[j] = sum_t w[t] * y_s[j + t*d - q]
//	       = sum_t w[t] * x[(j-q)*b + s - pad0 + t*b*d]
//
// for j in [0, L), L = P/b - (k-1)*d for VALID and P/b for SAME.
// BATCH_TO_SPACE_ND puts z_s[j] at position j*b + s - crop0, keeping
// positions [0, Lout) with Lout = L*b - crop0 - crop1. Writing
// i = j*b + s - crop0, the output is
//
//	out[i] = sum_t w[t] * x[i - F + t*D],  D = b*d,  F = pad0 - crop0 + q*b.
//
// A convolution with dilation D computes sum_t w[t] * x[i - f + t*D] with
// front padding f = floor((k-1)*D/2) and Lout = in for SAME, and f = 0 and
// Lout = in - (k-1)*D for VALID. So the pattern is that convolution exactly
// when (F, Lout) is one of those two pairs.
//
// TensorFlow's with_space_to_batch builds the pattern from a base padding
// (floor((K-1)/2), K-1-floor((K-1)/2)) for SAME with K = (k-1)*b + 1 the
// dilated filter extent, (0, 0) for VALID, through
// required_space_to_batch_paddings: pad0 = base0, pad1 = base1 + extra
// with 0 <= extra < b making P a multiple of b, crops (0, extra), and a
// VALID inner convolution. Then F = base0 and Lout = in + base0 + base1 -
// (k-1)*b, which is the SAME pair and the VALID pair respectively: graphs
// made by TensorFlow always qualify.
func (a *atrousDim) atrousPadding() {
	p := a.pad0 + a.in + a.pad1
	if a.block < 1 || a.d < 1 || a.k < 1 || a.in < 1 || p%a.block != 0 {
		return
	}
	span := (a.k - 1) * a.d
	l, q := p/a.block-span, 0
	if a.innerSame {
		l, q = p/a.block, span/2
	}
	if l < 1 {
		return
	}
	lout := l*a.block - a.crop0 - a.crop1
	if lout < 1 {
		return
	}
	dd := a.block * a.d
	f := a.pad0 - a.crop0 + q*a.block
	a.outerSame = lout == a.in && f == (a.k-1)*dd/2
	a.outerValid = lout == a.in-(a.k-1)*dd && f == 0
}

// sameQuant reports whether two tensors have the same quantization
// parameters (both none counts as the same).
func sameQuant(a, b *tflite.Tensor) bool {
	qa, qb := a.Quantization, b.Quantization
	na := qa == nil || len(qa.Scale) == 0
	nb := qb == nil || len(qb.Scale) == 0
	if na || nb {
		return na == nb
	}
	if len(qa.Scale) != len(qb.Scale) || len(qa.ZeroPoint) != len(qb.ZeroPoint) || qa.QuantizedDimension != qb.QuantizedDimension {
		return false
	}
	for i := range qa.Scale {
		if qa.Scale[i] != qb.Scale[i] {
			return false
		}
	}
	for i := range qa.ZeroPoint {
		if qa.ZeroPoint[i] != qb.ZeroPoint[i] {
			return false
		}
	}
	return true
}

// atrousAt tries to rewrite the pattern that starts at op i.
func (g *graph) atrousAt(i int) bool {
	if g.code(i) != tflite.OpSpaceToBatchND {
		return false
	}
	s2b := &g.sg.Operators[i]
	if len(s2b.Inputs) != 3 || len(s2b.Outputs) != 1 {
		return false
	}
	x, t1 := s2b.Inputs[0], s2b.Outputs[0]
	block, ok := g.constI32(s2b.Inputs[1])
	if !ok || len(block) != 2 {
		return false
	}
	pads, ok := g.constI32(s2b.Inputs[2])
	if !ok || len(pads) != 4 {
		return false
	}
	xt := &g.sg.Tensors[x]
	if len(xt.Shape) != 4 || xt.Shape[1] < 1 || xt.Shape[2] < 1 {
		return false
	}
	if sig := xt.ShapeSignature; len(sig) == 4 && (sig[1] < 0 || sig[2] < 0) {
		return false
	}

	j, ok := g.soleReader(t1)
	if !ok {
		return false
	}
	conv := &g.sg.Operators[j]
	code := g.code(j)
	if len(conv.Inputs) < 2 || conv.Inputs[0] != t1 || len(conv.Outputs) != 1 {
		return false
	}
	for _, t := range conv.Inputs[1:] {
		if t == t1 {
			return false
		}
	}
	var pad tflite.Padding
	var sh, sw, dh, dw int32
	switch o := conv.Options.(type) {
	case *tflite.Conv2DOptions:
		if code != tflite.OpConv2D {
			return false
		}
		pad, sh, sw, dh, dw = o.Padding, o.StrideH, o.StrideW, o.DilationH, o.DilationW
	case *tflite.DepthwiseConv2DOptions:
		if code != tflite.OpDepthwiseConv2D {
			return false
		}
		pad, sh, sw, dh, dw = o.Padding, o.StrideH, o.StrideW, o.DilationH, o.DilationW
	default:
		return false
	}
	if sh != 1 || sw != 1 || (pad != tflite.PaddingSame && pad != tflite.PaddingValid) {
		return false
	}
	ws := g.sg.Tensors[conv.Inputs[1]].Shape
	if len(ws) != 4 || (code == tflite.OpDepthwiseConv2D && ws[0] != 1) {
		return false
	}
	t2 := conv.Outputs[0]

	k, ok := g.soleReader(t2)
	if !ok || g.code(k) != tflite.OpBatchToSpaceND {
		return false
	}
	b2s := &g.sg.Operators[k]
	if len(b2s.Inputs) != 3 || b2s.Inputs[0] != t2 || len(b2s.Outputs) != 1 {
		return false
	}
	block2, ok := g.constI32(b2s.Inputs[1])
	if !ok || len(block2) != 2 || block2[0] != block[0] || block2[1] != block[1] {
		return false
	}
	crops, ok := g.constI32(b2s.Inputs[2])
	if !ok || len(crops) != 4 {
		return false
	}
	y := b2s.Outputs[0]

	tx, tt1, tt2, ty := &g.sg.Tensors[x], &g.sg.Tensors[t1], &g.sg.Tensors[t2], &g.sg.Tensors[y]
	if tx.Type != tt1.Type || tt2.Type != ty.Type {
		return false
	}
	switch tx.Type {
	case tflite.TensorFloat32:
		if ty.Type != tflite.TensorFloat32 {
			return false
		}
	case tflite.TensorInt8, tflite.TensorUint8:
		if !sameQuant(tx, tt1) || !sameQuant(tt2, ty) {
			return false
		}
	default:
		return false
	}

	var dims [2]atrousDim
	for a := 0; a < 2; a++ {
		if block[a] < 1 || block[a] > 1<<12 || pads[2*a] < 0 || pads[2*a+1] < 0 || crops[2*a] < 0 || crops[2*a+1] < 0 {
			return false
		}
		d := []int32{dh, dw}[a]
		if d < 1 || d > 1<<12 {
			return false
		}
		dims[a] = atrousDim{
			in: int(xt.Shape[1+a]), block: int(block[a]),
			pad0: int(pads[2*a]), pad1: int(pads[2*a+1]),
			crop0: int(crops[2*a]), crop1: int(crops[2*a+1]),
			k: int(ws[1+a]), d: int(d), innerSame: pad == tflite.PaddingSame,
		}
		dims[a].atrousPadding()
	}
	var outer tflite.Padding
	switch {
	case dims[0].outerSame && dims[1].outerSame:
		outer = tflite.PaddingSame
	case dims[0].outerValid && dims[1].outerValid:
		outer = tflite.PaddingValid
	default:
		return false
	}
	if len(ty.Shape) == 4 && len(tx.Shape) == 4 {
		// The declared output must agree (it does in any valid graph).
		for a := 0; a < 2; a++ {
			want := dims[a].in
			if outer == tflite.PaddingValid {
				want -= (dims[a].k - 1) * dims[a].block * dims[a].d
			}
			if int(ty.Shape[1+a]) != want {
				return false
			}
		}
	}

	// Rewrite: the convolution reads x and writes y directly.
	dilH, dilW := int32(dims[0].block)*dh, int32(dims[1].block)*dw
	switch o := conv.Options.(type) {
	case *tflite.Conv2DOptions:
		c := *o
		c.Padding, c.DilationH, c.DilationW = outer, dilH, dilW
		conv.Options = &c
	case *tflite.DepthwiseConv2DOptions:
		c := *o
		c.Padding, c.DilationH, c.DilationW = outer, dilH, dilW
		conv.Options = &c
		if oc := g.m.OperatorCodes[conv.OpcodeIndex]; oc.Version < 2 && (dilH > 1 || dilW > 1) {
			conv.OpcodeIndex = opcode(g.m, tflite.OpDepthwiseConv2D, 2)
		}
	}
	in := append([]int32(nil), conv.Inputs...)
	in[0] = x
	conv.Inputs = in
	conv.Outputs = []int32{y}
	g.deleteOps(i, k)
	return true
}
