package ops

import (
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestSpaceToBatchNDHand(t *testing.T) {
	// No padding, block 2x2, two images: output batch (sh*2+sw)*2+n takes
	// pixel (sh,sw) of image n: [1 5 2 6 3 7 4 8].
	x := ewF32(tensor.Shape{2, 2, 2, 1}, 1, 2, 3, 4, 5, 6, 7, 8)
	got := ewRun(t, &SpaceToBatchND{}, x, ewI32Const(tensor.Shape{2}, 2, 2), ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0))
	ewShape(t, got, tensor.Shape{8, 1, 1, 1})
	ewClose(t, got.F32(), []float32{1, 5, 2, 6, 3, 7, 4, 8}, 0)

	// x = [[1 2] [3 4] [5 6] [7 8]] (4x2), block 3x2, paddings (1,1) (2,4):
	// padded is 6x8 with x at rows 1..4, columns 2..3. Output batch
	// b = sh*2+sw holds padded[y*3+sh][x*2+sw] for y < 2, x < 4; only
	// column x = 1 (padded column 2 or 3) can be non-zero:
	//   b0 (0,0): row 0 padded row 0 -> 0;     row 1 padded row 3 -> x[2][0] = 5
	//   b1 (0,1): 0;                            x[2][1] = 6
	//   b2 (1,0): padded row 1 -> x[0][0] = 1;  padded row 4 -> x[3][0] = 7
	//   b3 (1,1): 2;                            8
	//   b4 (2,0): padded row 2 -> x[1][0] = 3;  padded row 5 -> 0
	//   b5 (2,1): 4;                            0
	x = ewF32(tensor.Shape{1, 4, 2, 1}, 1, 2, 3, 4, 5, 6, 7, 8)
	got = ewRun(t, &SpaceToBatchND{}, x, ewI32Const(tensor.Shape{2}, 3, 2), ewI32Const(tensor.Shape{2, 2}, 1, 1, 2, 4))
	ewShape(t, got, tensor.Shape{6, 2, 4, 1})
	var want []float32
	for _, v := range [][2]float32{{0, 5}, {0, 6}, {1, 7}, {2, 8}, {3, 0}, {4, 0}} {
		want = append(want, 0, v[0], 0, 0, 0, v[1], 0, 0)
	}
	ewClose(t, got.F32(), want, 0)

	// Rank 3: [1,4,1] = [1 2 3 4], block [2], paddings (1,1): padded
	// [0 1 2 3 4 0]; batch 0 takes even positions, batch 1 odd ones.
	got = ewRun(t, &SpaceToBatchND{}, ewF32(tensor.Shape{1, 4, 1}, 1, 2, 3, 4), ewI32Const(tensor.Shape{1}, 2), ewI32Const(tensor.Shape{1, 2}, 1, 1))
	ewShape(t, got, tensor.Shape{2, 3, 1})
	ewClose(t, got.F32(), []float32{0, 2, 4, 1, 3, 0}, 0)

	// Two channels move together.
	got = ewRun(t, &SpaceToBatchND{}, ewF32(tensor.Shape{1, 1, 2, 2}, 1, 2, 3, 4), ewI32Const(tensor.Shape{2}, 1, 2), ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0))
	ewShape(t, got, tensor.Shape{2, 1, 1, 2})
	ewClose(t, got.F32(), []float32{1, 2, 3, 4}, 0)
}

