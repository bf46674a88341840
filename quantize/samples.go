package quantize

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
	"golang.org/x/image/draw"
)

// DirSamples reads calibration samples from the files of a directory, in
// name order, for a model with one input of the given shape: each .npy file
// is one sample of exactly that shape and dtype, and each image (.png, .jpg,
// .jpeg) is resized to the input's height and width (stretching) and
// normalised per channel as (v/255 - mean)/std. Other files are ignored.
type DirSamples struct {
	files     []string
	shape     tensor.Shape
	dtype     tensor.DType
	mean, std [3]float32
}

// NewDirSamples lists dir. mean and std default to 0 and 1 (RGB in [0,1]).
func NewDirSamples(dir string, shape tensor.Shape, dtype tensor.DType, mean, std [3]float32) (*DirSamples, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("calibration set: %w", err)
	}
	d := &DirSamples{shape: shape.Clone(), dtype: dtype, mean: mean, std: std}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".npy", ".png", ".jpg", ".jpeg":
			d.files = append(d.files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(d.files)
	if len(d.files) == 0 {
		return nil, fmt.Errorf("calibration set %s has no .npy, .png or .jpg files", dir)
	}
	for c := 0; c < 3; c++ {
		if d.std[c] == 0 {
			return nil, fmt.Errorf("calibration set: std must not be 0")
		}
	}
	return d, nil
}

// Len implements Samples.
func (d *DirSamples) Len() int { return len(d.files) }

// Sample implements Samples.
func (d *DirSamples) Sample(i int) ([]*tensor.Tensor, error) {
	path := d.files[i]
	if strings.EqualFold(filepath.Ext(path), ".npy") {
		t, err := npy.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if t.DType != d.dtype || !t.Shape.Equal(d.shape) {
			return nil, fmt.Errorf("%s: %v%v, the model input is %v%v", path, t.DType, t.Shape, d.dtype, d.shape)
		}
		return []*tensor.Tensor{t}, nil
	}
	if len(d.shape) != 4 || d.shape[0] != 1 || (d.shape[3] != 3 && d.shape[3] != 1) || d.dtype != tensor.Float32 {
		return nil, fmt.Errorf("%s: images calibrate only float [1,H,W,3] or [1,H,W,1] inputs, not %v%v", path, d.dtype, d.shape)
	}
	img, err := imgio.DecodeFile(path)
	if err != nil {
		return nil, err
	}
	h, w, ch := d.shape[1], d.shape[2], d.shape[3]
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.BiLinear.Scale(rgba, rgba.Rect, img, img.Bounds(), draw.Src, nil)
	t := tensor.New(tensor.Float32, d.shape)
	v := t.F32()
	k := 0
	for p := 0; p < w*h; p++ {
		px := rgba.Pix[4*p : 4*p+3]
		if ch == 1 {
			g := (0.299*float32(px[0]) + 0.587*float32(px[1]) + 0.114*float32(px[2])) / 255
			v[k] = (g - d.mean[0]) / d.std[0]
			k++
			continue
		}
		for c := 0; c < 3; c++ {
			v[k] = (float32(px[c])/255 - d.mean[c]) / d.std[c]
			k++
		}
	}
	return []*tensor.Tensor{t}, nil
}
