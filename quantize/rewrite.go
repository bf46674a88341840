package quantize

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
	"github.com/octet-ml/octet/transform"
)

// Options controls Quantize.
type Options struct {
	// IO is the dtype of the quantized model's inputs and outputs:
	// tensor.Float32 (the default, with QUANTIZE/DEQUANTIZE at the edges),
	// tensor.Int8 or tensor.Uint8.
	IO tensor.DType
	// Method picks activation ranges; Percentile is its parameter (default
	// 99.99).
	Method     Method
	Percentile float64
	// Progress, if set, is called after each calibration run.
	Progress func(done, total int)
}

// TensorRange reports the range calibration chose for one activation and
// its int8 parameters.
type TensorRange struct {
	Name          string
	Min, Max      float64 // observed
	Lo, Hi        float64 // chosen by the method
	Scale         float32
	ZeroPoint     int64
	Fixed, Shared bool // parameters fixed by the op, or shared with its input
}

// Result is a quantized model and what was decided on the way.
type Result struct {
	Model    []byte
	Ranges   []TensorRange
	FloatOps []string // ops left in float32, as "index NAME"
}

// Quantize calibrates a float model on samples and returns its int8 form.
func Quantize(model []byte, samples Samples, opts Options) (*Result, error) {
	if opts.IO == tensor.Invalid {
		opts.IO = tensor.Float32
	}
	if opts.IO != tensor.Float32 && opts.IO != tensor.Int8 && opts.IO != tensor.Uint8 {
		return nil, fmt.Errorf("quantize: IO dtype %v not supported (float32, int8 or uint8)", opts.IO)
	}
	if opts.Percentile == 0 {
		opts.Percentile = 99.99
	}
	if opts.Percentile <= 50 || opts.Percentile > 100 {
		return nil, fmt.Errorf("quantize: percentile %v out of (50, 100]", opts.Percentile)
	}
	src, err := tflite.Parse(model)
	if err != nil {
		return nil, fmt.Errorf("quantize: %w", err)
	}
	// Quantize the graph octet runs: optimized as octet.LoadBytes does
	// (atrous rewrite, batchnorm folding), so that tensor indices agree.
	if changed, err := transform.Optimize(src); err != nil {
		return nil, fmt.Errorf("quantize: %w", err)
	} else if changed {
		if model, err = src.Encode(); err != nil {
			return nil, fmt.Errorf("quantize: %w", err)
		}
	}
	m, err := octet.LoadBytes(model)
	if err != nil {
		return nil, fmt.Errorf("quantize: %w", err)
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		return nil, fmt.Errorf("quantize: %w", err)
	}
	for i := 0; i < m.NumInputs(); i++ {
		if in := m.InputInfo(i); in.DType != tensor.Float32 {
			return nil, fmt.Errorf("quantize: input %d (%s) is %v; only float models can be quantized", i, in.Name, in.DType)
		}
	}
	st, replays, err := calibrate(m, src, samples, opts.Method != MinMax, opts.Progress)
	if err != nil {
		return nil, err
	}
	r := &rewriter{
		src: src, sg: &src.Subgraphs[0], it: it, st: st, opts: opts,
		b:        graphtest.New(),
		orig:     map[int]int{},
		q:        map[int]int{},
		par:      map[int]params{},
		chosen:   map[int]*TensorRange{},
		requants: map[[2]int]int{},
		lstm:     replays,
	}
	r.b.Model().Description = "int8 by octet quantize; from: " + src.Description
	if err := r.run(); err != nil {
		return nil, fmt.Errorf("quantize: %w", err)
	}
	data, err := r.b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("quantize: encoding: %w", err)
	}
	res := &Result{Model: data, FloatOps: r.floatOps}
	idx := make([]int, 0, len(r.chosen))
	for i := range r.chosen {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		res.Ranges = append(res.Ranges, *r.chosen[i])
	}
	return res, nil
}

type rewriter struct {
	src         *tflite.Model
	sg          *tflite.Subgraph
	it          *octet.Interpreter
	st          map[int]*stats
	opts        Options
	b           *graphtest.Builder
	orig        map[int]int    // model tensor -> new tensor in its original dtype
	q           map[int]int    // model float tensor -> new int8 tensor
	par         map[int]params // int8 parameters of model float tensors
	chosen      map[int]*TensorRange
	requants    map[[2]int]int // (new int8 tensor, params key) -> requantized copy
	floatOps    []string
	sigmoidOnly map[int]bool // tensors read only by LOGISTIC ops
	lstm        map[int]*lstmReplay
	opIndex     int // the op being rewritten
}

func (r *rewriter) tensor(i int) *tensor.Tensor { return r.it.Tensor(i) }

func (r *rewriter) isConst(i int) bool { return i >= 0 && r.tensor(i).Const }

// sigmoidClip bounds the range of tensors only LOGISTIC reads.
const sigmoidClip = 8

