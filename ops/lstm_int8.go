package ops

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet/asm/gemmi8"
	"github.com/octet-ml/octet/asm/qlstm"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// This file holds the full-integer LSTM of UNIDIRECTIONAL_SEQUENCE_LSTM,
// TFLite's "8x8_16" kernel (lstm_eval's EvalInteger8x8_16), bit for bit:
// int8 input, weights and output state, int32 biases, int16 cell state with
// a power-of-two scale 2^cs, int16 peephole weights, gates in int16.
//
// For each step and batch row, with x the int8 input, h the int8 output
// state and c the int16 cell state:
//
//	for each gate G (input unless CIFG, forget, cell, output):
//	  v  = sat16(MBQM(bx[r] + Σ Wx·x, sx))          bx: bias + (-x_zp)·ΣWx
//	  v  = sat16(MBQM(bh[r] + Σ Wh·h, sh) + v)      bh: (-h_zp)·ΣWh
//	  v  = sat16(MBQM(p[r]·c[r], sp) + v)            peephole (I, F: old c; O: new c)
//	  G  = logistic16(v as Q3.12) or, for the cell gate, tanh16(v as Q3.12): Q0.15
//	c  = int16(RDPOT(F·c, 15))
//	c  = sat16(c + int16(RDPOT(I·Cg, 30+cs)))       CIFG: I = 32767 - F
//	c  = clamp(c, ±cell_clip/2^cs)                   when cell_clip > 0
//	m  = sat8(MBQM(O·tanh16(c as Q(15+cs)), s_hid) - hidden_zp)
//	h  = projection ? sat8(MBQM(bp + Σ Wp·m, sp) + h_zp), clipped : m
//
// MBQM is TFLite's MultiplyByQuantizedMultiplier (double rounding), RDPOT a
// rounding right shift, logistic16 and tanh16 gemmlowp's 16-bit fixed-point
// functions (quant.Logistic16, quant.Tanh16), sat16/sat8 saturation. The
// multipliers come from the tensors' scales as TFLite computes them in
// float32: sx = s_x·s_Wx/s_G, sh = s_h·s_Wh/s_G with s_G = 2^-12 (the gate
// intermediates are only read with layer normalization, which octet does not
// support in integer form), sp = 2^cs·s_p/s_G, s_hid = 2^-30/s_m with s_m the
// scale of the op's fifth intermediate tensor (the hidden m), sp = s_Wp·s_m/s_h.
//
// Two TFLite details are kept: the hidden value is stored as
// round(m/s_m) - hidden_zp (the opposite sign convention to other tensors),
// and the projection folds +hidden_zp·ΣWp into its bias, which undoes it.
// Without projection m becomes the output state directly, so a quantizer
// should give the hidden intermediate the output's scale and zero point 0
// (octet's quantize does). One TFLite quirk is not kept: with peephole and
// projection TFLite applies the peephole to only the first n_output cells;
// octet applies it to all n_cell cells as the LSTM is defined.

// newLSTMMult returns TFLite's quantized form of the multiplier x
// (QuantizeMultiplier of the float32 value, as TFLite computes it).
func newLSTMMult(x float32, what string) (qlstm.Mult, error) {
	m, s := quant.QuantizeMultiplier(float64(x))
	q, err := qlstm.NewMult(m, s)
	if err != nil {
		return q, fmt.Errorf("%s multiplier %v: %w", what, x, err)
	}
	return q, nil
}

// lstmInt8 is one prepared integer LSTM direction.
type lstmInt8 struct {
	nInput, nCell, nOutput int
	cifg, peephole, proj   bool

	inW, recW       [4][]int8
	inBias, recBias [4][]int32 // effective biases, zero points folded in
	inScale         [4]qlstm.Mult
	recScale        [4]qlstm.Mult
	peep            [4][]int16
	peepScale       [4]qlstm.Mult
	projW           []int8
	projBias        []int32
	projScale       qlstm.Mult
	hiddenScale     qlstm.Mult
	hiddenZP        int32
	outZP           int32
	cellShift       int // the cell state's scale is 2^cellShift
	cellClip        int16
	projClip        int8

	sigmoid, tanhGate, tanhCell *quant.Table16 // Logistic16(·,3), Tanh16(·,3), Tanh16(·,15+cellShift)

	// The elementwise part of each step runs on asm/qlstm's kernels.
	impl   *qlstm.Impl
	gates  [4][]int16 // scratch, nCell each
	tanhC  []int16    // scratch, nCell: tanh of the new cell state
	hidden []int8     // scratch, nCell

	// The matrix products run as int8 GEMMs (asm/gemmi8) with the
	// effective biases as initial values: the input product of every step
	// at once (it does not depend on the state), then per step the
	// recurrent product and the projection. Integer sums are exact, so this
	// equals TFLite's row-by-row loops.
	gateOff             [4]int // column offset of each gate in the stacked products, -1 if absent
	nG                  int    // gates present (3 with CIFG, else 4)
	pIn, pRec, pProj    *gemmi8.Packed
	kpIn, kpRec, kpProj int    // K of each product padded to the kernel's block
	xPad                []int8 // [rows, kpIn]
	accIn               []int32
	hPad, mPad          []int8 // [kpRec], [kpProj]
	accRec, accProj     []int32
}

