package octet

import (
	"fmt"

	"github.com/octet-ml/octet/ops"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
	"github.com/octet-ml/octet/transform"
)

// Model is a loaded, validated model. It is immutable and safe to share
// between goroutines; each goroutine runs it through its own Interpreter.
type Model struct {
	desc     string
	tensors  []modelTensor
	ops      []modelOp
	inputs   []int
	outputs  []int
	sigs     []Signature
	subgraph int
}

// TensorInfo describes one tensor of a model.
type TensorInfo struct {
	Index int // index in the model's subgraph
	Name  string
	DType tensor.DType
	Shape tensor.Shape
	Quant *tensor.Quantization // nil when not quantized
}

// Signature is a named entry point from the model's SignatureDefs. Its maps
// take signature names to tensor indices.
type Signature struct {
	Key             string
	Inputs, Outputs map[string]int
}

type modelTensor struct {
	TensorInfo
	data     []byte // constant data, aligned; nil for activations
	variable bool
}

type modelOp struct {
	index           int
	name            string // builtin name or custom code
	version         int32
	inputs, outputs []int // -1 = omitted optional input
	intermediates   []int
	newKernel       func() ops.Kernel
}

// LoadBytes parses and validates a .tflite model held in memory. The model
// keeps its own copy of the constant data it needs, so b may be reused.
//
// Graphs are optimized on import with transform.Optimize: the
// SPACE_TO_BATCH_ND -> (DEPTHWISE_)CONV_2D -> BATCH_TO_SPACE_ND form of an
// atrous convolution becomes one dilated convolution, and batchnorm left as
// per-channel MUL/ADD is folded into the preceding convolution.
func LoadBytes(b []byte) (*Model, error) {
	fm, err := tflite.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("octet: %w", err)
	}
	if _, err := transform.Optimize(fm); err != nil {
		return nil, fmt.Errorf("octet: optimizing graph: %w", err)
	}
	m, err := newModel(fm, 0)
	if err != nil {
		return nil, fmt.Errorf("octet: %w", err)
	}
	return m, nil
}

func newModel(fm *tflite.Model, sgIndex int) (*Model, error) {
	if len(fm.Subgraphs) == 0 {
		return nil, fmt.Errorf("model has no subgraphs")
	}
	sg := &fm.Subgraphs[sgIndex]
	m := &Model{desc: fm.Description, subgraph: sgIndex}
	m.tensors = make([]modelTensor, len(sg.Tensors))
	for i := range sg.Tensors {
		t := &sg.Tensors[i]
		dt, ok := t.Type.DType()
		if !ok {
			return nil, fmt.Errorf("tensor %d (%s): unsupported type %v", i, t.Name, t.Type)
		}
		mt := &m.tensors[i]
		mt.Index, mt.Name, mt.DType, mt.variable = i, t.Name, dt, t.IsVariable
		mt.Shape = make(tensor.Shape, len(t.Shape))
		for d, v := range t.Shape {
			mt.Shape[d] = int(v)
		}
		if q := t.Quantization; q != nil && len(q.Scale) > 0 {
			mt.Quant = &tensor.Quantization{
				Scale:     append([]float32(nil), q.Scale...),
				ZeroPoint: append([]int64(nil), q.ZeroPoint...),
				Axis:      int(q.QuantizedDimension),
			}
		}
		if int(t.Buffer) < len(fm.Buffers) {
			if data := fm.Buffers[t.Buffer].Data; len(data) > 0 {
				if len(data) != mt.Shape.NumElements()*dt.Size() {
					return nil, fmt.Errorf("tensor %d (%s): buffer has %d bytes, shape %v of %v needs %d",
						i, t.Name, len(data), mt.Shape, dt, mt.Shape.NumElements()*dt.Size())
				}
				mt.data = tensor.AlignedBytes(len(data))
				copy(mt.data, data)
			}
		}
	}
	for _, v := range sg.Inputs {
		m.inputs = append(m.inputs, int(v))
	}
	for _, v := range sg.Outputs {
		m.outputs = append(m.outputs, int(v))
	}
	for _, idx := range m.inputs {
		if m.tensors[idx].data != nil {
			return nil, fmt.Errorf("input tensor %d (%s) is a constant", idx, m.tensors[idx].Name)
		}
	}
	m.ops = make([]modelOp, len(sg.Operators))
	for i := range sg.Operators {
		op := &sg.Operators[i]
		code := fm.OperatorCodes[op.OpcodeIndex]
		mo := &m.ops[i]
		mo.index, mo.version = i, code.Version
		mo.name = code.Builtin.String()
		if code.Builtin == tflite.OpCustom {
			mo.name = code.CustomCode
		}
		for _, v := range op.Inputs {
			mo.inputs = append(mo.inputs, int(v))
		}
		for _, v := range op.Outputs {
			mo.outputs = append(mo.outputs, int(v))
		}
		for _, v := range op.Intermediates {
			mo.intermediates = append(mo.intermediates, int(v))
		}
		nk, err := resolve(code, op)
		if err != nil {
			return nil, fmt.Errorf("op %d (%s): %w", i, mo.name, err)
		}
		mo.newKernel = nk
		for _, o := range mo.outputs {
			if o < 0 {
				return nil, fmt.Errorf("op %d (%s): missing output tensor", i, mo.name)
			}
			if m.tensors[o].data != nil {
				return nil, fmt.Errorf("op %d (%s): writes constant tensor %d (%s)", i, mo.name, o, m.tensors[o].Name)
			}
		}
	}
	if err := m.checkDataflow(); err != nil {
		return nil, err
	}
	for _, sd := range fm.SignatureDefs {
		if int(sd.SubgraphIndex) != sgIndex {
			continue
		}
		s := Signature{Key: sd.Key, Inputs: map[string]int{}, Outputs: map[string]int{}}
		for _, tm := range sd.Inputs {
			s.Inputs[tm.Name] = int(tm.TensorIndex)
		}
		for _, tm := range sd.Outputs {
			s.Outputs[tm.Name] = int(tm.TensorIndex)
		}
		m.sigs = append(m.sigs, s)
	}
	return m, nil
}

