package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"testing"
	"time"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// The trained model's checkpoint is not committed: the benchmarks and
// TestBLSTMForwardAgrees read its weights back from the exported .tflite.
const (
	committedInt8  = "../../models/blstm/testdata/fashion_blstm_int8.tflite"
	benchImagePath = "../../models/blstm/testdata/t10k/t10k-0000-label9.png"
)

// paramsFromTFLite reads the weights of a BLSTM classifier in the uni form
// that Export writes (two UNIDIRECTIONAL_SEQUENCE_LSTM, dense, softmax)
// back into Params, undoing Export's transposes.
func paramsFromTFLite(b []byte) (*Params, error) {
	m, err := tflite.Parse(b)
	if err != nil {
		return nil, err
	}
	if len(m.Subgraphs) == 0 {
		return nil, fmt.Errorf("no subgraph")
	}
	byName := map[string]*tflite.Tensor{}
	for i := range m.Subgraphs[0].Tensors {
		t := &m.Subgraphs[0].Tensors[i]
		byName[t.Name] = t
	}
	get := func(name string, shape ...int) ([]float32, error) {
		t, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("no tensor %q", name)
		}
		if t.Type != tflite.TensorTypeOf(tensor.Float32) {
			return nil, fmt.Errorf("%s is %v, not float32", name, t.Type)
		}
		n := 1
		for _, d := range shape {
			n *= d
		}
		if len(t.Shape) != len(shape) {
			return nil, fmt.Errorf("%s has shape %v, want %v", name, t.Shape, shape)
		}
		for i, d := range shape {
			if int(t.Shape[i]) != d {
				return nil, fmt.Errorf("%s has shape %v, want %v", name, t.Shape, shape)
			}
		}
		data := m.TensorData(t)
		if len(data) != 4*n {
			return nil, fmt.Errorf("%s has %d bytes, want %d", name, len(data), 4*n)
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
		}
		return v, nil
	}
	wi, ok := byName["forward_lstm/input_to_input_weights"]
	if !ok || len(wi.Shape) != 2 {
		return nil, fmt.Errorf("no [units, in] tensor forward_lstm/input_to_input_weights: not the uni form")
	}
	db, ok := byName["dense/bias"]
	if !ok || len(db.Shape) != 1 {
		return nil, fmt.Errorf("no [classes] tensor dense/bias")
	}
	units, in, classes := int(wi.Shape[0]), int(wi.Shape[1]), int(db.Shape[0])
	p := NewParams(in, units, classes)
	for _, d := range []struct {
		dir    *Dir
		prefix string
	}{{&p.Fw, "forward_lstm/"}, {&p.Bw, "backward_lstm/"}} {
		for g := range nGates {
			wx, err := get(d.prefix+"input_to_"+gateNames[g]+"_weights", units, in)
			if err != nil {
				return nil, err
			}
			wh, err := get(d.prefix+"recurrent_to_"+gateNames[g]+"_weights", units, units)
			if err != nil {
				return nil, err
			}
			bias, err := get(d.prefix+gateNames[g]+"_gate_bias", units)
			if err != nil {
				return nil, err
			}
			copy(d.dir.Wx[g], transpose(wx, units, in))
			copy(d.dir.Wh[g], transpose(wh, units, units))
			copy(d.dir.B[g], bias)
		}
	}
	wd, err := get("dense/kernel", classes, 2*units)
	if err != nil {
		return nil, err
	}
	copy(p.Wd, transpose(wd, classes, 2*units))
	bd, err := get("dense/bias", classes)
	if err != nil {
		return nil, err
	}
	copy(p.Bd, bd)
	return p, nil
}

func committedParams(tb testing.TB) *Params {
	tb.Helper()
	b, err := os.ReadFile(committedModel)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := paramsFromTFLite(b)
	if err != nil {
		tb.Fatalf("%s: %v", committedModel, err)
	}
	return p
}

// TestParamsFromTFLite checks the loader: exporting the weights it reads
// gives the committed file back, byte for byte.
func TestParamsFromTFLite(t *testing.T) {
	want, err := os.ReadFile(committedModel)
	if err != nil {
		t.Fatal(err)
	}
	p := committedParams(t)
	if p.In != 28 || p.Units != 128 || p.Classes != 10 {
		t.Fatalf("in %d units %d classes %d", p.In, p.Units, p.Classes)
	}
	got, err := Export(p, FormUni)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("re-exporting the weights read from the committed model does not reproduce it")
	}
	if _, err := paramsFromTFLite(readFile(t, committedUnrolled)); err == nil {
		t.Error("the unrolled form was read as the uni form")
	}
}

