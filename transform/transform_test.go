package transform_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
	"github.com/octet-ml/octet/transform"
)

func randVals(seed uint64, n int, lo, hi float32) []float32 {
	r := rand.New(rand.NewPCG(seed, 11))
	v := make([]float32, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float32()
	}
	return v
}

// atrousCase is the graph TensorFlow's with_space_to_batch makes for a
// dilated convolution (optionally followed by batchnorm as MUL and ADD).
type atrousCase struct {
	h, w, cin  int
	rate, k    int
	same       bool // the TensorFlow-level padding
	conv       bool // CONV_2D (else DEPTHWISE_CONV_2D)
	cout       int  // CONV_2D output channels, or depthwise cin*multiplier
	bn         bool
	act        tflite.ActivationFunctionType // on the ADD (with bn) or the convolution
	seed       uint64
	cropsExtra [2]int // added to crops and pad ends alike (keeps equivalence)
}

func (c atrousCase) name() string {
	op := "dw"
	if c.conv {
		op = "conv"
	}
	pad := "valid"
	if c.same {
		pad = "same"
	}
	return fmt.Sprintf("%s_%dx%dx%d_k%d_r%d_%s_bn%v_act%d", op, c.h, c.w, c.cin, c.k, c.rate, pad, c.bn, c.act)
}

// tfPaddings returns with_space_to_batch's paddings and crops for one
// dimension: base paddings for SAME or VALID, then
// required_space_to_batch_paddings.
func tfPaddings(in, k, rate int, same bool) (p0, p1, extra int) {
	kd := (k-1)*rate + 1
	if same {
		p0, p1 = (kd-1)/2, kd-1-(kd-1)/2
	}
	extra = (rate - (in+p0+p1)%rate) % rate
	return p0, p1 + extra, extra
}

func (c atrousCase) build() *graphtest.Builder {
	b := graphtest.New()
	r := c.rate
	x := b.Input("x", tensor.Float32, 1, c.h, c.w, c.cin)
	ph0, ph1, eh := tfPaddings(c.h, c.k, r, c.same)
	pw0, pw1, ew := tfPaddings(c.w, c.k, r, c.same)
	ph1 += c.cropsExtra[0] * r
	pw1 += c.cropsExtra[1] * r
	eh += c.cropsExtra[0] * r
	ew += c.cropsExtra[1] * r
	bh, bw := (c.h+ph0+ph1)/r, (c.w+pw0+pw1)/r
	block := b.ConstI32("block", []int{2}, []int32{int32(r), int32(r)})
	pads := b.ConstI32("paddings", []int{2, 2}, []int32{int32(ph0), int32(ph1), int32(pw0), int32(pw1)})
	s2b := b.Tensor("s2b", tensor.Float32, r*r, bh, bw, c.cin)
	b.Op(tflite.OpSpaceToBatchND, &tflite.SpaceToBatchNDOptions{}, []int{x, block, pads}, s2b)
	oh, ow := bh-c.k+1, bw-c.k+1
	convAct := c.act
	if c.bn {
		convAct = tflite.ActNone
	}
	conv := b.Tensor("conv", tensor.Float32, r*r, oh, ow, c.cout)
	bias := b.ConstF32("bias", []int{c.cout}, randVals(c.seed+1, c.cout, -0.5, 0.5))
	if c.conv {
		w := b.ConstF32("w", []int{c.cout, c.k, c.k, c.cin}, randVals(c.seed, c.cout*c.k*c.k*c.cin, -0.5, 0.5))
		b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1, FusedActivation: convAct},
			[]int{s2b, w, bias}, conv)
	} else {
		w := b.ConstF32("w", []int{1, c.k, c.k, c.cout}, randVals(c.seed, c.k*c.k*c.cout, -0.5, 0.5))
		b.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1,
			DepthMultiplier: int32(c.cout / c.cin), DilationH: 1, DilationW: 1, FusedActivation: convAct}, []int{s2b, w, bias}, conv)
	}
	crops := b.ConstI32("crops", []int{2, 2}, []int32{0, int32(eh), 0, int32(ew)})
	out := b.Tensor("b2s", tensor.Float32, 1, oh*r-eh, ow*r-ew, c.cout)
	b.Op(tflite.OpBatchToSpaceND, &tflite.BatchToSpaceNDOptions{}, []int{conv, block, crops}, out)
	if c.bn {
		mul := b.ConstF32("bn/mul", []int{c.cout}, randVals(c.seed+2, c.cout, 0.3, 2))
		add := b.ConstF32("bn/add", []int{1, 1, 1, c.cout}, randVals(c.seed+3, c.cout, -1, 1))
		t1 := b.Tensor("bn/scaled", tensor.Float32, 1, oh*r-eh, ow*r-ew, c.cout)
		b.Op(tflite.OpMul, &tflite.MulOptions{}, []int{out, mul}, t1)
		t2 := b.Tensor("bn/out", tensor.Float32, 1, oh*r-eh, ow*r-ew, c.cout)
		b.Op(tflite.OpAdd, &tflite.AddOptions{FusedActivation: c.act}, []int{t1, add}, t2)
		out = t2
	}
	b.Output(out)
	return b
}

