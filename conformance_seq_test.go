package octet_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// seqTol is the largest |octet - LiteRT| allowed in the sequence and
// data-movement conformance cases.
const seqTol = 1e-5

// seqCase is one graph run by octet and LiteRT. With runs > 1 the same
// model is invoked several times in a row with fresh inputs, in one octet
// interpreter and one compiled LiteRT model, so variable (state) tensors
// carry over between runs.
type seqCase struct {
	name   string
	build  func() *graphtest.Builder
	lo, hi float32
	runs   int
	// ref, when set, builds the model LiteRT.js runs instead: the same
	// computation without variable tensors, which LiteRT.js cannot load.
	// Cases with runs > 1 (state carried over) have no stateless twin and
	// are checked only against TFLite's classic interpreter.
	ref func() *graphtest.Builder
	// noClassic leaves the case out of TestConformanceSeqClassic.
	noClassic bool
}

// variable adds a float32 variable tensor without data, as TFLite's
// converter emits LSTM states (TFLite rejects variables with a buffer).
func variable(b *graphtest.Builder, name string, shape ...int) int {
	i := b.Tensor(name, tensor.Float32, shape...)
	b.Model().Subgraphs[0].Tensors[i].IsVariable = true
	return i
}

// lstmSpec describes one LSTM direction for the builders.
type lstmSpec struct {
	nIn, nCell, nOut                     int // nOut is nCell without projection
	cifg, peephole, proj, projBias, norm bool
	diag                                 bool
	scale                                float32 // weight scale
}

func (s lstmSpec) out() int {
	if s.proj {
		return s.nOut
	}
	return s.nCell
}

// lstmDir holds one direction's seeded weights in TFLite's layout (gate
// order input, forget, cell, output); nil is an absent tensor.
type lstmDir struct {
	s                            lstmSpec
	nAux                         int
	wx, wh, wa, bias, peep, norm [4][]float32
	projW, projB                 []float32
	ids                          map[string]int // constants added by unrolled
}

func newLSTMDir(s lstmSpec, nAux int, seed uint64) *lstmDir {
	d := &lstmDir{s: s, nAux: nAux}
	no := s.out()
	next := func(n int, scale float32) []float32 {
		seed++
		return weights(seed, n, scale)
	}
	for g := range 4 {
		if g == 0 && s.cifg {
			continue
		}
		d.wx[g] = next(s.nCell*s.nIn, s.scale)
		if s.diag {
			d.wh[g] = next(s.nCell, s.scale)
		} else {
			d.wh[g] = next(s.nCell*no, s.scale)
		}
		d.bias[g] = next(s.nCell, 0.3)
		if nAux > 0 {
			d.wa[g] = next(s.nCell*nAux, s.scale)
		}
		if s.peephole && g != 2 {
			d.peep[g] = next(s.nCell, 0.5)
		}
		if s.norm {
			d.norm[g] = next(s.nCell, 1)
		}
	}
	if s.proj {
		d.projW = next(no*s.nCell, s.scale)
		if s.projBias {
			d.projB = next(no, 0.2)
		}
	}
	return d
}

func constOrAbsent(b *graphtest.Builder, name string, v []float32, shape ...int) int {
	if v == nil {
		return -1
	}
	return b.ConstF32(name, shape, v)
}

// weights17 adds the direction's 17 weight tensors (inputs 1-17 of the
// LSTM ops) and returns their indices, -1 for absent.
func (d *lstmDir) weights17(b *graphtest.Builder, p string) []int {
	s, no := d.s, d.s.out()
	var ids []int
	for g := range 4 {
		ids = append(ids, constOrAbsent(b, fmt.Sprintf("%swx%d", p, g), d.wx[g], s.nCell, s.nIn))
	}
	for g := range 4 {
		if s.diag {
			ids = append(ids, constOrAbsent(b, fmt.Sprintf("%swh%d", p, g), d.wh[g], s.nCell))
		} else {
			ids = append(ids, constOrAbsent(b, fmt.Sprintf("%swh%d", p, g), d.wh[g], s.nCell, no))
		}
	}
	for _, g := range []int{0, 1, 3} {
		ids = append(ids, constOrAbsent(b, fmt.Sprintf("%speep%d", p, g), d.peep[g], s.nCell))
	}
	for g := range 4 {
		ids = append(ids, constOrAbsent(b, fmt.Sprintf("%sbias%d", p, g), d.bias[g], s.nCell))
	}
	ids = append(ids, constOrAbsent(b, p+"proj", d.projW, no, s.nCell), constOrAbsent(b, p+"proj_bias", d.projB, no))
	return ids
}

// unroll builds a stateless graph of elementary ops (FULLY_CONNECTED,
// ADD, MUL, LOGISTIC, TANH, ...) computing the same LSTM as TFLite's
// lstm_eval float path, for runtimes without variable tensors: LiteRT.js's
// CompiledModel loader rejects any variable tensor ("Variable tensors not
// yet supported"), so it cannot load a TFLite LSTM op.
type unroll struct {
	b *graphtest.Builder
	n int
}

func (u *unroll) tensor(shape ...int) int {
	u.n++
	return u.b.Tensor(fmt.Sprintf("u%d", u.n), tensor.Float32, shape...)
}

func (u *unroll) op(op tflite.BuiltinOperator, opts tflite.Options, ins []int, shape ...int) int {
	y := u.tensor(shape...)
	u.b.Op(op, opts, ins, y)
	return y
}

