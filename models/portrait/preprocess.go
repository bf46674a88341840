package portrait

import (
	"image"
	"math"

	"github.com/octet-ml/octet/tensor"
	"golang.org/x/image/draw"
)

// ResizeRGBA scales src to fill dst (stretching, not cropping) with
// golang.org/x/image/draw's bilinear filter.
func ResizeRGBA(dst *image.RGBA, src image.Image) {
	draw.BiLinear.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
}

// Preprocess returns img as the model input tensor the Segmenter builds: a
// [1,h,w,3] float32 tensor of RGB in [0,1], resized with ResizeRGBA.
func Preprocess(img image.Image, w, h int) *tensor.Tensor {
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	ResizeRGBA(rgba, img)
	t := tensor.New(tensor.Float32, tensor.Shape{1, h, w, 3})
	fillInput(t, rgba)
	return t
}

// fillInput writes the RGB of src into the [1,h,w,3] input t, as float32 in
// [0,1] or quantized with t's parameters.
func fillInput(t *tensor.Tensor, src *image.RGBA) {
	h, w := t.Shape[1], t.Shape[2]
	k := 0
	switch t.DType {
	case tensor.Float32:
		v := t.F32()
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+4*w]
			for x := 0; x < w; x++ {
				v[k] = float32(row[4*x]) / 255
				v[k+1] = float32(row[4*x+1]) / 255
				v[k+2] = float32(row[4*x+2]) / 255
				k += 3
			}
		}
	case tensor.Int8, tensor.Uint8:
		sc, zp := t.Quant.Params(0)
		lo, hi := -128.0, 127.0
		if t.DType == tensor.Uint8 {
			lo, hi = 0, 255
		}
		q := func(b byte) int64 {
			v := math.Round(float64(b)/255/float64(sc)) + float64(zp)
			return int64(math.Max(lo, math.Min(hi, v)))
		}
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+4*w]
			for x := 0; x < w; x++ {
				for c := 0; c < 3; c++ {
					t.Data[k] = byte(q(row[4*x+c]))
					k++
				}
			}
		}
	}
}
