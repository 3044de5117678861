package driver_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

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

// TestMySQLErrors: with sqlmongo.errors=mysql an error MySQL numbers comes
// back as go-sql-driver/mysql's *mysql.MySQLError, the type code written
// for MySQL checks (GORM's TranslateError asserts it).
func TestMySQLErrors(t *testing.T) {
	db := openDB(t, "drv_mysqlerr", "sqlmongo.errors=mysql")
	mustExec(t, db, "CREATE TABLE m (id INT PRIMARY KEY)")
	mustExec(t, db, "INSERT INTO m VALUES (1)")
	_, err := db.Exec("INSERT INTO m VALUES (1)")
	me, ok := err.(*mysql.MySQLError)
	if !ok || me.Number != 1062 || string(me.SQLState[:]) != "23000" || !strings.Contains(me.Message, "Duplicate entry '1'") {
		t.Errorf("duplicate: %#v (%T), want *mysql.MySQLError 1062", err, err)
	}
	_, err = db.Query("SELECT * FROM nope")
	if me, ok := err.(*mysql.MySQLError); !ok || me.Number != 1146 {
		t.Errorf("unknown table: %v (%T), want *mysql.MySQLError 1146", err, err)
	}
	if _, err := sql.Open("mongodb", testDSN(t, "drv_mysqlerr", "sqlmongo.errors=oracle")); err == nil {
		t.Error("sqlmongo.errors=oracle accepted")
	}
}
