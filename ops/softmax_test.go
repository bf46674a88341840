package ops

import (
	"testing"

	"github.com/octet-ml/octet/tensor"
)

func TestSoftmax(t *testing.T) {
	// softmax(beta*[1 2 3]) = exp(beta*(x-3)) / sum:
	//   beta 1:   [e^-2, e^-1, 1] / 1.5032147 = [0.09003057 0.24472847 0.66524096]
	//   beta 0.5: [e^-1, e^-0.5, 1] / 1.9744101 = [0.18632372 0.30719589 0.50648039]
	x := ewF32(tensor.Shape{1, 3}, 1, 2, 3)
	ewClose(t, ewRun(t, &Softmax{Beta: 1}, x).F32(),
		[]float32{0.09003057317038046, 0.24472847105479764, 0.6652409557748218}, 1e-7)
	ewClose(t, ewRun(t, &Softmax{Beta: 0.5}, x).F32(),
		[]float32{0.1863237232258476, 0.3071958857184984, 0.506480391055654}, 1e-7)

	// Rows are independent; huge inputs do not overflow thanks to the max
	// subtraction; beta 0 is uniform.
	y := ewF32(tensor.Shape{3, 2}, 1000, 1000, -1e30, 0, 5, 5)
	got := ewRun(t, &Softmax{Beta: 1}, y)
	ewShape(t, got, tensor.Shape{3, 2})
	ewClose(t, got.F32(), []float32{0.5, 0.5, 0, 1, 0.5, 0.5}, 0)
	ewClose(t, ewRun(t, &Softmax{}, x).F32(), []float32{1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-7)
	// All-negative rows: the running max must start below every input
	// (TFLite starts from the lowest float32). [-1000 -1001] ->
	// [1, e^-1]/(1+e^-1) = [0.7310585786300049 0.2689414213699951].
	neg := ewRun(t, &Softmax{Beta: 1}, ewF32(tensor.Shape{2, 2}, -1000, -1000, -1000, -1001))
	ewClose(t, neg.F32(), []float32{0.5, 0.5, 0.7310585786300049, 0.2689414213699951}, 1e-7)
	// A 1-D input is one row.
	ewClose(t, ewRun(t, &Softmax{Beta: 1}, ewF32(tensor.Shape{2}, 0, 0)).F32(), []float32{0.5, 0.5}, 0)
}

func TestSoftmaxErrors(t *testing.T) {
	ewWantErr(t, "scalar", ewPrepErr(&Softmax{Beta: 1}, ewF32(tensor.Shape{}, 1)), ErrShape)
	ewWantErr(t, "int32", ewPrepErr(&Softmax{Beta: 1}, tensor.New(tensor.Int32, tensor.Shape{2})), ErrType)
}