// kPad rounds k up to a multiple of the implementation's K block.
func kPad(im *gemmi8.Impl, k int) int { return (k + im.KC - 1) / im.KC * im.KC }

// pack stacks the present gates' weights and effective biases and packs
// them for the GEMM kernel; rows is the number of sequence rows (T·B).
func (k *lstmInt8) pack(rows int) {
	im := gemmi8.Best()
	nC := k.nCell
	var wx, wh []int8
	var bx, bh []int32
	k.nG = 0
	for g := range 4 {
		k.gateOff[g] = -1
		if k.inW[g] == nil {
			continue
		}
		k.gateOff[g] = k.nG * nC
		k.nG++
		wx, wh = append(wx, k.inW[g]...), append(wh, k.recW[g]...)
		bx, bh = append(bx, k.inBias[g]...), append(bh, k.recBias[g]...)
	}
	n := k.nG * nC
	k.pIn, k.pRec = im.Pack(wx, n, k.nInput, bx), im.Pack(wh, n, k.nOutput, bh)
	k.kpIn, k.kpRec = kPad(im, k.nInput), kPad(im, k.nOutput)
	k.xPad = make([]int8, rows*k.kpIn)
	k.accIn = make([]int32, rows*n)
	k.hPad = make([]int8, k.kpRec)
	k.accRec = make([]int32, n)
	if k.proj {
		k.pProj = im.Pack(k.projW, k.nOutput, nC, k.projBias)
		k.kpProj = kPad(im, nC)
		k.mPad = make([]int8, k.kpProj)
		k.accProj = make([]int32, k.nOutput)
	}
}

// lstmQuant returns the single scale and zero point of t, or an error.
func lstmQuant(t *tensor.Tensor, what string) (float32, int32, error) {
	q := t.Quant
	if q == nil || len(q.Scale) == 0 {
		return 0, 0, fmt.Errorf("%s %s has no quantization parameters", what, t.Name)
	}
	if len(q.Scale) != 1 {
		return 0, 0, fmt.Errorf("%s %s: the integer LSTM needs per-tensor quantization, got %d scales", what, t.Name, len(q.Scale))
	}
	s := q.Scale[0]
	if !(s > 0) || math.IsInf(float64(s), 0) {
		return 0, 0, fmt.Errorf("%s %s: invalid scale %v", what, t.Name, s)
	}
	var zp int64
	if len(q.ZeroPoint) > 0 {
		zp = q.ZeroPoint[0]
	}
	if zp < math.MinInt32 || zp > math.MaxInt32 {
		return 0, 0, fmt.Errorf("%s %s: zero point %d out of range", what, t.Name, zp)
	}
	return s, int32(zp), nil
}

// lstmConstOf checks that t is a constant of dtype dt and the given shape.
func lstmConstOf(t *tensor.Tensor, what string, dt tensor.DType, shape ...int) error {
	if t.DType != dt {
		return fmt.Errorf("%s %s: %w %v (the integer LSTM wants %v)", what, t.Name, ErrType, t.DType, dt)
	}
	if !t.Shape.Equal(shape) {
		return fmt.Errorf("%s %s: %w: shape %v, want %v", what, t.Name, ErrShape, t.Shape, tensor.Shape(shape))
	}
	if !t.Const || len(t.Data) < t.ByteSize() {
		return fmt.Errorf("%s %s must be a constant tensor for the integer LSTM", what, t.Name)
	}
	return nil
}