// gorgoniaForward is the gorgonia forward pass on one image at a time (a
// graph of batch 1).
type gorgoniaForward struct {
	n    *net
	set  *fmnist.Set
	idx  []int
	nCls int
}

func newGorgoniaForward(tb testing.TB, p *Params, s *fmnist.Set) *gorgoniaForward {
	tb.Helper()
	n, err := newNet(p, 1, s.Rows, false)
	if err != nil {
		tb.Fatal(err)
	}
	return &gorgoniaForward{n: n, set: s, idx: []int{0}, nCls: p.Classes}
}

// run computes image i's probabilities; they are valid until the next run.
func (g *gorgoniaForward) run(i int) ([]float32, error) {
	g.idx[0] = i
	g.n.setBatch(g.set, g.idx)
	if err := g.n.run(); err != nil {
		return nil, err
	}
	return f32(g.n.probs)[:g.nCls], nil
}

// octetForward runs a .tflite classifier with octet's interpreter, float32
// or with int8/uint8 input and output (quantized and dequantized here).
type octetForward struct {
	it  *octet.Interpreter
	set *fmnist.Set
	in  []byte // the current image in the input's dtype
	x   []float32
	out []float32
}

func newOctetForward(tb testing.TB, path string, s *fmnist.Set) *octetForward {
	tb.Helper()
	m, err := octet.LoadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		tb.Fatal(err)
	}
	in, out := it.Input(0), it.Output(0)
	if in.NumElements() != s.Rows*s.Cols {
		tb.Fatalf("%s: input %v for %dx%d images", path, in.Shape, s.Cols, s.Rows)
	}
	for _, t := range []*tensor.Tensor{in, out} {
		switch t.DType {
		case tensor.Float32:
		case tensor.Int8, tensor.Uint8:
			if t.Quant == nil || len(t.Quant.Scale) != 1 {
				tb.Fatalf("%s: %s is %v without per-tensor quantization", path, t.Name, t.DType)
			}
		default:
			tb.Fatalf("%s: %s is %v", path, t.Name, t.DType)
		}
	}
	return &octetForward{it: it, set: s, in: make([]byte, len(in.Data)), x: make([]float32, in.NumElements()),
		out: make([]float32, out.NumElements())}
}

// load prepares image i as the model's input bytes.
func (o *octetForward) load(i int) {
	t := o.it.Input(0)
	o.set.Float(i, o.x)
	switch t.DType {
	case tensor.Float32:
		for k, v := range o.x {
			binary.LittleEndian.PutUint32(o.in[4*k:], math.Float32bits(v))
		}
	default:
		sc, zp := t.Quant.Params(0)
		lo, hi := -128.0, 127.0
		if t.DType == tensor.Uint8 {
			lo, hi = 0, 255
		}
		for k, v := range o.x {
			q := math.Max(lo, math.Min(hi, math.Round(float64(v)/float64(sc))+float64(zp)))
			o.in[k] = byte(int64(q))
		}
	}
}

// run runs the loaded image from a zero LSTM state.
func (o *octetForward) run() ([]float32, error) {
	o.it.ResetVariables()
	copy(o.it.Input(0).Data, o.in)
	if err := o.it.Invoke(); err != nil {
		return nil, err
	}
	t := o.it.Output(0)
	switch t.DType {
	case tensor.Float32:
		copy(o.out, t.F32())
	case tensor.Int8:
		sc, zp := t.Quant.Params(0)
		for k, q := range t.I8() {
			o.out[k] = sc * float32(int64(q)-zp)
		}
	case tensor.Uint8:
		sc, zp := t.Quant.Params(0)
		for k, q := range t.U8() {
			o.out[k] = sc * float32(int64(q)-zp)
		}
	}
	return o.out, nil
}

