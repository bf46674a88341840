// Command octet-train trains the reference design's bidirectional-LSTM
// classifier (28 rows of 28 pixels read as a sequence, 128 LSTM units per
// direction, the last outputs of both directions concatenated, dense 256->10,
// softmax) on Fashion-MNIST with gorgonia, and exports it as a float32
// .tflite file.
//
//	octet-train train  [-epochs 10 -batch 256 -lr 0.001 -units 128 -seed 1 -train-n 0] -ckpt blstm.ckpt [-resume] [-o model.tflite]
//	octet-train export -ckpt blstm.ckpt -o model.tflite [-form uni|bidi|unrolled]
//	octet-train eval   -model model.tflite [-n 10000]    # accuracy through LiteRT.js
//
// Training is deterministic: the same flags give the same weights, bit for
// bit, and a run resumed from a checkpoint continues exactly where it
// stopped. Data: scripts/install-fashion-mnist.sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/octet-ml/octet/internal/fmnist"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "train":
		err = cmdTrain(os.Args[2:])
	case "export":
		err = cmdExport(os.Args[2:])
	case "eval":
		err = cmdEval(os.Args[2:])
	case "calib":
		err = cmdCalib(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "octet-train:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  octet-train train  [-epochs 10 -batch 256 -lr 0.001 -units 128 -seed 1 -train-n 0 -data DIR] -ckpt FILE [-resume] [-o MODEL.tflite -form uni]
  octet-train export -ckpt FILE -o MODEL.tflite [-form uni|bidi|unrolled]
  octet-train eval   -model MODEL.tflite [-n 10000 -per-process 2500 -data DIR]
  octet-train calib  -o DIR [-n 300 -stride 199 -data DIR]   (a calibration set for octet quantize)`)
	os.Exit(2)
}

func cmdTrain(args []string) error {
	fs := flag.NewFlagSet("train", flag.ExitOnError)
	var cfg Config
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the weight initialisation and the data order")
	fs.IntVar(&cfg.Epochs, "epochs", 10, "epochs (a resumed run may raise it)")
	fs.IntVar(&cfg.Batch, "batch", 256, "batch size")
	fs.Float64Var(&cfg.LR, "lr", 0.001, "Adam learning rate")
	fs.IntVar(&cfg.Units, "units", 128, "LSTM units per direction")
	fs.IntVar(&cfg.TrainN, "train-n", 0, "train on the first N training images (0: all)")
	data := fs.String("data", fmnist.DefaultDir, "Fashion-MNIST directory")
	ckpt := fs.String("ckpt", "blstm.ckpt", "checkpoint file (written every epoch and every -ckpt-every batches)")
	every := fs.Int("ckpt-every", 20, "checkpoint every N batches too (0: epoch ends only)")
	resume := fs.Bool("resume", false, "continue from -ckpt if it exists")
	out := fs.String("o", "", "export the trained model to this .tflite file")
	form := fs.String("form", "uni", "export form (see export)")
	stop := fs.Int("stop-after", 0, "stop after N batches (0: run to the end)")
	fs.Parse(args)

	train, err := fmnist.Load(*data, "train")
	if err != nil {
		return err
	}
	test, err := fmnist.Load(*data, "t10k")
	if err != nil {
		return err
	}
	o := TrainOpts{CkptPath: *ckpt, CkptEvery: *every, Log: os.Stdout, Progress: os.Stderr, Test: test, StopAfter: *stop}
	if *resume {
		if c, err := LoadCheckpoint(*ckpt); err == nil {
			o.Resume = c
			fmt.Printf("resuming %s at epoch %d, batch %d\n", *ckpt, c.Epoch+1, c.Batch)
		} else if !os.IsNotExist(err) {
			return err
		}
	}
	fmt.Printf("config %+v, %d training images\n", cfg, train.Subset(cfg.TrainN).N)
	t0 := time.Now()
	ck, err := Train(cfg, train, o)
	if err != nil {
		return err
	}
	fmt.Printf("trained in %s\n", time.Since(t0).Round(time.Second))
	if *out != "" && ck.Epoch == cfg.Epochs {
		return export(ck.Params, *form, *out)
	}
	return nil
}

func cmdExport(args []string) error {
	fs := flag.NewFlagSet("export", flag.ExitOnError)
	ckpt := fs.String("ckpt", "blstm.ckpt", "checkpoint file")
	out := fs.String("o", "", "output .tflite file")
	form := fs.String("form", "uni", "uni: two UNIDIRECTIONAL_SEQUENCE_LSTM with REVERSE_V2 (the TFLite converter's form); bidi: one BIDIRECTIONAL_SEQUENCE_LSTM; unrolled: elementary ops, no variable tensors (LiteRT.js)")
	fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("export: -o is required")
	}
	c, err := LoadCheckpoint(*ckpt)
	if err != nil {
		return err
	}
	return export(c.Params, *form, *out)
}

func export(p *Params, form, path string) error {
	b, err := Export(p, form)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s (%s form, %d bytes)\n", path, form, len(b))
	return nil
}
