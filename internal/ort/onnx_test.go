package ort

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/octet-ml/octet/tensor"
)

// TestEncodeBytes pins the wire format of each message kind against bytes
// worked out by hand from onnx.proto's field numbers.
func TestEncodeBytes(t *testing.T) {
	ptr := func(a Attr) *Attr { return &a }
	enc := func(f func(*pb)) []byte {
		var b pb
		f(&b)
		return b.buf
	}
	cases := []struct {
		name string
		got  []byte
		want []byte
	}{
		{
			// NodeProto: input=1 "a", "" (an omitted optional input),
			// output=2 "y", op_type=4 "Relu".
			name: "node",
			got:  enc((&Node{OpType: "Relu", Inputs: []string{"a", ""}, Outputs: []string{"y"}}).encode),
			want: []byte{0x0a, 1, 'a', 0x0a, 0, 0x12, 1, 'y', 0x22, 4, 'R', 'e', 'l', 'u'},
		},
		{
			// AttributeProto: name=1, i=3 (varint), type=20 (tag 0xa0 0x01) INT=2.
			name: "int attribute",
			got:  enc((&Attr{Name: "k", kind: attrInt, i: 300}).encode),
			want: []byte{0x0a, 1, 'k', 0x18, 0xac, 0x02, 0xa0, 0x01, 2},
		},
		{
			// A negative int64 is a ten-byte varint.
			name: "negative ints attribute",
			got:  enc(ptr(IntsAttr("p", -1, 2)).encode),
			want: []byte{0x0a, 1, 'p', 0x40, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x40, 2, 0xa0, 0x01, 7},
		},
		{
			// f=2 is a fixed32 (wire type 5): tag 0x15; 0.5 = 0x3f000000.
			name: "float attribute",
			got:  enc(ptr(FloatAttr("f", 0.5)).encode),
			want: []byte{0x0a, 1, 'f', 0x15, 0, 0, 0, 0x3f, 0xa0, 0x01, 1},
		},
		{
			name: "string attribute",
			got:  enc(ptr(StringAttr("d", "ab")).encode),
			want: []byte{0x0a, 1, 'd', 0x22, 2, 'a', 'b', 0xa0, 0x01, 3},
		},
		{
			// TensorProto: dims=1, data_type=2, name=8, raw_data=9.
			name: "tensor",
			got:  enc(func(b *pb) { x := FloatTensor("w", []int64{1, 2}, []float32{1, -2}); x.encode(b) }),
			want: []byte{0x08, 1, 0x08, 2, 0x10, 1, 0x42, 1, 'w', 0x4a, 8, 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0},
		},
		{
			// ValueInfoProto{name=1, type=2: TypeProto{tensor_type=1:
			// {elem_type=1, shape=2: {dim=1: {dim_param=2 "N"}, dim=1: {dim_value=1 3}}}}}.
			name: "value info",
			got:  enc((&ValueInfo{Name: "x", ElemType: Float32, Shape: []Dim{{Param: "N"}, {Value: 3}}}).encode),
			want: []byte{0x0a, 1, 'x', 0x12, 15, 0x0a, 13, 0x08, 1, 0x12, 9, 0x0a, 3, 0x12, 1, 'N', 0x0a, 2, 0x08, 3},
		},
	}
	for _, c := range cases {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%s:\n got % x\nwant % x", c.name, c.got, c.want)
		}
	}

	m := &Model{IRVersion: 7, Opset: 13, ProducerName: "p", Graph: Graph{Name: "g",
		Outputs: []ValueInfo{{Name: "y", ElemType: Float32}}}}
	got, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	// ir_version=1, producer_name=2, graph=7 {name=2, output=12 {name,
	// type: no shape (nil Shape: rank unknown)}}, opset_import=8 {domain=1
	// "", version=2}.
	want := []byte{0x08, 7, 0x12, 1, 'p',
		0x3a, 14, 0x12, 1, 'g', 0x62, 9, 0x0a, 1, 'y', 0x12, 4, 0x0a, 2, 0x08, 1,
		0x42, 4, 0x0a, 0, 0x10, 13}
	if !bytes.Equal(got, want) {
		t.Errorf("model:\n got % x\nwant % x", got, want)
	}
}

func TestMarshalErrors(t *testing.T) {
	base := func() *Model {
		return &Model{IRVersion: 7, Opset: 13, Graph: Graph{
			Nodes:        []Node{{OpType: "Identity", Inputs: []string{"x"}, Outputs: []string{"y"}}},
			Initializers: []Tensor{FloatTensor("c", []int64{2}, []float32{1, 2})},
			Inputs:       []ValueInfo{{Name: "x", ElemType: Float32, Shape: Fixed(2)}},
			Outputs:      []ValueInfo{{Name: "y", ElemType: Float32, Shape: Fixed(2)}},
		}}
	}
	if _, err := base().Marshal(); err != nil {
		t.Fatalf("valid model: %v", err)
	}
	for name, breakIt := range map[string]func(*Model){
		"no opset":         func(m *Model) { m.Opset = 0 },
		"no outputs":       func(m *Model) { m.Graph.Outputs = nil },
		"short data":       func(m *Model) { m.Graph.Initializers[0].Dims = []int64{3} },
		"negative dim":     func(m *Model) { m.Graph.Initializers[0].Dims = []int64{-2} },
		"unnamed tensor":   func(m *Model) { m.Graph.Initializers[0].Name = "" },
		"unknown type":     func(m *Model) { m.Graph.Initializers[0].DataType = 99 },
		"untyped output":   func(m *Model) { m.Graph.Outputs[0].ElemType = 0 },
		"node without op":  func(m *Model) { m.Graph.Nodes[0].OpType = "" },
		"node without out": func(m *Model) { m.Graph.Nodes[0].Outputs = nil },
	} {
		m := base()
		breakIt(m)
		if _, err := m.Marshal(); err == nil {
			t.Errorf("%s: Marshal succeeded", name)
		}
	}
}

