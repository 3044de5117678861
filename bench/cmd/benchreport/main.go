// Command benchreport reads `go test -bench` output on stdin, echoes the
// benchmark lines, and prints a table per case comparing each driver variant
// with the hand-written mongo-driver code ("raw"): ns/op, allocs/op and
// cpu-ns/op side by side, with the ratio driver/raw for each; then the
// rows/s of every benchmark that reports it (the joins, the in-process hash
// join).
//
//	go test -run '^$' -bench . -v ./bench/ | go run ./bench/cmd/benchreport
//
// It exits 1 when the input reports a failure or holds no benchmark.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

func main() {
	rep, err := parse(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	fmt.Println()
	rep.write(os.Stdout)
	if rep.failed {
		fmt.Fprintln(os.Stderr, "benchreport: the benchmarks reported a failure")
		os.Exit(1)
	}
	if len(rep.cases) == 0 {
		fmt.Fprintln(os.Stderr, "benchreport: no benchmark results in the input")
		os.Exit(1)
	}
}

// result is one benchmark line's metrics by unit (ns/op, allocs/op, …).
type result map[string]float64

// benchCase is one benchmark (PointLookup) with its variants (driver, raw).
type benchCase struct {
	name     string
	variants []string
	results  map[string]result
}

type report struct {
	cases   []*benchCase
	byName  map[string]*benchCase
	skipped []string // "Case/variant: reason"
	failed  bool
}

// parse reads go test output, echoing to echo every line but the -v noise.
func parse(r io.Reader, echo io.Writer) (*report, error) {
	rep := &report{byName: map[string]*benchCase{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lastSkip := -1
	lastLog := "" // an indented log line not yet followed by a result
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "=== RUN") || strings.HasPrefix(trimmed, "=== PAUSE") || strings.HasPrefix(trimmed, "=== CONT"):
			continue
		case strings.HasPrefix(trimmed, "--- SKIP:"):
			name := strings.Fields(strings.TrimPrefix(trimmed, "--- SKIP:"))[0]
			rep.skipped = append(rep.skipped, strings.TrimPrefix(name, "Benchmark"))
			lastSkip = len(rep.skipped) - 1
			if lastLog != "" {
				// Newer go test prints the reason before the SKIP line.
				rep.skipped[lastSkip] += ": " + skipReason(lastLog)
				lastSkip, lastLog = -1, ""
			}
		case strings.HasPrefix(trimmed, "--- FAIL") || trimmed == "FAIL" || strings.HasPrefix(trimmed, "FAIL\t") || strings.HasPrefix(trimmed, "panic:"):
			rep.failed = true
			lastSkip = -1
		case strings.HasPrefix(line, "Benchmark"):
			lastSkip = -1
			if len(strings.Fields(line)) == 1 {
				continue // the name line -v prints before each result
			}
			rep.add(line)
		case lastSkip >= 0 && strings.HasPrefix(line, "    ") && trimmed != "":
			// The reason logged under a --- SKIP line.
			rep.skipped[lastSkip] += ": " + skipReason(trimmed)
			lastSkip = -1
		case strings.HasPrefix(line, "    ") && strings.Contains(trimmed, ".go:"):
			lastLog = trimmed
		default:
			lastSkip = -1
		}
		if !strings.HasPrefix(line, "    ") && !strings.HasPrefix(trimmed, "--- SKIP:") {
			lastLog = ""
		}
		fmt.Fprintln(echo, line)
	}
	return rep, sc.Err()
}

// add records a line such as
// "BenchmarkScan/driver-2  3  372144947 ns/op  21817000 cpu-ns/op  4362314 B/op  107323 allocs/op".
func (rep *report) add(line string) {
	f := strings.Fields(line)
	if len(f) < 4 || len(f)%2 != 0 {
		return // a bare name line printed by -v before the result
	}
	name := strings.TrimPrefix(f[0], "Benchmark")
	if i := strings.LastIndexByte(name, '-'); i > 0 && isDigits(name[i+1:]) {
		name = name[:i] // the -GOMAXPROCS suffix
	}
	caseName, variant, ok := strings.Cut(name, "/")
	if !ok {
		variant = ""
	}
	res := result{}
	for i := 2; i+1 < len(f); i += 2 {
		var v float64
		if _, err := fmt.Sscan(f[i], &v); err != nil {
			return
		}
		res[f[i+1]] = v
	}
	c := rep.byName[caseName]
	if c == nil {
		c = &benchCase{name: caseName, results: map[string]result{}}
		rep.byName[caseName] = c
		rep.cases = append(rep.cases, c)
	}
	if _, seen := c.results[variant]; !seen {
		c.variants = append(c.variants, variant)
	}
	c.results[variant] = res
}

// skipReason is a logged line without its "file.go:NN: " prefix.
func skipReason(line string) string {
	if i := strings.Index(line, ".go:"); i >= 0 {
		if j := strings.Index(line[i:], ": "); j >= 0 {
			return line[i+j+2:]
		}
	}
	return line
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// metrics are the columns of the table, each with its ratio.
var metrics = []struct{ unit, title string }{
	{"ns/op", "ns/op"},
	{"allocs/op", "allocs/op"},
	{"cpu-ns/op", "cpu-ns/op"},
}

func (rep *report) write(w io.Writer) {
	fmt.Fprintln(w, "sqlmongo vs hand-written mongo-driver (ratio = variant/raw; cpu-ns/op = client CPU per op)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := "case\tvariant\t"
	for _, m := range metrics {
		header += m.title + "\t×raw\t"
	}
	fmt.Fprintln(tw, header)
	for _, c := range rep.cases {
		raw, hasRaw := c.results["raw"]
		for _, v := range c.variants {
			res := c.results[v]
			row := c.name + "\t" + v + "\t"
			for _, m := range metrics {
				x, ok := res[m.unit]
				row += cell(x, ok) + "\t"
				if v == "raw" || !hasRaw {
					row += "\t"
					continue
				}
				row += ratio(x, ok, raw[m.unit]) + "\t"
			}
			fmt.Fprintln(tw, row)
		}
	}
	tw.Flush()
	rep.writeRates(w)
	for _, s := range rep.skipped {
		fmt.Fprintln(w, "skipped:", s)
	}
}

// writeRates lists the rows/s of the benchmarks that report it.
func (rep *report) writeRates(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	found := false
	for _, c := range rep.cases {
		for _, v := range c.variants {
			x, ok := c.results[v]["rows/s"]
			if !ok {
				continue
			}
			if !found {
				fmt.Fprintln(w, "\nrows per second (higher is better)")
				fmt.Fprintln(tw, "case\tvariant\trows/s\t")
				found = true
			}
			if v == "" {
				v = "-"
			}
			fmt.Fprintln(tw, c.name+"\t"+v+"\t"+cell(x, true)+"\t")
		}
	}
	tw.Flush()
}

func cell(x float64, ok bool) string {
	switch {
	case !ok:
		return "-"
	case x >= 1e6:
		return fmt.Sprintf("%.1fM", x/1e6)
	case x >= 1e4:
		return fmt.Sprintf("%.1fk", x/1e3)
	case x == float64(int64(x)):
		return fmt.Sprintf("%d", int64(x))
	}
	return fmt.Sprintf("%.1f", x)
}

func ratio(x float64, ok bool, base float64) string {
	if !ok || base == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", x/base)
}
