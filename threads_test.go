package octet_test

import (
	"bytes"
	"testing"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/models/portrait"
)

// TestThreadsSameResult runs the float and int8 selfie models with 1, 2 and
// 3 threads: the outputs must be identical, and Invoke must not allocate.
func TestThreadsSameResult(t *testing.T) {
	img, err := imgio.DecodeFile("testdata/astronaut.png")
	if err != nil {
		t.Fatal(err)
	}
	in := portrait.Preprocess(img, 256, 256)
	for _, path := range []string{selfieModel, "models/portrait/model/selfie_segmentation_int8.tflite"} {
		m, err := octet.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var want []byte
		for _, n := range []int{1, 2, 3} {
			it, err := octet.NewInterpreter(m, octet.Threads(n))
			if err != nil {
				t.Fatal(err)
			}
			copy(it.Input(0).Data, in.Data)
			if err := it.Invoke(); err != nil {
				t.Fatal(err)
			}
			got := append([]byte(nil), it.Output(0).Data...)
			if want == nil {
				want = got
			} else if !bytes.Equal(got, want) {
				t.Errorf("%s: %d threads give a different output", path, n)
			}
			if a := testing.AllocsPerRun(3, func() { it.Invoke() }); a != 0 {
				t.Errorf("%s: %d threads: Invoke allocates %v times", path, n, a)
			}
			it.Close()
		}
	}
}

func BenchmarkSelfieThreads(b *testing.B) {
	for _, path := range []string{selfieModel, "models/portrait/model/selfie_segmentation_int8.tflite"} {
		m, err := octet.LoadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range []int{1, 2} {
			it, _ := octet.NewInterpreter(m, octet.Threads(n))
			name := "float"
			if bytes.Contains([]byte(path), []byte("int8")) {
				name = "int8"
			}
			b.Run(name+"/threads="+string(rune('0'+n)), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					it.Invoke()
				}
			})
			it.Close()
		}
	}
}
