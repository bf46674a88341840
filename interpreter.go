package octet

import (
	"fmt"
	"time"

	"github.com/octet-ml/octet/ops"
	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// Interpreter runs one Model. It is not safe for concurrent use: create one
// per goroutine (they share the Model).
type Interpreter struct {
	m        *Model
	cfg      config
	tensors  []tensor.Tensor
	nodes    []node
	run      []*node // nodes Invoke executes (constant-folded ones are left out)
	arena    []byte
	resized  map[int]tensor.Shape // graph input index -> shape set by ResizeInput
	prepared bool
	pool     *pool           // workers for Threads(n > 1)
	times    []time.Duration // per op, last Invoke, when profiling
}

type node struct {
	op       *modelOp
	kernel   ops.Kernel
	in       []*tensor.Tensor
	out      []*tensor.Tensor
	folded   bool
	splitter ops.Splitter // set when the node runs split across threads
	parts    int
	chain    *chain // set on the first node of a chain (threads.go)
	chained  bool   // a later node of a chain: its first node runs it
}

type config struct {
	profile  bool
	memLimit int64
	requant  quant.Mode
	observe  func(op int, out []*tensor.Tensor)
	threads  int
}

// Option configures an Interpreter.
type Option func(*config)

// WithProfiling makes Invoke record the time each op takes; read it with
// OpTimes.
func WithProfiling() Option { return func(c *config) { c.profile = true } }

// WithMemoryLimit makes Prepare fail when the tensors the graph needs (its
// arena plus constant-folded results) would take more than n bytes.
func WithMemoryLimit(n int64) Option { return func(c *config) { c.memLimit = n } }

// WithObserver makes Invoke call fn after each op it runs, with the op's
// index and output tensors, whose Data is valid only during the call. It is
// meant for calibration and debugging (fn may allocate; Invoke itself does
// not).
func WithObserver(fn func(op int, out []*tensor.Tensor)) Option {
	return func(c *config) { c.observe = fn }
}

// WithRequantization selects how integer kernels round rescaled
// accumulators: quant.FloatRoundEven (the default) gives XNNPACK's and
// LiteRT's results, quant.FixedPoint those of TFLite's builtin kernels.
func WithRequantization(m quant.Mode) Option { return func(c *config) { c.requant = m } }

// NewInterpreter creates an interpreter for m and prepares it.
func NewInterpreter(m *Model, opts ...Option) (*Interpreter, error) {
	it := &Interpreter{m: m, resized: map[int]tensor.Shape{}}
	for _, o := range opts {
		o(&it.cfg)
	}
	if err := it.Prepare(); err != nil {
		return nil, err
	}
	it.startPool()
	return it, nil
}

// Model returns the model the interpreter runs.
func (it *Interpreter) Model() *Model { return it.m }

// ResizeInput changes the shape of graph input i (for example its batch
// size). The graph is prepared again by the next Prepare or Invoke, which
// then allocates; tensors returned by Input and Output stay valid but their
// Data changes.
func (it *Interpreter) ResizeInput(i int, shape tensor.Shape) error {
	if i < 0 || i >= len(it.m.inputs) {
		return fmt.Errorf("octet: no input %d (model has %d)", i, len(it.m.inputs))
	}
	if shape.NumElements() < 0 {
		return fmt.Errorf("octet: invalid shape %v", shape)
	}
	it.resized[i] = shape.Clone()
	it.prepared = false
	return nil
}

// Prepare propagates shapes, prepares every op's kernel, evaluates ops whose
// inputs are all constant, and plans and allocates the tensor arena.
// NewInterpreter calls it; call it again only after ResizeInput, or let
// Invoke do so.
func (it *Interpreter) Prepare() error {
	m := it.m
	it.prepared = false
	if it.tensors == nil {
		it.tensors = make([]tensor.Tensor, len(m.tensors))
	}
	for i := range m.tensors {
		mt := &m.tensors[i]
		it.tensors[i] = tensor.Tensor{
			Name:  mt.Name,
			DType: mt.DType,
			Shape: mt.Shape.Clone(),
			Quant: mt.Quant,
		}
		if !mt.variable { // variables get their own storage below
			it.tensors[i].Data = mt.data
			it.tensors[i].Const = mt.data != nil
		}
	}
	for i, s := range it.resized {
		it.tensors[m.inputs[i]].Shape = s.Clone()
	}
	for _, idx := range m.inputs {
		if n := it.tensors[idx].Shape.NumElements(); n < 0 {
			return fmt.Errorf("octet: input %d (%s) has unknown shape %v; call ResizeInput",
				idx, it.tensors[idx].Name, it.tensors[idx].Shape)
		}
	}
	// Graph inputs and variables count against the memory limit too, and
	// are checked before anything is allocated for them.
	var produced int64 // bytes of inputs, variables and op outputs: a bound on what Prepare allocates
	for _, idx := range m.inputs {
		produced += int64(it.tensors[idx].ByteSize())
	}
	for i := range m.tensors {
		if m.tensors[i].variable {
			t := &it.tensors[i]
			if t.ByteSize() < 0 {
				return fmt.Errorf("octet: variable tensor %d (%s) has invalid shape %v", i, t.Name, t.Shape)
			}
			produced += int64(t.ByteSize())
		}
	}
	if it.cfg.memLimit > 0 && produced > it.cfg.memLimit {
		return fmt.Errorf("octet: inputs and variables need %d bytes, more than the memory limit of %d", produced, it.cfg.memLimit)
	}
	for i := range m.tensors {
		if m.tensors[i].variable {
			t := &it.tensors[i]
			t.Data = tensor.AlignedBytes(t.ByteSize())
		}
	}
	it.ResetVariables()
	checkShapes := len(it.resized) == 0
	it.nodes = make([]node, len(m.ops))
	it.run = it.run[:0]
	for i := range m.ops {
		op := &m.ops[i]
		n := &it.nodes[i]
		n.op = op
		n.kernel = op.newKernel()
		if r, ok := n.kernel.(ops.Requantizer); ok {
			r.SetRequantization(it.cfg.requant)
		}
		if s, ok := n.kernel.(ops.Splitter); ok {
			s.SetWorkers(max(it.cfg.threads, 1))
		}
		if u, ok := n.kernel.(ops.IntermediateUser); ok {
			inter := make([]*tensor.Tensor, len(op.intermediates))
			for j, idx := range op.intermediates {
				if idx >= 0 {
					inter[j] = &it.tensors[idx]
				}
			}
			u.SetIntermediates(inter)
		}
		n.in = make([]*tensor.Tensor, len(op.inputs))
		n.out = make([]*tensor.Tensor, len(op.outputs))
		allConst := len(op.inputs) > 0
		for j, idx := range op.inputs {
			if idx >= 0 {
				n.in[j] = &it.tensors[idx]
				allConst = allConst && n.in[j].Const
			}
		}
		declared := make([]tensor.Shape, len(op.outputs))
		for j, idx := range op.outputs {
			n.out[j] = &it.tensors[idx]
			declared[j] = n.out[j].Shape.Clone()
		}
		if err := n.kernel.Prepare(n.in, n.out); err != nil {
			return fmt.Errorf("octet: op %d (%s): %w", i, op.name, err)
		}
		for j, t := range n.out {
			if t.ByteSize() < 0 {
				return fmt.Errorf("octet: op %d (%s): output %d has invalid shape %v", i, op.name, j, t.Shape)
			}
			produced += int64(t.ByteSize())
			if it.cfg.memLimit > 0 && produced > it.cfg.memLimit {
				return fmt.Errorf("octet: op %d (%s): tensors need more than the memory limit of %d bytes", i, op.name, it.cfg.memLimit)
			}
			if checkShapes && len(declared[j]) > 0 && !declared[j].Equal(t.Shape) {
				return fmt.Errorf("octet: op %d (%s): output %d (%s) has shape %v, but the model declares %v",
					i, op.name, j, t.Name, t.Shape, declared[j])
			}
		}
		if allConst {
			// Fold: evaluate now, once, into storage owned by this interpreter.
			for _, t := range n.out {
				t.Data = tensor.AlignedBytes(t.ByteSize())
			}
			if err := n.kernel.Eval(n.in, n.out); err != nil {
				return fmt.Errorf("octet: op %d (%s): %w", i, op.name, err)
			}
			for _, t := range n.out {
				t.Const = true
			}
			n.folded = true
			continue
		}
		it.planSplit(n)
		it.run = append(it.run, n)
	}
	it.planChains()
	if err := it.planArena(); err != nil {
		return err
	}
	it.times = make([]time.Duration, len(it.nodes))
	it.prepared = true
	return nil
}

// planArena places every non-constant tensor that the executed ops touch in
// one arena. Graph inputs and outputs live for the whole run; any other
// tensor lives from the op that writes it to the last op that reads it.
func (it *Interpreter) planArena() error {
	m := it.m
	const unused = -1
	first := make([]int, len(it.tensors))
	last := make([]int, len(it.tensors))
	for i := range first {
		first[i], last[i] = unused, unused
	}
	end := len(it.run)
	touch := func(idx, step int) {
		if idx < 0 || it.tensors[idx].Const || m.tensors[idx].variable {
			return
		}
		if first[idx] == unused || step < first[idx] {
			first[idx] = step
		}
		if step > last[idx] {
			last[idx] = step
		}
	}
	for _, idx := range m.inputs {
		touch(idx, 0)
		touch(idx, end)
	}
	for step, n := range it.run {
		// The nodes of a chain run interleaved, part by part: every tensor
		// they touch lives from the chain's first step to its last, so
		// that no output is placed over an input another part still reads.
		s0, s1 := step, step
		if n.chained || n.chain != nil {
			s0, s1 = it.chainSpan(step)
		}
		for _, idx := range n.op.inputs {
			touch(idx, s0)
			touch(idx, s1)
		}
		for _, idx := range n.op.outputs {
			touch(idx, s0)
			touch(idx, s1)
		}
	}
	for _, idx := range m.outputs {
		touch(idx, end)
	}
	var bufs []tensor.Lifetime
	var owners []int
	for i := range it.tensors {
		if first[i] == unused {
			continue
		}
		bufs = append(bufs, tensor.Lifetime{Size: it.tensors[i].ByteSize(), First: first[i], Last: last[i]})
		owners = append(owners, i)
	}
	offsets, total := tensor.PlanArena(bufs)
	if cap(it.arena) >= total {
		it.arena = it.arena[:total]
		clear(it.arena)
	} else {
		it.arena = tensor.AlignedBytes(total)
	}
	for k, i := range owners {
		size := bufs[k].Size
		it.tensors[i].Data = it.arena[offsets[k] : offsets[k]+size : offsets[k]+size]
	}
	return nil
}

// ResetVariables sets every variable tensor (the state of stateful ops such
// as LSTMs, which persists across Invoke calls) to zero, or to its zero
// point for int8, as TFLite's ResetVariableTensors does; like TFLite it
// ignores a variable's buffer. Prepare calls it.
func (it *Interpreter) ResetVariables() {
	for i := range it.m.tensors {
		if !it.m.tensors[i].variable {
			continue
		}
		t := &it.tensors[i]
		var v byte
		if t.DType == tensor.Int8 && t.Quant != nil && len(t.Quant.ZeroPoint) > 0 {
			v = byte(int8(t.Quant.ZeroPoint[0]))
		}
		for k := range t.Data {
			t.Data[k] = v
		}
	}
}

// ArenaSize returns the size in bytes of the arena that holds the
// interpreter's non-constant tensors.
func (it *Interpreter) ArenaSize() int { return len(it.arena) }

// Invoke runs the graph on the current input tensors. Once prepared, it does
// not allocate.
func (it *Interpreter) Invoke() error {
	if !it.prepared {
		if err := it.Prepare(); err != nil {
			return err
		}
	}
	if it.pool != nil {
		it.pool.wake()
	}
	if it.cfg.profile || it.cfg.observe != nil {
		return it.invokeProfiled()
	}
	for _, n := range it.run {
		if n.chained {
			continue // run by its chain's first node
		}
		if n.chain != nil {
			if err := it.pool.run(n.chain, nil, nil, n.parts); err != nil {
				return err // names its op
			}
			continue
		}
		if err := it.eval(n); err != nil {
			return fmt.Errorf("octet: op %d (%s): %w", n.op.index, n.op.name, err)
		}
	}
	return nil
}

func (it *Interpreter) invokeProfiled() error {
	for _, n := range it.run {
		t0 := time.Now()
		if err := it.eval(n); err != nil {
			return fmt.Errorf("octet: op %d (%s): %w", n.op.index, n.op.name, err)
		}
		it.times[n.op.index] = time.Since(t0)
		if it.cfg.observe != nil {
			it.cfg.observe(n.op.index, n.out)
		}
	}
	return nil
}

// OpTimes returns the time each op took in the last Invoke, indexed by op,
// when the interpreter was created WithProfiling. Folded ops take 0.
func (it *Interpreter) OpTimes() []time.Duration { return it.times }

// NumInputs returns the number of graph inputs.
func (it *Interpreter) NumInputs() int { return len(it.m.inputs) }

// NumOutputs returns the number of graph outputs.
func (it *Interpreter) NumOutputs() int { return len(it.m.outputs) }

// Input returns graph input i, to be filled before Invoke. It returns nil if
// there is no input i.
func (it *Interpreter) Input(i int) *tensor.Tensor {
	if i < 0 || i >= len(it.m.inputs) {
		return nil
	}
	return &it.tensors[it.m.inputs[i]]
}

// Output returns graph output i, valid after Invoke until the next Invoke.
// It returns nil if there is no output i.
func (it *Interpreter) Output(i int) *tensor.Tensor {
	if i < 0 || i >= len(it.m.outputs) {
		return nil
	}
	return &it.tensors[it.m.outputs[i]]
}

// InputByName returns the graph input with the given tensor name or
// signature input name, or nil.
func (it *Interpreter) InputByName(name string) *tensor.Tensor {
	return it.byName(name, it.m.inputs, func(s Signature) map[string]int { return s.Inputs })
}

// OutputByName returns the graph output with the given tensor name or
// signature output name, or nil.
func (it *Interpreter) OutputByName(name string) *tensor.Tensor {
	return it.byName(name, it.m.outputs, func(s Signature) map[string]int { return s.Outputs })
}

func (it *Interpreter) byName(name string, list []int, sig func(Signature) map[string]int) *tensor.Tensor {
	for _, idx := range list {
		if it.tensors[idx].Name == name {
			return &it.tensors[idx]
		}
	}
	for _, s := range it.m.sigs {
		if idx, ok := sig(s)[name]; ok {
			for _, l := range list {
				if l == idx {
					return &it.tensors[idx]
				}
			}
		}
	}
	return nil
}

// Tensor returns the interpreter's tensor with model index i, or nil. Its
// Data is valid only while the tensor is live during Invoke, unless it is a
// constant, graph input or graph output.
func (it *Interpreter) Tensor(i int) *tensor.Tensor {
	if i < 0 || i >= len(it.tensors) {
		return nil
	}
	return &it.tensors[i]
}
