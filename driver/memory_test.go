package driver_test

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
)

// TestMemoryLimit: in-process sorts, GROUP BY and DISTINCT stay within
// sqlmongo.memoryLimit and fail with a clear error over it, and a LIMIT
// above a sort keeps only the top rows (so the same sort then fits).
func TestMemoryLimit(t *testing.T) {
	dropDatabase(t, "drv_memory")
	db, err := sql.Open("mongodb", testDSN(t, "drv_memory", "sqlmongo.pushdown=none", "sqlmongo.memoryLimit=32KiB"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100))"); err != nil {
		t.Fatal(err)
	}
	var vals []string
	for i := 1; i <= 1000; i++ {
		vals = append(vals, fmt.Sprintf("(%d, '%s')", i, strings.Repeat("x", 60)+fmt.Sprint(i)))
	}
	if _, err := db.Exec("INSERT INTO big (id, pad) VALUES " + strings.Join(vals, ", ")); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"SELECT id, pad FROM big ORDER BY pad DESC",
		"SELECT pad, COUNT(*) FROM big GROUP BY pad",
		"SELECT DISTINCT pad FROM big",
		"SELECT COUNT(DISTINCT pad) FROM big",
		"SELECT COUNT(DISTINCT pad, id) FROM big",
		"SELECT SUM(DISTINCT id), AVG(DISTINCT id) FROM big WHERE pad <> ''",
	} {
		rows, err := db.Query(q)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		var se *driver.Error
		if !errors.As(err, &se) || se.Code != driver.CodeMemory || !strings.Contains(err.Error(), "sqlmongo.memoryLimit") {
			t.Errorf("%s: got %v, want a memory limit error naming sqlmongo.memoryLimit", q, err)
		}
	}
	// Top-N: the same sort under a LIMIT holds only about 2×N rows.
	var id int
	if err := db.QueryRow("SELECT id FROM big ORDER BY pad DESC LIMIT 1").Scan(&id); err != nil {
		t.Fatalf("top-N sort within the limit: %v", err)
	}
	if id != 999 { // "x…x999" sorts last among the ids' texts
		t.Errorf("top row id = %d, want 999", id)
	}
}
