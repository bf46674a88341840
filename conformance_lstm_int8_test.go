package octet_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// int8LSTMSpec describes one full-integer UNIDIRECTIONAL_SEQUENCE_LSTM test
// graph: random int8 weights with scales chosen so that the gates take all
// kinds of values, int16 cell state of scale 2^cellShift, and nonzero zero
// points where TFLite allows them.
type int8LSTMSpec struct {
	name                 string
	nIn, nCell, nOut     int // nOut = nCell without projection
	batch, steps         int
	timeMajor            bool
	cifg, peephole, proj bool
	projBias             bool
	cellShift            int
	cellClip, projClip   float32
	xZP, hZP, hiddenZP   int64
	xScale, hScale, gain float32 // gain scales the weights (1 = unit pre-activations)
	runs                 int
}

func (s int8LSTMSpec) out() int {
	if s.proj {
		return s.nOut
	}
	return s.nCell
}

// int8Variable adds a variable tensor of dtype dt with quantization.
func int8Variable(b *graphtest.Builder, name string, dt tensor.DType, scale float32, zp int64, shape ...int) int {
	i := b.Tensor(name, dt, shape...)
	b.Quantize(i, scale, zp)
	b.Model().Subgraphs[0].Tensors[i].IsVariable = true
	return i
}

func constI16(b *graphtest.Builder, name string, v []int16, scale float32) int {
	data := make([]byte, 2*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint16(data[2*i:], uint16(x))
	}
	i := b.Const(name, tensor.Int16, []int{len(v)}, data)
	b.Quantize(i, scale, 0)
	return i
}

func (s int8LSTMSpec) build(seed uint64) *graphtest.Builder {
	r := rand.New(rand.NewPCG(seed, 99))
	b := graphtest.New()
	no := s.out()
	shape := []int{s.batch, s.steps, s.nIn}
	if s.timeMajor {
		shape = []int{s.steps, s.batch, s.nIn}
	}
	x := b.Input("x", tensor.Int8, shape...)
	b.Quantize(x, s.xScale, s.xZP)
	i8s := func(n int) []int8 {
		v := make([]int8, n)
		for k := range v {
			v[k] = int8(r.IntN(255) - 127)
		}
		return v
	}
	ws := func(n int) float32 { return s.gain * 2 / (127 * float32(math.Sqrt(float64(n)))) }
	var ins []int
	ins = append(ins, x)
	wxScale, whScale := ws(s.nIn), ws(no)
	var wx, wh, peep, bias [4]int
	for g := range 4 {
		wx[g], wh[g], peep[g], bias[g] = -1, -1, -1, -1
		if g == 0 && s.cifg {
			continue
		}
		wx[g] = b.ConstI8(fmt.Sprint("wx", g), []int{s.nCell, s.nIn}, i8s(s.nCell*s.nIn))
		b.Quantize(wx[g], wxScale, 0)
		wh[g] = b.ConstI8(fmt.Sprint("wh", g), []int{s.nCell, no}, i8s(s.nCell*no))
		b.Quantize(wh[g], whScale, 0)
		bs := s.xScale * wxScale
		bv := make([]int32, s.nCell)
		for k := range bv {
			bv[k] = int32((r.Float32() - 0.5) / bs)
		}
		bias[g] = b.ConstI32(fmt.Sprint("bias", g), []int{s.nCell}, bv)
		b.Quantize(bias[g], bs, 0)
		if s.peephole && g != 2 {
			pv := make([]int16, s.nCell)
			for k := range pv {
				pv[k] = int16(r.IntN(65535) - 32767)
			}
			peep[g] = constI16(b, fmt.Sprint("peep", g), pv, 0.6/32767)
		}
	}
	ins = append(ins, wx[:]...)
	ins = append(ins, wh[:]...)
	ins = append(ins, peep[0], peep[1], peep[3])
	ins = append(ins, bias[:]...)
	projW, projB := -1, -1
	if s.proj {
		pws := ws(s.nCell)
		projW = b.ConstI8("proj", []int{no, s.nCell}, i8s(no*s.nCell))
		b.Quantize(projW, pws, 0)
		if s.projBias {
			bv := make([]int32, no)
			for k := range bv {
				bv[k] = int32(r.IntN(4001) - 2000)
			}
			projB = b.ConstI32("proj_bias", []int{no}, bv)
			b.Quantize(projB, pws/128, 0)
		}
	}
	ins = append(ins, projW, projB)
	h := int8Variable(b, "output_state", tensor.Int8, s.hScale, s.hZP, s.batch, no)
	c := int8Variable(b, "cell_state", tensor.Int16, float32(math.Ldexp(1, s.cellShift)), 0, s.batch, s.nCell)
	ins = append(ins, h, c, -1, -1, -1, -1)
	var inter []int32
	for g := range 4 {
		t := b.Tensor(fmt.Sprint("gate_intermediate", g), tensor.Int16)
		b.Quantize(t, 1.0/4096, 0)
		inter = append(inter, int32(t))
	}
	hid := b.Tensor("hidden", tensor.Int8)
	hidScale := s.hScale
	if s.proj {
		hidScale = 1.0 / 128
	}
	b.Quantize(hid, hidScale, s.hiddenZP)
	inter = append(inter, int32(hid))
	y := b.Tensor("y", tensor.Int8, shape[0], shape[1], no)
	b.Quantize(y, s.hScale, s.hZP)
	b.Op(tflite.OpUnidirectionalSequenceLSTM, &tflite.UnidirectionalSequenceLSTMOptions{
		FusedActivation: 4, CellClip: s.cellClip, ProjClip: s.projClip, TimeMajor: s.timeMajor}, ins, y)
	ops := b.Model().Subgraphs[0].Operators
	ops[len(ops)-1].Intermediates = inter
	b.Output(y)
	return b
}

