package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"

	"github.com/octet-ml/octet"
	"github.com/octet-ml/octet/asm"
	"github.com/octet-ml/octet/bench"
)

func cmdBench(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	runs := fs.Int("runs", 50, "timed runs")
	warmup := fs.Int("warmup", 5, "untimed warm-up runs")
	profile := fs.Bool("profile", false, "print a per-op profile (op, output, time, %, GMAC/s)")
	chart := fs.String("chart", "", "write an SVG bar chart of the per-op-type profile to this file")
	threads := fs.Int("threads", 1, "goroutines that share the work of large ops")
	cpuprofile := fs.String("cpuprofile", "", "write a Go CPU profile of the timed runs to this file (go tool pprof)")
	vsThreads := fs.Int("vs-threads", 0, "also time the model on this many threads in alternating rounds and print the speed-up of --threads over it")
	rounds := fs.Int("rounds", 20, "alternating rounds of --runs runs each for --vs-threads")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: octet bench MODEL [--threads N] [--runs N] [--warmup N] [--profile] [--chart out.svg] [--cpuprofile cpu.pprof] [--vs-threads N [--rounds N]]")
	}
	if *runs < 1 || *warmup < 0 || *threads < 1 || *vsThreads < 0 || *rounds < 1 {
		return errors.New("--runs, --threads and --rounds must be at least 1, --warmup and --vs-threads at least 0")
	}
	m, err := octet.LoadFile(pos[0])
	if err != nil {
		return err
	}
	it, err := octet.NewInterpreter(m, octet.Threads(*threads))
	if err != nil {
		return err
	}
	if *cpuprofile != "" {
		stop, err := startCPUProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	r, err := bench.Run(it.Invoke, *warmup, *runs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "model: %s\nisa: %v\nthreads: %d\nops: %d\narena: %d bytes\npeak RSS: %.1f MB\n", pos[0], asm.Selected, *threads, m.NumOps(), it.ArenaSize(), float64(bench.PeakRSS())/1e6)
	fmt.Fprintf(stdout, "latency: min %.3f ms  median %.3f ms  p90 %.3f ms  p99 %.3f ms  (%d runs)\n",
		ms(r.Min), ms(r.Median), ms(r.P90), ms(r.P99), r.Runs)
	fmt.Fprintf(stdout, "allocations: %.1f per run, %.0f bytes per run\n", r.AllocsPerRun, r.BytesPerRun)
	if *profile || *chart != "" {
		pit, err := octet.NewInterpreter(m, octet.WithProfiling(), octet.Threads(*threads))
		if err != nil {
			return err
		}
		ops, err := bench.Profile(pit, *runs)
		if err != nil {
			return err
		}
		if *profile {
			fmt.Fprintln(stdout)
			bench.WriteProfile(stdout, ops)
			fmt.Fprintln(stdout)
		}
		if *chart != "" {
			f, err := os.Create(*chart)
			if err != nil {
				return err
			}
			err = bench.WriteChart(f, "octet per-op profile: "+filepath.Base(pos[0]), ops)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "chart: %s\n", *chart)
		}
	}
	if *vsThreads > 0 {
		if err := benchVsThreads(stdout, m, it, *threads, *vsThreads, *warmup, *rounds, *runs); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, r.MachineLine())
	return nil
}

func ms(d interface{ Nanoseconds() int64 }) float64 { return float64(d.Nanoseconds()) / 1e6 }

// startCPUProfile starts a pprof CPU profile written to path; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchVsThreads times the model on vs threads (a new interpreter) and on
// it (threads) in alternating rounds and prints the speed-up per round;
// against one thread it also runs the machine's ceiling (bench.Ceiling) in
// every round, so that both meet the same machine.
func benchVsThreads(stdout io.Writer, m *octet.Model, it *octet.Interpreter, threads, vs, warmup, rounds, runs int) error {
	base, err := octet.NewInterpreter(m, octet.Threads(vs))
	if err != nil {
		return err
	}
	defer base.Close()
	ceiling := vs == 1 && threads > 1
	var model, machine, eff []float64
	for range rounds {
		c, err := bench.Compare(base.Invoke, it.Invoke, warmup, 1, runs)
		if err != nil {
			return err
		}
		warmup = 0 // the first round's only
		model = append(model, c.Ratio())
		if ceiling {
			cl, err := bench.Ceiling(threads, 1, 3)
			if err != nil {
				return err
			}
			machine = append(machine, cl.Ratio())
			eff = append(eff, c.Ratio()/cl.Ratio())
		}
	}
	q := func(x []float64) bench.Comparison { return bench.Comparison{Ratios: slices.Sorted(slices.Values(x))} }
	mc := q(model)
	fmt.Fprintf(stdout, "threads %d vs %d: speed-up %.2fx (median of %d alternating rounds of %d runs; p25 %.2fx, p75 %.2fx)\n",
		threads, vs, mc.Ratio(), rounds, runs, mc.Quantile(25), mc.Quantile(75))
	if ceiling {
		cc, ec := q(machine), q(eff)
		fmt.Fprintf(stdout, "machine ceiling in the same rounds (cache-resident int8 GEMMs split in %d): %.2fx (p25 %.2fx, p75 %.2fx); speed-up / ceiling %.2f\n",
			threads, cc.Ratio(), cc.Quantile(25), cc.Quantile(75), ec.Ratio())
	}
	return nil
}
