package driver_test

import (
	"database/sql"
	"fmt"
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

// TestUpsertByKey: the same counts on a table keyed by its primary key
// alone, which the full language writes as one bulk of upserts by _id.
func TestUpsertByKey(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_upsertpk", func(t *testing.T, db *sql.DB) {
		db.SetMaxOpenConns(1)
		mustExec(t, db, "CREATE TABLE p (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), n INT)")
		check := func(query string, rows int64) {
			t.Helper()
			res := mustExec(t, db, query)
			if n, err := res.RowsAffected(); err != nil || n != rows {
				t.Errorf("%s: RowsAffected %d, %v; want %d", query, n, err, rows)
			}
		}
		check("INSERT INTO p VALUES (1, 'a', 1), (2, 'b', 2)", 2)
		check("REPLACE INTO p VALUES (1, 'a', 1)", 1)
		check("REPLACE INTO p VALUES (2, 'x', 1), (3, 'c', 3)", 3)
		check("INSERT IGNORE INTO p VALUES (1, 'z', 0), (4, 'd', 4)", 1)
		check("INSERT INTO p (id, name) VALUES (2, 'B') ON DUPLICATE KEY UPDATE name = VALUES(name)", 2)
		check("INSERT INTO p (id, name) VALUES (2, 'B') ON DUPLICATE KEY UPDATE name = VALUES(name)", 0)
		check("INSERT INTO p (id, name) VALUES (2, 'C'), (7, 'g') ON DUPLICATE KEY UPDATE name = VALUES(name)", 3)
		check("INSERT INTO p (id, name) VALUES (8, 'h') ON DUPLICATE KEY UPDATE name = VALUES(name)", 1)
		up := mustExec(t, db, "INSERT INTO p (id, name, n) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE n = ?", 4, "ignored", 0, 40)
		if n, err := up.RowsAffected(); err != nil || n != 2 {
			t.Errorf("upsert with parameters: RowsAffected %d, %v; want 2", n, err)
		}
		res := mustExec(t, db, "INSERT INTO p (name) VALUES ('auto')")
		if id, err := res.LastInsertId(); err != nil || id != 9 {
			t.Errorf("next id %d, %v; want 9", id, err)
		}
		var got string
		rows, err := db.Query("SELECT id, name, n FROM p ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var name string
			var n sql.NullInt64
			if err := rows.Scan(&id, &name, &n); err != nil {
				t.Fatal(err)
			}
			got += fmt.Sprintf("%d %s %v;", id, name, n)
		}
		want := "1 a {1 true};2 C {1 true};3 c {3 true};4 d {40 true};7 g {0 false};8 h {0 false};9 auto {0 false};"
		if got != want {
			t.Errorf("rows %s\nwant %s", got, want)
		}
	})
}
