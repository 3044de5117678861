package driver_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// lockQuery runs a one-value SELECT on conn; nil for NULL.
func lockQuery(t *testing.T, conn *sql.Conn, query string, args ...any) any {
	t.Helper()
	var v sql.NullInt64
	if err := conn.QueryRowContext(context.Background(), query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if !v.Valid {
		return nil
	}
	return v.Int64
}

func wantLock(t *testing.T, conn *sql.Conn, query string, want any, args ...any) {
	t.Helper()
	if got := lockQuery(t, conn, query, args...); got != want {
		t.Fatalf("%s %v = %v, want %v", query, args, got, want)
	}
}

// twoConns returns two connections of db, closed when the test ends.
func twoConns(t *testing.T, db *sql.DB) (a, b *sql.Conn) {
	t.Helper()
	var conns [2]*sql.Conn
	for i := range conns {
		c, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		conns[i] = c
	}
	return conns[0], conns[1]
}

func TestUserLocks(t *testing.T) {
	db := openDB(t, "locks")
	ctx := context.Background()
	a, b := twoConns(t, db)

	idA := lockQuery(t, a, "SELECT CONNECTION_ID()")
	idB := lockQuery(t, b, "SELECT CONNECTION_ID()")
	if idA == idB || idA == int64(0) {
		t.Fatalf("connection ids %v and %v", idA, idB)
	}
	wantLock(t, a, "SELECT CONNECTION_ID()", idA) // stable

	wantLock(t, a, "SELECT GET_LOCK('x', 10)", int64(1))
	start := time.Now()
	wantLock(t, b, "SELECT GET_LOCK('x', 0.2)", int64(0))
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("GET_LOCK('x', 0.2) gave up after %v", d)
	}
	wantLock(t, b, "SELECT GET_LOCK('X', 0)", int64(0)) // names ignore case
	wantLock(t, b, "SELECT IS_FREE_LOCK('x')", int64(0))
	wantLock(t, b, "SELECT IS_FREE_LOCK('y')", int64(1))
	wantLock(t, b, "SELECT IS_USED_LOCK('x')", idA)
	wantLock(t, b, "SELECT IS_USED_LOCK('y')", nil)
	wantLock(t, b, "SELECT IS_USED_LOCK(?) = CONNECTION_ID()", int64(0), "x")
	wantLock(t, a, "SELECT IS_USED_LOCK(?) = CONNECTION_ID()", int64(1), "x")

	// Re-acquired: counted, released as many times.
	wantLock(t, a, "SELECT GET_LOCK('x', 0)", int64(1))
	wantLock(t, b, "SELECT RELEASE_LOCK('x')", int64(0))
	wantLock(t, a, "SELECT RELEASE_LOCK('x')", int64(1))
	wantLock(t, b, "SELECT IS_FREE_LOCK('x')", int64(0))
	wantLock(t, a, "SELECT RELEASE_LOCK('x')", int64(1))
	wantLock(t, b, "SELECT IS_FREE_LOCK('x')", int64(1))
	wantLock(t, a, "SELECT RELEASE_LOCK('x')", nil)
	wantLock(t, a, "SELECT RELEASE_LOCK('unknown')", nil)

	// Bad names are errors, as in MySQL.
	for _, q := range []string{"SELECT GET_LOCK(NULL, 1)", "SELECT GET_LOCK('', 1)",
		"SELECT IS_FREE_LOCK('" + string(make([]byte, 65)) + "')"} {
		if _, err := a.ExecContext(ctx, q); err == nil {
			t.Errorf("%q: no error", q)
		}
	}

	// A waiter gets the lock once the holder releases it.
	wantLock(t, a, "SELECT GET_LOCK('x', 0)", int64(1))
	got := make(chan any)
	go func() {
		var v sql.NullInt64
		err := b.QueryRowContext(ctx, "SELECT GET_LOCK('x', 30)").Scan(&v)
		if err != nil {
			got <- err
			return
		}
		got <- v.Int64
	}()
	time.Sleep(300 * time.Millisecond)
	select {
	case v := <-got:
		t.Fatalf("GET_LOCK returned %v while another connection held the lock", v)
	default:
	}
	wantLock(t, a, "SELECT RELEASE_LOCK('x')", int64(1))
	if v := <-got; v != int64(1) {
		t.Fatalf("waiting GET_LOCK: %v", v)
	}
	wantLock(t, b, "SELECT IS_USED_LOCK('x')", idB)

	// Several locks; RELEASE_ALL_LOCKS counts acquisitions.
	wantLock(t, a, "SELECT GET_LOCK('p', 0) + GET_LOCK('q', 0) + GET_LOCK('q', 0)", int64(3))
	wantLock(t, a, "SELECT RELEASE_ALL_LOCKS()", int64(3))
	wantLock(t, a, "SELECT RELEASE_ALL_LOCKS()", int64(0))
	wantLock(t, b, "SELECT IS_FREE_LOCK('q')", int64(1))

	// Closing a connection releases its locks.
	wantLock(t, a, "SELECT GET_LOCK('p', 0)", int64(1))
	if err := a.Raw(func(dc any) error { return dc.(interface{ Close() error }).Close() }); err != nil {
		t.Fatal(err)
	}
	a.Close()
	wantLock(t, b, "SELECT IS_FREE_LOCK('p')", int64(1))
	wantLock(t, b, "SELECT RELEASE_LOCK('x')", int64(1))
}

