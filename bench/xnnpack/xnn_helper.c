//go:build xnnpack && cgo

// xnn_helper.c: see xnn_helper.h. Every function returns an enum xnn_status.
#include "xnn_helper.h"

int octet_xnn_init(void) { return xnn_initialize(NULL); }

int octet_xnn_conv_create(int depthwise, uint32_t pad_top, uint32_t pad_right, uint32_t pad_bottom,
                          uint32_t pad_left, uint32_t kh, uint32_t kw, uint32_t stride, size_t in_c,
                          size_t out_c, int8_t in_zp, float in_scale, const float* kscales,
                          size_t nscales, const int8_t* kernel, const int32_t* bias, int8_t out_zp,
                          float out_scale, int8_t out_min, int8_t out_max, xnn_operator_t* op) {
  uint32_t groups = 1, flags = 0;
  size_t gic = in_c, goc = out_c;
  if (depthwise) {
    if (in_c != out_c) return xnn_status_invalid_parameter;
    groups = (uint32_t)in_c;
    gic = goc = 1;
    flags = XNN_FLAG_DEPTHWISE_CONVOLUTION;  // kernel is [1,KH,KW,groups]
  }
  if (nscales == 1) {
    return xnn_create_convolution2d_nhwc_qs8(pad_top, pad_right, pad_bottom, pad_left, kh, kw, stride,
                                             stride, 1, 1, groups, gic, goc, in_c, out_c, in_zp,
                                             in_scale, kscales[0], kernel, bias, out_zp, out_scale,
                                             out_min, out_max, flags, op);
  }
  if (nscales != out_c) return xnn_status_invalid_parameter;
  return xnn_create_convolution2d_nhwc_qc8(pad_top, pad_right, pad_bottom, pad_left, kh, kw, stride,
                                           stride, 1, 1, groups, gic, goc, in_c, out_c, in_zp,
                                           in_scale, kscales, kernel, bias, out_zp, out_scale,
                                           out_min, out_max, flags, op);
}

int octet_xnn_conv_setup(xnn_operator_t op, int per_tensor, size_t n, size_t h, size_t w,
                         const int8_t* in, int8_t* out) {
  if (per_tensor) return xnn_setup_convolution2d_nhwc_qs8(op, n, h, w, in, out, NULL);
  return xnn_setup_convolution2d_nhwc_qc8(op, n, h, w, in, out, NULL);
}

int octet_xnn_resize_create(size_t channels, int mode, xnn_operator_t* op) {
  uint32_t flags = 0;
  if (mode == 1) flags = XNN_FLAG_ALIGN_CORNERS;
  if (mode == 2) flags = XNN_FLAG_TENSORFLOW_LEGACY_MODE;
  return xnn_create_resize_bilinear2d_nhwc_s8(channels, channels, channels, flags, op);
}

int octet_xnn_resize_setup(xnn_operator_t op, size_t n, size_t h, size_t w, size_t oh, size_t ow,
                           const int8_t* in, int8_t* out) {
  return xnn_setup_resize_bilinear2d_nhwc_s8(op, n, h, w, oh, ow, in, out, NULL);
}

int octet_xnn_run(xnn_operator_t op) { return xnn_run_operator(op, NULL); }

void octet_xnn_delete(xnn_operator_t op) { xnn_delete_operator(op); }
