// Package imgio decodes photos the way a camera app shows them: JPEG and PNG
// files are turned upright according to their EXIF orientation.
package imgio

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // register GIF
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	_ "golang.org/x/image/bmp"  // register BMP
	_ "golang.org/x/image/webp" // register WebP
)

// maxImageBytes bounds how much of a file Decode reads.
const maxImageBytes = 256 << 20

// maxPixels bounds the pixel count Decode accepts, checked from the header
// before decoding so that a small corrupt file cannot demand huge memory.
const maxPixels = 100 << 20

// Decode decodes an image and applies its EXIF orientation (JPEG APP1 Exif or
// PNG eXIf). It returns the upright image and the format name.
func Decode(r io.Reader) (image.Image, string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxImageBytes+1))
	if err != nil {
		return nil, "", err
	}
	if len(b) > maxImageBytes {
		return nil, "", fmt.Errorf("image larger than %d bytes", maxImageBytes)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("decoding image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, "", fmt.Errorf("decoding image: unsupported size %dx%d", cfg.Width, cfg.Height)
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("decoding %s image: %w", format, err)
	}
	var exif []byte
	switch format {
	case "jpeg":
		exif = jpegExif(b)
	case "png":
		exif = pngExif(b)
	}
	return Orient(img, Orientation(exif)), format, nil
}

// DecodeFile decodes the image file at path with Decode.
func DecodeFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// EncodeFile writes img to path as PNG, or as JPEG (quality 92) when the
// name ends in .jpg or .jpeg.
func EncodeFile(path string, img image.Image) error {
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jpg", ".jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92})
	case ".png":
		err = png.Encode(&buf, img)
	default:
		return fmt.Errorf("%s: unknown image extension (want .png, .jpg or .jpeg)", path)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