// TestTinyModelRuns checks the writer against ONNX Runtime itself: a model
// with a free batch dimension, float, int and ints attributes, float and
// int64 initializers and two outputs.
//
//	y = LeakyRelu(x + c, alpha 0.25)             [N,3]
//	z = Flatten(Reshape(Transpose(x, perm 1,0), [-1]), axis 0)    [1,3N]
func TestTinyModelRuns(t *testing.T) {
	Require(t)
	m := &Model{IRVersion: IRVersion, Opset: Opset, ProducerName: "test", Graph: Graph{
		Name: "tiny",
		Nodes: []Node{
			{OpType: "Add", Inputs: []string{"x", "c"}, Outputs: []string{"s"}},
			{OpType: "LeakyRelu", Inputs: []string{"s"}, Outputs: []string{"y"}, Attrs: []Attr{FloatAttr("alpha", 0.25)}},
			{OpType: "Transpose", Inputs: []string{"x"}, Outputs: []string{"xt"}, Attrs: []Attr{IntsAttr("perm", 1, 0)}},
			{OpType: "Reshape", Inputs: []string{"xt", "flat"}, Outputs: []string{"r"}},
			{OpType: "Flatten", Inputs: []string{"r"}, Outputs: []string{"z"}, Attrs: []Attr{IntAttr("axis", 0)}},
		},
		Initializers: []Tensor{
			FloatTensor("c", []int64{3}, []float32{1, -2, 0.5}),
			Int64Tensor("flat", []int64{1}, []int64{-1}),
		},
		Inputs:  []ValueInfo{{Name: "x", ElemType: Float32, Shape: []Dim{{Param: "N"}, {Value: 3}}}},
		Outputs: []ValueInfo{{Name: "y", ElemType: Float32, Shape: []Dim{{Param: "N"}, {Value: 3}}}, {Name: "z", ElemType: Float32, Shape: []Dim{{Value: 1}, {Param: "M"}}}},
	}}
	b, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tiny.onnx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	x := tensor.FromF32(tensor.Shape{2, 3}, []float32{1, 2, 3, -4, 5, -6})
	outs, err := Run(path, x)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 {
		t.Fatalf("%d outputs, want 2", len(outs))
	}
	wantY := []float32{2, 0, 3.5, -0.75, 3, -1.375}
	wantZ := []float32{1, -4, 2, 5, 3, -6}
	for i, c := range []struct {
		shape tensor.Shape
		want  []float32
	}{{tensor.Shape{2, 3}, wantY}, {tensor.Shape{1, 6}, wantZ}} {
		o := outs[i]
		if o.DType != tensor.Float32 || !o.Shape.Equal(c.shape) {
			t.Fatalf("output %d is %v%v, want float32%v", i, o.DType, o.Shape, c.shape)
		}
		for k, v := range o.F32() {
			if math.Abs(float64(v-c.want[k])) > 1e-6 {
				t.Errorf("output %d: got %v, want %v", i, o.F32(), c.want)
				break
			}
		}
	}

	// A model ONNX Runtime rejects is reported as the job's error.
	bad := filepath.Join(t.TempDir(), "bad.onnx")
	if err := os.WriteFile(bad, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(bad, x); err == nil || !strings.Contains(err.Error(), "ort job 0") {
		t.Errorf("Run on garbage: err = %v, want a job error", err)
	}
}

func TestParseBench(t *testing.T) {
	out := "model: m.onnx\nruntime: onnxruntime-node 1.30.0 (native CPU EP)\nwarm-up: 3 runs in 10 ms\n" +
		"latency: min 0.1 ms ...\nmedian_ms=0.2500 p90_ms=0.3000 min_ms=0.1000 runs=200\n"
	r, err := parseBench(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Median.Microseconds() != 250 || r.P90.Microseconds() != 300 || r.Min.Microseconds() != 100 || r.Runs != 200 ||
		r.Runtime != "onnxruntime-node 1.30.0 (native CPU EP)" {
		t.Errorf("parsed %+v", r)
	}
	for _, bad := range []string{"", "median_ms=1 runs=2", "median_ms=x p90_ms=1 min_ms=1 runs=1", "median_ms=1 p90_ms=1 min_ms=1 runs=0"} {
		if _, err := parseBench(bad); err == nil {
			t.Errorf("parseBench(%q) succeeded", bad)
		}
	}
}
