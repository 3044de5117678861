package conformance

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFullPushdown plans every SELECT of the corpus under
// sqlmongo.pushdown=full and checks, through EXPLAIN, that each compiles to
// ONE pipeline with no in-process operator above it. The pipelines are kept
// in testdata/full/*.pipelines (rewritten by -update, reviewed as a diff):
// they are how the full-pushdown path is checked on a server that cannot
// run them. EXPLAIN plans without executing, so this works on any server.
func TestFullPushdown(t *testing.T) {
	db, base, dbName := openScratch(t, "conf_fullplan_", "full")
	tg := &target{name: "full", labels: []string{"sqlmongo", "full"}, db: db}
	loadDatasets(t, tg)
	loadDocuments(t, base, dbName, recordTimeout())

	var checked, residual, inProcess int
	for _, f := range testFiles(t) {
		var out strings.Builder
		out.WriteString("# Pipelines of " + filepath.Base(f.Path) + " under sqlmongo.pushdown=full (go test ./conformance -update).\n")
		for _, r := range f.Records {
			if !r.RunsOn(tg.labels...) {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), recordTimeout())
			if r.Kind != Query || !isSelect(r.SQL) {
				if r.Kind == StatementOK {
					// Scratch tables must exist for the queries after them.
					_, _ = db.ExecContext(ctx, r.SQL)
				}
				cancel()
				continue
			}
			lines, err := explain(ctx, db, r.SQL)
			cancel()
			checked++
			fmt.Fprintf(&out, "\n-- %s\n%s\n", r.Where(), strings.TrimSpace(r.SQL))
			switch {
			case err != nil:
				residual++
				fmt.Fprintf(&out, "error: %v\n", err)
				t.Errorf("%s: EXPLAIN under full: %v", r.Where(), err)
			case noCollection(lines):
				// SELECT without FROM: constants, computed without a server.
				out.WriteString("(no collection) " + strings.Join(lines, " | ") + "\n")
			case byDesign(lines):
				// A function MongoDB cannot compute exactly (UPPER is
				// ASCII-only there, …) or a comparison across types MySQL
				// converts and MongoDB orders apart: in-process on purpose,
				// and EXPLAIN says so.
				inProcess++
				out.WriteString(strings.Join(lines, "\n") + "\n")
			case !onePipeline(lines):
				residual++
				out.WriteString(strings.Join(lines, "\n") + "\n")
				t.Errorf("%s: not one pipeline under full:\n%s\n%s", r.Where(), indent(r.SQL), indent(strings.Join(lines, "\n")))
			default:
				// A join's notes (order, the index each $lookup probes)
				// follow its pipeline.
				out.WriteString(strings.TrimPrefix(strings.Join(lines, "\n"), "mongo ") + "\n")
			}
		}
		golden := filepath.Join("testdata", "full", strings.TrimSuffix(filepath.Base(f.Path), ".test")+".pipelines")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil || string(want) != out.String() {
			t.Errorf("%s is not what the planner makes now; run go test ./conformance -update and review the diff", golden)
		}
	}
	fmt.Printf("conformance[full plans]: %d passed, %d failed\n", checked-residual, residual)
	fmt.Printf("conformance[full plans]: %d of them one pipeline, %d left in-process by design (a function or comparison MongoDB cannot compute exactly)\n", checked-residual-inProcess, inProcess)
}

// explain returns EXPLAIN's rows as "operator detail" lines.
func explain(ctx context.Context, db *sql.DB, query string) ([]string, error) {
	rows, err := db.QueryContext(ctx, "EXPLAIN "+query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var op, detail string
		if err := rows.Scan(&op, &detail); err != nil {
			return nil, err
		}
		if op == "profile" {
			continue // the last row names the profile, not an operator
		}
		lines = append(lines, strings.TrimSpace(op+" "+detail))
	}
	return lines, rows.Err()
}

// noCollection reports a plan that reads no collection at all.
func noCollection(lines []string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, "mongo ") {
			return false
		}
	}
	last := ""
	if len(lines) > 0 {
		last = strings.TrimSpace(lines[len(lines)-1])
	}
	// Values, or information_schema's rows made from the catalog.
	return strings.HasPrefix(last, "values") || strings.HasPrefix(last, "catalog ")
}

// byDesign reports a plan that is not one pipeline only because a function
// has no exact MQL translation, an uncorrelated subquery runs as a query
// of its own, a set operation has an operand that is not one pipeline (a
// SELECT without FROM) or needs a conversion MQL cannot make exactly, or
// a join reads a derived table of literal rows, as EXPLAIN's last line
// says.
func byDesign(lines []string) bool {
	if len(lines) == 0 {
		return false
	}
	last := lines[len(lines)-1]
	return strings.HasPrefix(last, "in-process because function ") || strings.HasPrefix(last, "in-process because comparison of ") ||
		strings.HasPrefix(last, "in-process because subquery ") || strings.HasPrefix(last, "in-process because set operation ") ||
		strings.HasPrefix(last, "in-process because derived table ")
}

// onePipeline reports a plan that is one pipeline, with a join's notes
// after it.
func onePipeline(lines []string) bool {
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "mongo ") {
		return false
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "join ") {
			return false
		}
	}
	return true
}
