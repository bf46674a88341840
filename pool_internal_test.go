package octet

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/octet-ml/octet/tensor"
)

// countParts is a Splitter that counts the parts it ran.
type countParts struct {
	parts int
	ran   atomic.Int64
}

func (c *countParts) SetWorkers(int)                     {}
func (c *countParts) Parts(in, out []*tensor.Tensor) int { return c.parts }
func (c *countParts) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	c.ran.Add(int64(hi - lo))
	return nil
}

// TestPoolRunsEveryPart runs jobs of 1 to 9 parts on pools of 2 and 3
// goroutines, with parked workers in between (woken by wake or by the
// job itself): every part runs exactly once per job.
func TestPoolRunsEveryPart(t *testing.T) {
	for _, n := range []int{2, 3} {
		p := newPool(n)
		for parts := 1; parts <= 9; parts++ {
			c := &countParts{parts: parts}
			for i := range 50 {
				if i%10 == 0 {
					p.wake()
				}
				if err := p.run(c, nil, nil, parts); err != nil {
					t.Fatal(err)
				}
			}
			if got := c.ran.Load(); got != int64(50*parts) {
				t.Fatalf("%d goroutines, %d parts: %d parts ran in 50 jobs", n, parts, got)
			}
		}
		p.close()
	}
}

// BenchmarkPoolHandoff times one job of 2 empty parts on 2 goroutines: the
// cost of handing an op to the worker and waiting for it.
func BenchmarkPoolHandoff(b *testing.B) {
	p := newPool(2)
	defer p.close()
	c := &countParts{parts: 2}
	b.ReportAllocs()
	for b.Loop() {
		p.run(c, nil, nil, 2)
	}
}

// slowParts is a Splitter whose worker 1 is slow: its parts get stolen.
type slowParts struct {
	ran []atomic.Int32
	by  [2]atomic.Int64
}

func (c *slowParts) SetWorkers(int)                     {}
func (c *slowParts) Parts(in, out []*tensor.Tensor) int { return len(c.ran) }
func (c *slowParts) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	for i := lo; i < hi; i++ {
		c.ran[i].Add(1)
	}
	c.by[w].Add(int64(hi - lo))
	if w == 1 {
		time.Sleep(2 * time.Millisecond)
	}
	return nil
}

// TestPoolSteals gives worker 1 parts that each take 2 ms: the caller
// steals most of its share, and every part still runs exactly once.
func TestPoolSteals(t *testing.T) {
	p := newPool(2)
	defer p.close()
	c := &slowParts{ran: make([]atomic.Int32, 64)}
	if err := p.run(c, nil, nil, 64); err != nil {
		t.Fatal(err)
	}
	for i := range c.ran {
		if n := c.ran[i].Load(); n != 1 {
			t.Fatalf("part %d ran %d times", i, n)
		}
	}
	if c.by[0].Load() <= 32 {
		t.Errorf("the caller ran %d of 64 parts: it did not steal from the slow worker", c.by[0].Load())
	}
}

// errParts fails on one part.
type errParts struct{ bad int }

func (c *errParts) SetWorkers(int)                     {}
func (c *errParts) Parts(in, out []*tensor.Tensor) int { return 16 }
func (c *errParts) EvalParts(in, out []*tensor.Tensor, lo, hi, w int) error {
	if c.bad >= lo && c.bad < hi {
		return errors.New("part failed")
	}
	return nil
}

// TestPoolError returns a part's error whoever runs it, and clears it for
// the next job.
func TestPoolError(t *testing.T) {
	p := newPool(2)
	defer p.close()
	for bad := range 16 {
		if err := p.run(&errParts{bad: bad}, nil, nil, 16); err == nil {
			t.Fatalf("part %d's error lost", bad)
		}
		if err := p.run(&errParts{bad: -1}, nil, nil, 16); err != nil {
			t.Fatalf("after part %d's error: %v", bad, err)
		}
	}
}

// TestChainsPlanned checks the chains of the selfie models on 2 threads:
// each starts at a split RowSplitter and continues with pointwise ops
// reading the previous output, none is planned without threads or with
// profiling, and the arena keeps every tensor of a chain apart from the
// others of the same chain.
func TestChainsPlanned(t *testing.T) {
	for _, path := range []string{"models/portrait/model/selfie_segmentation.tflite", "models/portrait/model/selfie_segmentation_int8.tflite"} {
		m, err := LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range [][]Option{{Threads(1)}, {Threads(2), WithProfiling()}} {
			it, err := NewInterpreter(m, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if err := it.Prepare(); err != nil {
				t.Fatal(err)
			}
			for _, n := range it.run {
				if n.chain != nil || n.chained {
					t.Fatalf("%s: chain planned with %d threads, profiling %v", path, it.cfg.threads, it.cfg.profile)
				}
			}
		}
		it, err := NewInterpreter(m, Threads(2))
		if err != nil {
			t.Fatal(err)
		}
		if err := it.Prepare(); err != nil {
			t.Fatal(err)
		}
		chains, links := 0, 0
		for _, n := range it.run {
			c := n.chain
			if c == nil {
				continue
			}
			chains++
			links += len(c.nodes) - 1
			if c.nodes[0] != n || n.splitter == nil {
				t.Fatalf("%s: chain of op %d does not start at a split node", path, n.op.index)
			}
			var ts []*tensor.Tensor
			for k, cn := range c.nodes {
				if k > 0 && (!cn.chained || cn.in[0] != c.nodes[k-1].out[0] && (len(cn.in) < 2 || cn.in[1] != c.nodes[k-1].out[0])) {
					t.Fatalf("%s: op %d in the chain of op %d does not read the previous output", path, cn.op.index, n.op.index)
				}
				ts = append(ts, cn.in...)
				ts = append(ts, cn.out...)
			}
			for a, x := range ts {
				for _, y := range ts[a+1:] {
					if x == nil || y == nil || x == y || x.Const || y.Const || len(x.Data) == 0 || len(y.Data) == 0 {
						continue
					}
					if &x.Data[0] == &y.Data[0] || overlaps(x.Data, y.Data) {
						t.Fatalf("%s: tensors %s and %s of the chain of op %d share arena bytes", path, x.Name, y.Name, n.op.index)
					}
				}
			}
		}
		t.Logf("%s: %d chains, %d ops chained", path, chains, links)
		if chains < 10 {
			t.Errorf("%s: only %d chains", path, chains)
		}
	}
}

// overlaps reports whether two byte slices share memory.
func overlaps(a, b []byte) bool {
	pa, pb := uintptr(unsafe.Pointer(&a[0])), uintptr(unsafe.Pointer(&b[0]))
	return pa < pb+uintptr(len(b)) && pb < pa+uintptr(len(a))
}
