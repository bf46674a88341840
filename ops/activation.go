package ops

import "math"

// Activation is a fused activation applied to an op's output, as in TFLite's
// ActivationFunctionType.
type Activation uint8

// Fused activations. ActTanh and ActSignBit exist in the schema; float
// kernels support ActTanh, and none support ActSignBit.
const (
	ActNone Activation = iota
	ActRelu
	ActReluN1To1
	ActRelu6
	ActTanh
	ActSignBit
)

func (a Activation) String() string {
	switch a {
	case ActNone:
		return "NONE"
	case ActRelu:
		return "RELU"
	case ActReluN1To1:
		return "RELU_N1_TO_1"
	case ActRelu6:
		return "RELU6"
	case ActTanh:
		return "TANH"
	case ActSignBit:
		return "SIGN_BIT"
	}
	return "Activation(?)"
}

// Range returns the clamp interval of a fused activation for float outputs.
// ok is false for activations that are not a clamp (ActTanh, ActSignBit).
func (a Activation) Range() (lo, hi float32, ok bool) {
	inf := float32(math.Inf(1))
	switch a {
	case ActNone:
		return -inf, inf, true
	case ActRelu:
		return 0, inf, true
	case ActReluN1To1:
		return -1, 1, true
	case ActRelu6:
		return 0, 6, true
	}
	return 0, 0, false
}

// checkFloatAct reports an error for fused activations float kernels cannot
// apply as a clamp.
func checkFloatAct(a Activation) error {
	if _, _, ok := a.Range(); !ok {
		return errUnsupportedAct(a)
	}
	return nil
}

type errUnsupportedAct Activation

func (e errUnsupportedAct) Error() string {
	return "unsupported fused activation " + Activation(e).String()
}

// clamp applies a clamp activation to x.
func clamp(x, lo, hi float32) float32 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}
