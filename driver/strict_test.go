package driver_test

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestStrictMode: by default a value that does not fit its column fails
// with MySQL's error number and SQLSTATE, parameters included; with
// sqlmongo.sqlMode= (no STRICT_*) it is clamped or cut as MySQL's
// non-strict mode stores it. Expected rows are MariaDB 10.11's under
// sql_mode ”.
func TestStrictMode(t *testing.T) {
	const create = "CREATE TABLE sn (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, i INT, v VARCHAR(10), c CHAR(3), d DECIMAL(5,2), dbl DOUBLE)"
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			name := "drv_strict_" + mode
			dropDatabase(t, name)
			strict, err := sql.Open("mongodb", testDSN(t, name, "sqlmongo.pushdown="+mode))
			if err != nil {
				t.Fatal(err)
			}
			defer strict.Close()
			if _, err := strict.Exec(create); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				sql    string
				args   []any
				number int
				state  string
			}{
				{"INSERT INTO sn (id, ti) VALUES (1, 300)", nil, 1264, "22003"},
				{"INSERT INTO sn (id, ti) VALUES (?, ?)", []any{1, 300}, 1264, "22003"},
				{"INSERT INTO sn (id, v) VALUES (?, ?)", []any{1, "abcdefghijklmnop"}, 1406, "22001"},
				{"INSERT INTO sn (id, i) VALUES (1, 'abc')", nil, 1366, "22007"},
				{"INSERT INTO sn (id, i) VALUES (1, 1 / 0)", nil, 1365, "22012"},
				{"INSERT INTO sn (id, i) VALUES (1, 'abc' + 1)", nil, 1292, "22007"},
				{"INSERT INTO sn (id, i) VALUES (?, ?)", []any{1, "abc"}, 1366, "22007"},
				{"INSERT INTO sn (id, i) VALUES (?, ?)", []any{1, "12abc"}, 1265, "01000"},
				{"INSERT INTO sn (id, d) VALUES (?, ?)", []any{1, 1000.5}, 1264, "22003"},
				{"INSERT INTO sn (id, v) VALUES (1, 'x'), (2, ?)", []any{"abcdefghijk"}, 1406, "22001"},
			} {
				_, err := strict.Exec(tc.sql, tc.args...)
				var se *driver.Error
				if !errors.As(err, &se) || se.Number != tc.number || se.SQLState != tc.state || se.Code != driver.CodeDataType {
					t.Errorf("%s %v: got %v, want MySQL error %d (%s)", tc.sql, tc.args, err, tc.number, tc.state)
				}
			}
			var n int
			if err := strict.QueryRow("SELECT COUNT(*) FROM sn").Scan(&n); err != nil || n != 0 {
				t.Fatalf("rows after failed INSERTs: %d, %v", n, err)
			}

			loose, err := sql.Open("mongodb", testDSN(t, name, "sqlmongo.pushdown="+mode, "sqlmongo.sqlMode="))
			if err != nil {
				t.Fatal(err)
			}
			defer loose.Close()
			for _, q := range []string{
				"INSERT INTO sn (id, ti, tu, i, v, c, d, dbl) VALUES (1, 300, -1, 99999999999, 'abcdefghijklmnop', 'abcd', 1000, 'abc'), (2, -300, 300, 'abc', 'éééééééééééé', 'ab ', -1000, '1.5x'), (3, 100, 5, '12abc', 'x', 'y', 1.005, 1/0), (4, 'abc' + 1, 1, 1/0, NULL, NULL, NULL, MOD(5, 0))",
				"UPDATE sn SET ti = ti + 100, v = CONCAT(v, v) WHERE id = 3",
				"UPDATE sn SET tu = ?, i = ? WHERE id = 4",
			} {
				var args []any
				if strings.Contains(q, "?") {
					args = []any{"7x", "12abc"}
				}
				if _, err := loose.Exec(q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			rows, err := loose.Query("SELECT id, ti, tu, i, v, CONCAT('[', c, ']'), d, dbl FROM sn ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				vals := make([]sql.NullString, 8)
				ptrs := make([]any, len(vals))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				line := ""
				for _, v := range vals {
					if !v.Valid {
						v.String = "NULL"
					}
					line += v.String + " "
				}
				got = append(got, line)
			}
			want := []string{
				"1 127 0 2147483647 abcdefghij [abc] 999.99 0 ",
				"2 -128 255 0 éééééééééé [ab] -999.99 1.5 ",
				"3 127 5 12 xx [y] 1.01 NULL ",
				"4 1 7 12 NULL NULL NULL NULL ",
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("non-strict rows:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestStoredKeys: the INSERT key check sees keys as they are stored — a
// key clamped by non-strict mode, a CHAR key without its trailing spaces —
// so a multi-row INSERT that collides writes nothing.
func TestStoredKeys(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			name := "drv_storedkeys_" + mode
			dropDatabase(t, name)
			db, err := sql.Open("mongodb", testDSN(t, name, "sqlmongo.pushdown="+mode, "sqlmongo.sqlMode="))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, q := range []string{
				"CREATE TABLE kt (id TINYINT PRIMARY KEY)",
				"CREATE TABLE kc (id CHAR(3) PRIMARY KEY)",
				"INSERT INTO kt (id) VALUES (127)",
				"INSERT INTO kc (id) VALUES ('ab')",
			} {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for _, tc := range []struct {
				sql   string
				args  []any
				table string
			}{
				{"INSERT INTO kt (id) VALUES (1), (?)", []any{300}, "kt"},
				{"INSERT INTO kc (id) VALUES ('x'), (?)", []any{"ab "}, "kc"},
			} {
				if _, err := db.Exec(tc.sql, tc.args...); !errors.Is(err, &driver.Error{Code: driver.CodeDuplicate}) {
					t.Errorf("%s %v: %v, want a duplicate key", tc.sql, tc.args, err)
				}
				var n int
				if err := db.QueryRow("SELECT COUNT(*) FROM " + tc.table).Scan(&n); err != nil || n != 1 {
					t.Errorf("%s: %d rows (%v), want 1", tc.table, n, err)
				}
			}
		})
	}
}
