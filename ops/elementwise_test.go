package ops

import (
	"math"
	"math/rand"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestAddBroadcast213With41(t *testing.T) {
	// a[i][0][k] + b[j][0] for a = [[[1 2 3]] [[4 5 6]]], b = [10 20 30 40]^T:
	// the output is [2,4,3]; each row is a's row plus 10*(j+1).
	a := ewF32(tensor.Shape{2, 1, 3}, 1, 2, 3, 4, 5, 6)
	b := ewF32(tensor.Shape{4, 1}, 10, 20, 30, 40)
	got := ewRun(t, &Add{}, a, b)
	ewShape(t, got, tensor.Shape{2, 4, 3})
	ewClose(t, got.F32(), []float32{
		11, 12, 13, 21, 22, 23, 31, 32, 33, 41, 42, 43,
		14, 15, 16, 24, 25, 26, 34, 35, 36, 44, 45, 46,
	}, 0)
	// Swapping the operands gives the same sums.
	got = ewRun(t, &Add{}, b, a)
	ewShape(t, got, tensor.Shape{2, 4, 3})
	ewClose(t, got.F32()[:6], []float32{11, 12, 13, 21, 22, 23}, 0)
}

func TestAddSameShapeScalarAndLastDim(t *testing.T) {
	a := ewF32(tensor.Shape{2, 3}, 1, 2, 3, 4, 5, 6)
	same := ewRun(t, &Add{}, a, ewF32(tensor.Shape{2, 3}, 10, 20, 30, 40, 50, 60))
	ewClose(t, same.F32(), []float32{11, 22, 33, 44, 55, 66}, 0)

	scalar := ewRun(t, &Add{}, ewF32(tensor.Shape{}, 100), a)
	ewShape(t, scalar, tensor.Shape{2, 3})
	ewClose(t, scalar.F32(), []float32{101, 102, 103, 104, 105, 106}, 0)

	last := ewRun(t, &Add{}, a, ewF32(tensor.Shape{3}, 0.5, 0.25, -1))
	ewClose(t, last.F32(), []float32{1.5, 2.25, 2, 4.5, 5.25, 5}, 0)

	// [2,1] + [1,3]: an outer sum.
	outer := ewRun(t, &Add{}, ewF32(tensor.Shape{2, 1}, 1, 2), ewF32(tensor.Shape{1, 3}, 10, 20, 30))
	ewShape(t, outer, tensor.Shape{2, 3})
	ewClose(t, outer.F32(), []float32{11, 21, 31, 12, 22, 32}, 0)

	// One element each, different ranks.
	one := ewRun(t, &Add{}, ewF32(tensor.Shape{1, 1, 1}, 2), ewF32(tensor.Shape{1}, 3))
	ewShape(t, one, tensor.Shape{1, 1, 1})
	ewClose(t, one.F32(), []float32{5}, 0)

	// Empty output: [0,3] + [1,3].
	empty := ewRun(t, &Add{}, ewF32(tensor.Shape{0, 3}), ewF32(tensor.Shape{1, 3}, 1, 2, 3))
	ewShape(t, empty, tensor.Shape{0, 3})
}

func TestBinaryOpsAndActivations(t *testing.T) {
	a := ewF32(tensor.Shape{4}, -2, 1.5, 4, 0)
	three := ewF32(tensor.Shape{1}, 3)
	// Mul + RELU6: -6 -> 0, 4.5, 12 -> 6, 0.
	got := ewRun(t, &Mul{Activation: ActRelu6}, a, three)
	ewClose(t, got.F32(), []float32{0, 4.5, 6, 0}, 0)
	// Mul, no activation.
	got = ewRun(t, &Mul{}, a, three)
	ewClose(t, got.F32(), []float32{-6, 4.5, 12, 0}, 0)
	// Sub + RELU_N1_TO_1: -5 -> -1, -1.5 -> -1, 1, -3 -> -1.
	got = ewRun(t, &Sub{Activation: ActReluN1To1}, a, three)
	ewClose(t, got.F32(), []float32{-1, -1, 1, -1}, 0)
	// Scalar minus tensor: 3 - a.
	got = ewRun(t, &Sub{}, three, a)
	ewClose(t, got.F32(), []float32{5, 1.5, -1, 3}, 0)
	// Div + RELU: -2/4 -> 0, 1.5/4 = 0.375, 1, 0/4 = 0.
	got = ewRun(t, &Div{Activation: ActRelu}, a, ewF32(tensor.Shape{}, 4))
	ewClose(t, got.F32(), []float32{0, 0.375, 1, 0}, 0)
	// Division by zero follows IEEE: -Inf, +Inf, +Inf, NaN.
	got = ewRun(t, &Div{}, a, ewF32(tensor.Shape{}, 0))
	ewClose(t, got.F32(), []float32{float32(math.Inf(-1)), float32(math.Inf(1)), float32(math.Inf(1)), float32(math.NaN())}, 0)
	// Maximum and minimum against 1.
	one := ewF32(tensor.Shape{}, 1)
	got = ewRun(t, &Maximum{}, a, one)
	ewClose(t, got.F32(), []float32{1, 1.5, 4, 1}, 0)
	got = ewRun(t, &Minimum{}, one, a)
	ewClose(t, got.F32(), []float32{-2, 1, 1, 0}, 0)
	// Inf passes through Add without an activation.
	got = ewRun(t, &Add{}, ewF32(tensor.Shape{1}, float32(math.Inf(1))), one)
	ewClose(t, got.F32(), []float32{float32(math.Inf(1))}, 0)
}

func TestBinaryInt(t *testing.T) {
	a := ewI32(tensor.Shape{2, 2}, 5, -7, 100, math.MaxInt32)
	one := ewI32(tensor.Shape{1}, 1)
	// Add + RELU: 6, 0 (-6 clamped), 101, MaxInt32+1 wraps to MinInt32 -> 0.
	got := ewRun(t, &Add{Activation: ActRelu}, a, one)
	ewEqual(t, got.I32(), []int32{6, 0, 101, 0})
	// Mul + RELU6 by [2 -1] along the last axis: 10->6, 7->6, 200->6, -MaxInt32->0.
	got = ewRun(t, &Mul{Activation: ActRelu6}, a, ewI32(tensor.Shape{2}, 2, -1))
	ewEqual(t, got.I32(), []int32{6, 6, 6, 0})
	got = ewRun(t, &Sub{}, a, one)
	ewEqual(t, got.I32(), []int32{4, -8, 99, math.MaxInt32 - 1})
	got = ewRun(t, &Maximum{}, a, ewI32(tensor.Shape{}, 0))
	ewEqual(t, got.I32(), []int32{5, 0, 100, math.MaxInt32})
	// int8 Minimum compares raw values.
	q := ewQ(0.5, 0)
	i8 := ewRun(t, &Minimum{}, ewI8(tensor.Shape{3}, q, -3, 0, 9), ewI8(tensor.Shape{1}, q, 1))
	if i8.DType != tensor.Int8 {
		t.Fatalf("dtype %v", i8.DType)
	}
	ewEqual(t, i8.I8(), []int8{-3, 0, 1})
	u8 := ewRun(t, &Maximum{}, ewU8(tensor.Shape{3}, nil, 3, 200, 9), ewU8(tensor.Shape{3}, nil, 4, 100, 9))
	ewEqual(t, u8.U8(), []uint8{4, 200, 9})
}

// naiveBroadcast computes a+b element by element from the definition: the
// output index is mapped into each input by dropping leading dimensions and
// using index 0 where the input has extent 1.
func naiveBroadcast(a, b []float32, as, bs, os tensor.Shape) []float32 {
	n := os.NumElements()
	out := make([]float32, n)
	idx := make([]int, len(os))
	for i := 0; i < n; i++ {
		rem := i
		for d := len(os) - 1; d >= 0; d-- {
			idx[d] = rem % os[d]
			rem /= os[d]
		}
		lin := func(s tensor.Shape) int {
			off := 0
			for d := range s {
				j := idx[len(os)-len(s)+d]
				if s[d] == 1 {
					j = 0
				}
				off = off*s[d] + j
			}
			return off
		}
		out[i] = a[lin(as)] + b[lin(bs)]
	}
	return out
}

func TestAddBroadcastRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 300; iter++ {
		r := 1 + rng.Intn(6)
		os := make(tensor.Shape, r)
		for i := range os {
			os[i] = 1 + rng.Intn(4)
		}
		mk := func() tensor.Shape {
			drop := rng.Intn(r + 1)
			s := os[drop:].Clone()
			for i := range s {
				if rng.Intn(3) == 0 {
					s[i] = 1
				}
			}
			return s
		}
		as, bs := mk(), mk()
		a := tensor.New(tensor.Float32, as)
		b := tensor.New(tensor.Float32, bs)
		for i := range a.F32() {
			a.F32()[i] = float32(rng.Intn(1000))
		}
		for i := range b.F32() {
			b.F32()[i] = float32(rng.Intn(1000)) * 1000
		}
		want, err := bcastShape(as, bs)
		if err != nil {
			t.Fatal(err)
		}
		got := ewRun(t, &Add{}, a, b)
		ewShape(t, got, want)
		ewClose(t, got.F32(), naiveBroadcast(a.F32(), b.F32(), as, bs, want), 0)
	}
}

