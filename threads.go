package octet

import (
	"fmt"
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
const minSplitWork = 1 << 14

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

// spinYield is how long an idle worker polls before it also yields to
// other goroutines between polls.
const spinYield = 100 * time.Microsecond

type pool struct {
	n    int
	gen  atomic.Uint64 // bumped for each job (and on close)
	kick atomic.Uint64 // bumped to wake parked workers without a job
	// active is the current job's generation << 16 | the number of workers
	// in it; 0 between jobs. A worker joins only the job it was woken
	// for, and run waits only for workers that joined: one the OS runs
	// late finds its job over (its parts stolen) and skips it.
	active atomic.Uint64
	// The current job, written by run before gen is bumped.
	s       ops.Splitter
	in, out []*tensor.Tensor
	shares  []share // per goroutine
	errs    []error // per worker
	closed  atomic.Bool

	mu       sync.Mutex
	cond     *sync.Cond
	sleeping atomic.Int32 // workers parked or about to park
	once     sync.Once
}

// share is one goroutine's range of a job's parts, [next, end). Its owner
// takes parts from the front, the other goroutines, once done with their
// own, steal from the back: a worker the OS (or a hypervisor) runs late
// does not hold up the op, and one that runs early helps. left counts the
// parts nobody has claimed yet and every claim takes its count from it
// first, so the front and the back never cross (pthreadpool's scheme).
type share struct {
	left atomic.Int64
	end  atomic.Int64
	next int64 // the owner's
	_    [40]byte
}

// claim takes half of the parts left in s (rounded up) and returns how
// many (0: none left): a few large runs first, then smaller ones that
// balance the end, in about log2(parts) calls (each call of a kernel has
// some cost of its own: a resize recomputes its first input rows).
func (s *share) claim() int64 {
	for {
		l := s.left.Load()
		if l <= 0 {
			return 0
		}
		t := (l + 1) / 2
		if s.left.CompareAndSwap(l, l-t) {
			return t
		}
	}
}

func newPool(n int) *pool {
	p := &pool{n: n, errs: make([]error, n), shares: make([]share, n)}
	p.cond = sync.NewCond(&p.mu)
	for w := 1; w < n; w++ {
		go p.work(w)
	}
	return p
}

// work is worker w's loop: wait for a new generation, join its job if it
// is not over, run its share and steal, leave.
func (p *pool) work(w int) {
	var seen uint64
	for {
		g := p.wait(seen)
		if p.closed.Load() {
			return
		}
		seen = g
		if p.join(g) {
			p.errs[w] = p.runShares(w)
			p.active.Add(^uint64(0)) // leave
		}
	}
}

// join enters job g, unless it is over.
func (p *pool) join(g uint64) bool {
	for {
		a := p.active.Load()
		if a>>16 != g {
			return false
		}
		if p.active.CompareAndSwap(a, a+1) {
			return true
		}
	}
}

// runShares runs goroutine w's share of the current job, then steals parts
// from the others' shares until none is left, and returns the first error.
func (p *pool) runShares(w int) error {
	var err error
	keep := func(e error) {
		if e != nil && err == nil {
			err = e
		}
	}
	own := &p.shares[w]
	for {
		t := own.claim()
		if t == 0 {
			break
		}
		lo := own.next
		own.next += t
		keep(p.s.EvalParts(p.in, p.out, int(lo), int(lo+t), w))
	}
	for v := 1; v < p.n; v++ {
		sh := &p.shares[(w+v)%p.n]
		for {
			t := sh.claim()
			if t == 0 {
				break
			}
			hi := sh.end.Add(-t) + t
			keep(p.s.EvalParts(p.in, p.out, int(hi-t), int(hi), w))
		}
	}
	return err
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
			if i&255 == 0 {
				// Yield only after a while: a yield goes through the
				// scheduler (about a microsecond), and the next op of a
				// model usually comes within tens of microseconds.
				d := time.Since(start)
				if d > spinTime {
					break
				}
				if d > spinYield {
					runtime.Gosched()
				}
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

// run evaluates parts [0, parts) of s on the pool's goroutines: share 0 (the first
// chunk of parts) on the caller, share w on worker w, each then stealing
// from the others' shares. The caller returns when every part has run.
func (p *pool) run(s ops.Splitter, in, out []*tensor.Tensor, parts int) error {
	p.s, p.in, p.out = s, in, out
	chunk := (parts + p.n - 1) / p.n
	for w := range p.shares {
		sh := &p.shares[w]
		lo := min(w*chunk, parts)
		hi := min(lo+chunk, parts)
		sh.next = int64(lo)
		sh.end.Store(int64(hi))
		sh.left.Store(int64(hi - lo))
		p.errs[w] = nil
	}
	p.active.Store((p.gen.Load() + 1) << 16) // the generation publish starts
	p.publish()
	err := p.runShares(0)
	// Every part is claimed now; wait for the workers still in the job,
	// then close it.
	for i := 0; ; i++ {
		if a := p.active.Load(); a&0xffff == 0 && p.active.CompareAndSwap(a, 0) {
			break
		}
		if i&1023 == 1023 {
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
		return it.pool.run(n.splitter, n.in, n.out, n.parts)
	}
	return n.kernel.Eval(n.in, n.out)
}

// A chain is a RowSplitter node followed by Pointwise nodes that each read
// the previous one's output position by position (elementwise ops, 1x1
// convolutions): each part of the chain runs the first node's part and
// then the others on the same positions (pixels) of their outputs, in one
// goroutine, so that the pool hands the chain over once (one barrier
// instead of one per node) and the rows are still in that core's cache.
// Profiled runs (WithProfiling) time the nodes one by one and do not chain.
type chain struct {
	nodes []*node         // the first node, then the pointwise ones
	pw    []ops.Pointwise // the kernels of nodes[1:]
	per   []int           // output elements per part of nodes[1:]
}

// SetWorkers implements ops.Splitter (the nodes have theirs).
func (c *chain) SetWorkers(int) {}

// Parts implements ops.Splitter: the first node's parts.
func (c *chain) Parts(in, out []*tensor.Tensor) int { return c.nodes[0].parts }

// EvalParts implements ops.Splitter: parts [lo, hi) of the first node,
// then the same positions of each later node.
func (c *chain) EvalParts(_, _ []*tensor.Tensor, lo, hi, w int) error {
	h := c.nodes[0]
	if err := h.splitter.EvalParts(h.in, h.out, lo, hi, w); err != nil {
		return fmt.Errorf("octet: op %d (%s): %w", h.op.index, h.op.name, err)
	}
	for i, n := range c.nodes[1:] {
		if err := c.pw[i].EvalElems(n.in, n.out, lo*c.per[i], hi*c.per[i], w); err != nil {
			return fmt.Errorf("octet: op %d (%s): %w", n.op.index, n.op.name, err)
		}
	}
	return nil
}

// lastDim is a shape's last dimension (1 for a scalar).
func lastDim(s tensor.Shape) int {
	if len(s) == 0 {
		return 1
	}
	return s[len(s)-1]
}

// planChains links, after Prepare, each split RowSplitter node with the
// Pointwise nodes that directly follow it and read its output (or the
// previous chained node's) as an input with their output's leading
// dimensions, their other inputs coming from before the chain.
func (it *Interpreter) planChains() {
	for _, n := range it.run {
		n.chain, n.chained = nil, false
	}
	if it.cfg.threads <= 1 || it.cfg.profile || it.cfg.observe != nil {
		return
	}
	for i := 0; i < len(it.run); i++ {
		h := it.run[i]
		if h.splitter == nil || h.parts < 2 || len(h.out) != 1 {
			continue
		}
		if _, ok := h.splitter.(ops.RowSplitter); !ok {
			continue
		}
		e, ch := h.out[0].Shape.NumElements(), lastDim(h.out[0].Shape)
		if e <= 0 || ch <= 0 || e%(h.parts*ch) != 0 {
			continue
		}
		pix := e / (h.parts * ch) // positions per part
		c := &chain{nodes: []*node{h}}
		produced := map[*tensor.Tensor]bool{h.out[0]: true}
		last := h.out[0]
		for j := i + 1; j < len(it.run); j++ {
			n := it.run[j]
			if !chainable(n, last, produced, pix) {
				break
			}
			c.nodes = append(c.nodes, n)
			c.pw = append(c.pw, n.kernel.(ops.Pointwise))
			c.per = append(c.per, pix*lastDim(n.out[0].Shape))
			produced[n.out[0]] = true
			last = n.out[0]
		}
		if len(c.nodes) < 2 {
			continue
		}
		h.chain = c
		for _, n := range c.nodes[1:] {
			n.chained = true
		}
		i += len(c.nodes) - 1
	}
}

// chainable reports whether node n can follow a chain whose last output is
// last, with pix positions per part.
func chainable(n *node, last *tensor.Tensor, produced map[*tensor.Tensor]bool, pix int) bool {
	p, ok := n.kernel.(ops.Pointwise)
	if !ok || len(n.out) != 1 || !sameLeading(n.out[0].Shape, last.Shape) {
		return false
	}
	reads := false
	for _, t := range n.in {
		switch {
		case t == nil:
		case t == last:
			reads = true
		case produced[t]:
			return false // an earlier node's output
		}
	}
	if !reads {
		return false
	}
	u := p.PointwiseUnit(n.in, n.out)
	return u > 0 && pix*lastDim(n.out[0].Shape)%u == 0
}

// sameLeading reports whether two shapes agree on all dimensions but the
// last.
func sameLeading(a, b tensor.Shape) bool {
	return len(a) == len(b) && len(a) > 0 && a[:len(a)-1].Equal(b[:len(b)-1])
}

// chainSpan returns the first and last steps of the chain the node at step
// belongs to.
func (it *Interpreter) chainSpan(step int) (int, int) {
	s0 := step
	for it.run[s0].chained {
		s0--
	}
	return s0, s0 + len(it.run[s0].chain.nodes) - 1
}
