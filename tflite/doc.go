// Package tflite reads, validates and writes TensorFlow Lite model files
// (.tflite flatbuffers, schema version 3).
//
// Parse decodes a file into a Model: an immutable, validated copy of the
// model that shares nothing with the input except the constant buffer data
// (Buffer.Data slices point into the input). Every offset, vector and string
// of the flatbuffer is bounds-checked before it is read, so a malformed or
// malicious file yields an error and never a panic; semantic checks (tensor
// indices, buffer sizes, quantization parameters) follow in the same call.
//
// Model.Encode writes a Model back as a flatbuffer that Parse accepts, with
// the "TFL3" file identifier and constant data aligned to 16 bytes.
//
// Choices this package makes:
//   - The file identifier "TFL3" at bytes 4..8 is required. TensorFlow Lite's
//     own verifier requires it too, and every schema-3 converter writes it, so
//     a file without it is treated as not a TFLite model.
//   - The schema version must be 3, as in TensorFlow Lite's interpreter.
//   - Sparse tensors, custom/blockwise quantization details and the
//     BuiltinOptions2 union (StableHLO ops) are not decoded: sparse tensors
//     and quantization details are rejected with ErrUnsupported, options of
//     the second union are dropped (Operator.Options stays nil).
//   - The deprecated Model.metadata_buffer, Tensor.has_rank and
//     variant_tensors, and Operator.mutating_variable_inputs fields are not
//     kept.
//
// Custom operator options are usually FlexBuffers; package
// github.com/octet-ml/octet/tflite/flex decodes them.
package tflite
