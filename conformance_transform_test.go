package octet_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/internal/litert"
	"github.com/octet-ml/octet/models/portrait"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
	"github.com/octet-ml/octet/transform"
)

// Conformance of SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND, and of the graph
// rewrites of package transform: the original graphs run in LiteRT, the
// rewritten ones in octet and in LiteRT, and all must agree.

// txBlockCase builds a one-op SPACE_TO_BATCH_ND or BATCH_TO_SPACE_ND graph.
func txBlockCase(op tflite.BuiltinOperator, dt tensor.DType, in []int, block []int32, pads []int32) confCase {
	kind := "s2b"
	if op == tflite.OpBatchToSpaceND {
		kind = "b2s"
	}
	name := fmt.Sprintf("%s_%v_%v_b%v_p%v", kind, dt, in, block, pads)
	return confCase{name: name, lo: -1, hi: 1, build: func() *graphtest.Builder {
		b := graphtest.New()
		x := b.Input("x", dt, in...)
		// The output shape, declared (LiteRT.js reports declared shapes).
		out := append([]int(nil), in...)
		for d, bv := range block {
			n := int(bv)
			if op == tflite.OpSpaceToBatchND {
				out[0] *= n
				out[1+d] = (in[1+d] + int(pads[2*d]) + int(pads[2*d+1])) / n
			} else {
				out[0] /= n
				out[1+d] = in[1+d]*n - int(pads[2*d]) - int(pads[2*d+1])
			}
		}
		y := b.Tensor("y", dt, out...)
		if dt != tensor.Float32 {
			zp := int64(-7)
			if dt == tensor.Uint8 {
				zp = 131
			}
			b.Quantize(x, 0.05, zp)
			b.Quantize(y, 0.05, zp)
		}
		bl := b.ConstI32("block", []int{len(block)}, block)
		p := b.ConstI32("pads", []int{len(block), 2}, pads)
		var opts tflite.Options = &tflite.SpaceToBatchNDOptions{}
		if op == tflite.OpBatchToSpaceND {
			opts = &tflite.BatchToSpaceNDOptions{}
		}
		b.Op(op, opts, []int{x, bl, p}, y)
		b.Output(y)
		return b
	}}
}

// TestConformanceSpaceBatch compares octet's SPACE_TO_BATCH_ND and
// BATCH_TO_SPACE_ND with LiteRT's; being data movement, they must agree
// bit for bit.
func TestConformanceSpaceBatch(t *testing.T) {
	litert.Require(t)
	s2b, b2s := tflite.OpSpaceToBatchND, tflite.OpBatchToSpaceND
	cases := []confCase{
		txBlockCase(s2b, tensor.Float32, []int{2, 7, 5, 3}, []int32{2, 3}, []int32{1, 0, 0, 1}),
		txBlockCase(s2b, tensor.Float32, []int{1, 9, 9, 4}, []int32{4, 4}, []int32{3, 4, 3, 4}),
		txBlockCase(s2b, tensor.Float32, []int{1, 4, 4, 1}, []int32{2, 2}, []int32{0, 0, 0, 0}),
		txBlockCase(s2b, tensor.Float32, []int{2, 5, 3}, []int32{2}, []int32{1, 0}),
		txBlockCase(s2b, tensor.Int8, []int{1, 6, 6, 3}, []int32{2, 2}, []int32{1, 1, 1, 1}),
		txBlockCase(s2b, tensor.Uint8, []int{2, 3, 5, 2}, []int32{3, 2}, []int32{0, 0, 2, 1}),
		txBlockCase(b2s, tensor.Float32, []int{8, 3, 4, 2}, []int32{2, 2}, []int32{1, 0, 0, 3}),
		txBlockCase(b2s, tensor.Float32, []int{9, 2, 2, 1}, []int32{3, 3}, []int32{0, 0, 0, 0}),
		txBlockCase(b2s, tensor.Float32, []int{4, 3, 2}, []int32{2}, []int32{0, 1}),
		txBlockCase(b2s, tensor.Int8, []int{4, 3, 3, 2}, []int32{2, 2}, []int32{0, 1, 1, 0}),
		txBlockCase(b2s, tensor.Uint8, []int{6, 2, 3, 1}, []int32{3, 1}, []int32{2, 1, 0, 0}),
	}
	runConfCases(t, cases, true)
}