// findSigmoidOnly marks float tensors whose only readers are LOGISTIC ops
// and that are not graph outputs.
func (r *rewriter) findSigmoidOnly() {
	readers := map[int][]tflite.BuiltinOperator{}
	for i := range r.sg.Operators {
		op := &r.sg.Operators[i]
		code := r.src.OperatorCodes[op.OpcodeIndex].Builtin
		for _, in := range op.Inputs {
			if in >= 0 {
				readers[int(in)] = append(readers[int(in)], code)
			}
		}
	}
	for _, o := range r.sg.Outputs {
		readers[int(o)] = append(readers[int(o)], -1)
	}
	r.sigmoidOnly = map[int]bool{}
	for idx, rs := range readers {
		only := true
		for _, c := range rs {
			only = only && c == tflite.OpLogistic
		}
		r.sigmoidOnly[idx] = only
	}
}

func (r *rewriter) run() error {
	r.findSigmoidOnly()
	for k, idx32 := range r.sg.Inputs {
		if err := r.input(k, int(idx32)); err != nil {
			return err
		}
	}
	for i := range r.sg.Operators {
		if err := r.op(i); err != nil {
			return err
		}
	}
	for _, idx32 := range r.sg.Outputs {
		idx := int(idx32)
		var out int
		var err error
		switch {
		case r.tensor(idx).DType != tensor.Float32:
			out, err = r.origVersion(idx)
		case r.opts.IO == tensor.Float32:
			out, err = r.floatVersion(idx)
		case r.opts.IO == tensor.Int8:
			out, err = r.int8Version(idx)
		default:
			out, err = r.uint8Output(idx)
		}
		if err != nil {
			return err
		}
		r.b.Output(out)
	}
	r.renameIO()
	return nil
}

// input creates graph input k for model tensor idx in the IO dtype.
func (r *rewriter) input(k, idx int) error {
	t := r.tensor(idx)
	switch r.opts.IO {
	case tensor.Float32:
		r.orig[idx] = r.b.Input(t.Name, tensor.Float32, t.Shape...)
	case tensor.Int8:
		p, err := r.params(idx)
		if err != nil {
			return err
		}
		n := r.b.Input(t.Name, tensor.Int8, t.Shape...)
		r.b.Quantize(n, p.scale, p.zp)
		r.q[idx] = n
	case tensor.Uint8:
		p, err := r.params(idx)
		if err != nil {
			return err
		}
		u := r.b.Input(t.Name, tensor.Uint8, t.Shape...)
		r.b.Quantize(u, p.scale, p.zp+128)
		n := r.b.Tensor(t.Name+"_int8", tensor.Int8, t.Shape...)
		r.b.Quantize(n, p.scale, p.zp)
		r.b.OpV(tflite.OpQuantize, 2, nil, []int{u}, n)
		r.q[idx] = n
	}
	return nil
}

func (r *rewriter) uint8Output(idx int) (int, error) {
	n, err := r.int8Version(idx)
	if err != nil {
		return 0, err
	}
	t := r.tensor(idx)
	p := r.par[idx]
	u := r.b.Tensor(t.Name+"_uint8", tensor.Uint8, t.Shape...)
	r.b.Quantize(u, p.scale, p.zp+128)
	r.b.OpV(tflite.OpQuantize, 2, nil, []int{n}, u)
	return u, nil
}

// renameIO gives the graph's inputs and outputs their original names.
func (r *rewriter) renameIO() {
	m := r.b.Model()
	sg := &m.Subgraphs[0]
	want := map[int32]string{}
	for k, idx := range r.sg.Inputs {
		want[sg.Inputs[k]] = r.sg.Tensors[idx].Name
	}
	for k, idx := range r.sg.Outputs {
		want[sg.Outputs[k]] = r.sg.Tensors[idx].Name
	}
	for i := range sg.Tensors {
		name, io := want[int32(i)]
		if !io {
			for _, n := range want {
				if sg.Tensors[i].Name == n {
					sg.Tensors[i].Name += "_internal"
				}
			}
			continue
		}
		sg.Tensors[i].Name = name
	}
}

// params returns (choosing once) the int8 parameters of float tensor idx
// from calibration.
func (r *rewriter) params(idx int) (params, error) {
	if p, ok := r.par[idx]; ok {
		return p, nil
	}
	s := r.st[idx]
	if s == nil || !s.seen {
		return params{}, fmt.Errorf("tensor %d (%s) has no calibration data", idx, r.tensor(idx).Name)
	}
	lo, hi := rangeOf(s, r.opts.Method, r.opts.Percentile)
	if r.sigmoidOnly[idx] {
		// LOGISTIC's int8 output has steps of 1/256, and sigmoid(-8) =
		// 3.4e-4 and 1-sigmoid(8) are below half a step: inputs beyond
		// [-8, 8] saturate the output anyway, so clipping there loses
		// nothing and keeps the input's step fine.
		lo, hi = math.Max(lo, -sigmoidClip), math.Min(hi, sigmoidClip)
	}
	p := chooseParams(lo, hi)
	r.setParams(idx, p, &TensorRange{Min: s.min, Max: s.max, Lo: lo, Hi: hi})
	return p, nil
}

