package driver_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

// memoryCase is a query run in-process (sqlmongo.pushdown=none) under a
// 64 KiB sqlmongo.memoryLimit. over names the operator that must fail
// with the memory-limit error there (and succeed under the default limit,
// with the same rows as a generous run); "" means the operator streams or
// keeps a bounded amount and must succeed within the small limit too.
type memoryCase struct {
	query string
	over  string
}

// memoryCases cover every in-process operator that holds rows or values:
// the sort (and its top-N), the hash aggregate's groups and the values its
// accumulators keep (MIN/MAX/ANY_VALUE, the DISTINCT sets, GROUP_CONCAT's
// list), DISTINCT; and those that keep a bounded amount.
var memoryCases = []memoryCase{
	{"SELECT id, pad FROM big ORDER BY pad DESC", "in-process sort"},
	{"SELECT pad, COUNT(*) FROM big GROUP BY pad", "GROUP BY"},
	{"SELECT DISTINCT pad FROM big", "DISTINCT"},
	{"SELECT DISTINCT pad FROM big ORDER BY pad", "in-process sort"}, // the sort, below the DISTINCT
	{"SELECT COUNT(DISTINCT pad) FROM big", "COUNT(DISTINCT …)"},
	{"SELECT COUNT(DISTINCT pad, id) FROM big", "COUNT(DISTINCT …)"},
	{"SELECT SUM(DISTINCT id), AVG(DISTINCT id) FROM big WHERE pad <> ''", "(DISTINCT …)"},
	{"SELECT AVG(DISTINCT id) FROM big", "AVG(DISTINCT …)"},
	{"SELECT pad FROM big UNION SELECT pad FROM big", "UNION"},
	{"SELECT pad, id FROM big INTERSECT SELECT pad, id FROM big", "INTERSECT"},
	{"SELECT id, pad FROM big EXCEPT ALL SELECT id, pad FROM big WHERE id > 1", "EXCEPT ALL"},
	{"SELECT a.id, b.id FROM big a JOIN big b ON a.pad = b.pad", "hash join"},
	{"SELECT a.id, b.id FROM big a JOIN big b ON a.pad < b.pad AND b.id < 3", ""},
	{"SELECT a.id FROM big a WHERE a.pad IN (SELECT pad FROM big)", "hash join"}, // a semi join
	{"SELECT a.id, a.pad IN (SELECT pad FROM big) FROM big a", "IN (SELECT"},
	// A correlated subquery's results are kept per outer value, and
	// dropped past the limit: it runs again rather than fail.
	// 100 tuples of 1,500-byte values.
	{"SELECT a.id, (SELECT MAX(w.blob) FROM wide w WHERE w.g = a.g) FROM wide a WHERE a.id <= 100", ""},
	{"SELECT g, GROUP_CONCAT(pad ORDER BY id) FROM big GROUP BY g", "GROUP_CONCAT"},
	{"SELECT GROUP_CONCAT(DISTINCT pad ORDER BY pad DESC SEPARATOR '') FROM big", "GROUP_CONCAT"},
	// One value per group, but a long one: 100 groups of a 1,500-byte MAX.
	{"SELECT g, MAX(blob) FROM wide GROUP BY g", "MAX"},
	{"SELECT g, MIN(blob) FROM wide GROUP BY g", "MIN"},
	{"SELECT g, ANY_VALUE(blob) FROM wide GROUP BY g", "ANY_VALUE"},
	// Bounded: a top-N keeps about 2×N rows, GROUP_CONCAT without ORDER BY
	// the first 1,024 bytes (all MySQL returns), the rest a few numbers.
	{"SELECT id FROM big ORDER BY pad DESC LIMIT 3", ""},
	{"SELECT g, GROUP_CONCAT(pad) FROM big GROUP BY g", ""},
	{"SELECT GROUP_CONCAT(DISTINCT pad SEPARATOR '; ') FROM big", ""},
	{"SELECT g, COUNT(*), SUM(id), AVG(id), MIN(id), MAX(pad), BIT_OR(id) FROM big GROUP BY g", ""},
	{"SELECT VAR_POP(id), STDDEV_SAMP(id), VARIANCE(id), STD(id) FROM big", ""},
	{"SELECT COUNT(DISTINCT g), SUM(DISTINCT g) FROM big", ""},
	{"SELECT DISTINCT g FROM big", ""},
	{"SELECT id, pad FROM big UNION ALL SELECT id, pad FROM big", ""}, // streams
	{"SELECT g FROM big UNION SELECT g FROM big", ""},
	{"SELECT id FROM big WHERE pad IN ('a', 'b', 'c') OR id > 990", ""},
}

