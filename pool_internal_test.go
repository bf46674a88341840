package octet

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

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
				if err := p.run(c, nil, nil, parts, n); err != nil {
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
		p.run(c, nil, nil, 2, 2)
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
	if err := p.run(c, nil, nil, 64, 2); err != nil {
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
		if err := p.run(&errParts{bad: bad}, nil, nil, 16, 2); err == nil {
			t.Fatalf("part %d's error lost", bad)
		}
		if err := p.run(&errParts{bad: -1}, nil, nil, 16, 2); err != nil {
			t.Fatalf("after part %d's error: %v", bad, err)
		}
	}
}
