package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestUniqueRacingInserts: multi-row INSERTs racing for the keys of a
// UNIQUE column. A statement whose key another one took between the
// driver's check and the write is undone, so every statement is all or
// nothing, and each failure is a duplicate-entry error naming the key.
func TestUniqueRacingInserts(t *testing.T) {
	eachMode(t, "drv_uniq_ins", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE u (id INT PRIMARY KEY, stmt INT NOT NULL, k INT NOT NULL UNIQUE)")
		const workers, stmts, rows = 8, 8, 4
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := map[int]bool{}
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 7))
				for s := range stmts {
					stmt := w*100 + s
					var vals []string
					for r := range rows {
						vals = append(vals, fmt.Sprintf("(%d, %d, %d)", stmt*10+r, stmt, rng.IntN(100)*rows+r))
					}
					_, err := db.Exec("INSERT INTO u (id, stmt, k) VALUES " + strings.Join(vals, ", "))
					if err != nil {
						if !refusedRace(err, "for key 'u.k'") {
							t.Errorf("statement %d: %v, want a duplicate entry for key 'u.k'", stmt, err)
						}
						continue
					}
					mu.Lock()
					ok[stmt] = true
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		got := map[int]int{}
		rs, err := db.Query("SELECT stmt, COUNT(*) FROM u GROUP BY stmt")
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var stmt, n int
			if err := rs.Scan(&stmt, &n); err != nil {
				t.Fatal(err)
			}
			got[stmt] = n
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		for stmt := range ok {
			if got[stmt] != rows {
				t.Errorf("statement %d succeeded but %d of its %d rows are stored", stmt, got[stmt], rows)
			}
		}
		for stmt, n := range got {
			if !ok[stmt] {
				t.Errorf("statement %d failed but left %d rows", stmt, n)
			}
		}
		if len(ok) == 0 || len(ok) == workers*stmts {
			t.Logf("%d of %d statements succeeded: the race was not exercised", len(ok), workers*stmts)
		}
	})
}

// refusedRace reports the errors a statement losing a race for a unique
// key may get: a duplicate entry naming the key, or, on DocumentDB
// (PostgreSQL), a deadlock between two crossing writes (undone the same way).
func refusedRace(err error, key string) bool {
	var se *driver.Error
	if errors.As(err, &se) && se.Code == driver.CodeDuplicate {
		return strings.Contains(err.Error(), key)
	}
	return strings.Contains(err.Error(), "deadlock detected")
}

// TestUniqueRacingUpdates: multi-row UPDATEs racing to give their rows
// keys of a UNIQUE column: a statement that fails leaves its rows as they
// were, so each group's rows always carry the keys of one statement.
func TestUniqueRacingUpdates(t *testing.T) {
	eachMode(t, "drv_uniq_upd", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE g (id INT PRIMARY KEY, grp INT NOT NULL, k INT UNIQUE)")
		const workers, stmts, rows = 6, 10, 4
		for w := range workers {
			for r := range rows {
				mustExec(t, db, "INSERT INTO g (id, grp, k) VALUES (?, ?, NULL)", w*rows+r, w)
			}
		}
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 11))
				for range stmts {
					base := rng.IntN(40) * 10
					_, err := db.Exec("UPDATE g SET k = ? + id % 4 WHERE grp = ?", base, w)
					if err != nil && !refusedRace(err, "for key 'g.k'") {
						t.Errorf("worker %d: %v, want a duplicate entry for key 'g.k'", w, err)
					}
				}
			}()
		}
		wg.Wait()
		rs, err := db.Query("SELECT grp, id, k FROM g ORDER BY grp, id")
		if err != nil {
			t.Fatal(err)
		}
		bases := map[int]map[int64]bool{}
		for rs.Next() {
			var grp, id int
			var k sql.NullInt64
			if err := rs.Scan(&grp, &id, &k); err != nil {
				t.Fatal(err)
			}
			if bases[grp] == nil {
				bases[grp] = map[int64]bool{}
			}
			base := int64(-1)
			if k.Valid {
				base = k.Int64 - int64(id%4)
			}
			bases[grp][base] = true
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		for grp, b := range bases {
			if len(b) != 1 {
				t.Errorf("group %d holds the keys of %d statements, want 1 (a failed UPDATE left rows changed)", grp, len(b))
			}
		}
	})
}

// TestUniqueIndexOfOthers: a unique index another application created on
// a collection is checked like a table's UNIQUE key: a multi-row INSERT
// that would break it writes nothing and names the index.
func TestUniqueIndexOfOthers(t *testing.T) {
	db := openDB(t, "drv_uniq_others")
	coll := mongoClient(t).Database(dbName("drv_uniq_others")).Collection("people")
	ctx := context.Background()
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}, {Key: "email", Value: "a@x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "email", Value: 1}},
		Options: options.Index().SetUnique(true).SetName("by_email")}); err != nil {
		t.Fatal(err)
	}
	_, err := db.Exec("INSERT INTO people (_id, email) VALUES (2, 'b@x'), (3, 'a@x')")
	wantError(t, err, driver.CodeDuplicate, "Duplicate entry 'a@x' for key 'people.by_email'")
	if n := count(t, db, "people"); n != 1 {
		t.Errorf("%d rows after the failed INSERT, want 1", n)
	}
}
