package driver_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestJoinDML: multi-table UPDATE and DELETE on a collection without a
// CREATE TABLE (ObjectId _ids), with parameters, RowsAffected counting
// each target row once, and EXPLAIN describing the join without running
// it.
func TestJoinDML(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_dmljoin", func(t *testing.T, db *sql.DB) {
		ctx := context.Background()
		mustExec(t, db, "CREATE TABLE jd_k (id INT PRIMARY KEY, k INT, label VARCHAR(10))")
		mustExec(t, db, "INSERT INTO jd_k VALUES (1, 1, 'one'), (2, 1, 'uno'), (3, 2, 'two')")
		var name string
		if err := db.QueryRow("SELECT DATABASE()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		docs := []any{
			bson.D{{Key: "k", Value: 1}, {Key: "v", Value: "a"}},
			bson.D{{Key: "k", Value: 2}, {Key: "v", Value: "b"}},
			bson.D{{Key: "k", Value: 3}, {Key: "v", Value: "c"}},
		}
		if _, err := mongoClient(t).Database(name).Collection("jd_docs").InsertMany(ctx, docs); err != nil {
			t.Fatal(err)
		}

		res := mustExec(t, db, "UPDATE jd_docs d JOIN jd_k k ON k.k = d.k SET d.v = CONCAT(d.v, ?), d.seen = 1 WHERE k.id < ?", "+", 3)
		if n, _ := res.RowsAffected(); n != 1 {
			t.Errorf("UPDATE: RowsAffected %d, want 1 (one document matched twice)", n)
		}
		if got := joinRows(t, db, "SELECT k, v, seen FROM jd_docs ORDER BY k"); got != "1:a+:1 2:b:NULL 3:c:NULL" {
			t.Errorf("after UPDATE: %s", got)
		}

		rows, err := db.Query("EXPLAIN DELETE d, k FROM jd_docs d JOIN jd_k k ON k.k = d.k")
		if err != nil {
			t.Fatal(err)
		}
		vals, err := scanRows(rows)
		if err != nil {
			t.Fatal(err)
		}
		if len(vals) == 0 || !strings.Contains(vals[0][1].String, "jd_docs, jd_k") {
			t.Errorf("EXPLAIN DELETE d, k: %v", vals)
		}
		if got := joinRows(t, db, "SELECT COUNT(*) FROM jd_docs"); got != "3" {
			t.Errorf("EXPLAIN deleted rows: %s left", got)
		}

		res = mustExec(t, db, "DELETE d, k FROM jd_docs d JOIN jd_k k ON k.k = d.k WHERE k.label <> ?", "uno")
		if n, _ := res.RowsAffected(); n != 4 {
			t.Errorf("DELETE d, k: RowsAffected %d, want 4", n)
		}
		if got := joinRows(t, db, "SELECT k, v FROM jd_docs ORDER BY k"); got != "3:c" {
			t.Errorf("after DELETE: %s", got)
		}
		if got := joinRows(t, db, "SELECT id FROM jd_k ORDER BY id"); got != "2" {
			t.Errorf("after DELETE: %s", got)
		}
	})
}