// checkDataflow checks that ops come in execution order: every tensor an op
// reads is a constant, a graph input, a variable or the output of an earlier
// op, and no tensor is written twice.
func (m *Model) checkDataflow() error {
	ready := make([]bool, len(m.tensors))
	for i, t := range m.tensors {
		ready[i] = t.data != nil || t.variable
	}
	for _, idx := range m.inputs {
		ready[idx] = true
	}
	for _, op := range m.ops {
		for _, in := range op.inputs {
			if in >= 0 && !ready[in] {
				return fmt.Errorf("op %d (%s) reads tensor %d (%s) before any op writes it", op.index, op.name, in, m.tensors[in].Name)
			}
		}
		for _, o := range op.outputs {
			if ready[o] {
				return fmt.Errorf("op %d (%s) writes tensor %d (%s), which already has a value", op.index, op.name, o, m.tensors[o].Name)
			}
			ready[o] = true
		}
	}
	for _, idx := range m.outputs {
		if !ready[idx] {
			return fmt.Errorf("output tensor %d (%s) is never written", idx, m.tensors[idx].Name)
		}
	}
	return nil
}

// Description returns the model's description string.
func (m *Model) Description() string { return m.desc }

// NumInputs returns the number of graph inputs.
func (m *Model) NumInputs() int { return len(m.inputs) }

// NumOutputs returns the number of graph outputs.
func (m *Model) NumOutputs() int { return len(m.outputs) }

// InputInfo describes graph input i as declared in the model.
func (m *Model) InputInfo(i int) TensorInfo { return m.tensors[m.inputs[i]].info() }

// OutputInfo describes graph output i as declared in the model.
func (m *Model) OutputInfo(i int) TensorInfo { return m.tensors[m.outputs[i]].info() }

// Signatures returns the model's signature definitions for the subgraph it runs.
func (m *Model) Signatures() []Signature { return m.sigs }

// NumOps returns the number of ops in the graph.
func (m *Model) NumOps() int { return len(m.ops) }

func (t *modelTensor) info() TensorInfo {
	ti := t.TensorInfo
	ti.Shape = ti.Shape.Clone()
	ti.Quant = ti.Quant.Clone()
	return ti
}
