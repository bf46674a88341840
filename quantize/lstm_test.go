package quantize_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/quantize"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// lstmModel builds a float [1,T,nIn] -> UNIDIRECTIONAL_SEQUENCE_LSTM model
// (optionally with peephole, projection or layer norm) -> its last step.
func lstmModel(t *testing.T, nIn, nCell, steps int, peephole, proj, norm bool) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	w := func(n int, s float32) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = s * (2*r.Float32() - 1)
		}
		return v
	}
	nOut := nCell
	if proj {
		nOut = 3
	}
	b := graphtest.New()
	x := b.Input("x", tensor.Float32, 1, steps, nIn)
	ins := []int{x}
	for g := range 4 {
		ins = append(ins, b.ConstF32(fmt.Sprint("wx", g), []int{nCell, nIn}, w(nCell*nIn, 0.6)))
	}
	for g := range 4 {
		ins = append(ins, b.ConstF32(fmt.Sprint("wh", g), []int{nCell, nOut}, w(nCell*nOut, 0.6)))
	}
	for _, g := range []int{0, 1, 3} {
		if peephole {
			ins = append(ins, b.ConstF32(fmt.Sprint("peep", g), []int{nCell}, w(nCell, 0.4)))
		} else {
			ins = append(ins, -1)
		}
	}
	for g := range 4 {
		ins = append(ins, b.ConstF32(fmt.Sprint("bias", g), []int{nCell}, w(nCell, 0.3)))
	}
	if proj {
		ins = append(ins, b.ConstF32("proj", []int{nOut, nCell}, w(nOut*nCell, 0.5)), b.ConstF32("proj_bias", []int{nOut}, w(nOut, 0.1)))
	} else {
		ins = append(ins, -1, -1)
	}
	h := b.Tensor("h", tensor.Float32, 1, nOut)
	c := b.Tensor("c", tensor.Float32, 1, nCell)
	sg := b.Model().Subgraphs[0].Tensors
	sg[h].IsVariable, sg[c].IsVariable = true, true
	ins = append(ins, h, c)
	for g := range 4 {
		if norm {
			ins = append(ins, b.ConstF32(fmt.Sprint("norm", g), []int{nCell}, w(nCell, 1)))
		} else {
			ins = append(ins, -1)
		}
	}
	y := b.Tensor("y", tensor.Float32, 1, steps, nOut)
	b.Op(tflite.OpUnidirectionalSequenceLSTM, &tflite.UnidirectionalSequenceLSTMOptions{FusedActivation: 4}, ins, y)
	begin := b.ConstI32("begin", []int{3}, []int32{0, -1, 0})
	end := b.ConstI32("end", []int{3}, []int32{1, 0, int32(nOut)})
	strides := b.ConstI32("strides", []int{3}, []int32{1, 1, 1})
	last := b.Tensor("last", tensor.Float32, 1, nOut)
	b.Op(tflite.OpStridedSlice, &tflite.StridedSliceOptions{EndMask: 2, ShrinkAxisMask: 2}, []int{y, begin, end, strides}, last)
	b.Output(last)
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func lstmSamples(n, steps, nIn int, seed uint64) quantize.SliceSamples {
	r := rand.New(rand.NewPCG(seed, 1))
	var s quantize.SliceSamples
	for range n {
		x := tensor.New(tensor.Float32, tensor.Shape{1, steps, nIn})
		for i := range x.F32() {
			x.F32()[i] = 2*r.Float32() - 1
		}
		s = append(s, []*tensor.Tensor{x})
	}
	return s
}

func runOnce(t *testing.T, m *octet.Model, x *tensor.Tensor) []float32 {
	t.Helper()
	it, err := octet.NewInterpreter(m)
	if err != nil {
		t.Fatal(err)
	}
	copy(it.Input(0).Data, x.Data)
	if err := it.Invoke(); err != nil {
		t.Fatal(err)
	}
	return append([]float32(nil), it.Output(0).F32()...)
}

// TestQuantizeLSTM quantizes LSTM graphs: without layer normalization the
// LSTM becomes TFLite's integer LSTM (int8 weights, int16 cell state, five
// intermediates) and tracks the float model; with it, it stays float.
func TestQuantizeLSTM(t *testing.T) {
	for _, c := range []struct {
		name                 string
		peephole, proj, norm bool
		wantInt8             bool
	}{
		{"plain", false, false, false, true},
		{"peephole", true, false, false, true},
		{"projection", false, true, false, true},
		{"layernorm", false, false, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			const nIn, nCell, steps = 4, 8, 7
			model := lstmModel(t, nIn, nCell, steps, c.peephole, c.proj, c.norm)
			res, err := quantize.Quantize(model, lstmSamples(40, steps, nIn, 1), quantize.Options{})
			if err != nil {
				t.Fatal(err)
			}
			isFloat := len(res.FloatOps) > 0 && strings.Contains(strings.Join(res.FloatOps, " "), "UNIDIRECTIONAL_SEQUENCE_LSTM")
			if isFloat == c.wantInt8 {
				t.Fatalf("float ops %v; want the LSTM in int8: %v", res.FloatOps, c.wantInt8)
			}
			fm, err := tflite.Parse(res.Model)
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range fm.Subgraphs[0].Operators {
				if fm.OperatorCodes[op.OpcodeIndex].Builtin != tflite.OpUnidirectionalSequenceLSTM {
					continue
				}
				cell := fm.Subgraphs[0].Tensors[op.Inputs[19]]
				if c.wantInt8 && (len(op.Intermediates) != 5 || cell.Type != tflite.TensorInt16 || !cell.IsVariable) {
					t.Errorf("integer LSTM: %d intermediates, cell state %v variable %v", len(op.Intermediates), cell.Type, cell.IsVariable)
				}
			}
			fmod, err := octet.LoadBytes(model)
			if err != nil {
				t.Fatal(err)
			}
			qmod, err := octet.LoadBytes(res.Model)
			if err != nil {
				t.Fatal(err)
			}
			worst := 0.0
			for _, s := range lstmSamples(20, steps, nIn, 2) {
				f, q := runOnce(t, fmod, s[0]), runOnce(t, qmod, s[0])
				for k := range f {
					worst = math.Max(worst, math.Abs(float64(f[k]-q[k])))
				}
			}
			t.Logf("max |int8 - float| = %.3g", worst)
			if worst > 0.05 {
				t.Errorf("int8 model is off by %g", worst)
			}
		})
	}
}