// runConfCases runs each case through octet (build) and LiteRT (ref, or
// build) on seeded inputs and compares; exact requires identical floats.
func runConfCases(t *testing.T, cases []confCase, exact bool) {
	t.Helper()
	dir := t.TempDir()
	jobs := make([]litert.Job, len(cases))
	mine := make([][]*tensor.Tensor, len(cases))
	for i, c := range cases {
		data, err := c.build().Bytes()
		if err != nil {
			t.Fatalf("%s: encode: %v", c.name, err)
		}
		m, err := octet.LoadBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var inputs []*tensor.Tensor
		for j := 0; j < m.NumInputs(); j++ {
			inputs = append(inputs, randomInput(m.InputInfo(j), uint64(1000+100*i+j), c.lo, c.hi))
		}
		if mine[i], err = runOctet(data, inputs); err != nil {
			t.Fatalf("%s: octet: %v", c.name, err)
		}
		if c.ref != nil {
			if data, err = c.ref().Bytes(); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("case%d.tflite", i))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		jobs[i] = litert.Job{Model: path, Inputs: inputs}
	}
	refs, err := litert.RunBatch(jobs)
	if err != nil {
		t.Fatalf("LiteRT: %v", err)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := compareOutputs(t, mine[i], refs[i])
			if exact && d != 0 {
				t.Errorf("max |Δ| = %g, want bit-exact", d)
			}
			t.Logf("max |Δ| = %.3g", d)
		})
	}
}

func txRand(seed uint64, n int, lo, hi float32) []float32 {
	r := rand.New(rand.NewPCG(seed, 17))
	v := make([]float32, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float32()
	}
	return v
}

// txAtrous describes the graph tf.nn.with_space_to_batch makes for a
// dilated convolution, optionally followed by batchnorm as MUL and ADD.
type txAtrous struct {
	h, w, cin, cout int
	rate, k         int
	same, conv, bn  bool
	act             tflite.ActivationFunctionType
	seed            uint64
}

func (c txAtrous) name() string {
	op, pad := "dw", "valid"
	if c.conv {
		op = "conv"
	}
	if c.same {
		pad = "same"
	}
	return fmt.Sprintf("%s_%dx%dx%d_k%d_rate%d_%s_bn%v_act%d", op, c.h, c.w, c.cin, c.k, c.rate, pad, c.bn, c.act)
}

func (c txAtrous) build() *graphtest.Builder {
	b := graphtest.New()
	r := c.rate
	// with_space_to_batch: base paddings of the dilated filter for SAME
	// (none for VALID), then required_space_to_batch_paddings.
	pads := func(in int) (p0, p1, extra int) {
		kd := (c.k-1)*r + 1
		if c.same {
			p0, p1 = (kd-1)/2, kd-1-(kd-1)/2
		}
		extra = (r - (in+p0+p1)%r) % r
		return p0, p1 + extra, extra
	}
	ph0, ph1, eh := pads(c.h)
	pw0, pw1, ew := pads(c.w)
	bh, bw := (c.h+ph0+ph1)/r, (c.w+pw0+pw1)/r
	oh, ow := bh-c.k+1, bw-c.k+1
	yh, yw := oh*r-eh, ow*r-ew

	x := b.Input("x", tensor.Float32, 1, c.h, c.w, c.cin)
	block := b.ConstI32("block", []int{2}, []int32{int32(r), int32(r)})
	paddings := b.ConstI32("paddings", []int{2, 2}, []int32{int32(ph0), int32(ph1), int32(pw0), int32(pw1)})
	s := b.Tensor("s2b", tensor.Float32, r*r, bh, bw, c.cin)
	b.Op(tflite.OpSpaceToBatchND, &tflite.SpaceToBatchNDOptions{}, []int{x, block, paddings}, s)
	convAct := c.act
	if c.bn {
		convAct = tflite.ActNone
	}
	z := b.Tensor("conv", tensor.Float32, r*r, oh, ow, c.cout)
	bias := b.ConstF32("bias", []int{c.cout}, txRand(c.seed+1, c.cout, -0.5, 0.5))
	if c.conv {
		w := b.ConstF32("w", []int{c.cout, c.k, c.k, c.cin}, txRand(c.seed, c.cout*c.k*c.k*c.cin, -0.5, 0.5))
		b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1, DilationH: 1, DilationW: 1,
			FusedActivation: convAct}, []int{s, w, bias}, z)
	} else {
		w := b.ConstF32("w", []int{1, c.k, c.k, c.cout}, txRand(c.seed, c.k*c.k*c.cout, -0.5, 0.5))
		b.Op(tflite.OpDepthwiseConv2D, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingValid, StrideH: 1, StrideW: 1,
			DepthMultiplier: int32(c.cout / c.cin), DilationH: 1, DilationW: 1, FusedActivation: convAct}, []int{s, w, bias}, z)
	}
	crops := b.ConstI32("crops", []int{2, 2}, []int32{0, int32(eh), 0, int32(ew)})
	y := b.Tensor("b2s", tensor.Float32, 1, yh, yw, c.cout)
	b.Op(tflite.OpBatchToSpaceND, &tflite.BatchToSpaceNDOptions{}, []int{z, block, crops}, y)
	if c.bn {
		m := b.Tensor("bn/mul", tensor.Float32, 1, yh, yw, c.cout)
		b.Op(tflite.OpMul, &tflite.MulOptions{}, []int{y, b.ConstF32("bn/scale", []int{c.cout}, txRand(c.seed+2, c.cout, 0.3, 2))}, m)
		a := b.Tensor("bn/add", tensor.Float32, 1, yh, yw, c.cout)
		b.Op(tflite.OpAdd, &tflite.AddOptions{FusedActivation: c.act}, []int{m, b.ConstF32("bn/shift", []int{1, 1, 1, c.cout}, txRand(c.seed+3, c.cout, -1, 1))}, a)
		y = a
	}
	b.Output(y)
	return b
}

