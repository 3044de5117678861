package driver_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestMultiStatements: with sqlmongo.multiStatements=true an Exec without
// arguments runs a script's statements in order and stops at the first
// error, naming it; without the option, or with arguments, a second
// statement is refused before anything runs.
func TestMultiStatements(t *testing.T) {
	db := openDB(t, "drv_multi", "sqlmongo.multiStatements=true")
	res, err := db.Exec(`CREATE TABLE m (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10));
		-- a comment; with a semicolon
		INSERT INTO m (v) VALUES ('a;b'), ('c');
		INSERT INTO m (v) VALUES ('d');`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 3 {
		t.Errorf("RowsAffected = %d, want 3", n)
	}
	if id, _ := res.LastInsertId(); id != 3 {
		t.Errorf("LastInsertId = %d, want 3", id)
	}
	_, err = db.Exec("INSERT INTO m (v) VALUES ('e'); INSERT INTO m (nope) VALUES (1); INSERT INTO m (v) VALUES ('f')")
	wantError(t, err, driver.CodeUnknownColumn, "statement 2 of 3")
	if n := count(t, db, "m"); n != 4 {
		t.Errorf("%d rows, want 4 (the first statement applied, the third not run)", n)
	}
	_, err = db.Exec("INSERT INTO m (v) VALUES (?); INSERT INTO m (v) VALUES ('g')", "x")
	wantError(t, err, driver.CodeSyntax, "multiple statements")

	plain, err := sql.Open("mongodb", testDSN(t, "drv_multi"))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	_, err = plain.Exec("INSERT INTO m (v) VALUES ('h'); DROP TABLE m")
	wantError(t, err, driver.CodeSyntax, "multiple statements")
	if n := count(t, db, "m"); n != 4 {
		t.Errorf("%d rows, want 4", n)
	}
	if !strings.Contains(err.Error(), "sqlmongo.multiStatements") {
		t.Errorf("error %q does not say how to allow several statements", err)
	}
}