func TestSpaceToBatchNDQuantized(t *testing.T) {
	// int8 pads with the zero point -3.
	q := ewQ(0.5, -3)
	x := ewI8(tensor.Shape{1, 1, 1, 1}, q, 7)
	got := ewRunOut(t, &SpaceToBatchND{}, &tensor.Tensor{Quant: ewQ(0.5, -3)}, x, ewI32Const(tensor.Shape{2}, 2, 2), ewI32Const(tensor.Shape{2, 2}, 0, 1, 0, 1))
	ewShape(t, got, tensor.Shape{4, 1, 1, 1})
	ewEqual(t, got.I8(), []int8{7, -3, -3, -3})
	// uint8 with zero point 128, padding before.
	u := ewU8(tensor.Shape{1, 1, 1, 1}, ewQ(1, 128), 9)
	got = ewRunOut(t, &SpaceToBatchND{}, &tensor.Tensor{Quant: ewQ(1, 128)}, u, ewI32Const(tensor.Shape{2}, 2, 2), ewI32Const(tensor.Shape{2, 2}, 1, 0, 1, 0))
	ewEqual(t, got.U8(), []uint8{128, 128, 128, 9})
	// Different input and output quantization is rejected.
	err := (&SpaceToBatchND{}).Prepare([]*tensor.Tensor{x, ewI32Const(tensor.Shape{2}, 1, 1), ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0)},
		[]*tensor.Tensor{{Quant: ewQ(0.25, -3)}})
	ewWantErr(t, "quantization mismatch", err, nil)
	// int64 elements (8 bytes) are moved whole.
	x64 := tensor.New(tensor.Int64, tensor.Shape{1, 1, 2, 1})
	x64.I64()[0], x64.I64()[1] = -1, 1<<40
	got = ewRun(t, &SpaceToBatchND{}, x64, ewI32Const(tensor.Shape{2}, 1, 2), ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0))
	ewEqual(t, got.I64(), []int64{-1, 1 << 40})
}

func TestSpaceToBatchNDErrors(t *testing.T) {
	x := ewF32(tensor.Shape{1, 3, 3, 1}, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	b2 := ewI32Const(tensor.Shape{2}, 2, 2)
	p0 := ewI32Const(tensor.Shape{2, 2}, 0, 0, 0, 0)
	p1 := ewI32Const(tensor.Shape{2, 2}, 0, 1, 0, 1)
	nonConst := ewI32(tensor.Shape{2}, 2, 2)
	cases := []struct {
		name string
		in   []*tensor.Tensor
	}{
		{"not a multiple", []*tensor.Tensor{x, b2, p0}},
		{"block 0", []*tensor.Tensor{x, ewI32Const(tensor.Shape{2}, 0, 1), p0}},
		{"negative padding", []*tensor.Tensor{x, b2, ewI32Const(tensor.Shape{2, 2}, -1, 2, 0, 1)}},
		{"non-constant block", []*tensor.Tensor{x, nonConst, p1}},
		{"block shape [3]", []*tensor.Tensor{x, ewI32Const(tensor.Shape{3}, 1, 2, 2), p1}},
		{"paddings shape [2 3]", []*tensor.Tensor{x, b2, ewI32Const(tensor.Shape{2, 3}, 0, 1, 0, 1, 0, 0)}},
		{"rank 2", []*tensor.Tensor{tensor.New(tensor.Float32, tensor.Shape{3, 3}), b2, p1}},
		{"float block", []*tensor.Tensor{x, ewF32(tensor.Shape{2}, 2, 2), p1}},
		{"huge padding", []*tensor.Tensor{x, b2, ewI32Const(tensor.Shape{2, 2}, 1<<31-1, 1<<31-1, 0, 1)}},
	}
	for _, c := range cases {
		ewWantErr(t, c.name, ewPrepErr(&SpaceToBatchND{}, c.in...), nil)
	}
	if err := ewPrepErr(&SpaceToBatchND{}, x, b2); err == nil {
		t.Error("two inputs: no error")
	}
	// A short output buffer is an error, not a panic.
	k := &SpaceToBatchND{}
	out := &tensor.Tensor{}
	in := []*tensor.Tensor{x, b2, p1}
	if err := k.Prepare(in, []*tensor.Tensor{out}); err != nil {
		t.Fatal(err)
	}
	out.Data = make([]byte, out.ByteSize()-1)
	if err := k.Eval(in, []*tensor.Tensor{out}); err == nil {
		t.Error("short output: no error")
	}
}

// s2bOracle follows TensorFlow's documented definition step by step: pad,
// reshape to [N, H'/bh, bh, W'/bw, bw, C], permute to [bh, bw, N, H'/bh,
// W'/bw, C] and flatten.
func s2bOracle(x []float32, n, h, w, c, bh, bw, pt, pb, pl, pr int) []float32 {
	ph, pw := h+pt+pb, w+pl+pr
	padded := make([]float32, n*ph*pw*c)
	for b := 0; b < n; b++ {
		for y := 0; y < h; y++ {
			for xx := 0; xx < w; xx++ {
				for k := 0; k < c; k++ {
					padded[((b*ph+y+pt)*pw+xx+pl)*c+k] = x[((b*h+y)*w+xx)*c+k]
				}
			}
		}
	}
	oh, ow := ph/bh, pw/bw
	out := make([]float32, 0, len(padded))
	// Iterate the permuted order [bh, bw, N, oh, ow, C]; reshaped index
	// [b, y, sh, x, sw, k] is padded[b, y*bh+sh, x*bw+sw, k].
	for sh := 0; sh < bh; sh++ {
		for sw := 0; sw < bw; sw++ {
			for b := 0; b < n; b++ {
				for y := 0; y < oh; y++ {
					for xx := 0; xx < ow; xx++ {
						for k := 0; k < c; k++ {
							out = append(out, padded[((b*ph+y*bh+sh)*pw+xx*bw+sw)*c+k])
						}
					}
				}
			}
		}
	}
	return out
}

// TestSpaceToBatchNDOracle compares random cases with the definitional
// oracle, and checks that BatchToSpaceND with crops equal to the paddings
// inverts SpaceToBatchND.
func TestSpaceToBatchNDOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for it := 0; it < 60; it++ {
		n, h, w, c := 1+r.IntN(2), 1+r.IntN(7), 1+r.IntN(7), 1+r.IntN(3)
		bh, bw := 1+r.IntN(4), 1+r.IntN(4)
		pt, pl := r.IntN(4), r.IntN(4)
		pb := (bh - (h+pt)%bh) % bh
		pr := (bw - (w+pl)%bw) % bw
		if r.IntN(2) == 0 {
			pb += bh
		}
		v := make([]float32, n*h*w*c)
		for i := range v {
			v[i] = float32(i + 1)
		}
		x := ewF32(tensor.Shape{n, h, w, c}, v...)
		block := ewI32Const(tensor.Shape{2}, int32(bh), int32(bw))
		pads := ewI32Const(tensor.Shape{2, 2}, int32(pt), int32(pb), int32(pl), int32(pr))
		got := ewRun(t, &SpaceToBatchND{}, x, block, pads)
		ewShape(t, got, tensor.Shape{n * bh * bw, (h + pt + pb) / bh, (w + pl + pr) / bw, c})
		ewClose(t, got.F32(), s2bOracle(v, n, h, w, c, bh, bw, pt, pb, pl, pr), 0)
		back := ewRun(t, &BatchToSpaceND{}, got, block, pads)
		ewShape(t, back, x.Shape)
		ewClose(t, back.F32(), v, 0)
	}
}