// runF32 runs a one-input float model in octet.
func runF32(t *testing.T, data []byte, in []float32) []float32 {
	t.Helper()
	m, err := octet.LoadBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		t.Fatal(err)
	}
	copy(it.Input(0).F32(), in)
	if err := it.Invoke(); err != nil {
		t.Fatal(err)
	}
	return append([]float32(nil), it.Output(0).F32()...)
}

func inputSize(t *testing.T, data []byte) int {
	t.Helper()
	m, err := octet.LoadBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return m.InputInfo(0).Shape.NumElements()
}

// opNames lists the builtin ops of subgraph 0.
func opNames(m *tflite.Model) []string {
	var s []string
	for _, op := range m.Subgraphs[0].Operators {
		s = append(s, m.OperatorCodes[op.OpcodeIndex].Builtin.String())
	}
	return s
}

func maxDiff(t *testing.T, a, b []float32) float64 {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%d values vs %d", len(a), len(b))
	}
	d := 0.0
	for i := range a {
		e := math.Abs(float64(a[i]) - float64(b[i]))
		if math.IsNaN(e) {
			t.Fatalf("[%d]: %v vs %v", i, a[i], b[i])
		}
		d = max(d, e)
	}
	return d
}

// transformed parses data, applies f and encodes the result.
func transformed(t *testing.T, data []byte, f func(*tflite.Model) (bool, error)) ([]byte, *tflite.Model, bool) {
	t.Helper()
	m, err := tflite.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := f(m)
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Encode()
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return out, m, changed
}

// checkCompact checks that every buffer but 0 and every tensor is used.
func checkCompact(t *testing.T, m *tflite.Model) {
	t.Helper()
	sg := &m.Subgraphs[0]
	used := make([]bool, len(sg.Tensors))
	for _, op := range sg.Operators {
		for _, i := range op.Inputs {
			if i >= 0 {
				used[i] = true
			}
		}
		for _, i := range op.Outputs {
			used[i] = true
		}
	}
	for i, u := range used {
		if !u {
			t.Errorf("tensor %d (%s) is unused", i, sg.Tensors[i].Name)
		}
	}
	bufs := map[uint32]bool{}
	for _, tn := range sg.Tensors {
		if tn.Buffer != 0 {
			bufs[tn.Buffer] = true
		}
	}
	if len(bufs) != len(m.Buffers)-1 {
		t.Errorf("%d buffers, %d used", len(m.Buffers)-1, len(bufs))
	}
}

