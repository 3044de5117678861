package driver_test

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestInsertKeysStoredByOthers: the key check before a multi-row INSERT
// finds an existing key whatever numeric type another writer stored it
// as (the double 4.0 is the key 4), a fractional key (2.5) clashes with
// none, and a clash writes nothing.
func TestInsertKeysStoredByOthers(t *testing.T) {
	db := openDB(t, "drv_insertkeys")
	mustExec(t, db, "CREATE TABLE k (id BIGINT PRIMARY KEY, v INT)")
	coll := mongoClient(t).Database(dbName("drv_insertkeys")).Collection("k")
	ctx := context.Background()
	if _, err := coll.InsertMany(ctx, []any{bson.D{{Key: "_id", Value: 2.5}}, bson.D{{Key: "_id", Value: 4.0}}}); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "INSERT INTO k (id, v) VALUES (1, 1), (2, 2), (3, 3)")
	for _, tc := range []struct{ sql, key string }{
		{"INSERT INTO k (id, v) VALUES (5, 5), (4, 4)", "'4'"},
		{"INSERT INTO k (id, v) VALUES (7, 7), (8, 8), (7, 9)", "'7'"},
	} {
		_, err := db.Exec(tc.sql)
		wantError(t, err, driver.CodeDuplicate, tc.key)
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: bson.NewDecimal128(0x3040000000000000, 6)}}); err == nil {
		// Servers with decimal128: the decimal 6 is the key 6.
		_, err := db.Exec("INSERT INTO k (id, v) VALUES (6, 6), (5, 5)")
		wantError(t, err, driver.CodeDuplicate, "'6'")
		if _, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: 6}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db, "k"); n != 5 {
		t.Errorf("%d rows after the failed INSERTs, want 5 (nothing written)", n)
	}
}