// prepareInt8 checks and pre-processes an integer UNIDIRECTIONAL_SEQUENCE_LSTM
// for nBatch rows of nInput inputs. inter are the op's intermediate tensors.
func (k *lstmInt8) prepare(in []*tensor.Tensor, out *tensor.Tensor, inter []*tensor.Tensor, nInput, nBatch int,
	act Activation, cellClip, projClip float32, diag bool) error {
	r := uniLSTMRoles
	get := func(i int) *tensor.Tensor { return lstmOpt(in, i) }
	if act != ActTanh {
		return fmt.Errorf("the integer LSTM always uses tanh; fused activation %v is not supported", act)
	}
	if diag {
		return fmt.Errorf("the integer LSTM does not support diagonal recurrent weights")
	}
	if !(cellClip >= 0) || !(projClip >= 0) {
		return fmt.Errorf("cell_clip %v and proj_clip %v must be >= 0 (0 means no clipping)", cellClip, projClip)
	}
	if get(r.norm[gateF]) != nil {
		return fmt.Errorf("%w: integer LSTM with layer normalization is not supported", ErrType)
	}
	for _, g := range []int{gateF, gateC, gateO} {
		for _, i := range []int{r.inW[g], r.recW[g], r.bias[g]} {
			if get(i) == nil {
				return fmt.Errorf("input %d (%s gate) is required", i, lstmGateName[g])
			}
		}
	}
	wo := get(r.inW[gateO])
	if len(wo.Shape) != 2 || wo.Shape[0] <= 0 {
		return fmt.Errorf("input-to-output weights %s: %w: shape %v, want [n_cell, %d]", wo.Name, ErrShape, wo.Shape, nInput)
	}
	ro := get(r.recW[gateO])
	if len(ro.Shape) != 2 || ro.Shape[1] <= 0 {
		return fmt.Errorf("recurrent-to-output weights %s: %w: shape %v, want [n_cell, n_output]", ro.Name, ErrShape, ro.Shape)
	}
	nCell, nOutput := wo.Shape[0], ro.Shape[1]
	if int64(nCell)*int64(max(nInput, nOutput)) > math.MaxInt32/256 {
		return fmt.Errorf("%w: weights too large for int32 accumulation", ErrShape)
	}
	k.nInput, k.nCell, k.nOutput = nInput, nCell, nOutput

	x := in[0]
	xs, xzp, err := lstmQuant(x, "input")
	if err != nil {
		return err
	}
	hT, cT := get(r.h), get(r.c)
	if hT == nil || cT == nil {
		return fmt.Errorf("output state (input %d) and cell state (input %d) are required", r.h, r.c)
	}
	if hT.DType != tensor.Int8 || cT.DType != tensor.Int16 {
		return fmt.Errorf("%w: the integer LSTM wants an int8 output state and an int16 cell state, got %v and %v", ErrType, hT.DType, cT.DType)
	}
	for _, t := range []*tensor.Tensor{hT, cT} {
		if t.Const {
			return fmt.Errorf("state tensor %s is a constant; it must be a variable tensor", t.Name)
		}
	}
	if hT.Shape.NumElements() != nBatch*nOutput || cT.Shape.NumElements() != nBatch*nCell {
		return fmt.Errorf("%w: state shapes %v and %v, want %d and %d elements", ErrShape, hT.Shape, cT.Shape, nBatch*nOutput, nBatch*nCell)
	}
	hs, hzp, err := lstmQuant(hT, "output state")
	if err != nil {
		return err
	}
	if hzp < -128 || hzp > 127 {
		return fmt.Errorf("output state %s: zero point %d outside int8", hT.Name, hzp)
	}
	cs, _, err := lstmQuant(cT, "cell state")
	if err != nil {
		return err
	}
	// TFLite's CheckedLog2: the cell scale must be a power of two.
	l2 := math.Log2(float64(cs))
	cellShift := int(math.Round(l2))
	if math.Abs(l2-float64(cellShift)) >= 1e-3 {
		return fmt.Errorf("cell state %s: scale %v is not a power of two", cT.Name, cs)
	}
	if cellShift < -15 || cellShift > -9 {
		return fmt.Errorf("cell state %s: scale 2^%d is not supported (TFLite's kernel handles 2^-15 to 2^-9)", cT.Name, cellShift)
	}
	k.cellShift, k.outZP = cellShift, hzp
	if os, ozp, err := lstmQuant(out, "output"); err != nil {
		return err
	} else if os != hs || ozp != hzp {
		return fmt.Errorf("output %s: scale %v and zero point %d differ from the output state's (%v, %d); the kernel copies the state to the output",
			out.Name, os, ozp, hs, hzp)
	}
	if len(inter) != 5 || inter[4] == nil {
		return fmt.Errorf("the integer LSTM needs 5 intermediate tensors (gate scales and the hidden state), got %d", len(inter))
	}
	ms, mzp, err := lstmQuant(inter[4], "hidden intermediate")
	if err != nil {
		return err
	}
	k.hiddenZP = mzp
	const gateScale = float32(1.0 / 4096) // Q3.12

	k.cifg = get(r.inW[gateI]) == nil
	if (get(r.recW[gateI]) == nil) != k.cifg || (get(r.bias[gateI]) == nil) != k.cifg {
		return fmt.Errorf("the input gate's weights and bias must all be present or all absent (CIFG)")
	}
	for g := range 4 {
		k.gates[g] = make([]int16, nCell)
		if g == gateI && k.cifg {
			continue
		}
		wx, wh, b := get(r.inW[g]), get(r.recW[g]), get(r.bias[g])
		gn := lstmGateName[g]
		if err := lstmConstOf(wx, "input-to-"+gn+" weights", tensor.Int8, nCell, nInput); err != nil {
			return err
		}
		if err := lstmConstOf(wh, "recurrent-to-"+gn+" weights", tensor.Int8, nCell, nOutput); err != nil {
			return err
		}
		if err := lstmConstOf(b, gn+" gate bias", tensor.Int32, nCell); err != nil {
			return err
		}
		sx, _, err := lstmQuant(wx, "input-to-"+gn+" weights")
		if err != nil {
			return err
		}
		sh, _, err := lstmQuant(wh, "recurrent-to-"+gn+" weights")
		if err != nil {
			return err
		}
		k.inW[g], k.recW[g] = wx.I8(), wh.I8()
		if k.inScale[g], err = newLSTMMult(sx*xs/gateScale, "input-to-"+gn); err != nil {
			return err
		}
		if k.recScale[g], err = newLSTMMult(sh*hs/gateScale, "recurrent-to-"+gn); err != nil {
			return err
		}
		k.inBias[g] = lstmFoldZP(b.I32(), k.inW[g], nCell, nInput, -xzp)
		k.recBias[g] = lstmFoldZP(nil, k.recW[g], nCell, nOutput, -hzp)
	}

	pf, po, pi := get(r.peep[gateF]), get(r.peep[gateO]), get(r.peep[gateI])
	k.peephole = pf != nil || po != nil || (pi != nil && !k.cifg)
	if k.peephole {
		for _, g := range []int{gateI, gateF, gateO} {
			if g == gateI && k.cifg {
				continue
			}
			p := get(r.peep[g])
			if p == nil {
				return fmt.Errorf("peephole weights must all be present or all absent: cell-to-%s is missing", lstmGateName[g])
			}
			if err := lstmConstOf(p, "cell-to-"+lstmGateName[g]+" weights", tensor.Int16, nCell); err != nil {
				return err
			}
			ps, _, err := lstmQuant(p, "cell-to-"+lstmGateName[g]+" weights")
			if err != nil {
				return err
			}
			k.peep[g] = p.I16()
			if k.peepScale[g], err = newLSTMMult(float32(math.Pow(2, float64(cellShift))*float64(ps)/float64(gateScale)), "cell-to-"+lstmGateName[g]); err != nil {
				return err
			}
		}
	}

	pw, pb := get(r.projW), get(r.projB)
	k.proj = pw != nil
	if k.proj {
		if err := lstmConstOf(pw, "projection weights", tensor.Int8, nOutput, nCell); err != nil {
			return err
		}
		ps, _, err := lstmQuant(pw, "projection weights")
		if err != nil {
			return err
		}
		var bias []int32
		if pb != nil {
			if err := lstmConstOf(pb, "projection bias", tensor.Int32, nOutput); err != nil {
				return err
			}
			bias = pb.I32()
		}
		k.projW = pw.I8()
		if k.projScale, err = newLSTMMult(ps*ms/hs, "projection"); err != nil {
			return err
		}
		k.projBias = lstmFoldZP(bias, k.projW, nOutput, nCell, mzp)
	} else if pb != nil {
		return fmt.Errorf("projection bias without projection weights")
	} else if nOutput != nCell {
		return fmt.Errorf("%w: n_output %d differs from n_cell %d without projection", ErrShape, nOutput, nCell)
	}
	if k.hiddenScale, err = newLSTMMult(float32(math.Pow(2, -15)/float64(ms)*math.Pow(2, -15)), "hidden"); err != nil {
		return err
	}

	k.cellClip, k.projClip = 0, 0
	if cellClip > 0 {
		k.cellClip = int16(min(max(cellClip/cs, -32768), 32767)) // truncated, as TFLite
	}
	if projClip > 0 {
		k.projClip = int8(min(max(projClip/hs, -128), 127))
	}
	k.hidden = make([]int8, nCell)
	k.tanhC = make([]int16, nCell)
	k.impl = qlstm.Best()
	k.sigmoid, k.tanhGate, k.tanhCell = quant.Logistic16Table(3), quant.Tanh16Table(3), quant.Tanh16Table(15+cellShift)
	return nil
}

