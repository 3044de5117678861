package planner

import (
	"errors"
	"testing"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// joinDMLCatalog adds a defined table without a primary key, whose
// ObjectId _id the join's SELECT must still return.
var joinDMLCatalog = testCatalog{
	"customers": goldenCatalog["customers"],
	"orders":    goldenCatalog["orders"],
	"events":    goldenCatalog["events"],
	"notes": {Name: "notes", Defined: true, Columns: []TableColumn{
		{Name: "customer_id", Type: colType("INT")},
		{Name: "body", Type: colType("TEXT")},
	}},
}

func buildJoinDML(t *testing.T, sql string, caps Capabilities) (Plan, error) {
	t.Helper()
	stmt, err := sqlparse.Parse(sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return Build(stmt, joinDMLCatalog, caps)
}

func TestJoinUpdatePlan(t *testing.T) {
	for _, caps := range profiles {
		for _, sql := range []string{
			"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.credit = o.total, c.city = 'x' WHERE o.status = 'paid'",
			"UPDATE customers c, orders o SET c.credit = o.total WHERE o.customer_id = c.id",
			"UPDATE customers c LEFT JOIN orders o ON o.customer_id = c.id SET city = DEFAULT, credit = o.total",
			"UPDATE notes n JOIN customers c ON c.id = n.customer_id SET n.body = c.name",
			"UPDATE events e JOIN customers c ON c.id = e.n SET e.kind = c.name, e.extra = 1",
		} {
			p, err := buildJoinDML(t, sql, caps)
			if err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
			up, ok := p.(*Update)
			if !ok || up.Source == nil || up.Pipeline != nil || up.Inc != nil {
				t.Fatalf("%s: want an Update read from a Source, got %#v", sql, p)
			}
			width := len(up.Table.Columns)
			for _, a := range up.Set {
				switch v := a.Value.(type) {
				case *ColRef:
					if v.Index < width {
						t.Errorf("%s: value of %s reads column %d, inside the target's row", sql, a.Column.Name, v.Index)
					}
				case *DefaultValue:
				default:
					t.Errorf("%s: value of %s is %T, want the SELECT's column", sql, a.Column.Name, v)
				}
			}
		}
	}
}

func TestJoinDeletePlan(t *testing.T) {
	for _, caps := range profiles {
		p, err := buildJoinDML(t, "DELETE o FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.city IS NULL", caps)
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := p.(*Delete); !ok || d.Table.Name != "orders" || d.Source == nil {
			t.Fatalf("want a Delete of orders from a Source, got %#v", p)
		}
		p, err = buildJoinDML(t, "DELETE FROM c, n USING customers c LEFT JOIN notes n ON n.customer_id = c.id", caps)
		if err != nil {
			t.Fatal(err)
		}
		md, ok := p.(*MultiDelete)
		if !ok || len(md.Tables) != 2 || md.Tables[0].Name != "customers" || md.Tables[1].Name != "notes" {
			t.Fatalf("want a MultiDelete of customers and notes, got %#v", p)
		}
	}
}

func TestJoinDMLErrors(t *testing.T) {
	for _, c := range []struct {
		sql    string
		code   sqlerr.Code
		number int
	}{
		{"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.city = 'x', o.status = 'y'", sqlerr.Unsupported, 0},
		{"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.city = 'x' ORDER BY c.id", sqlerr.Syntax, sqlerr.ErrWrongUsage},
		{"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.city = 'x' LIMIT 2", sqlerr.Syntax, sqlerr.ErrWrongUsage},
		{"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET id = 1", sqlerr.UnknownColumn, sqlerr.ErrNonUniq},
		{"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET nope = 1", sqlerr.UnknownColumn, sqlerr.ErrBadField},
		{"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET x.city = 1", sqlerr.UnknownColumn, 0},
		{"UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.credit = SUM(o.total)", sqlerr.Syntax, 1111},
		{"UPDATE customers c JOIN (SELECT 1 AS k) d ON d.k = c.id SET d.k = 2", sqlerr.Unsupported, 1288},
		{"DELETE x FROM customers c JOIN orders o ON o.customer_id = c.id", sqlerr.UnknownTable, 1109},
		{"DELETE c, c FROM customers c JOIN orders o ON o.customer_id = c.id", sqlerr.Syntax, sqlerr.ErrNonUniqTable},
		{"DELETE d FROM customers c JOIN (SELECT 1 AS k) d ON d.k = c.id", sqlerr.Unsupported, 1288},
	} {
		_, err := buildJoinDML(t, c.sql, Full)
		var se *sqlerr.Error
		if !errors.As(err, &se) || se.Code != c.code || (c.number != 0 && se.Number != c.number) {
			t.Errorf("%s: got %v, want %s %d", c.sql, err, c.code, c.number)
		}
	}
}
