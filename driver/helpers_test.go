package driver_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	_ "github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

// modes are the pushdown settings every end-to-end test runs under:
// SQLMONGO_MODES when set (make test-docdb adds full), else auto and none.
var modes = func() []string {
	m, err := testserver.Modes()
	if err != nil {
		panic(err)
	}
	if m == nil {
		m = []string{"auto", "none"}
	}
	return m
}()

// runSuffix makes this process's database names its own, so that runs
// sharing a long-lived MONGODB_URI server do not drop each other's data.
var runSuffix = func() string {
	b := make([]byte, 3)
	rand.Read(b)
	return "_" + hex.EncodeToString(b)
}()

// dbName is the database a test's name for it stands for.
func dbName(name string) string { return name + runSuffix }

// serverURI returns the test server's address, failing the test when no
// server can be had.
func serverURI(t testing.TB) string {
	t.Helper()
	uri, err := testserver.URI()
	if err != nil {
		t.Fatalf("test server: %v", err)
	}
	return uri
}

// testDSN returns a DSN for database db on the test server with the given
// extra options (e.g. "sqlmongo.pushdown=none"). Options already on
// MONGODB_URI are kept.
func testDSN(t testing.TB, db string, opts ...string) string {
	t.Helper()
	base := serverURI(t)
	scheme, rest, _ := strings.Cut(base, "://")
	hosts, query, _ := strings.Cut(rest, "?")
	hosts, _, _ = strings.Cut(hosts, "/")
	var q []string
	if query != "" {
		q = append(q, query)
	}
	q = append(q, opts...)
	dsn := scheme + "://" + hosts + "/" + url.PathEscape(dbName(db))
	if len(q) > 0 {
		dsn += "?" + strings.Join(q, "&")
	}
	return dsn
}

// dropDatabase removes db so a test starts from nothing, and again when
// the test ends, so a long-lived MONGODB_URI server keeps nothing.
func dropDatabase(t testing.TB, db string) {
	t.Helper()
	client := mongoClient(t)
	drop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return client.Database(dbName(db)).Drop(ctx)
	}
	if err := drop(); err != nil {
		t.Fatalf("dropping %s: %v", dbName(db), err)
	}
	t.Cleanup(func() { _ = drop() })
}

// mongoClient returns a plain MongoDB client on the test server, closed
// when the test ends.
func mongoClient(t testing.TB) *mongo.Client {
	t.Helper()
	base := serverURI(t)
	// Strip sqlmongo options a MONGODB_URI may carry: the mongo driver
	// rejects unknown ones only with a warning, but keep it clean.
	scheme, rest, _ := strings.Cut(base, "://")
	hosts, query, _ := strings.Cut(rest, "?")
	var kept []string
	for _, kv := range strings.Split(query, "&") {
		if kv != "" && !strings.HasPrefix(strings.ToLower(kv), "sqlmongo.") {
			kept = append(kept, kv)
		}
	}
	uri := scheme + "://" + hosts
	if len(kept) > 0 {
		uri += "?" + strings.Join(kept, "&")
	}
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	return client
}

// openDB drops database db and opens it through the driver.
func openDB(t testing.TB, db string, opts ...string) *sql.DB {
	t.Helper()
	dropDatabase(t, db)
	conn, err := sql.Open("mongodb", testDSN(t, db, opts...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// eachMode runs fn as a subtest per pushdown mode, each on its own
// database named prefix_mode.
func eachMode(t *testing.T, prefix string, fn func(t *testing.T, db *sql.DB)) {
	t.Helper()
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			fn(t, openDB(t, prefix+"_"+mode, "sqlmongo.pushdown="+mode))
		})
	}
}

func mustExec(t testing.TB, db *sql.DB, query string, args ...any) sql.Result {
	t.Helper()
	r, err := db.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return r
}

func count(t testing.TB, db *sql.DB, table string) int64 {
	t.Helper()
	var n int64
	rows, err := db.Query("SELECT * FROM " + table)
	if err != nil {
		t.Fatalf("counting %s: %v", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("counting %s: %v", table, err)
	}
	return n
}

func sqlxFmt(v any) string { return fmt.Sprint(v) }

func join(ss []string) string { return strings.Join(ss, ",") }

func ids(ps []person) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func bsonOID() bson.ObjectID { return bson.NewObjectID() }

func bsonDec() bson.Decimal128 { return bson.NewDecimal128(0, 25) }

func timeNow() time.Time { return time.Now() }
