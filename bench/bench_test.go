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

// TestCompare compares a function that sleeps 2 ms with one that sleeps
// 1 ms: every round's ratio is about 2, and the results count every run.
func TestCompare(t *testing.T) {
	slow := func() error { time.Sleep(2 * time.Millisecond); return nil }
	fast := func() error { time.Sleep(time.Millisecond); return nil }
	c, err := Compare(slow, fast, 1, 5, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Ratios) != 5 || c.A.Runs != 20 || c.B.Runs != 20 {
		t.Fatalf("%d ratios, %d and %d runs", len(c.Ratios), c.A.Runs, c.B.Runs)
	}
	if r := c.Ratio(); r < 1.3 || r > 2.5 {
		t.Errorf("ratio %.2f for 2 ms against 1 ms", r)
	}
	if c.Quantile(25) > c.Ratio() || c.Ratio() > c.Quantile(75) {
		t.Errorf("quantiles out of order: %v", c.Ratios)
	}
	if _, err := Compare(slow, fast, 0, 0, 1); err == nil {
		t.Error("0 rounds accepted")
	}
	boom := errors.New("boom")
	if _, err := Compare(slow, func() error { return boom }, 0, 1, 1); !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
}

// TestCeiling runs the parallel ceiling briefly: it reports a speed-up
// near n on an idle machine, and never fails on a slow one.
func TestCeiling(t *testing.T) {
	c, err := Ceiling(2, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Ratios) != 2 || !(c.Ratio() > 0) {
		t.Fatalf("ratios %v", c.Ratios)
	}
	t.Logf("2 goroutines: %.2fx", c.Ratio())
}
