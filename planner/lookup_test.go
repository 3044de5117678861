package planner

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// A join with an equality between the two tables must reach the joined
// collection by localField/foreignField, which the server answers from
// an index; the form that compares in a sub-pipeline with $expr cannot
// use one on older servers.
func TestLookupUsesEqualityKey(t *testing.T) {
	for _, sql := range []string{
		"SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id",
		"SELECT c.name, o.total FROM customers c LEFT JOIN orders o ON o.customer_id = c.id",
		"SELECT c.name, o.total FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id",
		"SELECT c.name, o.total FROM customers c, orders o WHERE o.customer_id = c.id AND o.total > 10",
		"SELECT c.name, o.total FROM orders o JOIN customers c ON o.customer_id = c.id AND c.city = 'Oslo'",
		"SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id AND o.status <> c.name",
		"SELECT c.name, COUNT(o.id) FROM customers c LEFT JOIN orders o ON c.id = o.customer_id GROUP BY c.name",
		"SELECT x.name FROM customers x JOIN customers y ON x.city = y.city AND x.id < y.id",
		"SELECT c.name FROM customers c JOIN orders o USING (id)",
	} {
		stmt, err := sqlparse.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Build(stmt, goldenCatalog, Full)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		scan, ok := p.(*Query).Root.(*Scan)
		if !ok {
			t.Fatalf("%s: not one pipeline:\n%v", sql, Describe(p, false))
		}
		n := 0
		for _, st := range scan.Pipeline {
			if st[0].Key != "$lookup" {
				continue
			}
			n++
			if !hasKey(st[0].Value.(bson.D), "localField") {
				t.Errorf("%s: $lookup without localField: %v", sql, st)
			}
		}
		if n == 0 {
			t.Errorf("%s: no $lookup", sql)
		}
	}
}
