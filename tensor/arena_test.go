package tensor

import (
	"math/rand/v2"
	"testing"
)

func checkPlan(t *testing.T, bufs []Lifetime, offsets []int, total int) {
	t.Helper()
	for i, a := range bufs {
		if offsets[i]%Alignment != 0 {
			t.Fatalf("buffer %d at unaligned offset %d", i, offsets[i])
		}
		if offsets[i]+a.Size > total {
			t.Fatalf("buffer %d [%d,%d) exceeds total %d", i, offsets[i], offsets[i]+a.Size, total)
		}
		for j := i + 1; j < len(bufs); j++ {
			b := bufs[j]
			timeOverlap := a.First <= b.Last && b.First <= a.Last
			memOverlap := offsets[i] < offsets[j]+b.Size && offsets[j] < offsets[i]+a.Size
			if timeOverlap && memOverlap && a.Size > 0 && b.Size > 0 {
				t.Fatalf("buffers %d %+v@%d and %d %+v@%d overlap in time and memory", i, a, offsets[i], j, b, offsets[j])
			}
		}
	}
}

func TestPlanArenaChain(t *testing.T) {
	// A chain a -> b -> c -> d: each buffer lives two steps, so a and c can
	// share memory, as can b and d. Sizes are multiples of Alignment.
	bufs := []Lifetime{
		{Size: 1024, First: 0, Last: 1},
		{Size: 1024, First: 1, Last: 2},
		{Size: 1024, First: 2, Last: 3},
		{Size: 1024, First: 3, Last: 4},
	}
	offsets, total := PlanArena(bufs)
	checkPlan(t, bufs, offsets, total)
	if total != 2048 {
		t.Errorf("total = %d, want 2048 (two buffers live at a time)", total)
	}
}

func TestPlanArenaRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.IntN(40)
		bufs := make([]Lifetime, n)
		steps := 1 + r.IntN(30)
		for i := range bufs {
			f := r.IntN(steps)
			bufs[i] = Lifetime{Size: r.IntN(5000), First: f, Last: f + r.IntN(steps-f+1)}
		}
		offsets, total := PlanArena(bufs)
		checkPlan(t, bufs, offsets, total)
		// The arena is never larger than giving every buffer its own slot,
		// and never smaller than the peak of live bytes.
		sum := 0
		for _, b := range bufs {
			sum += alignUp(b.Size)
		}
		if total > sum {
			t.Fatalf("total %d > sum of sizes %d", total, sum)
		}
		for s := 0; s <= steps; s++ {
			live := 0
			for _, b := range bufs {
				if b.First <= s && s <= b.Last {
					live += b.Size
				}
			}
			if total < live {
				t.Fatalf("total %d < live bytes %d at step %d", total, live, s)
			}
		}
	}
}

func TestAlignedBytes(t *testing.T) {
	for n := 0; n < 300; n += 7 {
		b := AlignedBytes(n)
		if len(b) != n || cap(b) != n {
			t.Fatalf("AlignedBytes(%d): len %d cap %d", n, len(b), cap(b))
		}
		if n > 0 && uintptrOf(b)%Alignment != 0 {
			t.Fatalf("AlignedBytes(%d) not aligned", n)
		}
	}
}
