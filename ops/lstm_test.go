package ops

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// tLSTM is one LSTM direction's weights for tests, in TFLite's layout:
// wx[g] is [nCell][nIn] row-major, wh[g] [nCell][nOut] (or [nCell] when
// diag), wa[g] [nCell][nAux]; a nil slice is an absent tensor.
type tLSTM struct {
	nIn, nAux, nCell, nOut       int
	wx, wh, wa, bias, peep, norm [4][]float32
	projW, projB                 []float32
	diag                         bool
}

func sqConst(shape tensor.Shape, v []float32) *tensor.Tensor {
	t := tensor.FromF32(shape, v)
	t.Const = true
	return t
}

// vec returns a constant [n] tensor, or nil for a nil slice.
func (p *tLSTM) vec(v []float32) *tensor.Tensor {
	if v == nil {
		return nil
	}
	return sqConst(tensor.Shape{len(v)}, v)
}

func (p *tLSTM) mat(v []float32, cols int) *tensor.Tensor {
	if v == nil {
		return nil
	}
	return sqConst(tensor.Shape{len(v) / cols, cols}, v)
}

func (p *tLSTM) rec(g int) *tensor.Tensor {
	if p.diag {
		return p.vec(p.wh[g])
	}
	return p.mat(p.wh[g], p.nOut)
}

// weights17 returns the 17 weight tensors of inputs 1-17 (or 18-34).
func (p *tLSTM) weights17() []*tensor.Tensor {
	var w []*tensor.Tensor
	for g := range 4 {
		w = append(w, p.mat(p.wx[g], p.nIn))
	}
	for g := range 4 {
		w = append(w, p.rec(g))
	}
	w = append(w, p.vec(p.peep[gateI]), p.vec(p.peep[gateF]), p.vec(p.peep[gateO]))
	for g := range 4 {
		w = append(w, p.vec(p.bias[g]))
	}
	w = append(w, p.mat(p.projW, p.nCell), p.vec(p.projB))
	return w
}

func sqState(batch, n int) *tensor.Tensor { return tensor.New(tensor.Float32, tensor.Shape{batch, n}) }

// uniInputs returns the 24 inputs of UNIDIRECTIONAL_SEQUENCE_LSTM and the
// two state tensors.
func (p *tLSTM) uniInputs(x *tensor.Tensor, batch int) (in []*tensor.Tensor, h, c *tensor.Tensor) {
	h, c = sqState(batch, p.nOut), sqState(batch, p.nCell)
	in = append([]*tensor.Tensor{x}, p.weights17()...)
	in = append(in, h, c)
	for g := range 4 {
		in = append(in, p.vec(p.norm[g]))
	}
	return in, h, c
}

// sqRun prepares k, allocates its outputs, evaluates once and checks that
// a second Eval makes no allocations. The second Eval advances any state,
// so callers that care about state run sqRunOnce.
func sqRun(t *testing.T, k Kernel, in []*tensor.Tensor, nOut int) []*tensor.Tensor {
	t.Helper()
	outs := sqPrepare(t, k, in, nOut)
	if err := k.Eval(in, outs); err != nil {
		t.Fatalf("Eval: %v", err)
	}
	res := make([]*tensor.Tensor, nOut)
	for i, o := range outs {
		res[i] = tensor.New(o.DType, o.Shape)
		copy(res[i].Data, o.Data)
	}
	if a := testing.AllocsPerRun(5, func() {
		if err := k.Eval(in, outs); err != nil {
			panic(err)
		}
	}); a != 0 {
		t.Errorf("Eval allocates %v times per run", a)
	}
	return res
}

func sqPrepare(t *testing.T, k Kernel, in []*tensor.Tensor, nOut int) []*tensor.Tensor {
	t.Helper()
	outs := make([]*tensor.Tensor, nOut)
	for i := range outs {
		outs[i] = &tensor.Tensor{Name: "out"}
	}
	if err := k.Prepare(in, outs); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	for _, o := range outs {
		o.Data = tensor.AlignedBytes(o.ByteSize())
	}
	return outs
}

func sqClose(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol) {
			t.Fatalf("%s[%d] = %.8g, want %.8g (|Δ| %.3g > %g)", what, i, got[i], want[i], d, tol)
		}
	}
}

// The hand-checked cases share these 1-input weights. Gate order i, f, c, o.
var (
	handWx   = [4][]float32{{0.5}, {1}, {2}, {-1}}
	handWh   = [4][]float32{{0.3}, {-0.2}, {0.7}, {0.9}}
	handBias = [4][]float32{{0.1}, {0.2}, {0.3}, {0.4}}
	handX    = []float32{1, -0.5} // batch 1, two time steps
)

