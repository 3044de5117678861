package exec

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

// testEngine opens an engine on a fresh database of the test server
// (MONGODB_URI, else the embedded FerretDB v1), dropped when the test ends.
func testEngine(t *testing.T) *Engine {
	t.Helper()
	uri, err := testserver.URI()
	if err != nil {
		t.Fatalf("test server: %v", err)
	}
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 3)
	rand.Read(b)
	name := "exec_autoinc_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		_ = client.Database(name).Drop(context.Background())
		_ = client.Disconnect(context.Background())
	})
	return New(client, name, Options{})
}

// chainEngine is testEngine with the claim chain for counters, whatever
// the server (FerretDB v1 always uses it).
func chainEngine(t *testing.T) *Engine {
	return chainTwin(t, testEngine(t))
}

// chainTwin is another engine with the claim chain on e's database (its
// own queue and hints, as another process has).
func chainTwin(t *testing.T, e *Engine) *Engine {
	e = New(e.client, e.db.Name(), Options{})
	info, err := e.srv.get(context.Background(), e.client)
	if err != nil {
		t.Fatal(err)
	}
	info.atomicUpdate = false
	e.srv.info = info
	return e
}

// TestClaimIDs: the claim chain hands out disjoint, increasing blocks to
// concurrent claimers of several engines on any server (on FerretDB v1 it
// is what AUTO_INCREMENT uses), raises past explicit ids, and stays short.
func TestClaimIDs(t *testing.T) {
	e := chainEngine(t)
	engines := []*Engine{e, chainTwin(t, e), chainTwin(t, e), chainTwin(t, e)}
	ctx := context.Background()
	const goroutines, each = 32, 10
	var mu sync.Mutex
	owner := map[int64]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				n := int64(1 + (g+i)%3)
				last, err := engines[g%len(engines)].reserveIDs(ctx, "t", n, 0)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for id := last - n + 1; id <= last; id++ {
					if prev, ok := owner[id]; ok {
						t.Errorf("id %d claimed by %d and %d", id, prev, g)
					}
					owner[id] = g
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Logf("%d claims by %d goroutines in %v", goroutines*each, goroutines, time.Since(start))
	newest, err := e.newestClaim(ctx, "t")
	if err != nil {
		t.Fatal(err)
	}
	top := newest.Seq
	for id := range owner {
		if id > top {
			t.Errorf("id %d above the counter %d", id, top)
		}
	}
	if got, err := e.reserveIDs(ctx, "t", 0, top+100); err != nil || got != top+100 {
		t.Errorf("raise to %d: %d, %v", top+100, got, err)
	}
	if got, err := e.reserveIDs(ctx, "t", 2, 0); err != nil || got != top+102 {
		t.Errorf("claim after the raise: %d, %v; want %d", got, err, top+102)
	}
	if got, err := e.reserveIDs(ctx, "t", 0, 5); err != nil || got != top+102 {
		t.Errorf("raise below the counter: %d, %v; want %d unchanged", got, err, top+102)
	}
	n, err := e.db.Collection(countersCollection).CountDocuments(ctx, map[string]any{"table": "t"})
	if err != nil || n > claimKeep+claimSweep+goroutines {
		t.Errorf("%d claims kept, %v; want at most %d", n, err, claimKeep+claimSweep+goroutines)
	}
	if err := e.dropCounter(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	if got, err := e.reserveIDs(ctx, "t", 1, 0); err != nil || got != 1 {
		t.Errorf("first claim after dropping the counter: %d, %v; want 1", got, err)
	}
}

// TestClaimStaleHint: an engine whose newest known claim was swept away
// while others claimed must not make that claim again (it would own ids
// handed out since): it finds the chain ahead and claims past it.
func TestClaimStaleHint(t *testing.T) {
	a := chainEngine(t)
	b := chainTwin(t, a)
	ctx := context.Background()
	if _, err := a.reserveIDs(ctx, "t", 1, 0); err != nil {
		t.Fatal(err)
	}
	var top int64
	for range 4 * (claimKeep + claimSweep) {
		var err error
		if top, err = b.reserveIDs(ctx, "t", 1, 0); err != nil {
			t.Fatal(err)
		}
	}
	n, err := a.db.Collection(countersCollection).CountDocuments(ctx, map[string]any{"table": "t", "v": 2})
	if err != nil || n != 0 {
		t.Fatalf("claim 2 still there (%d, %v): the sweep did not run", n, err)
	}
	got, err := a.reserveIDs(ctx, "t", 1, 0)
	if err != nil || got != top+1 {
		t.Errorf("claim from a stale hint: %d, %v; want %d", got, err, top+1)
	}
}

// TestReserveIDsDeadlines: requests that give up while queued behind a
// claim (their deadline passes) neither block the others nor get ids
// another request got.
func TestReserveIDsDeadlines(t *testing.T) {
	e := chainEngine(t)
	var mu sync.Mutex
	owner := map[int64]int{}
	var wg sync.WaitGroup
	for g := range 48 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if g%3 == 0 { // a third give up almost at once
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, time.Duration(g)*100*time.Microsecond)
				defer cancel()
			}
			for range 5 {
				last, err := e.reserveIDs(ctx, "t", 1, 0)
				if err != nil {
					if g%3 != 0 {
						t.Errorf("goroutine %d: %v", g, err)
					}
					return
				}
				mu.Lock()
				if prev, ok := owner[last]; ok {
					t.Errorf("id %d given to %d and %d", last, prev, g)
				}
				owner[last] = g
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	// The queue still works.
	if _, err := e.reserveIDs(context.Background(), "t", 1, 0); err != nil {
		t.Fatal(err)
	}
}
