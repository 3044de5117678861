package driver_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

// TestServerKilled kills the server under writers and a streaming read,
// then restarts it on the same address and data: every acknowledged
// INSERT is there exactly once, a failed one at most once, the read that
// lost its server ends in an error (not a short result), and the same
// *sql.DB works again once the server is back. It needs a server of its
// own (the embedded one), never a shared MONGODB_URI.
func TestServerKilled(t *testing.T) {
	if os.Getenv("MONGODB_URI") != "" {
		t.Skip("kills its server: runs on an embedded one only")
	}
	srv, err := testserver.StartKillable()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) { testServerKilled(t, srv, mode) })
	}
}

func testServerKilled(t *testing.T, srv *testserver.Server, mode string) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	db, err := sql.Open("mongodb", srv.URI()+"fault_"+mode+"?sqlmongo.pushdown="+mode)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// No key: a statement applied twice would be two rows.
	mustExec(t, db, "CREATE TABLE f (w INT NOT NULL, seq INT NOT NULL)")
	mustExec(t, db, "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(50))")
	const total = 2000
	var vals []string
	for i := 1; i <= total; i++ {
		vals = append(vals, fmt.Sprintf("(%d, '%s')", i, strings.Repeat("p", 40)))
	}
	mustExec(t, db, "INSERT INTO big (id, pad) VALUES "+strings.Join(vals, ", "))

	// A streaming read: the first batch has arrived, the rest has not.
	rows, err := db.QueryContext(ctx, "SELECT id, pad FROM big")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatalf("no first row: %v", rows.Err())
	}

	// Writers, each with its own sequence; every INSERT's outcome is kept.
	// Half of them use a statement prepared before the kill.
	ins, err := db.PrepareContext(ctx, "INSERT INTO f (w, seq) VALUES (?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	const writers = 4
	const perPhase = 20
	type outcome struct{ acked, failed []int }
	outcomes := make([]outcome, writers)
	var phase atomic.Int32 // 0 before the kill, 1 while down, 2 once the DB answers again
	var before, after, done sync.WaitGroup
	before.Add(writers)
	after.Add(writers)
	done.Add(writers)
	for w := range writers {
		go func() {
			defer done.Done()
			n0, n2 := 0, 0
			for seq := 1; n2 < perPhase && ctx.Err() == nil; seq++ {
				p := phase.Load()
				var err error
				if w%2 == 0 {
					_, err = ins.ExecContext(ctx, w, seq)
				} else {
					_, err = db.ExecContext(ctx, "INSERT INTO f (w, seq) VALUES (?, ?)", w, seq)
				}
				if err != nil {
					outcomes[w].failed = append(outcomes[w].failed, seq)
					continue
				}
				outcomes[w].acked = append(outcomes[w].acked, seq)
				if n0++; n0 == perPhase {
					before.Done()
				}
				if p == 2 {
					if n2++; n2 == perPhase {
						after.Done()
					}
				}
			}
		}()
	}
	before.Wait()
	phase.Store(1)
	srv.Kill()

	// The read goes on past its first batch: it must fail, not end short.
	read := 1
	for rows.Next() {
		read++
	}
	if err := rows.Err(); err == nil {
		t.Errorf("a read whose server was killed ended without an error after %d of %d rows", read, total)
	} else {
		t.Logf("read cut after %d of %d rows: %v", read, total, err)
	}
	rows.Close()

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	// The pool recovers: a few attempts, each given some seconds, within
	// a generous overall deadline.
	attempts := 0
	for {
		attempts++
		actx, acancel := context.WithTimeout(ctx, 10*time.Second)
		var n int
		err := db.QueryRowContext(actx, "SELECT COUNT(*) FROM big").Scan(&n)
		acancel()
		if err == nil && n == total {
			break
		}
		if attempts == 6 || ctx.Err() != nil {
			t.Fatalf("the DB does not answer after the restart (%d attempts): %v, %d rows", attempts, err, n)
		}
	}
	t.Logf("DB answered again at attempt %d", attempts)
	phase.Store(2)
	after.Wait()
	done.Wait()
	if ctx.Err() != nil {
		t.Fatal("writers did not finish")
	}

	got := map[[2]int]int{}
	all, err := db.QueryContext(ctx, "SELECT w, seq FROM f")
	if err != nil {
		t.Fatal(err)
	}
	for all.Next() {
		var k [2]int
		if err := all.Scan(&k[0], &k[1]); err != nil {
			t.Fatal(err)
		}
		got[k]++
	}
	if err := all.Err(); err != nil {
		t.Fatal(err)
	}
	all.Close()
	acked, failed, failedKept := 0, 0, 0
	for w, o := range outcomes {
		for _, seq := range o.acked {
			acked++
			if n := got[[2]int{w, seq}]; n != 1 {
				t.Errorf("acknowledged INSERT (%d, %d) is there %d times, want once", w, seq, n)
			}
			delete(got, [2]int{w, seq})
		}
		for _, seq := range o.failed {
			failed++
			switch n := got[[2]int{w, seq}]; {
			case n > 1:
				t.Errorf("failed INSERT (%d, %d) is there %d times, want at most once", w, seq, n)
			case n == 1:
				failedKept++
			}
			delete(got, [2]int{w, seq})
		}
	}
	for k, n := range got {
		t.Errorf("row %v (%d times) was never inserted", k, n)
	}
	if failed == 0 {
		t.Log("no INSERT failed: all were in flight before the kill or after the restart")
	}
	t.Logf("%d INSERTs acknowledged, %d failed (%d of them applied nonetheless)", acked, failed, failedKept)
}
