package tensor

import "sort"

// Lifetime is one buffer to place in an arena: Size bytes, live from the op
// at index First to the op at index Last, inclusive.
type Lifetime struct {
	Size        int
	First, Last int
}

// PlanArena assigns each buffer an offset in one shared arena so that buffers
// whose lifetimes overlap never overlap in memory, and returns the offsets and
// the arena size. Every offset is a multiple of Alignment.
//
// It is TFLite's greedy-by-size strategy: buffers are placed largest first, each
// at the lowest offset where it fits between buffers already placed whose
// lifetimes intersect its own.
func PlanArena(bufs []Lifetime) (offsets []int, total int) {
	order := make([]int, len(bufs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return bufs[order[a]].Size > bufs[order[b]].Size
	})
	offsets = make([]int, len(bufs))
	type span struct{ off, end int }
	var placed []int // indices into bufs, kept sorted by offset
	var live []span
	for _, i := range order {
		b := bufs[i]
		size := alignUp(b.Size)
		live = live[:0]
		for _, j := range placed {
			o := bufs[j]
			if o.First <= b.Last && b.First <= o.Last {
				live = append(live, span{offsets[j], offsets[j] + alignUp(o.Size)})
			}
		}
		// live is sorted by offset because placed is.
		off := 0
		for _, s := range live {
			if off+size <= s.off {
				break
			}
			if s.end > off {
				off = s.end
			}
		}
		offsets[i] = off
		if off+size > total {
			total = off + size
		}
		k := sort.Search(len(placed), func(k int) bool { return offsets[placed[k]] > off })
		placed = append(placed, 0)
		copy(placed[k+1:], placed[k:])
		placed[k] = i
	}
	return offsets, total
}

func alignUp(n int) int {
	if n <= 0 {
		return Alignment // zero-sized buffers still get a distinct slot
	}
	return (n + Alignment - 1) &^ (Alignment - 1)
}
