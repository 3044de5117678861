package driver_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestSetOperations: set operations through database/sql in every mode —
// placeholders numbered across operands and in the whole LIMIT (NULL
// arguments included, which plan again with the values folded in), result
// names and types from the operands, MySQL's error 1222, and EXPLAIN
// showing both sides.
func TestSetOperations(t *testing.T) {
	eachMode(t, "drv_setop", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE sa (id INT PRIMARY KEY, n INT, s VARCHAR(10))")
		mustExec(t, db, "CREATE TABLE sb (id INT PRIMARY KEY, n INT, d DECIMAL(5,2))")
		mustExec(t, db, "INSERT INTO sa (id, n, s) VALUES (1, 1, 'a'), (2, 2, 'b'), (3, NULL, 'c'), (4, 4, 'd')")
		mustExec(t, db, "INSERT INTO sb (id, n, d) VALUES (1, 2, 1.50), (2, 3, 2.00), (3, NULL, NULL)")

		got := func(q string, args ...any) string {
			t.Helper()
			return strings.Join(queryStrings(t, db, q, args...), " ")
		}
		q := "SELECT n FROM sa WHERE id > ? UNION SELECT n FROM sb WHERE id < ? ORDER BY 1 LIMIT ?, ?"
		if g, w := got(q, 1, 3, 1, 10), "2 3 4"; g != w {
			t.Errorf("%s = %s, want %s", q, g, w)
		}
		if g, w := got(q, 0, 9, 0, 2), "NULL 1"; g != w {
			t.Errorf("%s (other arguments) = %s, want %s", q, g, w)
		}
		q = "SELECT n FROM sa WHERE n = ? INTERSECT SELECT n FROM sb WHERE n = ?"
		if g, w := got(q, 2, 2), "2"; g != w {
			t.Errorf("%s = %s, want %s", q, g, w)
		}
		if g, w := got(q, nil, nil), ""; g != w {
			t.Errorf("%s with NULLs = %q, want %q", q, g, w)
		}
		if g, w := got("SELECT n FROM sa EXCEPT SELECT n FROM sb ORDER BY n DESC"), "4 1"; g != w {
			t.Errorf("EXCEPT = %s, want %s", g, w)
		}

		rows, err := db.Query("SELECT n AS k, s FROM sa UNION ALL SELECT d, id FROM sb")
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.ColumnTypes()
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
		var desc []string
		for _, c := range cols {
			desc = append(desc, c.Name()+":"+c.DatabaseTypeName())
		}
		if g, w := strings.Join(desc, " "), "k:DECIMAL s:VARCHAR"; g != w {
			t.Errorf("columns %s, want %s", g, w)
		}

		_, err = db.Query("SELECT n, s FROM sa UNION SELECT n FROM sb")
		var de *driver.Error
		if !errors.As(err, &de) || de.Number != 1222 {
			t.Errorf("column count mismatch: %v, want MySQL error 1222", err)
		}

		ex := explainText(t, db, "SELECT n FROM sa UNION SELECT n FROM sb")
		if !strings.Contains(ex, "sa") || !strings.Contains(ex, "sb") {
			t.Errorf("EXPLAIN does not show both sides:\n%s", ex)
		}
		if mode(t) == "none" && !strings.HasPrefix(ex, "set union in-process") {
			t.Errorf("EXPLAIN under none:\n%s", ex)
		}
	})
}
