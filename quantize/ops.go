package quantize

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// outRule says how an int8 op's output parameters are chosen.
type outRule uint8

const (
	fromCalibration outRule = iota // the output's own observed range
	sameAsInput                    // input 0's parameters (pooling, resize, pad, reshape)
	fixedSigmoid                   // 1/256, -128 (LOGISTIC, SOFTMAX)
	fixedTanh                      // 1/128, 0 (TANH)
	unionOfInputs                  // one set for all inputs and the output (CONCATENATION)
)

// int8Op describes the int8 form of a builtin op.
type int8Op struct {
	version int32
	act     []int // inputs that are activations (quantized per tensor)
	rule    outRule
	weights weightKind
}

type weightKind uint8

const (
	noWeights weightKind = iota
	convWeights
	depthwiseWeights
	fcWeights
	transposeWeights
)

var int8Ops = map[tflite.BuiltinOperator]int8Op{
	tflite.OpConv2D:                {version: 3, weights: convWeights},
	tflite.OpDepthwiseConv2D:       {version: 3, weights: depthwiseWeights},
	tflite.OpFullyConnected:        {version: 4, weights: fcWeights},
	tflite.OpTransposeConv:         {version: 3, weights: transposeWeights},
	tflite.OpAdd:                   {version: 2, act: []int{0, 1}},
	tflite.OpSub:                   {version: 2, act: []int{0, 1}},
	tflite.OpMul:                   {version: 2, act: []int{0, 1}},
	tflite.OpRelu:                  {version: 2, act: []int{0}},
	tflite.OpRelu6:                 {version: 2, act: []int{0}},
	tflite.OpLeakyRelu:             {version: 2, act: []int{0}},
	tflite.OpHardSwish:             {version: 1, act: []int{0}},
	tflite.OpLogistic:              {version: 2, act: []int{0}, rule: fixedSigmoid},
	tflite.OpTanh:                  {version: 2, act: []int{0}, rule: fixedTanh},
	tflite.OpSoftmax:               {version: 2, act: []int{0}, rule: fixedSigmoid},
	tflite.OpAveragePool2D:         {version: 2, act: []int{0}, rule: sameAsInput},
	tflite.OpMaxPool2D:             {version: 2, act: []int{0}, rule: sameAsInput},
	tflite.OpMean:                  {version: 2, act: []int{0}},
	tflite.OpResizeBilinear:        {version: 3, act: []int{0}, rule: sameAsInput},
	tflite.OpResizeNearestNeighbor: {version: 3, act: []int{0}, rule: sameAsInput},
	tflite.OpReshape:               {version: 1, act: []int{0}, rule: sameAsInput},
	tflite.OpSqueeze:               {version: 1, act: []int{0}, rule: sameAsInput},
	tflite.OpExpandDims:            {version: 1, act: []int{0}, rule: sameAsInput},
	tflite.OpPad:                   {version: 2, act: []int{0}, rule: sameAsInput},
	tflite.OpPadV2:                 {version: 2, act: []int{0, 2}, rule: sameAsInput},
	tflite.OpConcatenation:         {version: 2, rule: unionOfInputs},
	tflite.OpReverseV2:             {version: 2, act: []int{0}, rule: sameAsInput},
	tflite.OpStridedSlice:          {version: 2, act: []int{0}, rule: sameAsInput},
	tflite.OpSlice:                 {version: 2, act: []int{0}, rule: sameAsInput},
	tflite.OpTranspose:             {version: 2, act: []int{0}, rule: sameAsInput},
}

