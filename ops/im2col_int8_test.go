package ops

import (
	"math/rand/v2"
	"testing"
)

// TestIm2colInt8 compares im2colInt8 with its definition on random
// geometries (groups, strides, dilations, padding, blocks starting
// anywhere, crossing rows and batches), checking that nothing past the
// block's rows is written (the padding between rows may be: it meets zero
// weights).
func TestIm2colInt8(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for iter := 0; iter < 500; iter++ {
		groups := 1 + r.IntN(3)
		g := convGeom{n: 1 + r.IntN(2), inH: 1 + r.IntN(9), inW: 1 + r.IntN(9), kC: 1 + r.IntN(5), groups: groups,
			kH: 1 + r.IntN(4), kW: 1 + r.IntN(4), strideH: 1 + r.IntN(3), strideW: 1 + r.IntN(3),
			dilationH: 1 + r.IntN(3), dilationW: 1 + r.IntN(3)}
		g.inC = groups * g.kC
		g.padH, g.padW = r.IntN(g.kH*g.dilationH), r.IntN(g.kW*g.dilationW)
		g.outH, g.outW = 1+r.IntN(6), 1+r.IntN(6)
		x := make([]int8, g.n*g.inH*g.inW*g.inC)
		for i := range x {
			x[i] = int8(r.Uint32())
		}
		pad := int8(r.IntN(256) - 128)
		kk := g.kH * g.kW * g.kC
		ld := groups*kk + r.IntN(3)
		total := g.n * g.outH * g.outW
		p0 := r.IntN(total)
		rows := 1 + r.IntN(total-p0)
		buf := make([]int8, rows*ld+32)
		for i := range buf {
			buf[i] = 0x33
		}
		cols := buf[:rows*ld]
		im2colInt8(&g, x, pad, cols, ld, p0, rows)
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
								t.Fatalf("%+v p%d g%d ky%d kx%d c%d: %d, want %d", g, p, gr, ky, kx, c, got, want)
							}
						}
					}
				}
			}
		}
		for i := rows * ld; i < len(buf); i++ {
			if buf[i] != 0x33 {
				t.Fatalf("%+v: guard byte %d past the block written", g, i-rows*ld)
			}
		}
	}
}
