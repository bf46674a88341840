package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Gate order of TFLite's LSTM: input, forget, cell (g), output.
const (
	gateI = iota
	gateF
	gateC
	gateO
	nGates
)

var gateNames = [nGates]string{"input", "forget", "cell", "output"}

// Dir holds one LSTM direction's weights in the layout the gorgonia graph
// multiplies with (x·W): Wx[g] is [in][units], Wh[g] is [units][units]
// (row = previous output unit), B[g] is [units]. The exporter transposes
// them to TFLite's [units][in] and [units][units].
type Dir struct {
	Wx, Wh, B [nGates][]float32
}

// Params are the classifier's trainable weights: two LSTM directions and
// the dense layer Wd ([2*units][classes], forward units first) and Bd.
type Params struct {
	In, Units, Classes int
	Fw, Bw             Dir
	Wd, Bd             []float32
}

// Named is one weight tensor with its shape, for checkpoints and Adam.
type Named struct {
	Name  string
	Shape []int
	V     []float32
}

// List returns every weight tensor in a fixed order, sharing storage.
func (p *Params) List() []Named {
	var l []Named
	for di, d := range []*Dir{&p.Fw, &p.Bw} {
		dn := [2]string{"fw", "bw"}[di]
		for g := range nGates {
			l = append(l,
				Named{dn + "/wx_" + gateNames[g], []int{p.In, p.Units}, d.Wx[g]},
				Named{dn + "/wh_" + gateNames[g], []int{p.Units, p.Units}, d.Wh[g]},
				Named{dn + "/b_" + gateNames[g], []int{p.Units}, d.B[g]})
		}
	}
	return append(l, Named{"dense/w", []int{2 * p.Units, p.Classes}, p.Wd}, Named{"dense/b", []int{p.Classes}, p.Bd})
}

// NewParams allocates zero weights.
func NewParams(in, units, classes int) *Params {
	p := &Params{In: in, Units: units, Classes: classes}
	for _, d := range []*Dir{&p.Fw, &p.Bw} {
		for g := range nGates {
			d.Wx[g] = make([]float32, in*units)
			d.Wh[g] = make([]float32, units*units)
			d.B[g] = make([]float32, units)
		}
	}
	p.Wd = make([]float32, 2*units*classes)
	p.Bd = make([]float32, classes)
	return p
}

// InitParams returns Glorot-uniform weights drawn from a PCG generator
// seeded with seed, zero biases except the forget gates' (1, as Keras's
// unit_forget_bias). The same seed gives the same weights.
func InitParams(in, units, classes int, seed uint64) *Params {
	p := NewParams(in, units, classes)
	r := rand.New(rand.NewPCG(seed, 0x6f637465742d7472))
	glorot := func(v []float32, fanIn, fanOut int) {
		lim := math.Sqrt(6 / float64(fanIn+fanOut))
		for i := range v {
			v[i] = float32((2*r.Float64() - 1) * lim)
		}
	}
	for _, d := range []*Dir{&p.Fw, &p.Bw} {
		for g := range nGates {
			// Fan-out over the four gates, as for one [in, 4*units] kernel.
			glorot(d.Wx[g], in, nGates*units)
			glorot(d.Wh[g], units, nGates*units)
		}
		for i := range d.B[gateF] {
			d.B[gateF][i] = 1
		}
	}
	glorot(p.Wd, 2*units, classes)
	return p
}

// Clone returns a deep copy.
func (p *Params) Clone() *Params {
	q := NewParams(p.In, p.Units, p.Classes)
	src, dst := p.List(), q.List()
	for i := range src {
		copy(dst[i].V, src[i].V)
	}
	return q
}

// Checkpoint is the full training state: weights, Adam moments and the
// position in the deterministic schedule, so that a resumed run continues
// bit for bit as if it had not stopped.
type Checkpoint struct {
	Config Config `json:"config"`
	// Epoch is the 0-based epoch in progress and Batch the number of its
	// batches already done (Batch == 0 with Epoch == Config.Epochs: done).
	Epoch, Batch int
	AdamStep     int `json:"adam_step"`
	// Running sums of the epoch in progress.
	LossSum float64 `json:"loss_sum"`
	Correct int     `json:"correct"`
	Seen    int     `json:"seen"`
	History []EpochLog
	Params  *Params     `json:"-"`
	M, V    [][]float32 `json:"-"`
}

// EpochLog is one finished epoch's metrics.
type EpochLog struct {
	Epoch     int     `json:"epoch"`
	TrainLoss float64 `json:"train_loss"`
	TrainAcc  float64 `json:"train_acc"`
	TestLoss  float64 `json:"test_loss,omitempty"`
	TestAcc   float64 `json:"test_acc,omitempty"`
	ExPerSec  float64 `json:"examples_per_sec"`
	Seconds   float64 `json:"seconds"`
}

const ckptMagic = "OCTET-TRAIN-CKPT-1\n"

type ckptHeader struct {
	Checkpoint
	In, Units, Classes int
	Floats             int    `json:"floats"`
	CRC32              uint32 `json:"crc32"`
}

// Save writes c to path atomically (temporary file, then rename).
func (c *Checkpoint) Save(path string) error {
	var payload []float32
	for i, t := range c.Params.List() {
		payload = append(payload, t.V...)
		payload = append(payload, c.M[i]...)
		payload = append(payload, c.V[i]...)
	}
	raw := make([]byte, 4*len(payload))
	for i, v := range payload {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	h := ckptHeader{Checkpoint: *c, In: c.Params.In, Units: c.Params.Units, Classes: c.Params.Classes,
		Floats: len(payload), CRC32: crc32.ChecksumIEEE(raw)}
	js, err := json.Marshal(h)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ckpt-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	w.WriteString(ckptMagic)
	w.Write(js)
	w.WriteByte('\n')
	w.Write(raw)
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// LoadCheckpoint reads a checkpoint written by Save.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic := make([]byte, len(ckptMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != ckptMagic {
		return nil, fmt.Errorf("%s: not an octet-train checkpoint", path)
	}
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	var h ckptHeader
	if err := json.Unmarshal(line, &h); err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	if h.In <= 0 || h.Units <= 0 || h.Classes <= 0 || h.In > 1<<16 || h.Units > 1<<12 || h.Classes > 1<<16 {
		return nil, fmt.Errorf("%s: bad sizes in=%d units=%d classes=%d", path, h.In, h.Units, h.Classes)
	}
	p := NewParams(h.In, h.Units, h.Classes)
	list := p.List()
	want := 0
	for _, t := range list {
		want += 3 * len(t.V)
	}
	if h.Floats != want {
		return nil, fmt.Errorf("%s: %d floats, want %d", path, h.Floats, want)
	}
	raw := make([]byte, 4*want)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("%s: weights: %w", path, err)
	}
	if crc32.ChecksumIEEE(raw) != h.CRC32 {
		return nil, fmt.Errorf("%s: checksum mismatch", path)
	}
	if _, err := r.ReadByte(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: trailing bytes", path)
	}
	c := h.Checkpoint
	c.Params = p
	off := 0
	next := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*(off+i):]))
		}
		off += n
		return v
	}
	for _, t := range list {
		copy(t.V, next(len(t.V)))
		c.M = append(c.M, next(len(t.V)))
		c.V = append(c.V, next(len(t.V)))
	}
	return &c, nil
}