// runHand runs p on handX (batch-major [1,2,1]) and checks the output and
// the final states.
func runHand(t *testing.T, p *tLSTM, k *UnidirectionalSequenceLSTM, wantH []float64, wantC []float64) {
	t.Helper()
	x := tensor.FromF32(tensor.Shape{1, 2, 1}, handX)
	in, h, c := p.uniInputs(x, 1)
	outs := sqPrepare(t, k, in, 1)
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	if !outs[0].Shape.Equal(tensor.Shape{1, 2, p.nOut}) {
		t.Fatalf("output shape %v", outs[0].Shape)
	}
	sqClose(t, "output", outs[0].F32(), wantH, 1e-6)
	sqClose(t, "output state", h.F32(), wantH[len(wantH)-p.nOut:], 1e-6)
	sqClose(t, "cell state", c.F32(), wantC, 1e-6)
}

func TestLSTMHandBasic(t *testing.T) {
	p := &tLSTM{nIn: 1, nCell: 1, nOut: 1, wx: handWx, wh: handWh, bias: handBias}
	// Step 1, x=1, h=c=0:
	//   i = σ(0.5+0.1) = 0.6456563   f = σ(1+0.2) = 0.7685248
	//   g = tanh(2+0.3) = 0.9800964  o = σ(-1+0.4) = 0.3543437
	//   c = 0.7685248*0 + 0.6456563*0.9800964 = 0.6328054
	//   h = 0.3543437*tanh(0.6328054) = 0.1984257
	// Step 2, x=-0.5, h=0.1984257:
	//   i = σ(-0.25+0.3*0.1984257+0.1) = 0.4773973
	//   f = σ(-0.5-0.2*0.1984257+0.2) = 0.4158860
	//   g = tanh(-1+0.7*0.1984257+0.3) = -0.5087946
	//   o = σ(0.5+0.9*0.1984257+0.4) = 0.7462258
	//   c = 0.4158860*0.6328054 + 0.4773973*(-0.5087946) = 0.0202777
	//   h = 0.7462258*tanh(0.0202777) = 0.0151297
	runHand(t, p, &UnidirectionalSequenceLSTM{Activation: ActTanh}, []float64{0.1984257, 0.0151297}, []float64{0.0202777})
}

func TestLSTMHandCIFG(t *testing.T) {
	p := &tLSTM{nIn: 1, nCell: 1, nOut: 1, wx: handWx, wh: handWh, bias: handBias}
	p.wx[gateI], p.wh[gateI], p.bias[gateI] = nil, nil, nil
	// CIFG: the input gate is 1-f.
	// Step 1: f = 0.7685248, g = 0.9800964, o = 0.3543437
	//   c = (1-0.7685248)*0.9800964 = 0.2268680, h = 0.3543437*tanh(c) = 0.0790379
	// Step 2: f = σ(-0.5-0.2*0.0790379+0.2) = 0.4216978
	//   g = tanh(-1+0.7*0.0790379+0.3) = -0.5680733, o = σ(0.5+0.9*0.0790379+0.4) = 0.7253455
	//   c = 0.4216978*0.2268680 + 0.5783022*(-0.5680733) = -0.2328483
	//   h = 0.7253455*tanh(-0.2328483) = -0.1659078
	runHand(t, p, &UnidirectionalSequenceLSTM{Activation: ActTanh}, []float64{0.0790379, -0.1659078}, []float64{-0.2328483})
}

func TestLSTMHandPeephole(t *testing.T) {
	p := &tLSTM{nIn: 1, nCell: 1, nOut: 1, wx: handWx, wh: handWh, bias: handBias}
	p.peep = [4][]float32{{0.5}, {-0.4}, nil, {0.8}}
	// Step 1 (c=0, so i, f, g as in the basic case):
	//   c = 0.6328054; the output gate sees the new c:
	//   o = σ(-1+0.4+0.8*0.6328054) = 0.4765782, h = 0.4765782*tanh(c) = 0.2668747
	// Step 2, x=-0.5, h=0.2668747, c=0.6328054:
	//   i = σ(-0.25+0.3*0.2668747+0.5*0.6328054+0.1) = 0.5613063
	//   f = σ(-0.5-0.2*0.2668747-0.4*0.6328054+0.2) = 0.3528587
	//   g = tanh(-1+0.7*0.2668747+0.3) = -0.4724252
	//   c = 0.3528587*0.6328054 + 0.5613063*(-0.4724252) = -0.0418843
	//   o = σ(0.5+0.9*0.2668747+0.8*(-0.0418843)+0.4) = 0.7515096
	//   h = 0.7515096*tanh(-0.0418843) = -0.0314581
	runHand(t, p, &UnidirectionalSequenceLSTM{Activation: ActTanh}, []float64{0.2668747, -0.0314581}, []float64{-0.0418843})
}

