package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/octet-ml/octet/internal/fmnist"
)

// Config is what a training run is reproduced from.
type Config struct {
	Seed   uint64  `json:"seed"`
	Epochs int     `json:"epochs"`
	Batch  int     `json:"batch"`
	LR     float64 `json:"lr"`
	Units  int     `json:"units"`
	// TrainN uses the first TrainN training images (0: all 60,000).
	TrainN int `json:"train_n"`
}

// Adam's constants (Keras's defaults).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-7
)

// TrainOpts are the knobs that do not change the result.
type TrainOpts struct {
	Resume    *Checkpoint // continue from here (nil: start afresh)
	CkptPath  string      // "" for no checkpoints
	CkptEvery int         // also checkpoint every this many batches (0: at epoch ends only)
	Log       io.Writer   // per-epoch lines (nil: discard)
	Progress  io.Writer   // progress bar (nil: none)
	// StopAfter stops (after checkpointing) once this many batches have
	// run in this call; 0 runs to the end. Tests use it to interrupt.
	StopAfter int
	// Test, when set, is evaluated after every epoch.
	Test *fmnist.Set
}

// epochOrder is the deterministic permutation of the training set used in
// epoch e.
func epochOrder(seed uint64, e, n int) []int {
	return rand.New(rand.NewPCG(seed, uint64(e)+1)).Perm(n)
}

// Train trains on train.Subset(cfg.TrainN) and returns the final state.
func Train(cfg Config, train *fmnist.Set, o TrainOpts) (*Checkpoint, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	train = train.Subset(cfg.TrainN)
	ck := o.Resume
	if ck == nil {
		p := InitParams(train.Cols, cfg.Units, fmnist.Classes, cfg.Seed)
		ck = &Checkpoint{Config: cfg, Params: p}
		for _, t := range p.List() {
			ck.M = append(ck.M, make([]float32, len(t.V)))
			ck.V = append(ck.V, make([]float32, len(t.V)))
		}
	} else {
		want := ck.Config
		want.Epochs = cfg.Epochs // the only setting a resumed run may change
		if want != cfg {
			return nil, fmt.Errorf("checkpoint was made with %+v, not %+v", ck.Config, cfg)
		}
		ck.Config.Epochs = cfg.Epochs
	}
	p := ck.Params
	if p.In != train.Cols || p.Units != cfg.Units {
		return nil, fmt.Errorf("weights are for %d inputs, %d units; data has %d columns, config %d units", p.In, p.Units, train.Cols, cfg.Units)
	}
	nb := train.N / cfg.Batch
	if nb == 0 {
		return nil, fmt.Errorf("%d training images make no batch of %d", train.N, cfg.Batch)
	}
	n, err := newNet(p, cfg.Batch, train.Rows, true)
	if err != nil {
		return nil, err
	}
	list := p.List()
	save := func() error {
		if o.CkptPath == "" {
			return nil
		}
		return ck.Save(o.CkptPath)
	}
	ran := 0
	for ck.Epoch < cfg.Epochs {
		e := ck.Epoch
		order := epochOrder(cfg.Seed, e, train.N)
		bar := newBar(o.Progress, fmt.Sprintf("epoch %d/%d", e+1, cfg.Epochs), nb)
		start := time.Now()
		startBatch := ck.Batch
		for b := ck.Batch; b < nb; b++ {
			idx := order[b*cfg.Batch : (b+1)*cfg.Batch]
			n.setBatch(train, idx)
			if err := n.run(); err != nil {
				return nil, fmt.Errorf("epoch %d batch %d: %w", e+1, b, err)
			}
			loss := float64(f32(n.loss)[0])
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				return nil, fmt.Errorf("epoch %d batch %d: loss is %v", e+1, b, loss)
			}
			ck.LossSum += loss * float64(len(idx))
			ck.Correct += countCorrect(f32(n.logits), fmnist.Classes, train, idx)
			ck.Seen += len(idx)
			ck.AdamStep++
			for i, t := range list {
				adam(t.V, f32(n.grads[i]), ck.M[i], ck.V[i], cfg.LR, ck.AdamStep)
			}
			ck.Batch = b + 1
			ran++
			secs := time.Since(start).Seconds()
			bar.set(b+1, fmt.Sprintf("loss %.4f acc %.2f%% %.0f ex/s", ck.LossSum/float64(ck.Seen),
				100*float64(ck.Correct)/float64(ck.Seen), float64((b+1-startBatch)*cfg.Batch)/secs))
			if o.StopAfter > 0 && ran >= o.StopAfter {
				bar.done()
				return ck, save()
			}
			if o.CkptEvery > 0 && ck.Batch%o.CkptEvery == 0 && ck.Batch < nb {
				if err := save(); err != nil {
					return nil, err
				}
			}
		}
		bar.done()
		secs := time.Since(start).Seconds()
		l := EpochLog{Epoch: e + 1, TrainLoss: ck.LossSum / float64(ck.Seen), TrainAcc: float64(ck.Correct) / float64(ck.Seen),
			Seconds: secs, ExPerSec: float64((nb-startBatch)*cfg.Batch) / secs}
		line := fmt.Sprintf("epoch %d/%d: train loss %.4f acc %.2f%% | %.0f ex/s, %s", e+1, cfg.Epochs, l.TrainLoss, 100*l.TrainAcc,
			l.ExPerSec, time.Duration(secs*float64(time.Second)).Round(time.Second))
		if o.Test != nil {
			r, err := Evaluate(p, o.Test, 500)
			if err != nil {
				return nil, err
			}
			l.TestLoss, l.TestAcc = r.Loss, r.Acc
			line += fmt.Sprintf(" | test loss %.4f acc %.2f%%", r.Loss, 100*r.Acc)
		}
		fmt.Fprintln(o.Log, line)
		ck.History = append(ck.History, l)
		ck.Epoch, ck.Batch, ck.LossSum, ck.Correct, ck.Seen = e+1, 0, 0, 0, 0
		if err := save(); err != nil {
			return nil, err
		}
	}
	return ck, nil
}

