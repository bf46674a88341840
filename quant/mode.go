package quant

import "fmt"

// Mode selects how integer kernels rescale their int32 accumulators to the
// output's int8 scale.
type Mode uint8

const (
	// FloatRoundEven multiplies the accumulator by a float32 scale and
	// rounds half to even:
	//
	//	out = clamp(lrintf(float32(acc) * scale) + zeroPoint)
	//
	// as XNNPACK (and so LiteRT.js and TFLite with its default XNNPACK
	// delegate) and ONNX Runtime do. It is the default.
	FloatRoundEven Mode = iota
	// FixedPoint uses TFLite's builtin-kernel arithmetic: scale as a Q31
	// multiplier and shift (QuantizeMultiplier), applied with
	// MultiplyByQuantizedMultiplier (gemmlowp's double rounding).
	FixedPoint
)

func (m Mode) String() string {
	switch m {
	case FloatRoundEven:
		return "float-round-even"
	case FixedPoint:
		return "fixed-point"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}
