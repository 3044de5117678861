package driver_test

import (
	"errors"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestMySQLNumbers: errors carry the MySQL error number and SQLSTATE a
// MySQL client would see for the same statement.
func TestMySQLNumbers(t *testing.T) {
	db := openDB(t, "drv_numbers")
	mustExec(t, db, "CREATE TABLE n (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL, email VARCHAR(20) UNIQUE)")
	mustExec(t, db, "INSERT INTO n VALUES (1, 'a', 'a@x')")
	for _, tc := range []struct {
		sql    string
		number int
		state  string
	}{
		{"INSERT INTO n VALUES (2, 'b', 'a@x')", 1062, "23000"},
		{"INSERT INTO n VALUES (1, 'b', 'b@x')", 1062, "23000"},
		{"SELECT * FROM nope", 1146, "42S02"},
		{"SELECT nope FROM n", 1054, "42S22"},
		{"SELEC 1", 1064, "42000"},
		{"INSERT INTO n VALUES (3, NULL, 'c@x')", 1048, "23000"},
		{"INSERT INTO n (id) VALUES (3)", 1364, "HY000"},
		{"CREATE TABLE n (id INT)", 1050, "42S01"},
		{"ALTER TABLE n ADD COLUMN name INT", 1060, "42S21"},
		{"CREATE INDEX email ON n (name)", 1061, "42000"},
		{"DROP INDEX nope ON n", 1091, "42000"},
		{"INSERT INTO n VALUES (4, 'this is too long', 'd@x')", 1406, "22001"},
	} {
		_, err := db.Exec(tc.sql)
		var se *driver.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: %v, want a *driver.Error", tc.sql, err)
			continue
		}
		if se.Number != tc.number || se.SQLState != tc.state {
			t.Errorf("%s: %v: number %d (%s), want %d (%s)", tc.sql, err, se.Number, se.SQLState, tc.number, tc.state)
		}
	}
}
