package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm/gemmf32"
	"github.com/octet-ml/octet/tensor"
)

// This file holds the float32 LSTM cell shared by
// UNIDIRECTIONAL_SEQUENCE_LSTM and BIDIRECTIONAL_SEQUENCE_LSTM. It follows
// the float path of TFLite's lstm_eval (LstmStepFloat). For one batch row,
// with x the input, a the auxiliary input (bidirectional only), h the output
// state and c the cell state from the previous step:
//
//	i = σ(Wxi·x + Wai·a + Whi·h + pi⊙c + bi)   (absent with CIFG)
//	f = σ(Wxf·x + Waf·a + Whf·h + pf⊙c + bf)
//	g = act(Wxc·x + Wac·a + Whc·h + bc)
//	c' = clip(f⊙c + i⊙g, cell_clip)            (CIFG: i = 1-f)
//	o = σ(Wxo·x + Wao·a + Who·h + po⊙c' + bo)   (the peephole sees c')
//	m = o⊙act(c')
//	h' = clip(P·m + pb, proj_clip)              (without projection: h' = m)
//
// act is the op's fused activation (usually TANH), σ the logistic function,
// p* the optional peephole (diagonal) weights and clip(v, k) clamps to
// [-k, k] when k > 0. With layer normalization each gate's pre-activation
// is computed without its bias, normalized over the cells of the row
// ((v-mean)/sqrt(variance+1e-8)), scaled by the gate's coefficients, and
// then the bias is added. With diagonal recurrent weights (an option of
// UNIDIRECTIONAL_SEQUENCE_LSTM) each Wh* is a vector of n_cell values
// multiplied elementwise with h. The step's output is h', which also becomes
// the new output state.
//
// With constant weights, no auxiliary input and full recurrent weights the
// gate products are float32 GEMMs (asm/gemmf32: fused multiply-adds in
// float32, bias first, then input and recurrent products added), as
// TFLite's float32 sums but in a different order; otherwise dot products
// are accumulated in float64 and rounded once. Either way results can
// differ from TFLite's in the last bits.
//
// Fused activation NONE is the identity here. TFLite's float kernel has a
// bug for NONE: its ApplyActivationToVector does nothing (not even copy) for
// NONE, so m becomes o⊙g (the cell gate, not the cell state). octet computes
// m = o⊙c'; models with NONE therefore differ from TFLite. RELU, RELU_N1_TO_1,
// RELU6 and TANH are supported; SIGN_BIT is rejected.

// LSTM gates, in the order TFLite lays out their tensors.
const (
	gateI = iota // input gate
	gateF        // forget gate
	gateC        // cell gate (the candidate)
	gateO        // output gate
)

var lstmGateName = [4]string{"input", "forget", "cell", "output"}

// lstmRoles says where one LSTM direction's tensors sit among its op's
// inputs; -1 means the op has no such input.
type lstmRoles struct {
	inW, recW, auxW, bias, norm, peep [4]int // peep[gateC] is always -1
	projW, projB                      int
	h, c                              int // state (variable) tensors
}

// lstmCell is one prepared LSTM direction.
type lstmCell struct {
	r                            lstmRoles
	nInput, nAux, nCell, nOutput int
	cifg, peephole, norm, proj   bool
	diag, aux                    bool
	act                          Activation
	cellClip, projClip           float32
	gates                        []float32 // scratch: 4 gates of nCell
	m                            []float32 // scratch: o⊙act(c'), nCell

	// With constant weights, no auxiliary input and full recurrent
	// weights (packFast), the matrix products run on asm/gemmf32: the
	// input product of every step at once (it does not depend on the
	// state), then per step the recurrent product, with the present
	// gates stacked (gateOff[g] their column offset, -1 if absent).
	fast          bool
	gemm          gemmf32.Impl
	nG            int
	gateOff       [4]int
	pIn, pRec     []float32 // packed stacked weights (pIn with the biases unless norm)
	accIn, accRec []float32 // [rows, nG*nCell], [nG*nCell]
}

// lstmWeights holds float32 views of one direction's tensors, taken at Eval
// (so non-constant weights work too).
type lstmWeights struct {
	inW, recW, auxW, bias, norm, peep [4][]float32
	projW, projB                      []float32
	h, c                              []float32
}