func atrousCases() []atrousCase {
	var cs []atrousCase
	seed := uint64(1)
	for _, sz := range [][3]int{{13, 11, 3}, {16, 16, 8}, {9, 15, 2}} {
		for _, rate := range []int{2, 4} {
			for _, same := range []bool{true, false} {
				for _, conv := range []bool{false, true} {
					for _, bn := range []bool{false, true} {
						if !same && (sz[0] < 2*rate+1 || sz[1] < 2*rate+1) {
							continue
						}
						c := atrousCase{h: sz[0], w: sz[1], cin: sz[2], rate: rate, k: 3, same: same, conv: conv, bn: bn, seed: seed}
						c.cout = 2 * sz[2]
						if conv {
							c.cout = 5
						}
						if bn && seed%2 == 0 {
							c.act = tflite.ActRelu6
						}
						cs = append(cs, c)
						seed += 7
					}
				}
			}
		}
	}
	// A 5x5 kernel at rate 2, and crops beyond TensorFlow's minimum.
	cs = append(cs, atrousCase{h: 17, w: 12, cin: 4, rate: 2, k: 5, same: true, cout: 4, bn: true, act: tflite.ActRelu, seed: 99})
	cs = append(cs, atrousCase{h: 10, w: 10, cin: 2, rate: 2, k: 3, same: true, cout: 2, bn: true, seed: 101, cropsExtra: [2]int{1, 2}})
	return cs
}

// TestOptimizeAtrous rewrites TensorFlow-style atrous graphs and compares
// the result with the original in octet (LiteRT comparisons are in the
// root conformance tests).
func TestOptimizeAtrous(t *testing.T) {
	for _, c := range atrousCases() {
		t.Run(c.name(), func(t *testing.T) {
			orig, err := c.build().Bytes()
			if err != nil {
				t.Fatal(err)
			}
			opt, m, changed := transformed(t, orig, transform.Optimize)
			if !changed {
				t.Fatal("Optimize changed nothing")
			}
			want := "DEPTHWISE_CONV_2D"
			if c.conv {
				want = "CONV_2D"
			}
			if names := opNames(m); len(names) != 1 || names[0] != want {
				t.Fatalf("ops %v, want [%s]", names, want)
			}
			checkCompact(t, m)
			op := m.Subgraphs[0].Operators[0]
			var pad tflite.Padding
			var dh, dw int32
			var act tflite.ActivationFunctionType
			switch o := op.Options.(type) {
			case *tflite.Conv2DOptions:
				pad, dh, dw, act = o.Padding, o.DilationH, o.DilationW, o.FusedActivation
			case *tflite.DepthwiseConv2DOptions:
				pad, dh, dw, act = o.Padding, o.DilationH, o.DilationW, o.FusedActivation
				if v := m.OperatorCodes[op.OpcodeIndex].Version; v < 2 {
					t.Errorf("DEPTHWISE_CONV_2D version %d with dilation", v)
				}
			}
			wantPad := tflite.PaddingValid
			if c.same {
				wantPad = tflite.PaddingSame
			}
			if pad != wantPad || dh != int32(c.rate) || dw != int32(c.rate) || act != c.act {
				t.Errorf("padding %v dilation %dx%d act %v, want %v %dx%d %v", pad, dh, dw, act, wantPad, c.rate, c.rate, c.act)
			}
			in := randVals(c.seed+50, inputSize(t, orig), -1, 1)
			d := maxDiff(t, runF32(t, orig, in), runF32(t, opt, in))
			if d > 1e-5 {
				t.Errorf("max |Δ| = %g", d)
			}
			// Without batchnorm, the rewrite is bit-exact.
			if !c.bn && d != 0 {
				t.Errorf("atrous rewrite not exact: max |Δ| = %g", d)
			}
		})
	}
}