func (u *unroll) konst(v []float32, shape ...int) int {
	u.n++
	return u.b.ConstF32(fmt.Sprintf("k%d", u.n), shape, v)
}

func (u *unroll) fc(x, w, bias, nb, n int) int {
	return u.op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{}, []int{x, w, bias}, nb, n)
}

func (u *unroll) bin(op tflite.BuiltinOperator, a, c int, shape ...int) int {
	var opts tflite.Options
	switch op {
	case tflite.OpAdd:
		opts = &tflite.AddOptions{}
	case tflite.OpSub:
		opts = &tflite.SubOptions{}
	case tflite.OpMul:
		opts = &tflite.MulOptions{}
	}
	return u.op(op, opts, []int{a, c}, shape...)
}

func (u *unroll) act(a tflite.ActivationFunctionType, v int, shape ...int) int {
	switch a {
	case 4:
		return u.op(tflite.OpTanh, nil, []int{v}, shape...)
	case 3:
		return u.op(tflite.OpRelu6, nil, []int{v}, shape...)
	case 2:
		return u.op(tflite.OpReluN1To1, nil, []int{v}, shape...)
	case 1:
		return u.op(tflite.OpRelu, nil, []int{v}, shape...)
	}
	return v
}

func (u *unroll) clip(v int, k float32, shape ...int) int {
	if k <= 0 {
		return v
	}
	v = u.op(tflite.OpMaximum, nil, []int{v, u.konst([]float32{-k}, 1)}, shape...)
	return u.op(tflite.OpMinimum, nil, []int{v, u.konst([]float32{k}, 1)}, shape...)
}

// k returns the constant for a named weight, adding it once.
func (d *lstmDir) k(u *unroll, name string, v []float32, shape ...int) int {
	if d.ids == nil {
		d.ids = map[string]int{}
	}
	if i, ok := d.ids[name]; ok {
		return i
	}
	i := u.konst(v, shape...)
	d.ids[name] = i
	return i
}

// step adds one LSTM step for nb rows: x [nb,nIn], aux [nb,nAux] or -1,
// states h [nb,nOut], c [nb,nCell]; it returns the new states.
func (d *lstmDir) step(u *unroll, nb, x, aux, h, c int, act tflite.ActivationFunctionType, cellClip, projClip float32) (int, int) {
	s, nc, no := d.s, d.s.nCell, d.s.out()
	zero := d.k(u, "zero", make([]float32, nc), nc)
	gate := func(g, peepC int) int {
		bias := zero
		if !s.norm {
			bias = d.k(u, fmt.Sprint("bias", g), d.bias[g], nc)
		}
		acc := u.fc(x, d.k(u, fmt.Sprint("wx", g), d.wx[g], nc, s.nIn), bias, nb, nc)
		if aux >= 0 {
			acc = u.bin(tflite.OpAdd, acc, u.fc(aux, d.k(u, fmt.Sprint("wa", g), d.wa[g], nc, d.nAux), zero, nb, nc), nb, nc)
		}
		if s.diag {
			acc = u.bin(tflite.OpAdd, acc, u.bin(tflite.OpMul, h, d.k(u, fmt.Sprint("wh", g), d.wh[g], nc), nb, nc), nb, nc)
		} else {
			acc = u.bin(tflite.OpAdd, acc, u.fc(h, d.k(u, fmt.Sprint("wh", g), d.wh[g], nc, no), zero, nb, nc), nb, nc)
		}
		if peepC >= 0 && d.peep[g] != nil {
			acc = u.bin(tflite.OpAdd, acc, u.bin(tflite.OpMul, peepC, d.k(u, fmt.Sprint("peep", g), d.peep[g], nc), nb, nc), nb, nc)
		}
		if s.norm {
			axis, ok := d.ids["axis"]
			if !ok {
				u.n++
				axis = u.b.ConstI32(fmt.Sprintf("axis%d", u.n), []int{1}, []int32{1})
				d.ids["axis"] = axis
			}
			mean := u.op(tflite.OpMean, &tflite.ReducerOptions{KeepDims: true}, []int{acc, axis}, nb, 1)
			dl := u.bin(tflite.OpSub, acc, mean, nb, nc)
			vr := u.op(tflite.OpMean, &tflite.ReducerOptions{KeepDims: true}, []int{u.bin(tflite.OpMul, dl, dl, nb, nc), axis}, nb, 1)
			inv := u.op(tflite.OpRsqrt, nil, []int{u.bin(tflite.OpAdd, vr, d.k(u, "eps", []float32{1e-8}, 1), nb, 1)}, nb, 1)
			acc = u.bin(tflite.OpMul, u.bin(tflite.OpMul, dl, inv, nb, nc), d.k(u, fmt.Sprint("norm", g), d.norm[g], nc), nb, nc)
			acc = u.bin(tflite.OpAdd, acc, d.k(u, fmt.Sprint("bias", g), d.bias[g], nc), nb, nc)
		}
		return acc
	}
	sig := func(v int) int { return u.op(tflite.OpLogistic, nil, []int{v}, nb, nc) }
	f := sig(gate(1, c))
	var i int
	if s.cifg {
		i = u.bin(tflite.OpSub, d.k(u, "ones", ones(nc), nc), f, nb, nc)
	} else {
		i = sig(gate(0, c))
	}
	g := u.act(act, gate(2, -1), nb, nc)
	cn := u.bin(tflite.OpAdd, u.bin(tflite.OpMul, f, c, nb, nc), u.bin(tflite.OpMul, i, g, nb, nc), nb, nc)
	cn = u.clip(cn, cellClip, nb, nc)
	o := sig(gate(3, cn))
	m := u.bin(tflite.OpMul, o, u.act(act, cn, nb, nc), nb, nc)
	if !s.proj {
		return m, cn
	}
	pb := d.k(u, "zero_out", make([]float32, no), no)
	if d.projB != nil {
		pb = d.k(u, "proj_bias", d.projB, no)
	}
	hn := u.fc(m, d.k(u, "proj", d.projW, no, nc), pb, nb, no)
	return u.clip(hn, projClip, nb, no), cn
}

