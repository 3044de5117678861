package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// bigStatement returns a statement of about size bytes of the given shape:
// an OR chain, an IN list or an INSERT of many rows.
func bigStatement(shape string, size int) string {
	b := make([]byte, 0, size+64)
	for i := 0; len(b) < size; i++ {
		switch shape {
		case "or":
			if i == 0 {
				b = append(b, "SELECT id FROM t WHERE n = 0"...)
			} else {
				b = strconv.AppendInt(append(b, " OR n = "...), int64(i), 10)
			}
		case "in":
			if i == 0 {
				b = append(b, "SELECT id FROM t WHERE n IN (0"...)
			} else {
				b = strconv.AppendInt(append(b, ", "...), int64(i), 10)
			}
		case "values":
			if i == 0 {
				b = append(b, "INSERT INTO t (id, n) VALUES (0, 0)"...)
			} else {
				b = strconv.AppendInt(append(b, ", ("...), int64(i), 10)
				b = append(strconv.AppendInt(append(b, ", "...), int64(i), 10), ')')
			}
		}
	}
	if shape == "in" {
		b = append(b, ')')
	}
	return string(b)
}

// TestStatementDeadline: a 10 MB statement (an OR chain of a million
// terms, an IN list, a many-row INSERT) honours a 50 ms deadline while it
// is parsed and planned: the call fails with context.DeadlineExceeded
// sooner than a parse of a fifth of the statement would take on this
// machine (four times a twentieth, measured here, so the bound does not
// depend on its speed, and a loaded machine's pauses fit in the margin).
// Parsing and planning it whole takes seconds (minutes under -race).
func TestStatementDeadline(t *testing.T) {
	const size = 10 << 20
	shapes := []string{"or", "in", "values"}
	queries := map[string]string{}
	part := map[string]time.Duration{} // a full parse of a twentieth
	for _, shape := range shapes {
		queries[shape] = bigStatement(shape, size)
		start := time.Now()
		if _, err := sqlparse.Parse(bigStatement(shape, size/20)); err != nil {
			t.Fatalf("%s: %v", shape, err)
		}
		part[shape] = time.Since(start)
	}
	eachMode(t, "drv_deadline", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, n INT)")
		for _, shape := range shapes {
			query := queries[shape]
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			start := time.Now()
			var err error
			if shape == "values" {
				_, err = db.ExecContext(ctx, query)
			} else {
				var rows *sql.Rows
				if rows, err = db.QueryContext(ctx, query); err == nil {
					rows.Close()
				}
			}
			took := time.Since(start)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s (%d bytes) with a 50 ms deadline: got %v, want context.DeadlineExceeded", shape, len(query), err)
			}
			if took >= 4*part[shape] {
				t.Errorf("%s (%d bytes) with a 50 ms deadline returned after %v, no sooner than a parse of a fifth of it (%v)", shape, len(query), took, 4*part[shape])
			}
			t.Logf("%s: %d bytes, deadline error after %v (a twentieth parses in %v)", shape, len(query), took, part[shape])
		}
		// The connection pool still works.
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 0 {
			t.Errorf("after the deadlines: COUNT(*) = %d, %v", n, err)
		}
	})
}

// TestDeadlineInProcessAggregate: a COUNT(*) over rows filtered in-process
// reads its whole input in one step; it still ends with
// context.DeadlineExceeded at its deadline (a fifth of the query's time
// measured here), well before the query would (the bound, three fifths,
// leaves room for a loaded machine). The scan checks the context at each
// row, not only when the cursor fetches a batch (exec's
// TestScanIterContext): on MongoDB a batch after the first may hold the
// rest of the table.
func TestDeadlineInProcessAggregate(t *testing.T) {
	eachMode(t, "drv_deadline_agg", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10))")
		mustExec(t, db, "INSERT INTO t (v) VALUES ('a'), ('b'), ('c'), ('d')")
		for i := 0; i < 8; i++ {
			mustExec(t, db, "INSERT INTO t (v) SELECT v FROM t")
		}
		const q = "SELECT COUNT(*) FROM t WHERE LENGTH(REPLACE(REPEAT(v, 200000), 'a', 'xyz')) > 1"
		var n int
		start := time.Now()
		if err := db.QueryRow(q).Scan(&n); err != nil || n != 1024 {
			t.Fatalf("COUNT(*) = %d, %v", n, err)
		}
		full := time.Since(start)
		ctx, cancel := context.WithTimeout(context.Background(), full/5)
		defer cancel()
		start = time.Now()
		err := db.QueryRowContext(ctx, q).Scan(&n)
		took := time.Since(start)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("with a deadline of %v: got %v, want context.DeadlineExceeded", full/5, err)
		}
		if took >= full*3/5 {
			t.Errorf("with a deadline of %v the query returned after %v (it takes %v)", full/5, took, full)
		}
		t.Logf("the query takes %v; with a deadline of %v it returned after %v", full, full/5, took)
	})
}