// lstmFoldZP returns bias[r] + zp·Σ_c w[r,c] for r < rows (bias may be
// nil), wrapping in int32 as TFLite does.
func lstmFoldZP(bias []int32, w []int8, rows, cols int, zp int32) []int32 {
	out := make([]int32, rows)
	for r := range rows {
		var sum int32
		for _, v := range w[r*cols : (r+1)*cols] {
			sum += int32(v)
		}
		if bias != nil {
			out[r] = bias[r]
		}
		out[r] += sum * zp
	}
	return out
}

func sat16(v int32) int16 { return int16(max(min(v, math.MaxInt16), math.MinInt16)) }
func sat8(v int32) int8   { return int8(max(min(v, math.MaxInt8), math.MinInt8)) }

// gate computes gate g for one batch row into k.gates[g] from the row's
// input product accIn (all gates), the recurrent product in k.accRec and,
// with peepholes, the cell state c.
func (k *lstmInt8) gate(g int, accIn []int32, c []int16) {
	dst := k.gates[g]
	off := k.gateOff[g]
	k.impl.Gate(dst, accIn[off:off+k.nCell], k.accRec[off:off+k.nCell], &k.inScale[g], &k.recScale[g])
	if k.peephole && g != gateC {
		p, q := k.peep[g][:len(dst)], &k.peepScale[g]
		for r, v := range dst {
			dst[r] = sat16(q.Apply(int32(p[r])*int32(c[r])) + int32(v))
		}
	}
	if g == gateC {
		qlstm.Lookup(dst, dst, (*[1 << 16]int16)(k.tanhGate))
	} else {
		qlstm.Lookup(dst, dst, (*[1 << 16]int16)(k.sigmoid))
	}
}

