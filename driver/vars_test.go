package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

// oneConn returns one connection of db, closed when the test ends.
func oneConn(t *testing.T, db *sql.DB) *sql.Conn {
	t.Helper()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func connString(t *testing.T, c *sql.Conn, q string, args ...any) sql.NullString {
	t.Helper()
	var s sql.NullString
	if err := c.QueryRowContext(context.Background(), q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

func wantErrNumber(t *testing.T, err error, number int, what string) {
	t.Helper()
	var se *driver.Error
	if !errors.As(err, &se) || se.Number != number {
		t.Errorf("%s: got %v, want MySQL error %d", what, err, number)
	}
}

func TestUserVariables(t *testing.T) {
	eachMode(t, "drv_uservars", func(t *testing.T, db *sql.DB) {
		c := oneConn(t, db)
		if s := connString(t, c, "SELECT @x"); s.Valid {
			t.Errorf("@x before SET = %q, want NULL", s.String)
		}
		connExec(t, c, "SET @x = 5, @Name = 'ann'")
		connExec(t, c, "SET @y = @x + 1")
		if s := connString(t, c, "SELECT @x"); s.String != "5" {
			t.Errorf("@x = %v, want 5", s)
		}
		if s := connString(t, c, "SELECT @y"); s.String != "6" {
			t.Errorf("@y = %v, want 6", s)
		}
		if s := connString(t, c, "SELECT @name"); s.String != "ann" {
			t.Errorf("@name = %v, want ann", s)
		}
		connExec(t, c, "SET @z = ?", 42)
		if s := connString(t, c, "SELECT @z * 2"); s.String != "84" {
			t.Errorf("@z * 2 = %v, want 84", s)
		}
		mustExec(t, db, "CREATE TABLE uv (id INT PRIMARY KEY, v VARCHAR(10))")
		mustExec(t, db, "INSERT INTO uv VALUES (5, 'five'), (6, 'six')")
		if s := connString(t, c, "SELECT v FROM uv WHERE id = @y"); s.String != "six" {
			t.Errorf("WHERE id = @y: %v, want six", s)
		}
		// A named argument still wins over a variable of the same name.
		if s := connString(t, c, "SELECT v FROM uv WHERE id = @x", sql.Named("x", 6)); s.String != "six" {
			t.Errorf("named argument: %v, want six", s)
		}
		// Another connection has its own variables.
		c2 := oneConn(t, db)
		if s := connString(t, c2, "SELECT @x"); s.Valid {
			t.Errorf("@x on another connection = %q, want NULL", s.String)
		}
	})
}

func TestSystemVariables(t *testing.T) {
	db := openDB(t, "drv_sysvars")
	c := oneConn(t, db)
	for _, q := range []string{
		"SET NAMES utf8mb4",
		"SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci",
		"SET CHARACTER SET utf8mb4",
		"SET @@session.sql_mode = 'STRICT_TRANS_TABLES'",
		"SET SESSION sql_mode = 'TRADITIONAL'",
		"SET sql_mode = ''",
		"SET time_zone = '+00:00'",
		"SET time_zone = 'UTC'",
		"SET @@session.foreign_key_checks = 0",
		"SET autocommit = 1, sql_mode = 'no_engine_substitution', @a = 1",
		"/*!40101 SET NAMES utf8 */",
	} {
		connExec(t, c, q)
	}
	for _, tc := range []struct{ q, want string }{
		{"SELECT @@sql_mode", "NO_ENGINE_SUBSTITUTION"},
		{"SELECT @@session.sql_mode", "NO_ENGINE_SUBSTITUTION"},
		{"SELECT @@time_zone", "UTC"},
		{"SELECT @@foreign_key_checks", "0"},
		{"SELECT @@character_set_client", "utf8mb3"},
		{"SELECT @@collation_connection", "utf8mb3_bin"},
		{"SELECT @a", "1"},
	} {
		if s := connString(t, c, tc.q); s.String != tc.want {
			t.Errorf("%s = %v, want %s", tc.q, s, tc.want)
		}
	}
	var name, value string
	if err := c.QueryRowContext(context.Background(), "SHOW VARIABLES LIKE 'time_zone'").Scan(&name, &value); err != nil || value != "UTC" {
		t.Errorf("SHOW VARIABLES LIKE 'time_zone': %q, %v", value, err)
	}
	if err := c.QueryRowContext(context.Background(), "SHOW VARIABLES LIKE 'foreign_key_checks'").Scan(&name, &value); err != nil || value != "OFF" {
		t.Errorf("SHOW VARIABLES LIKE 'foreign_key_checks': %q, %v", value, err)
	}
	// Other connections keep the defaults.
	c2 := oneConn(t, db)
	if s := connString(t, c2, "SELECT @@time_zone"); s.String != "+00:00" {
		t.Errorf("@@time_zone on another connection = %v", s)
	}
	ctx := context.Background()
	_, err := c.ExecContext(ctx, "SET sql_mode = 'NO_SUCH_MODE'")
	wantErrNumber(t, err, 1231, "SET sql_mode = 'NO_SUCH_MODE'")
	_, err = c.ExecContext(ctx, "SET no_such_variable = 1")
	wantErrNumber(t, err, 1193, "SET no_such_variable")
	_, err = c.QueryContext(ctx, "SELECT @@no_such_variable")
	wantErrNumber(t, err, 1193, "SELECT @@no_such_variable")
	_, err = c.ExecContext(ctx, "SET version = 'x'")
	wantErrNumber(t, err, 1238, "SET version")
	_, err = c.ExecContext(ctx, "SET foreign_key_checks = 7")
	wantErrNumber(t, err, 1231, "SET foreign_key_checks = 7")
	if _, err = c.ExecContext(ctx, "SET time_zone = 'Europe/Paris'"); !sqlerrIs(err, driver.CodeUnsupported) {
		t.Errorf("SET time_zone = 'Europe/Paris': %v, want unsupported", err)
	}
	// A SET that fails changes nothing.
	_, err = c.ExecContext(ctx, "SET @a = 2, sql_mode = 'NOPE'")
	wantErrNumber(t, err, 1231, "SET @a, bad sql_mode")
	if s := connString(t, c, "SELECT @a"); s.String != "1" {
		t.Errorf("@a after a failed SET = %v, want 1", s)
	}
	connExec(t, c, "SET autocommit = 0")
	if s := connString(t, c, "SELECT @@autocommit"); s.String != "0" {
		t.Errorf("@@autocommit after SET autocommit = 0: %v", s)
	}
	connExec(t, c, "SET autocommit = 1")
	if s := connString(t, c, "SELECT @@autocommit"); s.String != "1" {
		t.Errorf("@@autocommit after SET autocommit = 1: %v", s)
	}
	connExec(t, c, "SET sql_mode = DEFAULT, time_zone = SYSTEM")
	if s := connString(t, c, "SELECT @@sql_mode"); s.String != driver.DefaultSQLMode {
		t.Errorf("@@sql_mode after DEFAULT = %v", s)
	}
}

// TestSessionSQLMode: a connection's sql_mode decides what its writes do.
func TestSessionSQLMode(t *testing.T) {
	eachMode(t, "drv_sessmode", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE sm (id INT PRIMARY KEY, ti TINYINT, v VARCHAR(3))")
		loose := oneConn(t, db)
		strict := oneConn(t, db)
		connExec(t, loose, "SET SESSION sql_mode = ''")
		connExec(t, loose, "INSERT INTO sm VALUES (1, 300, 'abcdef')")
		connExec(t, loose, "UPDATE sm SET ti = ti + 1000 WHERE id = 1")
		var ti int
		var v string
		if err := db.QueryRow("SELECT ti, v FROM sm WHERE id = 1").Scan(&ti, &v); err != nil || ti != 127 || v != "abc" {
			t.Errorf("non-strict session stored %d %q (%v), want 127 abc", ti, v, err)
		}
		_, err := strict.ExecContext(context.Background(), "INSERT INTO sm VALUES (2, 300, 'x')")
		wantErrNumber(t, err, 1264, "strict connection")
		connExec(t, loose, "SET sql_mode = 'STRICT_ALL_TABLES'")
		_, err = loose.ExecContext(context.Background(), "INSERT INTO sm VALUES (3, 300, 'x')")
		wantErrNumber(t, err, 1264, "after SET sql_mode strict")
	})

	// A connector without strict mode, made strict by one connection.
	db := openDB(t, "drv_sessmode_dsn", "sqlmongo.sqlMode=")
	mustExec(t, db, "CREATE TABLE sm (id INT PRIMARY KEY, ti TINYINT)")
	c := oneConn(t, db)
	connExec(t, c, "SET @@session.sql_mode = 'STRICT_TRANS_TABLES'")
	_, err := c.ExecContext(context.Background(), "INSERT INTO sm VALUES (1, 300)")
	wantErrNumber(t, err, 1264, "strict session on a loose connector")
	mustExec(t, db, "INSERT INTO sm VALUES (1, 300)")

	// ALTER TABLE … MODIFY converts the stored values under the
	// connection's sql_mode too.
	mustExec(t, db, "CREATE TABLE am (id INT PRIMARY KEY, n INT)")
	mustExec(t, db, "INSERT INTO am VALUES (1, 1000)")
	_, err = c.ExecContext(context.Background(), "ALTER TABLE am MODIFY n TINYINT")
	wantErrNumber(t, err, 1264, "ALTER under a strict session")
	connExec(t, c, "SET sql_mode = ''")
	connExec(t, c, "ALTER TABLE am MODIFY n TINYINT")
	var n int
	if err := db.QueryRow("SELECT n FROM am").Scan(&n); err != nil || n != 127 {
		t.Errorf("n after a non-strict MODIFY: %d, %v", n, err)
	}
}

func sqlerrIs(err error, code driver.Code) bool {
	var se *driver.Error
	return errors.As(err, &se) && se.Code == code
}