func TestBinaryErrors(t *testing.T) {
	f := func(s ...int) *tensor.Tensor { return tensor.New(tensor.Float32, s) }
	ewWantErr(t, "[2,3]+[4,3]", ewPrepErr(&Add{}, f(2, 3), f(4, 3)), ErrShape)
	ewWantErr(t, "[2]+[3]", ewPrepErr(&Mul{}, f(2), f(3)), ErrShape)
	ewWantErr(t, "rank 7", ewPrepErr(&Add{}, f(1, 1, 1, 1, 1, 1, 2), f(2)), ErrShape)
	ewWantErr(t, "f32+i32", ewPrepErr(&Add{}, f(2), tensor.New(tensor.Int32, tensor.Shape{2})), ErrType)
	ewWantErr(t, "int8 Add", ewPrepErr(&Add{}, tensor.New(tensor.Int8, tensor.Shape{2}), tensor.New(tensor.Int8, tensor.Shape{2})), ErrType)
	ewWantErr(t, "int32 Div", ewPrepErr(&Div{}, tensor.New(tensor.Int32, tensor.Shape{2}), tensor.New(tensor.Int32, tensor.Shape{2})), ErrType)
	ewWantErr(t, "tanh act", ewPrepErr(&Add{Activation: ActTanh}, f(2), f(2)), nil)
	ewWantErr(t, "one input", ewPrepErr(&Add{}, f(2)), nil)
	ewWantErr(t, "nil input", ewPrepErr(&Add{}, f(2), nil), nil)
}

