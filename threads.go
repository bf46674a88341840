package octet

import (
	"runtime"
	"sync"

	"github.com/octet-ml/octet/ops"
	"github.com/octet-ml/octet/tensor"
)

// Threads makes Invoke split large ops across n goroutines (the calling one
// and n-1 workers the interpreter keeps). Ops whose kernels implement
// ops.Splitter are split by output rows; the others run on the calling
// goroutine. Results are identical to a single thread's, and Invoke still
// does not allocate. Call Close to stop the workers early; otherwise they
// stop when the interpreter is garbage collected.
func Threads(n int) Option { return func(c *config) { c.threads = max(n, 1) } }

// minSplitWork is the least work, in multiply-accumulates or output bytes,
// for which an op is split across threads.
const minSplitWork = 1 << 16

type pool struct {
	jobs chan job
	wg   sync.WaitGroup
	errs []error // per worker
	once sync.Once
}

type job struct {
	s       ops.Splitter
	in, out []*tensor.Tensor
	lo, hi  int
	w       int
	p       *pool
}

func newPool(n int) *pool {
	p := &pool{jobs: make(chan job, n), errs: make([]error, n)}
	for w := 1; w < n; w++ {
		go p.work()
	}
	return p
}

func (p *pool) work() {
	for j := range p.jobs {
		p.errs[j.w] = j.s.EvalParts(j.in, j.out, j.lo, j.hi, j.w)
		p.wg.Done()
	}
}

func (p *pool) close() { p.once.Do(func() { close(p.jobs) }) }

// run evaluates parts [0, parts) of s on n goroutines: chunk 0 on the
// caller, the others on workers.
func (p *pool) run(s ops.Splitter, in, out []*tensor.Tensor, parts, n int) error {
	chunk := (parts + n - 1) / n
	for w := 1; w < n; w++ {
		lo := w * chunk
		if lo >= parts {
			break
		}
		p.errs[w] = nil
		p.wg.Add(1)
		p.jobs <- job{s: s, in: in, out: out, lo: lo, hi: min(parts, lo+chunk), w: w, p: p}
	}
	err := s.EvalParts(in, out, 0, min(chunk, parts), 0)
	p.wg.Wait()
	if err != nil {
		return err
	}
	for _, e := range p.errs[1:] {
		if e != nil {
			return e
		}
	}
	return nil
}

// startPool starts the workers for cfg.threads > 1.
func (it *Interpreter) startPool() {
	if it.cfg.threads <= 1 || it.pool != nil {
		return
	}
	it.pool = newPool(it.cfg.threads)
	// The workers reference only the pool, so the interpreter can be
	// collected; stop them then.
	runtime.SetFinalizer(it, func(it *Interpreter) { it.pool.close() })
}

// Close stops the interpreter's worker goroutines (see Threads). The
// interpreter must not be used afterwards.
func (it *Interpreter) Close() {
	if it.pool != nil {
		it.pool.close()
	}
}

// planSplit decides, after Prepare, whether node n runs split.
func (it *Interpreter) planSplit(n *node) {
	n.splitter, n.parts = nil, 0
	s, ok := n.kernel.(ops.Splitter)
	if !ok || it.cfg.threads <= 1 {
		return
	}
	parts := s.Parts()
	work := macs(n.op.name, n.in, n.out)
	if len(n.out) > 0 {
		work = max(work, int64(n.out[0].ByteSize()))
	}
	if parts < 2 || work < minSplitWork {
		return
	}
	n.splitter, n.parts = s, parts
}

// eval runs one node, split across the pool when planned.
func (it *Interpreter) eval(n *node) error {
	if n.splitter != nil {
		return it.pool.run(n.splitter, n.in, n.out, n.parts, it.cfg.threads)
	}
	return n.kernel.Eval(n.in, n.out)
}
