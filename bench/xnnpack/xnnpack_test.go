//go:build xnnpack && cgo

package xnnpack

import (
	"fmt"
	"testing"
)

// diff compares octet's output with XNNPACK's and describes the first
// mismatches.
func diff(t *testing.T, name string, shape fmt.Stringer, got, want []int8, c int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: octet has %d outputs, XNNPACK %d", name, len(got), len(want))
	}
	bad, maxd := 0, 0
	for i := range got {
		if got[i] != want[i] {
			if bad < 5 {
				t.Errorf("%s: output %d (pixel %d, channel %d): octet %d, XNNPACK %d", name, i, i/c, i%c, got[i], want[i])
			}
			bad++
			maxd = max(maxd, abs(int(got[i])-int(want[i])))
		}
	}
	if bad > 0 {
		t.Errorf("%s %v: %d of %d outputs differ (max |diff| %d)", name, shape, bad, len(got), maxd)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// spread returns the fraction of outputs at the clamp bounds, to show that
// the scales exercise the requantization rather than saturate.
func spread(v []int8, lo, hi int8) float64 {
	n := 0
	for _, x := range v {
		if x == lo || x == hi {
			n++
		}
	}
	return float64(n) / float64(len(v))
}

// TestConvMatchesXNNPACK is an independent oracle: octet's int8
// convolutions in their default (XNNPACK-compatible) mode must equal native
// XNNPACK's outputs bit for bit.
func TestConvMatchesXNNPACK(t *testing.T) {
	for _, s := range OracleConvs {
		t.Run(s.Name, func(t *testing.T) {
			c, err := NewConvCase(s)
			if err != nil {
				t.Fatal(err)
			}
			x, err := NewConv(c)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if err := c.Eval(); err != nil {
				t.Fatal(err)
			}
			if err := x.Run(); err != nil {
				t.Fatal(err)
			}
			diff(t, s.Name, c.Out.Shape, c.Out.I8(), x.Output(), s.OutC)
			t.Logf("%v -> %v, %d weight scales, clamp [%d, %d], %.1f%% of outputs at the clamp",
				c.In[0].Shape, c.Out.Shape, len(c.WScales), c.OutMin, c.OutMax, 100*spread(c.Out.I8(), c.OutMin, c.OutMax))
		})
	}
}

// TestResizeMatchesXNNPACK does the same for the int8 bilinear resize.
func TestResizeMatchesXNNPACK(t *testing.T) {
	for _, s := range OracleResizes {
		t.Run(s.Name, func(t *testing.T) {
			c, err := NewResizeCase(s)
			if err != nil {
				t.Fatal(err)
			}
			x, err := NewResize(c)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if err := c.Eval(); err != nil {
				t.Fatal(err)
			}
			if err := x.Run(); err != nil {
				t.Fatal(err)
			}
			diff(t, s.Name, c.Out.Shape, c.Out.I8(), x.Output(), s.C)
		})
	}
}

// benchPair times octet's kernel and XNNPACK's operator on the same case,
// as sub-benchmarks octet and xnnpack (benchstat-friendly names).
func benchPair(b *testing.B, octet func() error, xnn *Op, macs int64) {
	run := func(b *testing.B, f func() error) {
		if err := f(); err != nil { // warm up and check
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
		if macs > 0 {
			b.ReportMetric(float64(macs)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
		}
	}
	b.Run("octet", func(b *testing.B) { run(b, octet) })
	b.Run("xnnpack", func(b *testing.B) { run(b, xnn.Run) })
}

func benchConv(b *testing.B, s ConvSpec) {
	c, err := NewConvCase(s)
	if err != nil {
		b.Fatal(err)
	}
	x, err := NewConv(c)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	benchPair(b, c.Eval, x, c.MACs())
}

func BenchmarkDWConv3x3(b *testing.B) { benchConv(b, DWConv3x3) }

func BenchmarkConv1x1(b *testing.B) { benchConv(b, Conv1x1) }

func BenchmarkResizeBilinear2x(b *testing.B) {
	c, err := NewResizeCase(Resize2x)
	if err != nil {
		b.Fatal(err)
	}
	x, err := NewResize(c)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	benchPair(b, c.Eval, x, 0)
}
