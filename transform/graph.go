package transform

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/octet-ml/octet/tflite"
)

// graph is a view of one subgraph for pattern matching. It is rebuilt after
// every rewrite (graphs are small, and rebuilding keeps the bookkeeping
// obviously right).
type graph struct {
	m       *tflite.Model
	si      int
	sg      *tflite.Subgraph
	readers [][]int // tensor -> indices of the ops that read it
	output  []bool  // tensor is a subgraph output
}

func newGraph(m *tflite.Model, si int) *graph {
	g := &graph{m: m, si: si, sg: &m.Subgraphs[si]}
	g.index()
	return g
}

func (g *graph) index() {
	n := len(g.sg.Tensors)
	g.readers = make([][]int, n)
	g.output = make([]bool, n)
	for i := range g.sg.Operators {
		seen := map[int32]bool{}
		for _, t := range g.sg.Operators[i].Inputs {
			if t >= 0 && !seen[t] {
				seen[t] = true
				g.readers[t] = append(g.readers[t], i)
			}
		}
	}
	for _, t := range g.sg.Outputs {
		g.output[t] = true
	}
}

// code returns the builtin operator of op i (OpCustom for custom ops).
func (g *graph) code(i int) tflite.BuiltinOperator {
	return g.m.OperatorCodes[g.sg.Operators[i].OpcodeIndex].Builtin
}

// soleReader returns the only op reading tensor t, when t is read by exactly
// one op, is not a subgraph output and not a variable.
func (g *graph) soleReader(t int32) (int, bool) {
	if t < 0 || g.output[t] || g.sg.Tensors[t].IsVariable || len(g.readers[t]) != 1 {
		return 0, false
	}
	return g.readers[t][0], true
}

// input returns input k of op i, or -1 when it is absent.
func (g *graph) input(i, k int) int32 {
	in := g.sg.Operators[i].Inputs
	if k >= len(in) {
		return -1
	}
	return in[k]
}

// numElements returns the element count of a shape (-1 if negative dims).
func numElements(shape []int32) int {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return -1
		}
		n *= int(d)
	}
	return n
}

// constData returns the constant bytes of tensor t when it has type tt and
// exactly numElements(shape)*size bytes of data.
func (g *graph) constData(t int32, tt tflite.TensorType, size int) ([]byte, bool) {
	if t < 0 {
		return nil, false
	}
	tn := &g.sg.Tensors[t]
	if tn.Type != tt || tn.IsVariable {
		return nil, false
	}
	d := g.m.TensorData(tn)
	n := numElements(tn.Shape)
	if len(d) == 0 || n < 0 || len(d) != n*size {
		return nil, false
	}
	return d, true
}

// constF32 returns the values of a constant float32 tensor.
func (g *graph) constF32(t int32) ([]float32, bool) {
	d, ok := g.constData(t, tflite.TensorFloat32, 4)
	if !ok {
		return nil, false
	}
	v := make([]float32, len(d)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(d[4*i:]))
	}
	return v, true
}

// constI32 returns the values of a constant int32 tensor.
func (g *graph) constI32(t int32) ([]int32, bool) {
	d, ok := g.constData(t, tflite.TensorInt32, 4)
	if !ok {
		return nil, false
	}
	v := make([]int32, len(d)/4)
	for i := range v {
		v[i] = int32(binary.LittleEndian.Uint32(d[4*i:]))
	}
	return v, true
}

// addConstF32 appends a float32 constant tensor with its own buffer and
// returns its index.
func (g *graph) addConstF32(name string, shape []int32, v []float32) int32 {
	d := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(d[4*i:], math.Float32bits(x))
	}
	g.m.Buffers = append(g.m.Buffers, tflite.Buffer{Data: d})
	g.sg.Tensors = append(g.sg.Tensors, tflite.Tensor{
		Name:   name,
		Type:   tflite.TensorFloat32,
		Shape:  append([]int32(nil), shape...),
		Buffer: uint32(len(g.m.Buffers) - 1),
	})
	g.readers = append(g.readers, nil)
	g.output = append(g.output, false)
	return int32(len(g.sg.Tensors) - 1)
}

