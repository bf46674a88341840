// Package transform rewrites TFLite graphs (*tflite.Model, in place) into
// equivalent ones that run faster:
//
//   - Atrous turns the SPACE_TO_BATCH_ND -> convolution -> BATCH_TO_SPACE_ND
//     form of a dilated convolution, which TensorFlow <= 1.8 emitted, into
//     one convolution with dilation, when that is exactly equivalent;
//   - FoldBatchNorm folds per-channel MUL/ADD (batchnorm) after CONV_2D,
//     DEPTHWISE_CONV_2D and FULLY_CONNECTED into their weights and bias,
//     also across a BATCH_TO_SPACE_ND;
//   - Optimize applies both until neither applies.
//
// Graphs that do not match a pattern exactly are left unchanged (and each
// function then reports false). The rewrites never modify constant data in
// place: folded weights go to new tensors and buffers. After a change, every
// tensor, buffer and operator code that nothing uses any more is dropped and
// the indices are renumbered (signature defs included).
package transform