// step runs one LSTM step for one batch row: accIn is the row's input
// product, h its output state and c its cell state (both updated in place).
func (k *lstmInt8) step(accIn []int32, h []int8, c []int16) {
	copy(k.hPad, h)
	k.pRec.Gemm(1, k.hPad, k.kpRec, k.accRec, 0)
	var ig []int16
	if !k.cifg {
		k.gate(gateI, accIn, c)
		ig = k.gates[gateI]
	}
	k.gate(gateF, accIn, c)
	k.gate(gateC, accIn, c)
	k.impl.Cell(c, ig, k.gates[gateF], k.gates[gateC], 30+k.cellShift, k.cellClip)
	k.gate(gateO, accIn, c)
	qlstm.Lookup(k.tanhC, c, (*[1 << 16]int16)(k.tanhCell))
	k.impl.Hidden(k.hidden, k.gates[gateO], k.tanhC, &k.hiddenScale, k.hiddenZP)
	if !k.proj {
		copy(h, k.hidden)
		return
	}
	copy(k.mPad, k.hidden)
	k.pProj.Gemm(1, k.mPad, k.kpProj, k.accProj, 0)
	for r := range k.nOutput {
		v := sat8(k.projScale.Apply(k.accProj[r]) + k.outZP)
		if k.projClip > 0 {
			v = max(min(v, k.projClip), -k.projClip)
		}
		h[r] = v
	}
}

// run processes a whole [T,B,n_input] (timeMajor) or [B,T,n_input] int8
// sequence x into y, updating the states hs ([B,n_output]) and cs
// ([B,n_cell]).
func (k *lstmInt8) run(x, y, hs []int8, cs []int16, nT, nB int, timeMajor bool) {
	nIn, nOut, nC := k.nInput, k.nOutput, k.nCell
	rows := nT * nB
	for i := range rows {
		copy(k.xPad[i*k.kpIn:i*k.kpIn+nIn], x[i*nIn:(i+1)*nIn])
	}
	n := k.nG * nC
	k.pIn.Gemm(rows, k.xPad, k.kpIn, k.accIn, n)
	for b := range nB {
		h, c := hs[b*nOut:(b+1)*nOut], cs[b*nC:(b+1)*nC]
		for t := range nT {
			row := b*nT + t
			if timeMajor {
				row = t*nB + b
			}
			k.step(k.accIn[row*n:(row+1)*n], h, c)
			copy(y[row*nOut:(row+1)*nOut], h)
		}
	}
}