func ones(n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

// sequence runs the direction over per-step inputs xs (and auxs), forward
// or backward, from zero states, and returns the per-step outputs indexed
// by time.
func (d *lstmDir) sequence(u *unroll, nb int, xs, auxs []int, forward bool, act tflite.ActivationFunctionType, cellClip, projClip float32) []int {
	h := u.konst(make([]float32, nb*d.s.out()), nb, d.s.out())
	c := u.konst(make([]float32, nb*d.s.nCell), nb, d.s.nCell)
	out := make([]int, len(xs))
	for s := range xs {
		t := s
		if !forward {
			t = len(xs) - 1 - s
		}
		a := -1
		if auxs != nil {
			a = auxs[t]
		}
		h, c = d.step(u, nb, xs[t], a, h, c, act, cellClip, projClip)
		out[t] = h
	}
	return out
}

// steps unpacks a [B,T,n] (or [T,B,n]) tensor into T tensors [B,n].
func (u *unroll) steps(x int, nb, nt, n int, timeMajor bool) []int {
	axis := 1
	if timeMajor {
		axis = 0
	}
	outs := make([]int, nt)
	for t := range outs {
		outs[t] = u.tensor(nb, n)
	}
	u.b.Op(tflite.OpUnpack, &tflite.UnpackOptions{Num: int32(nt), Axis: int32(axis)}, []int{x}, outs...)
	return outs
}

// stack packs T tensors [B,n] into [B,T,n] (or [T,B,n]) tensor y.
func (u *unroll) stack(ys []int, y int, timeMajor bool) {
	axis := int32(1)
	if timeMajor {
		axis = 0
	}
	u.b.Op(tflite.OpPack, &tflite.PackOptions{ValuesCount: int32(len(ys)), Axis: axis}, ys, y)
}

// uniLSTMCase builds input [B,T,n_in] (or [T,B,n_in]) ->
// UNIDIRECTIONAL_SEQUENCE_LSTM, and its unrolled twin for LiteRT.
func uniLSTMCase(name string, s lstmSpec, batch, steps int, timeMajor bool, act tflite.ActivationFunctionType, cellClip, projClip float32, inputs24 bool) seqCase {
	shape := []int{batch, steps, s.nIn}
	if timeMajor {
		shape = []int{steps, batch, s.nIn}
	}
	oshape := []int{shape[0], shape[1], s.out()}
	seed := uint64(len(name)) * 31
	return seqCase{name: "uni_lstm_" + name, lo: -1, hi: 1, build: func() *graphtest.Builder {
		b := graphtest.New()
		d := newLSTMDir(s, 0, seed)
		x := b.Input("x", tensor.Float32, shape...)
		ins := append([]int{x}, d.weights17(b, "")...)
		ins = append(ins, variable(b, "output_state", batch, s.out()), variable(b, "cell_state", batch, s.nCell))
		if inputs24 {
			for g := range 4 {
				ins = append(ins, constOrAbsent(b, fmt.Sprint("layer_norm", g), d.norm[g], s.nCell))
			}
		}
		y := b.Tensor("y", tensor.Float32, oshape...)
		version := int32(1)
		if s.diag {
			version = 4
		}
		b.OpV(tflite.OpUnidirectionalSequenceLSTM, version, &tflite.UnidirectionalSequenceLSTMOptions{FusedActivation: act,
			CellClip: cellClip, ProjClip: projClip, TimeMajor: timeMajor, DiagonalRecurrentTensors: s.diag}, ins, y)
		b.Output(y)
		return b
	}, ref: func() *graphtest.Builder {
		b := graphtest.New()
		u := &unroll{b: b}
		d := newLSTMDir(s, 0, seed)
		x := b.Input("x", tensor.Float32, shape...)
		ys := d.sequence(u, batch, u.steps(x, batch, steps, s.nIn, timeMajor), nil, true, act, cellClip, projClip)
		y := b.Tensor("y", tensor.Float32, oshape...)
		u.stack(ys, y, timeMajor)
		b.Output(y)
		return b
	}}
}

// bidiLSTM adds a BIDIRECTIONAL_SEQUENCE_LSTM reading x and returns its
// outputs (or, with unrolled, the equivalent stateless graph). auxMode:
// 0 none, 1 aux input with aux weights, 2 aux input read by the backward
// direction (no aux weights).
func bidiLSTM(b *graphtest.Builder, x int, xshape []int, s lstmSpec, timeMajor, merge bool, auxMode, nAux int, seed uint64, unrolled bool) []int {
	batch, steps := xshape[0], xshape[1]
	if timeMajor {
		batch, steps = steps, batch
	}
	na := 0
	if auxMode == 1 {
		na = nAux
	}
	fw, bw := newLSTMDir(s, na, seed), newLSTMDir(s, na, seed+1000)
	no := s.out()
	const act, cellClip = tflite.ActivationFunctionType(4), float32(3)
	aux := -1
	switch auxMode {
	case 1:
		ashape := append([]int(nil), xshape...)
		ashape[2] = nAux
		aux = b.Input("aux", tensor.Float32, ashape...)
	case 2:
		aux = b.Input("aux", tensor.Float32, xshape...)
	}
	oshape := append([]int(nil), xshape...)
	if unrolled {
		u := &unroll{b: b}
		xs := u.steps(x, batch, steps, s.nIn, timeMajor)
		var auxs, bwIn []int
		bwIn = xs
		switch auxMode {
		case 1:
			auxs = u.steps(aux, batch, steps, nAux, timeMajor)
		case 2:
			bwIn = u.steps(aux, batch, steps, s.nIn, timeMajor)
		}
		yf := fw.sequence(u, batch, xs, auxs, true, act, cellClip, 0)
		yb := bw.sequence(u, batch, bwIn, auxs, false, act, cellClip, 0)
		if merge {
			ym := make([]int, steps)
			for t := range ym {
				ym[t] = u.op(tflite.OpConcatenation, &tflite.ConcatenationOptions{Axis: -1}, []int{yf[t], yb[t]}, batch, 2*no)
			}
			oshape[2] = 2 * no
			y := b.Tensor("y", tensor.Float32, oshape...)
			u.stack(ym, y, timeMajor)
			return []int{y}
		}
		oshape[2] = no
		y1, y2 := b.Tensor("y_fw", tensor.Float32, oshape...), b.Tensor("y_bw", tensor.Float32, oshape...)
		u.stack(yf, y1, timeMajor)
		u.stack(yb, y2, timeMajor)
		return []int{y1, y2}
	}
	ins := append([]int{x}, fw.weights17(b, "fw_")...)
	ins = append(ins, bw.weights17(b, "bw_")...)
	ins = append(ins, variable(b, "fw_output_state", batch, no), variable(b, "fw_cell_state", batch, s.nCell),
		variable(b, "bw_output_state", batch, no), variable(b, "bw_cell_state", batch, s.nCell))
	ins = append(ins, aux)
	for dir, d := range []*lstmDir{fw, bw} {
		for g := range 4 {
			ins = append(ins, constOrAbsent(b, fmt.Sprintf("aux%d_%d", dir, g), d.wa[g], s.nCell, na))
		}
	}
	opts := &tflite.BidirectionalSequenceLSTMOptions{FusedActivation: act, CellClip: cellClip, MergeOutputs: merge, TimeMajor: timeMajor}
	if merge {
		oshape[2] = 2 * no
		y := b.Tensor("y", tensor.Float32, oshape...)
		b.Op(tflite.OpBidirectionalSequenceLSTM, opts, ins, y)
		return []int{y}
	}
	oshape[2] = no
	yf := b.Tensor("y_fw", tensor.Float32, oshape...)
	yb := b.Tensor("y_bw", tensor.Float32, oshape...)
	b.Op(tflite.OpBidirectionalSequenceLSTM, opts, ins, yf, yb)
	return []int{yf, yb}
}

func bidiLSTMCase(name string, s lstmSpec, batch, steps int, timeMajor, merge bool, auxMode, nAux int) seqCase {
	mk := func(unrolled bool) func() *graphtest.Builder {
		return func() *graphtest.Builder {
			b := graphtest.New()
			shape := []int{batch, steps, s.nIn}
			if timeMajor {
				shape = []int{steps, batch, s.nIn}
			}
			x := b.Input("x", tensor.Float32, shape...)
			b.Output(bidiLSTM(b, x, shape, s, timeMajor, merge, auxMode, nAux, uint64(len(name))*17, unrolled)...)
			return b
		}
	}
	return seqCase{name: "bidi_lstm_" + name, lo: -1, hi: 1, build: mk(false), ref: mk(true)}
}

// targetCase is shaped like the target model: a [1,28,28] batch-major
// sequence (an image read row by row) -> BIDIRECTIONAL_SEQUENCE_LSTM with
// 128 cells each way, merged -> the last time step (STRIDED_SLICE) ->
// FULLY_CONNECTED 256->10 -> SOFTMAX.
func targetCase() seqCase {
	mk := func(unrolled bool) func() *graphtest.Builder {
		return func() *graphtest.Builder {
			b := graphtest.New()
			shape := []int{1, 28, 28}
			x := b.Input("image", tensor.Float32, shape...)
			s := lstmSpec{nIn: 28, nCell: 128, scale: 0.12}
			seq := bidiLSTM(b, x, shape, s, false, true, 0, 0, 2024, unrolled)[0]
			last := b.Tensor("last", tensor.Float32, 1, 256)
			b.Op(tflite.OpStridedSlice, &tflite.StridedSliceOptions{BeginMask: 5, EndMask: 5, ShrinkAxisMask: 2},
				[]int{seq, b.ConstI32("begin", []int{3}, []int32{0, -1, 0}), b.ConstI32("end", []int{3}, []int32{0, 0, 0}),
					b.ConstI32("strides", []int{3}, []int32{1, 1, 1})}, last)
			w := b.ConstF32("fc_w", []int{10, 256}, weights(77, 2560, 0.2))
			bias := b.ConstF32("fc_b", []int{10}, weights(78, 10, 0.1))
			logits := b.Tensor("logits", tensor.Float32, 1, 10)
			b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{}, []int{last, w, bias}, logits)
			probs := b.Tensor("probs", tensor.Float32, 1, 10)
			b.Op(tflite.OpSoftmax, &tflite.SoftmaxOptions{Beta: 1}, []int{logits}, probs)
			b.Output(logits, probs)
			return b
		}
	}
	return seqCase{name: "target_bilstm128_mnist", lo: 0, hi: 1, build: mk(false), ref: mk(true)}
}

