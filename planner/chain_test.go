package planner

import (
	"errors"
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

// TestBuildStops: planning calls Options.Stop once per stopEvery
// expressions bound (OR chains, IN lists, VALUES rows), and its error ends
// planning: a statement of megabytes takes seconds to plan.
func TestBuildStops(t *testing.T) {
	const n = 20_000
	for _, sql := range []string{
		"SELECT id FROM customers WHERE " + strings.TrimPrefix(strings.Repeat(" OR credit = 7", n), " OR "),
		"SELECT id FROM customers WHERE credit IN (" + strings.TrimPrefix(strings.Repeat(", 7", n), ", ") + ")",
		"INSERT INTO customers (id, name) VALUES " + strings.TrimPrefix(strings.Repeat(", (1, 'a')", n/2), ", "),
		"DELETE FROM customers WHERE name NOT IN (" + strings.TrimPrefix(strings.Repeat(", 'a'", n), ", ") + ")",
	} {
		st, err := sqlparse.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		for _, caps := range profiles {
			calls := 0
			if _, err := BuildWith(st, goldenCatalog, caps, Options{Stop: func() error { calls++; return nil }}); err != nil {
				t.Fatalf("%.40s… under %s: %v", sql, caps.Name, err)
			}
			if calls < n/stopEvery {
				t.Errorf("%.40s… under %s: Stop called %d times for %d expressions", sql, caps.Name, calls, n)
			}
			stop := errors.New("stop")
			for _, after := range []int{1, calls / 2, calls} {
				k := 0
				_, err := BuildWith(st, goldenCatalog, caps, Options{Stop: func() error {
					if k++; k >= after {
						return stop
					}
					return nil
				}})
				if err != stop || k != after {
					t.Errorf("%.40s… under %s, Stop failing at call %d: got %v after %d calls", sql, caps.Name, after, err, k)
				}
			}
		}
	}
}