// lstmOpt returns in[i], or nil when the op has no input i or leaves it out.
func lstmOpt(in []*tensor.Tensor, i int) *tensor.Tensor {
	if i < 0 || i >= len(in) {
		return nil
	}
	return in[i]
}

// lstmCheckOptions rejects fused activations the LSTM kernels do not
// implement, and negative or NaN clips.
func lstmCheckOptions(a Activation, cellClip, projClip float32) error {
	switch a {
	case ActNone, ActRelu, ActReluN1To1, ActRelu6, ActTanh:
	default:
		return errUnsupportedAct(a)
	}
	if !(cellClip >= 0) || !(projClip >= 0) {
		return fmt.Errorf("cell_clip %v and proj_clip %v must be >= 0 (0 means no clipping)", cellClip, projClip)
	}
	return nil
}

// lstmTensor checks that t is a float32 tensor of the given shape.
func lstmTensor(t *tensor.Tensor, what string, shape ...int) error {
	if t.DType != tensor.Float32 {
		if t.DType == tensor.Int8 || t.DType == tensor.Uint8 || t.DType == tensor.Int16 {
			return fmt.Errorf("%s %s: %w %v: quantized and hybrid LSTMs are not supported, only float32", what, t.Name, ErrType, t.DType)
		}
		return fmt.Errorf("%s %s: %w %v (want float32)", what, t.Name, ErrType, t.DType)
	}
	if !t.Shape.Equal(shape) {
		return fmt.Errorf("%s %s: %w: shape %v, want %v", what, t.Name, ErrShape, t.Shape, tensor.Shape(shape))
	}
	return nil
}

