package bench

import (
	"sync"
	"time"

	"github.com/octet-ml/octet/asm/gemmi8"
)

// Ceiling measures how much faster this machine runs perfectly parallel
// work on n goroutines than on one: int8 GEMMs on cache-resident data
// (about 4 ms of them on one goroutine, calibrated first), whole on one
// goroutine against split in n equal shares, in alternating rounds
// (Compare). No inference engine splits better than this; a virtual
// machine whose cores are shared with other guests may give much less
// than n.
func Ceiling(n, rounds, runs int) (Comparison, error) {
	const m, cols, k = 64, 64, 256
	n = max(n, 1)
	a := make([]int8, m*k)
	b := make([]int8, cols*k)
	for i := range a {
		a[i] = int8(i * 7)
	}
	for i := range b {
		b[i] = int8(i * 13)
	}
	p := gemmi8.Best().Pack(b, cols, k, nil)
	c := make([][]int32, n)
	for i := range c {
		c[i] = make([]int32, m*cols)
	}
	work := func(w, count int) {
		for range count {
			p.Gemm(m, a, k, c[w], cols)
		}
	}
	// About 4 ms of work, at least 8 GEMMs per goroutine.
	t0 := time.Now()
	work(0, 8)
	per := time.Since(t0) / 8
	iters := 8 * n
	if per > 0 {
		iters = max(iters, int(4*time.Millisecond/per)/n*n)
	}
	one := func() error { work(0, iters); return nil }
	split := func() error {
		var wg sync.WaitGroup
		for w := 1; w < n; w++ {
			wg.Add(1)
			go func() { work(w, iters/n); wg.Done() }()
		}
		work(0, iters/n)
		wg.Wait()
		return nil
	}
	return Compare(one, split, 1, rounds, runs)
}