// deleteOps removes the listed ops and re-indexes the graph.
func (g *graph) deleteOps(del ...int) {
	drop := map[int]bool{}
	for _, i := range del {
		drop[i] = true
	}
	ops := g.sg.Operators[:0]
	for i, op := range g.sg.Operators {
		if !drop[i] {
			ops = append(ops, op)
		}
	}
	clear(g.sg.Operators[len(ops):])
	g.sg.Operators = ops
	g.index()
}

// opcode returns the index of the operator code for builtin op at the given
// version, adding one when the model has none.
func opcode(m *tflite.Model, op tflite.BuiltinOperator, version int32) uint32 {
	for i, oc := range m.OperatorCodes {
		if oc.Builtin == op && oc.Version == version {
			return uint32(i)
		}
	}
	m.OperatorCodes = append(m.OperatorCodes, tflite.OperatorCode{Builtin: op, Version: version})
	return uint32(len(m.OperatorCodes) - 1)
}

// check returns an error when m has an index out of range, so that the
// rewrites can index freely. (Parse has validated any model it returns;
// this guards hand-built ones.)
func check(m *tflite.Model) error {
	if m == nil {
		return fmt.Errorf("transform: nil model")
	}
	for si := range m.Subgraphs {
		sg := &m.Subgraphs[si]
		n := int32(len(sg.Tensors))
		for ti, t := range sg.Tensors {
			if int64(t.Buffer) >= int64(len(m.Buffers)) && t.Buffer != 0 {
				return fmt.Errorf("transform: subgraph %d tensor %d: buffer %d out of range", si, ti, t.Buffer)
			}
		}
		for oi, op := range sg.Operators {
			if int64(op.OpcodeIndex) >= int64(len(m.OperatorCodes)) {
				return fmt.Errorf("transform: subgraph %d op %d: opcode index %d out of range", si, oi, op.OpcodeIndex)
			}
			for _, t := range op.Inputs {
				if t < -1 || t >= n {
					return fmt.Errorf("transform: subgraph %d op %d: input tensor %d out of range", si, oi, t)
				}
			}
			for _, lst := range [][]int32{op.Outputs, op.Intermediates} {
				for _, t := range lst {
					if t < 0 || t >= n {
						return fmt.Errorf("transform: subgraph %d op %d: tensor %d out of range", si, oi, t)
					}
				}
			}
		}
		for _, lst := range [][]int32{sg.Inputs, sg.Outputs} {
			for _, t := range lst {
				if t < 0 || t >= n {
					return fmt.Errorf("transform: subgraph %d: graph tensor %d out of range", si, t)
				}
			}
		}
	}
	for _, sd := range m.SignatureDefs {
		if int64(sd.SubgraphIndex) >= int64(len(m.Subgraphs)) {
			return fmt.Errorf("transform: signature %q: subgraph %d out of range", sd.Key, sd.SubgraphIndex)
		}
		n := len(m.Subgraphs[sd.SubgraphIndex].Tensors)
		for _, tms := range [][]tflite.TensorMap{sd.Inputs, sd.Outputs} {
			for _, tm := range tms {
				if int64(tm.TensorIndex) >= int64(n) {
					return fmt.Errorf("transform: signature %q: tensor %d out of range", sd.Key, tm.TensorIndex)
				}
			}
		}
	}
	for i, md := range m.Metadata {
		if int64(md.Buffer) >= int64(len(m.Buffers)) && md.Buffer != 0 {
			return fmt.Errorf("transform: metadata %d: buffer %d out of range", i, md.Buffer)
		}
	}
	return nil
}

