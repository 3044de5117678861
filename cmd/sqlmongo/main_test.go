package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// sqlmongo runs the command with args and stdin; it returns the exit
// status, stdout and stderr.
func sqlmongo(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

const goldenScript = `SELECT * FROM customers ORDER BY id;
SELECT id, product, qty, total, placed FROM orders WHERE total IS NULL OR qty > 3 ORDER BY id;
SELECT status, COUNT(*) AS n, SUM(total) AS sum FROM orders GROUP BY status ORDER BY status;
SELECT 'tab	and
newline' AS s, '' AS empty, NULL AS null_value, -1.5 AS num;
UPDATE orders SET qty = qty + 1 WHERE status = 'paid'`

func TestFormatsGolden(t *testing.T) {
	for _, format := range []string{"table", "csv", "tsv", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errOut := sqlmongo(t, "", "--embedded", "--sample", "--format", format, "-e", goldenScript)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			if !strings.Contains(errOut, "profile ferretdb") {
				t.Errorf("stderr does not name the profile:\n%s", errOut)
			}
			golden := filepath.Join("testdata", format+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/sqlmongo -update)", err)
			}
			if out != string(want) {
				t.Errorf("--format %s: got\n%s\nwant\n%s", format, out, want)
			}
		})
	}
}

func TestSeveralStatements(t *testing.T) {
	code, out, errOut := sqlmongo(t, "", "--embedded", "-e",
		"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t VALUES (1, 'a'), (2, NULL); SELECT v FROM t ORDER BY id")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"Query OK, 0 rows affected", "Query OK, 2 rows affected", "| a    |", "| NULL |", "2 rows in set"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestErrorStopsOrForce(t *testing.T) {
	script := "SELECT 1 AS one;\n\nSELECT nmae\n  FROM customers;\nSELECT 2 AS two"
	code, out, errOut := sqlmongo(t, "", "--embedded", "--sample", "-e", script)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "| one |") || strings.Contains(out, "two") {
		t.Errorf("without --force the statements before the error run and the ones after do not:\n%s", out)
	}
	want := `ERROR in statement 2 (starting on line 3 of the input): sqlmongo: unknown column "nmae"`
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}

	code, out, errOut = sqlmongo(t, "", "--embedded", "--force", "-e", "SELEC 1; SELECT 2 AS two")
	if code != 1 {
		t.Errorf("--force: exit %d, want 1", code)
	}
	if !strings.Contains(out, "| two |") {
		t.Errorf("--force did not continue:\n%s", out)
	}
	if !strings.Contains(errOut, "syntax error") || !strings.Contains(errOut, "at 1:1") {
		t.Errorf("stderr lacks the syntax error and its position:\n%s", errOut)
	}
}

func TestStdinAndFile(t *testing.T) {
	code, out, errOut := sqlmongo(t, "SELECT 40 + 2 AS answer;\n", "--embedded", "--format", "json")
	if code != 0 || out != "{\"answer\":42}\n" {
		t.Errorf("stdin: exit %d, out %q, stderr:\n%s", code, out, errOut)
	}
	f := filepath.Join(t.TempDir(), "q.sql")
	if err := os.WriteFile(f, []byte("SELECT 'x' AS s; SELECT NULL AS n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = sqlmongo(t, "", "--embedded", "--format", "tsv", "-f", f)
	if code != 0 || out != "s\nx\nn\nNULL\n" {
		t.Errorf("-f: exit %d, out %q, stderr:\n%s", code, out, errOut)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--format", "xml", "--embedded"},
		{"--pushdown", "most", "--embedded"},
		{"--sample", "mongodb://localhost/db"},
	} {
		if code, _, _ := sqlmongo(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestDSN(t *testing.T) {
	got, err := dsn("mongodb://h:1/db?replicaSet=rs0", "none", "strict")
	if err != nil {
		t.Fatal(err)
	}
	want := "mongodb://h:1/db?replicaSet=rs0&sqlmongo.pushdown=none&sqlmongo.tx=strict"
	if got != want {
		t.Errorf("dsn: got %q, want %q", got, want)
	}
	code, _, errOut := sqlmongo(t, "", "--embedded", "--pushdown", "none", "-e", "SELECT 1")
	if code != 0 || !strings.Contains(errOut, "sqlmongo.pushdown=none") {
		t.Errorf("--pushdown none: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestReturnsRows(t *testing.T) {
	for stmt, want := range map[string]bool{
		"SELECT 1":                      true,
		"  select 1":                    true,
		"/* hint */ SHOW TABLES":        true,
		"-- note\nEXPLAIN SELECT 1":     true,
		"DESCRIBE t":                    true,
		"WITH a AS (SELECT 1) SELECT 1": true,
		"INSERT INTO t VALUES (1)":      false,
		"UPDATE t SET a = 1":            false,
		"SET @x = 1":                    false,
		"USE shop":                      false,
		"CREATE TABLE t (id INT)":       false,
		"/* unterminated":               false,
		"SELECTED":                      false,
	} {
		if got := returnsRows(stmt); got != want {
			t.Errorf("returnsRows(%q) = %v, want %v", stmt, got, want)
		}
	}
}

func TestSessionCarriesOver(t *testing.T) {
	code, out, errOut := sqlmongo(t, "", "--embedded", "--format", "tsv", "-e", "SET @x = 41; SELECT @x + 1 AS v")
	if code != 0 || out != "v\n42\n" {
		t.Errorf("exit %d, out %q, stderr:\n%s", code, out, errOut)
	}
}

func TestStdinDevNull(t *testing.T) {
	// /dev/null is a character device but no terminal: an empty script.
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var out, errOut bytes.Buffer
	if code := run([]string{"--embedded"}, f, &out, &errOut); code != 0 || out.Len() != 0 {
		t.Errorf("exit %d, out %q, stderr:\n%s", code, out.String(), errOut.String())
	}
}