// TestFoldBatchNormBehindBatchToSpace folds batchnorm into the depthwise
// convolution across BATCH_TO_SPACE_ND without the atrous rewrite.
func TestFoldBatchNormBehindBatchToSpace(t *testing.T) {
	c := atrousCase{h: 13, w: 11, cin: 3, rate: 2, k: 3, same: true, cout: 6, bn: true, act: tflite.ActRelu6, seed: 5}
	orig, err := c.build().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	opt, m, changed := transformed(t, orig, transform.FoldBatchNorm)
	if !changed {
		t.Fatal("no change")
	}
	if got := fmt.Sprint(opNames(m)); got != "[SPACE_TO_BATCH_ND DEPTHWISE_CONV_2D BATCH_TO_SPACE_ND]" {
		t.Fatalf("ops %s", got)
	}
	if o := m.Subgraphs[0].Operators[1].Options.(*tflite.DepthwiseConv2DOptions); o.FusedActivation != tflite.ActRelu6 {
		t.Errorf("activation %v, want RELU6 moved onto the convolution", o.FusedActivation)
	}
	checkCompact(t, m)
	in := randVals(9, inputSize(t, orig), -1, 1)
	if d := maxDiff(t, runF32(t, orig, in), runF32(t, opt, in)); d > 1e-5 {
		t.Errorf("max |Δ| = %g", d)
	}
}

// foldCase is a layer followed by per-channel ops.
type foldCase struct {
	name  string
	build func() *graphtest.Builder
	want  string // ops after FoldBatchNorm; "" = unchanged
}

func convLayer(b *graphtest.Builder, x int, cin, cout, h, w int, bias bool, act tflite.ActivationFunctionType, seed uint64) int {
	wt := b.ConstF32("w", []int{cout, 3, 3, cin}, randVals(seed, cout*9*cin, -0.5, 0.5))
	in := []int{x, wt}
	if bias {
		in = append(in, b.ConstF32("b", []int{cout}, randVals(seed+1, cout, -0.5, 0.5)))
	}
	y := b.Tensor("conv", tensor.Float32, 1, h, w, cout)
	b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1, FusedActivation: act}, in, y)
	return y
}

func binary(b *graphtest.Builder, op tflite.BuiltinOperator, act tflite.ActivationFunctionType, a, c int, shape ...int) int {
	y := b.Tensor(fmt.Sprint(op), tensor.Float32, shape...)
	var o tflite.Options
	switch op {
	case tflite.OpMul:
		o = &tflite.MulOptions{FusedActivation: act}
	case tflite.OpAdd:
		o = &tflite.AddOptions{FusedActivation: act}
	case tflite.OpSub:
		o = &tflite.SubOptions{FusedActivation: act}
	}
	b.Op(op, o, []int{a, c}, y)
	return y
}