// prepare checks one direction's tensors for nBatch rows of nInput inputs
// (and nAux auxiliary inputs when aux is set) and sets the cell's geometry.
// The caller has set r, act, cellClip, projClip and diag.
func (c *lstmCell) prepare(in []*tensor.Tensor, nInput, nAux, nBatch int, aux bool, dir string) error {
	r := &c.r
	get := func(i int) *tensor.Tensor { return lstmOpt(in, i) }
	name := func(what string) string { return dir + what }
	for _, g := range []int{gateF, gateC, gateO} {
		if get(r.inW[g]) == nil {
			return fmt.Errorf("%sinput-to-%s weights (input %d) are required", dir, lstmGateName[g], r.inW[g])
		}
		if get(r.recW[g]) == nil {
			return fmt.Errorf("%srecurrent-to-%s weights (input %d) are required", dir, lstmGateName[g], r.recW[g])
		}
		if get(r.bias[g]) == nil {
			return fmt.Errorf("%s%s gate bias (input %d) is required", dir, lstmGateName[g], r.bias[g])
		}
	}
	wo := get(r.inW[gateO])
	if len(wo.Shape) != 2 || wo.Shape[0] <= 0 {
		return fmt.Errorf("%sinput-to-output weights %s: %w: shape %v, want [n_cell, %d]", dir, wo.Name, ErrShape, wo.Shape, nInput)
	}
	nCell := wo.Shape[0]
	pw := get(r.projW)
	nOutput := nCell
	if pw != nil {
		if len(pw.Shape) != 2 || pw.Shape[0] <= 0 {
			return fmt.Errorf("%sprojection weights %s: %w: shape %v, want [n_output, %d]", dir, pw.Name, ErrShape, pw.Shape, nCell)
		}
		nOutput = pw.Shape[0]
	}
	if !c.diag {
		ro := get(r.recW[gateO])
		if len(ro.Shape) != 2 || ro.Shape[1] <= 0 {
			return fmt.Errorf("%srecurrent-to-output weights %s: %w: shape %v, want [%d, n_output]", dir, ro.Name, ErrShape, ro.Shape, nCell)
		}
		if pw == nil && ro.Shape[1] != nCell {
			return fmt.Errorf("%srecurrent-to-output weights %s: %w: shape %v, want [%d, %d] (n_output is n_cell without projection)",
				dir, ro.Name, ErrShape, ro.Shape, nCell, nCell)
		}
		nOutput = ro.Shape[1]
	} else if nOutput != nCell {
		return fmt.Errorf("%s%w: diagonal recurrent weights need n_output (%d) = n_cell (%d)", dir, ErrShape, nOutput, nCell)
	}
	if int64(nCell)*int64(max(nInput, nAux, nOutput)) > math.MaxInt32 {
		return fmt.Errorf("%s%w: weights too large", dir, ErrShape)
	}

	// CIFG: the input gate's weights are all absent, or all present.
	c.cifg = get(r.inW[gateI]) == nil
	if (get(r.recW[gateI]) == nil) != c.cifg {
		return fmt.Errorf("%sinput-to-input (input %d) and recurrent-to-input (input %d) weights must both be present or both absent (CIFG)",
			dir, r.inW[gateI], r.recW[gateI])
	}
	if (get(r.bias[gateI]) == nil) != c.cifg {
		if c.cifg {
			return fmt.Errorf("%sinput gate bias (input %d) must be absent with CIFG (no input gate weights)", dir, r.bias[gateI])
		}
		return fmt.Errorf("%sinput gate bias (input %d) is required without CIFG", dir, r.bias[gateI])
	}
	for g := range 4 {
		if g == gateI && c.cifg {
			continue
		}
		if err := lstmTensor(get(r.inW[g]), name("input-to-"+lstmGateName[g]+" weights"), nCell, nInput); err != nil {
			return err
		}
		rs := []int{nCell, nOutput}
		if c.diag {
			rs = []int{nCell}
		}
		if err := lstmTensor(get(r.recW[g]), name("recurrent-to-"+lstmGateName[g]+" weights"), rs...); err != nil {
			return err
		}
		if err := lstmTensor(get(r.bias[g]), name(lstmGateName[g]+" gate bias"), nCell); err != nil {
			return err
		}
	}

	// Peephole: cell-to-forget and cell-to-output, plus cell-to-input
	// unless CIFG, all present or all absent.
	pf, po, pi := get(r.peep[gateF]), get(r.peep[gateO]), get(r.peep[gateI])
	c.peephole = pf != nil || po != nil || (pi != nil && !c.cifg)
	if c.peephole {
		for _, g := range []int{gateI, gateF, gateO} {
			p := get(r.peep[g])
			if g == gateI && c.cifg {
				continue
			}
			if p == nil {
				return fmt.Errorf("%speephole weights must all be present or all absent: cell-to-%s (input %d) is missing", dir, lstmGateName[g], r.peep[g])
			}
			if err := lstmTensor(p, name("cell-to-"+lstmGateName[g]+" weights"), nCell); err != nil {
				return err
			}
		}
	}

	// Projection.
	c.proj = pw != nil
	if c.proj {
		if err := lstmTensor(pw, name("projection weights"), nOutput, nCell); err != nil {
			return err
		}
		if pb := get(r.projB); pb != nil {
			if err := lstmTensor(pb, name("projection bias"), nOutput); err != nil {
				return err
			}
		}
	} else if get(r.projB) != nil {
		return fmt.Errorf("%sprojection bias (input %d) without projection weights", dir, r.projB)
	}

	// Layer normalization, decided (as in TFLite) by the forget gate's
	// coefficients.
	c.norm = get(r.norm[gateF]) != nil
	for g := range 4 {
		t := get(r.norm[g])
		want := c.norm && !(g == gateI && c.cifg)
		if t == nil && want {
			return fmt.Errorf("%slayer norm: %s gate coefficients (input %d) are missing", dir, lstmGateName[g], r.norm[g])
		}
		if t != nil && !want {
			if c.norm {
				return fmt.Errorf("%slayer norm: input gate coefficients (input %d) must be absent with CIFG", dir, r.norm[g])
			}
			return fmt.Errorf("%slayer norm: %s gate coefficients (input %d) given without forget gate coefficients", dir, lstmGateName[g], r.norm[g])
		}
		if t != nil {
			if err := lstmTensor(t, name(lstmGateName[g]+" layer norm coefficients"), nCell); err != nil {
				return err
			}
		}
	}

	// Auxiliary input weights (bidirectional only).
	c.aux = aux
	for g := range 4 {
		t := get(r.auxW[g])
		if !aux || (g == gateI && c.cifg) {
			continue
		}
		if t == nil {
			return fmt.Errorf("%saux-input-to-%s weights (input %d) are missing", dir, lstmGateName[g], r.auxW[g])
		}
		if err := lstmTensor(t, name("aux-input-to-"+lstmGateName[g]+" weights"), nCell, nAux); err != nil {
			return err
		}
	}

	// State tensors: variables, which the op reads and overwrites.
	for _, s := range []struct {
		idx  int
		what string
		n    int
	}{{r.h, "output state", nBatch * nOutput}, {r.c, "cell state", nBatch * nCell}} {
		t := get(s.idx)
		if t == nil {
			return fmt.Errorf("%s%s (input %d) is required", dir, s.what, s.idx)
		}
		if t.DType != tensor.Float32 {
			return fmt.Errorf("%s%s %s: %w %v (want float32)", dir, s.what, t.Name, ErrType, t.DType)
		}
		if t.Const {
			return fmt.Errorf("%s%s %s is a constant; it must be a variable tensor (TFLite's kernel requires is_variable)", dir, s.what, t.Name)
		}
		if t.Shape.NumElements() != s.n {
			return fmt.Errorf("%s%s %s: %w: shape %v has %d elements, want %d (batch %d)", dir, s.what, t.Name, ErrShape,
				t.Shape, t.Shape.NumElements(), s.n, nBatch)
		}
	}

	c.nInput, c.nAux, c.nCell, c.nOutput = nInput, nAux, nCell, nOutput
	if !aux {
		c.nAux = 0
	}
	c.gates = make([]float32, 4*nCell)
	c.m = make([]float32, nCell)
	return nil
}

