package ops

import (
	"errors"
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

// unary is embedded by the activation kernels (unary.go): their int8 table
// and float32 function, and the Kernel, Splitter and Pointwise methods they
// share. Prepare sets name and f.
type unary struct {
	q    lut8
	name string
	f    func(y, x []float32) // the float32 path
}

// Eval implements Kernel.
func (k *unary) Eval(in, out []*tensor.Tensor) error {
	return k.EvalElems(in, out, 0, out[0].Shape.NumElements(), 0)
}

// SetWorkers implements Splitter (no per-worker state).
func (k *unary) SetWorkers(int) {}

// Parts implements Splitter.
func (k *unary) Parts(in, out []*tensor.Tensor) int { return flatParts(out[0].Shape.NumElements()) }

// EvalParts implements Splitter.
func (k *unary) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	a, b := flatRange(out[0].Shape.NumElements(), lo, hi)
	return k.EvalElems(in, out, a, b, w)
}

// PointwiseUnit implements Pointwise: any range of elements.
func (k *unary) PointwiseUnit(in, out []*tensor.Tensor) int { return 1 }

// EvalElems implements Pointwise: the int8 table when it is on, f on
// float32 otherwise.
func (k *unary) EvalElems(in, out []*tensor.Tensor, a, b, w int) error {
	if k.q.on {
		x, y := in[0].I8(), out[0].I8()
		if len(x) < k.q.n || len(y) < k.q.n || a < 0 || a > b || b > k.q.n {
			return ewErrData(k.name)
		}
		lutApply(&k.q.table, y[a:b], x[a:b])
		return nil
	}
	if k.f == nil {
		return errors.New("activation: Eval before Prepare")
	}
	x, y, err := unaryData(k.name, in, out)
	if err != nil {
		return err
	}
	if a < 0 || a > b || b > len(x) {
		return ewErrData(k.name)
	}
	k.f(y[a:b], x[a:b])
	return nil
}

func reluF32(y, x []float32)      { unaryClamp(x, y, 0, float32(math.Inf(1))) }
func relu6F32(y, x []float32)     { unaryClamp(x, y, 0, 6) }
func reluN1To1F32(y, x []float32) { unaryClamp(x, y, -1, 1) }
