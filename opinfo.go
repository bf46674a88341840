package octet

import "github.com/octet-ml/octet/tensor"

// OpInfo describes one op of a prepared interpreter.
type OpInfo struct {
	Index int
	Name  string // builtin op name such as "CONV_2D", or the custom code
	// Inputs and Outputs describe the op's tensors with their prepared
	// shapes. An omitted optional input has Index -1.
	Inputs, Outputs []TensorInfo
	// MACs counts the multiply-accumulates of one run of the op (0 for ops
	// that are not convolutions or matrix products).
	MACs int64
	// Folded is true when all inputs are constant, so the op ran once at
	// Prepare and Invoke skips it.
	Folded bool
}

// Ops describes every op in execution order, with the shapes Prepare found.
func (it *Interpreter) Ops() []OpInfo {
	infos := make([]OpInfo, len(it.nodes))
	for i := range it.nodes {
		n := &it.nodes[i]
		oi := OpInfo{Index: n.op.index, Name: n.op.name, Folded: n.folded}
		for j, t := range n.in {
			oi.Inputs = append(oi.Inputs, it.describe(n.op.inputs[j], t))
		}
		for j, t := range n.out {
			oi.Outputs = append(oi.Outputs, it.describe(n.op.outputs[j], t))
		}
		oi.MACs = macs(oi.Name, n.in, n.out)
		infos[i] = oi
	}
	return infos
}

func (it *Interpreter) describe(idx int, t *tensor.Tensor) TensorInfo {
	if t == nil {
		return TensorInfo{Index: -1}
	}
	return TensorInfo{Index: idx, Name: t.Name, DType: t.DType, Shape: t.Shape.Clone(), Quant: t.Quant.Clone()}
}

// macs counts multiply-accumulates from the prepared shapes.
func macs(name string, in, out []*tensor.Tensor) int64 {
	if len(out) == 0 || out[0] == nil {
		return 0
	}
	outN := int64(out[0].Shape.NumElements())
	switch name {
	case "CONV_2D":
		// filter [Cout, KH, KW, Cin/groups]: each output sums KH*KW*Cin/groups products.
		if len(in) > 1 && len(in[1].Shape) == 4 {
			f := in[1].Shape
			return outN * int64(f[1]*f[2]*f[3])
		}
	case "DEPTHWISE_CONV_2D":
		if len(in) > 1 && len(in[1].Shape) == 4 {
			f := in[1].Shape
			return outN * int64(f[1]*f[2])
		}
	case "FULLY_CONNECTED":
		if len(in) > 1 && len(in[1].Shape) == 2 {
			return outN * int64(in[1].Shape[1])
		}
	case "TRANSPOSE_CONV":
		// weights [Cout, KH, KW, Cin]: every input element meets KH*KW*Cout weights.
		if len(in) > 2 && len(in[1].Shape) == 4 {
			f := in[1].Shape
			return int64(in[2].Shape.NumElements()) * int64(f[0]*f[1]*f[2])
		}
	case "UNIDIRECTIONAL_SEQUENCE_LSTM":
		return lstmMACs(in, []int{1, 2, 3, 4, 5, 6, 7, 8, 16})
	case "BIDIRECTIONAL_SEQUENCE_LSTM":
		return lstmMACs(in, []int{1, 2, 3, 4, 5, 6, 7, 8, 16, 18, 19, 20, 21, 22, 23, 24, 25, 33})
	case "Convolution2DTransposeBias":
		if len(in) > 1 && len(in[1].Shape) == 4 {
			f := in[1].Shape
			return int64(in[0].Shape.NumElements()) * int64(f[0]*f[1]*f[2])
		}
	}
	return 0
}

// lstmMACs counts an LSTM's matrix products: every sequence row (T·B)
// meets every element of the weight tensors at the given inputs once
// (input, recurrent, possibly diagonal, and projection weights; absent
// ones, as with CIFG, count nothing).
func lstmMACs(in []*tensor.Tensor, weights []int) int64 {
	if len(in) == 0 || in[0] == nil || len(in[0].Shape) == 0 || in[0].Shape[len(in[0].Shape)-1] <= 0 {
		return 0
	}
	rows := int64(in[0].Shape.NumElements() / in[0].Shape[len(in[0].Shape)-1])
	var n int64
	for _, i := range weights {
		if i < len(in) && in[i] != nil {
			n += int64(in[i].Shape.NumElements())
		}
	}
	return rows * n
}
