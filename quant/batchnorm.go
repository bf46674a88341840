package quant

import (
	"errors"
	"fmt"
	"math"
)

// Batch normalization folding.
//
// A batchnorm after a convolution computes, per output channel c,
//
//	y = (conv(x)[c] - mean[c]) * gamma[c] / sqrt(var[c] + eps) + beta[c]
//
// which is the per-channel affine map y = conv(x)[c]*scale[c] + shift[c] with
//
//	scale = gamma / sqrt(var + eps)
//	shift = beta - mean*scale
//
// Since the convolution is linear in its weights, the map folds into them:
//
//	w'[..c..] = w[..c..] * scale[c]
//	b'[c]     = b[c]*scale[c] + shift[c]  (= (b-mean)*scale + beta)
//
// A per-channel MUL by m followed by an ADD of a is the same map with
// scale = m and shift = a. All arithmetic is in float64, rounded once to
// float32, with explicit conversions so that no multiply fuses into an add:
// the results are the same on every platform.

// BatchNorm holds the per-channel parameters of a batch normalization.
type BatchNorm struct {
	Gamma, Beta []float32 // learned scale and offset
	Mean, Var   []float32 // running statistics
	Eps         float32   // added to Var before the square root
}

// ScaleShift returns the per-channel affine map the batchnorm computes,
// y = x*scale + shift. All slices must have the same length; Var+Eps must be
// positive.
func (bn BatchNorm) ScaleShift() (scale, shift []float64, err error) {
	n := len(bn.Gamma)
	if len(bn.Beta) != n || len(bn.Mean) != n || len(bn.Var) != n {
		return nil, nil, fmt.Errorf("quant: batchnorm has %d gammas, %d betas, %d means and %d variances",
			n, len(bn.Beta), len(bn.Mean), len(bn.Var))
	}
	scale = make([]float64, n)
	shift = make([]float64, n)
	for c := 0; c < n; c++ {
		v := float64(bn.Var[c]) + float64(bn.Eps)
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("quant: batchnorm channel %d: var+eps = %v is not positive and finite", c, v)
		}
		scale[c] = float64(bn.Gamma[c]) / math.Sqrt(v)
		shift[c] = float64(bn.Beta[c]) - float64(float64(bn.Mean[c])*scale[c])
	}
	return scale, shift, nil
}

// Layout says where the output channel sits in a weight tensor.
type Layout uint8

const (
	// ChannelFirst: the output channel is the outermost dimension, as in
	// CONV_2D filters [Cout,KH,KW,Cin] and FULLY_CONNECTED weights
	// [Cout,Cin].
	ChannelFirst Layout = iota
	// ChannelLast: the output channel is the innermost dimension, as in
	// DEPTHWISE_CONV_2D filters [1,KH,KW,Cout].
	ChannelLast
)

// ErrChannels is wrapped by errors about channel counts that do not fit.
var ErrChannels = errors.New("channel count mismatch")

// Broadcast returns v as one value per channel: v itself when it has n
// values, or n copies of its single value.
func Broadcast(v []float32, n int) ([]float64, error) {
	out := make([]float64, n)
	switch len(v) {
	case n:
		for i, x := range v {
			out[i] = float64(x)
		}
	case 1:
		for i := range out {
			out[i] = float64(v[0])
		}
	default:
		return nil, fmt.Errorf("quant: %w: %d values for %d channels", ErrChannels, len(v), n)
	}
	return out, nil
}

// FoldScaleShift folds y = layer(x)*scale[c] + shift[c] into the weights w
// and bias b of a linear layer with len(scale) output channels laid out as
// given. b may be nil (a zero bias); shift may be nil (no shift). It returns
// new slices and leaves w and b alone. The new bias is nil only when b and
// shift are both nil.
func FoldScaleShift(w, b []float32, layout Layout, scale, shift []float64) (w2, b2 []float32, err error) {
	n := len(scale)
	if n == 0 {
		return nil, nil, fmt.Errorf("quant: %w: no channels", ErrChannels)
	}
	if len(w)%n != 0 {
		return nil, nil, fmt.Errorf("quant: %w: %d weights are not a multiple of %d channels", ErrChannels, len(w), n)
	}
	if b != nil && len(b) != n {
		return nil, nil, fmt.Errorf("quant: %w: bias has %d values for %d channels", ErrChannels, len(b), n)
	}
	if shift != nil && len(shift) != n {
		return nil, nil, fmt.Errorf("quant: %w: shift has %d values for %d channels", ErrChannels, len(shift), n)
	}
	w2 = make([]float32, len(w))
	per := len(w) / n
	for i, x := range w {
		c := i % n
		if layout == ChannelFirst {
			c = i / per
		}
		w2[i] = float32(float64(x) * scale[c])
	}
	if b == nil && shift == nil {
		return w2, nil, nil
	}
	b2 = make([]float32, n)
	for c := range b2 {
		var v float64
		if b != nil {
			v = float64(float64(b[c]) * scale[c])
		}
		if shift != nil {
			v += shift[c]
		}
		b2[c] = float32(v)
	}
	return w2, b2, nil
}

// FoldBatchNorm folds bn into the weights and bias of the layer before it
// (see FoldScaleShift).
func FoldBatchNorm(w, b []float32, layout Layout, bn BatchNorm) (w2, b2 []float32, err error) {
	scale, shift, err := bn.ScaleShift()
	if err != nil {
		return nil, nil, err
	}
	return FoldScaleShift(w, b, layout, scale, shift)
}

// FoldMulAdd folds a per-channel MUL by mul and then ADD of add into the
// weights and bias of the layer before them. Either may be nil (absent);
// each holds one value per channel or a single value for all n channels.
func FoldMulAdd(w, b []float32, layout Layout, n int, mul, add []float32) (w2, b2 []float32, err error) {
	scale := make([]float64, n)
	for c := range scale {
		scale[c] = 1
	}
	if mul != nil {
		if scale, err = Broadcast(mul, n); err != nil {
			return nil, nil, err
		}
	}
	var shift []float64
	if add != nil {
		if shift, err = Broadcast(add, n); err != nil {
			return nil, nil, err
		}
	}
	return FoldScaleShift(w, b, layout, scale, shift)
}
