package planner

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// FuzzPlan: planning any statement that parses never panics, under every
// profile, with parameters as placeholders or folded in. Seeded with the
// golden SQL.
func FuzzPlan(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if sql, ok := strings.CutPrefix(line, "sql: "); ok {
				f.Add(sql)
			}
		}
	}
	// The conformance corpus's queries reach the function library.
	records, _ := filepath.Glob("../conformance/testdata/*.test")
	for _, name := range records {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "SELECT ") {
				f.Add(line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, sql string) {
		stmt, err := sqlparse.Parse(sql)
		if err != nil {
			return
		}
		for i, caps := range profiles {
			p, err := Build(stmt, goldenCatalog, caps)
			if err == nil {
				Describe(p, true)
			}
			// Planning stopped part way (a deadline) returns the stop's
			// error, whatever it was doing.
			stop, calls := errors.New("stop"), 0
			after := 1 + (len(sql)+i)%3
			_, err = BuildWith(stmt, goldenCatalog, caps, Options{Stop: func() error {
				if calls++; calls >= after {
					return stop
				}
				return nil
			}})
			if calls >= after && err != stop {
				t.Fatalf("stopped at call %d under %s: got %v", after, caps.Name, err)
			}
			args := make([]any, stmt.NumPositional+len(stmt.Names))
			if p, err := BuildInline(stmt, goldenCatalog, caps, args); err == nil {
				Describe(p, false)
				// Constants (SELECT without FROM) are evaluated here: the
				// function library must return errors, never panic.
				if q, ok := p.(*Query); ok {
					if pr, ok := q.Root.(*Project); ok {
						if _, ok := pr.Input.(*Values); ok {
							for _, e := range pr.Exprs {
								_, _ = Eval(e, nil, &Env{Args: args})
							}
						}
					}
				}
			}
		}
	})
}
