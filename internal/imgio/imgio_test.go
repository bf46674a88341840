package imgio

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// tiffOrientation builds a minimal TIFF/EXIF block holding one IFD0 entry:
// Orientation (0x0112), type SHORT (3), count 1, value o.
func tiffOrientation(bo binary.ByteOrder, o uint16) []byte {
	b := make([]byte, 8+2+12+4)
	if bo == binary.LittleEndian {
		copy(b, "II")
	} else {
		copy(b, "MM")
	}
	bo.PutUint16(b[2:], 42)
	bo.PutUint32(b[4:], 8) // IFD0 at byte 8
	bo.PutUint16(b[8:], 1) // one entry
	bo.PutUint16(b[10:], 0x0112)
	bo.PutUint16(b[12:], 3)
	bo.PutUint32(b[14:], 1)
	bo.PutUint16(b[18:], o)
	return b
}

// blk is the side of the square blocks of testImage, large enough that JPEG
// chroma subsampling does not blur block centres.
const blk = 16

// testImage is 3 blocks wide and 2 high, with a distinct colour per block:
// red = 100*x, green = 200*y, so each block's stored position can be read back.
func testImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 3*blk, 2*blk))
	for y := 0; y < 2*blk; y++ {
		for x := 0; x < 3*blk; x++ {
			img.Set(x, y, color.RGBA{uint8(100 * (x / blk)), uint8(200 * (y / blk)), 0, 255})
		}
	}
	return img
}

func withJPEGExif(t *testing.T, img image.Image, exif []byte) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	seg := append([]byte("Exif\x00\x00"), exif...)
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{}, b[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, b[2:]...)
}

func withPNGExif(t *testing.T, img image.Image, exif []byte) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// Insert the eXIf chunk right after IHDR (8-byte signature + 25-byte IHDR chunk).
	chunk := make([]byte, 8+len(exif)+4)
	binary.BigEndian.PutUint32(chunk, uint32(len(exif)))
	copy(chunk[4:], "eXIf")
	copy(chunk[8:], exif)
	binary.BigEndian.PutUint32(chunk[8+len(exif):], crc32.ChecksumIEEE(chunk[4:8+len(exif)]))
	out := append([]byte{}, b[:33]...)
	out = append(out, chunk...)
	return append(out, b[33:]...)
}

// upright gives, for each EXIF orientation, where stored block (x,y) of a
// 3x2-block image lands in the upright image (computed by hand from the EXIF
// definitions), and the upright size.
func upright(o, x, y int) (ux, uy, w, h int) {
	switch o {
	case 1:
		return x, y, 3, 2
	case 2: // mirrored horizontally
		return 2 - x, y, 3, 2
	case 3: // rotated 180
		return 2 - x, 1 - y, 3, 2
	case 4: // mirrored vertically
		return x, 1 - y, 3, 2
	case 5: // transposed
		return y, x, 2, 3
	case 6: // needs 90 clockwise: stored top row becomes right column
		return 1 - y, x, 2, 3
	case 7: // transverse
		return 1 - y, 2 - x, 2, 3
	case 8: // needs 90 counter-clockwise: stored top row becomes left column
		return y, 2 - x, 2, 3
	}
	panic("bad orientation")
}

func TestDecodeOrientation(t *testing.T) {
	src := testImage()
	for _, format := range []string{"png", "jpeg"} {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			for o := 1; o <= 8; o++ {
				exif := tiffOrientation(bo, uint16(o))
				var file []byte
				if format == "png" {
					file = withPNGExif(t, src, exif)
				} else {
					file = withJPEGExif(t, src, exif)
				}
				img, f, err := Decode(bytes.NewReader(file))
				if err != nil || f != format {
					t.Fatalf("%s o=%d: %v %q", format, o, err, f)
				}
				for y := 0; y < 2; y++ {
					for x := 0; x < 3; x++ {
						ux, uy, w, h := upright(o, x, y)
						if b := img.Bounds(); b.Dx() != w*blk || b.Dy() != h*blk {
							t.Fatalf("%s o=%d: size %v, want %dx%d", format, o, b, w, h)
						}
						r, g, _, _ := img.At(ux*blk+blk/2+img.Bounds().Min.X, uy*blk+blk/2+img.Bounds().Min.Y).RGBA()
						wr, wg := 100*x, 200*y
						// JPEG is lossy: allow a margin, far below the 100-step between pixels.
						if d := int(r>>8) - wr; d < -30 || d > 30 {
							t.Errorf("%s o=%d pixel (%d,%d)->(%d,%d): red %d want %d", format, o, x, y, ux, uy, r>>8, wr)
						}
						if d := int(g>>8) - wg; d < -30 || d > 30 {
							t.Errorf("%s o=%d pixel (%d,%d)->(%d,%d): green %d want %d", format, o, x, y, ux, uy, g>>8, wg)
						}
					}
				}
			}
		}
	}
}

func TestOrientationMalformed(t *testing.T) {
	good := tiffOrientation(binary.LittleEndian, 6)
	if got := Orientation(good); got != 6 {
		t.Fatalf("Orientation = %d, want 6", got)
	}
	for n := 0; n < len(good); n++ {
		if got := Orientation(good[:n]); got != 1 && n < 20 {
			t.Errorf("truncated to %d bytes: %d, want 1", n, got)
		}
	}
	bad := append([]byte{}, good...)
	binary.LittleEndian.PutUint32(bad[4:], 0xFFFFFFF0) // IFD offset out of range
	if got := Orientation(bad); got != 1 {
		t.Errorf("bad IFD offset: %d", got)
	}
	bad = tiffOrientation(binary.LittleEndian, 9)
	if got := Orientation(bad); got != 1 {
		t.Errorf("orientation 9: %d", got)
	}
}

func TestDecodeCorrupt(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, testImage())
	b := buf.Bytes()
	for _, c := range [][]byte{nil, []byte("not an image"), b[:len(b)/2]} {
		if _, _, err := Decode(bytes.NewReader(c)); err == nil {
			t.Errorf("Decode(%d bytes) succeeded", len(c))
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(withPNGExif(&testing.T{}, testImage(), tiffOrientation(binary.BigEndian, 6)))
	f.Add(withJPEGExif(&testing.T{}, testImage(), tiffOrientation(binary.LittleEndian, 8)))
	f.Fuzz(func(t *testing.T, b []byte) {
		img, _, err := Decode(bytes.NewReader(b))
		if err == nil && img.Bounds().Empty() {
			t.Fatal("decoded an empty image without error")
		}
	})
}
