package portrait_test

import (
	"fmt"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/models/portrait"
)

// The reference network is an ordinary portrait model: build it, load it
// and segment with it (its weights are random, so the mask is not a person).
func ExampleBuildReference() {
	data, err := portrait.BuildReference(portrait.ReferenceSeed)
	if err != nil {
		panic(err)
	}
	model, err := octet.LoadBytes(data)
	if err != nil {
		panic(err)
	}
	fmt.Println("input", model.InputInfo(0).Shape, "output", model.OutputInfo(0).Shape, "ops", model.NumOps())
	seg, err := portrait.New(model)
	if err != nil {
		panic(err)
	}
	mask, err := seg.Segment(loadPhoto())
	if err != nil {
		panic(err)
	}
	fmt.Println("mask size:", mask.Rect.Dx(), "x", mask.Rect.Dy())
	// Output:
	// input [1 160 160 3] output [1 160 160 2] ops 44
	// mask size: 512 x 512
}
