package driver_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestAutoIncrementConcurrent: AUTO_INCREMENT under concurrency. 64
// goroutines race the first INSERTs into a fresh table, then 32 goroutines
// insert 20 rows each: every INSERT succeeds, every id is new,
// LastInsertId names the statement's own row, and an id freed by DELETE
// is never handed out again (MySQL's counter does not go back). On FerretDB
// v1, whose findAndModify $inc is not atomic, this is what the claim
// documents of exec/autoinc.go are for.
func TestAutoIncrementConcurrent(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_autoinc", func(t *testing.T, db *sql.DB) {
		db.SetMaxOpenConns(64)
		mustExec(t, db, "CREATE TABLE a (id BIGINT PRIMARY KEY AUTO_INCREMENT, who VARCHAR(20) NOT NULL)")
		var mu sync.Mutex
		owner := map[int64]string{} // id → the statement that got it
		race := func(goroutines, each int, tag string) {
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						who := fmt.Sprintf("%s%d.%d", tag, g, i)
						res, err := db.Exec("INSERT INTO a (who) VALUES (?)", who)
						if err != nil {
							t.Errorf("INSERT %s: %v", who, err)
							return
						}
						id, err := res.LastInsertId()
						if err != nil {
							t.Errorf("LastInsertId of %s: %v", who, err)
							return
						}
						mu.Lock()
						if prev, ok := owner[id]; ok {
							t.Errorf("id %d given to %s and to %s", id, prev, who)
						}
						owner[id] = who
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
		}
		race(64, 1, "first")
		race(32, 20, "g")
		if t.Failed() {
			return
		}
		if n := count(t, db, "a"); n != 64+32*20 {
			t.Fatalf("%d rows, want %d", n, 64+32*20)
		}
		rows, err := db.Query("SELECT id, who FROM a")
		if err != nil {
			t.Fatal(err)
		}
		var maxID int64
		for rows.Next() {
			var id int64
			var who string
			if err := rows.Scan(&id, &who); err != nil {
				t.Fatal(err)
			}
			if owner[id] != who {
				t.Errorf("row %d holds %q; LastInsertId %d was reported to %q", id, who, id, owner[id])
			}
			maxID = max(maxID, id)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		mustExec(t, db, "DELETE FROM a WHERE id = ?", maxID)
		res := mustExec(t, db, "INSERT INTO a (who) VALUES ('after delete')")
		if id, err := res.LastInsertId(); err != nil || id <= maxID {
			t.Errorf("INSERT after deleting id %d got id %d, %v; want a larger id", maxID, id, err)
		}
	})
}

// TestAutoIncrementCollision: a generated id that another writer already
// used (here a write from outside sqlmongo) does not fail the INSERT: it
// is retried past the largest id found, and LastInsertId names the row
// written. A duplicate of another key is still an error.
func TestAutoIncrementCollision(t *testing.T) {
	t.Parallel()
	db := openDB(t, "drv_autoinc_coll")
	mustExec(t, db, "CREATE TABLE c (id BIGINT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20) NOT NULL, UNIQUE KEY (name))")
	raw := mongoClient(t).Database(dbName("drv_autoinc_coll")).Collection("c")
	outside := func(ids ...int64) {
		t.Helper()
		for _, id := range ids {
			if _, err := raw.InsertOne(context.Background(), bson.D{{Key: "_id", Value: id}, {Key: "name", Value: fmt.Sprint("outside", id)}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func(query string, wantLast int64, wantNames ...string) {
		t.Helper()
		res := mustExec(t, db, query)
		if last, err := res.LastInsertId(); err != nil || last != wantLast {
			t.Errorf("%s: LastInsertId %d, %v; want %d", query, last, err, wantLast)
		}
		for i, name := range wantNames {
			var got string
			if err := db.QueryRow("SELECT name FROM c WHERE id = ?", wantLast+int64(i)).Scan(&got); err != nil || got != name {
				t.Errorf("%s: row %d holds %q, %v; want %q", query, wantLast+int64(i), got, err, name)
			}
		}
	}
	outside(1, 2, 3)
	check("INSERT INTO c (name) VALUES ('x')", 4, "x") // one row: the insert itself fails, nothing written
	outside(5, 6)
	check("INSERT INTO c (name) VALUES ('y'), ('z')", 7, "y", "z") // several: the key check fails first
	_, err := db.Exec("INSERT INTO c (name) VALUES ('x')")
	wantError(t, err, driver.CodeDuplicate)
	if n := count(t, db, "c"); n != 8 {
		t.Errorf("%d rows, want 8", n)
	}
}
