package tflite

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite testdata/fuzz/FuzzParse seed files")

// FuzzParse checks that Parse never panics, and that whatever it accepts
// Encode writes and Parse reads back (re-encoding that is byte-identical).
// The panic guard in Parse is off here so that the fuzzer sees real bugs.
func FuzzParse(f *testing.F) {
	old := recoverPanics
	recoverPanics = false
	f.Cleanup(func() { recoverPanics = old })
	for _, p := range []string{portraitPath, landscapePath} {
		f.Add(readFile(f, p))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err != nil {
			return
		}
		enc, err := m.Encode()
		if err != nil {
			t.Fatalf("Parse accepted the file but Encode failed: %v", err)
		}
		m2, err := Parse(enc)
		if err != nil {
			t.Fatalf("Parse rejects what Encode wrote: %v", err)
		}
		enc2, err := m2.Encode()
		if err != nil {
			t.Fatalf("second Encode: %v", err)
		}
		if !bytes.Equal(enc, enc2) {
			t.Fatal("Encode(Parse(Encode(m))) differs from Encode(m)")
		}
	})
}

// allOptionsModel has one operator for each options table, every field set.
func allOptionsModel() *Model {
	m := &Model{
		Version:       3,
		OperatorCodes: []OperatorCode{{Builtin: OpAdd, Version: 1}},
		Subgraphs:     []Subgraph{{Tensors: []Tensor{{Name: "x", Shape: []int32{1}}}}},
	}
	for typ := BuiltinOptionsType(1); int(typ) < len(builtinOptionsNames); typ++ {
		o := newOptions(typ)
		fillOptions(o, int(typ))
		m.Subgraphs[0].Operators = append(m.Subgraphs[0].Operators, Operator{Outputs: []int32{0}, Options: o})
	}
	return m
}

// TestWriteFuzzSeeds regenerates the seed corpus with -update-seeds and
// otherwise checks that every seed behaves as its name says.
func TestWriteFuzzSeeds(t *testing.T) {
	must := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	rich := must(richModel().Encode())
	minimal := must((&Model{
		Version:       3,
		OperatorCodes: []OperatorCode{{Builtin: OpAdd, Version: 1}},
		Subgraphs: []Subgraph{{
			Tensors:   []Tensor{{Name: "a", Shape: []int32{2}}, {Name: "b", Shape: []int32{2}}},
			Inputs:    []int32{0},
			Outputs:   []int32{1},
			Operators: []Operator{{Inputs: []int32{0, 0}, Outputs: []int32{1}, Options: &AddOptions{FusedActivation: ActRelu}}},
		}},
	}).Encode())
	quant := richModel()
	quant.Subgraphs[0].Tensors[1].Quantization.QuantizedDimension = 2
	quant.Subgraphs[0].Tensors[1].Type = TensorInt4
	quantEnc := must(quant.Encode())
	flipped := append([]byte(nil), rich...)
	flipped[len(flipped)/3] ^= 0xff
	seeds := map[string][]byte{
		"valid_minimal":        minimal,
		"valid_rich":           rich,
		"valid_all_options":    must(allOptionsModel().Encode()),
		"valid_external":       encodeExternal(richModel()),
		"valid_quant_int4":     quantEnc,
		"valid_golden_flatc":   readFile(t, "testdata/golden.tflite"),
		"invalid_sparse":       readFile(t, "testdata/sparse.tflite"),
		"invalid_quantdetails": readFile(t, "testdata/quant_details.tflite"),
		"invalid_truncated":    rich[:len(rich)/2],
		"invalid_flipped":      flipped,
		"invalid_identifier":   append(append(append([]byte(nil), minimal[:4]...), "TFL2"...), minimal[8:]...),
		"invalid_bad_index":    rawEncode(func() *Model { m := richModel(); m.Subgraphs[0].Operators[1].Inputs[0] = 50; return m }()),
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzParse")
	for name, data := range seeds {
		if len(data) > 20<<10 {
			t.Errorf("seed %s is %d bytes", name, len(data))
		}
		_, err := Parse(data)
		if valid := name[:5] == "valid"; valid != (err == nil) {
			t.Errorf("seed %s: Parse error %v", name, err)
		}
		path := filepath.Join(dir, name)
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if *updateSeeds {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != content {
			t.Errorf("seed %s is missing or stale; run go test -run TestWriteFuzzSeeds -update-seeds", name)
		}
	}
}
