package ops

import (
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestBatchToSpaceNDHand(t *testing.T) {
	// Four 1x2 tiles b0 [1 2], b1 [3 4], b2 [5 6], b3 [7 8], block 2x2:
	// out[y*2+sh][x*2+sw] = b(sh*2+sw)[y][x]:
	//   row 0 (sh 0): x0 -> b0 1, b1 3; x1 -> b0 2, b1 4 = [1 3 2 4]
	//   row 1 (sh 1): [5 7 6 8]
	x := ewF32(tensor.Shape{4, 1, 2, 1}, 1, 2, 3, 4, 5, 6, 7, 8)
	block := ewI32Const(tensor.Shape{2}, 2, 2)
	got := ewRun(t, &BatchToSpaceND{}, x, block, ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0))
	ewShape(t, got, tensor.Shape{1, 2, 4, 1})
	ewClose(t, got.F32(), []float32{1, 3, 2, 4, 5, 7, 6, 8}, 0)
	// Crops (1,0) (0,1) keep row 1 without its last column: [5 7 6].
	got = ewRun(t, &BatchToSpaceND{}, x, block, ewI32Const(tensor.Shape{2, 2}, 1, 0, 0, 1))
	ewShape(t, got, tensor.Shape{1, 1, 3, 1})
	ewClose(t, got.F32(), []float32{5, 7, 6}, 0)
	// Two output images: input batch (sh*bw+sw)*N + n. Block 1x2, N = 2:
	// b0 = image 0 sw 0, b1 = image 1 sw 0, b2 = image 0 sw 1, b3 = image 1 sw 1.
	got = ewRun(t, &BatchToSpaceND{}, ewF32(tensor.Shape{4, 1, 1, 1}, 1, 2, 3, 4), ewI32Const(tensor.Shape{2}, 1, 2), ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0))
	ewShape(t, got, tensor.Shape{2, 1, 2, 1})
	ewClose(t, got.F32(), []float32{1, 3, 2, 4}, 0)
	// Rank 3: [2,3,1] with block [2], crops (1,1): interleave [0 2 4] and
	// [1 3 0] to [0 1 2 3 4 0], crop one each side.
	got = ewRun(t, &BatchToSpaceND{}, ewF32(tensor.Shape{2, 3, 1}, 0, 2, 4, 1, 3, 0), ewI32Const(tensor.Shape{1}, 2), ewI32Const(tensor.Shape{1, 2}, 1, 1))
	ewShape(t, got, tensor.Shape{1, 4, 1})
	ewClose(t, got.F32(), []float32{1, 2, 3, 4}, 0)
	// int8 is moved as bytes.
	q := ewQ(0.1, 4)
	got = ewRunOut(t, &BatchToSpaceND{}, &tensor.Tensor{Quant: ewQ(0.1, 4)}, ewI8(tensor.Shape{4, 1, 1, 1}, q, -1, -2, -3, -4), block, ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0))
	ewEqual(t, got.I8(), []int8{-1, -2, -3, -4})
}

