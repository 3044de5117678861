package exec

import (
	"context"
	"io"
	"testing"
	"time"
)

// lockValue runs a one-value SELECT for session s.
func lockValue(t *testing.T, e *Engine, s *Session, query string) any {
	t.Helper()
	ctx := context.Background()
	st, err := e.Prepare(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := st.QuerySession(ctx, s, nil)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close(ctx)
	row, err := rows.Next(ctx)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if _, err := rows.Next(ctx); err != io.EOF {
		t.Fatalf("%s: more than one row (%v)", query, err)
	}
	return row[0]
}

// TestLockRefresh: a holder's session keeps its lock alive past the TTL;
// once it stops refreshing (as a crashed process would), the lock expires
// and another session takes it.
func TestLockRefresh(t *testing.T) {
	e := testEngine(t)
	const ttl = 300 * time.Millisecond
	e = New(e.client, e.db.Name(), Options{LockTTL: ttl})
	var a, b Session
	defer a.ReleaseLocks(context.Background())
	defer b.ReleaseLocks(context.Background())
	if v := lockValue(t, e, &a, "SELECT GET_LOCK('r', 0)"); v != int64(1) {
		t.Fatalf("GET_LOCK = %v", v)
	}
	time.Sleep(3 * ttl)
	if v := lockValue(t, e, &b, "SELECT GET_LOCK('r', 0)"); v != int64(0) {
		t.Fatalf("GET_LOCK after %v of a refreshed lock = %v, want 0", 3*ttl, v)
	}
	// A crash: the refresher stops, the lock stays.
	a.locks.mu.Lock()
	close(a.locks.stop)
	a.locks.stop = nil
	a.locks.mu.Unlock()
	if v := lockValue(t, e, &b, "SELECT GET_LOCK('r', 5)"); v != int64(1) {
		t.Fatalf("GET_LOCK of an expiring lock = %v, want 1", v)
	}
	if v := lockValue(t, e, &b, "SELECT IS_USED_LOCK('r') = CONNECTION_ID()"); v != int64(1) {
		t.Fatalf("IS_USED_LOCK = CONNECTION_ID() is %v", v)
	}
	if v := lockValue(t, e, &b, "SELECT RELEASE_ALL_LOCKS()"); v != int64(1) {
		t.Fatalf("RELEASE_ALL_LOCKS() = %v", v)
	}
	// The refresher stopped with the last lock.
	if b.locks.stop != nil {
		t.Error("refresher still running without locks")
	}
}