func int8LSTMSpecs() []int8LSTMSpec {
	base := int8LSTMSpec{nIn: 5, nCell: 7, batch: 1, steps: 6, cellShift: -11, xScale: 1.0 / 64, hScale: 1.0 / 128, gain: 1, runs: 2}
	var specs []int8LSTMSpec
	add := func(name string, f func(*int8LSTMSpec)) {
		s := base
		s.name = name
		f(&s)
		specs = append(specs, s)
	}
	add("basic", func(s *int8LSTMSpec) {})
	add("zero_points", func(s *int8LSTMSpec) { s.xZP, s.hZP = -7, 5 })
	add("batch3_batchmajor", func(s *int8LSTMSpec) { s.batch, s.xZP, s.hZP = 3, 3, -2 })
	add("batch2_timemajor", func(s *int8LSTMSpec) { s.batch, s.timeMajor, s.xZP = 2, true, 11 })
	add("peephole", func(s *int8LSTMSpec) { s.peephole, s.hZP = true, 3 })
	add("cifg", func(s *int8LSTMSpec) { s.cifg = true })
	add("cifg_peephole", func(s *int8LSTMSpec) { s.cifg, s.peephole, s.xZP = true, true, -20 })
	add("projection", func(s *int8LSTMSpec) { s.proj, s.nOut, s.projBias, s.hiddenZP, s.hZP = true, 4, true, 6, -3 })
	add("projection_nobias_clip", func(s *int8LSTMSpec) { s.proj, s.nOut, s.projClip, s.hiddenZP = true, 3, 0.3, -4 })
	add("cell_clip", func(s *int8LSTMSpec) { s.cellClip, s.gain = 1.5, 3 })
	add("saturating", func(s *int8LSTMSpec) { s.gain, s.steps = 8, 10 }) // pre-activations beyond Q3.12's range
	add("cell_scale_2^-9", func(s *int8LSTMSpec) { s.cellShift, s.gain = -9, 4 })
	add("cell_scale_2^-15", func(s *int8LSTMSpec) { s.cellShift = -15 })
	add("cell_scale_2^-12", func(s *int8LSTMSpec) { s.cellShift, s.xZP = -12, 1 })
	add("wide_32x48", func(s *int8LSTMSpec) { s.nIn, s.nCell, s.steps, s.batch = 32, 48, 12, 2 })
	add("odd_1x1", func(s *int8LSTMSpec) { s.nIn, s.nCell, s.steps = 1, 1, 3 })
	return specs
}

// TestConformanceLSTMInt8 runs full-integer UNIDIRECTIONAL_SEQUENCE_LSTM
// graphs (every option TFLite's 8x8_16 kernel has but layer normalization)
// through octet and TFLite's classic interpreter, which runs TFLite's
// integer kernel (LiteRT.js cannot load the op's variable tensors), over
// several runs so that the int8 and int16 states carry over. Outputs must be
// identical.
func TestConformanceLSTMInt8(t *testing.T) {
	litert.RequireClassic(t)
	var cases []seqCase
	for i, s := range int8LSTMSpecs() {
		s := s
		cases = append(cases, seqCase{name: "int8_lstm_" + s.name, runs: s.runs, noClassic: false,
			build: func() *graphtest.Builder { return s.build(uint64(100 + i)) }})
	}
	preps, jobs := seqPrepare(t, t.TempDir(), cases, false)
	refs, err := litert.RunClassicBatch(jobs)
	if err != nil {
		t.Logf("classic TFLite: %v", err)
	}
	seqCheck(t, preps, refs, "classic TFLite")
}
