package ops

import (
	"unsafe"

	"github.com/octet-ml/octet/tensor"
)

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

// RowSplitter is a Splitter whose parts cover output 0 in order and evenly:
// with E elements in P parts, part p computes exactly the elements
// [p*E/P, (p+1)*E/P) (whole rows of the output) and writes nothing else.
// RowParts only marks the kernel.
type RowSplitter interface {
	Splitter
	RowParts()
}

// Pointwise is implemented by kernels that compute each position of the
// output (an index over all its dimensions but the last, a pixel of an
// NHWC tensor) from the same position of their inputs that have the
// output's leading dimensions (the last may differ: a 1x1 convolution
// changes the channels), and from whole inputs otherwise (weights,
// broadcast operands): elementwise ops, 1x1 convolutions. The interpreter
// runs such a kernel on the rows a RowSplitter's part has just produced,
// in the same goroutine, without waiting for the other parts (a chain of
// ops per part).
//
// PointwiseUnit reports, for the prepared tensors, the granularity of the
// output element ranges EvalElems takes (their ends must be multiples of
// it; at most the output's last dimension), or 0 if the kernel cannot run
// by ranges. EvalElems computes output elements [a, b) with the scratch of
// worker w (as Splitter.EvalParts); calls with disjoint ranges and
// distinct w may run concurrently, and it must not allocate.
type Pointwise interface {
	PointwiseUnit(in, out []*tensor.Tensor) int
	EvalElems(in, out []*tensor.Tensor, a, b, w int) error
}

// workers is embedded by Splitter kernels to record the worker count.
type workers struct{ n int }

// SetWorkers implements Splitter.
func (w *workers) SetWorkers(n int) { w.n = max(n, 1) }

func (w *workers) count() int { return max(w.n, 1) }

// scratch is per-worker scratch: one slice of n elements per worker, far
// enough apart that no two share a cache line, nor the pair of lines an
// adjacent-line prefetcher fetches together, whatever the alignment of the
// buffer. Workers writing scratch that shares a line at the same time
// bounce it between their cores (false sharing): the int8 depthwise
// kernel's per-row tap offsets, 72 bytes per worker side by side, made it
// scale 1.2x on 2 threads.
type scratch[T any] struct {
	buf     []T
	n, span int
}

// newScratch allocates the scratch of workers workers (at least 1).
func newScratch[T any](workers, n int) scratch[T] {
	var z T
	es := int(unsafe.Sizeof(z))
	bytes := (n*es+127)/128*128 + 128
	span := (bytes + es - 1) / es
	return scratch[T]{buf: make([]T, max(workers, 1)*span), n: n, span: span}
}

// of returns worker w's scratch.
func (s scratch[T]) of(w int) []T { return s.buf[w*s.span:][:s.n] }

// RowParts implements RowSplitter: part p is output row p (batch x
// height).
func (k *Conv2D) RowParts() {}

// RowParts implements RowSplitter: part p is output row p (batch x
// height).
func (k *DepthwiseConv2D) RowParts() {}

// RowParts implements RowSplitter: part p is output row p (batch x
// height).
func (k *ResizeBilinear) RowParts() {}

// RowParts implements RowSplitter: part p is input row p, whose products
// tile KH whole output rows (the direct form; the other forms are one
// part).
func (k *TransposeConv) RowParts() {}

// RowParts implements RowSplitter (as TransposeConv).
func (k *Conv2DTransposeBias) RowParts() {}
