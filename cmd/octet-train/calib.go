package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/tensor"
	"github.com/octet-ml/octet/tensor/npy"
)

// cmdCalib writes a calibration set for `octet quantize`: n training images
// (every stride-th one, wrapping around) as float32 [1,28,28] .npy files of
// pixel/255, named so that their order is the sampling order.
func cmdCalib(args []string) error {
	fs := flag.NewFlagSet("calib", flag.ExitOnError)
	data := fs.String("data", fmnist.DefaultDir, "Fashion-MNIST directory")
	n := fs.Int("n", 300, "number of samples")
	stride := fs.Int("stride", 199, "take training image i*stride mod 60000")
	out := fs.String("o", "", "output directory")
	fs.Parse(args)
	if *out == "" || *n <= 0 || *stride <= 0 {
		return fmt.Errorf("calib: want -o DIR, -n > 0 and -stride > 0")
	}
	train, err := fmnist.Load(*data, "train")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	x := tensor.New(tensor.Float32, tensor.Shape{1, train.Rows, train.Cols})
	for i := range *n {
		train.Float(i**stride%train.N, x.F32())
		if err := npy.WriteFile(filepath.Join(*out, fmt.Sprintf("sample%05d.npy", i)), x); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d samples to %s\n", *n, *out)
	return nil
}
