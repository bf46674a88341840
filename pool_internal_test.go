package octet

import (
	"sync/atomic"
	"testing"

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
