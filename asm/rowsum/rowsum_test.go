package rowsum

import (
	"math"
	"math/rand/v2"
	"testing"
)

const guard = 16

// TestSums compares every implementation with the sums written out (float
// in row order, int8 exact), for lengths around 16, strides above the
// length, and guard values around acc.
func TestSums(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, im := range Impls() {
		for _, n := range []int{1, 7, 15, 16, 17, 32, 33, 100} {
			for _, rows := range []int{1, 2, 9, 64} {
				stride := n + r.IntN(3)
				xf := make([]float32, (rows-1)*stride+n)
				xi := make([]int8, len(xf))
				for i := range xf {
					xf[i] = float32(r.NormFloat64() * 100)
					xi[i] = int8(r.Uint32())
				}
				bf := make([]float32, n+2*guard)
				bi := make([]int32, n+2*guard)
				for i := range bf {
					bf[i], bi[i] = 555, 555
				}
				af, ai := bf[guard:guard+n], bi[guard:guard+n]
				for c := range af {
					af[c], ai[c] = float32(c)*0.1, int32(c)*7
				}
				im.F32(af, xf, rows, stride)
				im.S8(ai, xi, rows, stride)
				for c := range n {
					wf, wi := float32(c)*0.1, int32(c)*7
					for row := range rows {
						wf = float32(wf + xf[row*stride+c])
						wi += int32(xi[row*stride+c])
					}
					if math.Float32bits(af[c]) != math.Float32bits(wf) || ai[c] != wi {
						t.Fatalf("%s n=%d rows=%d: channel %d: %v %d, want %v %d", im, n, rows, c, af[c], ai[c], wf, wi)
					}
				}
				for i := range bf {
					if (i < guard || i >= guard+n) && (bf[i] != 555 || bi[i] != 555) {
						t.Fatalf("%s n=%d: guard %d written", im, n, i-guard)
					}
				}
			}
		}
	}
}