// packFast packs the weights for the gemmf32 path when they are constant,
// there is no auxiliary input and the recurrent weights are full matrices;
// rows is the number of sequence rows (T·B). Otherwise the cell keeps the
// dot-product path.
func (c *lstmCell) packFast(in []*tensor.Tensor, rows int) {
	c.fast = false
	if c.aux || c.diag {
		return
	}
	for g := range 4 {
		if g == gateI && c.cifg {
			continue
		}
		for _, t := range []struct{ i, n int }{{c.r.inW[g], c.nCell * c.nInput}, {c.r.recW[g], c.nCell * c.nOutput}, {c.r.bias[g], c.nCell}} {
			if x := lstmOpt(in, t.i); x == nil || !x.Const || len(x.F32()) < t.n {
				return // Eval's checkData reports short data
			}
		}
	}
	nC := c.nCell
	var wx, wh, bias []float32
	c.nG = 0
	for g := range 4 {
		c.gateOff[g] = -1
		if g == gateI && c.cifg {
			continue
		}
		c.gateOff[g] = c.nG * nC
		c.nG++
		wx = append(wx, lstmOpt(in, c.r.inW[g]).F32()[:nC*c.nInput]...)
		wh = append(wh, lstmOpt(in, c.r.recW[g]).F32()[:nC*c.nOutput]...)
		b := lstmOpt(in, c.r.bias[g]).F32()[:nC]
		if c.norm {
			b = make([]float32, nC) // normalization adds the bias after
		}
		bias = append(bias, b...)
	}
	n := c.nG * nC
	c.gemm = gemmf32.Best()
	c.pIn = make([]float32, gemmf32.PackedLen(n, c.nInput))
	gemmf32.Pack(c.pIn, wx, bias, n, c.nInput)
	c.pRec = make([]float32, gemmf32.PackedLen(n, c.nOutput))
	gemmf32.Pack(c.pRec, wh, nil, n, c.nOutput)
	c.accIn = make([]float32, rows*n)
	c.accRec = make([]float32, n)
	c.fast = true
}

// weights returns views of the direction's tensors.
func (c *lstmCell) weights(in []*tensor.Tensor) lstmWeights {
	var w lstmWeights
	f := func(i int) []float32 {
		if t := lstmOpt(in, i); t != nil {
			return t.F32()
		}
		return nil
	}
	for g := range 4 {
		w.inW[g], w.recW[g], w.bias[g] = f(c.r.inW[g]), f(c.r.recW[g]), f(c.r.bias[g])
		if c.aux {
			w.auxW[g] = f(c.r.auxW[g])
		}
		if c.norm {
			w.norm[g] = f(c.r.norm[g])
		}
		if c.peephole {
			w.peep[g] = f(c.r.peep[g])
		}
	}
	if c.proj {
		w.projW, w.projB = f(c.r.projW), f(c.r.projB)
	}
	w.h, w.c = f(c.r.h), f(c.r.c)
	return w
}