// op rewrites model op i.
func (r *rewriter) op(i int) error {
	op := &r.sg.Operators[i]
	code := r.src.OperatorCodes[op.OpcodeIndex]
	allConst := len(op.Inputs) > 0
	for _, in := range op.Inputs {
		if in >= 0 && !r.isConst(int(in)) {
			allConst = false
		}
	}
	if allConst {
		return nil // folded: its outputs are constants, written where they are used
	}
	if code.Builtin == tflite.OpCustom && code.CustomCode == "Convolution2DTransposeBias" {
		return r.transposeBias(op)
	}
	r.opIndex = i
	if code.Builtin == tflite.OpUnidirectionalSequenceLSTM && r.allFloat(op) {
		if why := r.lstmQuantizable(op); why != "" {
			return r.keepFloat(i, op, code)
		}
		return r.lstmOp(op)
	}
	spec, ok := int8Ops[code.Builtin]
	if !ok || !r.allFloat(op) {
		return r.keepFloat(i, op, code)
	}
	if spec.weights != noWeights {
		return r.weighted(op, code, spec)
	}
	ins := make([]int, len(op.Inputs))
	isAct := map[int]bool{}
	for _, k := range spec.act {
		isAct[k] = true
	}
	out := int(op.Outputs[0])
	var p params
	var err error
	switch spec.rule {
	case fixedSigmoid:
		p = params{scale: 1.0 / 256, zp: -128}
		r.setParams(out, p, &TensorRange{Fixed: true, Lo: 0, Hi: 1})
	case fixedTanh:
		p = params{scale: 1.0 / 128, zp: 0}
		r.setParams(out, p, &TensorRange{Fixed: true, Lo: -1, Hi: 1})
	case unionOfInputs:
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, in := range op.Inputs {
			l, h, err := r.rangeFor(int(in))
			if err != nil {
				return err
			}
			lo, hi = math.Min(lo, l), math.Max(hi, h)
		}
		p = chooseParams(lo, hi)
		r.setParams(out, p, &TensorRange{Lo: lo, Hi: hi, Shared: true})
		for k, in := range op.Inputs {
			if ins[k], err = r.int8As(int(in), p); err != nil {
				return err
			}
		}
	}
	for k, in := range op.Inputs {
		if spec.rule == unionOfInputs {
			break
		}
		switch {
		case in < 0:
			ins[k] = -1
		case isAct[k] && k == 2 && code.Builtin == tflite.OpPadV2:
			// The pad value uses the padded input's parameters.
			ins[k], err = r.int8As(int(in), r.par[int(op.Inputs[0])])
		case isAct[k]:
			ins[k], err = r.int8Version(int(in))
		default:
			ins[k], err = r.origVersion(int(in))
		}
		if err != nil {
			return err
		}
	}
	switch spec.rule {
	case sameAsInput:
		p = r.par[int(op.Inputs[0])]
		r.setParams(out, p, &TensorRange{Shared: true})
	case fromCalibration:
		if p, err = r.params(out); err != nil {
			return err
		}
	}
	o := r.newInt8Output(out, p)
	r.b.OpV(code.Builtin, spec.version, op.Options, ins, o)
	return nil
}

// rangeFor is the real range an input covers: its int8 parameters' range if
// it has them, else its calibrated range.
func (r *rewriter) rangeFor(idx int) (lo, hi float64, err error) {
	if p, ok := r.par[idx]; ok {
		return float64(p.scale) * float64(-128-p.zp), float64(p.scale) * float64(127-p.zp), nil
	}
	if r.isConst(idx) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, v := range r.tensor(idx).F32() {
			lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
		}
		return lo, hi, nil
	}
	if _, err := r.params(idx); err != nil {
		return 0, 0, err
	}
	return r.rangeFor(idx) // now answered from r.par
}

// allFloat reports whether op's tensors that carry values are float32 (ops
// on other dtypes are copied unchanged).
func (r *rewriter) allFloat(op *tflite.Operator) bool {
	return r.tensor(int(op.Inputs[0])).DType == tensor.Float32 && r.tensor(int(op.Outputs[0])).DType == tensor.Float32
}

// keepFloat copies op unchanged, in float, converting its inputs back from
// int8 where needed.
func (r *rewriter) keepFloat(i int, op *tflite.Operator, code tflite.OperatorCode) error {
	ins := make([]int, len(op.Inputs))
	for k, in := range op.Inputs {
		if in < 0 {
			ins[k] = -1
			continue
		}
		n, err := r.origVersion(int(in))
		if err != nil {
			return err
		}
		ins[k] = n
	}
	outs := make([]int, len(op.Outputs))
	for k, o := range op.Outputs {
		t := r.tensor(int(o))
		outs[k] = r.b.Tensor(t.Name, t.DType, t.Shape...)
		r.orig[int(o)] = outs[k]
	}
	name := code.Builtin.String()
	if code.Builtin == tflite.OpCustom {
		name = code.CustomCode
		r.b.Custom(code.CustomCode, op.CustomOptions, ins, outs...)
	} else {
		r.b.OpV(code.Builtin, max(code.Version, 1), op.Options, ins, outs...)
	}
	r.floatOps = append(r.floatOps, fmt.Sprintf("%d %s", i, name))
	return nil
}