// TestUserLockExpires: a holder that stopped refreshing its lock (a
// crashed process) loses it once it expires.
func TestUserLockExpires(t *testing.T) {
	db := openDB(t, "lockexp")
	ctx := context.Background()
	a, b := twoConns(t, db)
	wantLock(t, a, "SELECT GET_LOCK('crash', 0)", int64(1))
	wantLock(t, b, "SELECT GET_LOCK('crash', 0)", int64(0))

	locks := mongoClient(t).Database(dbName("lockexp")).Collection("__sqlmongo_locks")
	res, err := locks.UpdateOne(ctx, bson.D{{Key: "_id", Value: "crash"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "expires", Value: time.Now().Add(-time.Minute)}}}})
	if err != nil || res.MatchedCount != 1 {
		t.Fatalf("expiring the lock document: %v %+v", err, res)
	}
	wantLock(t, b, "SELECT IS_FREE_LOCK('crash')", int64(1))
	wantLock(t, b, "SELECT IS_USED_LOCK('crash')", nil)
	wantLock(t, b, "SELECT GET_LOCK('crash', 5)", int64(1))
	idB := lockQuery(t, b, "SELECT CONNECTION_ID()")
	wantLock(t, a, "SELECT IS_USED_LOCK('crash')", idB)
	// The former holder no longer has it: it can neither release it nor
	// take it back while B holds it.
	wantLock(t, a, "SELECT RELEASE_LOCK('crash')", int64(0))
	wantLock(t, a, "SELECT GET_LOCK('crash', 0)", int64(0))
	wantLock(t, b, "SELECT RELEASE_LOCK('crash')", int64(1))
}

// TestUserLockRace: many connections racing for one lock never hold it
// two at a time.
func TestUserLockRace(t *testing.T) {
	db := openDB(t, "lockrace")
	db.SetMaxOpenConns(32)
	const workers, rounds = 16, 4
	var mu sync.Mutex
	inside, acquired := 0, 0
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			conn, err := db.Conn(ctx)
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close()
			for range rounds {
				var got int64
				if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('race', 60)").Scan(&got); err != nil || got != 1 {
					errs <- err
					return
				}
				mu.Lock()
				inside++
				acquired++
				if inside != 1 {
					t.Errorf("%d holders at once", inside)
				}
				mu.Unlock()
				time.Sleep(time.Millisecond)
				mu.Lock()
				inside--
				mu.Unlock()
				if err := conn.QueryRowContext(ctx, "SELECT RELEASE_LOCK('race')").Scan(&got); err != nil || got != 1 {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("worker: %v", err)
	}
	if acquired != workers*rounds {
		t.Errorf("acquired %d times, want %d", acquired, workers*rounds)
	}
}

// TestUserLockPool: a connection back in database/sql's pool keeps its
// locks (as a pooled MySQL connection does); closing the pool releases
// them. A second connector on the same database sees them, with distinct
// connection ids.
func TestUserLockPool(t *testing.T) {
	db := openDB(t, "lockpool")
	other, err := sql.Open("mongodb", testDSN(t, "lockpool"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	a, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	idA := lockQuery(t, a, "SELECT CONNECTION_ID()")
	wantLock(t, a, "SELECT GET_LOCK('pool', 0)", int64(1))
	a.Close() // back to the pool, reset on its next use
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if idB := lockQuery(t, b, "SELECT CONNECTION_ID()"); idB == idA {
		t.Fatalf("two connectors gave connection id %v", idA)
	}
	wantLock(t, b, "SELECT IS_USED_LOCK('pool')", idA)

	// A negative timeout waits until the statement's context ends.
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	var v sql.NullInt64
	if err := b.QueryRowContext(short, "SELECT GET_LOCK('pool', -1)").Scan(&v); err == nil {
		t.Fatalf("GET_LOCK('pool', -1) of a held lock returned %v", v)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("GET_LOCK('pool', -1) gave up after %v", d)
	}

	db.Close() // closes the pooled connection: its locks go
	wantLock(t, b, "SELECT IS_FREE_LOCK('pool')", int64(1))
}

// TestUserLockTakeoverRace: sessions racing to take over one expired lock:
// exactly one gets it.
func TestUserLockTakeoverRace(t *testing.T) {
	db := openDB(t, "locktake")
	db.SetMaxOpenConns(16)
	ctx := context.Background()
	locks := mongoClient(t).Database(dbName("locktake")).Collection("__sqlmongo_locks")
	for round := range 3 {
		name := "t" + string(rune('0'+round))
		// A holder that crashed long ago.
		if _, err := locks.InsertOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: int64(-1)},
			{Key: "count", Value: int64(1)}, {Key: "expires", Value: time.Now().Add(-time.Minute)}}); err != nil {
			t.Fatal(err)
		}
		const racers = 8
		// Distinct connections: one that won would win again (re-entry).
		conns := make([]*sql.Conn, racers)
		for i := range conns {
			c, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns[i] = c
		}
		got := make(chan int64, racers)
		var wg sync.WaitGroup
		for _, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var v sql.NullInt64
				if err := c.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&v); err != nil {
					t.Error(err)
				}
				got <- v.Int64
			}()
		}
		wg.Wait()
		for _, c := range conns {
			c.Close()
		}
		close(got)
		var won int64
		for v := range got {
			won += v
		}
		if won != 1 {
			t.Fatalf("round %d: %d sessions took over the expired lock", round, won)
		}
	}
}
