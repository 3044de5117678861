package driver_test

import (
	"database/sql"
	"reflect"
	"testing"
	"time"
)

// TestRowsAffected: UPDATE counts rows it changed (MySQL's default, not
// rows matched); DELETE counts rows removed.
func TestRowsAffected(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_affected", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10), n INT)")
		mustExec(t, db, "INSERT INTO t (id, name, n) VALUES (1, 'a', 1), (2, 'b', 2), (3, 'a', NULL), (4, 'c', 4), (5, NULL, 5)")
		for _, tc := range []struct {
			query string
			args  []any
			want  int64
		}{
			// Rows 1 and 3 already hold 'a': only 2 and 4 change.
			{"UPDATE t SET name = 'a' WHERE id <= 4", nil, 2},
			{"UPDATE t SET name = 'a' WHERE id <= 4", nil, 0},
			{"UPDATE t SET n = 9 WHERE n IS NULL", nil, 1},
			{"UPDATE t SET n = 9 WHERE id = 99", nil, 0},
			// NOT (n = 9) skips the NULL row 5? No: 5 has n = 5. It skips row 3 (now 9).
			{"UPDATE t SET name = 'z' WHERE NOT (n = 9)", nil, 4},
			{"UPDATE t SET name = ?", []any{"z"}, 1}, // only row 3 still differs
			{"DELETE FROM t WHERE id = 99", nil, 0},
			{"DELETE FROM t WHERE n <> 9", nil, 4},
			{"DELETE FROM t", nil, 1},
		} {
			res, err := db.Exec(tc.query, tc.args...)
			if err != nil {
				t.Fatalf("%s: %v", tc.query, err)
			}
			if n, err := res.RowsAffected(); err != nil || n != tc.want {
				t.Errorf("%s: RowsAffected = %d, %v; want %d", tc.query, n, err, tc.want)
			}
		}
	})
}

// TestRowsAffectedWithParams: the WHERE of UPDATE and DELETE takes
// parameters.
func TestRowsAffectedWithParams(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_affectedp", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))")
		mustExec(t, db, "INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')")
		res := mustExec(t, db, "UPDATE t SET name = ? WHERE id = ?", "x", 2)
		if n, _ := res.RowsAffected(); n != 1 {
			t.Errorf("UPDATE … WHERE id = ?: RowsAffected = %d, want 1", n)
		}
		res = mustExec(t, db, "DELETE FROM t WHERE id >= ?", 2)
		if n, _ := res.RowsAffected(); n != 2 {
			t.Errorf("DELETE … WHERE id >= ?: RowsAffected = %d, want 2", n)
		}
		var name string
		if err := db.QueryRow("SELECT name FROM t").Scan(&name); err != nil || name != "a" {
			t.Errorf("left %q, %v; want a", name, err)
		}
	})
}

// TestLastInsertID: a multi-row INSERT reports the first id it generated,
// as MySQL does; explicit ids move the counter past them.
func TestLastInsertID(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_lastid", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id BIGINT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(10))")
		for _, tc := range []struct {
			query          string
			affected, last int64
		}{
			{"INSERT INTO t (name) VALUES ('a')", 1, 1},
			{"INSERT INTO t (name) VALUES ('b'), ('c'), ('d')", 3, 2},
			{"INSERT INTO t (id, name) VALUES (10, 'e')", 1, 0},
			{"INSERT INTO t (name) VALUES ('f'), ('g')", 2, 11},
			{"INSERT INTO t (id, name) VALUES (NULL, 'h'), (0, 'i')", 2, 13},
		} {
			res := mustExec(t, db, tc.query)
			checkResult(t, res, tc.affected, tc.last)
		}
		rows, err := db.Query("SELECT id FROM t ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			got = append(got, id)
		}
		if want := []int64{1, 2, 3, 4, 10, 11, 12, 13, 14}; !reflect.DeepEqual(got, want) {
			t.Errorf("ids = %v, want %v", got, want)
		}
	})
}

