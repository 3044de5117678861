package ormtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	_ "github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

// openDB opens a fresh database of the test server (the embedded
// FerretDB, or MONGODB_URI) through the driver, dropped again at the end.
func openDB(t *testing.T, opts ...string) *sql.DB {
	t.Helper()
	uri, err := testserver.URI()
	if err != nil {
		t.Fatalf("test server: %v", err)
	}
	b := make([]byte, 3)
	rand.Read(b)
	name := "orm_" + strings.ToLower(strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())) + "_" + hex.EncodeToString(b)
	scheme, rest, _ := strings.Cut(uri, "://")
	hosts, query, _ := strings.Cut(rest, "?")
	hosts, _, _ = strings.Cut(hosts, "/")
	var q []string
	if query != "" {
		q = append(q, query)
	}
	q = append(q, opts...)
	dsn := scheme + "://" + hosts + "/" + name
	if len(q) > 0 {
		dsn += "?" + strings.Join(q, "&")
	}
	db, err := sql.Open("mongodb", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if c, err := mongo.Connect(options.Client().ApplyURI(uri)); err == nil {
			c.Database(name).Drop(context.Background())
			c.Disconnect(context.Background())
		}
	})
	return db
}
