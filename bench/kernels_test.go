package bench_test

import (
	"testing"

	"github.com/octet-ml/octet/bench/xnnpack"
)

// Octet's side of the kernel comparison with XNNPACK, without cgo: the
// same cases (shapes, data, quantization) as bench/xnnpack, under the same
// benchmark names, so that
//
//	go test -run '^$' -bench . ./bench/
//	go test -tags xnnpack -run '^$' -bench . ./bench/xnnpack/
//
// give benchstat-comparable BenchmarkDWConv3x3/octet lines, and the second
// adds BenchmarkDWConv3x3/xnnpack. See docs/performance.md.

type kernelCase interface{ Eval() error }

func convCase(tb testing.TB, s xnnpack.ConvSpec) *xnnpack.ConvCase {
	c, err := xnnpack.NewConvCase(s)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func resizeCase(tb testing.TB, s xnnpack.ResizeSpec) *xnnpack.ResizeCase {
	c, err := xnnpack.NewResizeCase(s)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func benchOctet(b *testing.B, c kernelCase, macs int64) {
	b.Run("octet", func(b *testing.B) {
		if err := c.Eval(); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if err := c.Eval(); err != nil {
				b.Fatal(err)
			}
		}
		if macs > 0 {
			b.ReportMetric(float64(macs)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
		}
	})
}

func BenchmarkDWConv3x3(b *testing.B) {
	c := convCase(b, xnnpack.DWConv3x3)
	benchOctet(b, c, c.MACs())
}

func BenchmarkConv1x1(b *testing.B) {
	c := convCase(b, xnnpack.Conv1x1)
	benchOctet(b, c, c.MACs())
}

func BenchmarkResizeBilinear2x(b *testing.B) {
	benchOctet(b, resizeCase(b, xnnpack.Resize2x), 0)
}

// TestKernelCasesDoNotAllocate checks the benchmarked kernels keep the
// Kernel contract: Eval does not allocate.
func TestKernelCasesDoNotAllocate(t *testing.T) {
	cases := map[string]kernelCase{
		"DWConv3x3":        convCase(t, xnnpack.DWConv3x3),
		"Conv1x1":          convCase(t, xnnpack.Conv1x1),
		"ResizeBilinear2x": resizeCase(t, xnnpack.Resize2x),
	}
	for name, c := range cases {
		if err := c.Eval(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := testing.AllocsPerRun(2, func() { _ = c.Eval() }); n != 0 {
			t.Errorf("%s: Eval allocates %v times per run", name, n)
		}
	}
}
