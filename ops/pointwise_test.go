package ops

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet/quant"
	"github.com/octet-ml/octet/tensor"
)

// TestConvPointwise runs 1x1 convolutions (int8 with per-channel and
// per-tensor weights, both requantization modes, and float32; odd channel
// counts) by random ranges of whole output pixels, back to front with two
// workers' scratch, and compares the bytes with one Eval. Convolutions that
// are not 1x1 with stride 1 must report unit 0.
func TestConvPointwise(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	type conv struct {
		h, w, cin, cout, k, s int
	}
	for _, c := range []conv{{9, 11, 16, 72, 1, 1}, {7, 5, 3, 5, 1, 1}, {16, 16, 24, 17, 1, 1}, {8, 8, 4, 8, 3, 1}, {8, 8, 4, 8, 1, 2}} {
		for _, dt := range []tensor.DType{tensor.Int8, tensor.Float32} {
			for _, m := range []quant.Mode{quant.FloatRoundEven, quant.FixedPoint} {
				if dt == tensor.Float32 && m == quant.FixedPoint {
					continue
				}
				desc := fmt.Sprintf("%+v %v %v", c, dt, m)
				var in []*tensor.Tensor
				var o *tensor.Tensor
				if dt == tensor.Int8 {
					x := i8tRandAct(r, tensor.Shape{1, c.h, c.w, c.cin}, 0.05, -3)
					ws := make([]float32, c.cout)
					for i := range ws {
						ws[i] = 0.005 + 0.01*r.Float32()
					}
					f := i8tRandWeights(r, tensor.Shape{c.cout, c.k, c.k, c.cin}, 0, ws)
					bias := i8tBias(0.05, ws, make([]int32, c.cout)...)
					for i := range bias.I32() {
						bias.I32()[i] = int32(r.IntN(2001) - 1000)
					}
					in, o = []*tensor.Tensor{x, f, bias}, i8tOut(0.1, -5)
				} else {
					x := tensor.New(tensor.Float32, tensor.Shape{1, c.h, c.w, c.cin})
					f := tensor.New(tensor.Float32, tensor.Shape{c.cout, c.k, c.k, c.cin})
					bias := tensor.New(tensor.Float32, tensor.Shape{c.cout})
					for _, t := range []*tensor.Tensor{x, f, bias} {
						for i := range t.F32() {
							t.F32()[i] = float32(r.NormFloat64())
						}
					}
					f.Const, bias.Const = true, true
					in, o = []*tensor.Tensor{x, f, bias}, &tensor.Tensor{DType: tensor.Float32}
				}
				k := &Conv2D{Padding: PaddingSame, StrideH: c.s, StrideW: c.s, DilationH: 1, DilationW: 1, Activation: ActRelu6}
				k.SetRequantization(m)
				k.SetWorkers(2)
				if err := i8tPrepare(k, o, in...); err != nil {
					t.Fatalf("%s: %v", desc, err)
				}
				out := []*tensor.Tensor{o}
				if err := k.Eval(in, out); err != nil {
					t.Fatal(err)
				}
				want := bytes.Clone(o.Data)
				u := k.PointwiseUnit(in, out)
				if c.k != 1 || c.s != 1 {
					if u != 0 {
						t.Fatalf("%s: unit %d, want 0", desc, u)
					}
					continue
				}
				if dt == tensor.Float32 && k.gemm == nil {
					// The float64 reference loops (purego): no GEMM path.
					if u != 0 {
						t.Fatalf("%s: unit %d without a GEMM path", desc, u)
					}
					continue
				}
				if u != c.cout {
					t.Fatalf("%s: unit %d, want %d", desc, u, c.cout)
				}
				for i := range o.Data {
					o.Data[i] = 0x5a
				}
				n := o.Shape.NumElements()
				for b, w := n, 0; b > 0; w ^= 1 {
					a := max(0, b-u*(1+r.IntN(20)))
					if err := k.EvalElems(in, out, a, b, w); err != nil {
						t.Fatalf("%s: EvalElems(%d, %d): %v", desc, a, b, err)
					}
					b = a
				}
				if !bytes.Equal(o.Data, want) {
					t.Fatalf("%s: pixel ranges differ from Eval", desc)
				}
				if err := k.EvalElems(in, out, 1, u+1, 0); err == nil {
					t.Fatalf("%s: a range that splits a pixel accepted", desc)
				}
			}
		}
	}
}