// shapeCase builds a one-op graph: x (float32 input) and constant extra
// inputs -> op -> outputs of the given shapes.
func shapeCase(name string, op tflite.BuiltinOperator, opts tflite.Options, in []int, extra func(b *graphtest.Builder) []int, xFirst bool, outs ...[]int) seqCase {
	return seqCase{name: name, lo: -5, hi: 5, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, in...)
		ins := []int{x}
		if extra != nil {
			if xFirst {
				ins = append(ins, extra(b)...)
			} else {
				ins = append(extra(b), x)
			}
		}
		var ys []int
		for i, s := range outs {
			ys = append(ys, b.Tensor(fmt.Sprintf("y%d", i), tensor.Float32, s...))
		}
		b.Op(op, opts, ins, ys...)
		b.Output(ys...)
		return b
	}}
}

func i32s(name string, v ...int32) func(b *graphtest.Builder) int {
	return func(b *graphtest.Builder) int { return b.ConstI32(name, []int{len(v)}, v) }
}

func stridedCase(name string, in []int, o tflite.StridedSliceOptions, begin, end, strides []int32, out ...int) seqCase {
	return shapeCase("strided_slice_"+name, tflite.OpStridedSlice, &o, in, func(b *graphtest.Builder) []int {
		return []int{i32s("begin", begin...)(b), i32s("end", end...)(b), i32s("strides", strides...)(b)}
	}, true, out)
}

