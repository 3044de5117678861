package planner

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// testCatalog is a fixed catalog for planner tests: the planner is pure,
// so a table list is all it needs.
type testCatalog map[string]*Table

func (c testCatalog) Table(name string) (*Table, error) {
	if t, ok := c[name]; ok {
		return t, nil
	}
	return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q", name)
}

func (c testCatalog) Database() string { return "test" }

func colType(name string) sqltypes.Type {
	t, ok := sqltypes.ParseType(name)
	if !ok {
		panic(name)
	}
	return t
}

var goldenCatalog = testCatalog{
	"customers": {Name: "customers", IDColumn: "id", Defined: true, Columns: []TableColumn{
		{Name: "id", Type: colType("INT"), NotNull: true, AutoIncrement: true},
		{Name: "name", Type: colType("VARCHAR"), NotNull: true},
		{Name: "city", Type: colType("VARCHAR")},
		{Name: "credit", Type: colType("DECIMAL")},
		{Name: "born", Type: colType("DATE")},
		{Name: "vip", Type: colType("BOOL")},
	}},
	"orders": {Name: "orders", IDColumn: "id", Defined: true, Columns: []TableColumn{
		{Name: "id", Type: colType("BIGINT"), NotNull: true},
		{Name: "customer_id", Type: colType("INT")},
		{Name: "total", Type: colType("DOUBLE")},
		{Name: "status", Type: colType("VARCHAR")},
		{Name: "placed", Type: colType("DATETIME")},
	}},
	"events": {Name: "events", Defined: false, Columns: []TableColumn{
		{Name: "_id", Type: sqltypes.ObjectIDType},
		{Name: "kind", Type: colType("TEXT")},
		{Name: "n", Type: colType("INT")},
		{Name: "payload", Type: colType("JSON")},
	}},
}

var profiles = []Capabilities{Full, FerretDB, None}

// TestGolden plans every "sql:" line of testdata/*.txt under each profile
// and compares the description with the file; -update rewrites it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := renderGolden(string(data))
			if *update {
				if err := os.WriteFile(f, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(data) {
				t.Errorf("%s differs from the planner's output; run go test ./planner -update and review the diff.\n--- got ---\n%s", f, got)
			}
		})
	}
}

func renderGolden(in string) string {
	var b strings.Builder
	for _, line := range strings.Split(in, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			b.WriteString(line + "\n")
		case strings.HasPrefix(line, "sql: "):
			b.WriteString(line + "\n")
			b.WriteString(planText(strings.TrimPrefix(line, "sql: ")))
			b.WriteString("\n")
		}
	}
	return b.String()
}

func planText(sql string) string {
	var b strings.Builder
	stmt, err := sqlparse.Parse(sql)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	if p, err := Build(stmt, goldenCatalog, Full); err == nil {
		if q, ok := p.(*Query); ok && q.logical != nil {
			b.WriteString("logical:\n")
			for _, l := range strings.Split(strings.TrimSuffix(logicalString(q.logical), "\n"), "\n") {
				b.WriteString("  " + l + "\n")
			}
		}
	}
	for _, caps := range profiles {
		b.WriteString(caps.Name + ":\n")
		p, err := Build(stmt, goldenCatalog, caps)
		if err != nil {
			b.WriteString("  error: " + err.Error() + "\n")
			continue
		}
		for _, l := range Describe(p, true) {
			b.WriteString("  " + l.Operator)
			if l.Detail != "" {
				b.WriteString("  " + l.Detail)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
