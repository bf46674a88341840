package transform

import (
	"math"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tflite"
)

// FoldBatchNorm folds per-channel affine ops that follow a convolution into
// its weights and bias. It looks, in float32 graphs, for
//
//	CONV_2D | DEPTHWISE_CONV_2D | FULLY_CONNECTED
//	  [-> BATCH_TO_SPACE_ND]        (convolutions only)
//	  -> MUL(c) -> ADD(c) | SUB(c)  (or a lone MUL(c) or ADD(c)/SUB(c))
//
// where each c is a float32 constant with one value per output channel or
// one value for all (shape [C], [1,..,1,C], [1] or a scalar), and rewrites
// it into the layer alone, with w' = w*m and b' = b*m + a (quant's
// FoldScaleShift). This is the form batchnorm takes in TFLite graphs.
//
// It folds only when the layer has no fused activation, the layer's output
// and every intermediate tensor have no other reader and are not graph
// outputs, and the weights (and bias, if any) are float32 constants. Only
// the last folded op may carry a fused activation (NONE, RELU, RELU_N1_TO_1
// or RELU6); it moves onto the layer. New weight and bias tensors are
// created, so weights shared with other ops are left alone.
//
// BATCH_TO_SPACE_ND only moves pixels, so a per-channel scale and shift
// commute with it: every value it outputs is one the convolution computed,
// padding or not, and scaling the convolution scales exactly those values.
// This handles the graphs TensorFlow <= 1.8 made for atrous depthwise
// convolutions (SPACE_TO_BATCH_ND -> DEPTHWISE_CONV_2D -> BATCH_TO_SPACE_ND
// -> batchnorm). The fused activation moves onto the convolution, before
// BATCH_TO_SPACE_ND, with which it commutes too.
//
// The folded graph computes the same function; in float32 the results differ
// only by rounding (the weights are rounded once after scaling), typically a
// few units in the last place. Folds that would create non-finite weights
// are skipped. FoldBatchNorm reports whether it changed m; it then drops
// the tensors, buffers and operator codes that are no longer used.
func FoldBatchNorm(m *tflite.Model) (changed bool, err error) {
	if err := check(m); err != nil {
		return false, err
	}
	for si := range m.Subgraphs {
		g := newGraph(m, si)
		for again := true; again; {
			again = false
			for i := range g.sg.Operators {
				if g.foldAt(i) {
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

// foldableAct reports whether a fused activation can move onto a
// convolution (TFLite's convolutions implement only these).
func foldableAct(a tflite.ActivationFunctionType) bool {
	switch a {
	case tflite.ActNone, tflite.ActRelu, tflite.ActReluN1To1, tflite.ActRelu6:
		return true
	}
	return false
}

// layerInfo describes a foldable layer.
type layerInfo struct {
	layout quant.Layout
	cout   int
	rank   int // rank of the output
}

// foldableLayer checks op i and returns its geometry.
func (g *graph) foldableLayer(i int) (layerInfo, bool) {
	op := &g.sg.Operators[i]
	if len(op.Outputs) != 1 || len(op.Inputs) < 2 || len(op.Inputs) > 3 {
		return layerInfo{}, false
	}
	w := g.input(i, 1)
	if w < 0 {
		return layerInfo{}, false
	}
	ws := g.sg.Tensors[w].Shape
	var li layerInfo
	switch g.code(i) {
	case tflite.OpConv2D:
		o, ok := op.Options.(*tflite.Conv2DOptions)
		if !ok || o.FusedActivation != tflite.ActNone || len(ws) != 4 {
			return layerInfo{}, false
		}
		li = layerInfo{quant.ChannelFirst, int(ws[0]), 4}
	case tflite.OpDepthwiseConv2D:
		o, ok := op.Options.(*tflite.DepthwiseConv2DOptions)
		if !ok || o.FusedActivation != tflite.ActNone || len(ws) != 4 || ws[0] != 1 {
			return layerInfo{}, false
		}
		li = layerInfo{quant.ChannelLast, int(ws[3]), 4}
	case tflite.OpFullyConnected:
		if op.Options != nil {
			o, ok := op.Options.(*tflite.FullyConnectedOptions)
			if !ok || o.FusedActivation != tflite.ActNone || o.WeightsFormat != 0 {
				return layerInfo{}, false
			}
		}
		if len(ws) != 2 {
			return layerInfo{}, false
		}
		li = layerInfo{quant.ChannelFirst, int(ws[0]), 2}
		if r := len(g.sg.Tensors[op.Outputs[0]].Shape); r > 2 {
			li.rank = r
		}
	default:
		return layerInfo{}, false
	}
	if li.cout <= 0 {
		return layerInfo{}, false
	}
	x, y := g.input(i, 0), op.Outputs[0]
	if x < 0 || g.sg.Tensors[x].Type != tflite.TensorFloat32 || g.sg.Tensors[y].Type != tflite.TensorFloat32 {
		return layerInfo{}, false
	}
	if _, ok := g.constF32(w); !ok {
		return layerInfo{}, false
	}
	if b := g.input(i, 2); b >= 0 {
		if v, ok := g.constF32(b); !ok || len(v) != li.cout {
			return layerInfo{}, false
		}
	}
	return li, true
}

// affineStep checks that op j is MUL, ADD or SUB of cur and a per-channel
// float32 constant, and returns the constant (negated for SUB) and the op's
// fused activation.
func (g *graph) affineStep(j int, cur int32, li layerInfo) (c []float32, act tflite.ActivationFunctionType, ok bool) {
	op := &g.sg.Operators[j]
	if len(op.Inputs) != 2 || len(op.Outputs) != 1 {
		return nil, 0, false
	}
	code := g.code(j)
	switch o := op.Options.(type) {
	case nil:
	case *tflite.MulOptions:
		act = o.FusedActivation
	case *tflite.AddOptions:
		act = o.FusedActivation
	case *tflite.SubOptions:
		act = o.FusedActivation
	default:
		return nil, 0, false
	}
	var k int32
	switch {
	case op.Inputs[0] == cur && op.Inputs[1] != cur:
		k = op.Inputs[1]
	case op.Inputs[1] == cur && op.Inputs[0] != cur && code != tflite.OpSub:
		k = op.Inputs[0]
	default:
		return nil, 0, false
	}
	c, ok = g.constF32(k)
	if !ok {
		return nil, 0, false
	}
	ks := g.sg.Tensors[k].Shape
	if len(ks) > li.rank || (len(c) != 1 && len(c) != li.cout) {
		return nil, 0, false
	}
	for d := 0; d+1 < len(ks); d++ {
		if ks[d] != 1 {
			return nil, 0, false
		}
	}
	for _, v := range c {
		if math.IsInf(float64(v), 0) || math.IsNaN(float64(v)) {
			return nil, 0, false
		}
	}
	out := op.Outputs[0]
	if g.sg.Tensors[out].Type != tflite.TensorFloat32 {
		return nil, 0, false
	}
	if a, b := g.sg.Tensors[cur].Shape, g.sg.Tensors[out].Shape; len(a) > 0 && len(b) > 0 && !equalI32(a, b) {
		return nil, 0, false
	}
	if code == tflite.OpSub {
		neg := make([]float32, len(c))
		for i, v := range c {
			neg[i] = -v
		}
		c = neg
	}
	return c, act, true
}

func equalI32(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// foldAt tries to fold the affine ops after op i into it.
func (g *graph) foldAt(i int) bool {
	li, ok := g.foldableLayer(i)
	if !ok {
		return false
	}
	op := &g.sg.Operators[i]
	cur := op.Outputs[0]
	next, ok := g.soleReader(cur)
	if !ok {
		return false
	}
	b2s := -1
	if g.code(next) == tflite.OpBatchToSpaceND && g.code(i) != tflite.OpFullyConnected {
		bop := &g.sg.Operators[next]
		if len(bop.Inputs) < 1 || bop.Inputs[0] != cur || len(bop.Outputs) != 1 {
			return false
		}
		for _, t := range bop.Inputs[1:] {
			if t == cur {
				return false
			}
		}
		b2s = next
		cur = bop.Outputs[0]
		if g.sg.Tensors[cur].Type != tflite.TensorFloat32 {
			return false
		}
		if next, ok = g.soleReader(cur); !ok {
			return false
		}
	}
	var mul, add []float32
	var chain []int
	act := tflite.ActNone
	if g.code(next) == tflite.OpMul {
		c, a, ok := g.affineStep(next, cur, li)
		if !ok || !foldableAct(a) {
			return false
		}
		mul, act = c, a
		chain = append(chain, next)
		cur = g.sg.Operators[next].Outputs[0]
		next = -1
		if a == tflite.ActNone {
			if n, ok := g.soleReader(cur); ok {
				next = n
			}
		}
	}
	if next >= 0 && (g.code(next) == tflite.OpAdd || g.code(next) == tflite.OpSub) {
		if c, a, ok := g.affineStep(next, cur, li); ok && foldableAct(a) {
			add, act = c, a
			chain = append(chain, next)
			cur = g.sg.Operators[next].Outputs[0]
		}
	}
	if len(chain) == 0 {
		return false
	}

	wT, bT := g.input(i, 1), g.input(i, 2)
	w, _ := g.constF32(wT)
	var b []float32
	if bT >= 0 {
		b, _ = g.constF32(bT)
	}
	w2, b2, err := quant.FoldMulAdd(w, b, li.layout, li.cout, mul, add)
	if err != nil || !finite(w2) || !finite(b2) {
		return false
	}

	// Rewrite. New tensors first (appending may not move operators).
	wt := g.sg.Tensors[wT]
	nw := g.addConstF32(wt.Name, wt.Shape, w2)
	nb := int32(-1)
	if b2 != nil {
		name := g.sg.Tensors[op.Outputs[0]].Name + "/bias"
		if bT >= 0 {
			name = g.sg.Tensors[bT].Name
		}
		nb = g.addConstF32(name, []int32{int32(li.cout)}, b2)
	}
	op = &g.sg.Operators[i]
	in := append([]int32(nil), op.Inputs...)
	in[1] = nw
	if nb >= 0 {
		if len(in) < 3 {
			in = append(in, nb)
		} else {
			in[2] = nb
		}
	}
	op.Inputs = in
	switch o := op.Options.(type) {
	case *tflite.Conv2DOptions:
		c := *o
		c.FusedActivation = act
		op.Options = &c
	case *tflite.DepthwiseConv2DOptions:
		c := *o
		c.FusedActivation = act
		op.Options = &c
	case *tflite.FullyConnectedOptions:
		c := *o
		c.FusedActivation = act
		op.Options = &c
	case nil:
		if act != tflite.ActNone {
			op.Options = &tflite.FullyConnectedOptions{FusedActivation: act}
		}
	}
	if b2s >= 0 {
		g.sg.Operators[b2s].Outputs = []int32{cur}
	} else {
		op.Outputs = []int32{cur}
	}
	g.deleteOps(chain...)
	return true
}

func finite(v []float32) bool {
	for _, x := range v {
		if math.IsInf(float64(x), 0) || math.IsNaN(float64(x)) {
			return false
		}
	}
	return true
}
