// Package portrait segments people in photos and replaces the background.
//
// Default returns a Segmenter backed by the MediaPipe selfie segmentation
// model embedded in this package, quantized to int8 by octet (Apache-2.0,
// see model/NOTICE), so it works with no download. The float original is in
// model/selfie_segmentation.tflite. New wraps any model of the same family: one
// [1,H,W,3] RGB input in [0,1] and one [1,H',W',1] person-probability output
// (or [1,H',W',2] two-class output whose last channel is the person).
package portrait
