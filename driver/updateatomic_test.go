package driver_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestConcurrentIncrement: row-dependent UPDATEs from 32 goroutines lose
// nothing, on NOT NULL and nullable columns. Through one connector in
// every mode and on every server: an UPDATE that is not one atomic
// server-side write waits for the others of its connector on the table.
// Through two connectors (as two processes would) where EXPLAIN shows one
// atomic write: n = n ± c is a $inc, other values an update pipeline under
// full, NOT NULL columns included (32 × 50 each). Where EXPLAIN says "not
// atomic" (every UPDATE on FerretDB v1, whose updates read and rewrite the
// document; values computed in-process) the README says so too and the
// two-connector part skips that statement.
func TestConcurrentIncrement(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_incr", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE c (id INT PRIMARY KEY, n INT NOT NULL, m INT, one INT NOT NULL, s TEXT NOT NULL)")
		mustExec(t, db, "INSERT INTO c VALUES (1, 0, 0, 1, ''), (2, 0, NULL, 1, '')")
		dsn := testDSN(t, "drv_incr_"+mode(t), "sqlmongo.pushdown="+mode(t))
		other, err := sql.Open("mongodb", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		const goroutines = 32
		hammer := func(dbs []*sql.DB, each int, query string, args ...any) {
			t.Helper()
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					db := dbs[g%len(dbs)]
					for range each {
						res, err := db.Exec(query, args...)
						if err != nil {
							t.Errorf("%s: %v", query, err)
							return
						}
						if n, err := res.RowsAffected(); err != nil || n != 1 {
							t.Errorf("%s: %d rows affected, %v; want 1", query, n, err)
							return
						}
					}
				}()
			}
			wg.Wait()
		}
		row := func() (n, m, s int64) {
			t.Helper()
			if err := db.QueryRow("SELECT n, m, CHAR_LENGTH(s) FROM c WHERE id = 1").Scan(&n, &m, &s); err != nil {
				t.Fatal(err)
			}
			return n, m, s
		}
		// atomic reports whether EXPLAIN shows q as one atomic server-side
		// write; else it logs why the two-connector part skips q.
		atomic := func(q string, args ...any) bool {
			t.Helper()
			plan := explainText(t, db, q, args...)
			for _, l := range strings.Split(plan, "\n") {
				if strings.HasPrefix(l, "not atomic") {
					t.Logf("two connectors: skipping %s: EXPLAIN says %s (%s)", q, l, plan[strings.LastIndex(plan, "\n")+1:])
					return false
				}
			}
			return true
		}
		for _, c := range []struct {
			query      string
			args       []any
			dn, dm, ds int64
		}{
			{"UPDATE c SET n = n + 1 WHERE id = 1", nil, 1, 0, 0},
			{"UPDATE c SET m = m + 1 WHERE id = 1", nil, 0, 1, 0},
			{"UPDATE c SET n = n - ? WHERE id = ?", []any{2, 1}, -2, 0, 0},
			{"UPDATE c SET n = n + one WHERE id = 1", nil, 1, 0, 0}, // a pipeline on a NOT NULL column
			{"UPDATE c SET s = CONCAT(s, 'x') WHERE id = 1", nil, 0, 0, 1},
		} {
			isAtomic := atomic(c.query, c.args...)
			for _, dbs := range [][]*sql.DB{{db}, {db, other}} {
				each := 50
				if !isAtomic {
					if len(dbs) == 2 {
						continue
					}
					each = 5 // one at a time: keep it short
				}
				n, m, s := row()
				hammer(dbs, each, c.query, c.args...)
				total := int64(goroutines * each)
				if gn, gm, gs := row(); gn != n+c.dn*total || gm != m+c.dm*total || gs != s+c.ds*total {
					t.Errorf("%d × %s through %d connector(s): n, m, CHAR_LENGTH(s) = %d, %d, %d; want %d, %d, %d",
						total, c.query, len(dbs), gn, gm, gs, n+c.dn*total, m+c.dm*total, s+c.ds*total)
				}
			}
		}
		// NULL + 1 stays NULL: the row is matched, nothing changes.
		if n, err := mustExec(t, db, "UPDATE c SET m = m + 1 WHERE id = 2").RowsAffected(); err != nil || n != 0 {
			t.Errorf("NULL + 1: %d rows changed, %v; want 0", n, err)
		}
		var null sql.NullInt64
		if err := db.QueryRow("SELECT m FROM c WHERE id = 2").Scan(&null); err != nil || null.Valid {
			t.Errorf("NULL + 1 = %v, %v; want NULL", null, err)
		}
	})
}

// TestUpdateRefusesWriteNothing: an UPDATE that would store NULL in a NOT
// NULL column, or overflow BIGINT, fails before writing anything, whichever
// path it takes.
func TestUpdateRefusesWriteNothing(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_upd_refuse", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, city VARCHAR(20), n BIGINT NOT NULL)")
		mustExec(t, db, "INSERT INTO p VALUES (1, 'a', 'x', 1), (2, 'b', NULL, 9223372036854775807), (3, 'c', 'z', 3)")
		names := func() string {
			t.Helper()
			rows, err := db.Query("SELECT name, n FROM p ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var name, n string
				if err := rows.Scan(&name, &n); err != nil {
					t.Fatal(err)
				}
				out = append(out, name+":"+n)
			}
			return strings.Join(out, " ")
		}
		const before = "a:1 b:9223372036854775807 c:3"
		_, err := db.Exec("UPDATE p SET name = CONCAT(city, '!')")
		wantError(t, err, driver.CodeConstraint, "name")
		if got := names(); got != before {
			t.Errorf("after the refused NOT NULL update: %s, want %s", got, before)
		}
		_, err = db.Exec("UPDATE p SET n = n + 1 WHERE id = 2")
		wantError(t, err, driver.CodeDataType, "out of range")
		if got := names(); got != before {
			t.Errorf("after the refused overflow: %s, want %s", got, before)
		}
		// A NULL another writer left in a NOT NULL column: the update that
		// would keep it fails (the pipeline's own guard, when pushed).
		raw := mongoClient(t).Database(dbName("drv_upd_refuse_" + mode(t))).Collection("p")
		if _, err := raw.InsertOne(context.Background(), bson.D{{Key: "_id", Value: int64(4)}, {Key: "name", Value: "d"}, {Key: "n", Value: nil}}); err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec("UPDATE p SET n = n * 2 WHERE id = 4")
		wantError(t, err, driver.CodeConstraint, `"n"`)
		mustExec(t, db, "DELETE FROM p WHERE id = 4")
		mustExec(t, db, "UPDATE p SET name = CONCAT(name, city) WHERE city IS NOT NULL")
		if got, want := names(), "ax:1 b:9223372036854775807 cz:3"; got != want {
			t.Errorf("after CONCAT: %s, want %s", got, want)
		}
	})
}

// explainText is EXPLAIN's rows, one "operator detail" a line.
func explainText(t *testing.T, db *sql.DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN "+query, args...)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var op, detail string
		if err := rows.Scan(&op, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimSpace(op)+" "+detail)
	}
	return strings.Join(out, "\n")
}

// mode is the pushdown mode an eachMode subtest runs in (its name).
func mode(t *testing.T) string { return t.Name()[strings.LastIndex(t.Name(), "/")+1:] }
