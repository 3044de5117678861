package driver_test

import (
	"database/sql"
	"sync"
	"testing"
)

// TestConcurrentWorkload: 32 goroutines mix AUTO_INCREMENT inserts, reads
// of their own rows, a shared counter bumped with n = n + 1, and deletes.
// Afterwards the state is exact: every insert got a distinct id that reads
// back as its own row, the counter saw every increment (none lost), and
// the table holds exactly the rows not deleted.
func TestConcurrentWorkload(t *testing.T) {
	eachMode(t, "drv_concurrent", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE c (id INT AUTO_INCREMENT PRIMARY KEY, worker INT NOT NULL, note VARCHAR(20))")
		mustExec(t, db, "CREATE TABLE k (id INT PRIMARY KEY, n INT NOT NULL)")
		mustExec(t, db, "INSERT INTO k VALUES (1, 0)")
		const workers, rounds = 32, 5
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			ids     = map[int64]int{}
			deleted int
		)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					res, err := db.Exec("INSERT INTO c (worker, note) VALUES (?, 'x')", w)
					if err != nil {
						t.Errorf("worker %d: insert: %v", w, err)
						return
					}
					id, err := res.LastInsertId()
					if err != nil || id <= 0 {
						t.Errorf("worker %d: LastInsertId = %d, %v", w, id, err)
						return
					}
					var owner int
					if err := db.QueryRow("SELECT worker FROM c WHERE id = ?", id).Scan(&owner); err != nil || owner != w {
						t.Errorf("worker %d: row %d reads as worker %d, %v", w, id, owner, err)
					}
					if _, err := db.Exec("UPDATE k SET n = n + 1 WHERE id = 1"); err != nil {
						t.Errorf("worker %d: increment: %v", w, err)
					}
					mu.Lock()
					if prev, dup := ids[id]; dup {
						t.Errorf("id %d given to workers %d and %d", id, prev, w)
					}
					ids[id] = w
					mu.Unlock()
					if r%2 == 1 {
						res, err := db.Exec("DELETE FROM c WHERE id = ?", id)
						if n, _ := res.RowsAffected(); err != nil || n != 1 {
							t.Errorf("worker %d: delete %d: %d rows, %v", w, id, n, err)
						}
						mu.Lock()
						deleted++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		var n, rows int
		if err := db.QueryRow("SELECT n FROM k WHERE id = 1").Scan(&n); err != nil || n != workers*rounds {
			t.Errorf("counter = %d, %v; want %d (an increment was lost)", n, err, workers*rounds)
		}
		if err := db.QueryRow("SELECT COUNT(*) FROM c").Scan(&rows); err != nil || rows != len(ids)-deleted {
			t.Errorf("%d rows, %v; want %d inserted - %d deleted", rows, err, len(ids), deleted)
		}
	})
}