// checkData reports whether every tensor holds the data the prepared
// geometry needs, so that Eval cannot index out of range.
func (c *lstmCell) checkData(w *lstmWeights, nBatch int) bool {
	nc := c.nCell
	rec := nc * c.nOutput
	if c.diag {
		rec = nc
	}
	for g := range 4 {
		if g == gateI && c.cifg {
			continue
		}
		if len(w.inW[g]) < nc*c.nInput || len(w.recW[g]) < rec || len(w.bias[g]) < nc {
			return false
		}
		if c.aux && len(w.auxW[g]) < nc*c.nAux {
			return false
		}
		if c.norm && len(w.norm[g]) < nc {
			return false
		}
		if c.peephole && g != gateC && len(w.peep[g]) < nc {
			return false
		}
	}
	if c.proj && (len(w.projW) < c.nOutput*nc || (c.r.projB >= 0 && w.projB != nil && len(w.projB) < c.nOutput)) {
		return false
	}
	return len(w.h) >= nBatch*c.nOutput && len(w.c) >= nBatch*nc
}

// run processes a sequence of nTime steps for nBatch rows, forward or
// backward in time. Row (t, b) of x (and aux) starts at element
// (t*nBatch+b)*n when timeMajor, else (b*nTime+t)*n; output row (t, b) is
// written at the same row index times outStride, plus outOffset.
func (c *lstmCell) run(w *lstmWeights, x, aux, out []float32, nTime, nBatch int, timeMajor, forward bool, outStride, outOffset int) {
	n := c.nG * c.nCell
	if c.fast {
		inf := float32(math.Inf(1))
		c.gemm.Run(nTime*nBatch, n, c.nInput, x, c.nInput, c.pIn, c.accIn, n, -inf, inf)
	}
	for b := range nBatch {
		h := w.h[b*c.nOutput:][:c.nOutput]
		cs := w.c[b*c.nCell:][:c.nCell]
		for s := range nTime {
			t := s
			if !forward {
				t = nTime - 1 - s
			}
			row := b*nTime + t
			if timeMajor {
				row = t*nBatch + b
			}
			var ar []float32
			if c.aux {
				ar = aux[row*c.nAux:][:c.nAux]
			}
			o := out[row*outStride+outOffset:][:c.nOutput]
			if c.fast {
				c.stepFast(w, c.accIn[row*n:][:n], h, cs, o)
			} else {
				c.step(w, x[row*c.nInput:][:c.nInput], ar, h, cs, o)
			}
		}
	}
}

// step advances one batch row by one time step: it reads x (and aux),
// updates the output state h and cell state cs in place, and writes the new
// output state to out.
func (c *lstmCell) step(w *lstmWeights, x, aux, h, cs, out []float32) {
	n := c.nCell
	for g := range 4 {
		if g == gateI && c.cifg {
			continue
		}
		pre := c.gates[g*n:][:n]
		inW, recW, auxW, bias := w.inW[g], w.recW[g], w.auxW[g], w.bias[g]
		var peep []float32
		if c.peephole && g != gateO {
			peep = w.peep[g] // the output gate's peephole needs the new cell state
		}
		for j := range pre {
			var acc float64
			if !c.norm {
				acc = float64(bias[j])
			}
			acc += lstmDot(inW[j*c.nInput:][:c.nInput], x)
			if c.aux {
				acc += lstmDot(auxW[j*c.nAux:][:c.nAux], aux)
			}
			if c.diag {
				acc += float64(recW[j]) * float64(h[j])
			} else {
				acc += lstmDot(recW[j*c.nOutput:][:c.nOutput], h)
			}
			if peep != nil {
				acc += float64(peep[j]) * float64(cs[j])
			}
			pre[j] = float32(acc)
		}
	}
	c.finish(w, h, cs, out)
}