// compact drops the tensors no op, graph input or output or signature
// refers to, the buffers no tensor or metadata refers to, and the operator
// codes no op uses, and renumbers the references. Variable tensors are
// kept.
func compact(m *tflite.Model) {
	for si := range m.Subgraphs {
		sg := &m.Subgraphs[si]
		used := make([]bool, len(sg.Tensors))
		mark := func(lst []int32) {
			for _, t := range lst {
				if t >= 0 {
					used[t] = true
				}
			}
		}
		for _, op := range sg.Operators {
			mark(op.Inputs)
			mark(op.Outputs)
			mark(op.Intermediates)
		}
		mark(sg.Inputs)
		mark(sg.Outputs)
		for _, sd := range m.SignatureDefs {
			if int(sd.SubgraphIndex) == si {
				for _, tms := range [][]tflite.TensorMap{sd.Inputs, sd.Outputs} {
					for _, tm := range tms {
						used[tm.TensorIndex] = true
					}
				}
			}
		}
		remap := make([]int32, len(sg.Tensors))
		kept := sg.Tensors[:0]
		for i, t := range sg.Tensors {
			if !used[i] && !t.IsVariable {
				remap[i] = -1
				continue
			}
			remap[i] = int32(len(kept))
			kept = append(kept, t)
		}
		clear(sg.Tensors[len(kept):])
		sg.Tensors = kept
		re := func(lst []int32) {
			for k, t := range lst {
				if t >= 0 {
					lst[k] = remap[t]
				}
			}
		}
		for oi := range sg.Operators {
			op := &sg.Operators[oi]
			re(op.Inputs)
			re(op.Outputs)
			re(op.Intermediates)
		}
		re(sg.Inputs)
		re(sg.Outputs)
		for di := range m.SignatureDefs {
			sd := &m.SignatureDefs[di]
			if int(sd.SubgraphIndex) != si {
				continue
			}
			for _, tms := range [][]tflite.TensorMap{sd.Inputs, sd.Outputs} {
				for k := range tms {
					tms[k].TensorIndex = uint32(remap[tms[k].TensorIndex])
				}
			}
		}
	}

	// Buffers: 0 is the empty sentinel and always stays.
	if len(m.Buffers) > 0 {
		used := make([]bool, len(m.Buffers))
		used[0] = true
		for si := range m.Subgraphs {
			for _, t := range m.Subgraphs[si].Tensors {
				used[t.Buffer] = true
			}
		}
		for _, md := range m.Metadata {
			used[md.Buffer] = true
		}
		remap := make([]uint32, len(m.Buffers))
		kept := m.Buffers[:0]
		for i, b := range m.Buffers {
			if used[i] {
				remap[i] = uint32(len(kept))
				kept = append(kept, b)
			}
		}
		clear(m.Buffers[len(kept):])
		m.Buffers = kept
		for si := range m.Subgraphs {
			ts := m.Subgraphs[si].Tensors
			for k := range ts {
				ts[k].Buffer = remap[ts[k].Buffer]
			}
		}
		for k := range m.Metadata {
			m.Metadata[k].Buffer = remap[m.Metadata[k].Buffer]
		}
	}

	// Operator codes.
	usedOC := make([]bool, len(m.OperatorCodes))
	for si := range m.Subgraphs {
		for _, op := range m.Subgraphs[si].Operators {
			usedOC[op.OpcodeIndex] = true
		}
	}
	remapOC := make([]uint32, len(m.OperatorCodes))
	keptOC := m.OperatorCodes[:0]
	for i, oc := range m.OperatorCodes {
		if usedOC[i] {
			remapOC[i] = uint32(len(keptOC))
			keptOC = append(keptOC, oc)
		}
	}
	m.OperatorCodes = keptOC
	for si := range m.Subgraphs {
		ops := m.Subgraphs[si].Operators
		for k := range ops {
			ops[k].OpcodeIndex = remapOC[ops[k].OpcodeIndex]
		}
	}
}
