package ops

import "github.com/octet-ml/octet/tensor"

// Splitter is implemented by kernels whose Eval can run as independent
// parts on several goroutines at once (octet.Threads).
//
// The interpreter calls SetWorkers before Prepare with the number of
// goroutines that may call EvalParts at the same time, so that Prepare can
// allocate per-worker scratch. After Prepare, Parts reports how many
// independent units Eval on these prepared tensors consists of (for
// example output rows); 1 means the kernel cannot be split for these
// shapes. EvalParts computes units
// [lo, hi) with the scratch of worker w; calls with disjoint ranges and
// distinct w may run concurrently. Running every unit once gives exactly
// Eval's result. EvalParts must not allocate.
type Splitter interface {
	SetWorkers(n int)
	Parts(in, out []*tensor.Tensor) int
	EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error
}

// workers is embedded by Splitter kernels to record the worker count.
type workers struct{ n int }

// SetWorkers implements Splitter.
func (w *workers) SetWorkers(n int) { w.n = max(n, 1) }

func (w *workers) count() int { return max(w.n, 1) }
