package driver_test

import (
	"database/sql"
	"testing"
)

// TestUpsert: RowsAffected and LastInsertId of each INSERT form tools send,
// as MySQL (here MariaDB, which the values were taken from) reports them:
// 1 per inserted row, 2 per updated row, 0 for a row an ON DUPLICATE KEY
// UPDATE leaves unchanged or INSERT IGNORE skips, REPLACE 1 + the rows it
// deleted; LastInsertId the first generated id, or the id of the row an
// ON DUPLICATE KEY UPDATE changed.
func TestUpsert(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_upsert", func(t *testing.T, db *sql.DB) {
		db.SetMaxOpenConns(1)
		mustExec(t, db, "CREATE TABLE u (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(20) UNIQUE, name VARCHAR(20), hits INT NOT NULL DEFAULT 0)")
		check := func(query string, rows int64, id int64, args ...any) {
			t.Helper()
			res := mustExec(t, db, query, args...)
			n, err := res.RowsAffected()
			if err != nil || n != rows {
				t.Errorf("%s: RowsAffected %d, %v; want %d", query, n, err, rows)
			}
			if id < 0 {
				return
			}
			got, err := res.LastInsertId()
			if err != nil || got != id {
				t.Errorf("%s: LastInsertId %d, %v; want %d", query, got, err, id)
			}
		}
		check("INSERT INTO u (id, email, name) VALUES (DEFAULT, 'a@x', 'A')", 1, 1)
		check("INSERT INTO u () VALUES ()", 1, 2)
		check("INSERT INTO u (email, name) VALUES ('a@x', 'A2') ON DUPLICATE KEY UPDATE name = VALUES(name), hits = hits + 1", 2, 1)
		check("INSERT INTO u (email, name) VALUES ('a@x', 'A2') ON DUPLICATE KEY UPDATE name = VALUES(name)", 0, 0)
		check("INSERT INTO u (id, email, name) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email)", 2, 2, 2, "b@x", "B")
		check("INSERT INTO u (email, name) VALUES ('a@x', 'A4') AS new ON DUPLICATE KEY UPDATE name = new.name", 2, 1)
		// a generated id is taken for every row, as InnoDB takes them:
		// the ids after an upsert are not asserted.
		check("INSERT INTO u (email, name) VALUES ('c@x', 'C'), ('a@x', 'A3'), ('d@x', 'D') ON DUPLICATE KEY UPDATE name = VALUES(name)", 4, -1)
		check("INSERT IGNORE INTO u (email, name) VALUES ('a@x', 'Z'), ('e@x', 'E')", 1, -1)
		check("INSERT IGNORE INTO u (email, name) VALUES ('a@x', 'Z')", 0, 0)
		check("REPLACE INTO u (id, email, name) VALUES (1, 'a@x', 'R')", 2, -1)
		check("REPLACE INTO u (id, email, name) VALUES (100, 'b@x', 'R2')", 2, -1)
		check("REPLACE INTO u (id, email, name) VALUES (1, 'c@x', 'R3')", 3, -1)
		check("REPLACE INTO u (email, name) VALUES ('new@x', 'N')", 1, 101)
		check("INSERT INTO u (email, name) SELECT CONCAT('s', email), name FROM u WHERE id < 5", 1, 102)
		check("INSERT INTO u (email, name) SELECT email, name FROM u WHERE id = -1", 0, 0)
		check("UPDATE u SET hits = DEFAULT", 0, 0)
		check("UPDATE u AS x SET x.hits = 5 WHERE x.id = 1", 1, 0)
		check("UPDATE u SET hits = 3, hits = 4 WHERE id = 1", 1, 0)
		check("DELETE FROM u AS x WHERE x.id = 102", 1, 0)
		var hits int
		var name string
		if err := db.QueryRow("SELECT name, hits FROM u WHERE id = 1").Scan(&name, &hits); err != nil || name != "R3" || hits != 4 {
			t.Errorf("row 1: %q %d %v; want R3 4", name, hits, err)
		}
		if n := count(t, db, "u"); n != 5 {
			t.Errorf("%d rows; want 5", n)
		}
	})
}
