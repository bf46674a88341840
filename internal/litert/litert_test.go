package litert

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/octet-ml/octet/tensor"
)

const selfie = "../../models/portrait/model/selfie_segmentation.tflite"

// smoothNoise returns a deterministic [1,256,256,3] image in [0,1]: random
// values on a 17x17 grid, interpolated bilinearly. Per-pixel noise would do,
// but the selfie model maps it to an all-zero mask, which proves little.
func smoothNoise(seed uint64) *tensor.Tensor {
	const grid = 16
	r := rand.New(rand.NewPCG(seed, 2))
	g := make([]float32, (grid+1)*(grid+1)*3)
	for i := range g {
		g[i] = r.Float32()
	}
	at := func(y, x, c int) float32 { return g[(y*(grid+1)+x)*3+c] }
	img := tensor.New(tensor.Float32, tensor.Shape{1, 256, 256, 3})
	px := img.F32()
	for y := range 256 {
		fy := float32(y*grid) / 256
		iy, wy := int(fy), fy-float32(int(fy))
		for x := range 256 {
			fx := float32(x*grid) / 256
			ix, wx := int(fx), fx-float32(int(fx))
			for c := range 3 {
				top := (1-wx)*at(iy, ix, c) + wx*at(iy, ix+1, c)
				bot := (1-wx)*at(iy+1, ix, c) + wx*at(iy+1, ix+1, c)
				px[(y*256+x)*3+c] = (1-wy)*top + wy*bot
			}
		}
	}
	return img
}

