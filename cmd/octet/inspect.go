package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/octet-ml/octet"
)

func cmdInspect(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: octet inspect MODEL")
	}
	m, err := octet.LoadFile(pos[0])
	if err != nil {
		return err
	}
	it, err := octet.NewInterpreter(m)
	if err != nil {
		return err
	}
	if d := m.Description(); d != "" {
		fmt.Fprintf(stdout, "description: %s\n", d)
	}
	fmt.Fprintln(stdout, "inputs:")
	for i := 0; i < m.NumInputs(); i++ {
		t := m.InputInfo(i)
		fmt.Fprintf(stdout, "  %d  %-24s %-8v %v%s\n", i, t.Name, t.DType, t.Shape, quantString(t))
	}
	fmt.Fprintln(stdout, "outputs:")
	for i := 0; i < m.NumOutputs(); i++ {
		t := m.OutputInfo(i)
		fmt.Fprintf(stdout, "  %d  %-24s %-8v %v%s\n", i, t.Name, t.DType, t.Shape, quantString(t))
	}
	for _, s := range m.Signatures() {
		fmt.Fprintf(stdout, "signature %q: inputs %v outputs %v\n", s.Key, s.Inputs, s.Outputs)
	}
	fmt.Fprintln(stdout, "ops:")
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\top\tinputs\toutputs\tMACs\t")
	var total int64
	for _, op := range it.Ops() {
		name := op.Name
		if op.Folded {
			name += " (folded)"
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t\n", op.Index, name, tensorList(op.Inputs), tensorList(op.Outputs), macString(op.MACs))
		total += op.MACs
	}
	tw.Flush()
	fmt.Fprintf(stdout, "total: %d ops, %s MACs, arena %d bytes\n", m.NumOps(), macString(total), it.ArenaSize())
	return nil
}

func tensorList(ts []octet.TensorInfo) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += " "
		}
		if t.Index < 0 {
			s += "-"
			continue
		}
		s += fmt.Sprintf("%v%v", shortType(t), t.Shape)
	}
	return s
}

func shortType(t octet.TensorInfo) string {
	switch t.DType.String() {
	case "float32":
		return "f32"
	case "float16":
		return "f16"
	}
	return t.DType.String()
}

func quantString(t octet.TensorInfo) string {
	if t.Quant == nil || len(t.Quant.Scale) == 0 {
		return ""
	}
	if len(t.Quant.Scale) > 1 {
		return fmt.Sprintf("  per-axis(%d) x%d", t.Quant.Axis, len(t.Quant.Scale))
	}
	s, z := t.Quant.Params(0)
	return fmt.Sprintf("  scale=%g zero_point=%d", s, z)
}

func macString(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2fG", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.2fM", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fK", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
