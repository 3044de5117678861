package driver_test

import (
	"database/sql"
	"strings"
	"testing"
)

// joinRows runs query and returns its rows as "v1:v2:…" joined by spaces,
// NULL for NULL.
func joinRows(t *testing.T, q interface {
	Query(string, ...any) (*sql.Rows, error)
}, query string, args ...any) string {
	t.Helper()
	rows, err := q.Query(query, args...)
	if err != nil {
		t.Fatalf("%s %v: %v", query, args, err)
	}
	vals, err := scanRows(rows)
	if err != nil {
		t.Fatalf("%s %v: %v", query, args, err)
	}
	var out []string
	for _, vs := range vals {
		var row []string
		for _, v := range vs {
			if v.Valid {
				row = append(row, v.String)
			} else {
				row = append(row, "NULL")
			}
		}
		out = append(out, strings.Join(row, ":"))
	}
	return strings.Join(out, " ")
}

// stmtQuerier lets joinRows run a prepared statement.
type stmtQuerier struct{ s *sql.Stmt }

func (q stmtQuerier) Query(_ string, args ...any) (*sql.Rows, error) { return q.s.Query(args...) }

// TestJoinParameters: bound parameters in joins in every mode — in ON, in
// WHERE on either side, in IN (SELECT … WHERE x = ?), in a correlated
// subquery and a derived table, a NULL argument in a join condition, and
// one prepared join run several times with different arguments.
func TestJoinParameters(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_joinparams", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE ja (id INT PRIMARY KEY, k INT, s VARCHAR(10))")
		mustExec(t, db, "CREATE TABLE jb (id INT PRIMARY KEY, k INT, label VARCHAR(10), m DECIMAL(5,2))")
		mustExec(t, db, "INSERT INTO ja (id, k, s) VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 2, 'x'), (4, NULL, 'z'), (5, 3, NULL)")
		mustExec(t, db, "INSERT INTO jb (id, k, label, m) VALUES (10, 1, 'p', 1.5), (11, 1, 'q', NULL), (12, 2, 'p', 3.0), (13, NULL, 'r', 4.0), (14, 4, 'p', 0.5)")

		for _, tc := range []struct {
			query string
			args  []any
			want  string
		}{
			// in ON
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k AND b.m > ? ORDER BY a.id, b.id", []any{1}, "1:10 2:10 3:12"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k AND b.m > ? ORDER BY a.id, b.id", []any{2}, "3:12"},
			{"SELECT a.id, b.id FROM ja a LEFT JOIN jb b ON a.k = b.k AND b.label = ? ORDER BY a.id, b.id", []any{"q"}, "1:11 2:11 3:NULL 4:NULL 5:NULL"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k AND a.s = ? AND b.label = ? ORDER BY a.id, b.id", []any{"x", "p"}, "1:10 3:12"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k AND b.k = ? ORDER BY a.id, b.id", []any{"2"}, "3:12"},
			// in WHERE, on both sides
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k WHERE a.s = ? AND b.m < ? ORDER BY a.id, b.id", []any{"x", 2}, "1:10"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k WHERE a.s = ? AND b.m < ? ORDER BY a.id, b.id", []any{"x", 5}, "1:10 3:12"},
			{"SELECT a.id, b.id FROM ja a LEFT JOIN jb b ON a.k = b.k WHERE b.label = ? OR a.id = ? ORDER BY a.id, b.id", []any{"p", 4}, "1:10 2:10 3:12 4:NULL"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k ORDER BY a.id, b.id LIMIT ? OFFSET ?", []any{2, 1}, "1:11 2:10"},
			// IN (SELECT … WHERE x = ?)
			{"SELECT id FROM ja WHERE k IN (SELECT k FROM jb WHERE label = ?) ORDER BY id", []any{"p"}, "1 2 3"},
			{"SELECT id FROM ja WHERE k IN (SELECT k FROM jb WHERE label = ?) ORDER BY id", []any{"r"}, ""},
			{"SELECT id FROM ja WHERE k NOT IN (SELECT k FROM jb WHERE label = ?) ORDER BY id", []any{"p"}, "5"},
			{"SELECT id FROM ja WHERE k NOT IN (SELECT k FROM jb WHERE label = ?) ORDER BY id", []any{"r"}, ""},
			{"SELECT id FROM ja WHERE k NOT IN (SELECT k FROM jb WHERE label = ?) ORDER BY id", []any{"none"}, "1 2 3 4 5"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k WHERE b.id IN (SELECT id FROM jb WHERE m > ?) ORDER BY a.id, b.id", []any{1}, "1:10 2:10 3:12"},
			// correlated subqueries and derived tables
			{"SELECT a.id FROM ja a WHERE EXISTS (SELECT 1 FROM jb b WHERE b.k = a.k AND b.m > ?) ORDER BY a.id", []any{2}, "3"},
			{"SELECT a.id FROM ja a WHERE EXISTS (SELECT 1 FROM jb b WHERE b.k = a.k AND b.m > ?) ORDER BY a.id", []any{1}, "1 2 3"},
			{"SELECT a.id, (SELECT COUNT(*) FROM jb b WHERE b.k = a.k AND b.label = ?) FROM ja a ORDER BY a.id", []any{"p"}, "1:1 2:1 3:1 4:0 5:0"},
			{"SELECT a.id, d.k FROM ja a JOIN (SELECT k FROM jb WHERE m > ?) d ON d.k = a.k ORDER BY a.id", []any{1}, "1:1 2:1 3:2"},
			// a NULL argument in a join condition
			{"SELECT a.id, b.id FROM ja a LEFT JOIN jb b ON a.k = b.k AND b.label = ? ORDER BY a.id, b.id", []any{nil}, "1:NULL 2:NULL 3:NULL 4:NULL 5:NULL"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k <=> b.k AND b.k <=> ? ORDER BY a.id, b.id", []any{nil}, "4:13"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k <=> b.k AND b.k <=> ? ORDER BY a.id, b.id", []any{2}, "3:12"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON b.k = COALESCE(?, a.k) ORDER BY a.id, b.id", []any{nil}, "1:10 1:11 2:10 2:11 3:12"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON b.k = COALESCE(?, a.k) ORDER BY a.id, b.id", []any{4}, "1:14 2:14 3:14 4:14 5:14"},
			{"SELECT a.id, b.id FROM ja a JOIN jb b ON a.k = b.k AND b.k = ? ORDER BY a.id, b.id", []any{nil}, ""},
			{"SELECT id FROM ja WHERE k IN (SELECT k FROM jb WHERE label = ?) ORDER BY id", []any{nil}, ""},
			{"SELECT id FROM ja WHERE ? NOT IN (SELECT k FROM jb WHERE label = 'none') ORDER BY id", []any{nil}, "1 2 3 4 5"},
		} {
			if got := joinRows(t, db, tc.query, tc.args...); got != tc.want {
				t.Errorf("%s %v = %q, want %q", tc.query, tc.args, got, tc.want)
			}
		}

		// One prepared join, run several times with different arguments
		// (NULL among them, and the first arguments again at the end).
		stmt, err := db.Prepare("SELECT a.id, b.id FROM ja a LEFT JOIN jb b ON b.k = a.k AND b.m >= ? WHERE a.id <= ? ORDER BY a.id, b.id")
		if err != nil {
			t.Fatal(err)
		}
		defer stmt.Close()
		for _, tc := range []struct {
			args []any
			want string
		}{
			{[]any{0, 3}, "1:10 2:10 3:12"},
			{[]any{nil, 2}, "1:NULL 2:NULL"},
			{[]any{3, 5}, "1:NULL 2:NULL 3:12 4:NULL 5:NULL"},
			{[]any{"1.5", 1}, "1:10"},
			{[]any{0, 3}, "1:10 2:10 3:12"},
		} {
			if got := joinRows(t, stmtQuerier{stmt}, "prepared join", tc.args...); got != tc.want {
				t.Errorf("prepared join %v = %q, want %q", tc.args, got, tc.want)
			}
		}

		// A prepared IN (SELECT …) with the parameter inside the subquery.
		in, err := db.Prepare("SELECT a.id FROM ja a WHERE a.k IN (SELECT b.k FROM jb b WHERE b.label = ? AND b.m < ?) ORDER BY a.id")
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		for _, tc := range []struct {
			args []any
			want string
		}{
			{[]any{"p", 2}, "1 2"},
			{[]any{"p", 5}, "1 2 3"},
			{[]any{nil, 5}, ""},
			{[]any{"p", 1}, ""},
		} {
			if got := joinRows(t, stmtQuerier{in}, "prepared in", tc.args...); got != tc.want {
				t.Errorf("prepared IN (SELECT …) %v = %q, want %q", tc.args, got, tc.want)
			}
		}
	})
}
