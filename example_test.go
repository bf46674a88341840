package octet_test

import (
	"fmt"

	"github.com/octet-ml/octet"
)

func ExampleLoadFile() {
	model, err := octet.LoadFile("models/portrait/model/selfie_segmentation.tflite")
	if err != nil {
		panic(err)
	}
	in, out := model.InputInfo(0), model.OutputInfo(0)
	fmt.Println(in.Name, in.DType, in.Shape)
	fmt.Println(out.Name, out.DType, out.Shape)
	// Output:
	// input_1 float32 [1 256 256 3]
	// activation_10 float32 [1 256 256 1]
}

func ExampleInterpreter_Invoke() {
	model, err := octet.LoadFile("models/portrait/model/selfie_segmentation.tflite")
	if err != nil {
		panic(err)
	}
	it, err := octet.NewInterpreter(model)
	if err != nil {
		panic(err)
	}
	// A flat mid-grey picture: RGB in [0,1].
	in := it.InputByName("input_1").F32()
	for i := range in {
		in[i] = 0.5
	}
	if err := it.Invoke(); err != nil {
		panic(err)
	}
	mask := it.Output(0).F32() // person probability per pixel
	person := 0
	for _, p := range mask {
		if p > 0.5 {
			person++
		}
	}
	fmt.Printf("%d mask values, %d of them person\n", len(mask), person)
	// Output: 65536 mask values, 0 of them person
}
