package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/octet-ml/octet"
)

// OpProfile is the time one op took, averaged over profiled runs.
type OpProfile struct {
	Index  int
	Name   string
	Output string // output dtype and shape
	Mean   time.Duration
	MACs   int64
}

// GMACs returns the op's throughput in billions of multiply-accumulates
// per second (0 for ops without MACs).
func (p OpProfile) GMACs() float64 {
	if p.MACs == 0 || p.Mean <= 0 {
		return 0
	}
	return float64(p.MACs) / p.Mean.Seconds() / 1e9
}

// Profile runs an interpreter created WithProfiling runs times and returns
// the mean time of every op that Invoke executes, in graph order.
func Profile(it *octet.Interpreter, runs int) ([]OpProfile, error) {
	if runs < 1 {
		return nil, fmt.Errorf("bench: runs must be at least 1")
	}
	infos := it.Ops()
	sum := make([]time.Duration, len(infos))
	for r := 0; r < runs; r++ {
		if err := it.Invoke(); err != nil {
			return nil, err
		}
		for i, d := range it.OpTimes() {
			sum[i] += d
		}
	}
	var out []OpProfile
	for i, info := range infos {
		if info.Folded {
			continue
		}
		shape := ""
		if len(info.Outputs) > 0 {
			shape = fmt.Sprintf("%v%v", info.Outputs[0].DType, info.Outputs[0].Shape)
		}
		out = append(out, OpProfile{Index: info.Index, Name: info.Name, Output: shape,
			Mean: sum[i] / time.Duration(runs), MACs: info.MACs})
	}
	return out, nil
}

// TypeSummary aggregates a profile by op name.
type TypeSummary struct {
	Name  string
	Count int
	Total time.Duration
	MACs  int64
}

// ByType sums a profile per op name, largest total first.
func ByType(ops []OpProfile) []TypeSummary {
	idx := map[string]int{}
	var out []TypeSummary
	for _, p := range ops {
		k, ok := idx[p.Name]
		if !ok {
			k = len(out)
			idx[p.Name] = k
			out = append(out, TypeSummary{Name: p.Name})
		}
		out[k].Count++
		out[k].Total += p.Mean
		out[k].MACs += p.MACs
	}
	slices.SortStableFunc(out, func(a, b TypeSummary) int { return int(b.Total - a.Total) })
	return out
}

// WriteProfile prints the ops in graph order and a summary per op type,
// like TFLite's benchmark_model with op profiling.
func WriteProfile(w io.Writer, ops []OpProfile) {
	var total time.Duration
	for _, p := range ops {
		total += p.Mean
	}
	pct := func(d time.Duration) float64 { return 100 * float64(d) / float64(max(total, 1)) }
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "#\top\toutput\tms\t%\tGMAC/s\t")
	for _, p := range ops {
		g := "-"
		if p.MACs > 0 {
			g = fmt.Sprintf("%.2f", p.GMACs())
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.3f\t%.1f\t%s\t\n", p.Index, p.Name, p.Output, ms(p.Mean), pct(p.Mean), g)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "op type\tcount\tms\t%\tGMAC/s\t")
	for _, s := range ByType(ops) {
		g := "-"
		if s.MACs > 0 && s.Total > 0 {
			g = fmt.Sprintf("%.2f", float64(s.MACs)/s.Total.Seconds()/1e9)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.1f\t%s\t\n", s.Name, s.Count, ms(s.Total), pct(s.Total), g)
	}
	fmt.Fprintf(tw, "total\t%d\t%.3f\t100.0\t\t\n", len(ops), ms(total))
	tw.Flush()
}

// WriteChart draws the per-op-type profile as an SVG horizontal bar chart.
func WriteChart(w io.Writer, title string, ops []OpProfile) error {
	types := ByType(ops)
	var total time.Duration
	for _, s := range types {
		total += s.Total
	}
	const (
		left, barMax, rowH, top = 230, 420, 22, 40
	)
	height := top + rowH*len(types) + 20
	width := left + barMax + 140
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="10" y="22" font-size="15" font-weight="bold">%s</text>`+"\n", xmlEscape(title))
	var longest time.Duration
	if len(types) > 0 {
		longest = types[0].Total
	}
	for i, s := range types {
		y := top + i*rowH
		wbar := 0.0
		if longest > 0 {
			wbar = float64(barMax) * float64(s.Total) / float64(longest)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s ×%d</text>`+"\n", left-8, y+14, xmlEscape(s.Name), s.Count)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="#3b7dd8"/>`+"\n", left, y+3, wbar, rowH-6)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%.2f ms (%.1f%%)</text>`+"\n", float64(left)+wbar+6, y+14,
			ms(s.Total), 100*float64(s.Total)/float64(max(total, 1)))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
