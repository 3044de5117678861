package planner

import (
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// TestLongChains: AND/OR chains of tens of thousands of operands bind into
// one flat list (binding them used to copy the list at every level:
// 80,000 ORs took 88 s) and plan under every profile.
func TestLongChains(t *testing.T) {
	const n = 10_000
	for _, op := range []string{" OR ", " AND "} {
		sql := "SELECT id FROM customers WHERE " + strings.TrimPrefix(strings.Repeat(op+"credit <> 7", n), op)
		st, err := sqlparse.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		for _, caps := range []Capabilities{Full, FerretDB, None} {
			if _, err := Build(st, goldenCatalog, caps); err != nil {
				t.Errorf("%s chain under %s: %v", strings.TrimSpace(op), caps.Name, err)
			}
		}
	}
}