func txAtrousCases() []txAtrous {
	var cs []txAtrous
	seed := uint64(1)
	for _, sz := range [][3]int{{13, 11, 3}, {16, 16, 8}, {9, 15, 2}, {21, 19, 4}} {
		for _, rate := range []int{2, 4} {
			for _, same := range []bool{true, false} {
				for _, conv := range []bool{false, true} {
					for _, bn := range []bool{false, true} {
						if !same && (sz[0] < 2*rate+1 || sz[1] < 2*rate+1) {
							continue
						}
						c := txAtrous{h: sz[0], w: sz[1], cin: sz[2], cout: 2 * sz[2], rate: rate, k: 3, same: same, conv: conv, bn: bn, seed: seed}
						if conv {
							c.cout = 5
						}
						if seed%3 == 0 {
							c.act = tflite.ActRelu6
						}
						cs = append(cs, c)
						seed += 7
					}
				}
			}
		}
	}
	return append(cs,
		txAtrous{h: 17, w: 12, cin: 4, cout: 4, rate: 2, k: 5, same: true, bn: true, act: tflite.ActRelu, seed: 99},
		txAtrous{h: 40, w: 40, cin: 8, cout: 8, rate: 6, k: 3, same: true, bn: true, act: tflite.ActRelu6, seed: 100},
	)
}

// txOpNames lists the builtin ops of subgraph 0.
func txOpNames(m *tflite.Model) []string {
	var s []string
	for _, op := range m.Subgraphs[0].Operators {
		s = append(s, m.OperatorCodes[op.OpcodeIndex].Builtin.String())
	}
	return s
}

// txJob is one rewrite to check: the original model (run by LiteRT) and
// the optimized one (run by octet and LiteRT), on the same inputs.
type txJob struct {
	name      string
	orig, opt []byte
	inputs    []*tensor.Tensor
}

func txOptimize(t *testing.T, name string, orig []byte) ([]byte, *tflite.Model) {
	t.Helper()
	m, err := tflite.Parse(orig)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	changed, err := transform.Optimize(m)
	if err != nil || !changed {
		t.Fatalf("%s: Optimize: changed %v, %v", name, changed, err)
	}
	opt, err := m.Encode()
	if err != nil {
		t.Fatalf("%s: encode: %v", name, err)
	}
	return opt, m
}

