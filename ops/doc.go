// Package ops holds octet's op kernels. Each op is a struct whose exported
// fields are its options (as in TFLite's builtin options) and which
// implements Kernel.
//
// The float32 kernels here are the readable reference: plain Go loops whose
// results follow TFLite's reference kernels.
package ops