// TestFloatBinaryBlocks covers the layouts the vector path takes (same
// shapes, a channel vector, a scalar on either side over more than one
// 64-value row) for ADD, SUB and MUL with and without an activation,
// against per-element float32 arithmetic.
func TestFloatBinaryBlocks(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	shapes := [][2]tensor.Shape{{{5, 40}, {5, 40}}, {{1, 9, 9, 17}, {17}}, {{3, 70}, {}}, {{1}, {2, 100}}, {{2, 3, 4}, {3, 1}}}
	for _, sh := range shapes {
		for _, act := range []Activation{ActNone, ActRelu6} {
			for _, op := range []string{"add", "sub", "mul"} {
				a := tensor.New(tensor.Float32, sh[0])
				b := tensor.New(tensor.Float32, sh[1])
				for i := range a.F32() {
					a.F32()[i] = float32(r.NormFloat64() * 4)
				}
				for i := range b.F32() {
					b.F32()[i] = float32(r.NormFloat64() * 4)
				}
				var k Kernel
				switch op {
				case "add":
					k = &Add{Activation: act}
				case "sub":
					k = &Sub{Activation: act}
				default:
					k = &Mul{Activation: act}
				}
				got := ewRun(t, k, a, b)
				want, _ := bcastShape(a.Shape, b.Shape)
				for i, g := range got.F32() {
					x := a.F32()[bcastIndex(want, a.Shape, i)]
					y := b.F32()[bcastIndex(want, b.Shape, i)]
					var v float32
					switch op {
					case "add":
						v = float32(x + y)
					case "sub":
						v = float32(x - y)
					default:
						v = float32(x * y)
					}
					if act == ActRelu6 {
						v = min(max(v, 0), 6)
					}
					if g != v {
						t.Fatalf("%s %v %v %v [%d]: %v, want %v", op, act, a.Shape, b.Shape, i, g, v)
					}
				}
			}
		}
	}
}
