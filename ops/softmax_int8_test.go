package ops

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// softmaxOut is the int8 softmax output tensor TFLite requires.
func softmaxOut() *tensor.Tensor {
	return &tensor.Tensor{Name: "out", DType: tensor.Int8, Quant: ewQ(1.0/256, -128)}
}

func TestSoftmaxInt8HandComputed(t *testing.T) {
	// Depth 2, input scale 0.1:
	//   (5, 5): both e = 1, sum 2, inv = 1/(2/256) = 128: 128 - 128 = 0.
	//   (127, -128): the second is exp(-25.5) = 8.4e-12, sum = 1 (float32),
	//     inv = 256: 256 - 128 = 128 -> 127; 8.4e-12*256 -> 0 - 128 = -128.
	//   (0, 10): e = exp(-1) = 0.36787945, 1; sum 1.3678794, inv = 187.1510:
	//     0.36787945*187.151 = 68.85 -> 69 - 128 = -59; 187.15 -> 187 - 128 = 59.
	x := ewI8(tensor.Shape{3, 2}, ewQ(0.1, 0), 5, 5, 127, -128, 0, 10)
	got := ewRunOut(t, &Softmax{Beta: 1}, softmaxOut(), x)
	ewEqual(t, got.I8(), []int8{0, 0, 127, -128, -59, 59})

	// The same rows through the general path (depth 3 with a row padded
	// by a value 255 steps below: exp(-25.5) adds nothing visible).
	// Depth 3, all equal: 256/3 = 85.33 -> 85 - 128 = -43.
	x = ewI8(tensor.Shape{1, 3}, ewQ(0.1, 0), -7, -7, -7)
	got = ewRunOut(t, &Softmax{Beta: 1}, softmaxOut(), x)
	ewEqual(t, got.I8(), []int8{-43, -43, -43})

	// Beta 2 doubles the differences: (0, 5) with scale 0.1 and beta 2 is
	// (0, 10) with beta 1: -59, 59.
	x = ewI8(tensor.Shape{1, 2}, ewQ(0.1, 0), 0, 5)
	got = ewRunOut(t, &Softmax{Beta: 2}, softmaxOut(), x)
	ewEqual(t, got.I8(), []int8{-59, 59})
}

// softmaxInt8Oracle is the documented TFLite table softmax, written out
// again: expf of -si*beta*d in float32, the float32 sum in order, the
// reciprocal of sum/256, the probability times it rounded half away from
// zero, minus 128, saturated.
func softmaxInt8Oracle(x []int8, depth int, si, beta float32) []int8 {
	y := make([]int8, len(x))
	for r := 0; r*depth < len(x); r++ {
		row := x[r*depth : (r+1)*depth]
		m := int8(-128)
		for _, v := range row {
			if v > m {
				m = v
			}
		}
		e := make([]float32, depth)
		var sum float32
		for j, v := range row {
			d := float32(int32(m) - int32(v))
			e[j] = float32(math.Exp(float64(float32(float32(-si*beta) * d))))
			sum += e[j]
		}
		inv := 1 / float32(sum*(1.0/256))
		for j := range row {
			q := math.Round(float64(float32(e[j]*inv))) - 128
			y[r*depth+j] = int8(min(max(q, -128), 127))
		}
	}
	return y
}

func TestSoftmaxInt8Oracle(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	for _, c := range []struct {
		shape tensor.Shape
		si    float32
		beta  float32
	}{
		{tensor.Shape{4, 10}, 0.05, 1},
		{tensor.Shape{2, 3, 7}, 0.3, 0.5},
		{tensor.Shape{1, 5, 5, 2}, 0.1, 1},
		{tensor.Shape{9, 1}, 0.2, 1},
		{tensor.Shape{3, 33}, 0.02, 1.7},
		{tensor.Shape{2, 256}, 0.0625, 1},
	} {
		x := tensor.New(tensor.Int8, c.shape)
		x.Quant = ewQ(c.si, int64(r.IntN(256)-128))
		for i := range x.Data {
			x.Data[i] = byte(r.Uint32())
		}
		got := ewRunOut(t, &Softmax{Beta: c.beta}, softmaxOut(), x)
		depth := c.shape[len(c.shape)-1]
		ewEqual(t, got.I8(), softmaxInt8Oracle(x.I8(), depth, c.si, c.beta))
		// Independent check: within one step of the exact softmax.
		xs := x.I8()
		for row := 0; row*depth < len(xs); row++ {
			mx := -math.MaxFloat64
			for _, v := range xs[row*depth : (row+1)*depth] {
				mx = math.Max(mx, float64(v))
			}
			var s float64
			for _, v := range xs[row*depth : (row+1)*depth] {
				s += math.Exp(float64(c.si) * float64(c.beta) * (float64(v) - mx))
			}
			for j, v := range xs[row*depth : (row+1)*depth] {
				p := math.Exp(float64(c.si)*float64(c.beta)*(float64(v)-mx)) / s
				exact := min(max(p*256-128, -128), 127)
				if g := float64(got.I8()[row*depth+j]); math.Abs(g-exact) > 1 {
					t.Fatalf("%v row %d [%d]: %v, exact %v", c.shape, row, j, g, exact)
				}
			}
		}
	}
}

