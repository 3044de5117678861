package driver_test

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestSampledTypo: on a collection without CREATE TABLE, a column no
// document has is an unknown column with a did-you-mean, not a column of
// NULLs; a field only documents beyond the sample have still reads, NULL
// where the others lack it.
func TestSampledTypo(t *testing.T) {
	db := openDB(t, "drv_typo")
	coll := mongoClient(t).Database(dbName("drv_typo")).Collection("users")
	ctx := context.Background()
	docs := make([]any, 0, 1101)
	for i := range 1100 {
		docs = append(docs, bson.D{{Key: "_id", Value: i}, {Key: "email", Value: "u@x"}})
	}
	docs = append(docs, bson.D{{Key: "_id", Value: 5000}, {Key: "email", Value: "late@x"}, {Key: "late", Value: "yes"}})
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	_, err := db.Query("SELECT emial FROM users")
	wantError(t, err, driver.CodeUnknownColumn, `"emial"`, `did you mean "email"`)
	_, err = db.Exec("UPDATE users SET email = 'x' WHERE emial = 'u@x'")
	wantError(t, err, driver.CodeUnknownColumn, `"emial"`)
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM users WHERE late IS NULL").Scan(&n); err != nil || n != 1100 {
		t.Errorf("COUNT of rows without the late field = %d, %v; want 1100", n, err)
	}
	var late string
	if err := db.QueryRow("SELECT late FROM users WHERE _id = 5000").Scan(&late); err != nil || late != "yes" {
		t.Errorf("late = %q, %v", late, err)
	}
}

// TestAnalyzeResamples: ANALYZE TABLE samples a collection again, so
// SELECT * shows a field another writer added since.
func TestAnalyzeResamples(t *testing.T) {
	db := openDB(t, "drv_analyze")
	coll := mongoClient(t).Database(dbName("drv_analyze")).Collection("c")
	ctx := context.Background()
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}, {Key: "a", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	columns := func() int {
		rs, err := db.Query("SELECT * FROM c")
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		cols, _ := rs.Columns()
		return len(cols)
	}
	if n := columns(); n != 2 {
		t.Fatalf("%d columns, want 2", n)
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 2}, {Key: "a", Value: 2}, {Key: "b", Value: "x"}}); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "ANALYZE TABLE c")
	if n := columns(); n != 3 {
		t.Errorf("%d columns after ANALYZE TABLE, want 3", n)
	}
	_, err := db.Exec("ANALYZE TABLE nope")
	wantError(t, err, driver.CodeUnknownTable)
}