// TestMemoryLimit: every in-process operator that holds data stays within
// sqlmongo.memoryLimit and fails over it with a clear error (CodeMemory,
// naming the operator and the option), and succeeds under the default
// limit with the rows of a generous run; operators that hold a bounded
// amount succeed within a small limit.
func TestMemoryLimit(t *testing.T) {
	const db = "drv_memory"
	dropDatabase(t, db)
	open := func(opts ...string) *sql.DB {
		conn, err := sql.Open("mongodb", testDSN(t, db, append([]string{"sqlmongo.pushdown=none"}, opts...)...))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	small, generous := open("sqlmongo.memoryLimit=64KiB"), open()
	mustExec(t, generous, "CREATE TABLE big (id INT PRIMARY KEY, g INT, pad VARCHAR(100))")
	mustExec(t, generous, "CREATE TABLE wide (id INT PRIMARY KEY, g INT, blob TEXT)")
	var vals, wide []string
	for i := 1; i <= 2000; i++ {
		vals = append(vals, fmt.Sprintf("(%d, %d, '%s')", i, i%10, strings.Repeat("x", 60)+fmt.Sprint(i)))
	}
	for i := 1; i <= 300; i++ {
		wide = append(wide, fmt.Sprintf("(%d, %d, '%s%04d')", i, i%100, strings.Repeat("y", 1500), i))
	}
	mustExec(t, generous, "INSERT INTO big (id, g, pad) VALUES "+strings.Join(vals, ", "))
	mustExec(t, generous, "INSERT INTO wide (id, g, blob) VALUES "+strings.Join(wide, ", "))
	for _, c := range memoryCases {
		want, err := queryRows(generous, c.query)
		if err != nil {
			t.Errorf("%s under the default limit: %v", c.query, err)
			continue
		}
		got, err := queryRows(small, c.query)
		if c.over == "" {
			if err != nil {
				t.Errorf("%s under 64 KiB: %v, want it to succeed (it holds a bounded amount)", c.query, err)
			} else if !reflect.DeepEqual(got, want) {
				t.Errorf("%s under 64 KiB: got %v, want %v", c.query, got, want)
			}
			continue
		}
		var se *driver.Error
		if !errors.As(err, &se) || se.Code != driver.CodeMemory ||
			!strings.Contains(err.Error(), "sqlmongo.memoryLimit=65536") || !strings.Contains(err.Error(), c.over) {
			t.Errorf("%s under 64 KiB: got %v, want a memory-limit error naming %s and sqlmongo.memoryLimit=65536", c.query, err, c.over)
		}
	}
	// Top-N: the same sort under a LIMIT holds only about 2×N rows.
	var id int
	if err := small.QueryRow("SELECT id FROM big ORDER BY pad DESC LIMIT 1").Scan(&id); err != nil {
		t.Fatalf("top-N sort within the limit: %v", err)
	}
	if id != 999 { // "x…x999" sorts last among the ids' texts
		t.Errorf("top row id = %d, want 999", id)
	}
}

// queryRows runs query and returns its rows as text.
func queryRows(db *sql.DB, query string) ([][]string, error) {
	rows, err := db.Query(query)
	if err != nil {
		return nil, err
	}
	vals, err := scanRows(rows)
	out := make([][]string, len(vals))
	for r, vs := range vals {
		for _, v := range vs {
			out[r] = append(out[r], fmt.Sprintf("%v:%s", v.Valid, v.String))
		}
	}
	return out, err
}

// scanRows reads every row of rows, each column as a sql.NullString, and
// closes rows.
func scanRows(rows *sql.Rows) ([][]sql.NullString, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]sql.NullString
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}