func foldCases() []foldCase {
	const h, w, cin, cout = 9, 7, 3, 4 // conv output 5x4
	oh, ow := 5, 4
	conv := func(bias bool, act tflite.ActivationFunctionType) (*graphtest.Builder, int) {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, 1, h, w, cin)
		return b, convLayer(b, x, cin, cout, oh, ow, bias, act, 3)
	}
	perC := func(b *graphtest.Builder, name string, shape []int, seed uint64) int {
		n := 1
		for _, d := range shape {
			n *= d
		}
		return b.ConstF32(name, shape, randVals(seed, n, 0.5, 1.5))
	}
	return []foldCase{
		{"conv_mul_add_relu6", func() *graphtest.Builder {
			b, y := conv(true, 0)
			y = binary(b, tflite.OpMul, 0, y, perC(b, "m", []int{cout}, 1), 1, oh, ow, cout)
			y = binary(b, tflite.OpAdd, tflite.ActRelu6, perC(b, "a", []int{1, 1, 1, cout}, 2), y, 1, oh, ow, cout)
			b.Output(y)
			return b
		}, "[CONV_2D]"},
		{"conv_nobias_add", func() *graphtest.Builder {
			b, y := conv(false, 0)
			y = binary(b, tflite.OpAdd, 0, y, perC(b, "a", []int{cout}, 2), 1, oh, ow, cout)
			b.Output(y)
			return b
		}, "[CONV_2D]"},
		{"conv_nobias_mul_scalar", func() *graphtest.Builder {
			b, y := conv(false, 0)
			y = binary(b, tflite.OpMul, tflite.ActRelu, y, perC(b, "m", []int{}, 2), 1, oh, ow, cout)
			b.Output(y)
			return b
		}, "[CONV_2D]"},
		{"conv_sub", func() *graphtest.Builder {
			b, y := conv(true, 0)
			y = binary(b, tflite.OpSub, 0, y, perC(b, "s", []int{1}, 2), 1, oh, ow, cout)
			b.Output(y)
			return b
		}, "[CONV_2D]"},
		{"conv_mul_relu_then_add", func() *graphtest.Builder {
			// The MUL's activation ends the chain: the ADD stays.
			b, y := conv(true, 0)
			y = binary(b, tflite.OpMul, tflite.ActRelu, y, perC(b, "m", []int{cout}, 1), 1, oh, ow, cout)
			y = binary(b, tflite.OpAdd, 0, y, perC(b, "a", []int{cout}, 2), 1, oh, ow, cout)
			b.Output(y)
			return b
		}, "[CONV_2D ADD]"},
		{"dw_mul", func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 6, 5, 2)
			wt := b.ConstF32("w", []int{1, 3, 3, 4}, randVals(4, 36, -1, 1))
			y := b.Tensor("dw", tensor.Float32, 1, 6, 5, 4)
			b.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingSame, StrideH: 1, StrideW: 1, DepthMultiplier: 2, DilationH: 2, DilationW: 2}, []int{x, wt, -1}, y)
			y = binary(b, tflite.OpMul, 0, y, perC(b, "m", []int{1, 1, 4}, 1), 1, 6, 5, 4)
			b.Output(y)
			return b
		}, "[DEPTHWISE_CONV_2D]"},
		{"fc_add", func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 2, 6)
			wt := b.ConstF32("w", []int{3, 6}, randVals(5, 18, -1, 1))
			y := b.Tensor("fc", tensor.Float32, 2, 3)
			b.Op(tflite.OpFullyConnected, nil, []int{x, wt}, y)
			y = binary(b, tflite.OpMul, 0, y, perC(b, "m", []int{3}, 1), 2, 3)
			y = binary(b, tflite.OpAdd, tflite.ActReluN1To1, y, perC(b, "a", []int{1, 3}, 2), 2, 3)
			b.Output(y)
			return b
		}, "[FULLY_CONNECTED]"},
		// Left alone:
		{"conv_relu_then_mul", func() *graphtest.Builder {
			b, y := conv(true, tflite.ActRelu)
			y = binary(b, tflite.OpMul, 0, y, perC(b, "m", []int{cout}, 1), 1, oh, ow, cout)
			b.Output(y)
			return b
		}, ""},
		{"conv_output_also_graph_output", func() *graphtest.Builder {
			b, y := conv(true, 0)
			z := binary(b, tflite.OpMul, 0, y, perC(b, "m", []int{cout}, 1), 1, oh, ow, cout)
			b.Output(z, y)
			return b
		}, ""},
		{"conv_two_readers", func() *graphtest.Builder {
			b, y := conv(true, 0)
			z := binary(b, tflite.OpMul, 0, y, perC(b, "m", []int{cout}, 1), 1, oh, ow, cout)
			z = binary(b, tflite.OpAdd, 0, z, y, 1, oh, ow, cout)
			b.Output(z)
			return b
		}, ""},
		{"conv_mul_spatial", func() *graphtest.Builder {
			b, y := conv(true, 0)
			y = binary(b, tflite.OpMul, 0, y, perC(b, "m", []int{1, oh, 1, 1}, 1), 1, oh, ow, cout)
			b.Output(y)
			return b
		}, ""},
		{"conv_add_residual", func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, oh, ow, cout)
			r := b.Input("r", tensor.Float32, 1, oh, ow, cout)
			wt := b.ConstF32("w", []int{cout, 1, 1, cout}, randVals(6, cout*cout, -1, 1))
			y := b.Tensor("conv", tensor.Float32, 1, oh, ow, cout)
			b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}, []int{x, wt}, y)
			y = binary(b, tflite.OpAdd, 0, y, r, 1, oh, ow, cout)
			b.Output(y)
			return b
		}, ""},
		{"conv_sub_from_const", func() *graphtest.Builder {
			b, y := conv(true, 0)
			y = binary(b, tflite.OpSub, 0, perC(b, "s", []int{cout}, 1), y, 1, oh, ow, cout)
			b.Output(y)
			return b
		}, ""},
		{"conv_mul_tanh", func() *graphtest.Builder {
			b, y := conv(true, 0)
			y = binary(b, tflite.OpMul, tflite.ActTanh, y, perC(b, "m", []int{cout}, 1), 1, oh, ow, cout)
			b.Output(y)
			return b
		}, ""},
	}
}

