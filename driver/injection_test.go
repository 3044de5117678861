package driver_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// hostile are values that mean something to MongoDB or to a SQL lexer:
// field paths, variables, operators as JSON text, dotted names, NUL, SQL
// quoting. Each must be stored, compared and returned as the plain string
// it is, bound as a parameter or written inline.
var hostile = []string{
	"$secret", "$$ROOT", "$$CURRENT.secret", "$$REMOVE", "$", "$$",
	`{"$gt": ""}`, `{"$ne": null}`, "a.b", ".a", "secret.0",
	"x\x00y", "\x00", "'; DROP TABLE inj; --", `\`, `\'`, "%", "_", "", " ", "日本$語",
}

// inlineString writes s as a MySQL string literal.
func inlineString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\x00", `\0`)
	return "'" + r.Replace(s) + "'"
}

// TestInjection runs every hostile value through the statement shapes that
// put a value into a filter, a projection, an expression or a write, in
// every pushdown mode the server can run, and checks exact round trips and
// exact row counts. A row "hunter2" sits beside them: no shape may reveal
// or match it by accident.
func TestInjection(t *testing.T) {
	for _, mode := range injectionModes(t) {
		t.Run(mode, func(t *testing.T) {
			name := "drv_inj_" + mode
			dropDatabase(t, name)
			db, err := sql.Open("mongodb", testDSN(t, name, "sqlmongo.pushdown="+mode))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			mustExec(t, db, "CREATE TABLE inj (id INT PRIMARY KEY, s VARCHAR(100), secret VARCHAR(20), n VARCHAR(20))")
			mustExec(t, db, "INSERT INTO inj (id, s, secret, n) VALUES (0, 'plain', 'hunter2', NULL)")
			for i, v := range hostile {
				id := i + 1
				mustExec(t, db, "INSERT INTO inj (id, s, secret) VALUES (?, ?, 'hunter2')", id, v)
				checkOne(t, db, v, "SELECT s FROM inj WHERE id = ?", id)
				checkOne(t, db, v, "SELECT ? FROM inj WHERE id = ?", v, id)
				checkOne(t, db, v+"!", "SELECT CONCAT(?, '!') FROM inj WHERE id = ?", v, id)
				checkOne(t, db, v, "SELECT IFNULL(n, ?) FROM inj WHERE id = ?", v, id)
				checkOne(t, db, v, "SELECT CASE WHEN id = ? THEN ? ELSE 'no' END FROM inj WHERE id = ?", id, v, id)
				checkCount(t, db, 1, "SELECT COUNT(*) FROM inj WHERE s = ?", v)
				checkCount(t, db, 1, "SELECT COUNT(*) FROM inj WHERE s = "+inlineString(v))
				checkCount(t, db, 1, "SELECT COUNT(*) FROM inj WHERE s IN (?, 'zz')", v)
				checkCount(t, db, 1, "SELECT COUNT(*) FROM inj WHERE CONCAT(s, '') = ?", v)
				checkCount(t, db, 0, "SELECT COUNT(*) FROM inj WHERE IFNULL(n, ?) = 'hunter2'", v)
				checkCount(t, db, 0, "SELECT COUNT(*) FROM inj WHERE secret = ?", v)

				// Writes: a plain SET, a row-dependent SET (an update
				// pipeline under full), an inline literal, then DELETE.
				mustExec(t, db, "UPDATE inj SET s = 'moved' WHERE id = ?", id)
				mustExec(t, db, "UPDATE inj SET s = ? WHERE id = ?", v, id)
				checkOne(t, db, v, "SELECT s FROM inj WHERE id = ?", id)
				mustExec(t, db, "UPDATE inj SET s = CONCAT(?, n, s) WHERE id = ?", v, id)
				checkOne(t, db, nil, "SELECT s FROM inj WHERE id = ?", id) // n is NULL
				mustExec(t, db, "UPDATE inj SET s = CONCAT(?, IFNULL(n, '')) WHERE id = ?", v, id)
				checkOne(t, db, v, "SELECT s FROM inj WHERE id = ?", id)
				mustExec(t, db, "UPDATE inj SET s = "+inlineString(v)+" WHERE id = ?", id)
				checkOne(t, db, v, "SELECT s FROM inj WHERE id = ?", id)
				if n := execCount(t, db, "DELETE FROM inj WHERE s = ? AND id = ?", v, id); n != 1 {
					t.Errorf("DELETE of %q: %d rows, want 1", v, n)
				}
				mustExec(t, db, fmt.Sprintf("INSERT INTO inj (id, s, secret) VALUES (%d, %s, 'hunter2')", id, inlineString(v)))
				checkOne(t, db, v, "SELECT s FROM inj WHERE id = ?", id)
			}
			// Bytes that are not UTF-8 are refused, as MySQL refuses them
			// for utf8mb4, bound or inline; nothing is written.
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{"INSERT INTO inj (id, s) VALUES (900, ?)", []any{"a\xffb"}},
				{"INSERT INTO inj (id, s) VALUES (901, 'a\xffb')", nil},
				{"UPDATE inj SET s = ? WHERE id = 0", []any{"\xc3"}},
				{"SELECT COUNT(*) FROM inj WHERE s = ?", []any{"\xed\xa0\x80"}},
			} {
				_, err := db.Exec(q.sql, q.args...)
				if err == nil || !strings.Contains(err.Error(), "UTF-8") {
					t.Errorf("%q %q: error %v, want a refusal naming UTF-8", q.sql, q.args, err)
				}
			}
			checkOne(t, db, "plain", "SELECT s FROM inj WHERE id = 0")
			checkCount(t, db, len(hostile)+1, "SELECT COUNT(*) FROM inj")
			checkCount(t, db, len(hostile)+1, "SELECT COUNT(*) FROM inj WHERE secret = 'hunter2'")
		})
	}
}

// injectionModes are the pushdown modes the test server runs: auto and
// none everywhere, and full where auto finds the full language.
func injectionModes(t *testing.T) []string {
	db, err := sql.Open("mongodb", testDSN(t, "drv_inj_probe"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("EXPLAIN SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var op, detail string
	for rows.Next() {
		if err := rows.Scan(&op, &detail); err != nil {
			t.Fatal(err)
		}
	}
	if strings.HasPrefix(detail, "full") || strings.HasPrefix(detail, "documentdb") {
		return append(modes, "full")
	}
	return modes
}

func execCount(t *testing.T, db *sql.DB, q string, args ...any) int64 {
	t.Helper()
	n, err := mustExec(t, db, q, args...).RowsAffected()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkOne runs a query that must return exactly one row of one value,
// want (a string, or nil for NULL).
func checkOne(t *testing.T, db *sql.DB, want any, q string, args ...any) {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Errorf("%s %q: %v", q, args, err)
		return
	}
	defer rows.Close()
	var got []any
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v.Valid {
			got = append(got, v.String)
		} else {
			got = append(got, nil)
		}
	}
	if err := rows.Err(); err != nil {
		t.Errorf("%s %q: %v", q, args, err)
		return
	}
	if len(got) != 1 || got[0] != want {
		t.Errorf("%s %q: got %q, want exactly [%q]", q, args, got, want)
	}
}

func checkCount(t *testing.T, db *sql.DB, want int, q string, args ...any) {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Errorf("%s %q: %v", q, args, err)
		return
	}
	if n != want {
		t.Errorf("%s %q: %d, want %d", q, args, n, want)
	}
}
