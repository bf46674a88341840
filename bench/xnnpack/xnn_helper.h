//go:build xnnpack && cgo

// xnn_helper.h declares the small C layer over XNNPACK's operator API that
// xnnpack.go calls. It targets the API of Debian's libxnnpack-dev
// (0.0~git20220216): create, setup (shapes and pointers together), run.
#ifndef OCTET_XNN_HELPER_H
#define OCTET_XNN_HELPER_H

#include <stddef.h>
#include <stdint.h>

#include <xnnpack.h>

// octet_xnn_init initializes XNNPACK once (it is reference counted).
int octet_xnn_init(void);

// An int8 NHWC convolution: depthwise (multiplier 1, TFLite filter layout
// [1,KH,KW,C]) when depthwise is set, otherwise a dense convolution with
// filter [OutC,KH,KW,InC]. nscales is 1 for per-tensor weights
// (xnn_create_convolution2d_nhwc_qs8) or out_c (xnn_create_convolution2d_nhwc_qc8).
// The kernel and bias are copied (packed) at creation.
int octet_xnn_conv_create(int depthwise, uint32_t pad_top, uint32_t pad_right, uint32_t pad_bottom,
                          uint32_t pad_left, uint32_t kh, uint32_t kw, uint32_t stride, size_t in_c,
                          size_t out_c, int8_t in_zp, float in_scale, const float* kscales,
                          size_t nscales, const int8_t* kernel, const int32_t* bias, int8_t out_zp,
                          float out_scale, int8_t out_min, int8_t out_max, xnn_operator_t* op);

// octet_xnn_conv_setup binds shapes and (C-allocated) buffers, single-threaded.
int octet_xnn_conv_setup(xnn_operator_t op, int per_tensor, size_t n, size_t h, size_t w,
                         const int8_t* in, int8_t* out);

// An s8 bilinear resize. mode: 0 half-pixel centers, 1 align corners,
// 2 TensorFlow legacy coordinates.
int octet_xnn_resize_create(size_t channels, int mode, xnn_operator_t* op);
int octet_xnn_resize_setup(xnn_operator_t op, size_t n, size_t h, size_t w, size_t oh, size_t ow,
                           const int8_t* in, int8_t* out);

// octet_xnn_run runs a set-up operator on the calling thread.
int octet_xnn_run(xnn_operator_t op);
void octet_xnn_delete(xnn_operator_t op);

#endif