func TestFoldBatchNormCases(t *testing.T) {
	for _, c := range foldCases() {
		t.Run(c.name, func(t *testing.T) {
			orig, err := c.build().Bytes()
			if err != nil {
				t.Fatal(err)
			}
			opt, m, changed := transformed(t, orig, transform.FoldBatchNorm)
			if c.want == "" {
				if changed || !bytes.Equal(opt, orig) {
					t.Fatalf("changed the graph: ops %v", opNames(m))
				}
				return
			}
			if !changed {
				t.Fatal("no change")
			}
			if got := fmt.Sprint(opNames(m)); got != c.want {
				t.Fatalf("ops %s, want %s", got, c.want)
			}
			checkCompact(t, m)
			om, err := octet.LoadBytes(orig)
			if err != nil {
				t.Fatal(err)
			}
			if om.NumInputs() != 1 {
				return
			}
			in := randVals(77, inputSize(t, orig), -1, 1)
			if d := maxDiff(t, runF32(t, orig, in), runF32(t, opt, in)); d > 1e-5 {
				t.Errorf("max |Δ| = %g", d)
			}
		})
	}
}

// TestFoldSharedWeights folds into one of two convolutions sharing their
// weights and bias; the other must keep computing the unfolded function.
func TestFoldSharedWeights(t *testing.T) {
	b := graphtest.New()
	x := b.Input("x", tensor.Float32, 1, 4, 4, 2)
	wt := b.ConstF32("w", []int{3, 1, 1, 2}, randVals(1, 6, -1, 1))
	bias := b.ConstF32("b", []int{3}, randVals(2, 3, -1, 1))
	opts := &tflite.Conv2DOptions{Padding: tflite.PaddingSame, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1}
	y1 := b.Tensor("y1", tensor.Float32, 1, 4, 4, 3)
	y2 := b.Tensor("y2", tensor.Float32, 1, 4, 4, 3)
	b.Op(tflite.OpConv2D, opts, []int{x, wt, bias}, y1)
	b.Op(tflite.OpConv2D, opts, []int{x, wt, bias}, y2)
	z := binary(b, tflite.OpMul, 0, y1, b.ConstF32("m", []int{3}, []float32{2, 3, 4}), 1, 4, 4, 3)
	b.Output(z, y2)
	orig, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	opt, m, changed := transformed(t, orig, transform.Optimize)
	if !changed || fmt.Sprint(opNames(m)) != "[CONV_2D CONV_2D]" {
		t.Fatalf("changed %v ops %v", changed, opNames(m))
	}
	checkCompact(t, m)
	run := func(data []byte) []float32 {
		mm, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		it, err := octet.NewInterpreter(mm)
		if err != nil {
			t.Fatal(err)
		}
		copy(it.Input(0).F32(), randVals(3, 32, -1, 1))
		if err := it.Invoke(); err != nil {
			t.Fatal(err)
		}
		return append(append([]float32(nil), it.Output(0).F32()...), it.Output(1).F32()...)
	}
	if d := maxDiff(t, run(orig), run(opt)); d > 1e-5 {
		t.Errorf("max |Δ| = %g", d)
	}
}