// twoCell is a 2-cell, 1-input LSTM with a projection to 1 output.
func twoCell() *tLSTM {
	return &tLSTM{nIn: 1, nCell: 2, nOut: 1,
		wx:    [4][]float32{{0.5, -1}, {1, 0.5}, {2, -1.5}, {-1, 1}},
		wh:    [4][]float32{{0.3, -0.1}, {-0.2, 0.4}, {0.7, 0.2}, {0.9, -0.3}},
		bias:  [4][]float32{{0.1, 0.2}, {0.2, -0.1}, {0.3, 0.1}, {0.4, 0}},
		projW: []float32{1.5, -2}, projB: []float32{0.25},
	}
}

func TestLSTMHandProjection(t *testing.T) {
	// Step 1, x=1: i = [σ(0.6), σ(-0.8)] = [0.6456563, 0.3100255]
	//   f = [0.7685248, 0.5986877], g = [0.9800964, -0.8853516], o = [0.3543437, 0.7310586]
	//   c = i⊙g = [0.6328054, -0.2744816], m = o⊙tanh(c) = [0.1984257, -0.1957702]
	//   h = 0.25 + 1.5*0.1984257 - 2*(-0.1957702) = 0.9391790
	// Step 2, x=-0.5, h=0.9391790 (recurrent weights are [2,1]):
	//   i = [0.5328909, 0.6470466], f = [0.3804035, 0.5064175]
	//   g = [-0.0425490, 0.7770320], o = [0.8513541, 0.3139420]
	//   c = [0.2180474, 0.3637736], m = [0.1827485, 0.1094193], h = 0.3052840
	runHand(t, twoCell(), &UnidirectionalSequenceLSTM{Activation: ActTanh},
		[]float64{0.9391790, 0.3052840}, []float64{0.2180474, 0.3637736})
}

func TestLSTMHandClips(t *testing.T) {
	// cell_clip 0.5, proj_clip 0.4. Step 1: c = [0.6328054 -> 0.5, -0.2744816],
	//   m = [0.3543437*tanh(0.5), 0.7310586*tanh(-0.2744816)] = [0.1637483, -0.1957702]
	//   h = 0.25 + 1.5*0.1637483 + 2*0.1957702 = 0.8871628 -> 0.4
	// Step 2, h=0.4: i = [0.4925006, 0.6592604], f = [0.4061269, 0.4526424]
	//   g = [-0.3969304, 0.7305939], o = [0.7790261, 0.3497815]
	//   c = [0.4061269*0.5 + 0.4925006*(-0.3969304), ...] = [0.0075750, 0.3574096]
	//   m = [0.0059010, 0.1199507], h = 0.0189502 (not clipped)
	runHand(t, twoCell(), &UnidirectionalSequenceLSTM{Activation: ActTanh, CellClip: 0.5, ProjClip: 0.4},
		[]float64{0.4, 0.0189502}, []float64{0.0075750, 0.3574096})
}

func TestLSTMHandLayerNorm(t *testing.T) {
	p := twoCell()
	p.nOut = 2
	p.projW, p.projB = nil, nil
	p.wh = [4][]float32{{0.3, -0.1, 0, 0}, {-0.2, 0.4, 0, 0}, {0.7, 0.2, 0, 0}, {0.9, -0.3, 0, 0}}
	p.norm = [4][]float32{{1, 0.5}, {2, 1}, {1, -1}, {0.5, 0.5}}
	// One step, x=1, h=c=0. Each gate's pre-activation without bias is
	// Wx*x; normalized over the 2 cells it is [+1,-1] or [-1,+1] (up to
	// the 1e-8 epsilon), then times the coefficients plus the bias:
	//   i: [0.5,-1] -> [1,-1]  -> [1*1+0.1, 0.5*(-1)+0.2] = [1.1, -0.3]
	//   f: [1,0.5]  -> [1,-1]  -> [2.2, -1.1]
	//   c: [2,-1.5] -> [1,-1]  -> [1.3, 1.1]
	//   o: [-1,1]   -> [-1,1]  -> [-0.1, 0.5]
	//   i = [0.7502601, 0.4255575], g = tanh = [0.8617232, 0.8004990]
	//   o = [0.4750208, 0.6224593], c = i⊙g = [0.6465165, 0.3406583]
	//   h = o⊙tanh(c) = [0.2704390, 0.2042071]
	x := tensor.FromF32(tensor.Shape{1, 1, 1}, []float32{1})
	k := &UnidirectionalSequenceLSTM{Activation: ActTanh}
	in, h, c := p.uniInputs(x, 1)
	outs := sqPrepare(t, k, in, 1)
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	sqClose(t, "output", outs[0].F32(), []float64{0.2704390, 0.2042071}, 1e-6)
	sqClose(t, "output state", h.F32(), []float64{0.2704390, 0.2042071}, 1e-6)
	sqClose(t, "cell state", c.F32(), []float64{0.6465165, 0.3406583}, 1e-6)
}

// --- float64 definitional oracle ---

