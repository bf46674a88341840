package ops

import (
	"math/rand/v2"
	"testing"
)

// TestIm2col compares im2col, int8 and float32, with its definition on
// random geometries (groups, strides, dilations, padding, blocks starting
// anywhere, crossing rows and batches; inputs wide enough for the runs of
// 16-value moves), checking that nothing past the block's rows is written
// (the padding between rows may be: it meets zero weights).
func TestIm2col(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for iter := 0; iter < 1000; iter++ {
		if iter%2 == 0 {
			testIm2col[int8](t, r, iter%4 == 0)
		} else {
			testIm2col[float32](t, r, iter%4 == 1)
		}
	}
}

func testIm2col[T int8 | float32](t *testing.T, r *rand.Rand, wide bool) {
	t.Helper()
	groups := 1 + r.IntN(3)
	g := convGeom{n: 1 + r.IntN(2), inH: 1 + r.IntN(9), inW: 1 + r.IntN(9), kC: 1 + r.IntN(5), groups: groups,
		kH: 1 + r.IntN(4), kW: 1 + r.IntN(4), strideH: 1 + r.IntN(3), strideW: 1 + r.IntN(3),
		dilationH: 1 + r.IntN(3), dilationW: 1 + r.IntN(3)}
	g.outH, g.outW = 1+r.IntN(6), 1+r.IntN(6)
	if wide {
		// The selfie model's first layer, scaled down: one group, 3x3
		// over 3 channels, stride 1 or 2, rows long enough for runs.
		g.groups, groups, g.kC, g.kH, g.kW, g.dilationW = 1, 1, 1+r.IntN(5), 3, 3, 1
		g.inH, g.inW = 3+r.IntN(20), 8+r.IntN(40)
		g.outH, g.outW = 1+g.inH/g.strideH, 1+g.inW/g.strideW
	}
	g.inC = groups * g.kC
	g.padH, g.padW = r.IntN(g.kH*g.dilationH), r.IntN(g.kW*g.dilationW)
	x := make([]T, g.n*g.inH*g.inW*g.inC)
	for i := range x {
		x[i] = T(int8(r.Uint32()))
	}
	pad := T(int8(r.IntN(256) - 128))
	kk := g.kH * g.kW * g.kC
	ld := groups*kk + r.IntN(3)
	total := g.n * g.outH * g.outW
	p0 := r.IntN(total)
	rows := 1 + r.IntN(total-p0)
	buf := make([]T, rows*ld+32)
	for i := range buf {
		buf[i] = 0x33
	}
	cols := buf[:rows*ld]
	im2col(&g, x, pad, cols, ld, p0, rows)
	for rr := range rows {
		p := p0 + rr
		b, oy, ox := p/(g.outH*g.outW), (p/g.outW)%g.outH, p%g.outW
		for gr := range groups {
			for ky := range g.kH {
				for kx := range g.kW {
					for c := range g.kC {
						iy := oy*g.strideH - g.padH + ky*g.dilationH
						ix := ox*g.strideW - g.padW + kx*g.dilationW
						want := pad
						if iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW {
							want = x[((b*g.inH+iy)*g.inW+ix)*g.inC+gr*g.kC+c]
						}
						if got := cols[rr*ld+((gr*g.kH+ky)*g.kW+kx)*g.kC+c]; got != want {
							t.Fatalf("%T %+v p%d g%d ky%d kx%d c%d: %v, want %v", pad, g, p, gr, ky, kx, c, got, want)
						}
					}
				}
			}
		}
	}
	for i := rows * ld; i < len(buf); i++ {
		if buf[i] != 0x33 {
			t.Fatalf("%T %+v: guard value %d past the block written", pad, g, i-rows*ld)
		}
	}
}

// TestCopyTapRows16Bounds checks that copyTapRows16 refuses runs that would
// leave either slice, and copies nothing then.
func TestCopyTapRows16Bounds(t *testing.T) {
	src := make([]int8, 64)
	for i := range src {
		src[i] = int8(i)
	}
	dst := make([]int8, 40)
	// 2 pixels of 2 runs: the last run ends at 1*20+1*4+16 = 40 in dst and
	// 1*8+1*16+16 = 40 in src.
	if !copyTapRows16(dst, 0, 20, 4, src, 0, 16, 8, 2, 2) {
		t.Fatal("in-bounds runs refused")
	}
	if dst[20] != 8 || dst[24] != 24 || dst[39] != 39 {
		t.Fatalf("copied %v", dst)
	}
	clear(dst)
	for _, c := range []struct{ o, ld, s, px, cnt int }{
		{1, 20, 0, 8, 2}, {0, 21, 0, 8, 2}, {0, 20, 25, 8, 2}, {0, 20, 0, 8, 3}, {-1, 20, 0, 8, 1},
	} {
		if copyTapRows16(dst, c.o, c.ld, 4, src, c.s, 16, c.px, 2, c.cnt) {
			t.Fatalf("%+v: out-of-bounds runs accepted", c)
		}
	}
	for _, v := range dst {
		if v != 0 {
			t.Fatal("refused runs wrote to dst")
		}
	}
}