func seqShapeCases() []seqCase {
	ext := func(fs ...func(b *graphtest.Builder) int) func(b *graphtest.Builder) []int {
		return func(b *graphtest.Builder) []int {
			var r []int
			for _, f := range fs {
				r = append(r, f(b))
			}
			return r
		}
	}
	scalar := func(name string, v int32) func(b *graphtest.Builder) int {
		return func(b *graphtest.Builder) int { return b.ConstI32(name, nil, []int32{v}) }
	}
	i64 := func(name string, shape []int, v ...int64) func(b *graphtest.Builder) int {
		return func(b *graphtest.Builder) int {
			d := make([]byte, 8*len(v))
			for i, x := range v {
				for k := range 8 {
					d[8*i+k] = byte(uint64(x) >> (8 * k))
				}
			}
			return b.Const(name, tensor.Int64, shape, d)
		}
	}
	x3 := []int{2, 5, 6}
	return []seqCase{
		shapeCase("reverse_v2_axis1", tflite.OpReverseV2, nil, x3, ext(i32s("axis", 1)), true, x3),
		shapeCase("reverse_v2_axis-1", tflite.OpReverseV2, nil, x3, ext(i32s("axis", -1)), true, x3),
		shapeCase("reverse_v2_axis0", tflite.OpReverseV2, nil, x3, ext(i32s("axis", 0)), true, x3),
		shapeCase("reverse_v2_axes01", tflite.OpReverseV2, nil, x3, ext(i32s("axis", 0, 1)), true, x3),

		stridedCase("basic", x3, tflite.StridedSliceOptions{}, []int32{0, 1, 1}, []int32{2, 4, 6}, []int32{1, 2, 2}, 2, 2, 3),
		stridedCase("negative_stride", x3, tflite.StridedSliceOptions{}, []int32{1, -1, -2}, []int32{-3, 0, -100}, []int32{-1, -2, -3}, 2, 2, 2),
		stridedCase("clamp", x3, tflite.StridedSliceOptions{}, []int32{-100, 2, 0}, []int32{100, 100, 6}, []int32{1, 1, 4}, 2, 3, 2),
		stridedCase("begin_end_mask", x3, tflite.StridedSliceOptions{BeginMask: 3, EndMask: 6}, []int32{1, 3, 2}, []int32{1, 1, 1}, []int32{1, -1, 2}, 1, 5, 2),
		stridedCase("shrink", x3, tflite.StridedSliceOptions{ShrinkAxisMask: 5}, []int32{1, 1, -1}, []int32{2, 4, 0}, []int32{1, 1, 1}, 3),
		stridedCase("last_step", x3, tflite.StridedSliceOptions{BeginMask: 5, EndMask: 5, ShrinkAxisMask: 2}, []int32{0, -1, 0}, []int32{0, 0, 0}, []int32{1, 1, 1}, 2, 6),
		stridedCase("ellipsis", x3, tflite.StridedSliceOptions{EllipsisMask: 1}, []int32{0, 1}, []int32{0, 5}, []int32{1, 2}, 2, 5, 2),
		stridedCase("ellipsis_middle", x3, tflite.StridedSliceOptions{EllipsisMask: 2, ShrinkAxisMask: 4}, []int32{1, 0, 3}, []int32{2, 0, 4}, []int32{1, 1, 1}, 1, 5),
		stridedCase("new_axis", x3, tflite.StridedSliceOptions{NewAxisMask: 1, ShrinkAxisMask: 2}, []int32{0, 1}, []int32{0, 2}, []int32{1, 1}, 1, 5, 6),
		stridedCase("new_axis_ellipsis", x3, tflite.StridedSliceOptions{EllipsisMask: 1, NewAxisMask: 2}, []int32{0, 0}, []int32{0, 0}, []int32{1, 1}, 2, 5, 6, 1),
		stridedCase("offset", x3, tflite.StridedSliceOptions{Offset: true}, []int32{1, 1, 2}, []int32{1, 3, 4}, []int32{1, 1, 2}, 1, 3, 2),
		stridedCase("4d", []int{1, 4, 4, 3}, tflite.StridedSliceOptions{}, []int32{0, 1, 0, 0}, []int32{1, 4, 4, 2}, []int32{1, 2, 3, 1}, 1, 2, 2, 2),

		shapeCase("slice", tflite.OpSlice, nil, x3, ext(i32s("begin", 1, 1, 2), i32s("size", 1, -1, 3)), true, []int{1, 4, 3}),
		shapeCase("slice_int64", tflite.OpSlice, nil, x3, ext(i64("begin", []int{3}, 0, 2, 0), i64("size", []int{3}, 2, 2, -1)), true, []int{2, 2, 6}),
		shapeCase("split_axis2", tflite.OpSplit, &tflite.SplitOptions{NumSplits: 3}, x3, ext(scalar("axis", 2)), false, []int{2, 5, 2}, []int{2, 5, 2}, []int{2, 5, 2}),
		shapeCase("split_axis0", tflite.OpSplit, &tflite.SplitOptions{NumSplits: 2}, x3, ext(scalar("axis", -3)), false, []int{1, 5, 6}, []int{1, 5, 6}),
		shapeCase("split_v", tflite.OpSplitV, &tflite.SplitVOptions{NumSplits: 3}, x3, ext(i32s("sizes", 2, -1, 1), scalar("axis", 1)), true, []int{2, 2, 6}, []int{2, 2, 6}, []int{2, 1, 6}),
		shapeCase("unpack_axis1", tflite.OpUnpack, &tflite.UnpackOptions{Num: 5, Axis: 1}, x3, nil, true, []int{2, 6}, []int{2, 6}, []int{2, 6}, []int{2, 6}, []int{2, 6}),
		shapeCase("unpack_axis-1", tflite.OpUnpack, &tflite.UnpackOptions{Num: 6, Axis: -1}, x3, nil, true, []int{2, 5}, []int{2, 5}, []int{2, 5}, []int{2, 5}, []int{2, 5}, []int{2, 5}),
		{name: "pack_axis1", lo: -5, hi: 5, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 2, 3)
			z := b.Input("z", tensor.Float32, 2, 3)
			c := b.ConstF32("c", []int{2, 3}, weights(5, 6, 3))
			y := b.Tensor("y", tensor.Float32, 2, 3, 3)
			b.Op(tflite.OpPack, &tflite.PackOptions{ValuesCount: 3, Axis: 1}, []int{x, c, z}, y)
			b.Output(y)
			return b
		}},
		{name: "pack_axis-1", lo: -5, hi: 5, build: func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 4, 3)
			z := b.Input("z", tensor.Float32, 4, 3)
			y := b.Tensor("y", tensor.Float32, 4, 3, 2)
			b.Op(tflite.OpPack, &tflite.PackOptions{ValuesCount: 2, Axis: -1}, []int{x, z}, y)
			b.Output(y)
			return b
		}},
		shapeCase("transpose_201", tflite.OpTranspose, nil, x3, ext(i32s("perm", 2, 0, 1)), true, []int{6, 2, 5}),
		shapeCase("transpose_nchw", tflite.OpTranspose, nil, []int{2, 3, 4, 5}, ext(i32s("perm", 0, 3, 1, 2)), true, []int{2, 5, 3, 4}),
		shapeCase("transpose_5d", tflite.OpTranspose, nil, []int{2, 1, 3, 2, 2}, ext(i32s("perm", 4, 2, 0, 3, 1)), true, []int{2, 3, 2, 2, 1}),
		shapeCase("gather_axis0", tflite.OpGather, &tflite.GatherOptions{}, x3, ext(i32s("idx", 1, 0, 1)), true, []int{3, 5, 6}),
		shapeCase("gather_axis2_2d_idx", tflite.OpGather, &tflite.GatherOptions{Axis: 2}, x3, ext(func(b *graphtest.Builder) int {
			return b.ConstI32("idx", []int{2, 2}, []int32{5, 0, 3, 3})
		}), true, []int{2, 5, 2, 2}),
		shapeCase("gather_int64_axis-2", tflite.OpGather, &tflite.GatherOptions{Axis: -2}, x3, ext(i64("idx", []int{4}, 4, 4, 0, 2)), true, []int{2, 4, 6}),
		shapeCase("gather_batch_dims", tflite.OpGather, &tflite.GatherOptions{Axis: 1, BatchDims: 1}, x3, ext(func(b *graphtest.Builder) int {
			return b.ConstI32("idx", []int{2, 3}, []int32{4, 0, 2, 1, 1, 3})
		}), true, []int{2, 3, 6}),
	}
}

