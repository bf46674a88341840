// Package tensor is octet's tensor core: element types, NHWC shapes,
// quantization parameters, float16 storage and the arena planner that lets
// an interpreter run without allocating.
//
// A Tensor is a typed view over a byte slice. Typed accessors such as F32 and
// I8 reinterpret that slice in place and never copy or allocate.
package tensor
