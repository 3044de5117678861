package driver_test

import (
	"context"
	"database/sql"
	sqldriver "database/sql/driver"
	"slices"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

func TestRegistered(t *testing.T) {
	for _, name := range []string{"mongodb", "sqlmongo"} {
		if !slices.Contains(sql.Drivers(), name) {
			t.Errorf("driver %q not registered; have %v", name, sql.Drivers())
		}
	}
	// Both names open the same driver.
	for _, name := range []string{"mongodb", "sqlmongo"} {
		db, err := sql.Open(name, testDSN(t, "drv_registered"))
		if err != nil {
			t.Fatalf("sql.Open(%q): %v", name, err)
		}
		if _, ok := db.Driver().(*driver.Driver); !ok {
			t.Errorf("sql.Open(%q) uses %T", name, db.Driver())
		}
		if err := db.Ping(); err != nil {
			t.Errorf("Ping through %q: %v", name, err)
		}
		db.Close()
	}
}

// TestOpenBadDSN: a bad DSN fails at sql.Open with the DSN error, before
// any connection is tried.
func TestOpenBadDSN(t *testing.T) {
	_, err := sql.Open("mongodb", "mongodb://127.0.0.1:1")
	if err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("sql.Open without a database: %v", err)
	}
	_, err = sql.Open("mongodb", "mongodb://127.0.0.1:1/x?sqlmongo.nope=1")
	if err == nil || !strings.Contains(err.Error(), "sqlmongo.nope") {
		t.Errorf("sql.Open with an unknown option: %v", err)
	}
}

// TestConnector: sql.OpenDB over a Connector; the connector's client is
// shared by the pool and disconnected by DB.Close.
func TestConnector(t *testing.T) {
	t.Parallel()
	dropDatabase(t, "drv_connector")
	cfg, err := driver.ParseDSN(testDSN(t, "drv_connector"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := driver.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(4)
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY)")
	// Several conns at once share the catalog and the client.
	ctx := context.Background()
	var conns []*sql.Conn
	for i := range 4 {
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "INSERT INTO t (id) VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
	}
	for _, conn := range conns {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT id FROM t WHERE id = 3").Scan(&n); err != nil || n != 3 {
			t.Errorf("conn sees %d, %v; want 3", n, err)
		}
		if err := conn.Raw(func(dc any) error {
			if v, ok := dc.(sqldriver.Validator); !ok || !v.IsValid() {
				t.Errorf("conn %T is not a valid driver.Validator", dc)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		conn.Close()
	}
	if err := db.Close(); err != nil {
		t.Fatalf("DB.Close: %v", err)
	}
	// The client is disconnected: a new DB on the closed connector fails.
	db2 := sql.OpenDB(c)
	defer db2.Close()
	if err := db2.Ping(); err == nil {
		t.Error("Ping on a closed connector succeeded")
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestDriverOpen: Driver.Open (used by database/sql only for drivers
// without OpenConnector) gives a working conn that owns its client.
func TestDriverOpen(t *testing.T) {
	t.Parallel()
	dropDatabase(t, "drv_open")
	conn, err := (&driver.Driver{}).Open(testDSN(t, "drv_open"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := conn.(sqldriver.Pinger).Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.(sqldriver.ExecerContext).ExecContext(ctx, "CREATE TABLE t (id INT PRIMARY KEY)", nil); err != nil {
		t.Fatal(err)
	}
	st, err := conn.(sqldriver.ConnPrepareContext).PrepareContext(ctx, "INSERT INTO t (id) VALUES (?), (?)")
	if err != nil {
		t.Fatal(err)
	}
	if n := st.NumInput(); n != 2 {
		t.Errorf("NumInput = %d, want 2", n)
	}
	st.Close()
	st, err = conn.(sqldriver.ConnPrepareContext).PrepareContext(ctx, "SELECT id FROM t WHERE id = :id")
	if err != nil {
		t.Fatal(err)
	}
	if n := st.NumInput(); n != -1 {
		t.Errorf("NumInput with named parameters = %d, want -1", n)
	}
	st.Close()
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	if conn.(sqldriver.Validator).IsValid() {
		t.Error("closed conn reports valid")
	}
	if err := conn.(sqldriver.SessionResetter).ResetSession(ctx); err != sqldriver.ErrBadConn {
		t.Errorf("ResetSession on a closed conn = %v, want ErrBadConn", err)
	}
}

// TestCheckNamedValue: BSON values and UTF-8 strings pass through; other
// types go to database/sql's standard conversion.
func TestCheckNamedValue(t *testing.T) {
	db := openDB(t, "drv_checknv")
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c := dc.(sqldriver.NamedValueChecker)
		for _, tc := range []struct {
			v    any
			want error
		}{
			{bsonOID(), nil},
			{bsonDec(), nil},
			{timeNow(), nil},
			{int64(1), sqldriver.ErrSkip},
			{"s", nil}, // valid UTF-8 passes as it is
			{sql.NullString{}, sqldriver.ErrSkip},
		} {
			nv := &sqldriver.NamedValue{Ordinal: 1, Value: tc.v}
			if err := c.CheckNamedValue(nv); err != tc.want {
				t.Errorf("CheckNamedValue(%T) = %v, want %v", tc.v, err, tc.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
