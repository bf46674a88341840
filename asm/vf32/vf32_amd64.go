//go:build !purego

package vf32

import (
	"math"

	"github.com/octet-ml/octet/asm"
)

var implAVX512 = &Impl{Name: "f32VAVX512_x16", ISA: asm.AVX512, kind: kindAVX512}

var archImpls = []*Impl{implAVX512}

func clampKernel(k kind, y, x *float32, n int, lo, hi float32) {
	if k != kindAVX512 {
		panic("vf32: kernel not built for amd64")
	}
	f32VClampAVX512_x16(y, x, n, lo, hi)
}

func hardSwishKernel(k kind, y, x *float32, n int) {
	if k != kindAVX512 {
		panic("vf32: kernel not built for amd64")
	}
	f32VHardSwishAVX512_x16(y, x, n)
}

// f32VClampAVX512_x16 is clampGeneric for n > 0 values, 16 per step and
// the last n%16 under a k-mask: VMAXPS then VMINPS with the operands
// ordered so that NaN and equal values (-0 against 0) keep x.
//
//	for i := 0; i < n; i++ {
//		v := x[i]
//		if v > hi { v = hi } else if v < lo { v = lo }
//		y[i] = v
//	}
//
//go:noescape
func f32VClampAVX512_x16(y, x *float32, n int, lo, hi float32)

// f32VHardSwishAVX512_x16 is hardSwishGeneric for n > 0 values: VADDPS 3,
// VMAXPS 0, VMINPS 6 (NaN kept), VMULPS, VDIVPS 6.
//
//	for i := 0; i < n; i++ {
//		r := min(max(x[i]+3, 0), 6)
//		y[i] = float32(x[i]*r) / 6
//	}
//
//go:noescape
func f32VHardSwishAVX512_x16(y, x *float32, n int)

func binKernel(k kind, op Op, out, a, b *float32, rows, n, sa, sb int, lo, hi float32) {
	if k != kindAVX512 {
		panic("vf32: kernel not built for amd64")
	}
	f32VBinAVX512_x16(int(op), out, a, b, rows, n, sa, sb, lo, hi)
}

// f32VBinAVX512_x16 is binGeneric over rows > 0 rows of n > 0 values
// (strides sa, sb in values): 16 per step (VADDPS, VSUBPS or VMULPS with
// the second operand from memory, then the clamp of f32VClampAVX512_x16),
// the last n%16 of each row under a k-mask.
//
//go:noescape
func f32VBinAVX512_x16(op int, out, a, b *float32, rows, n, sa, sb int, lo, hi float32)

func bilinearKernel(k kind, dst, r0, r1 *float32, xs *XTap, nx, c int, ya, yd float32) {
	if k != kindAVX512 {
		panic("vf32: kernel not built for amd64")
	}
	f32BilinearRowAVX512_c16(dst, r0, r1, xs, nx, c, ya, yd)
}

// f32BilinearRowAVX512_c16 is bilinearGeneric for nx > 0 taps of c > 0
// channels: per tap two VBROADCASTSS of the column weights, then per 16
// channels (the last c%16 under a k-mask) 4 loads, 8 VMULPS and 3 VADDPS in
// the reference's order, and a store.
//
//go:noescape
func f32BilinearRowAVX512_c16(dst, r0, r1 *float32, xs *XTap, nx, c int, ya, yd float32)

func quantizeKernel(k kind, y *int8, x *float32, n int, inv, flo, fhi float32, zp int32) {
	if k != kindAVX512 {
		panic("vf32: kernel not built for amd64")
	}
	f32QS8AVX512_x16(y, x, n, inv, flo, fhi, zp)
}

// f32QS8AVX512_x16 is quantizeGeneric for n > 0 values, 16 per step and
// the last n%16 under a k-mask: VMULPS, VMAXPS/VMINPS ordered so that NaN
// gives flo, then fhi blended in for NaNs with a clear sign bit (VCMPPS
// unordered, VPTESTNMD), VCVTPS2DQ, VPADDD, VPMOVDB.
//
//go:noescape
func f32QS8AVX512_x16(y *int8, x *float32, n int, inv, flo, fhi float32, zp int32)

func sigmoidKernel(k kind, y, x *float32, n int) {
	if k != kindAVX512 {
		panic("vf32: kernel not built for amd64")
	}
	f32SigmoidAVX512_x16(y, x, n, &sigConsts)
}

// sigConsts are Sigmoid's constants as the kernel reads them: |x| mask,
// sign bit, log2e, magic, 127, ln2 hi, ln2 lo, cutoff, then the 7
// polynomial coefficients.
var sigConsts = [15]uint32{
	0x7fffffff, 0x80000000,
	math.Float32bits(sigLog2e), math.Float32bits(sigMagic), 127,
	math.Float32bits(sigLn2Hi), math.Float32bits(sigLn2Lo), math.Float32bits(sigCutoff),
	math.Float32bits(sigPoly[0]), math.Float32bits(sigPoly[1]), math.Float32bits(sigPoly[2]), math.Float32bits(sigPoly[3]),
	math.Float32bits(sigPoly[4]), math.Float32bits(sigPoly[5]), math.Float32bits(sigPoly[6]),
}

// f32SigmoidAVX512_x16 is sigmoid1 for n > 0 values, 16 per step and the
// last n%16 under a k-mask: VANDPS, VXORPS, VMULPS and VADDPS (n), VPSUBD,
// VPADDD, VPSLLD (2^n), VSUBPS, two VMULPS/VSUBPS (t), six VMULPS/VADDPS
// (the polynomial), VMULPS, VADDPS, VDIVPS (f), two VCMPPS and masked
// moves for the cutoff and the sign: about 33 instructions per 16 values.
//
//go:noescape
func f32SigmoidAVX512_x16(y, x *float32, n int, c *[15]uint32)