// adam applies one Adam step (TensorFlow's form, with the bias corrections
// folded into the step size) to w.
func adam(w, g, m, v []float32, lr float64, step int) {
	c1 := 1 - math.Pow(adamBeta1, float64(step))
	c2 := 1 - math.Pow(adamBeta2, float64(step))
	lrT := float32(lr * math.Sqrt(c2) / c1)
	const b1, b2 = float32(adamBeta1), float32(adamBeta2)
	for i, gi := range g {
		m[i] = b1*m[i] + (1-b1)*gi
		v[i] = b2*v[i] + (1-b2)*gi*gi
		w[i] -= lrT * m[i] / (float32(math.Sqrt(float64(v[i]))) + adamEps)
	}
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

func countCorrect(logits []float32, classes int, s *fmnist.Set, idx []int) int {
	c := 0
	for b, i := range idx {
		if argmax(logits[b*classes:(b+1)*classes]) == int(s.Labels[i]) {
			c++
		}
	}
	return c
}

// EvalResult is a model's loss and accuracy on a set, with every
// probability vector.
type EvalResult struct {
	Loss, Acc float64
	Probs     [][]float32
}

// Evaluate runs the gorgonia forward pass (softmax probabilities) over all
// of s in batches of batch.
func Evaluate(p *Params, s *fmnist.Set, batch int) (*EvalResult, error) {
	batch = min(batch, s.N)
	n, err := newNet(p, batch, s.Rows, false)
	if err != nil {
		return nil, err
	}
	r := &EvalResult{}
	correct := 0
	for lo := 0; lo < s.N; lo += batch {
		idx := make([]int, 0, batch)
		for i := lo; i < min(lo+batch, s.N); i++ {
			idx = append(idx, i)
		}
		n.setBatch(s, idx)
		if err := n.run(); err != nil {
			return nil, err
		}
		pr := f32(n.probs)
		for b, i := range idx {
			v := append([]float32(nil), pr[b*p.Classes:(b+1)*p.Classes]...)
			r.Probs = append(r.Probs, v)
			r.Loss -= math.Log(math.Max(float64(v[s.Labels[i]]), 1e-30))
			if argmax(v) == int(s.Labels[i]) {
				correct++
			}
		}
	}
	r.Loss /= float64(s.N)
	r.Acc = float64(correct) / float64(s.N)
	return r, nil
}

// bar is a text progress bar: redrawn in place on a terminal, a line every
// 5% otherwise.
type bar struct {
	w        io.Writer
	label    string
	total    int
	tty      bool
	lastLine int
	start    time.Time
}

func newBar(w io.Writer, label string, total int) *bar {
	b := &bar{w: w, label: label, total: total, start: time.Now(), lastLine: -1}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			b.tty = true
		}
	}
	return b
}

func (b *bar) set(k int, info string) {
	if b.w == nil {
		return
	}
	const width = 30
	fill := width * k / b.total
	el := time.Since(b.start)
	eta := time.Duration(0)
	if k > 0 {
		eta = time.Duration(float64(el) / float64(k) * float64(b.total-k))
	}
	line := fmt.Sprintf("%s [%s%s] %d/%d %s eta %s", b.label, strings.Repeat("=", fill), strings.Repeat(" ", width-fill),
		k, b.total, info, eta.Round(time.Second))
	if b.tty {
		fmt.Fprintf(b.w, "\r\033[K%s", line)
		return
	}
	step := max(1, b.total/20)
	if k/step != b.lastLine || k == b.total {
		b.lastLine = k / step
		fmt.Fprintln(b.w, line)
	}
}

func (b *bar) done() {
	if b.w != nil && b.tty {
		fmt.Fprintln(b.w)
	}
}