// TestAtrousLeavesOthers checks patterns that are not exactly a dilated
// convolution.
func TestAtrousLeavesOthers(t *testing.T) {
	shifted := func() *graphtest.Builder {
		// Paddings (0, 4) at rate 2 with a 3x3 VALID inner convolution:
		// output offset 0 but full size, neither SAME nor VALID.
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, 1, 8, 8, 2)
		block := b.ConstI32("block", []int{2}, []int32{2, 2})
		pads := b.ConstI32("pads", []int{2, 2}, []int32{0, 4, 0, 4})
		s := b.Tensor("s2b", tensor.Float32, 4, 6, 6, 2)
		b.Op(tflite.OpSpaceToBatchND, nil, []int{x, block, pads}, s)
		w := b.ConstF32("w", []int{1, 3, 3, 2}, randVals(1, 18, -1, 1))
		c := b.Tensor("dw", tensor.Float32, 4, 4, 4, 2)
		b.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1, DepthMultiplier: 1, DilationH: 1, DilationW: 1}, []int{s, w, -1}, c)
		crops := b.ConstI32("crops", []int{2, 2}, []int32{0, 0, 0, 0})
		y := b.Tensor("y", tensor.Float32, 1, 8, 8, 2)
		b.Op(tflite.OpBatchToSpaceND, nil, []int{c, block, crops}, y)
		b.Output(y)
		return b
	}
	strided := func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, 1, 12, 12, 2)
		block := b.ConstI32("block", []int{2}, []int32{2, 2})
		pads := b.ConstI32("pads", []int{2, 2}, []int32{2, 2, 2, 2})
		s := b.Tensor("s2b", tensor.Float32, 4, 8, 8, 2)
		b.Op(tflite.OpSpaceToBatchND, nil, []int{x, block, pads}, s)
		w := b.ConstF32("w", []int{1, 3, 3, 2}, randVals(1, 18, -1, 1))
		c := b.Tensor("dw", tensor.Float32, 4, 3, 3, 2)
		b.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingValid, StrideH: 2, StrideW: 2, DepthMultiplier: 1, DilationH: 1, DilationW: 1}, []int{s, w, -1}, c)
		crops := b.ConstI32("crops", []int{2, 2}, []int32{0, 0, 0, 0})
		y := b.Tensor("y", tensor.Float32, 1, 6, 6, 2)
		b.Op(tflite.OpBatchToSpaceND, nil, []int{c, block, crops}, y)
		b.Output(y)
		return b
	}
	otherBlock := func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", tensor.Float32, 1, 8, 8, 1)
		block := b.ConstI32("block", []int{2}, []int32{2, 2})
		block2 := b.ConstI32("block2", []int{2}, []int32{4, 1})
		zero := b.ConstI32("zero", []int{2, 2}, []int32{0, 0, 0, 0})
		s := b.Tensor("s2b", tensor.Float32, 4, 4, 4, 1)
		b.Op(tflite.OpSpaceToBatchND, nil, []int{x, block, zero}, s)
		w := b.ConstF32("w", []int{1, 1, 1, 1}, []float32{2})
		c := b.Tensor("dw", tensor.Float32, 4, 4, 4, 1)
		b.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1, DepthMultiplier: 1, DilationH: 1, DilationW: 1}, []int{s, w, -1}, c)
		y := b.Tensor("y", tensor.Float32, 1, 16, 4, 1)
		b.Op(tflite.OpBatchToSpaceND, nil, []int{c, block2, zero}, y)
		b.Output(y)
		return b
	}
	intermediateOutput := func() *graphtest.Builder {
		b := atrousCase{h: 9, w: 9, cin: 2, rate: 2, k: 3, same: true, cout: 2, seed: 3}.build()
		b.Output(3) // the s2b tensor (after x, block and paddings)
		return b
	}
	for name, build := range map[string]func() *graphtest.Builder{
		"shifted": shifted, "strided": strided, "other_block": otherBlock, "intermediate_output": intermediateOutput,
	} {
		t.Run(name, func(t *testing.T) {
			orig, err := build().Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := octet.LoadBytes(orig); err != nil {
				t.Fatal(err)
			}
			opt, _, changed := transformed(t, orig, transform.Optimize)
			if changed || !bytes.Equal(opt, orig) {
				t.Fatal("graph changed")
			}
		})
	}
}