// TestColumnTypes: names, nullability and scan types come from the table
// definition.
func TestColumnTypes(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_coltypes", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, `CREATE TABLE ct (
			id INT PRIMARY KEY,
			big BIGINT NOT NULL,
			v VARCHAR(10),
			d DATE NOT NULL,
			dt DATETIME,
			amount DECIMAL(10,2),
			x DOUBLE NOT NULL,
			flag BOOL,
			body TEXT
		)`)
		mustExec(t, db, `INSERT INTO ct (id, big, v, d, dt, amount, x, flag, body)
			VALUES (1, 9000000000, 'v', '2024-02-29', '2024-02-29 13:14:15', 12.34, 1.5, TRUE, 'long text')`)
		rows, err := db.Query("SELECT id, big, v, d, dt, amount, x, flag, body FROM ct")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cts, err := rows.ColumnTypes()
		if err != nil {
			t.Fatal(err)
		}
		var (
			tInt64  = reflect.TypeOf(int64(0))
			tString = reflect.TypeOf("")
			tTime   = reflect.TypeOf(time.Time{})
			tFloat  = reflect.TypeOf(float64(0))
		)
		want := []struct {
			name, dbType string
			nullable     bool
			scan         reflect.Type
		}{
			{"id", "INT", false, tInt64},
			{"big", "BIGINT", false, tInt64},
			{"v", "VARCHAR", true, tString},
			{"d", "DATE", false, tTime},
			{"dt", "DATETIME", true, tTime},
			{"amount", "DECIMAL", true, tString},
			{"x", "DOUBLE", false, tFloat},
			{"flag", "BOOL", true, tInt64}, // TINYINT(1): values 1 and 0, as from MySQL
			{"body", "TEXT", true, tString},
		}
		if len(cts) != len(want) {
			t.Fatalf("%d column types, want %d", len(cts), len(want))
		}
		for i, w := range want {
			ct := cts[i]
			if ct.Name() != w.name {
				t.Errorf("column %d: Name %q, want %q", i, ct.Name(), w.name)
			}
			if ct.DatabaseTypeName() != w.dbType {
				t.Errorf("%s: DatabaseTypeName %q, want %q", w.name, ct.DatabaseTypeName(), w.dbType)
			}
			if n, ok := ct.Nullable(); !ok || n != w.nullable {
				t.Errorf("%s: Nullable %v, %v; want %v, true", w.name, n, ok, w.nullable)
			}
			if ct.ScanType() != w.scan {
				t.Errorf("%s: ScanType %v, want %v", w.name, ct.ScanType(), w.scan)
			}
		}
		// Every value scans into a new value of its column's ScanType.
		if !rows.Next() {
			t.Fatalf("no row: %v", rows.Err())
		}
		dest := make([]any, len(cts))
		for i, ct := range cts {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("Scan into ScanTypes: %v", err)
		}
		got := make([]any, len(dest))
		for i, d := range dest {
			got[i] = reflect.ValueOf(d).Elem().Interface()
		}
		wantVals := []any{int64(1), int64(9000000000), "v", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 2, 29, 13, 14, 15, 0, time.UTC), "12.34", 1.5, int64(1), "long text"}
		for i := range wantVals {
			if tv, ok := wantVals[i].(time.Time); ok {
				if gv, ok := got[i].(time.Time); !ok || !gv.Equal(tv) {
					t.Errorf("%s = %v, want %v", want[i].name, got[i], tv)
				}
				continue
			}
			if got[i] != wantVals[i] {
				t.Errorf("%s = %#v, want %#v", want[i].name, got[i], wantVals[i])
			}
		}
	})
}

// TestDecimalColumn: DECIMAL values read back as text with their scale
// (stored as decimal128, or as double on servers without it).
func TestDecimalColumn(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_decimal", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, amount DECIMAL(10,2))")
		mustExec(t, db, "INSERT INTO t (id, amount) VALUES (1, 12.34), (2, '0.10'), (3, ?), (4, NULL)", mustDecimal(t, "99.99"))
		if got := queryStrings(t, db, "SELECT amount FROM t ORDER BY id"); !reflect.DeepEqual(got, []string{"12.34", "0.10", "99.99", "NULL"}) {
			t.Errorf("amounts = %q", got)
		}
		if got := queryStrings(t, db, "SELECT amount FROM t WHERE amount = ?", mustDecimal(t, "12.34")); !reflect.DeepEqual(got, []string{"12.34"}) {
			t.Errorf("amount = Decimal128(12.34): %q", got)
		}
	})
}
