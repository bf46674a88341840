package transform

import "github.com/octet-ml/octet/tflite"

// Optimize applies the rewrites of this package to m, in place, until none
// applies: Atrous (bit-exact) and FoldBatchNorm (exact up to float32
// rounding of the folded weights). It reports whether m changed.
//
// On the graphs TensorFlow <= 1.8 produced for an atrous depthwise layer
// with batchnorm,
//
//	SPACE_TO_BATCH_ND -> DEPTHWISE_CONV_2D -> BATCH_TO_SPACE_ND -> MUL -> ADD
//
// the result is a single DEPTHWISE_CONV_2D with dilation and the batchnorm
// in its weights and bias.
func Optimize(m *tflite.Model) (changed bool, err error) {
	for range 16 {
		a, err := Atrous(m)
		if err != nil {
			return changed, err
		}
		f, err := FoldBatchNorm(m)
		if err != nil {
			return changed, err
		}
		if !a && !f {
			break
		}
		changed = true
	}
	return changed, nil
}