func (r *rewriter) setParams(idx int, p params, tr *TensorRange) {
	r.par[idx] = p
	if s := r.st[idx]; s != nil && s.seen {
		tr.Min, tr.Max = s.min, s.max
	}
	tr.Name, tr.Scale, tr.ZeroPoint = r.tensor(idx).Name, p.scale, p.zp
	r.chosen[idx] = tr
}

// origVersion returns the new tensor holding model tensor idx in its
// original dtype, converting from int8 or copying a constant as needed.
func (r *rewriter) origVersion(idx int) (int, error) {
	if n, ok := r.orig[idx]; ok {
		return n, nil
	}
	t := r.tensor(idx)
	if t.Const {
		n := r.b.Const(t.Name, t.DType, t.Shape, t.Data)
		r.orig[idx] = n
		return n, nil
	}
	if r.sg.Tensors[idx].IsVariable {
		// A state tensor of an op kept in float: copied as a variable.
		n := r.b.Tensor(t.Name, t.DType, t.Shape...)
		r.b.Model().Subgraphs[0].Tensors[n].IsVariable = true
		r.orig[idx] = n
		return n, nil
	}
	qn, ok := r.q[idx]
	if !ok || t.DType != tensor.Float32 {
		return 0, fmt.Errorf("tensor %d (%s) is used before it is computed", idx, t.Name)
	}
	n := r.b.Tensor(t.Name, tensor.Float32, t.Shape...)
	r.b.OpV(tflite.OpDequantize, 2, nil, []int{qn}, n)
	r.orig[idx] = n
	return n, nil
}

func (r *rewriter) floatVersion(idx int) (int, error) { return r.origVersion(idx) }

// int8Version returns the new int8 tensor for float tensor idx, adding a
// QUANTIZE op (or, for a constant, quantized data) if there is none yet.
func (r *rewriter) int8Version(idx int) (int, error) {
	if n, ok := r.q[idx]; ok {
		return n, nil
	}
	t := r.tensor(idx)
	if t.DType != tensor.Float32 {
		return 0, fmt.Errorf("tensor %d (%s) is %v, not float32", idx, t.Name, t.DType)
	}
	if t.Const {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range t.F32() {
			lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
		}
		p := chooseParams(lo, hi)
		r.setParams(idx, p, &TensorRange{Lo: lo, Hi: hi, Min: lo, Max: hi})
		n := r.b.ConstI8(t.Name+"_int8", t.Shape, quantizeValues(t.F32(), p))
		r.b.Quantize(n, p.scale, p.zp)
		r.q[idx] = n
		return n, nil
	}
	f, err := r.origVersion(idx)
	if err != nil {
		return 0, err
	}
	p, err := r.params(idx)
	if err != nil {
		return 0, err
	}
	n := r.b.Tensor(t.Name+"_int8", tensor.Int8, t.Shape...)
	r.b.Quantize(n, p.scale, p.zp)
	r.b.OpV(tflite.OpQuantize, 2, nil, []int{f}, n)
	r.q[idx] = n
	return n, nil
}

// int8As returns float tensor idx in int8 with parameters p, adding a
// requantizing QUANTIZE op when its own parameters differ.
func (r *rewriter) int8As(idx int, p params) (int, error) {
	n, err := r.int8Version(idx)
	if err != nil {
		return 0, err
	}
	if r.par[idx] == p {
		return n, nil
	}
	key := [2]int{n, int(math.Float32bits(p.scale))<<8 | int(p.zp+128)}
	if c, ok := r.requants[key]; ok {
		return c, nil
	}
	t := r.tensor(idx)
	c := r.b.Tensor(t.Name+"_requant", tensor.Int8, t.Shape...)
	r.b.Quantize(c, p.scale, p.zp)
	r.b.OpV(tflite.OpQuantize, 2, nil, []int{n}, c)
	r.requants[key] = c
	return c, nil
}

func quantizeValues(v []float32, p params) []int8 {
	q := make([]int8, len(v))
	for i, x := range v {
		f := math.Round(float64(x)/float64(p.scale)) + float64(p.zp)
		q[i] = int8(math.Min(math.Max(f, -128), 127))
	}
	return q
}

// newInt8Output creates the int8 tensor for op output idx with p.
func (r *rewriter) newInt8Output(idx int, p params) int {
	t := r.tensor(idx)
	n := r.b.Tensor(t.Name+"_int8", tensor.Int8, t.Shape...)
	r.b.Quantize(n, p.scale, p.zp)
	r.q[idx] = n
	return n
}

// le32 encodes int32 values little-endian.
func le32(v []int32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(x))
	}
	return b
}
