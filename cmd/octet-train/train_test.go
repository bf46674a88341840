package main

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/octet-ml/octet/internal/fmnist"
)

// smallConfig trains an 8-unit model for one epoch of 4 batches.
var smallConfig = Config{Seed: 11, Epochs: 1, Batch: 32, LR: 0.001, Units: 8, TrainN: 128}

// trainImages returns 160 seeded random 10x12 images (10 time steps of 12
// features) whose label is a function of the pixels, so there is
// something to learn; small sizes keep the tests quick under emulation.
func trainImages(t *testing.T) *fmnist.Set {
	const n, rows, cols = 160, 10, 12
	r := rand.New(rand.NewPCG(21, 21))
	s := &fmnist.Set{N: n, Rows: rows, Cols: cols, Images: make([]uint8, n*rows*cols), Labels: make([]uint8, n)}
	for i := range n {
		im := s.Image(i)
		sum := 0
		for k := range im {
			im[k] = uint8(r.IntN(256))
			sum += int(im[k]) * (k%7 + 1)
		}
		s.Labels[i] = uint8(sum % fmnist.Classes)
	}
	return s
}

func sameParams(t *testing.T, what string, a, b *Params) {
	t.Helper()
	la, lb := a.List(), b.List()
	for i := range la {
		for k := range la[i].V {
			if math.Float32bits(la[i].V[k]) != math.Float32bits(lb[i].V[k]) {
				t.Fatalf("%s: %s[%d] = %v vs %v", what, la[i].Name, k, la[i].V[k], lb[i].V[k])
			}
		}
	}
}

// TestTrainReproducible trains the same short epoch twice and gets the same
// weights bit for bit, and different weights from a different seed.
func TestTrainReproducible(t *testing.T) {
	data := trainImages(t)
	a, err := Train(smallConfig, data, TrainOpts{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(smallConfig, data, TrainOpts{})
	if err != nil {
		t.Fatal(err)
	}
	sameParams(t, "two runs", a.Params, b.Params)
	init := InitParams(12, smallConfig.Units, fmnist.Classes, smallConfig.Seed)
	if a.Params.Fw.Wh[gateF][0] == init.Fw.Wh[gateF][0] || a.AdamStep != 4 {
		t.Fatalf("training did not move the weights (adam steps %d)", a.AdamStep)
	}
	if len(a.History) != 1 || a.History[0].TrainLoss <= 0 || a.History[0].TrainLoss > 5 {
		t.Fatalf("history %+v", a.History)
	}
	other := smallConfig
	other.Seed++
	c, err := Train(other, data, TrainOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Params.Fw.Wx[gateI][0] == a.Params.Fw.Wx[gateI][0] {
		t.Error("another seed gave the same weights")
	}
}

// TestTrainResume interrupts a run after 3 batches (checkpointing), resumes
// it from the file and gets the uninterrupted run's weights, Adam state and
// metrics exactly.
func TestTrainResume(t *testing.T) {
	data := trainImages(t)
	cfg := smallConfig
	cfg.Epochs = 2
	full, err := Train(cfg, data, TrainOpts{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.ckpt")
	part, err := Train(cfg, data, TrainOpts{CkptPath: path, StopAfter: 3})
	if err != nil {
		t.Fatal(err)
	}
	if part.Epoch != 0 || part.Batch != 3 {
		t.Fatalf("stopped at epoch %d batch %d", part.Epoch, part.Batch)
	}
	ck, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	sameParams(t, "checkpoint round trip", part.Params, ck.Params)
	resumed, err := Train(cfg, data, TrainOpts{CkptPath: path, Resume: ck})
	if err != nil {
		t.Fatal(err)
	}
	sameParams(t, "resumed vs uninterrupted", full.Params, resumed.Params)
	for i := range full.M {
		for k := range full.M[i] {
			if full.M[i][k] != resumed.M[i][k] || full.V[i][k] != resumed.V[i][k] {
				t.Fatalf("Adam state %d[%d] differs", i, k)
			}
		}
	}
	if full.AdamStep != resumed.AdamStep || len(resumed.History) != 2 || full.History[1].TrainLoss != resumed.History[1].TrainLoss {
		t.Fatalf("resumed run: step %d history %+v; full: step %d history %+v", resumed.AdamStep, resumed.History, full.AdamStep, full.History)
	}
	// A checkpoint is refused for another configuration.
	other := cfg
	other.LR = 0.01
	if _, err := Train(other, data, TrainOpts{Resume: ck}); err == nil {
		t.Error("resumed with another learning rate")
	}
}

func TestCheckpointCorrupt(t *testing.T) {
	p := testParams(4, 1)
	ck := &Checkpoint{Config: smallConfig, Params: p}
	for _, x := range p.List() {
		ck.M = append(ck.M, make([]float32, len(x.V)))
		ck.V = append(ck.V, make([]float32, len(x.V)))
	}
	path := filepath.Join(t.TempDir(), "c.ckpt")
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	sameParams(t, "round trip", p, got.Params)
	b := readFile(t, path)
	b[len(b)-3] ^= 1
	writeFile(t, path, b)
	if _, err := LoadCheckpoint(path); err == nil {
		t.Error("flipped bit not detected")
	}
	writeFile(t, path, b[:len(b)-8])
	if _, err := LoadCheckpoint(path); err == nil {
		t.Error("truncated checkpoint loaded")
	}
}
