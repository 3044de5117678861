package driver_test

import (
	"database/sql"
	"strings"
	"testing"
)

// TestExplain: EXPLAIN describes a query's plan, and EXPLAIN of a write
// describes the write without running it.
func TestExplain(t *testing.T) {
	dropDatabase(t, "drv_explain")
	db, err := sql.Open("mongodb", testDSN(t, "drv_explain"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE ex (id INT PRIMARY KEY, n INT)",
		"INSERT INTO ex (id, n) VALUES (1, 10), (2, 20)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	explain := func(q string) string {
		t.Helper()
		return explainText(t, db, q)
	}
	if got := explain("SELECT n FROM ex WHERE id = 1"); !strings.Contains(got, `mongo find ex {"filter":{"_id":{"$eq":1}},"limit":1`) {
		t.Errorf("EXPLAIN SELECT:\n%s", got)
	}
	// The last row names the profile; with the DSN's pushdown option it
	// says so, under auto it names the detected server too.
	got := explain("SELECT n FROM ex")
	last := got[strings.LastIndex(got, "\n")+1:]
	if !strings.HasPrefix(last, "profile ") || !(strings.Contains(last, "(sqlmongo.pushdown=") || strings.Contains(last, "(auto: ")) {
		t.Errorf("EXPLAIN's last row %q does not name the profile", last)
	}
	for _, w := range []string{"UPDATE ex SET n = 0", "DELETE FROM ex", "INSERT INTO ex (id, n) VALUES (3, 30)"} {
		if got := explain(w); !strings.HasPrefix(got, strings.ToLower(strings.Fields(w)[0])) {
			t.Errorf("EXPLAIN %s:\n%s", w, got)
		}
	}
	var count, sum int
	if err := db.QueryRow("SELECT COUNT(*), SUM(n) FROM ex").Scan(&count, &sum); err != nil {
		t.Fatal(err)
	}
	if count != 2 || sum != 30 {
		t.Errorf("after EXPLAIN of writes: %d rows, sum %d; want 2 rows, sum 30 (nothing written)", count, sum)
	}
}
