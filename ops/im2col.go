package ops

import "unsafe"

// im2col gathers the im2col rows of output pixels [p0, p0+rows) of a
// convolution with geometry g (int8 or float32) into cols: row r holds, for
// each group, the taps (ky, kx, c) of pixel p0+r that the group's filter
// rows read, groups*KH*KW*KC values in the filter's own order:
//
//	cols[r*ld + (gr*KH*KW + ky*KW + kx)*KC + c] = x[b, iy, ix, gr*KC + c]
//
// with iy = oy*strideH - padH + ky*dilationH (ix likewise), and pad for a
// tap outside the input: 0 for float32, the input zero point for int8. A
// GEMM of these rows with the filter then adds pad*w for each padded tap,
// which the int8 caller cancels by starting from bias - pad*sum(all w)
// instead of bias - pad*sum(in-bounds w) (see conv2d_int8.go). ld >=
// groups*KH*KW*KC is the row stride; the values between a row's taps and
// the next row may be overwritten with anything (the int8 GEMM's K padding,
// which meets zero weights). Nothing past len(cols) is written.
func im2col[T int8 | float32](g *convGeom, x []T, pad T, cols []T, ld, p0, rows int) {
	kk := g.kH * g.kW * g.kC
	rowLen := g.groups * kk
	ox := p0 % g.outW
	oy := (p0 / g.outW) % g.outH
	b := p0 / (g.outW * g.outH)
	span := g.kW * g.kC
	// Interior columns [oxA, oxB): every tap column in bounds.
	oxA, oxB := 0, 0
	short := g.groups == 1 && g.dilationW == 1 && span <= 16
	if short {
		oxA = min((g.padW+g.strideW-1)/g.strideW, g.outW)
		if e := g.inW - g.kW + g.padW; e >= 0 {
			oxB = min(e/g.strideW+1, g.outW)
		}
	}
	for r := 0; r < rows; {
		iy0 := oy*g.strideH - g.padH
		if ox >= oxA && ox < oxB && iy0 >= 0 && iy0+(g.kH-1)*g.dilationH < g.inH {
			// A run of interior pixels with short tap rows (a 3x3 filter
			// over 3 channels: 9 values): per pixel and tap row, one
			// 16-value move. The extra values land on the next tap row, the
			// row's K padding (which meets zero weights) or the next
			// pixel's row, all written afterwards. The run stops before a
			// pixel whose moves would pass the end of cols or of the image
			// (the block's last pixel, the image's last columns), which
			// takes the exact path below.
			img := x[b*g.inH*g.inW*g.inC:][:g.inH*g.inW*g.inC]
			rowStep, pxStep := g.dilationH*g.inW*g.inC, g.strideW*g.inC
			o := r * ld
			src := (iy0*g.inW + ox*g.strideW - g.padW) * g.inC
			cnt := min(oxB-ox, rows-r)
			if e := len(cols) - (g.kH-1)*span - 16 - o; e >= 0 {
				cnt = min(cnt, e/ld+1)
			} else {
				cnt = 0
			}
			if e := len(img) - (g.kH-1)*rowStep - 16 - src; e >= 0 {
				cnt = min(cnt, e/pxStep+1)
			} else {
				cnt = 0
			}
			if cnt > 0 && copyTapRows16(cols, o, ld, span, img, src, rowStep, pxStep, g.kH, cnt) {
				r += cnt
				if ox += cnt; ox == g.outW {
					ox = 0
					if oy++; oy == g.outH {
						oy = 0
						b++
					}
				}
				continue
			}
		}
		dst := cols[r*ld:][:rowLen]
		ix0 := ox*g.strideW - g.padW
		img := x[b*g.inH*g.inW*g.inC:][:g.inH*g.inW*g.inC]
		kx0, kx1 := tapRange(ix0, g.dilationW, g.kW, g.inW)
		if g.groups == 1 {
			// One filter row: per ky, the taps kx0..kx1 in the input are one
			// run of (kx1-kx0)*C values when dilationW is 1.
			for ky := 0; ky < g.kH; ky++ {
				iy := iy0 + ky*g.dilationH
				if span <= 16 && g.dilationW == 1 && kx0 == 0 && kx1 == g.kW && iy >= 0 && iy < g.inH {
					// A whole short run (a 3x3 filter over 3 channels: 9
					// values) as one 16-value move when both sides have room.
					// The extra values land on the next tap row, the row's
					// padding (which meets zero weights) or the next row,
					// all written afterwards.
					o := r*ld + ky*span
					src := img[(iy*g.inW+ix0)*g.inC:]
					if len(cols)-o >= 16 && len(src) >= 16 {
						*(*[16]T)(cols[o:]) = *(*[16]T)(src)
						continue
					}
				}
				d := dst[ky*span:][:span]
				if iy < 0 || iy >= g.inH || kx0 == kx1 {
					fill(d, pad)
					continue
				}
				fill(d[:kx0*g.kC], pad)
				fill(d[kx1*g.kC:], pad)
				// Input pixel of tap kx0 (in bounds); the filter has C = KC.
				src := img[(iy*g.inW+ix0+kx0*g.dilationW)*g.inC:]
				if g.dilationW == 1 {
					copy(d[kx0*g.kC:kx1*g.kC], src)
				} else {
					for kx := kx0; kx < kx1; kx++ {
						copy(d[kx*g.kC:][:g.kC], src[(kx-kx0)*g.dilationW*g.kC:])
					}
				}
			}
		} else {
			for gr := 0; gr < g.groups; gr++ {
				dg := dst[gr*kk:][:kk]
				for ky := 0; ky < g.kH; ky++ {
					iy := iy0 + ky*g.dilationH
					for kx := 0; kx < g.kW; kx++ {
						d := dg[(ky*g.kW+kx)*g.kC:][:g.kC]
						if iy < 0 || iy >= g.inH || kx < kx0 || kx >= kx1 {
							fill(d, pad)
							continue
						}
						ix := ix0 + kx*g.dilationW
						copy(d, img[(iy*g.inW+ix)*g.inC+gr*g.kC:])
					}
				}
			}
		}
		r++
		if ox++; ox == g.outW {
			ox = 0
			if oy++; oy == g.outH {
				oy = 0
				b++
			}
		}
	}
}

