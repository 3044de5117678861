package planner

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// evalSQL plans "SELECT <exprs>" without FROM and evaluates each select
// expression in-process, rendering values as the conformance suite does
// for text columns (NULL, DATE vs DATETIME by type).
func evalSQL(t *testing.T, sql string) ([]string, error) {
	t.Helper()
	st, err := sqlparse.Parse(sql)
	if err != nil {
		return nil, err
	}
	p, err := Build(st, testCatalog{}, None)
	if err != nil {
		return nil, err
	}
	q := p.(*Query)
	proj, ok := q.Root.(*Project)
	if !ok {
		return nil, fmt.Errorf("root is %T", q.Root)
	}
	var out []string
	for _, e := range proj.Exprs {
		v, err := Eval(e, nil, &Env{})
		if err != nil {
			return nil, err
		}
		out = append(out, render(v, e.Type()))
	}
	return out, nil
}

func render(v any, t sqltypes.Type) string {
	if v == nil {
		return "NULL"
	}
	s := strOf(v, t)
	if s == "" {
		return "(empty)"
	}
	return s
}

// checkEval runs cases: SQL expression → expected rendering (as MariaDB
// printed it), or "ERR" for an error.
func checkEval(t *testing.T, cases [][2]string) {
	t.Helper()
	for _, c := range cases {
		got, err := evalSQL(t, "SELECT "+c[0])
		g := ""
		if err != nil {
			g = "ERR"
			if c[1] != "ERR" {
				t.Errorf("%s: error %v, want %q", c[0], err, c[1])
				continue
			}
		} else {
			g = strings.Join(got, "|")
		}
		if g != c[1] {
			t.Errorf("%s = %q, want %q", c[0], g, c[1])
		}
	}
}

// checkCalls evaluates "NAME(args)" cases through the registry: the
// arguments are planned as a select list, then NAME is called on them.
// For calls the parser only accepts on columns (SUBSTRING).
func checkCalls(t *testing.T, cases [][2]string) {
	t.Helper()
	for _, c := range cases {
		e := c[0]
		open := strings.IndexByte(e, '(')
		name := strings.ToLower(e[:open])
		st, err := sqlparse.Parse("SELECT " + e[open+1:len(e)-1])
		if err != nil {
			t.Fatal(err)
		}
		p, err := Build(st, testCatalog{}, None)
		if err != nil {
			t.Fatal(err)
		}
		call, err := newCall(funcs[name], p.(*Query).Root.(*Project).Exprs, nil)
		if err != nil {
			t.Fatal(err)
		}
		v, err := Eval(call, nil, &Env{})
		g := render(v, call.T)
		if err != nil {
			g = "ERR"
		}
		if g != c[1] {
			t.Errorf("%s = %q, want %q", e, g, c[1])
		}
	}
}