// runTxJobs runs the originals and the optimized models in LiteRT and the
// optimized ones in octet, and requires all three to agree within floatTol.
func runTxJobs(t *testing.T, jobs []txJob) {
	t.Helper()
	dir := t.TempDir()
	var lj []litert.Job
	mine := make([][]*tensor.Tensor, len(jobs))
	for i, j := range jobs {
		var err error
		if mine[i], err = runOctet(j.opt, j.inputs); err != nil {
			t.Fatalf("%s: octet: %v", j.name, err)
		}
		for k, data := range [][]byte{j.orig, j.opt} {
			path := filepath.Join(dir, fmt.Sprintf("job%d_%d.tflite", i, k))
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			lj = append(lj, litert.Job{Model: path, Inputs: j.inputs})
		}
	}
	refs, err := litert.RunBatch(lj)
	if err != nil {
		t.Fatalf("LiteRT: %v", err)
	}
	for i, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			orig, opt := refs[2*i], refs[2*i+1]
			d1 := compareOutputs(t, mine[i], orig)
			d2 := compareOutputs(t, opt, orig)
			t.Logf("max |Δ| octet(optimized) vs LiteRT(original) %.3g, LiteRT(optimized) vs LiteRT(original) %.3g", d1, d2)
		})
	}
}

// TestConformanceAtrousTransform rewrites TensorFlow-style atrous graphs
// (odd sizes, rates 2 and 4, SAME and VALID, depthwise and full
// convolutions, with and without batchnorm) and checks the rewritten
// graphs against the originals run by LiteRT.
func TestConformanceAtrousTransform(t *testing.T) {
	litert.Require(t)
	var jobs []txJob
	for i, c := range txAtrousCases() {
		orig, err := c.build().Bytes()
		if err != nil {
			t.Fatal(err)
		}
		opt, m := txOptimize(t, c.name(), orig)
		want := "[DEPTHWISE_CONV_2D]"
		if c.conv {
			want = "[CONV_2D]"
		}
		if got := fmt.Sprint(txOpNames(m)); got != want {
			t.Fatalf("%s: ops after Optimize %s, want %s", c.name(), got, want)
		}
		om, err := octet.LoadBytes(orig)
		if err != nil {
			t.Fatalf("%s: %v", c.name(), err)
		}
		in := randomInput(om.InputInfo(0), uint64(5000+i), -1, 1)
		jobs = append(jobs, txJob{c.name(), orig, opt, []*tensor.Tensor{in}})
	}
	runTxJobs(t, jobs)
}

