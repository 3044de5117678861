package driver_test

import (
	"context"
	"database/sql"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestSumOfForeignInts: another writer stored int32s in a DOUBLE column of
// a table made with CREATE TABLE. A group whose values cancel out sums to
// 0, not NULL (an empty $sum is an int32 0 too), and a group of NULLs
// sums to NULL, in every mode.
func TestSumOfForeignInts(t *testing.T) {
	for _, mode := range injectionModes(t) {
		t.Run(mode, func(t *testing.T) {
			name := "drv_fsum_" + mode
			db := openDB(t, name, "sqlmongo.pushdown="+mode)
			mustExec(t, db, "CREATE TABLE fs (id INT PRIMARY KEY, g INT, x DOUBLE, d DECIMAL(10,2))")
			coll := mongoClient(t).Database(dbName(name)).Collection("fs")
			docs := []any{
				bson.D{{Key: "_id", Value: int32(1)}, {Key: "g", Value: int32(1)}, {Key: "x", Value: int32(5)}, {Key: "d", Value: int32(2)}},
				bson.D{{Key: "_id", Value: int32(2)}, {Key: "g", Value: int32(1)}, {Key: "x", Value: int32(-5)}, {Key: "d", Value: int32(-2)}},
				bson.D{{Key: "_id", Value: int32(3)}, {Key: "g", Value: int32(2)}, {Key: "x", Value: nil}, {Key: "d", Value: nil}},
			}
			if _, err := coll.InsertMany(context.Background(), docs); err != nil {
				t.Fatal(err)
			}
			rows, err := db.Query("SELECT g, SUM(x), SUM(d) FROM fs GROUP BY g ORDER BY g")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var g int
				var x, d sql.NullString
				if err := rows.Scan(&g, &x, &d); err != nil {
					t.Fatal(err)
				}
				got = append(got, x.String+"/"+d.String)
				if g == 1 && (!x.Valid || !d.Valid) || g == 2 && (x.Valid || d.Valid) {
					t.Errorf("group %d: SUM(x) %v, SUM(d) %v; want 0 and 0 for group 1, NULL for group 2", g, x, d)
				}
			}
			if err := rows.Err(); err != nil || len(got) != 2 {
				t.Errorf("rows %q, %v; want 2 groups", got, err)
			}
		})
	}
}
