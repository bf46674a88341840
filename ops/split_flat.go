package ops

import (
	"math"

	"github.com/octet-ml/octet/tensor"
)

// Elementwise kernels split across threads (octet.Threads) by flat ranges
// of output elements: part i is elements [i*flatChunk, (i+1)*flatChunk).

// flatChunk is the number of elements of one part.
const flatChunk = 1 << 14

// flatParts is the number of parts of n elements.
func flatParts(n int) int {
	if n <= flatChunk {
		return 1
	}
	return (n + flatChunk - 1) / flatChunk
}

// flatRange returns the elements [a, b) of parts [lo, hi) of n elements.
func flatRange(n, lo, hi int) (a, b int) { return min(lo*flatChunk, n), min(hi*flatChunk, n) }

// unaryParts is Parts of the unary activation kernels.
func unaryParts(out []*tensor.Tensor) int { return flatParts(out[0].Shape.NumElements()) }

// unaryEvalParts is EvalParts of the unary activation kernels: the int8
// table when q is on, f(y, x) on float32 otherwise, over the elements of
// parts [lo, hi).
func unaryEvalParts(name string, q *lut8, f func(y, x []float32), in, out []*tensor.Tensor, lo, hi int) error {
	if q.on {
		x, y := in[0].I8(), out[0].I8()
		if len(x) < q.n || len(y) < q.n {
			return ewErrData(name)
		}
		a, b := flatRange(q.n, lo, hi)
		lutApply(&q.table, y[a:b], x[a:b])
		return nil
	}
	x, y, err := unaryData(name, in, out)
	if err != nil {
		return err
	}
	a, b := flatRange(len(x), lo, hi)
	f(y[a:b], x[a:b])
	return nil
}

func reluF32(y, x []float32)      { unaryClamp(x, y, 0, float32(math.Inf(1))) }
func relu6F32(y, x []float32)     { unaryClamp(x, y, 0, 6) }
func reluN1To1F32(y, x []float32) { unaryClamp(x, y, -1, 1) }

// SetWorkers implements Splitter (no per-worker state).
func (k *Relu) SetWorkers(int) {}

// Parts implements Splitter.
func (k *Relu) Parts(in, out []*tensor.Tensor) int { return unaryParts(out) }

// EvalParts implements Splitter.
func (k *Relu) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return unaryEvalParts("Relu", &k.q, reluF32, in, out, lo, hi)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *Relu6) SetWorkers(int) {}

// Parts implements Splitter.
func (k *Relu6) Parts(in, out []*tensor.Tensor) int { return unaryParts(out) }

// EvalParts implements Splitter.
func (k *Relu6) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return unaryEvalParts("Relu6", &k.q, relu6F32, in, out, lo, hi)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *ReluN1To1) SetWorkers(int) {}

// Parts implements Splitter.
func (k *ReluN1To1) Parts(in, out []*tensor.Tensor) int { return unaryParts(out) }

// EvalParts implements Splitter.
func (k *ReluN1To1) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return unaryEvalParts("ReluN1To1", &k.q, reluN1To1F32, in, out, lo, hi)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *HardSwish) SetWorkers(int) {}

// Parts implements Splitter.
func (k *HardSwish) Parts(in, out []*tensor.Tensor) int { return unaryParts(out) }

// EvalParts implements Splitter.
func (k *HardSwish) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return unaryEvalParts("HardSwish", &k.q, hardSwishF32, in, out, lo, hi)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *Logistic) SetWorkers(int) {}

// Parts implements Splitter.
func (k *Logistic) Parts(in, out []*tensor.Tensor) int { return unaryParts(out) }

// EvalParts implements Splitter.
func (k *Logistic) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return unaryEvalParts("Logistic", &k.q, logisticF32, in, out, lo, hi)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *Tanh) SetWorkers(int) {}

// Parts implements Splitter.
func (k *Tanh) Parts(in, out []*tensor.Tensor) int { return unaryParts(out) }

// EvalParts implements Splitter.
func (k *Tanh) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return unaryEvalParts("Tanh", &k.q, tanhRowF32, in, out, lo, hi)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *LeakyRelu) SetWorkers(int) {}

// Parts implements Splitter.
func (k *LeakyRelu) Parts(in, out []*tensor.Tensor) int { return unaryParts(out) }

// EvalParts implements Splitter.
func (k *LeakyRelu) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	return unaryEvalParts("LeakyRelu", &k.q, k.leakyF32, in, out, lo, hi)
}
