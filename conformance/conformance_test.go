package conformance

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	_ "github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

var update = flag.Bool("update", false, "rewrite the expected rows in testdata/*.test from MariaDB")

// TestOracle runs the corpus on MariaDB. With -update it rewrites the result
// blocks from MariaDB's answers; otherwise it fails where MariaDB disagrees
// with the checked-in expectations. It comes first in this file so that a
// -update run checks the driver against the new expectations.
func TestOracle(t *testing.T) {
	db, release, err := openOracle()
	if err != nil {
		t.Fatalf("MariaDB: %v", err)
	}
	if db == nil {
		if *update {
			t.Fatal("MariaDB not reachable: -update needs it")
		}
		fmt.Println("conformance: MariaDB not reachable, oracle re-check skipped")
		t.Skip("MariaDB not reachable")
	}
	defer release()
	defer db.Close()
	tg := &target{name: "mariadb", labels: []string{"mariadb"}, db: db, oracle: true}
	loadDatasets(t, tg)
	var tl tally
	for _, f := range testFiles(t) {
		var results map[*Record][]string
		if *update {
			results = map[*Record][]string{}
		}
		tl.add(runFile(t, tg, f, results))
		if *update && len(results) > 0 {
			text := f.Rewrite(results)
			if text != strings.Join(f.Lines, "\n") {
				if err := os.WriteFile(f.Path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	fmt.Printf("conformance[mariadb]: %d passed, %d failed\n", tl.passed, tl.failed)
}

// TestConformance runs the corpus through the driver in each pushdown mode,
// each in a fresh database loaded with the datasets. The modes run in
// parallel; once all are done, their lines are printed in mode order, then
// the total.
func TestConformance(t *testing.T) {
	if !slices.Contains(sql.Drivers(), "mongodb") {
		t.Fatal(`driver "mongodb" is not registered`)
	}
	base, err := testserver.URI()
	if err != nil {
		t.Fatalf("MongoDB server: %v", err)
	}
	modes, err := driverModes(base)
	if err != nil {
		t.Fatal(err)
	}
	files := testFiles(t)
	// Each mode writes only its own tally; the cleanup runs after all of
	// the parallel subtests have ended.
	tallies := make([]tally, len(modes))
	t.Cleanup(func() {
		var total tally
		for i, m := range modes {
			fmt.Printf("conformance[%s]: %d passed, %d failed\n", m.name, tallies[i].passed, tallies[i].failed)
			total.add(tallies[i])
		}
		fmt.Printf("conformance: %d passed, %d failed\n", total.passed, total.failed)
	})
	for i, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			db, err := sql.Open("mongodb", m.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			defer func() {
				if err := dropDatabase(base, m.db); err != nil {
					t.Logf("dropping %s: %v", m.db, err)
				}
			}()
			tg := &target{name: m.name, labels: []string{"sqlmongo", m.name, engineLabel(t, db)}, db: db}
			loadDatasets(t, tg)
			loadDocuments(t, base, m.db, recordTimeout())
			for _, f := range files {
				tallies[i].add(runFile(t, tg, f, nil))
			}
		})
	}
}

// engineLabel names the server behind db for skipif/onlyif ("mongodb",
// "ferretdb1", "documentdb"), from the server EXPLAIN's last row names. A
// record skips an engine only where README documents a difference.
func engineLabel(t *testing.T, db *sql.DB) string {
	rows, err := db.Query("EXPLAIN SELECT 1")
	if err != nil {
		t.Fatalf("EXPLAIN: %v", err)
	}
	defer rows.Close()
	var op, detail string
	for rows.Next() {
		if err := rows.Scan(&op, &detail); err != nil {
			t.Fatal(err)
		}
	}
	switch {
	case strings.Contains(detail, "on DocumentDB"):
		return "documentdb"
	case strings.Contains(detail, "FerretDB v1"):
		return "ferretdb1"
	}
	return "mongodb"
}