// TestConformanceFoldBatchNorm folds per-channel MUL/ADD after CONV_2D,
// DEPTHWISE_CONV_2D and FULLY_CONNECTED and checks against LiteRT.
func TestConformanceFoldBatchNorm(t *testing.T) {
	litert.Require(t)
	type fold struct {
		name  string
		build func() *graphtest.Builder
		want  string
	}
	bin := func(b *graphtest.Builder, op tflite.BuiltinOperator, act tflite.ActivationFunctionType, x, c int, shape ...int) int {
		y := b.Tensor(fmt.Sprint(op), tensor.Float32, shape...)
		var o tflite.Options = &tflite.MulOptions{FusedActivation: act}
		switch op {
		case tflite.OpAdd:
			o = &tflite.AddOptions{FusedActivation: act}
		case tflite.OpSub:
			o = &tflite.SubOptions{FusedActivation: act}
		}
		b.Op(op, o, []int{x, c}, y)
		return y
	}
	cases := []fold{
		{"conv_s2_mul_add_relu6", func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 15, 13, 3)
			w := b.ConstF32("w", []int{8, 3, 3, 3}, txRand(1, 8*27, -0.5, 0.5))
			bias := b.ConstF32("b", []int{8}, txRand(2, 8, -0.5, 0.5))
			y := b.Tensor("conv", tensor.Float32, 1, 8, 7, 8)
			b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{Padding: tflite.PaddingSame, StrideH: 2, StrideW: 2, DilationH: 1, DilationW: 1}, []int{x, w, bias}, y)
			y = bin(b, tflite.OpMul, 0, y, b.ConstF32("m", []int{8}, txRand(3, 8, 0.5, 1.5)), 1, 8, 7, 8)
			y = bin(b, tflite.OpAdd, tflite.ActRelu6, y, b.ConstF32("a", []int{1, 1, 1, 8}, txRand(4, 8, -1, 1)), 1, 8, 7, 8)
			b.Output(y)
			return b
		}, "[CONV_2D]"},
		{"dw_dilated_mul_sub", func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 1, 11, 9, 4)
			w := b.ConstF32("w", []int{1, 3, 3, 8}, txRand(5, 72, -1, 1))
			bias := b.ConstF32("b", []int{8}, txRand(6, 8, -0.5, 0.5))
			y := b.Tensor("dw", tensor.Float32, 1, 11, 9, 8)
			b.OpV(tflite.OpDepthwiseConv2D, 2, &tflite.DepthwiseConv2DOptions{Padding: tflite.PaddingSame, StrideH: 1, StrideW: 1, DepthMultiplier: 2, DilationH: 2, DilationW: 3}, []int{x, w, bias}, y)
			y = bin(b, tflite.OpMul, 0, b.ConstF32("m", []int{1, 1, 1, 8}, txRand(7, 8, 0.5, 1.5)), y, 1, 11, 9, 8)
			y = bin(b, tflite.OpSub, tflite.ActRelu, y, b.ConstF32("s", []int{8}, txRand(8, 8, -1, 1)), 1, 11, 9, 8)
			b.Output(y)
			return b
		}, "[DEPTHWISE_CONV_2D]"},
		{"fc_mul_add", func() *graphtest.Builder {
			b := graphtest.New()
			x := b.Input("x", tensor.Float32, 3, 10)
			w := b.ConstF32("w", []int{6, 10}, txRand(9, 60, -1, 1))
			bias := b.ConstF32("b", []int{6}, txRand(10, 6, -1, 1))
			y := b.Tensor("fc", tensor.Float32, 3, 6)
			b.Op(tflite.OpFullyConnected, &tflite.FullyConnectedOptions{}, []int{x, w, bias}, y)
			y = bin(b, tflite.OpMul, 0, y, b.ConstF32("m", []int{6}, txRand(11, 6, 0.5, 1.5)), 3, 6)
			y = bin(b, tflite.OpAdd, 0, y, b.ConstF32("a", []int{1}, []float32{0.25}), 3, 6)
			b.Output(y)
			return b
		}, "[FULLY_CONNECTED]"},
	}
	var jobs []txJob
	for i, c := range cases {
		orig, err := c.build().Bytes()
		if err != nil {
			t.Fatal(err)
		}
		m, err := tflite.Parse(orig)
		if err != nil {
			t.Fatal(err)
		}
		if changed, err := transform.FoldBatchNorm(m); err != nil || !changed {
			t.Fatalf("%s: FoldBatchNorm: changed %v, %v", c.name, changed, err)
		}
		if got := fmt.Sprint(txOpNames(m)); got != c.want {
			t.Fatalf("%s: ops %s, want %s", c.name, got, c.want)
		}
		opt, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		om, err := octet.LoadBytes(orig)
		if err != nil {
			t.Fatal(err)
		}
		in := randomInput(om.InputInfo(0), uint64(6000+i), -1, 1)
		jobs = append(jobs, txJob{c.name, orig, opt, []*tensor.Tensor{in}})
	}
	runTxJobs(t, jobs)
}

// TestConformanceRefnetTF18 runs the reference network in its TF 1.8 form
// (batchnorm as MUL/ADD, atrous depthwise as SPACE_TO_BATCH_ND ->
// DEPTHWISE_CONV_2D -> BATCH_TO_SPACE_ND, batchnorm after it) in LiteRT,
// optimizes it, and runs the result in octet and LiteRT on real photos.
func TestConformanceRefnetTF18(t *testing.T) {
	litert.Require(t)
	orig, err := portrait.BuildReferenceTF18(portrait.ReferenceSeed)
	if err != nil {
		t.Fatal(err)
	}
	opt, m := txOptimize(t, "refnet_tf18", orig)
	for _, name := range txOpNames(m) {
		if name == "SPACE_TO_BATCH_ND" || name == "BATCH_TO_SPACE_ND" || name == "MUL" {
			t.Fatalf("%s left after Optimize: %v", name, txOpNames(m))
		}
	}
	var jobs []txJob
	for i, in := range refnetInputs(t) {
		jobs = append(jobs, txJob{"refnet_tf18/" + refnetPhotos[i], orig, opt, []*tensor.Tensor{in}})
	}
	runTxJobs(t, jobs)
}
