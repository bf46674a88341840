//go:build xnnpack && cgo

package xnnpack

// #cgo LDFLAGS: -lXNNPACK -lpthreadpool
// #include <stdlib.h>
// #include <string.h>
// #include "xnn_helper.h"
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"unsafe"
)

// Op is an XNNPACK operator set up on C-allocated input and output buffers
// (XNNPACK keeps the pointers between setup and run, which cgo forbids for
// Go memory). It runs on the calling thread (no thread pool).
type Op struct {
	op        C.xnn_operator_t
	in, out   unsafe.Pointer
	nIn, nOut int
}

var (
	initOnce sync.Once
	initErr  error
)

// Init initializes XNNPACK. The other functions call it.
func Init() error {
	initOnce.Do(func() { initErr = status("xnn_initialize", C.octet_xnn_init()) })
	return initErr
}

var statusNames = map[C.int]string{
	1: "uninitialized", 2: "invalid parameter", 3: "invalid state",
	4: "unsupported parameter", 5: "unsupported hardware", 6: "out of memory",
}

func status(what string, s C.int) error {
	if s == 0 {
		return nil
	}
	if n, ok := statusNames[s]; ok {
		return fmt.Errorf("xnnpack: %s: %s", what, n)
	}
	return fmt.Errorf("xnnpack: %s: status %d", what, int(s))
}

// cbuf allocates n bytes of C memory plus XNN_EXTRA_BYTES of slack that
// XNNPACK's microkernels may read past the end, zeroed.
func cbuf(n int) unsafe.Pointer {
	size := C.size_t(n + C.XNN_EXTRA_BYTES + 64)
	p := C.malloc(size)
	if p == nil {
		panic("xnnpack: out of C memory")
	}
	C.memset(p, 0, size)
	return p
}

func newOp(in []int8, nOut int) *Op {
	o := &Op{in: cbuf(len(in)), out: cbuf(nOut), nIn: len(in), nOut: nOut}
	copy(unsafe.Slice((*int8)(o.in), len(in)), in)
	runtime.SetFinalizer(o, (*Op).Close)
	return o
}

// NewConv creates XNNPACK's convolution for c (qc8 for per-channel
// weights, qs8 for per-tensor ones) with c's weights, bias and
// quantization, and sets it up on a copy of c's input.
func NewConv(c *ConvCase) (*Op, error) {
	if err := Init(); err != nil {
		return nil, err
	}
	s := c.Spec
	dw := C.int(0)
	if s.Depthwise {
		dw = 1
	}
	o := newOp(c.Input(), c.Out.NumElements())
	var op C.xnn_operator_t
	// The weights, bias and scales are packed by XNNPACK during the call
	// and not kept, so Go memory may be passed.
	err := status("create convolution", C.octet_xnn_conv_create(dw,
		C.uint32_t(c.PadTop), C.uint32_t(c.PadRight), C.uint32_t(c.PadBottom), C.uint32_t(c.PadLeft),
		C.uint32_t(s.KH), C.uint32_t(s.KW), C.uint32_t(s.Stride), C.size_t(s.InC), C.size_t(s.OutC),
		C.int8_t(c.InZP), C.float(c.InScale),
		(*C.float)(unsafe.Pointer(&c.WScales[0])), C.size_t(len(c.WScales)),
		(*C.int8_t)(unsafe.Pointer(&c.Weights[0])), (*C.int32_t)(unsafe.Pointer(&c.Bias[0])),
		C.int8_t(c.OutZP), C.float(c.OutScale), C.int8_t(c.OutMin), C.int8_t(c.OutMax), &op))
	if err != nil {
		o.Close()
		return nil, err
	}
	o.op = op
	perTensor := C.int(0)
	if len(c.WScales) == 1 {
		perTensor = 1
	}
	if err := status("setup convolution", C.octet_xnn_conv_setup(op, perTensor,
		C.size_t(s.N), C.size_t(s.H), C.size_t(s.W), (*C.int8_t)(o.in), (*C.int8_t)(o.out))); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

// NewResize creates XNNPACK's s8 bilinear resize for c and sets it up on a
// copy of c's input.
func NewResize(c *ResizeCase) (*Op, error) {
	if err := Init(); err != nil {
		return nil, err
	}
	s := c.Spec
	mode := C.int(2)
	switch {
	case s.AlignCorners && s.HalfPixelCenters:
		return nil, errors.New("xnnpack: align corners and half-pixel centers together")
	case s.HalfPixelCenters:
		mode = 0
	case s.AlignCorners:
		mode = 1
	}
	o := newOp(c.Input(), c.Out.NumElements())
	var op C.xnn_operator_t
	if err := status("create resize", C.octet_xnn_resize_create(C.size_t(s.C), mode, &op)); err != nil {
		o.Close()
		return nil, err
	}
	o.op = op
	if err := status("setup resize", C.octet_xnn_resize_setup(op, C.size_t(s.N), C.size_t(s.H), C.size_t(s.W),
		C.size_t(s.OutH), C.size_t(s.OutW), (*C.int8_t)(o.in), (*C.int8_t)(o.out))); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

// Run runs the operator once on the calling thread.
func (o *Op) Run() error {
	return status("run", C.octet_xnn_run(o.op))
}

// Output returns the operator's output buffer (C memory, valid until Close).
func (o *Op) Output() []int8 { return unsafe.Slice((*int8)(o.out), o.nOut) }

// Close deletes the operator and frees its buffers.
func (o *Op) Close() {
	if o.op != nil {
		C.octet_xnn_delete(o.op)
		o.op = nil
	}
	if o.in != nil {
		C.free(o.in)
		o.in = nil
	}
	if o.out != nil {
		C.free(o.out)
		o.out = nil
	}
	runtime.SetFinalizer(o, nil)
}