// fill sets every element of d to v.
func fill[T int8 | float32](d []T, v T) {
	if v == 0 {
		clear(d)
		return
	}
	for i := range d {
		d[i] = v
	}
}

// copyTapRows16 copies, for each of cnt pixels i, kh runs of 16 values:
// run t from src[s+i*pxStep+t*rowStep:] to dst[o+i*ld+t*span:]. All the
// offsets grow with i and t, so checking the first and the last run checks
// them all; the loop then moves values through pointers, without the
// per-move slice checks that made it cost about 75 instructions per pixel
// (the selfie model's first layer spent more time here than in its GEMM).
// If the check fails (a caller's bug) it copies nothing and returns false.
func copyTapRows16[T int8 | float32](dst []T, o, ld, span int, src []T, s, rowStep, pxStep, kh, cnt int) bool {
	if cnt <= 0 {
		return true
	}
	if o < 0 || s < 0 || ld < 0 || span < 0 || rowStep < 0 || pxStep < 0 || kh < 1 ||
		o+(cnt-1)*ld+(kh-1)*span+16 > len(dst) || s+(cnt-1)*pxStep+(kh-1)*rowStep+16 > len(src) {
		return false
	}
	var z T
	es := int(unsafe.Sizeof(z))
	d := unsafe.Add(unsafe.Pointer(unsafe.SliceData(dst)), o*es)
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(src)), s*es)
	moveRuns(d, p, ld*es, span*es, rowStep*es, pxStep*es, kh, cnt, es == 4)
	return true
}

// moveRuns is copyTapRows16's loop on byte offsets: 16 bytes per run, or
// 64 (16 float32 values) when wide, as 16-byte moves. It is not generic
// over the value type: a type parameter's array is moved by a
// runtime.memmove call, and a [64]byte through pointers that might overlap
// too.
func moveRuns(d, p unsafe.Pointer, ld, span, rowStep, pxStep, kh, cnt int, wide bool) {
	for range cnt {
		dd, pp := d, p
		for range kh {
			*(*[16]byte)(dd) = *(*[16]byte)(pp)
			if wide {
				*(*[16]byte)(unsafe.Add(dd, 16)) = *(*[16]byte)(unsafe.Add(pp, 16))
				*(*[16]byte)(unsafe.Add(dd, 32)) = *(*[16]byte)(unsafe.Add(pp, 32))
				*(*[16]byte)(unsafe.Add(dd, 48)) = *(*[16]byte)(unsafe.Add(pp, 48))
			}
			dd = unsafe.Add(dd, span)
			pp = unsafe.Add(pp, rowStep)
		}
		d = unsafe.Add(d, ld)
		p = unsafe.Add(p, pxStep)
	}
}
