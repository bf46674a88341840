package bench

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/graphtest"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tflite"
)

func TestByType(t *testing.T) {
	ops := []OpProfile{
		{Name: "CONV_2D", Mean: 3 * time.Millisecond, MACs: 3e6},
		{Name: "RELU", Mean: 1 * time.Millisecond},
		{Name: "CONV_2D", Mean: 5 * time.Millisecond, MACs: 1e6},
	}
	s := ByType(ops)
	if len(s) != 2 || s[0].Name != "CONV_2D" || s[0].Count != 2 || s[0].Total != 8*time.Millisecond || s[0].MACs != 4e6 {
		t.Fatalf("%+v", s)
	}
	// 3e6 MACs in 3 ms = 1 GMAC/s.
	if g := ops[0].GMACs(); g < 0.999 || g > 1.001 {
		t.Errorf("GMACs = %v", g)
	}
}

func TestProfileAndChart(t *testing.T) {
	b := graphtest.New()
	x := b.Input("x", tensor.Float32, 1, 8, 8, 4)
	w := b.ConstF32("w", []int{4, 1, 1, 4}, make([]float32, 16))
	y := b.Tensor("y", tensor.Float32, 1, 8, 8, 4)
	b.Op(tflite.OpConv2D, &tflite.Conv2DOptions{StrideW: 1, StrideH: 1, DilationW: 1, DilationH: 1}, []int{x, w, -1}, y)
	z := b.Tensor("z", tensor.Float32, 1, 8, 8, 4)
	b.Op(tflite.OpRelu, nil, []int{y}, z)
	b.Output(z)
	data, _ := b.Bytes()
	m, err := octet.LoadBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	it, _ := octet.NewInterpreter(m, octet.WithProfiling())
	ops, err := Profile(it, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 2 || ops[0].Name != "CONV_2D" || ops[0].MACs != 8*8*4*4 || ops[1].Name != "RELU" {
		t.Fatalf("%+v", ops)
	}
	var buf bytes.Buffer
	WriteProfile(&buf, ops)
	for _, want := range []string{"CONV_2D", "RELU", "GMAC/s", "total"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("profile lacks %q:\n%s", want, buf.String())
		}
	}
	buf.Reset()
	if err := WriteChart(&buf, "a <title> & more", ops); err != nil {
		t.Fatal(err)
	}
	// The chart is well-formed XML with one bar per op type.
	dec := xml.NewDecoder(&buf)
	rects := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			rects++
		}
	}
	if rects != 1+2 { // background + 2 types
		t.Errorf("%d rects", rects)
	}
	if PeakRSS() <= 0 {
		t.Log("no VmHWM on this system")
	}
}