func seqLSTMCases() []seqCase {
	tanh, relu6 := tflite.ActivationFunctionType(4), tflite.ActivationFunctionType(3)
	small := lstmSpec{nIn: 3, nCell: 4, scale: 0.5}
	peep := small
	peep.peephole = true
	proj := lstmSpec{nIn: 3, nCell: 5, nOut: 3, proj: true, projBias: true, scale: 0.8}
	projClip := proj
	projClip.peephole = true
	cifg := lstmSpec{nIn: 4, nCell: 3, cifg: true, peephole: true, scale: 0.6}
	norm := lstmSpec{nIn: 3, nCell: 4, norm: true, peephole: true, proj: true, nOut: 2, scale: 0.6}
	normCifg := norm
	normCifg.cifg = true
	diag := lstmSpec{nIn: 3, nCell: 4, diag: true, scale: 0.6}
	diagCase := uniLSTMCase("diagonal_recurrent", diag, 2, 4, false, tanh, 0, 0, true)
	// The classic interpreter of @tensorflow/tfjs-tflite predates
	// diagonal_recurrent_tensors (op version 4) and cannot load it.
	diagCase.noClassic = true
	// TFLite offsets the batch-major state pointers by the merged output
	// row size (2*n_output) instead of n_output, so for batch > 1 its
	// merged batch-major BIDIRECTIONAL_SEQUENCE_LSTM reads and writes the
	// states out of place; octet follows the definition, which the
	// unrolled twin checks on LiteRT.js.
	mergedBatch3 := bidiLSTMCase("merged_batchmajor_batch3", small, 3, 4, false, true, 0, 0)
	mergedBatch3.noClassic = true
	cs := []seqCase{
		uniLSTMCase("batchmajor", small, 2, 5, false, tanh, 0, 0, true),
		uniLSTMCase("timemajor_peephole", peep, 2, 5, true, tanh, 0, 0, true),
		uniLSTMCase("projection", proj, 3, 4, false, tanh, 0, 0, true),
		uniLSTMCase("projection_clips", projClip, 2, 6, true, tanh, 0.4, 0.3, true),
		uniLSTMCase("cifg_peephole", cifg, 2, 4, false, tanh, 0, 0, true),
		uniLSTMCase("layernorm", norm, 2, 4, false, tanh, 0, 0, true),
		uniLSTMCase("layernorm_cifg", normCifg, 1, 5, true, tanh, 0, 0, true),
		uniLSTMCase("relu6", small, 1, 6, false, relu6, 0, 0, true),
		uniLSTMCase("20_inputs", small, 1, 3, false, tanh, 0, 0, false),
		diagCase,
		bidiLSTMCase("merged_batchmajor", small, 1, 5, false, true, 0, 0),
		bidiLSTMCase("split_timemajor", peep, 2, 4, true, false, 0, 0),
		bidiLSTMCase("merged_timemajor_projection", projClip, 3, 3, true, true, 0, 0),
		bidiLSTMCase("split_batchmajor_cifg", cifg, 2, 4, false, false, 0, 0),
		bidiLSTMCase("aux_weights", small, 2, 3, true, true, 1, 3),
		bidiLSTMCase("aux_as_backward_input", small, 1, 4, false, false, 2, 0),
		mergedBatch3,
		targetCase(),
	}
	state := uniLSTMCase("state_carries_over", peep, 2, 3, true, tanh, 0, 0, true)
	state.runs = 3
	bstate := bidiLSTMCase("state_carries_over", small, 1, 3, false, true, 0, 0)
	bstate.runs = 2
	return append(cs, state, bstate)
}