func TestBatchToSpaceNDErrors(t *testing.T) {
	x := ewF32(tensor.Shape{4, 1, 2, 1}, 1, 2, 3, 4, 5, 6, 7, 8)
	block := ewI32Const(tensor.Shape{2}, 2, 2)
	c0 := ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0)
	cases := []struct {
		name string
		in   []*tensor.Tensor
	}{
		{"batch not a multiple", []*tensor.Tensor{x, ewI32Const(tensor.Shape{2}, 3, 1), c0}},
		{"crops too large", []*tensor.Tensor{x, block, ewI32Const(tensor.Shape{2, 2}, 2, 1, 0, 0)}},
		{"negative crop", []*tensor.Tensor{x, block, ewI32Const(tensor.Shape{2, 2}, -1, 0, 0, 0)}},
		{"non-constant crops", []*tensor.Tensor{x, block, ewI32(tensor.Shape{2, 2}, 0, 0, 0, 0)}},
		{"block [1] for rank 4", []*tensor.Tensor{x, ewI32Const(tensor.Shape{1}, 2), ewI32Const(tensor.Shape{1, 2}, 0, 0)}},
		{"rank 5", []*tensor.Tensor{ewF32(tensor.Shape{4, 1, 1, 1, 1}, 1, 2, 3, 4), block, c0}},
		{"huge block", []*tensor.Tensor{x, ewI32Const(tensor.Shape{2}, 1<<30, 1<<30), c0}},
	}
	for _, c := range cases {
		ewWantErr(t, c.name, ewPrepErr(&BatchToSpaceND{}, c.in...), nil)
	}
	qin := ewI8(tensor.Shape{4, 1, 1, 1}, ewQ(0.1, 4), 1, 2, 3, 4)
	err := (&BatchToSpaceND{}).Prepare([]*tensor.Tensor{qin, block, c0}, []*tensor.Tensor{{Quant: ewQ(0.1, 5)}})
	ewWantErr(t, "quantization mismatch", err, nil)

	k := &BatchToSpaceND{}
	out := &tensor.Tensor{}
	in := []*tensor.Tensor{x, block, c0}
	if err := k.Prepare(in, []*tensor.Tensor{out}); err != nil {
		t.Fatal(err)
	}
	out.Data = make([]byte, out.ByteSize()-1)
	if err := k.Eval(in, []*tensor.Tensor{out}); err == nil {
		t.Error("short output: no error")
	}
}

// b2sOracle follows TensorFlow's documented definition: reshape the input
// to [bh, bw, N, H, W, C], permute to [N, H, bh, W, bw, C], flatten to
// [N, H*bh, W*bw, C] and crop.
func b2sOracle(x []float32, nb, h, w, c, bh, bw, ct, cb, cl, cr int) []float32 {
	n := nb / (bh * bw)
	fh, fw := h*bh, w*bw
	full := make([]float32, n*fh*fw*c)
	for sh := 0; sh < bh; sh++ {
		for sw := 0; sw < bw; sw++ {
			for b := 0; b < n; b++ {
				for y := 0; y < h; y++ {
					for xx := 0; xx < w; xx++ {
						for k := 0; k < c; k++ {
							src := (((((sh*bw+sw)*n+b)*h+y)*w + xx) * c) + k
							full[((b*fh+y*bh+sh)*fw+xx*bw+sw)*c+k] = x[src]
						}
					}
				}
			}
		}
	}
	var out []float32
	for b := 0; b < n; b++ {
		for y := ct; y < fh-cb; y++ {
			for xx := cl; xx < fw-cr; xx++ {
				out = append(out, full[((b*fh+y)*fw+xx)*c:((b*fh+y)*fw+xx)*c+c]...)
			}
		}
	}
	return out
}

func TestBatchToSpaceNDOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for it := 0; it < 60; it++ {
		bh, bw := 1+r.IntN(4), 1+r.IntN(4)
		n, h, w, c := 1+r.IntN(2), 1+r.IntN(5), 1+r.IntN(5), 1+r.IntN(3)
		ct, cb := r.IntN(h*bh+1), 0
		cb = r.IntN(h*bh - ct + 1)
		cl := r.IntN(w*bw + 1)
		cr := r.IntN(w*bw - cl + 1)
		nb := n * bh * bw
		v := make([]float32, nb*h*w*c)
		for i := range v {
			v[i] = float32(i + 1)
		}
		got := ewRun(t, &BatchToSpaceND{}, ewF32(tensor.Shape{nb, h, w, c}, v...),
			ewI32Const(tensor.Shape{2}, int32(bh), int32(bw)),
			ewI32Const(tensor.Shape{2, 2}, int32(ct), int32(cb), int32(cl), int32(cr)))
		ewShape(t, got, tensor.Shape{n, h*bh - ct - cb, w*bw - cl - cr, c})
		ewClose(t, got.F32(), b2sOracle(v, nb, h, w, c, bh, bw, ct, cb, cl, cr), 0)
	}
}
