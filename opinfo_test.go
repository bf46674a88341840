package octet_test

import (
	"testing"

	"github.com/octet-ml/octet"
)

// TestOpsLSTMMACs checks the multiply-accumulate count of the BLSTM's two
// LSTM directions by hand: 28 steps, 4 gates of 128 cells, each meeting
// 28 inputs and 128 recurrent values: 28·4·128·(28+128) = 2,236,416.
func TestOpsLSTMMACs(t *testing.T) {
	for _, path := range []string{"models/blstm/testdata/fashion_blstm.tflite", "models/blstm/testdata/fashion_blstm_int8.tflite"} {
		m, err := octet.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		it, err := octet.NewInterpreter(m)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, op := range it.Ops() {
			if op.Name != "UNIDIRECTIONAL_SEQUENCE_LSTM" {
				continue
			}
			n++
			if op.MACs != 28*4*128*(28+128) {
				t.Errorf("%s op %d: %d MACs, want %d", path, op.Index, op.MACs, 28*4*128*(28+128))
			}
		}
		if n != 2 {
			t.Errorf("%s: %d LSTM ops, want 2", path, n)
		}
	}
}
