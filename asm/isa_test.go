package asm

import (
	"runtime"
	"testing"
)

func TestParseISA(t *testing.T) {
	for i, n := range isaNames {
		got, err := ParseISA(n)
		if err != nil || got != ISA(i) || got.String() != n {
			t.Errorf("ParseISA(%q) = %v, %v", n, got, err)
		}
	}
	if _, err := ParseISA("AVX2"); err != nil {
		t.Error("names are case-insensitive")
	}
	if _, err := ParseISA("sse9"); err == nil {
		t.Error("unknown name accepted")
	}
}

func TestSupports(t *testing.T) {
	for _, c := range []struct {
		have, want ISA
		ok         bool
	}{
		{AVX512, AVX2, true}, {AVX512, Generic, true}, {AVX2, AVX512, false}, {AVX2, NEON, false},
		{DotProd, NEON, true}, {NEON, DotProd, false}, {NEON, AVX2, false}, {Generic, AVX2, false}, {Generic, Generic, true},
	} {
		if got := Supports(c.have, c.want); got != c.ok {
			t.Errorf("Supports(%v, %v) = %v", c.have, c.want, got)
		}
	}
}

func TestSelect(t *testing.T) {
	if got := selectISA("", AVX512); got != AVX512 {
		t.Errorf("no override: %v", got)
	}
	if got := selectISA("avx2", AVX512); got != AVX2 {
		t.Errorf("lowered: %v", got)
	}
	if got := selectISA("generic", DotProd); got != Generic {
		t.Errorf("generic: %v", got)
	}
	// Asking for more than the CPU has, or for another architecture, is ignored.
	if got := selectISA("avx512", AVX2); got != AVX2 {
		t.Errorf("raised: %v", got)
	}
	if got := selectISA("neon", AVX2); got != AVX2 {
		t.Errorf("other arch: %v", got)
	}
}

func TestDetected(t *testing.T) {
	switch runtime.GOARCH {
	case "amd64":
		if Detected != Generic && Detected != AVX2 && Detected != AVX512 && !isPurego {
			t.Errorf("amd64 detected %v", Detected)
		}
	case "arm64":
		if Detected != NEON && Detected != DotProd && !isPurego {
			t.Errorf("arm64 detected %v", Detected)
		}
	}
	if isPurego && Detected != Generic {
		t.Errorf("purego build detected %v", Detected)
	}
	t.Logf("detected %v, selected %v", Detected, Selected)
}

func TestImplsOfBestOf(t *testing.T) {
	type impl struct {
		name string
		isa  ISA
	}
	level := func(i impl) ISA { return i.isa }
	gen := impl{"generic", Generic}
	arch := []impl{{"a", AVX2}, {"b", AVX512}, {"n", NEON}, {"d", DotProd}}
	all := ImplsOf(gen, arch, level)
	if all[0] != gen {
		t.Fatalf("generic not first: %v", all)
	}
	for _, im := range all[1:] {
		if !Supports(Detected, im.isa) {
			t.Errorf("%s listed but %v cannot run %v", im.name, Detected, im.isa)
		}
	}
	if len(all) != 1+map[ISA]int{Generic: 0, AVX2: 1, AVX512: 2, NEON: 1, DotProd: 2}[Detected] {
		t.Errorf("detected %v: %d implementations %v", Detected, len(all), all)
	}
	if b := BestOf(gen, arch, level); b.isa != Selected {
		t.Errorf("selected %v: best %v", Selected, b)
	}
}