// stepFast is step on the gemmf32 path: accIn is the row's input product
// (biases included unless norm), the recurrent product is one matrix-vector
// product.
func (c *lstmCell) stepFast(w *lstmWeights, accIn, h, cs, out []float32) {
	n := c.nCell
	nn := c.nG * n
	inf := float32(math.Inf(1))
	c.gemm.Run(1, nn, c.nOutput, h, c.nOutput, c.pRec, c.accRec, nn, -inf, inf)
	for g := range 4 {
		off := c.gateOff[g]
		if off < 0 {
			continue
		}
		pre := c.gates[g*n:][:n]
		a, r := accIn[off:][:n], c.accRec[off:][:n]
		for j := range pre {
			pre[j] = a[j] + r[j]
		}
		if c.peephole && g != gateO && g != gateC {
			p := w.peep[g][:n]
			for j := range pre {
				pre[j] = float32(float64(pre[j]) + float64(p[j])*float64(cs[j]))
			}
		}
	}
	c.finish(w, h, cs, out)
}

// finish turns the gate pre-activations in c.gates into the new cell state
// cs, output out and output state h.
func (c *lstmCell) finish(w *lstmWeights, h, cs, out []float32) {
	n := c.nCell
	ig, fg := c.gates[gateI*n:][:n], c.gates[gateF*n:][:n]
	cg, og := c.gates[gateC*n:][:n], c.gates[gateO*n:][:n]
	if !c.cifg {
		c.finishGate(w, gateI, ig, true)
	}
	c.finishGate(w, gateF, fg, true)
	c.finishGate(w, gateC, cg, false)
	for j := range cs {
		i := 1 - fg[j]
		if !c.cifg {
			i = ig[j]
		}
		v := fg[j]*cs[j] + i*cg[j]
		if c.cellClip > 0 {
			v = clamp(v, -c.cellClip, c.cellClip)
		}
		cs[j] = v
	}
	if c.peephole {
		po := w.peep[gateO]
		for j := range og {
			og[j] = float32(float64(og[j]) + float64(po[j])*float64(cs[j]))
		}
	}
	c.finishGate(w, gateO, og, true)
	m := c.m[:n]
	for j := range m {
		m[j] = og[j] * lstmActivate(c.act, cs[j])
	}
	if c.proj {
		pb := w.projB
		for k := range out {
			var acc float64
			if pb != nil {
				acc = float64(pb[k])
			}
			acc += lstmDot(w.projW[k*n:][:n], m)
			v := float32(acc)
			if c.projClip > 0 {
				v = clamp(v, -c.projClip, c.projClip)
			}
			out[k] = v
		}
	} else {
		copy(out, m)
	}
	copy(h, out)
}

// finishGate applies layer normalization (when enabled) and the gate's
// activation to its pre-activation v: the logistic function, or the op's
// activation for the cell gate.
func (c *lstmCell) finishGate(w *lstmWeights, g int, v []float32, sigmoid bool) {
	if c.norm {
		coef, bias := w.norm[g], w.bias[g]
		var sum float64
		for _, x := range v {
			sum += float64(x)
		}
		mean := sum / float64(len(v))
		var sq float64
		for _, x := range v {
			d := float64(x) - mean
			sq += d * d
		}
		inv := 1 / math.Sqrt(sq/float64(len(v))+1e-8)
		for j, x := range v {
			v[j] = float32((float64(x)-mean)*inv)*coef[j] + bias[j]
		}
	}
	if sigmoid {
		for j, x := range v {
			v[j] = lstmSigmoid(x)
		}
		return
	}
	for j, x := range v {
		v[j] = lstmActivate(c.act, x)
	}
}

// lstmDot returns the float64 dot product of a and b (b at least as long).
func lstmDot(a, b []float32) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += float64(a[i]) * float64(b[i])
		s1 += float64(a[i+1]) * float64(b[i+1])
		s2 += float64(a[i+2]) * float64(b[i+2])
		s3 += float64(a[i+3]) * float64(b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += float64(a[i]) * float64(b[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func lstmSigmoid(x float32) float32 {
	return float32(1 / (1 + math.Exp(-float64(x))))
}

// lstmActivate applies a fused activation to one value (NONE is the
// identity; see the file comment).
func lstmActivate(a Activation, x float32) float32 {
	switch a {
	case ActTanh:
		return float32(math.Tanh(float64(x)))
	case ActRelu:
		return max(x, 0)
	case ActReluN1To1:
		return clamp(x, -1, 1)
	case ActRelu6:
		return clamp(x, 0, 6)
	}
	return x
}

// seqDataErr is the error of an Eval whose tensors hold less data than
// Prepare planned for.
type seqDataErr string

func (e seqDataErr) Error() string {
	return string(e) + ": a tensor holds less data than its shape needs"
}