func TestSelfie(t *testing.T) {
	Require(t)
	x := smoothNoise(1)
	start := time.Now()
	outs, err := Run(selfie, x)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("node start + load + compile + run: %v", time.Since(start))
	if len(outs) != 1 {
		t.Fatalf("%d outputs, want 1", len(outs))
	}
	y := outs[0]
	if y.DType != tensor.Float32 || !y.Shape.Equal(tensor.Shape{1, 256, 256, 1}) {
		t.Fatalf("output %v%v, want float32[1 256 256 1]", y.DType, y.Shape)
	}
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for _, v := range y.F32() {
		if !(v >= 0 && v <= 1) {
			t.Fatalf("output value %v outside [0, 1]", v)
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi-lo < 0.5 {
		t.Errorf("output is nearly constant: [%v, %v]", lo, hi)
	}
}

// TestBatchSameModel runs one model on several inputs in one batch: it is
// compiled once, and equal inputs must give equal outputs.
func TestBatchSameModel(t *testing.T) {
	Require(t)
	a, b := smoothNoise(1), smoothNoise(2)
	res, err := RunBatch([]Job{{selfie, []*tensor.Tensor{a}}, {selfie, []*tensor.Tensor{b}}, {selfie, []*tensor.Tensor{a}}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res[0][0].F32(), res[2][0].F32()) {
		t.Error("same input, different outputs")
	}
	if slices.Equal(res[0][0].F32(), res[1][0].F32()) {
		t.Error("different inputs, same outputs")
	}
}

// orderModel computes x-y and x+y, with subgraph inputs (y, x) and outputs
// (x-y, x+y). Its optional SignatureDef lists both in the opposite order, as
// converters do when they sort by name.
func orderModel(signature bool) tinyModel {
	const opSub = 41
	m := tinyModel{
		tensors: []tmTensor{
			{name: "x", typ: tFloat32, shape: []int32{1, 4}},
			{name: "y", typ: tFloat32, shape: []int32{1, 4}},
			{name: "sum", typ: tFloat32, shape: []int32{1, 4}},
			{name: "diff", typ: tFloat32, shape: []int32{1, 4}},
		},
		ops:     []tmOp{{opAdd, []int32{0, 1}, []int32{2}}, {opSub, []int32{0, 1}, []int32{3}}},
		inputs:  []int32{1, 0},
		outputs: []int32{3, 2},
	}
	if signature {
		m.sigKey = "serving_default"
		m.sigIns = []tmMap{{"a_x", 0}, {"b_y", 1}}
		m.sigOuts = []tmMap{{"a_sum", 2}, {"b_diff", 3}}
	}
	return m
}

// TestOrder checks that inputs and outputs follow the subgraph's order, with
// and without a SignatureDef that orders them differently.
func TestOrder(t *testing.T) {
	Require(t)
	y := tensor.FromF32(tensor.Shape{1, 4}, []float32{1, 2, 3, 4})
	x := tensor.FromF32(tensor.Shape{1, 4}, []float32{10, 20, 30, 40})
	jobs := []Job{
		{orderModel(false).write(t, "plain.tflite"), []*tensor.Tensor{y, x}},
		{orderModel(true).write(t, "signature.tflite"), []*tensor.Tensor{y, x}},
	}
	res, err := RunBatch(jobs)
	if err != nil {
		t.Fatal(err)
	}
	for i, outs := range res {
		if len(outs) != 2 {
			t.Fatalf("job %d: %d outputs, want 2", i, len(outs))
		}
		diff, sum := outs[0].F32(), outs[1].F32()
		if !slices.Equal(diff, []float32{9, 18, 27, 36}) || !slices.Equal(sum, []float32{11, 22, 33, 44}) {
			t.Errorf("job %d: outputs %v, %v; want x-y = [9 18 27 36], x+y = [11 22 33 44]", i, diff, sum)
		}
	}
}

// TestInt8 runs a real int8 model. Stock LiteRT.js cannot even compile it:
// it rejects int8 inputs and outputs, which the patch in tools/litert adds.
func TestInt8(t *testing.T) {
	Require(t)
	m := tinyModel{
		tensors: []tmTensor{
			{name: "q", typ: tInt8, shape: []int32{1, 5}, scale: 0.5, zp: -1},
			{name: "q2", typ: tInt8, shape: []int32{1, 5}, scale: 1},
			{name: "f", typ: tFloat32, shape: []int32{1, 5}},
		},
		ops:     []tmOp{{opAdd, []int32{0, 0}, []int32{1}}, {opDequantize, []int32{1}, []int32{2}}},
		inputs:  []int32{0},
		outputs: []int32{1, 2},
	}
	q := tensor.New(tensor.Int8, tensor.Shape{1, 5})
	copy(q.I8(), []int8{-128, -1, 0, 50, 126})
	outs, err := Run(m.write(t, "int8.tflite"), q)
	if err != nil {
		t.Fatal(err)
	}
	// q means 0.5*(q+1); doubled, that is q+1 at scale 1.
	want := []int8{-127, 0, 1, 51, 127}
	if len(outs) != 2 || outs[0].DType != tensor.Int8 || !slices.Equal(outs[0].I8(), want) {
		t.Fatalf("int8 output %v, want int8 %v", outs, want)
	}
	if got := outs[1].F32(); !slices.Equal(got, []float32{-127, 0, 1, 51, 127}) {
		t.Errorf("dequantized output %v", got)
	}
}

// TestDTypes passes every other supported element type in and out.
func TestDTypes(t *testing.T) {
	Require(t)
	const (
		tFloat16, tInt64, tBool, tInt16 = 1, 4, 6, 7
		opCast, opLogicalNot            = 53, 87
	)
	m := tinyModel{
		tensors: []tmTensor{
			{name: "u", typ: tUint8, shape: []int32{3}, scale: 2, zp: 128}, // 0
			{name: "n", typ: tInt32, shape: []int32{2}},
			{name: "h", typ: tFloat16, shape: []int32{3}},
			{name: "b", typ: tBool, shape: []int32{3}},
			{name: "f", typ: tFloat32, shape: []int32{3}},
			{name: "uf", typ: tFloat32, shape: []int32{3}}, // 5
			{name: "n2", typ: tInt32, shape: []int32{2}},
			{name: "hf", typ: tFloat32, shape: []int32{3}},
			{name: "nb", typ: tBool, shape: []int32{3}},
			{name: "fi16", typ: tInt16, shape: []int32{3}},
			{name: "fi64", typ: tInt64, shape: []int32{3}}, // 10
			{name: "fh", typ: tFloat16, shape: []int32{3}},
		},
		ops: []tmOp{
			{opDequantize, []int32{0}, []int32{5}},
			{opAdd, []int32{1, 1}, []int32{6}},
			{opDequantize, []int32{2}, []int32{7}},
			{opLogicalNot, []int32{3}, []int32{8}},
			{opCast, []int32{4}, []int32{9}},
			{opCast, []int32{4}, []int32{10}},
			{opCast, []int32{4}, []int32{11}},
		},
		inputs:  []int32{0, 1, 2, 3, 4},
		outputs: []int32{5, 6, 7, 8, 9, 10, 11},
	}
	u := tensor.New(tensor.Uint8, tensor.Shape{3})
	copy(u.U8(), []uint8{0, 128, 255})
	n := tensor.New(tensor.Int32, tensor.Shape{2})
	copy(n.I32(), []int32{7, -3})
	h := tensor.New(tensor.Float16, tensor.Shape{3})
	b := tensor.New(tensor.Bool, tensor.Shape{3})
	b.Bool()[1] = true
	f := tensor.FromF32(tensor.Shape{3}, []float32{1.75, -3, 300})
	for i, v := range f.F32() {
		h.F16()[i] = tensor.F32ToF16(v)
	}
	outs, err := Run(m.write(t, "dtypes.tflite"), u, n, h, b, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 7 {
		t.Fatalf("%d outputs, want 7", len(outs))
	}
	check := func(name string, got, want any) {
		t.Helper()
		if s1, s2 := fmt.Sprint(got), fmt.Sprint(want); s1 != s2 {
			t.Errorf("%s: got %s, want %s", name, s1, s2)
		}
	}
	check("uint8 in", outs[0].F32(), []float32{-256, 0, 254})
	check("int32", outs[1].I32(), []int32{14, -6})
	check("float16 in", outs[2].F32(), []float32{1.75, -3, 300})
	check("bool", outs[3].Bool(), []bool{true, false, true})
	check("int16 out", outs[4].I16(), []int16{1, -3, 300})
	check("int64 out", outs[5].I64(), []int64{1, -3, 300})
	check("float16 out", outs[6].F16(), h.F16())
	for i, dt := range []tensor.DType{tensor.Float32, tensor.Int32, tensor.Float32, tensor.Bool, tensor.Int16, tensor.Int64, tensor.Float16} {
		if outs[i].DType != dt {
			t.Errorf("output %d is %v, want %v", i, outs[i].DType, dt)
		}
	}
}

// TestErrors checks that bad jobs fail one by one, naming themselves, while
// good jobs in the same batch still return their outputs.
func TestErrors(t *testing.T) {
	Require(t)
	model := orderModel(false).write(t, "m.tflite")
	x := tensor.FromF32(tensor.Shape{1, 4}, []float32{1, 2, 3, 4})
	i32 := tensor.New(tensor.Int32, tensor.Shape{1, 4})
	res, err := RunBatch([]Job{
		{model, []*tensor.Tensor{x, x}},
		{model, []*tensor.Tensor{x, i32}},
		{model, []*tensor.Tensor{x}},
		{model + ".missing", []*tensor.Tensor{x, x}},
		{model, []*tensor.Tensor{x, tensor.New(tensor.Float32, tensor.Shape{1, 5})}},
	})
	if err == nil {
		t.Fatal("no error")
	}
	if len(res[0]) != 2 || res[1] != nil {
		t.Errorf("results %v: want outputs for job 0 only", res)
	}
	for _, want := range []string{
		"job 1: ", "model wants float32[1,4], got int32[1,4]",
		"job 2: ", "model has 2 inputs, got 1",
		"job 3: ", "no such file",
		"job 4: ", "got float32[1,5]",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "job 0") {
		t.Errorf("error blames the good job 0:\n%v", err)
	}
	if _, err := Run(model, x); err == nil {
		t.Error("Run with too few inputs succeeded")
	}
}
