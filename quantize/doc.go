// Package quantize turns a float .tflite model into an int8 one by
// post-training quantization, following TFLite's int8 quantization spec:
//
//   - weights of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and
//     TRANSPOSE_CONV: int8, symmetric (zero point 0, values in [-127, 127]),
//     one scale per output channel;
//   - biases: int32 with scale input_scale*weight_scale[c] and zero point 0;
//   - activations: int8, asymmetric, one scale and zero point per tensor,
//     chosen from ranges observed on calibration data (min/max, a
//     percentile, or the clip that minimises the quantization MSE);
//   - ops whose int8 kernels require it share their input's parameters
//     (pooling, resize, pad, reshape, concatenation) or use fixed ones
//     (LOGISTIC and SOFTMAX: 1/256 and -128; TANH: 1/128 and 0).
//
// Inputs and outputs stay float32 behind QUANTIZE and DEQUANTIZE ops unless
// Options.IO asks for int8 or uint8. An op that has no int8 form stays float,
// with DEQUANTIZE and QUANTIZE inserted around it. MediaPipe's
// Convolution2DTransposeBias custom op becomes an int8 TRANSPOSE_CONV with a
// bias input, which computes the same thing (see transposeBias).
package quantize
