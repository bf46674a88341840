package bench

import (
	"fmt"
	"slices"
	"time"
)

// Comparison is the outcome of Compare: the latency of a and b over all
// their runs, and the per-round ratios of a's median to b's (b's speed-up
// when b is the faster).
type Comparison struct {
	A, B   Result
	Ratios []float64 // sorted
}

// Ratio returns the median of the per-round ratios.
func (c Comparison) Ratio() float64 { return c.Quantile(50) }

// Quantile returns the p-th percentile (nearest rank) of the per-round
// ratios.
func (c Comparison) Quantile(p int) float64 {
	if len(c.Ratios) == 0 {
		return 0
	}
	k := (p*len(c.Ratios) + 99) / 100
	return c.Ratios[max(k, 1)-1]
}

// Compare times two functions in alternating rounds of runs calls each (a
// first), after warmup untimed calls of each, so that both meet the same
// machine: on a shared or virtual machine the speed of a core drifts over
// seconds, which separate measurements of a and b would read as a
// difference between them. Each round's median of a over its median of b
// is one ratio.
func Compare(a, b func() error, warmup, rounds, runs int) (Comparison, error) {
	if rounds < 1 || runs < 1 {
		return Comparison{}, fmt.Errorf("bench: rounds and runs must be at least 1, got %d and %d", rounds, runs)
	}
	for range warmup {
		if err := a(); err != nil {
			return Comparison{}, err
		}
		if err := b(); err != nil {
			return Comparison{}, err
		}
	}
	all := [2][]time.Duration{make([]time.Duration, 0, rounds*runs), make([]time.Duration, 0, rounds*runs)}
	round := make([]time.Duration, runs)
	var c Comparison
	for range rounds {
		var med [2]time.Duration
		for i, f := range []func() error{a, b} {
			for r := range round {
				t0 := time.Now()
				if err := f(); err != nil {
					return Comparison{}, err
				}
				round[r] = time.Since(t0)
			}
			all[i] = append(all[i], round...)
			med[i] = Summarize(round).Median
		}
		if med[1] > 0 {
			c.Ratios = append(c.Ratios, float64(med[0])/float64(med[1]))
		}
	}
	c.A, c.B = Summarize(all[0]), Summarize(all[1])
	slices.Sort(c.Ratios)
	return c, nil
}
