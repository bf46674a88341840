// Package bench measures inference latency and allocations.
package bench

import (
	"fmt"
	"runtime"
	"slices"
	"time"
)

// Result summarises repeated runs of one function.
type Result struct {
	Runs                   int
	Min, Median, P90, P99  time.Duration
	Mean                   time.Duration
	AllocsPerRun           float64 // heap allocations per run, averaged
	Mallocs                uint64  // heap allocations over all timed runs
	BytesPerRun            float64 // heap bytes allocated per run, averaged
	HeapInuse, HeapSysPeak uint64  // heap in use after the runs; largest heap reserved
}

// Run calls f warmup times untimed, then runs times timed, and returns the
// latency distribution and allocation counts. It stops at the first error.
func Run(f func() error, warmup, runs int) (Result, error) {
	if runs < 1 {
		return Result{}, fmt.Errorf("bench: runs must be at least 1, got %d", runs)
	}
	for i := 0; i < warmup; i++ {
		if err := f(); err != nil {
			return Result{}, err
		}
	}
	times := make([]time.Duration, runs)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range times {
		t0 := time.Now()
		if err := f(); err != nil {
			return Result{}, err
		}
		times[i] = time.Since(t0)
	}
	runtime.ReadMemStats(&after)
	r := Summarize(times)
	r.Mallocs = after.Mallocs - before.Mallocs
	r.AllocsPerRun = float64(r.Mallocs) / float64(runs)
	r.BytesPerRun = float64(after.TotalAlloc-before.TotalAlloc) / float64(runs)
	r.HeapInuse = after.HeapInuse
	r.HeapSysPeak = max(before.HeapSys, after.HeapSys)
	return r, nil
}

// Summarize computes the latency statistics of times (which it sorts).
// Percentiles use the nearest-rank method.
func Summarize(times []time.Duration) Result {
	r := Result{Runs: len(times)}
	if len(times) == 0 {
		return r
	}
	slices.Sort(times)
	var sum time.Duration
	for _, t := range times {
		sum += t
	}
	r.Min = times[0]
	r.Mean = sum / time.Duration(len(times))
	r.Median = rank(times, 50)
	r.P90 = rank(times, 90)
	r.P99 = rank(times, 99)
	return r
}

// rank returns the nearest-rank p-th percentile of sorted times.
func rank(sorted []time.Duration, p int) time.Duration {
	k := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	return sorted[max(k, 1)-1]
}

// MachineLine is the one-line summary other tools parse:
// median_ms=<float> p90_ms=<float> allocs_per_run=<int>. As with
// testing.AllocsPerRun, allocations per run are the total divided by the
// number of runs, rounded down.
func (r Result) MachineLine() string {
	return fmt.Sprintf("median_ms=%.3f p90_ms=%.3f allocs_per_run=%d",
		ms(r.Median), ms(r.P90), r.Mallocs/uint64(max(r.Runs, 1)))
}

// String is a human-readable summary.
func (r Result) String() string {
	return fmt.Sprintf("runs=%d min=%.3fms median=%.3fms p90=%.3fms p99=%.3fms mean=%.3fms allocs/run=%.1f bytes/run=%.0f heap_inuse=%.1fMB",
		r.Runs, ms(r.Min), ms(r.Median), ms(r.P90), ms(r.P99), ms(r.Mean), r.AllocsPerRun, r.BytesPerRun, float64(r.HeapInuse)/1e6)
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
