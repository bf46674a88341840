package asm

// ImplsOf returns the implementations of a kernel family that this CPU
// and build can run: generic first, then each variant in arch whose level
// (given by level) the detected ISA supports, whatever OCTET_ISA says, so
// that tests compare them all.
func ImplsOf[T any](generic T, arch []T, level func(T) ISA) []T {
	out := []T{generic}
	for _, im := range arch {
		if Supports(Detected, level(im)) {
			out = append(out, im)
		}
	}
	return out
}

// BestOf returns the variant in arch of the highest level that Selected
// allows (the last of equal levels), or generic.
func BestOf[T any](generic T, arch []T, level func(T) ISA) T {
	best := generic
	for _, im := range arch {
		if Supports(Selected, level(im)) && level(im) >= level(best) {
			best = im
		}
	}
	return best
}
