package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

const streamRows = 1500 // more than one cursor batch (the first holds 101)

// fillStream creates table s with rows 1..n (n a multiple of 500 or less
// than 500).
func fillStream(t *testing.T, db *sql.DB, n int) {
	t.Helper()
	mustExec(t, db, "CREATE TABLE s (id INT PRIMARY KEY, grp INT NOT NULL, label VARCHAR(20))")
	batch := min(n, 500)
	for start := 0; start < n; start += batch {
		var b strings.Builder
		b.WriteString("INSERT INTO s (id, grp, label) VALUES ")
		for i := start; i < start+batch; i++ {
			if i > start {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%d, %d, 'row %d')", i+1, i%3, i+1)
		}
		res := mustExec(t, db, b.String())
		if n, _ := res.RowsAffected(); n != int64(batch) {
			t.Fatalf("inserted %d rows, want %d", n, batch)
		}
	}
}

// TestRowsStreaming reads results larger than one server batch.
func TestRowsStreaming(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_stream", func(t *testing.T, db *sql.DB) {
		fillStream(t, db, streamRows)
		for _, tc := range []struct {
			query   string
			n       int
			sum     int64
			ordered int // 1 ascending ids, -1 descending, 0 any order
		}{
			{"SELECT id, label FROM s", streamRows, streamRows * (streamRows + 1) / 2, 0},
			{"SELECT id, label FROM s ORDER BY id DESC", streamRows, streamRows * (streamRows + 1) / 2, -1},
			{"SELECT id, label FROM s ORDER BY id LIMIT 1000 OFFSET 250", 1000, 1000*250 + 1000*1001/2, 1},
		} {
			rows, err := db.Query(tc.query)
			if err != nil {
				t.Fatalf("%s: %v", tc.query, err)
			}
			cols, _ := rows.Columns()
			var n int
			var sum, prev int64
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatalf("%s: %v", tc.query, err)
				}
				id := vals[0].(int64)
				if label := fmt.Sprint(vals[len(vals)-1]); label != fmt.Sprintf("row %d", id) {
					t.Fatalf("%s: row %d has label %q", tc.query, id, label)
				}
				if n > 0 && (tc.ordered == 1 && id <= prev || tc.ordered == -1 && id >= prev) {
					t.Fatalf("%s: id %d after %d", tc.query, id, prev)
				}
				n++
				sum += id
				prev = id
			}
			if err := rows.Err(); err != nil {
				t.Fatalf("%s: %v", tc.query, err)
			}
			rows.Close()
			if n != tc.n || sum != tc.sum {
				t.Errorf("%s: %d rows with id sum %d, want %d and %d", tc.query, n, sum, tc.n, tc.sum)
			}
		}
	})
}

// TestRowsClosedEarly: closing after one row, or cancelling the query's
// context, releases the cursor and the connection without error.
func TestRowsClosedEarly(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_early", func(t *testing.T, db *sql.DB) {
		const total = 300 // the first batch holds 101: the server cursor is still open at Close
		fillStream(t, db, total)
		// One connection: a conn leaked by an early Close would make the
		// next query wait, and time out.
		db.SetMaxOpenConns(1)
		for _, q := range []string{
			"SELECT * FROM s",
			"SELECT id FROM s WHERE grp <> 1 ORDER BY label DESC",
			"SELECT id FROM s ORDER BY id LIMIT 250",
		} {
			for range 2 {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				rows, err := db.QueryContext(ctx, q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if !rows.Next() {
					t.Fatalf("%s: no first row: %v", q, rows.Err())
				}
				if err := rows.Close(); err != nil {
					t.Errorf("%s: Close after one row: %v", q, err)
				}
				if err := rows.Err(); err != nil {
					t.Errorf("%s: Err after Close: %v", q, err)
				}
			}
		}
		if inUse := db.Stats().InUse; inUse != 0 {
			t.Errorf("%d connections still in use after closing all rows", inUse)
		}

		// Cancel the context in the middle of the stream.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows, err := db.QueryContext(ctx, "SELECT id FROM s")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
			if n == 10 {
				cancel()
			}
		}
		if err := rows.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("after cancel: rows.Err() = %v, want context.Canceled", err)
		}
		if n >= total {
			t.Errorf("read all %d rows despite the cancel", n)
		}
		rows.Close()

		// The pool still works.
		if got := count(t, db, "s"); got != total {
			t.Errorf("count = %d, want %d", got, total)
		}
	})
}