// TestBLSTMForwardAgrees runs the committed model's weights through the
// gorgonia forward pass and its .tflite through octet on the same images:
// probabilities within 1e-4.
func TestBLSTMForwardAgrees(t *testing.T) {
	p := committedParams(t)
	imgs := testImages(t, 6)
	g := newGorgoniaForward(t, p, imgs)
	o := newOctetForward(t, committedModel, imgs)
	worst := 0.0
	for i := range imgs.N {
		pg, err := g.run(i)
		if err != nil {
			t.Fatal(err)
		}
		o.load(i)
		po, err := o.run()
		if err != nil {
			t.Fatal(err)
		}
		for c := range pg {
			worst = math.Max(worst, math.Abs(float64(pg[c]-po[c])))
		}
		if argmax(pg) != argmax(po) {
			t.Errorf("image %d: gorgonia says class %d, octet %d", i, argmax(pg), argmax(po))
		}
	}
	t.Logf("max |gorgonia - octet| over %d images = %.3g", imgs.N, worst)
	if worst > 1e-4 {
		t.Errorf("gorgonia and octet differ by %.3g > 1e-4", worst)
	}
}

// benchImage is the first Fashion-MNIST test image (committed as a PNG),
// as a one-image set.
func benchImage(b *testing.B) *fmnist.Set {
	f, err := os.Open(benchImagePath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		b.Fatal(err)
	}
	g, ok := img.(*image.Gray)
	if !ok || g.Rect.Dx() != 28 || g.Rect.Dy() != 28 {
		b.Fatalf("%s is not a 28x28 gray image", benchImagePath)
	}
	return &fmnist.Set{N: 1, Rows: 28, Cols: 28, Images: g.Pix, Labels: []uint8{9}}
}

// BenchmarkBLSTMForward measures one forward pass of the trained BLSTM on
// one 28x28 sequence: gorgonia's graph (batch 1) and octet running the
// float32 .tflite (and the int8 one, when models/blstm/testdata has it).
// The *_vs_gorgonia benchmarks run both in the same loop (alternating
// blocks of 8 passes) and report gorgonia's time over octet's as
// x_vs_gorgonia; their ns/op covers 8 passes of each.
func BenchmarkBLSTMForward(b *testing.B) {
	p := committedParams(b)
	s := benchImage(b)
	models := []struct{ name, path string }{{"octet_float", committedModel}, {"octet_int8", committedInt8}}

	b.Run("gorgonia", func(b *testing.B) {
		g := newGorgoniaForward(b, p, s)
		b.ReportAllocs()
		b.SetBytes(28 * 28 * 4)
		for b.Loop() {
			if _, err := g.run(0); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, m := range models {
		b.Run(m.name, func(b *testing.B) {
			o := openOctet(b, m.path, s)
			b.ReportAllocs()
			b.SetBytes(28 * 28 * 4)
			for b.Loop() {
				o.load(0)
				if _, err := o.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, m := range models {
		b.Run(m.name+"_vs_gorgonia", func(b *testing.B) {
			o := openOctet(b, m.path, s)
			g := newGorgoniaForward(b, p, s)
			b.ReportAllocs()
			b.SetBytes(28 * 28 * 4)
			// Each iteration times a block of runs of each, so both
			// stay warm (one gorgonia pass allocates 1.2 MB, enough to
			// evict octet's weights and tables from the caches when
			// interleaved run by run) while the two measurements are
			// still taken moments apart.
			const block = 8
			var tg, to time.Duration
			for b.Loop() {
				t0 := time.Now()
				for range block {
					if _, err := g.run(0); err != nil {
						b.Fatal(err)
					}
				}
				t1 := time.Now()
				for range block {
					o.load(0)
					if _, err := o.run(); err != nil {
						b.Fatal(err)
					}
				}
				tg += t1.Sub(t0)
				to += time.Since(t1)
			}
			n := float64(b.N * block)
			b.ReportMetric(float64(tg.Nanoseconds())/n, "gorgonia_ns/op")
			b.ReportMetric(float64(to.Nanoseconds())/n, "octet_ns/op")
			b.ReportMetric(float64(tg)/float64(to), "x_vs_gorgonia")
		})
	}
}

// openOctet returns the octet runner for path with image 0 loaded,
// skipping the benchmark when the model file does not exist.
func openOctet(b *testing.B, path string, s *fmnist.Set) *octetForward {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		b.Skipf("%s does not exist", path)
	}
	o := newOctetForward(b, path, s)
	o.load(0)
	return o
}
