package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/exec"
)

func hasTx(t *testing.T) (bool, string) {
	t.Helper()
	client := mongoClient(t)
	var hello struct {
		SetName string `bson:"setName"`
		Msg     string `bson:"msg"`
		Wire    int32  `bson:"maxWireVersion"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := client.Database("admin").RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello); err != nil {
		t.Fatalf("hello: %v", err)
	}
	switch {
	case hello.SetName == "" && hello.Msg != "isdbgrid":
		return false, "a standalone server (no replica set in hello)"
	case hello.Wire < 7:
		return false, "wire version < 7"
	}
	return true, ""
}

// needTx skips a test of real transactions, saying why, on a server
// without them; noTx skips a test of the stand-in on one with them.
func needTx(t *testing.T) {
	t.Helper()
	if ok, why := hasTx(t); !ok {
		t.Skipf("SKIP: the test server has no transactions (%s); run with MONGODB_URI on a replica set, e.g. make test-docdb", why)
	}
}

func noTx(t *testing.T) {
	t.Helper()
	if ok, _ := hasTx(t); ok {
		t.Skip("SKIP: the test server has transactions; this tests the stand-in for servers without them (make test)")
	}
}

func wantNumber(t *testing.T, err error, number int, state string) {
	t.Helper()
	var se *driver.Error
	if !errors.As(err, &se) || se.Number != number || se.SQLState != state {
		t.Fatalf("error %v: want MySQL %d (%s)", err, number, state)
	}
}

func queryInt(t *testing.T, q interface {
	QueryRow(string, ...any) *sql.Row
}, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := q.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestTxDSN(t *testing.T) {
	for _, c := range []struct {
		dsn  string
		want exec.TxMode
	}{
		{"mongodb://h/shop", exec.TxAuto},
		{"mongodb://h/shop?sqlmongo.tx=on", exec.TxOn},
		{"mongodb://h/shop?sqlmongo.tx=STRICT", exec.TxStrict},
	} {
		cfg, err := driver.ParseDSN(c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Tx != c.want || cfg.URI != "mongodb://h/shop" {
			t.Errorf("%s: Tx = %q, URI %q", c.dsn, cfg.Tx, cfg.URI)
		}
	}
	_, err := driver.ParseDSN("mongodb://h/shop?sqlmongo.tx=yes")
	wantError(t, err, driver.CodeDSN, "sqlmongo.tx must be auto, on or strict")
}

// TestTxIsolationLevels: the levels database/sql users ask for run as
// snapshot isolation; those MongoDB cannot give are refused.
func TestTxIsolationLevels(t *testing.T) {
	t.Parallel()
	db := openDB(t, "drv_tx_iso")
	for _, l := range []sql.IsolationLevel{sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted,
		sql.LevelRepeatableRead, sql.LevelSnapshot, sql.LevelSerializable} {
		tx, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: l})
		if err != nil {
			t.Fatalf("%v: %v", l, err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatalf("%v: rollback: %v", l, err)
		}
	}
	for _, l := range []sql.IsolationLevel{sql.LevelWriteCommitted, sql.LevelLinearizable} {
		_, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: l})
		wantError(t, err, driver.CodeUnsupported, l.String(), "snapshot isolation")
	}
}

// TestTxReadOnly: a READ ONLY transaction reads and refuses writes, with
// MySQL's 1792, whether from BeginTx or START TRANSACTION READ ONLY or SET
// TRANSACTION READ ONLY.
func TestTxReadOnly(t *testing.T) {
	t.Parallel()
	db := openDB(t, "drv_tx_ro")
	mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, v INT)")
	mustExec(t, db, "INSERT INTO t VALUES (1, 10)")
	tx, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, tx, "SELECT COUNT(*) FROM t"); n != 1 {
		t.Errorf("count %d", n)
	}
	for _, q := range []string{"INSERT INTO t VALUES (2, 20)", "UPDATE t SET v = 11", "DELETE FROM t", "CREATE TABLE u (id INT)"} {
		_, err = tx.Exec(q)
		wantError(t, err, driver.CodeUnsupported, "READ ONLY transaction")
		wantNumber(t, err, 1792, "25006")
	}
	if err := tx.Rollback(); err != nil {
		t.Fatalf("rollback after refused writes: %v", err)
	}

	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	connExec(t, c, "START TRANSACTION READ ONLY")
	_, err = c.ExecContext(ctx, "UPDATE t SET v = 12")
	wantNumber(t, err, 1792, "25006")
	connExec(t, c, "COMMIT")
	connExec(t, c, "SET TRANSACTION READ ONLY")
	connExec(t, c, "BEGIN")
	_, err = c.ExecContext(ctx, "DELETE FROM t")
	wantNumber(t, err, 1792, "25006")
	connExec(t, c, "ROLLBACK")
	// SET TRANSACTION is for the next transaction only.
	connExec(t, c, "BEGIN")
	connExec(t, c, "UPDATE t SET v = 13")
	connExec(t, c, "COMMIT")
	connExec(t, c, "SET SESSION TRANSACTION READ ONLY")
	connExec(t, c, "BEGIN")
	_, err = c.ExecContext(ctx, "DELETE FROM t")
	wantNumber(t, err, 1792, "25006")
	connExec(t, c, "ROLLBACK")
	connExec(t, c, "START TRANSACTION READ WRITE")
	connExec(t, c, "UPDATE t SET v = 14")
	connExec(t, c, "COMMIT AND CHAIN") // a new READ WRITE transaction
	connExec(t, c, "UPDATE t SET v = 14")
	connExec(t, c, "COMMIT")
	connExec(t, c, "START TRANSACTION READ ONLY")
	connExec(t, c, "ROLLBACK AND CHAIN") // a new READ ONLY transaction
	_, err = c.ExecContext(ctx, "UPDATE t SET v = 15")
	wantNumber(t, err, 1792, "25006")
	connExec(t, c, "COMMIT")
	if n := queryInt(t, db, "SELECT v FROM t WHERE id = 1"); n != 14 {
		t.Errorf("v = %d, want 14", n)
	}
}

func connExec(t *testing.T, c *sql.Conn, query string, args ...any) sql.Result {
	t.Helper()
	r, err := c.ExecContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return r
}

// TestTxNoTransactions: on a server without transactions (the embedded
// FerretDB), the ORM pattern BEGIN / write / COMMIT works, statements apply
// as they run, a ROLLBACK after reads succeeds and one after writes says
// how many statements stay applied; sqlmongo.tx=strict refuses BEGIN.
func TestTxNoTransactions(t *testing.T) {
	t.Parallel()
	noTx(t)
	db := openDB(t, "drv_tx_none")
	mustExec(t, db, "CREATE TABLE users (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL)")

	// GORM's Create: BEGIN, INSERT, COMMIT.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := tx.Exec("INSERT INTO users (name) VALUES (?)", "ada")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := res.LastInsertId(); id != 1 {
		t.Errorf("LastInsertId = %d", id)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// Reads only: ROLLBACK succeeds.
	tx, err = db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, tx, "SELECT COUNT(*) FROM users"); n != 1 {
		t.Errorf("count %d", n)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatalf("rollback after reads: %v", err)
	}
	// Writes: ROLLBACK says what stays.
	tx, err = db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO users (name) VALUES ('bob'), ('cy')"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE users SET name = 'ada2' WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SELECT * FROM users"); err != nil {
		t.Fatal(err)
	}
	err = tx.Rollback()
	wantError(t, err, driver.CodeUnsupported, "ROLLBACK cannot undo the 2 statements already applied", "no transactions", "standalone")
	if n := count(t, db, "users"); n != 3 {
		t.Errorf("%d rows, want 3 (applied as they ran)", n)
	}

	// The same through SQL statements on one connection.
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	connExec(t, c, "BEGIN")
	connExec(t, c, "INSERT INTO users (name) VALUES ('dee')")
	connExec(t, c, "COMMIT")
	connExec(t, c, "START TRANSACTION")
	connExec(t, c, "DELETE FROM users WHERE name = 'dee'")
	_, err = c.ExecContext(ctx, "ROLLBACK")
	wantError(t, err, driver.CodeUnsupported, "cannot undo the 1 statement already applied")
	// autocommit = 0: each statement opens a transaction up to COMMIT or ROLLBACK.
	connExec(t, c, "SET autocommit = 0")
	connExec(t, c, "INSERT INTO users (name) VALUES ('eve')")
	_, err = c.ExecContext(ctx, "ROLLBACK")
	wantError(t, err, driver.CodeUnsupported, "cannot undo the 1 statement")
	connExec(t, c, "SELECT 1")
	connExec(t, c, "ROLLBACK") // reads only
	connExec(t, c, "SET autocommit = 1")
	connExec(t, c, "ROLLBACK") // nothing open: nothing to do, as in MySQL
	c.Close()

	// strict: no BEGIN on such a server.
	strict, err := sql.Open("mongodb", testDSN(t, "drv_tx_none", "sqlmongo.tx=strict"))
	if err != nil {
		t.Fatal(err)
	}
	defer strict.Close()
	_, err = strict.Begin()
	wantError(t, err, driver.CodeUnsupported, "sqlmongo.tx=strict refuses BEGIN", "standalone")
	_, err = strict.Exec("BEGIN")
	wantError(t, err, driver.CodeUnsupported, "sqlmongo.tx=strict")
	_, err = strict.Exec("SET autocommit = 0")
	wantError(t, err, driver.CodeUnsupported, "sqlmongo.tx=strict")
	mustExec(t, strict, "INSERT INTO users (name) VALUES ('fay')") // autocommit still works

	// on: a MongoDB transaction is asked for; FerretDB v1 refuses its
	// statements, loudly, and nothing is written. (FerretDB v2 without
	// transactions accepts them and applies each as it runs: the README
	// says `on` is only for servers that run transactions.)
	if os.Getenv("MONGODB_URI") != "" {
		t.Log("sqlmongo.tx=on on a server without transactions: checked on the embedded FerretDB v1 only (other servers may accept the statements without isolation)")
		return
	}
	on, err := sql.Open("mongodb", testDSN(t, "drv_tx_none", "sqlmongo.tx=on"))
	if err != nil {
		t.Fatal(err)
	}
	defer on.Close()
	before := count(t, on, "users")
	tx, err = on.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO users (name) VALUES ('gus')"); err == nil {
		t.Error("sqlmongo.tx=on: a statement in a transaction the server cannot run succeeded")
	}
	_ = tx.Rollback()
	if n := count(t, on, "users"); n != before {
		t.Errorf("sqlmongo.tx=on: %d rows, want %d", n, before)
	}
}

// TestTxSavepoints: savepoints are kept exactly where they can be: a
// ROLLBACK TO with nothing written since the savepoint succeeds (GORM's
// nested transactions that fail before writing); one that would have to
// undo writes fails, and the transaction can then only be rolled back.
func TestTxSavepoints(t *testing.T) {
	t.Parallel()
	db := openDB(t, "drv_tx_sp")
	mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY)")
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"SAVEPOINT sp1", "SELECT * FROM t", "ROLLBACK TO SAVEPOINT sp1", "SAVEPOINT sp2",
		"RELEASE SAVEPOINT sp2", "INSERT INTO t VALUES (1)", "SAVEPOINT sp3"} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, err = tx.Exec("RELEASE SAVEPOINT sp2")
	wantNumber(t, err, 1305, "42000")
	if _, err := tx.Exec("INSERT INTO t VALUES (2)"); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec("ROLLBACK TO sp3")
	wantError(t, err, driver.CodeUnsupported, "ROLLBACK TO SAVEPOINT sp3 cannot undo the 1 statement applied since it")
	_, err = tx.Exec("SELECT 1")
	wantError(t, err, driver.CodeUnsupported, "can only be rolled back")
	err = tx.Commit()
	wantError(t, err, driver.CodeUnsupported, "can only be rolled back")
	_ = tx.Rollback()
	// The connection is usable again.
	mustExec(t, db, "INSERT INTO t VALUES (3)")
}

// TestTxSQLX: sqlx's Beginx, Commit and Rollback.
func TestTxSQLX(t *testing.T) {
	t.Parallel()
	dropDatabase(t, "drv_tx_sqlx")
	db, err := sqlx.Connect("mongodb", testDSN(t, "drv_tx_sqlx"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.MustExec("CREATE TABLE p (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))")
	tx := db.MustBegin()
	tx.MustExec("INSERT INTO p (name) VALUES (?)", "ada")
	if _, err := tx.NamedExec("INSERT INTO p (name) VALUES (:name)", map[string]any{"name": "bob"}); err != nil {
		t.Fatal(err)
	}
	var names []string
	if err := tx.Select(&names, "SELECT name FROM p ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "ada,bob" {
		t.Errorf("inside: %v", names)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx, err = db.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.Get(&n, "SELECT COUNT(*) FROM p"); err != nil || n != 2 {
		t.Fatalf("count %d, %v", n, err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := hasTx(t); ok {
		tx = db.MustBegin()
		tx.MustExec("DELETE FROM p")
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if err := db.Get(&n, "SELECT COUNT(*) FROM p"); err != nil || n != 2 {
			t.Fatalf("after rollback: count %d, %v", n, err)
		}
	}
}

// txDB opens a database for the tests of real transactions.
func txDB(t *testing.T, name string) *sql.DB {
	t.Helper()
	needTx(t)
	db := openDB(t, name)
	return db
}

// TestTxCommitRollback: a committed transaction's rows are visible, a
// rolled-back one's are not; reads inside see the transaction's own
// writes; another connection sees nothing before the commit.
func TestTxCommitRollback(t *testing.T) {
	t.Parallel()
	db := txDB(t, "drv_tx_real")
	mustExec(t, db, "CREATE TABLE acct (id BIGINT AUTO_INCREMENT PRIMARY KEY, owner VARCHAR(20) NOT NULL UNIQUE, bal INT NOT NULL)")
	mustExec(t, db, "INSERT INTO acct (owner, bal) VALUES ('a', 100), ('b', 50)")

	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE acct SET bal = bal - 30 WHERE owner = 'a'"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE acct SET bal = bal + 30 WHERE owner = 'b'"); err != nil {
		t.Fatal(err)
	}
	res, err := tx.Exec("INSERT INTO acct (owner, bal) VALUES ('c', 1)")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := res.LastInsertId(); id != 3 {
		t.Errorf("LastInsertId %d", id)
	}
	// Read-your-own-writes, inside; nothing outside.
	if n := queryInt(t, tx, "SELECT bal FROM acct WHERE owner = 'b'"); n != 80 {
		t.Errorf("inside: b = %d, want 80", n)
	}
	if n := queryInt(t, tx, "SELECT COUNT(*) FROM acct"); n != 3 {
		t.Errorf("inside: %d rows", n)
	}
	if n := queryInt(t, db, "SELECT bal FROM acct WHERE owner = 'b'"); n != 50 {
		t.Errorf("outside before commit: b = %d, want 50", n)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM acct"); n != 2 {
		t.Errorf("outside before commit: %d rows, want 2", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT SUM(bal) FROM acct"); n != 151 {
		t.Errorf("after commit: sum %d", n)
	}

	// Rollback: rows, updates and deletes undone.
	tx, err = db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"INSERT INTO acct (owner, bal) VALUES ('d', 7)", "UPDATE acct SET bal = 0", "DELETE FROM acct WHERE owner = 'a'"} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT SUM(bal) FROM acct"); n != 151 {
		t.Errorf("after rollback: sum %d, want 151", n)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM acct"); n != 3 {
		t.Errorf("after rollback: %d rows, want 3", n)
	}
	// The counter: the rolled-back INSERT's id is skipped (as in InnoDB),
	// the next INSERT works and its key is free.
	res = mustExec(t, db, "INSERT INTO acct (owner, bal) VALUES ('d', 7)")
	if id, _ := res.LastInsertId(); id <= 3 {
		t.Errorf("LastInsertId after a rolled-back insert: %d", id)
	}
	// Errors found before anything is sent leave the transaction open,
	// as in MySQL: a duplicate key, an unknown column, a NOT NULL.
	tx, err = db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec("INSERT INTO acct (owner, bal) VALUES ('a', 1)")
	wantError(t, err, driver.CodeDuplicate)
	_, err = tx.Exec("UPDATE acct SET nope = 1")
	wantError(t, err, driver.CodeUnknownColumn)
	_, err = tx.Exec("INSERT INTO acct (owner) VALUES ('x')")
	wantError(t, err, driver.CodeConstraint)
	if _, err := tx.Exec("INSERT INTO acct (owner, bal) VALUES ('f', 3)"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM acct WHERE owner = 'f'"); n != 1 {
		t.Errorf("the transaction that went on after refused statements: %d rows", n)
	}
	// A UNIQUE key a rolled-back transaction used is free again.
	tx, _ = db.Begin()
	if _, err := tx.Exec("INSERT INTO acct (owner, bal) VALUES ('e', 1)"); err != nil {
		t.Fatal(err)
	}
	_ = tx.Rollback()
	mustExec(t, db, "INSERT INTO acct (owner, bal) VALUES ('e', 2)")
}

// TestTxSchema: CREATE TABLE inside a transaction is rolled back with it
// (catalog, collection, counter), and committed with it.
func TestTxSchema(t *testing.T) {
	t.Parallel()
	db := txDB(t, "drv_tx_ddl")
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("CREATE TABLE n (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5) NOT NULL DEFAULT 'x')"); err != nil {
		t.Fatalf("CREATE TABLE in a transaction: %v", err)
	}
	if _, err := tx.Exec("INSERT INTO n (id) VALUES (NULL)"); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := tx.QueryRow("SELECT v FROM n WHERE id = 1").Scan(&v); err != nil || v != "x" {
		t.Fatalf("inside: %q, %v", v, err)
	}
	if _, err := db.Exec("SELECT * FROM n"); err == nil {
		t.Error("another connection sees the uncommitted table")
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec("SELECT * FROM n")
	wantError(t, err, driver.CodeUnknownTable, `"n"`)
	// Again, committed: the table starts from scratch.
	tx, _ = db.Begin()
	if _, err := tx.Exec("CREATE TABLE n (id INT AUTO_INCREMENT PRIMARY KEY, w INT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO n (w) VALUES (5)"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	res := mustExec(t, db, "INSERT INTO n (w) VALUES (6)")
	if id, _ := res.LastInsertId(); id != 2 {
		t.Errorf("LastInsertId %d, want 2", id)
	}
	if n := queryInt(t, db, "SELECT SUM(w) FROM n"); n != 11 {
		t.Errorf("sum %d", n)
	}

	// ALTER TABLE inside, rolled back: the column is gone again, also
	// from the definitions and plans cached for other connections.
	star, err := db.Prepare("SELECT * FROM n")
	if err != nil {
		t.Fatal(err)
	}
	columns := func(rows *sql.Rows, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		return strings.Join(cols, ",")
	}
	if got := columns(star.Query()); got != "id,w" {
		t.Fatalf("columns %s", got)
	}
	tx, _ = db.Begin()
	if _, err := tx.Exec("ALTER TABLE n ADD COLUMN z INT NOT NULL DEFAULT 5"); err != nil {
		t.Fatalf("ALTER TABLE in a transaction: %v", err)
	}
	if got := columns(tx.Query("SELECT * FROM n")); got != "id,w,z" {
		t.Errorf("inside: columns %s", got)
	}
	if n := queryInt(t, tx, "SELECT SUM(z) FROM n"); n != 10 {
		t.Errorf("inside: sum(z) %d", n)
	}
	if got := columns(db.Query("SELECT * FROM n")); got != "id,w" {
		t.Errorf("outside, during: columns %s", got)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := columns(star.Query()); got != "id,w" {
		t.Errorf("after rollback: columns %s", got)
	}
	_, err = db.Exec("SELECT z FROM n")
	wantError(t, err, driver.CodeUnknownColumn, `"z"`)

	// TRUNCATE restarts the counter inside the transaction; rolled back,
	// rows and counter are as before.
	tx, _ = db.Begin()
	if _, err := tx.Exec("TRUNCATE n"); err != nil {
		t.Fatal(err)
	}
	res, err = tx.Exec("INSERT INTO n (w) VALUES (1)")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := res.LastInsertId(); id != 1 {
		t.Errorf("inside, after TRUNCATE: LastInsertId %d, want 1", id)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	res = mustExec(t, db, "INSERT INTO n (w) VALUES (7)")
	if id, _ := res.LastInsertId(); id != 3 {
		t.Errorf("after the rolled-back TRUNCATE: LastInsertId %d, want 3", id)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM n"); n != 3 {
		t.Errorf("after the rolled-back TRUNCATE: %d rows, want 3", n)
	}
}

// TestTxConflict: two transactions updating the same row: one fails with
// the retryable error (MySQL 1213/40001, MongoDB's TransientTransactionError
// reachable), never a silent loss; the retry loop of the README then
// succeeds.
func TestTxConflict(t *testing.T) {
	t.Parallel()
	db := txDB(t, "drv_tx_conflict")
	mustExec(t, db, "CREATE TABLE c (id INT PRIMARY KEY, n INT NOT NULL)")
	mustExec(t, db, "INSERT INTO c VALUES (1, 0)")
	ctx := context.Background()
	t1, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, t2, "SELECT n FROM c WHERE id = 1"); n != 0 { // t2's snapshot
		t.Fatal(n)
	}
	if _, err := t1.Exec("UPDATE c SET n = n + 1 WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	_, err = t2.Exec("UPDATE c SET n = n + 10 WHERE id = 1")
	if err == nil {
		t.Fatal("two transactions updated the same row")
	}
	wantNumber(t, err, 1213, "40001")
	var se mongo.ServerError
	if !errors.As(err, &se) || !se.HasErrorLabel("TransientTransactionError") {
		t.Errorf("error %v: MongoDB's TransientTransactionError not reachable", err)
	}
	// The server ended t2: its next statement and its COMMIT say so,
	// retryable.
	_, err = t2.Exec("SELECT * FROM c")
	wantError(t, err, driver.CodeServer, "transaction was aborted when its UPDATE failed")
	wantNumber(t, err, 1213, "40001")
	err = t2.Commit()
	wantNumber(t, err, 1213, "40001")
	if err := t1.Commit(); err != nil {
		t.Fatal(err)
	}

	// The retry loop (README): both increments land.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := retryTx(ctx, db, func(tx *sql.Tx) error {
				_, err := tx.Exec("UPDATE c SET n = n + 1 WHERE id = 1")
				return err
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := queryInt(t, db, "SELECT n FROM c WHERE id = 1"); n != 5 {
		t.Errorf("n = %d, want 5", n)
	}
}

// retryTx is the README's retry loop.
func retryTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	for attempt := 0; ; attempt++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err = fn(tx); err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
		var e *driver.Error
		if err == nil || !errors.As(err, &e) || e.Number != 1213 || attempt == 20 {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
}

// TestTxAbandoned: a transaction left open on a connection is aborted
// when database/sql closes the connection or hands it to the next user,
// and when its context is cancelled.
func TestTxAbandoned(t *testing.T) {
	t.Parallel()
	db := txDB(t, "drv_tx_abandon")
	mustExec(t, db, "CREATE TABLE a (id INT PRIMARY KEY, v INT)")
	mustExec(t, db, "INSERT INTO a VALUES (1, 0)")
	ctx := context.Background()

	// Closed: no idle connections kept, so Close runs.
	db.SetMaxIdleConns(0)
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	connExec(t, c, "BEGIN")
	connExec(t, c, "INSERT INTO a VALUES (2, 0)")
	connExec(t, c, "UPDATE a SET v = 1 WHERE id = 1")
	c.Close()
	if n := queryInt(t, db, "SELECT COUNT(*) FROM a"); n != 1 {
		t.Errorf("after close: %d rows, want 1", n)
	}
	// Not holding the row: a write to it goes through.
	mustExec(t, db, "UPDATE a SET v = 2 WHERE id = 1")

	// Reset: one connection, handed to the next user.
	db.SetMaxIdleConns(1)
	db.SetMaxOpenConns(1)
	c, err = db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	connExec(t, c, "SET autocommit = 0")
	connExec(t, c, "INSERT INTO a VALUES (3, 0)")
	c.Close()
	mustExec(t, db, "UPDATE a SET v = 3 WHERE id = 1") // the same connection, reset
	if n := queryInt(t, db, "SELECT COUNT(*) FROM a"); n != 1 {
		t.Errorf("after reset: %d rows, want 1", n)
	}
	// autocommit came back on with the reset: this write is committed.
	mustExec(t, db, "INSERT INTO a VALUES (4, 0)")
	db.SetMaxOpenConns(0)
	other, err := sql.Open("mongodb", testDSN(t, "drv_tx_abandon"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if n := queryInt(t, other, "SELECT COUNT(*) FROM a"); n != 2 {
		t.Errorf("another pool sees %d rows, want 2", n)
	}

	// Cancelled context: database/sql rolls back, the server aborts.
	cctx, cancel := context.WithCancel(ctx)
	tx, err := db.BeginTx(cctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO a VALUES (5, 0)"); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := tx.Commit(); err == nil {
		t.Error("commit after cancel succeeded")
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM a WHERE id = 5"); n != 0 {
		t.Errorf("a cancelled transaction's row is visible")
	}
	mustExec(t, db, "UPDATE a SET v = 5 WHERE id = 1")

	// A statement whose context ends while it waits (here for a row
	// another transaction holds) aborts the transaction it ran in.
	holder, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := holder.Exec("UPDATE a SET v = 6 WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	c, err = db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	connExec(t, c, "BEGIN")
	connExec(t, c, "INSERT INTO a VALUES (6, 0)")
	short, cancelShort := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err = c.ExecContext(short, "UPDATE a SET v = 7 WHERE id = 1")
	cancelShort()
	if err == nil {
		t.Fatal("an UPDATE of a row another transaction holds succeeded")
	}
	_, err = c.ExecContext(ctx, "COMMIT")
	// Aborted by the driver when the context ended, or by the server when
	// the statement's time limit (maxTimeMS, from the deadline) ran out.
	if err == nil || !strings.Contains(err.Error(), "transaction was aborted when") {
		t.Errorf("COMMIT after a cancelled statement: %v, want the abort", err)
	}
	connExec(t, c, "ROLLBACK")
	connExec(t, c, "INSERT INTO a VALUES (7, 0)") // the connection goes on
	if err := holder.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM a WHERE id = 6"); n != 0 {
		t.Errorf("the aborted transaction's row is visible")
	}
}

// TestTxMigrationPatterns: what migration tools send, on any server:
// golang-migrate's SetVersion (TRUNCATE and INSERT in one transaction),
// goose's migration run as a script inside a transaction, and a script
// holding its own BEGIN and COMMIT.
func TestTxMigrationPatterns(t *testing.T) {
	t.Parallel()
	db := openDB(t, "drv_tx_migrate", "sqlmongo.multiStatements=true")
	mustExec(t, db, "CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOL NOT NULL)")
	for v := int64(1); v <= 3; v++ {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("TRUNCATE schema_migrations"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO schema_migrations (version, dirty) VALUES (?, ?)", v, false); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if n := queryInt(t, db, "SELECT version FROM schema_migrations"); n != 3 {
		t.Errorf("version %d", n)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`CREATE TABLE pets (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(10));
		INSERT INTO pets (name) VALUES ('rex'), ('tom');`); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, tx, "SELECT COUNT(*) FROM pets"); n != 2 {
		t.Errorf("inside: %d pets", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "BEGIN; INSERT INTO pets (name) VALUES ('kit'); UPDATE schema_migrations SET version = 4; COMMIT;")
	if n := queryInt(t, db, "SELECT COUNT(*) FROM pets"); n != 3 {
		t.Errorf("%d pets", n)
	}
	if n := queryInt(t, db, "SELECT version FROM schema_migrations"); n != 4 {
		t.Errorf("version %d", n)
	}
}
