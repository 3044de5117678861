package driver_test

import (
	"database/sql"
	"fmt"
	"testing"

	_ "github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

func TestSmoke(t *testing.T) {
	uri, err := testserver.URI()
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"auto", "none"} {
		db, err := sql.Open("mongodb", uri+"smoke"+mode+"?sqlmongo.pushdown="+mode)
		if err != nil {
			t.Fatal(err)
		}
		mustExec := func(q string, args ...any) sql.Result {
			r, err := db.Exec(q, args...)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return r
		}
		mustExec("DROP TABLE IF EXISTS t")
		mustExec("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(20), n INT, d DATE)")
		r := mustExec("INSERT INTO t (name, n, d) VALUES ('a', 1, '2024-01-02'), ('b', NULL, NULL), ('c', 5, '2023-05-06')")
		id, _ := r.LastInsertId()
		ra, _ := r.RowsAffected()
		fmt.Println("insert", id, ra)
		for _, q := range []string{"SELECT * FROM t", "SELECT name FROM t WHERE n <> 5", "SELECT id, name FROM t ORDER BY n DESC LIMIT 2", "SELECT * FROM t WHERE d >= '2024-01-01'", "EXPLAIN SELECT name FROM t WHERE n <> 5 ORDER BY id LIMIT 1"} {
			rows, err := db.Query(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			cols, _ := rows.Columns()
			fmt.Println(mode, q, cols)
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				fmt.Printf("  %v\n", vals)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
		}
		r = mustExec("UPDATE t SET name = ? WHERE n IS NULL", "zz")
		ra, _ = r.RowsAffected()
		fmt.Println("update", ra)
		r = mustExec("DELETE FROM t WHERE NOT (n = 1)")
		ra, _ = r.RowsAffected()
		fmt.Println("delete", ra)
		var cnt int
		_ = cnt
		db.Close()
	}
}
