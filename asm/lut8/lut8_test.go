package lut8

import (
	"math/rand/v2"
	"testing"
)

func TestImplsAvailable(t *testing.T) {
	for _, im := range Impls() {
		t.Logf("%s (%v)", im, im.ISA)
	}
}

const guard = 64

// TestLookup checks every implementation against the table read directly,
// for lengths below, at and above the vector widths (16, 64), every byte
// value, guard bytes around the output, and in place.
func TestLookup(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var tab [256]int8
	for i := range tab {
		tab[i] = int8(r.Uint32())
	}
	sizes := []int{1, 2, 15, 16, 17, 31, 63, 64, 65, 127, 128, 129, 256, 1000, 4096 + 7}
	for _, im := range Impls() {
		for _, n := range sizes {
			x := make([]int8, n)
			for i := range x {
				x[i] = int8(r.Uint32())
				if n >= 256 && i < 256 {
					x[i] = int8(i) // every value
				}
			}
			buf := make([]int8, n+2*guard)
			for i := range buf {
				buf[i] = 0x33
			}
			y := buf[guard : guard+n]
			im.Lookup(y, x, &tab)
			for i := range x {
				if want := tab[uint8(x[i])]; y[i] != want {
					t.Fatalf("%s n=%d: y[%d] = %d for x %d, want %d", im, n, i, y[i], x[i], want)
				}
			}
			for i, v := range buf {
				if (i < guard || i >= guard+n) && v != 0x33 {
					t.Fatalf("%s n=%d: guard byte %d written", im, n, i-guard)
				}
			}
			z := append([]int8(nil), x...)
			im.Lookup(z, z, &tab)
			for i := range z {
				if z[i] != y[i] {
					t.Fatalf("%s n=%d: in-place result differs at %d", im, n, i)
				}
			}
		}
	}
}

func FuzzLookup(f *testing.F) {
	f.Add([]byte{0, 1, 127, 128, 255}, byte(3))
	f.Fuzz(func(t *testing.T, data []byte, seed byte) {
		var tab [256]int8
		for i := range tab {
			tab[i] = int8(byte(i)*31 + seed)
		}
		x := make([]int8, len(data))
		for i, b := range data {
			x[i] = int8(b)
		}
		for _, im := range Impls() {
			y := make([]int8, len(x))
			im.Lookup(y, x, &tab)
			for i := range x {
				if y[i] != tab[uint8(x[i])] {
					t.Fatalf("%s: y[%d] = %d, want %d", im, i, y[i], tab[uint8(x[i])])
				}
			}
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	x := make([]int8, 128*128*16)
	var tab [256]int8
	for i := range x {
		x[i] = int8(i * 7)
	}
	for i := range tab {
		tab[i] = int8(255 - i)
	}
	y := make([]int8, len(x))
	for _, im := range Impls() {
		b.Run(im.Name, func(b *testing.B) {
			b.SetBytes(int64(len(x)))
			b.ReportAllocs()
			for range b.N {
				im.Lookup(y, x, &tab)
			}
		})
	}
}