// TestSpaceBatchRandomParams feeds both kernels random, often invalid,
// parameters: Prepare must reject them or Eval must succeed, never panic.
func TestSpaceBatchRandomParams(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	for it := 0; it < 2000; it++ {
		rank := 3 + r.IntN(2)
		shape := make(tensor.Shape, rank)
		for d := range shape {
			shape[d] = r.IntN(6)
		}
		m := rank - 2
		block := make([]int32, m)
		pads := make([]int32, 2*m)
		for i := range block {
			block[i] = int32(r.IntN(6) - 1)
		}
		for i := range pads {
			pads[i] = int32(r.IntN(8) - 1)
		}
		dts := []tensor.DType{tensor.Float32, tensor.Int8, tensor.Uint8, tensor.Int16, tensor.Int64}
		x := tensor.New(dts[r.IntN(len(dts))], shape)
		for i := range x.Data {
			x.Data[i] = byte(r.Uint32())
		}
		if x.DType != tensor.Float32 {
			x.Quant = ewQ(0.5, int64(r.IntN(3)))
		}
		for _, k := range []Kernel{&SpaceToBatchND{}, &BatchToSpaceND{}} {
			in := []*tensor.Tensor{x, ewI32Const(tensor.Shape{m}, block...), ewI32Const(tensor.Shape{m, 2}, pads...)}
			out := &tensor.Tensor{Quant: x.Quant}
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("%T %v%v block %v pads %v: panic %v", k, x.DType, shape, block, pads, p)
					}
				}()
				if err := k.Prepare(in, []*tensor.Tensor{out}); err != nil {
					return
				}
				out.Data = tensor.AlignedBytes(out.ByteSize())
				if err := k.Eval(in, []*tensor.Tensor{out}); err != nil {
					t.Fatalf("%T %v block %v pads %v: Eval: %v", k, shape, block, pads, err)
				}
			}()
		}
	}
}
