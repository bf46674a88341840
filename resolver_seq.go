package octet

import (
	"github.com/octet-ml/octet/ops"
	"github.com/octet-ml/octet/tflite"
)

// The sequence (LSTM) and data-movement ops, added to builtinOps.
func init() {
	for op, spec := range seqOps {
		builtinOps[op] = spec
	}
}

var seqOps = map[tflite.BuiltinOperator]opSpec{
	// Optional LSTM inputs are -1, so only the input is required here; the
	// kernels check the layout (20 or 24 inputs, 48 for bidirectional).
	tflite.OpUnidirectionalSequenceLSTM: {1, 24, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.UnidirectionalSequenceLSTMOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.UnidirectionalSequenceLSTM{}
		if o != nil {
			k = ops.UnidirectionalSequenceLSTM{Activation: act(o.FusedActivation), CellClip: o.CellClip, ProjClip: o.ProjClip,
				TimeMajor: o.TimeMajor, DiagonalRecurrent: o.DiagonalRecurrentTensors}
		}
		return kernelOf(k), nil
	}},
	tflite.OpBidirectionalSequenceLSTM: {1, 48, -1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.BidirectionalSequenceLSTMOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.BidirectionalSequenceLSTM{}
		if o != nil {
			k = ops.BidirectionalSequenceLSTM{Activation: act(o.FusedActivation), CellClip: o.CellClip, ProjClip: o.ProjClip,
				MergeOutputs: o.MergeOutputs, TimeMajor: o.TimeMajor}
		}
		return kernelOf(k), nil
	}},
	tflite.OpReverseV2: simple[ops.ReverseV2](2, 2, ops.ReverseV2{}),
	tflite.OpStridedSlice: {4, 4, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.StridedSliceOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.StridedSlice{}
		if o != nil {
			k = ops.StridedSlice{BeginMask: o.BeginMask, EndMask: o.EndMask, EllipsisMask: o.EllipsisMask,
				NewAxisMask: o.NewAxisMask, ShrinkAxisMask: o.ShrinkAxisMask, Offset: o.Offset}
		}
		return kernelOf(k), nil
	}},
	tflite.OpSlice: simple[ops.Slice](3, 3, ops.Slice{}),
	tflite.OpSplit: {2, 2, -1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.SplitOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.Split{}
		if o != nil {
			k.NumSplits = int(o.NumSplits)
		}
		return kernelOf(k), nil
	}},
	tflite.OpSplitV: {3, 3, -1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.SplitVOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.SplitV{}
		if o != nil {
			k.NumSplits = int(o.NumSplits)
		}
		return kernelOf(k), nil
	}},
	tflite.OpPack: {1, 1 << 16, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.PackOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.Pack{}
		if o != nil {
			k = ops.Pack{ValuesCount: int(o.ValuesCount), Axis: int(o.Axis)}
		}
		return kernelOf(k), nil
	}},
	tflite.OpUnpack: {1, 1, -1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.UnpackOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.Unpack{}
		if o != nil {
			k = ops.Unpack{Num: int(o.Num), Axis: int(o.Axis)}
		}
		return kernelOf(k), nil
	}},
	tflite.OpTranspose: simple[ops.Transpose](2, 2, ops.Transpose{}),
	tflite.OpGather: {2, 2, 1, func(op *tflite.Operator) (func() ops.Kernel, error) {
		o, err := options[*tflite.GatherOptions](op, true)
		if err != nil {
			return nil, err
		}
		k := ops.Gather{}
		if o != nil {
			k = ops.Gather{Axis: int(o.Axis), BatchDims: int(o.BatchDims)}
		}
		return kernelOf(k), nil
	}},
}
