package ops

import (
	"math"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestHardSwish(t *testing.T) {
	// x * relu6(x+3) / 6:
	//   -4: relu6(-1) = 0        -> 0 (a negative zero)
	//   -3: relu6(0) = 0         -> 0
	//   -1: relu6(2) = 2, -2/6   -> -1/3
	//    0: relu6(3) = 3, 0/6    -> 0
	//  0.5: relu6(3.5), 1.75/6   -> 7/24
	//    1: relu6(4) = 4, 4/6    -> 2/3
	//    3: relu6(6) = 6, 18/6   -> 3
	//    4: relu6(7) = 6, 24/6   -> 4
	x := ewF32(tensor.Shape{8}, -4, -3, -1, 0, 0.5, 1, 3, 4)
	got := ewRun(t, &HardSwish{}, x)
	ewClose(t, got.F32(), []float32{0, 0, -1.0 / 3, 0, 7.0 / 24, 2.0 / 3, 3, 4}, 0)
	// Values where the order of operations shows: x*r is exact and only the
	// division by 6 rounds (x*(r/6) would round twice and differ):
	//   -2.5: r = 0.5, x*r = -1.25, /6 = -5/24
	//   1.25: r = 4.25, x*r = 5.3125, /6 = 85/96
	//   2.75: r = 5.75, x*r = 15.8125, /6 = 253/96
	got2 := ewRun(t, &HardSwish{}, ewF32(tensor.Shape{3}, -2.5, 1.25, 2.75))
	ewClose(t, got2.F32(), []float32{-5.0 / 24, 85.0 / 96, 253.0 / 96}, 0)
	if !math.Signbit(float64(got.F32()[0])) {
		t.Errorf("HardSwish(-4) = %v, want -0 as TFLite's -4*0/6", got.F32()[0])
	}
}

func TestReluFamily(t *testing.T) {
	nan := float32(math.NaN())
	x := ewF32(tensor.Shape{2, 4}, -7, -1, -0.5, 0, 0.5, 1, 6.5, nan)
	ewClose(t, ewRun(t, &Relu{}, x).F32(), []float32{0, 0, 0, 0, 0.5, 1, 6.5, nan}, 0)
	ewClose(t, ewRun(t, &Relu6{}, x).F32(), []float32{0, 0, 0, 0, 0.5, 1, 6, nan}, 0)
	ewClose(t, ewRun(t, &ReluN1To1{}, x).F32(), []float32{-1, -1, -0.5, 0, 0.5, 1, 1, nan}, 0)
	// LeakyRelu: x > 0 ? x : alpha*x, also with alpha > 1.
	ewClose(t, ewRun(t, &LeakyRelu{Alpha: 0.25}, x).F32(), []float32{-1.75, -0.25, -0.125, 0, 0.5, 1, 6.5, nan}, 0)
	ewClose(t, ewRun(t, &LeakyRelu{Alpha: 2}, x).F32(), []float32{-14, -2, -1, 0, 0.5, 1, 6.5, nan}, 0)
	got := ewRun(t, &Relu{}, x)
	ewShape(t, got, tensor.Shape{2, 4})
}

func TestLogisticTanh(t *testing.T) {
	// Known points: sigmoid(0) = 1/2, sigmoid(1) = 0.7310585786300049,
	// sigmoid(-2) = 0.11920292202211755; tanh(0.5) = 0.46211715726000974.
	x := ewF32(tensor.Shape{3}, 0, 1, -2)
	ewClose(t, ewRun(t, &Logistic{}, x).F32(), []float32{0.5, 0.7310585786300049, 0.11920292202211755}, 1e-7)
	ewClose(t, ewRun(t, &Tanh{}, ewF32(tensor.Shape{2}, 0.5, -0.5)).F32(), []float32{0.46211715726000974, -0.46211715726000974}, 1e-7)

	// A sweep against the float64 definitions, including the saturated tails.
	var v []float32
	for f := -40.0; f <= 40; f += 0.0625 {
		v = append(v, float32(f))
	}
	v = append(v, float32(math.Inf(1)), float32(math.Inf(-1)), -1000, 1000)
	in := ewF32(tensor.Shape{len(v)}, v...)
	sig := ewRun(t, &Logistic{}, in).F32()
	th := ewRun(t, &Tanh{}, in).F32()
	for i, x := range v {
		want := 1 / (1 + math.Exp(-float64(x)))
		if d := math.Abs(float64(sig[i]) - want); !(d <= 1e-6) {
			t.Errorf("Logistic(%v) = %v, want %v", x, sig[i], want)
		}
		if wt := math.Tanh(float64(x)); !(math.Abs(float64(th[i])-wt) <= 1e-6) {
			t.Errorf("Tanh(%v) = %v, want %v", x, th[i], wt)
		}
	}
}

func TestUnaryErrors(t *testing.T) {
	i32 := tensor.New(tensor.Int32, tensor.Shape{2})
	for _, k := range []Kernel{&Relu{}, &Relu6{}, &ReluN1To1{}, &HardSwish{}, &Logistic{}, &Tanh{}, &LeakyRelu{}} {
		ewWantErr(t, "int32 input", ewPrepErr(k, i32), ErrType)
		ewWantErr(t, "no input", ewPrepErr(k), nil)
	}
}
