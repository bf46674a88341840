package bench

import (
	"errors"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	// 1..100 ms: nearest-rank median is the 50th value, p90 the 90th, p99 the 99th.
	var ts []time.Duration
	for i := 100; i >= 1; i-- {
		ts = append(ts, time.Duration(i)*time.Millisecond)
	}
	r := Summarize(ts)
	if r.Min != time.Millisecond || r.Median != 50*time.Millisecond || r.P90 != 90*time.Millisecond || r.P99 != 99*time.Millisecond {
		t.Fatalf("%+v", r)
	}
	if r.Mean != 50500*time.Microsecond {
		t.Errorf("mean %v", r.Mean)
	}
	one := Summarize([]time.Duration{3})
	if one.Median != 3 || one.P99 != 3 {
		t.Errorf("single: %+v", one)
	}
}

var sink []byte

func TestRunCountsAllocs(t *testing.T) {
	r, err := Run(func() error { sink = make([]byte, 1<<10); return nil }, 2, 50)
	if r.Mallocs/50 != 1 {
		t.Errorf("machine line allocs %d, want 1", r.Mallocs/50)
	}
	if err != nil {
		t.Fatal(err)
	}
	// The counts cover the whole process, so another goroutine's occasional
	// allocation may add a fraction; whole allocations per run may not.
	if r.AllocsPerRun < 1 || r.AllocsPerRun >= 2 {
		t.Errorf("AllocsPerRun = %v, want 1 (plus background noise)", r.AllocsPerRun)
	}
	r, _ = Run(func() error { return nil }, 0, 200)
	if r.Mallocs/200 != 0 {
		t.Errorf("a no-op allocates %d times per run", r.Mallocs/200)
	}
	if got := (Result{Runs: 4, Median: 1500 * time.Microsecond, P90: 2 * time.Millisecond, Mallocs: 3}).MachineLine(); got != "median_ms=1.500 p90_ms=2.000 allocs_per_run=0" {
		t.Errorf("MachineLine = %q", got)
	}
	boom := errors.New("boom")
	if _, err := Run(func() error { return boom }, 0, 3); !errors.Is(err, boom) {
		t.Errorf("error not returned: %v", err)
	}
}