// TestAtrousQuantized rewrites an int8 pattern whose data-movement ops keep
// their quantization, and leaves one whose S2B requantizes.
func TestAtrousQuantized(t *testing.T) {
	build := func(s2bScale float32) []byte {
		b := graphtest.New()
		x := b.Input("x", tensor.Int8, 1, 8, 8, 2)
		b.Quantize(x, 0.1, -3)
		block := b.ConstI32("block", []int{2}, []int32{2, 2})
		pads := b.ConstI32("pads", []int{2, 2}, []int32{2, 2, 2, 2})
		s := b.Tensor("s2b", tensor.Int8, 4, 6, 6, 2)
		b.Quantize(s, s2bScale, -3)
		b.Op(tflite.OpSpaceToBatchND, nil, []int{x, block, pads}, s)
		w := b.ConstI8("w", []int{1, 3, 3, 2}, make([]int8, 18))
		b.QuantizeAxis(w, 3, []float32{0.01, 0.02}, []int64{0, 0})
		c := b.Tensor("dw", tensor.Int8, 4, 4, 4, 2)
		b.Quantize(c, 0.2, 5)
		b.OpV(tflite.OpDepthwiseConv2D, 3, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1, DepthMultiplier: 1, DilationH: 1, DilationW: 1}, []int{s, w, -1}, c)
		crops := b.ConstI32("crops", []int{2, 2}, []int32{0, 0, 0, 0})
		y := b.Tensor("y", tensor.Int8, 1, 8, 8, 2)
		b.Quantize(y, 0.2, 5)
		b.Op(tflite.OpBatchToSpaceND, nil, []int{c, block, crops}, y)
		b.Output(y)
		data, err := b.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	_, m, changed := transformed(t, build(0.1), transform.Atrous)
	if !changed || fmt.Sprint(opNames(m)) != "[DEPTHWISE_CONV_2D]" {
		t.Fatalf("int8: changed %v ops %v", changed, opNames(m))
	}
	if v := m.OperatorCodes[m.Subgraphs[0].Operators[0].OpcodeIndex].Version; v != 3 {
		t.Errorf("version %d, want 3 kept", v)
	}
	if _, _, changed := transformed(t, build(0.3), transform.Atrous); changed {
		t.Error("requantizing SPACE_TO_BATCH_ND: graph changed")
	}
}

func TestTransformErrors(t *testing.T) {
	m := &tflite.Model{Version: 3, Subgraphs: []tflite.Subgraph{{
		Tensors:   []tflite.Tensor{{Name: "x"}},
		Operators: []tflite.Operator{{OpcodeIndex: 5, Inputs: []int32{0}, Outputs: []int32{0}}},
	}}}
	for name, f := range map[string]func(*tflite.Model) (bool, error){
		"Atrous": transform.Atrous, "FoldBatchNorm": transform.FoldBatchNorm, "Optimize": transform.Optimize,
	} {
		if _, err := f(m); err == nil {
			t.Errorf("%s: bad opcode index: no error", name)
		}
		if _, err := f(nil); err == nil {
			t.Errorf("%s: nil model: no error", name)
		}
	}
}