func f64(v []float32) []float64 {
	r := make([]float64, len(v))
	for i, x := range v {
		r[i] = float64(x)
	}
	return r
}

func refAct(a Activation, x float64) float64 {
	switch a {
	case ActTanh:
		return math.Tanh(x)
	case ActRelu:
		return math.Max(x, 0)
	case ActRelu6:
		return math.Min(math.Max(x, 0), 6)
	case ActReluN1To1:
		return math.Min(math.Max(x, -1), 1)
	}
	return x
}

func refClip(x, k float64) float64 {
	if k > 0 {
		return math.Min(math.Max(x, -k), k)
	}
	return x
}

// refStep is one LSTM step written from the definition (see lstm.go's
// comment), in float64, for one batch row.
func refStep(p *tLSTM, act Activation, cellClip, projClip float64, x, a, h, c []float64) (hn, cn []float64) {
	nc := p.nCell
	cifg := p.wx[gateI] == nil
	norm := p.norm[gateF] != nil
	raw := func(g int) []float64 {
		v := make([]float64, nc)
		for j := range v {
			s := 0.0
			for k := range p.nIn {
				s += float64(p.wx[g][j*p.nIn+k]) * x[k]
			}
			if p.wa[g] != nil {
				for k := range p.nAux {
					s += float64(p.wa[g][j*p.nAux+k]) * a[k]
				}
			}
			if p.diag {
				s += float64(p.wh[g][j]) * h[j]
			} else {
				for k := range p.nOut {
					s += float64(p.wh[g][j*p.nOut+k]) * h[k]
				}
			}
			v[j] = s
		}
		return v
	}
	finish := func(g int, v []float64, f func(float64) float64) []float64 {
		if norm {
			mean, vr := 0.0, 0.0
			for _, s := range v {
				mean += s
			}
			mean /= float64(nc)
			for _, s := range v {
				vr += (s - mean) * (s - mean)
			}
			vr /= float64(nc)
			for j := range v {
				v[j] = (v[j]-mean)/math.Sqrt(vr+1e-8)*float64(p.norm[g][j]) + float64(p.bias[g][j])
			}
		} else {
			for j := range v {
				v[j] += float64(p.bias[g][j])
			}
		}
		for j := range v {
			v[j] = f(v[j])
		}
		return v
	}
	sig := func(s float64) float64 { return 1 / (1 + math.Exp(-s)) }
	var ig []float64
	if !cifg {
		ig = raw(gateI)
		if p.peep[gateF] != nil {
			for j := range ig {
				ig[j] += float64(p.peep[gateI][j]) * c[j]
			}
		}
		ig = finish(gateI, ig, sig)
	}
	fg := raw(gateF)
	if p.peep[gateF] != nil {
		for j := range fg {
			fg[j] += float64(p.peep[gateF][j]) * c[j]
		}
	}
	fg = finish(gateF, fg, sig)
	gg := finish(gateC, raw(gateC), func(s float64) float64 { return refAct(act, s) })
	cn = make([]float64, nc)
	for j := range cn {
		i := 1 - fg[j]
		if !cifg {
			i = ig[j]
		}
		cn[j] = refClip(fg[j]*c[j]+i*gg[j], cellClip)
	}
	og := raw(gateO)
	if p.peep[gateF] != nil {
		for j := range og {
			og[j] += float64(p.peep[gateO][j]) * cn[j]
		}
	}
	og = finish(gateO, og, sig)
	m := make([]float64, nc)
	for j := range m {
		m[j] = og[j] * refAct(act, cn[j])
	}
	if p.projW == nil {
		return m, cn
	}
	hn = make([]float64, p.nOut)
	for k := range hn {
		s := 0.0
		if p.projB != nil {
			s = float64(p.projB[k])
		}
		for j := range nc {
			s += float64(p.projW[k*nc+j]) * m[j]
		}
		hn[k] = refClip(s, projClip)
	}
	return hn, cn
}

// refSeq runs a whole sequence for each batch row. x and aux are indexed
// [b][t][k]; it returns the outputs [b][t][k] and final states [b][k].
func refSeq(p *tLSTM, act Activation, cellClip, projClip float64, x, aux [][][]float64, forward bool, h0, c0 [][]float64) (out [][][]float64, h, c [][]float64) {
	nb, nt := len(x), len(x[0])
	out = make([][][]float64, nb)
	h, c = make([][]float64, nb), make([][]float64, nb)
	for b := range nb {
		hb, cb := h0[b], c0[b]
		out[b] = make([][]float64, nt)
		for s := range nt {
			t := s
			if !forward {
				t = nt - 1 - s
			}
			var a []float64
			if aux != nil {
				a = aux[b][t]
			}
			hb, cb = refStep(p, act, cellClip, projClip, x[b][t], a, hb, cb)
			out[b][t] = hb
		}
		h[b], c[b] = hb, cb
	}
	return out, h, c
}