// TestSoftmaxInt8PairTableExhaustive checks the depth-2 table against the
// general row formula on all 65536 input pairs: entry by entry, and
// through Eval on a [65536, 2] tensor holding every pair, for several input
// scales and betas.
func TestSoftmaxInt8PairTableExhaustive(t *testing.T) {
	for _, c := range []struct{ si, beta float32 }{{0.1, 1}, {0.0625, 1}, {0.3, 0.5}, {0.02, 2.5}, {1e-3, 1}} {
		x := tensor.New(tensor.Int8, tensor.Shape{1 << 16, 2})
		x.Quant = ewQ(c.si, 0)
		xs := x.I8()
		for i := 0; i < 1<<16; i++ {
			xs[2*i], xs[2*i+1] = int8(uint8(i>>8)), int8(uint8(i))
		}
		k := &Softmax{Beta: c.beta}
		got := ewRunOut(t, k, softmaxOut(), x)
		if k.q8.pair == nil {
			t.Fatal("depth 2 did not build the pair table")
		}
		var y [2]int8
		for i := 0; i < 1<<16; i++ {
			k.q8.row(y[:], xs[2*i:2*i+2])
			e := k.q8.pair[i]
			if int8(uint8(e)) != y[0] || int8(uint8(e>>8)) != y[1] || got.I8()[2*i] != y[0] || got.I8()[2*i+1] != y[1] {
				t.Fatalf("si %v beta %v pair (%d, %d): table %d %d, Eval %d %d, general %d %d", c.si, c.beta,
					xs[2*i], xs[2*i+1], int8(uint8(e)), int8(uint8(e>>8)), got.I8()[2*i], got.I8()[2*i+1], y[0], y[1])
			}
		}
		ewEqual(t, got.I8(), softmaxInt8Oracle(xs, 2, c.si, c.beta))
	}
}

func TestSoftmaxInt8Errors(t *testing.T) {
	x := ewI8(tensor.Shape{1, 2}, ewQ(0.1, 0), 1, 2)
	prep := func(out *tensor.Tensor, in *tensor.Tensor) error {
		return (&Softmax{Beta: 1}).Prepare([]*tensor.Tensor{in}, []*tensor.Tensor{out})
	}
	ewWantErr(t, "output scale", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(0.01, -128)}, x), nil)
	ewWantErr(t, "output zero point", prep(&tensor.Tensor{DType: tensor.Int8, Quant: ewQ(1.0/256, 0)}, x), nil)
	ewWantErr(t, "no output quantization", prep(&tensor.Tensor{DType: tensor.Int8}, x), nil)
	ewWantErr(t, "float output", prep(&tensor.Tensor{DType: tensor.Float32}, x), ErrType)
	ewWantErr(t, "no input quantization", prep(softmaxOut(), ewI8(tensor.Shape{1, 2}, nil, 1, 2)), nil)
	ewWantErr(t, "uint8 input", prep(softmaxOut(), ewU8(tensor.Shape{1, 2}, ewQ(0.1, 0), 1, 2)), ErrType)
	for _, shape := range []tensor.Shape{{4, 2}, {2, 5}} {
		k := &Softmax{Beta: 1}
		x := tensor.New(tensor.Int8, shape)
		x.Quant = ewQ(0.1, 0)
		out := softmaxOut()
		if err := k.Prepare([]*tensor.Tensor{x}, []*tensor.Tensor{out}); err != nil {
			t.Fatal(err)
		}
		out.Data = make([]byte, out.ByteSize()-1)
		if err := k.Eval([]*tensor.Tensor{x}, []*tensor.Tensor{out}); err == nil {
			t.Errorf("%v: short output buffer: no error", shape)
		}
	}
}

// benchSoftmaxInt8 times a 256x256x2 int8 softmax, with or without the
// pair table. The bytes are the input bytes.
func benchSoftmaxInt8(b *testing.B, table bool) {
	x := tensor.New(tensor.Int8, tensor.Shape{1, 256, 256, 2})
	x.Quant = ewQ(0.1, 0)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range x.Data {
		x.Data[i] = byte(r.Uint32())
	}
	k := &Softmax{Beta: 1}
	out := softmaxOut()
	in, outs := []*tensor.Tensor{x}, []*tensor.Tensor{out}
	if err := k.Prepare(in, outs); err != nil {
		b.Fatal(err)
	}
	if !table {
		k.q8.pair = nil
	}
	out.Data = tensor.AlignedBytes(out.ByteSize())
	b.SetBytes(int64(len(x.Data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := k.Eval(in, outs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(256*256), "ns/pixel")
}

// BenchmarkSoftmaxInt8Depth2 is the HxWx2 segmentation softmax through the
// pair table: one table read per pixel.
func BenchmarkSoftmaxInt8Depth2(b *testing.B) { benchSoftmaxInt8(b, true) }

// BenchmarkSoftmaxInt8Depth2General is the same through the general row
// formula, for comparison.
func BenchmarkSoftmaxInt8Depth2General(b *testing.B) { benchSoftmaxInt8(b, false) }
