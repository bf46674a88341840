package main

import (
	"fmt"

	"github.com/octet-ml/octet/internal/fmnist"
	"github.com/octet-ml/octet/interop/gorgoniaconv"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// net is the BLSTM classifier as a gorgonia graph for a fixed batch size.
// Its weight nodes are backed by the Params slices themselves, so updating
// Params in place updates the graph. Inputs are time-major: xs[t] holds row
// t of every image in the batch ([batch, in]).
type net struct {
	g      *G.ExprGraph
	batch  int
	xs     []*G.Node
	xv     [][]float32 // backing of xs[t]
	yv     []float32   // one-hot labels [batch, classes]
	logits *G.Node
	probs  *G.Node
	loss   *G.Node
	params []*G.Node // in Params.List order
	grads  []*G.Node // nil for an inference graph
	vm     G.VM
}

type dirNodes struct {
	wx, wh, b [nGates]*G.Node
}

// newNet builds the graph. With train it also builds the loss and its
// gradients with respect to every weight.
func newNet(p *Params, batch, steps int, train bool) (n *net, err error) {
	if steps < 2 {
		return nil, fmt.Errorf("need at least 2 time steps, got %d", steps)
	}
	defer func() {
		// G.Must panics on graph-construction errors; report them.
		if r := recover(); r != nil {
			err = fmt.Errorf("building the gorgonia graph: %v", r)
		}
	}()
	g := G.NewGraph()
	n = &net{g: g, batch: batch}
	f32 := tensor.Float32
	node := func(name string, v []float32, shape ...int) *G.Node {
		t := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
		return G.NewMatrix(g, f32, G.WithShape(shape...), G.WithName(name), G.WithValue(t))
	}
	list := p.List()
	for _, t := range list {
		shape := t.Shape
		if len(shape) == 1 {
			shape = []int{1, shape[0]} // biases are [1, n] rows for BroadcastAdd
		}
		n.params = append(n.params, node(t.Name, t.V, shape...))
	}
	var dirs [2]dirNodes
	k := 0
	for d := range dirs {
		for gi := range nGates {
			dirs[d].wx[gi], dirs[d].wh[gi], dirs[d].b[gi] = n.params[k], n.params[k+1], n.params[k+2]
			k += 3
		}
	}
	wd, bd := n.params[k], n.params[k+1]

	for t := range steps {
		v := make([]float32, batch*p.In)
		n.xv = append(n.xv, v)
		n.xs = append(n.xs, node(fmt.Sprintf("x%d", t), v, batch, p.In))
	}
	run := func(d dirNodes, order func(int) int) *G.Node {
		var h, c *G.Node
		for s := range steps {
			h, c = cell(d, n.xs[order(s)], h, c)
		}
		return h
	}
	hf := run(dirs[0], func(s int) int { return s })
	hb := run(dirs[1], func(s int) int { return steps - 1 - s })
	cat := G.Must(G.Concat(1, hf, hb))
	n.logits = G.Must(G.BroadcastAdd(G.Must(G.Mul(cat, wd)), bd, nil, []byte{0}))
	if !train {
		n.probs = G.Must(G.SoftMax(n.logits))
		n.vm = G.NewTapeMachine(g)
		return n, nil
	}
	n.yv = make([]float32, batch*p.Classes)
	y := node("y", n.yv, batch, p.Classes)
	logp := G.Must(G.LogSoftMax(n.logits))
	n.loss = G.Must(G.Neg(G.Must(G.Mean(G.Must(G.Sum(G.Must(G.HadamardProd(logp, y)), 1))))))
	n.grads, err = G.Grad(n.loss, n.params...)
	if err != nil {
		return nil, err
	}
	n.vm = G.NewTapeMachine(g)
	return n, nil
}

// cell is one step of TFLite's LSTM (no peephole, projection or clipping):
//
//	i = σ(x·Wxi + h·Whi + bi)    f = σ(x·Wxf + h·Whf + bf)
//	g = tanh(x·Wxc + h·Whc + bc) o = σ(x·Wxo + h·Who + bo)
//	c' = f⊙c + i⊙g               h' = o⊙tanh(c')
//
// A nil h or c is the zero initial state.
func cell(d dirNodes, x, h, c *G.Node) (*G.Node, *G.Node) {
	pre := func(k int) *G.Node {
		z := G.Must(G.Mul(x, d.wx[k]))
		if h != nil {
			z = G.Must(G.Add(z, G.Must(G.Mul(h, d.wh[k]))))
		}
		return G.Must(G.BroadcastAdd(z, d.b[k], nil, []byte{0}))
	}
	i := G.Must(G.Sigmoid(pre(gateI)))
	g := G.Must(G.Tanh(pre(gateC)))
	o := G.Must(G.Sigmoid(pre(gateO)))
	c2 := G.Must(G.HadamardProd(i, g))
	if c != nil {
		f := G.Must(G.Sigmoid(pre(gateF)))
		c2 = G.Must(G.Add(G.Must(G.HadamardProd(f, c)), c2))
	}
	return G.Must(G.HadamardProd(o, G.Must(G.Tanh(c2)))), c2
}

// setBatch loads images idx[0:len] of s into the inputs (rows become time
// steps, pixels/255), zero-padding a short final batch, and the one-hot
// labels when the graph has them.
func (n *net) setBatch(d *fmnist.Set, idx []int) {
	in := d.Cols
	for t, v := range n.xv {
		clear(v)
		for b, i := range idx {
			img := d.Images[i*d.Rows*d.Cols+t*d.Cols:]
			row := v[b*in : (b+1)*in]
			for k := range row {
				row[k] = float32(img[k]) / 255
			}
		}
	}
	if n.yv != nil {
		clear(n.yv)
		classes := len(n.yv) / n.batch
		for b, i := range idx {
			n.yv[b*classes+int(d.Labels[i])] = 1
		}
	}
}

// run executes the graph once.
func (n *net) run() error {
	n.vm.Reset()
	return n.vm.RunAll()
}

// f32 returns a node's value as a float32 slice.
func f32(x *G.Node) []float32 {
	switch v := x.Value().(type) {
	case *tensor.Dense:
		s, err := gorgoniaconv.F32(v)
		if err != nil {
			panic(fmt.Sprintf("node %v: %v", x, err))
		}
		return s
	case *G.F32:
		return []float32{float32(*v)}
	}
	panic(fmt.Sprintf("node %v holds %T, not float32", x, x.Value()))
}
