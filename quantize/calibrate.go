package quantize

import (
	"fmt"
	"math"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

// Samples supplies calibration inputs: sample i is one tensor per model
// input, in the model's input order.
type Samples interface {
	Len() int
	Sample(i int) ([]*tensor.Tensor, error)
}

// SliceSamples is a Samples held in memory.
type SliceSamples [][]*tensor.Tensor

// Len implements Samples.
func (s SliceSamples) Len() int { return len(s) }

// Sample implements Samples.
func (s SliceSamples) Sample(i int) ([]*tensor.Tensor, error) { return s[i], nil }

// histBins is the resolution of the histograms behind the percentile and
// MSE methods.
const histBins = 2048

// stats gathers what calibration saw of one float tensor.
type stats struct {
	min, max float64
	seen     bool
	hist     []float64 // over [min, max] of the first pass, when used
}

func (s *stats) add(v []float32) {
	for _, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		if !s.seen {
			s.min, s.max, s.seen = f, f, true
			continue
		}
		s.min = math.Min(s.min, f)
		s.max = math.Max(s.max, f)
	}
}

func (s *stats) addHist(v []float32) {
	w := (s.max - s.min) / histBins
	if w <= 0 {
		return
	}
	for _, x := range v {
		b := int((float64(x) - s.min) / w)
		s.hist[min(max(b, 0), histBins-1)]++
	}
}

// calibrate runs the float model over every sample and returns the stats
// of each float activation tensor (graph inputs and op outputs), by tensor
// index, and the replays of its LSTM ops (by op index) with the cell state
// values they saw. With hist it makes a second pass to fill histograms.
// Variable tensors are reset before each sample: each is one sequence.
func calibrate(m *octet.Model, src *tflite.Model, samples Samples, hist bool, progress func(done, total int)) (map[int]*stats, map[int]*lstmReplay, error) {
	st := map[int]*stats{}
	get := func(i int) *stats {
		s := st[i]
		if s == nil {
			s = &stats{}
			st[i] = s
		}
		return s
	}
	second := false
	observe := func(_ int, out []*tensor.Tensor) {}
	it, err := octet.NewInterpreter(m, octet.WithObserver(func(op int, out []*tensor.Tensor) { observe(op, out) }))
	if err != nil {
		return nil, nil, err
	}
	replays := map[int]*lstmReplay{}
	sg := &src.Subgraphs[0]
	for i := range sg.Operators {
		op := &sg.Operators[i]
		if src.OperatorCodes[op.OpcodeIndex].Builtin != tflite.OpUnidirectionalSequenceLSTM {
			continue
		}
		if o, _ := op.Options.(*tflite.UnidirectionalSequenceLSTMOptions); o != nil && o.FusedActivation != 4 {
			continue // only tanh LSTMs have an integer form
		}
		if rp, err := newLSTMReplay(i, op, it.Tensor); err == nil {
			replays[i] = rp
		}
	}
	var replayErr error
	index := map[*tensor.Tensor]int{}
	for i := 0; ; i++ {
		t := it.Tensor(i)
		if t == nil {
			break
		}
		index[t] = i
	}
	record := func(t *tensor.Tensor) {
		if t.DType != tensor.Float32 {
			return
		}
		s := get(index[t])
		if second {
			s.addHist(t.F32())
		} else {
			s.add(t.F32())
		}
	}
	observe = func(op int, out []*tensor.Tensor) {
		for _, t := range out {
			record(t)
		}
		if rp := replays[op]; rp != nil && !second && replayErr == nil {
			replayErr = rp.run(it.Tensor(rp.src[0]).F32())
		}
	}
	passes := 1
	if hist {
		passes = 2
	}
	n := samples.Len()
	if n == 0 {
		return nil, nil, fmt.Errorf("quantize: no calibration samples")
	}
	for pass := 0; pass < passes; pass++ {
		second = pass == 1
		if second {
			for _, s := range st {
				s.hist = make([]float64, histBins)
			}
		}
		for k := 0; k < n; k++ {
			in, err := samples.Sample(k)
			if err != nil {
				return nil, nil, fmt.Errorf("quantize: calibration sample %d: %w", k, err)
			}
			if len(in) != it.NumInputs() {
				return nil, nil, fmt.Errorf("quantize: calibration sample %d has %d tensors, model has %d inputs", k, len(in), it.NumInputs())
			}
			for j, x := range in {
				dst := it.Input(j)
				if x.DType != dst.DType || !x.Shape.Equal(dst.Shape) {
					return nil, nil, fmt.Errorf("quantize: calibration sample %d input %d is %v%v, model wants %v%v", k, j, x.DType, x.Shape, dst.DType, dst.Shape)
				}
				copy(dst.Data, x.Data)
				record(dst)
			}
			it.ResetVariables()
			if err := it.Invoke(); err != nil {
				return nil, nil, fmt.Errorf("quantize: calibration sample %d: %w", k, err)
			}
			if replayErr != nil {
				return nil, nil, fmt.Errorf("quantize: calibration sample %d: replaying an LSTM: %w", k, replayErr)
			}
			if progress != nil {
				progress(pass*n+k+1, passes*n)
			}
		}
	}
	return st, replays, nil
}
