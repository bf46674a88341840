package ops

import "fmt"

// Padding is TFLite's padding scheme for convolutions and pools.
type Padding uint8

// Padding schemes.
const (
	PaddingSame Padding = iota
	PaddingValid
)

func (p Padding) String() string {
	switch p {
	case PaddingSame:
		return "SAME"
	case PaddingValid:
		return "VALID"
	}
	return fmt.Sprintf("Padding(%d)", uint8(p))
}

// convOutSize returns the output extent and the leading (top or left) padding
// for an input extent, filter extent, stride and dilation, as TFLite computes
// them (ComputeOutSize and ComputePaddingHeightWidth). It returns an error when
// the parameters are invalid or the output would be empty.
func convOutSize(p Padding, in, filter, stride, dilation int) (out, pad int, err error) {
	if stride <= 0 || dilation <= 0 || filter <= 0 || in <= 0 {
		return 0, 0, fmt.Errorf("invalid size: input %d, filter %d, stride %d, dilation %d", in, filter, stride, dilation)
	}
	eff := (filter-1)*dilation + 1
	switch p {
	case PaddingSame:
		out = (in + stride - 1) / stride
	case PaddingValid:
		out = (in - eff + stride) / stride
	default:
		return 0, 0, fmt.Errorf("unknown padding %v", p)
	}
	if out <= 0 {
		return 0, 0, fmt.Errorf("empty output: input %d, effective filter %d, stride %d, %v", in, eff, stride, p)
	}
	total := (out-1)*stride + eff - in
	if total < 0 {
		total = 0
	}
	return out, total / 2, nil
}
