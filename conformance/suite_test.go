package conformance

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tally counts the records run: passed and failed.
type tally struct{ passed, failed int }

func (a *tally) add(b tally) {
	a.passed += b.passed
	a.failed += b.failed
}

// target is one engine the corpus runs on.
type target struct {
	name   string   // for messages: "mariadb", "auto", ...
	labels []string // what skipif/onlyif lines match
	db     *sql.DB
	oracle bool
	shown  int // failures reported in full so far
}

// maxShown failures per run are reported with SQL and rows; later ones get
// one line each, so a broken build does not bury the output.
const maxShown = 100

func testFiles(t *testing.T) []*File {
	t.Helper()
	paths, err := Glob(filepath.Join("testdata", "*.test"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no record files in testdata: %v", err)
	}
	var files []*File
	for _, p := range paths {
		f, err := ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// loadDatasets puts every dataset into db; a failure is reported but the
// records still run, so one bad row does not hide everything else.
func loadDatasets(t *testing.T, tg *target) {
	t.Helper()
	paths, err := Glob(filepath.Join("testdata", "datasets", "*.sql"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no datasets in testdata/datasets: %v", err)
	}
	const maxErrs = 10
	var n int
	for _, p := range paths {
		for _, err := range LoadScript(context.Background(), tg.db, p, recordTimeout()) {
			if n++; n <= maxErrs {
				t.Errorf("[%s] loading dataset: %v", tg.name, err)
			}
		}
	}
	if n > maxErrs {
		t.Errorf("[%s] loading datasets: %d more failures", tg.name, n-maxErrs)
	}
}

// runFile runs a file's records on tg, one subtest per file; a file with no
// record for tg gets no subtest (and no PASS line). With results non-nil,
// the query rows are collected for -update instead of compared.
func runFile(t *testing.T, tg *target, f *File, results map[*Record][]string) tally {
	var tl tally
	if !slices.ContainsFunc(f.Records, func(r *Record) bool { return r.RunsOn(tg.labels...) }) {
		return tl
	}
	t.Run(filepath.Base(f.Path), func(t *testing.T) {
		for _, r := range f.Records {
			if !r.RunsOn(tg.labels...) {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), recordTimeout())
			got, err := Execute(ctx, tg.db, r, tg.oracle)
			cancel()
			var fail error
			if results != nil && r.Kind == Query && err == nil {
				results[r] = got
			} else {
				fail = Check(r, got, err, tg.oracle)
			}
			if fail != nil {
				tl.failed++
				if tg.shown++; tg.shown <= maxShown {
					t.Errorf("%s: [%s]\n%s\n%v", r.Where(), tg.name, indent(r.SQL), fail)
				} else {
					first, _, _ := strings.Cut(fail.Error(), "\n")
					t.Errorf("%s: [%s] %s", r.Where(), tg.name, first)
				}
			} else {
				tl.passed++
			}
		}
	})
	return tl
}

func indent(sql string) string { return "    " + strings.ReplaceAll(sql, "\n", "\n    ") }