func zeros(nb, n int) [][]float64 {
	z := make([][]float64, nb)
	for i := range z {
		z[i] = make([]float64, n)
	}
	return z
}

// seqTensor lays out v [b][t][k] as a time-major or batch-major tensor.
func seqTensor(v [][][]float64, timeMajor bool) *tensor.Tensor {
	nb, nt, nk := len(v), len(v[0]), len(v[0][0])
	shape := tensor.Shape{nb, nt, nk}
	if timeMajor {
		shape = tensor.Shape{nt, nb, nk}
	}
	x := tensor.New(tensor.Float32, shape)
	d := x.F32()
	for b := range nb {
		for t := range nt {
			row := b*nt + t
			if timeMajor {
				row = t*nb + b
			}
			for k := range nk {
				d[row*nk+k] = float32(v[b][t][k])
			}
		}
	}
	return x
}

// flatSeq flattens v [b][t][k] (optionally with a second sequence w
// appended on the last axis) in the tensor's layout.
func flatSeq(v, w [][][]float64, timeMajor bool) []float64 {
	nb, nt := len(v), len(v[0])
	var r []float64
	for i := range nb * nt {
		b, t := i/nt, i%nt
		if timeMajor {
			t, b = i/nb, i%nb
		}
		r = append(r, v[b][t]...)
		if w != nil {
			r = append(r, w[b][t]...)
		}
	}
	return r
}

func flat2(v [][]float64) []float64 {
	var r []float64
	for _, x := range v {
		r = append(r, x...)
	}
	return r
}

func randVals(r *rand.Rand, n int, scale float32) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = (2*r.Float32() - 1) * scale
	}
	return v
}

func randSeq(r *rand.Rand, nb, nt, nk int) [][][]float64 {
	v := make([][][]float64, nb)
	for b := range v {
		v[b] = make([][]float64, nt)
		for t := range v[b] {
			v[b][t] = f64(randVals(r, nk, 1))
		}
	}
	return v
}

type lstmFeatures struct {
	cifg, peephole, proj, projBias, norm, diag bool
	nAux                                       int
}

func randLSTM(r *rand.Rand, nIn, nCell, nOut int, f lstmFeatures) *tLSTM {
	if !f.proj {
		nOut = nCell
	}
	p := &tLSTM{nIn: nIn, nAux: f.nAux, nCell: nCell, nOut: nOut, diag: f.diag}
	for g := range 4 {
		if g == gateI && f.cifg {
			continue
		}
		p.wx[g] = randVals(r, nCell*nIn, 0.6)
		if f.diag {
			p.wh[g] = randVals(r, nCell, 0.6)
		} else {
			p.wh[g] = randVals(r, nCell*nOut, 0.6)
		}
		p.bias[g] = randVals(r, nCell, 0.4)
		if f.nAux > 0 {
			p.wa[g] = randVals(r, nCell*f.nAux, 0.6)
		}
		if f.peephole && g != gateC {
			p.peep[g] = randVals(r, nCell, 0.5)
		}
		if f.norm {
			p.norm[g] = randVals(r, nCell, 1)
		}
	}
	if f.proj {
		p.projW = randVals(r, nOut*nCell, 0.7)
		if f.projBias {
			p.projB = randVals(r, nOut, 0.3)
		}
	}
	return p
}

func TestLSTMOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	acts := []Activation{ActTanh, ActRelu6, ActReluN1To1, ActRelu, ActNone}
	n := 0
	for _, cifg := range []bool{false, true} {
		for _, peep := range []bool{false, true} {
			for _, proj := range []bool{false, true} {
				for _, norm := range []bool{false, true} {
					for _, tm := range []bool{false, true} {
						n++
						f := lstmFeatures{cifg: cifg, peephole: peep, proj: proj, projBias: n%3 != 0, norm: norm && !(n%5 == 0)}
						nIn, nCell, nOut := 1+r.IntN(5), 1+r.IntN(6), 1+r.IntN(4)
						nb, nt := 1+r.IntN(3), 1+r.IntN(5)
						if norm && nCell == 1 {
							nCell = 2
						}
						p := randLSTM(r, nIn, nCell, nOut, f)
						act := acts[n%len(acts)]
						cellClip, projClip := float32(0), float32(0)
						if n%4 == 1 {
							cellClip, projClip = 0.3, 0.2
						}
						xs := randSeq(r, nb, nt, nIn)
						k := &UnidirectionalSequenceLSTM{Activation: act, CellClip: cellClip, ProjClip: projClip, TimeMajor: tm}
						in, h, c := p.uniInputs(seqTensor(xs, tm), nb)
						outs := sqPrepare(t, k, in, 1)
						if err := k.Eval(in, outs); err != nil {
							t.Fatal(err)
						}
						if !k.cell.fast {
							t.Fatalf("constant weights did not take the gemmf32 path")
						}
						// The same op with non-constant weights takes the
						// dot-product path; both must match the oracle.
						k2 := &UnidirectionalSequenceLSTM{Activation: act, CellClip: cellClip, ProjClip: projClip, TimeMajor: tm}
						in2, h2, c2 := p.uniInputs(seqTensor(xs, tm), nb)
						for i, x := range in2 {
							if x != nil && x.Const {
								v := *x
								v.Const = false
								in2[i] = &v
							}
						}
						outs2 := sqPrepare(t, k2, in2, 1)
						if k2.cell.fast {
							t.Fatalf("non-constant weights took the packed path")
						}
						if err := k2.Eval(in2, outs2); err != nil {
							t.Fatal(err)
						}
						want, wh, wc := refSeq(p, act, float64(cellClip), float64(projClip), xs, nil, true, zeros(nb, p.nOut), zeros(nb, nCell))
						name := strings.NewReplacer(" ", "", "{", "", "}", "").Replace(
							fmtFeatures(f, tm, act))
						t.Run(name, func(t *testing.T) {
							sqClose(t, "output", outs[0].F32(), flatSeq(want, nil, tm), 1e-5)
							sqClose(t, "output state", h.F32(), flat2(wh), 1e-5)
							sqClose(t, "cell state", c.F32(), flat2(wc), 1e-5)
							sqClose(t, "output (dot-product path)", outs2[0].F32(), flatSeq(want, nil, tm), 1e-5)
							sqClose(t, "output state (dot-product path)", h2.F32(), flat2(wh), 1e-5)
							sqClose(t, "cell state (dot-product path)", c2.F32(), flat2(wc), 1e-5)
						})
					}
				}
			}
		}
	}
}

func fmtFeatures(f lstmFeatures, tm bool, a Activation) string {
	s := a.String()
	for _, x := range []struct {
		on   bool
		name string
	}{{f.cifg, "cifg"}, {f.peephole, "peephole"}, {f.proj, "proj"}, {f.norm, "layernorm"}, {f.diag, "diag"}, {tm, "timemajor"}} {
		if x.on {
			s += "_" + x.name
		}
	}
	return s
}

func TestLSTMDiagonalRecurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	p := randLSTM(r, 3, 4, 0, lstmFeatures{diag: true, peephole: true})
	xs := randSeq(r, 2, 5, 3)
	k := &UnidirectionalSequenceLSTM{Activation: ActTanh, DiagonalRecurrent: true}
	in, _, _ := p.uniInputs(seqTensor(xs, false), 2)
	outs := sqPrepare(t, k, in, 1)
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	want, _, _ := refSeq(p, ActTanh, 0, 0, xs, nil, true, zeros(2, 4), zeros(2, 4))
	sqClose(t, "output", outs[0].F32(), flatSeq(want, nil, false), 1e-5)
}

// The states are variables: a second Eval continues the sequence.
func TestLSTMStatePersists(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	p := randLSTM(r, 3, 4, 2, lstmFeatures{proj: true, peephole: true})
	xs := randSeq(r, 2, 6, 3)
	first, second := make([][][]float64, 2), make([][][]float64, 2)
	for b := range xs {
		first[b], second[b] = xs[b][:3], xs[b][3:]
	}
	k := &UnidirectionalSequenceLSTM{Activation: ActTanh, TimeMajor: true}
	x := seqTensor(first, true)
	in, _, _ := p.uniInputs(x, 2)
	outs := sqPrepare(t, k, in, 1)
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	copy(x.F32(), seqTensor(second, true).F32())
	if err := k.Eval(in, outs); err != nil {
		t.Fatal(err)
	}
	want, _, _ := refSeq(p, ActTanh, 0, 0, xs, nil, true, zeros(2, 2), zeros(2, 4))
	tail := make([][][]float64, 2)
	for b := range want {
		tail[b] = want[b][3:]
	}
	sqClose(t, "second output", outs[0].F32(), flatSeq(tail, nil, true), 1e-5)
}

func TestLSTMZeroAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	p := randLSTM(r, 5, 8, 3, lstmFeatures{proj: true, projBias: true, peephole: true, norm: true})
	in, _, _ := p.uniInputs(seqTensor(randSeq(r, 2, 4, 5), false), 2)
	sqRun(t, &UnidirectionalSequenceLSTM{Activation: ActTanh, CellClip: 3}, in, 1)
}

func TestLSTMErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	base := func() (*tLSTM, *tensor.Tensor) {
		return randLSTM(r, 3, 4, 2, lstmFeatures{proj: true}), seqTensor(randSeq(r, 2, 3, 3), false)
	}
	cases := []struct {
		name   string
		mutate func(in []*tensor.Tensor) []*tensor.Tensor
		k      UnidirectionalSequenceLSTM
		want   string
	}{
		{"21 inputs", func(in []*tensor.Tensor) []*tensor.Tensor { return in[:21] }, UnidirectionalSequenceLSTM{}, "20 or 24"},
		{"no forget weights", func(in []*tensor.Tensor) []*tensor.Tensor { in[2] = nil; return in }, UnidirectionalSequenceLSTM{}, "input-to-forget"},
		{"half CIFG", func(in []*tensor.Tensor) []*tensor.Tensor { in[1] = nil; return in }, UnidirectionalSequenceLSTM{}, "CIFG"},
		{"CIFG with input bias", func(in []*tensor.Tensor) []*tensor.Tensor { in[1], in[5] = nil, nil; return in }, UnidirectionalSequenceLSTM{}, "absent with CIFG"},
		{"partial peephole", func(in []*tensor.Tensor) []*tensor.Tensor {
			in[10] = sqConst(tensor.Shape{4}, make([]float32, 4))
			return in
		}, UnidirectionalSequenceLSTM{}, "peephole"},
		{"bad cell weights shape", func(in []*tensor.Tensor) []*tensor.Tensor {
			in[3] = sqConst(tensor.Shape{4, 2}, make([]float32, 8))
			return in
		}, UnidirectionalSequenceLSTM{}, "input-to-cell"},
		{"projection bias alone", func(in []*tensor.Tensor) []*tensor.Tensor {
			in[16] = nil
			in[17] = sqConst(tensor.Shape{2}, make([]float32, 2))
			for i := 5; i <= 8; i++ {
				in[i] = sqConst(tensor.Shape{4, 4}, make([]float32, 16))
			}
			in[18] = sqState(2, 4)
			return in
		}, UnidirectionalSequenceLSTM{}, "projection bias"},
		{"const state", func(in []*tensor.Tensor) []*tensor.Tensor { in[18].Const = true; return in }, UnidirectionalSequenceLSTM{}, "must be a variable"},
		{"state size", func(in []*tensor.Tensor) []*tensor.Tensor { in[19] = sqState(1, 4); return in }, UnidirectionalSequenceLSTM{}, "cell state"},
		{"partial layer norm", func(in []*tensor.Tensor) []*tensor.Tensor {
			in[22] = sqConst(tensor.Shape{4}, make([]float32, 4))
			return in
		}, UnidirectionalSequenceLSTM{}, "layer norm"},
		{"int8 weights", func(in []*tensor.Tensor) []*tensor.Tensor {
			q := tensor.New(tensor.Int8, tensor.Shape{4, 3})
			q.Const = true
			in[4] = q
			return in
		}, UnidirectionalSequenceLSTM{}, "hybrid"},
		{"rank 2 input", func(in []*tensor.Tensor) []*tensor.Tensor {
			in[0] = tensor.New(tensor.Float32, tensor.Shape{2, 3})
			return in
		}, UnidirectionalSequenceLSTM{}, "rank"},
		{"sign bit", nil, UnidirectionalSequenceLSTM{Activation: ActSignBit}, "activation"},
		{"negative clip", nil, UnidirectionalSequenceLSTM{CellClip: -1}, "clip"},
	}
	for _, c := range cases {
		p, x := base()
		in, _, _ := p.uniInputs(x, 2)
		if c.mutate != nil {
			in = c.mutate(in)
		}
		k := c.k
		err := k.Prepare(in, []*tensor.Tensor{{}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
	}
}

// --- bidirectional ---

// bidiInputs returns the 48 inputs and the four state tensors.
func bidiInputs(fw, bw *tLSTM, x, aux *tensor.Tensor, batch int) ([]*tensor.Tensor, []*tensor.Tensor) {
	in := []*tensor.Tensor{x}
	in = append(in, fw.weights17()...)
	in = append(in, bw.weights17()...)
	st := []*tensor.Tensor{sqState(batch, fw.nOut), sqState(batch, fw.nCell), sqState(batch, bw.nOut), sqState(batch, bw.nCell)}
	in = append(in, st...)
	in = append(in, aux)
	for _, p := range []*tLSTM{fw, bw} {
		for g := range 4 {
			in = append(in, p.mat(p.wa[g], p.nAux))
		}
	}
	return in, st
}

func TestBidiLSTMOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct {
		name             string
		merge, tm        bool
		f                lstmFeatures
		auxMode          int // 0 none, 1 aux weights, 2 backward reads aux
		nb, nt, nIn, nAx int
	}{
		{"merged_batchmajor", true, false, lstmFeatures{}, 0, 1, 5, 3, 0},
		{"merged_timemajor_batch3", true, true, lstmFeatures{peephole: true}, 0, 3, 4, 2, 0},
		{"split_batchmajor_batch2", false, false, lstmFeatures{proj: true, projBias: true}, 0, 2, 3, 4, 0},
		{"split_timemajor_cifg", false, true, lstmFeatures{cifg: true}, 0, 2, 4, 3, 0},
		{"merged_aux_weights", true, true, lstmFeatures{}, 1, 2, 3, 3, 2},
		{"split_aux_weights_cifg", false, false, lstmFeatures{cifg: true, peephole: true}, 1, 1, 4, 2, 5},
		{"merged_bw_reads_aux", true, false, lstmFeatures{}, 2, 1, 4, 3, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := c.f
			if c.auxMode == 1 {
				f.nAux = c.nAx
			}
			fw := randLSTM(r, c.nIn, 4, 3, f)
			bw := randLSTM(r, c.nIn, 4, 3, f)
			xs := randSeq(r, c.nb, c.nt, c.nIn)
			var auxs [][][]float64
			var auxT *tensor.Tensor
			if c.auxMode != 0 {
				auxs = randSeq(r, c.nb, c.nt, c.nAx)
				auxT = seqTensor(auxs, c.tm)
			}
			k := &BidirectionalSequenceLSTM{Activation: ActTanh, MergeOutputs: c.merge, TimeMajor: c.tm, CellClip: 2}
			in, st := bidiInputs(fw, bw, seqTensor(xs, c.tm), auxT, c.nb)
			nOut := 2
			if c.merge {
				nOut = 1
			}
			outs := sqPrepare(t, k, in, nOut)
			if err := k.Eval(in, outs); err != nil {
				t.Fatal(err)
			}
			fwAux, bwIn := auxs, xs
			if c.auxMode == 2 {
				fwAux, bwIn = nil, auxs
			}
			wf, fh, fc := refSeq(fw, ActTanh, 2, 0, xs, fwAux, true, zeros(c.nb, fw.nOut), zeros(c.nb, 4))
			wb, bh, bc := refSeq(bw, ActTanh, 2, 0, bwIn, fwAux, false, zeros(c.nb, bw.nOut), zeros(c.nb, 4))
			if c.merge {
				sqClose(t, "merged output", outs[0].F32(), flatSeq(wf, wb, c.tm), 1e-5)
			} else {
				sqClose(t, "forward output", outs[0].F32(), flatSeq(wf, nil, c.tm), 1e-5)
				sqClose(t, "backward output", outs[1].F32(), flatSeq(wb, nil, c.tm), 1e-5)
			}
			sqClose(t, "fw h", st[0].F32(), flat2(fh), 1e-5)
			sqClose(t, "fw c", st[1].F32(), flat2(fc), 1e-5)
			sqClose(t, "bw h", st[2].F32(), flat2(bh), 1e-5)
			sqClose(t, "bw c", st[3].F32(), flat2(bc), 1e-5)
			// Allocation check (advances the states, which is fine now).
			if a := testing.AllocsPerRun(3, func() {
				if err := k.Eval(in, outs); err != nil {
					panic(err)
				}
			}); a != 0 {
				t.Errorf("Eval allocates %v times per run", a)
			}
		})
	}
}

func TestBidiLSTMErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	fw := randLSTM(r, 3, 4, 3, lstmFeatures{})
	bw := randLSTM(r, 3, 4, 3, lstmFeatures{})
	x := seqTensor(randSeq(r, 1, 2, 3), false)
	in, _ := bidiInputs(fw, bw, x, nil, 1)
	k := &BidirectionalSequenceLSTM{Activation: ActTanh, MergeOutputs: true}
	if err := k.Prepare(in, []*tensor.Tensor{{}, {}}); err == nil || !strings.Contains(err.Error(), "merge_outputs") {
		t.Errorf("2 outputs with merge: %v", err)
	}
	if err := k.Prepare(in[:40], []*tensor.Tensor{{}}); err == nil || !strings.Contains(err.Error(), "48") {
		t.Errorf("40 inputs: %v", err)
	}
	bw2 := randLSTM(r, 3, 5, 3, lstmFeatures{})
	in2, _ := bidiInputs(fw, bw2, x, nil, 1)
	if err := k.Prepare(in2, []*tensor.Tensor{{}}); err == nil {
		t.Error("different n_cell accepted")
	}
	in3, _ := bidiInputs(fw, bw, x, nil, 1)
	in3[41] = sqConst(tensor.Shape{4, 2}, make([]float32, 8))
	if err := k.Prepare(in3, []*tensor.Tensor{{}}); err == nil || !strings.Contains(err.Error(), "aux") {
		t.Errorf("partial aux weights: %v", err)
	}
	in4, _ := bidiInputs(fw, bw, x, seqTensor(randSeq(r, 1, 2, 2), false), 1)
	if err := k.Prepare(in4, []*tensor.Tensor{{}}); err == nil || !strings.Contains(err.Error(), "backward input") {
		t.Errorf("aux of another shape as backward input: %v", err)
	}
}