// weighted rewrites CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and
// TRANSPOSE_CONV with per-channel int8 weights and an int32 bias.
func (r *rewriter) weighted(op *tflite.Operator, code tflite.OperatorCode, spec int8Op) error {
	xk, wk, bk, axis := 0, 1, 2, 0
	switch spec.weights {
	case depthwiseWeights:
		axis = 3
	case transposeWeights:
		xk, wk, bk = 2, 1, 3
	}
	get := func(k int) int {
		if k < len(op.Inputs) {
			return int(op.Inputs[k])
		}
		return -1
	}
	x, w, bias, out := get(xk), get(wk), get(bk), int(op.Outputs[0])
	if !r.isConst(w) || (bias >= 0 && !r.isConst(bias)) {
		return fmt.Errorf("op %v: weights and bias must be constant to quantize", code.Builtin)
	}
	qx, err := r.int8Version(x)
	if err != nil {
		return err
	}
	px := r.par[x]
	p, err := r.params(out)
	if err != nil {
		return err
	}
	qw, qb := r.quantWeights(w, bias, axis, px)
	ins := []int{qx, qw, qb}
	if spec.weights == transposeWeights {
		shape, err := r.origVersion(int(op.Inputs[0]))
		if err != nil {
			return err
		}
		ins = []int{shape, qw, qx, qb}
	}
	o := r.newInt8Output(out, p)
	r.b.OpV(code.Builtin, spec.version, op.Options, ins, o)
	return nil
}

// quantWeights adds the int8 weights of w (per channel along axis) and the
// int32 bias (zeros when bias is -1, so every int8 op has an explicit bias).
func (r *rewriter) quantWeights(w, bias, axis int, px params) (qw, qb int) {
	wt := r.tensor(w)
	scales, q := symmetricWeights(wt.F32(), wt.Shape, axis)
	qw = r.b.ConstI8(wt.Name+"_int8", wt.Shape, q)
	r.b.QuantizeAxis(qw, axis, scales, make([]int64, len(scales)))
	n := wt.Shape[axis]
	bs := make([]float32, n)
	bq := make([]int32, n)
	for c := range bs {
		bs[c] = float32(float64(px.scale) * float64(scales[c]))
	}
	name := wt.Name + "_bias"
	if bias >= 0 {
		bt := r.tensor(bias)
		name = bt.Name + "_int32"
		for c, v := range bt.F32() {
			bq[c] = quantizeBias(v, bs[c])
		}
	}
	qb = r.b.ConstI32(name, []int{n}, bq)
	r.b.QuantizeAxis(qb, 0, bs, make([]int64, n))
	return qw, qb
}

// quantizeBias returns round(v/scale) clamped to the int32 range.
func quantizeBias(v, scale float32) int32 {
	f := math.Round(float64(v) / float64(scale))
	return int32(math.Min(math.Max(f, math.MinInt32), math.MaxInt32))
}

// transposeBias rewrites MediaPipe's Convolution2DTransposeBias as an int8
// TRANSPOSE_CONV with a bias input. The two agree: with output size O from
// the custom op's rule (stride*(in-1) + k - P), TRANSPOSE_CONV's padding for
// that output, ((in-1)*stride + k - O)/2 = P/2 rounded down, is the custom
// op's leading padding P/2; and a bias added before or after the scatter
// gives the same sum. TFLite has no int8 kernel for the custom op, so this
// keeps the whole graph in int8 instead of leaving a float island behind
// DEQUANTIZE and QUANTIZE.
func (r *rewriter) transposeBias(op *tflite.Operator) error {
	if len(op.Inputs) != 3 || len(op.CustomOptions) < 12 {
		return fmt.Errorf("Convolution2DTransposeBias: malformed op")
	}
	co := op.CustomOptions
	pad := tflite.PaddingSame
	if binary.LittleEndian.Uint32(co) == 2 {
		pad = tflite.PaddingValid
	}
	opts := &tflite.TransposeConvOptions{
		Padding: pad,
		StrideW: int32(binary.LittleEndian.Uint32(co[4:])),
		StrideH: int32(binary.LittleEndian.Uint32(co[8:])),
	}
	x, w, bias, out := int(op.Inputs[0]), int(op.Inputs[1]), int(op.Inputs[2]), int(op.Outputs[0])
	qx, err := r.int8Version(x)
	if err != nil {
		return err
	}
	p, err := r.params(out)
	if err != nil {
		return err
	}
	qw, qb := r.quantWeights(w, bias, 0, r.par[x])
	os := r.tensor(out).Shape
	shape := r.b.ConstI32(r.tensor(out).Name+"_shape", []int{4}, []int32{int32(os[0]), int32(os[1]), int32(os[2]), int32(os[3])})
	o := r.newInt8Output(out, p)
	r.b.OpV(tflite.OpTransposeConv, 3, opts, []int{shape, qw, qx, qb}, o)
	return nil
}