// runOctetRuns invokes one interpreter once per input set and returns
// copies of the outputs of each run.
func runOctetRuns(data []byte, runs [][]*tensor.Tensor) ([][]*tensor.Tensor, error) {
	m, err := octet.LoadBytes(data)
	if err != nil {
		return nil, err
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		return nil, err
	}
	var res [][]*tensor.Tensor
	for _, inputs := range runs {
		for i, x := range inputs {
			copy(it.Input(i).Data, x.Data)
		}
		if err := it.Invoke(); err != nil {
			return nil, err
		}
		outs := make([]*tensor.Tensor, it.NumOutputs())
		for i := range outs {
			o := it.Output(i)
			outs[i] = tensor.New(o.DType, o.Shape)
			copy(outs[i].Data, o.Data)
		}
		res = append(res, outs)
	}
	return res, nil
}

// seqCompare returns the largest |Δ| between float32 outputs and fails t
// on any shape, dtype or byte mismatch, or a difference above tol.
func seqCompare(t *testing.T, got, want []*tensor.Tensor, tol float64) float64 {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d outputs, LiteRT has %d", len(got), len(want))
	}
	worst := 0.0
	for i := range got {
		g, w := got[i], want[i]
		if g.DType != w.DType || !g.Shape.Equal(w.Shape) {
			t.Fatalf("output %d: octet %v%v, LiteRT %v%v", i, g.DType, g.Shape, w.DType, w.Shape)
		}
		if g.DType != tensor.Float32 {
			for k := range g.Data {
				if g.Data[k] != w.Data[k] {
					t.Fatalf("output %d byte %d: octet %d, LiteRT %d", i, k, g.Data[k], w.Data[k])
				}
			}
			continue
		}
		gv, wv := g.F32(), w.F32()
		for k := range gv {
			d := math.Abs(float64(gv[k]) - float64(wv[k]))
			if !(d <= tol) {
				t.Fatalf("output %d[%d]: octet %v, LiteRT %v (|Δ| %.3g > %g)", i, k, gv[k], wv[k], d, tol)
			}
			worst = max(worst, d)
		}
	}
	return worst
}

// seqJobs builds every case, runs it in octet and returns the LiteRT jobs
// (one per run) with the octet results. withRef selects each case's
// stateless twin for the reference runtime when it has one.
type seqPrepared struct {
	c     seqCase
	mine  [][]*tensor.Tensor
	first int // the case's first job
	err   error
}

