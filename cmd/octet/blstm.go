package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/internal/imgio"
	"github.com/octet-ml/octet/models/blstm"
)

const (
	blstmUsage         = "usage: octet blstm eval [--model M.tflite] [--data DIR] [--limit N] | octet blstm classify IMAGE [--model M.tflite] [--invert]"
	blstmEvalUsage     = "usage: octet blstm eval [--model M.tflite] [--data DIR] [--limit N]"
	blstmClassifyUsage = "usage: octet blstm classify IMAGE [--model M.tflite] [--invert]"
)

// progress is where long-running subcommands report progress.
var progress io.Writer = os.Stderr

func cmdBLSTM(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(blstmUsage)
	}
	switch args[0] {
	case "eval":
		return blstmEval(args[1:], stdout)
	case "classify":
		return blstmClassify(args[1:], stdout)
	}
	return fmt.Errorf("blstm: unknown subcommand %q; %s", args[0], blstmUsage)
}

// loadClassifier returns a Classifier for the .tflite file at path, or for
// the embedded default model when path is empty, and the model's name.
func loadClassifier(path string) (*blstm.Classifier, string, error) {
	if path == "" {
		c, err := blstm.Default()
		return c, "the embedded default model (models/blstm/model)", err
	}
	m, err := octet.LoadFile(path)
	if err != nil {
		return nil, "", err
	}
	c, err := blstm.New(m)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return c, path, nil
}

// label names class c, in Fashion-MNIST's order.
func label(c int) string {
	if c >= 0 && c < blstm.NumLabels {
		return blstm.Labels()[c]
	}
	return fmt.Sprintf("class %d", c)
}

// blstmEval measures a classifier's accuracy on the t10k split. Progress
// goes to stderr; the last line of stdout is accuracy=<float>.
func blstmEval(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("blstm eval", flag.ContinueOnError)
	model := fs.String("model", "", "classifier .tflite, [1,28,28] input (default: the embedded model)")
	data := fs.String("data", fmnist.DefaultDir, "directory with Fashion-MNIST's t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]")
	limit := fs.Int("limit", 0, "evaluate the first N test images (0: all)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("blstm eval: unexpected argument %q; %s", pos[0], blstmEvalUsage)
	}
	if *limit < 0 {
		return fmt.Errorf("blstm eval: --limit %d is negative", *limit)
	}
	c, name, err := loadClassifier(*model)
	if err != nil {
		return err
	}
	defer c.Close()
	test, err := fmnist.Load(*data, "t10k")
	if err != nil {
		return err
	}
	if steps, features := c.InputSize(); steps != test.Rows || features != test.Cols {
		return fmt.Errorf("blstm eval: the model reads %d rows of %d values, the images are %dx%d", steps, features, test.Cols, test.Rows)
	}
	test = test.Subset(*limit)
	var perClass, perClassOK [fmnist.Classes]int
	correct := 0
	every := max(1, test.N/10)
	flat := make([]float32, test.Rows*test.Cols)
	rows := make([][]float32, test.Rows)
	for y := range rows {
		rows[y] = flat[y*test.Cols : (y+1)*test.Cols]
	}
	t0 := time.Now()
	for i := range test.N {
		test.Float(i, flat)
		class, _, err := c.Classify(rows)
		if err != nil {
			return fmt.Errorf("test image %d: %w", i, err)
		}
		l := int(test.Labels[i])
		perClass[l]++
		if class == l {
			correct++
			perClassOK[l]++
		}
		if (i+1)%every == 0 || i+1 == test.N {
			fmt.Fprintf(progress, "blstm eval: %d/%d images, accuracy so far %.4f\n", i+1, test.N, float64(correct)/float64(i+1))
		}
	}
	el := time.Since(t0)
	fmt.Fprintf(stdout, "model: %s\n", name)
	fmt.Fprintf(stdout, "data: %s (t10k, first %d of the split)\n", *data, test.N)
	for k := range fmnist.Classes {
		if perClass[k] > 0 {
			fmt.Fprintf(stdout, "  %-11s %4d/%-4d %.4f\n", label(k), perClassOK[k], perClass[k], float64(perClassOK[k])/float64(perClass[k]))
		}
	}
	fmt.Fprintf(stdout, "correct: %d/%d in %s (%.3f ms per image)\n", correct, test.N, el.Round(time.Millisecond),
		float64(el.Microseconds())/1000/float64(test.N))
	fmt.Fprintf(stdout, "accuracy=%s\n", strconv.FormatFloat(float64(correct)/float64(test.N), 'f', -1, 64))
	return nil
}

// blstmClassify classifies one image file. The last line of stdout is
// class=<int> label="<name>" p=<probability>.
func blstmClassify(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("blstm classify", flag.ContinueOnError)
	model := fs.String("model", "", "classifier .tflite (default: the embedded model)")
	invert := fs.Bool("invert", false, "invert the gray levels first, for a dark object on a light background")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New(blstmClassifyUsage)
	}
	img, err := imgio.DecodeFile(pos[0])
	if err != nil {
		return err
	}
	c, _, err := loadClassifier(*model)
	if err != nil {
		return err
	}
	defer c.Close()
	steps, features := c.InputSize()
	rows := blstm.Rows(img, steps, features)
	if *invert {
		for _, r := range rows {
			for x, v := range r {
				r[x] = 1 - v
			}
		}
	}
	class, probs, err := c.Classify(rows)
	if err != nil {
		return err
	}
	for k, p := range probs {
		fmt.Fprintf(stdout, "  %-11s %.4f\n", label(k), p)
	}
	fmt.Fprintf(stdout, "class=%d label=%q p=%.4f\n", class, label(class), probs[class])
	return nil
}
