package octet

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

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

// The pool hands work to its workers the way pthreadpool does for
// XNNPACK: a worker that finished a job spins on a generation counter for a
// while before it parks, so the many short ops of a model are handed over
// without a futex wake-up each (tens of microseconds in a VM), and a
// parked worker is woken through a condition variable. Invoke wakes parked
// workers as it starts (a kick), so that they are spinning by the time the
// first split op comes, after the unsplit ops before it (a model's input
// QUANTIZE, say): an app that runs a model once per camera frame finds its
// workers parked at every frame.

// spinTime bounds how long an idle worker polls for the next job before it
// parks: longer than the unsplit ops between two split ones, and than the
// gap between two Invokes of a benchmark loop.
const spinTime = 2 * time.Millisecond

type pool struct {
	n    int
	gen  atomic.Uint64 // bumped for each job (and on close)
	kick atomic.Uint64 // bumped to wake parked workers without a job
	done atomic.Int64  // parts finished of the current job
	// The current job, written by run before gen is bumped.
	s       ops.Splitter
	in, out []*tensor.Tensor
	parts   int
	chunk   int
	errs    []error // per worker
	closed  atomic.Bool

	mu       sync.Mutex
	cond     *sync.Cond
	sleeping atomic.Int32 // workers parked or about to park
	once     sync.Once
}

func newPool(n int) *pool {
	p := &pool{n: n, errs: make([]error, n)}
	p.cond = sync.NewCond(&p.mu)
	for w := 1; w < n; w++ {
		go p.work(w)
	}
	return p
}

// work is worker w's loop: wait for a new generation, run its chunk of the
// job, count it done.
func (p *pool) work(w int) {
	var seen uint64
	for {
		g := p.wait(seen)
		if p.closed.Load() {
			return
		}
		seen = g
		if lo := w * p.chunk; lo < p.parts {
			p.errs[w] = p.s.EvalParts(p.in, p.out, lo, min(p.parts, lo+p.chunk), w)
		}
		p.done.Add(1)
	}
}

// wait returns the first generation after seen: spinning first (for
// spinTime), then parked on the condition variable. A kick while parked
// sends the worker back to spinning.
func (p *pool) wait(seen uint64) uint64 {
	for {
		start := time.Now()
		for i := 1; ; i++ {
			if g := p.gen.Load(); g != seen {
				return g
			}
			if i&63 == 0 {
				if time.Since(start) > spinTime {
					break
				}
				runtime.Gosched()
			}
		}
		if g, ok := p.park(seen); ok {
			return g
		}
	}
}

// park blocks until a generation after seen (true) or a kick (false).
func (p *pool) park(seen uint64) (uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sleeping.Add(1)
	defer p.sleeping.Add(-1)
	k := p.kick.Load()
	for {
		// sleeping is raised before gen and kick are read here, and
		// publish and wake bump them before they read sleeping: one of
		// the two sides sees the other.
		if g := p.gen.Load(); g != seen {
			return g, true
		}
		if p.kick.Load() != k {
			return 0, false
		}
		p.cond.Wait()
	}
}

// wake starts parked workers spinning again, ahead of a job.
func (p *pool) wake() {
	if p.sleeping.Load() > 0 {
		p.kick.Add(1)
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	}
}

// publish starts a new generation and wakes parked workers.
func (p *pool) publish() {
	p.gen.Add(1)
	if p.sleeping.Load() > 0 {
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	}
}

func (p *pool) close() {
	p.once.Do(func() {
		p.closed.Store(true)
		p.publish()
	})
}

// run evaluates parts [0, parts) of s on n goroutines: chunk 0 on the
// caller, chunk w on worker w. Every worker takes part in every job (an
// empty chunk is only counted), so the caller waits for n-1 of them.
func (p *pool) run(s ops.Splitter, in, out []*tensor.Tensor, parts, n int) error {
	p.s, p.in, p.out, p.parts, p.chunk = s, in, out, parts, (parts+n-1)/n
	for w := range p.errs {
		p.errs[w] = nil
	}
	p.done.Store(0)
	p.publish()
	err := s.EvalParts(in, out, 0, min(p.chunk, parts), 0)
	for i := 0; p.done.Load() < int64(p.n-1); i++ {
		if i&63 == 63 {
			runtime.Gosched()
		}
	}
	p.s, p.in, p.out = nil, nil, nil
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
	parts := s.Parts(n.in, n.out)
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