func seqPrepare(t *testing.T, dir string, cases []seqCase, withRef bool) ([]seqPrepared, []litert.Job) {
	t.Helper()
	preps := make([]seqPrepared, len(cases))
	var jobs []litert.Job
	for i, c := range cases {
		data, err := c.build().Bytes()
		if err != nil {
			t.Fatalf("%s: encode: %v", c.name, err)
		}
		m, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var sets [][]*tensor.Tensor
		for r := range max(c.runs, 1) {
			var inputs []*tensor.Tensor
			for j := 0; j < m.NumInputs(); j++ {
				inputs = append(inputs, randomInput(m.InputInfo(j), uint64(1000*i+10*r+j), c.lo, c.hi))
			}
			sets = append(sets, inputs)
		}
		preps[i] = seqPrepared{c: c, first: len(jobs)}
		preps[i].mine, preps[i].err = runOctetRuns(data, sets)
		if withRef && c.ref != nil {
			if data, err = c.ref().Bytes(); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, c.name+".tflite")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, in := range sets {
			jobs = append(jobs, litert.Job{Model: path, Inputs: in})
		}
	}
	return preps, jobs
}

func seqCheck(t *testing.T, preps []seqPrepared, refs [][]*tensor.Tensor, what string) {
	for _, p := range preps {
		t.Run(p.c.name, func(t *testing.T) {
			if p.err != nil {
				t.Fatalf("octet: %v", p.err)
			}
			worst := 0.0
			for r := range p.mine {
				ref := refs[p.first+r]
				if ref == nil {
					t.Fatalf("%s failed on run %d (see the log)", what, r)
				}
				worst = max(worst, seqCompare(t, p.mine[r], ref, seqTol))
			}
			t.Logf("max |Δ| = %.3g over %d run(s)", worst, len(p.mine))
		})
	}
}

// TestConformanceSeq compares the LSTM and data-movement ops against
// LiteRT.js in one batch. LiteRT.js cannot load models with variable
// tensors, so it runs each LSTM case's stateless unrolled twin (the same
// weights through FULLY_CONNECTED, LOGISTIC, TANH, ...), and the cases
// that carry state over several runs are left to TestConformanceSeqClassic.
func TestConformanceSeq(t *testing.T) {
	litert.Require(t)
	var cases []seqCase
	for _, c := range append(seqLSTMCases(), seqShapeCases()...) {
		if c.runs <= 1 {
			cases = append(cases, c)
		}
	}
	preps, jobs := seqPrepare(t, t.TempDir(), cases, true)
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Logf("LiteRT: %v", err)
	}
	seqCheck(t, preps, refs, "LiteRT")
}

// TestConformanceSeqClassic runs the real LSTM ops (with variable state
// tensors, over several runs where a case asks for it) through TFLite's
// classic interpreter (tools/tflite-classic: the WASM build of
// @tensorflow/tfjs-tflite), which, unlike LiteRT.js, loads variable tensors.
func TestConformanceSeqClassic(t *testing.T) {
	litert.RequireClassic(t)
	var cases []seqCase
	for _, c := range seqLSTMCases() {
		if !c.noClassic {
			cases = append(cases, c)
		}
	}
	preps, jobs := seqPrepare(t, t.TempDir(), cases, false)
	refs, err := litert.RunClassicBatch(jobs)
	if err != nil {
		t.Logf("classic TFLite: %v", err)
	}
	seqCheck(t, preps, refs, "classic TFLite")
}

// FuzzSeqLoadAndRun is FuzzLoadAndRun seeded with the sequence and
// data-movement graphs: a model that prepares must run without panicking.
func FuzzSeqLoadAndRun(f *testing.F) {
	for _, c := range append(seqLSTMCases(), seqShapeCases()...) {
		if c.name == "target_bilstm128_mnist" {
			continue // large; the small LSTM graphs cover the same code
		}
		if data, err := c.build().Bytes(); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := octet.LoadBytes(data)
		if err != nil {
			return
		}
		it, err := octet.NewInterpreter(m, octet.WithMemoryLimit(1<<20))
		if err != nil {
			return
		}
		_ = it.Invoke()
		_ = it.Invoke()
	})
}

// TestSeqResetVariables checks that LSTM state carries over between
// Invokes and that Interpreter.ResetVariables starts the sequence afresh.
func TestSeqResetVariables(t *testing.T) {
	small := lstmSpec{nIn: 3, nCell: 4, peephole: true, scale: 0.5}
	for _, c := range []seqCase{
		uniLSTMCase("reset", small, 2, 3, false, 4, 0, 0, true),
		bidiLSTMCase("reset", small, 1, 3, true, true, 0, 0),
	} {
		data, err := c.build().Bytes()
		if err != nil {
			t.Fatal(err)
		}
		m, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		it, err := octet.NewInterpreter(m)
		if err != nil {
			t.Fatal(err)
		}
		x := randomInput(m.InputInfo(0), 5, -1, 1)
		run := func() []float32 {
			copy(it.Input(0).Data, x.Data)
			if err := it.Invoke(); err != nil {
				t.Fatal(err)
			}
			return append([]float32(nil), it.Output(0).F32()...)
		}
		first, second := run(), run()
		same := func(a, b []float32) bool {
			for i := range a {
				if a[i] != b[i] {
					return false
				}
			}
			return true
		}
		if same(first, second) {
			t.Errorf("%s: the second Invoke repeated the first: the state did not carry over", c.name)
		}
		it.ResetVariables()
		if third := run(); !same(first, third) {
			t.Errorf("%s: after ResetVariables the output differs from the first Invoke's", c.name)
		}
	}
}
