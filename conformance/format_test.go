package conformance

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These tests need no server: the parser, the rewriter and the formatting
// must be right before any engine's answer can be judged by them.

const sample = `# a comment
statement ok
CREATE TABLE t (a INT)

skipif mariadb
statement error unknown column
SELECT nope
FROM t

query IT rowsort
SELECT a, b FROM t
----
2	x
1	y

# no result block yet
query R
SELECT c FROM t
`

func TestParse(t *testing.T) {
	f, err := Parse("x.test", sample)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Records) != 4 {
		t.Fatalf("got %d records", len(f.Records))
	}
	r := f.Records[1]
	if r.Kind != StatementError || r.Line != 6 || r.SQL != "SELECT nope\nFROM t" || !r.Pattern.MatchString(`sqlmongo: Unknown Column "nope"`) {
		t.Errorf("statement error record: %+v", r)
	}
	if r.RunsOn("mariadb") || !r.RunsOn("sqlmongo", "auto") {
		t.Error("skipif mariadb")
	}
	q := f.Records[2]
	if q.Kind != Query || q.Types != "IT" || q.Sort != RowSort || strings.Join(q.Expected, "|") != "2\tx|1\ty" {
		t.Errorf("query record: %+v", q)
	}
	if e := f.Records[3]; e.hasResult || e.Expected != nil {
		t.Errorf("query without ----: %+v", e)
	}
}

func TestParseErrno(t *testing.T) {
	f, err := Parse("x.test", "statement error 1264 Out of range value for column 'ti' at row 2\nINSERT INTO t VALUES (300)\n\nstatement error 1365\nSELECT 1\n")
	if err != nil {
		t.Fatal(err)
	}
	r := f.Records[0]
	if r.Errno != 1264 || patternText(r) != "Out of range value for column 'ti' at row 2" {
		t.Errorf("errno %d, pattern %q", r.Errno, patternText(r))
	}
	if r := f.Records[1]; r.Errno != 1365 || r.Pattern != nil {
		t.Errorf("errno %d, pattern %v", r.Errno, r.Pattern)
	}
}

func TestParseErrors(t *testing.T) {
	for _, text := range []string{
		"query IX\nSELECT 1\n",
		"query I bogus\nSELECT 1\n",
		"statement\nSELECT 1\n",
		"statement ok\n\n",
		"skipif mariadb\n\nstatement ok\nSELECT 1\n",
		"select 1\n",
	} {
		if _, err := Parse("x.test", text); err == nil {
			t.Errorf("no error for %q", text)
		}
	}
}

func TestRewrite(t *testing.T) {
	f, err := Parse("x.test", sample)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Rewrite(nil); got != sample {
		t.Errorf("rewrite without results changed the text:\n%s", got)
	}
	got := f.Rewrite(map[*Record][]string{
		f.Records[2]: {"1\ty", "2\tx", "3\tz"},
		f.Records[3]: {"1.500"},
	})
	want := strings.Replace(sample, "2\tx\n1\ty\n", "1\ty\n2\tx\n3\tz\n", 1) + "----\n1.500\n"
	if got != want {
		t.Errorf("rewrite:\n%s\nwant:\n%s", got, want)
	}
	// A rewritten file parses to the rows written.
	g, err := Parse("x.test", got)
	if err != nil || len(g.Records[3].Expected) != 1 {
		t.Fatalf("reparse: %v", err)
	}
}

func TestFormatValue(t *testing.T) {
	day := time.Date(2024, 1, 5, 10, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		letter byte
		dbType string
		v      any
		want   string
	}{
		{'I', "BIGINT", int64(-9223372036854775808), "-9223372036854775808"},
		{'I', "BOOL", true, "1"},
		{'I', "TINYINT", int64(0), "0"},
		{'I', "DECIMAL", []byte("2.00"), "2"},
		{'I', "DOUBLE", 2.5, "2.5"},
		{'I', "INT", nil, "NULL"},
		{'R', "DECIMAL", []byte("-50.25"), "-50.25"},
		{'R', "DECIMAL", "1234.5", "1234.5"},
		{'R', "DECIMAL", []byte("2.50"), "2.5"},
		{'R', "DECIMAL", "-0.00", "0"},
		{'R', "DECIMAL", "1.5E+3", "1500"},
		{'R', "DECIMAL", "0.0000000000000000000000000001", "1e-28"},
		{'R', "DOUBLE", 2.5, "2.5"},
		{'R', "DOUBLE", 1.2500000000000002, "1.2500000000000002"},
		{'R', "DOUBLE", tenth + 0.2, "0.30000000000000004"},
		{'R', "DOUBLE", 1e-7, "0.0000001"},
		{'R', "DOUBLE", 1e-8, "1e-8"},
		{'R', "DOUBLE", 1e20, "100000000000000000000"},
		{'R', "DOUBLE", 1.5e21, "1.5e+21"},
		{'R', "DOUBLE", -123456.75, "-123456.75"},
		{'R', "DOUBLE", math.Copysign(0, -1), "0"},
		{'R', "DOUBLE", math.Inf(-1), "-Inf"},
		{'R', "FLOAT", float32(0.1), "0.1"},
		{'R', "INT", int64(3), "3"},
		{'R', "INT", true, "1"},
		{'T', "VARCHAR", []byte(""), "(empty)"},
		{'T', "TEXT", "a\tb", `a\tb`},
		{'T', "VARCHAR", " x ", " x "},
		{'T', "DATE", day, "2024-01-05"},
		{'T', "DATETIME", day, "2024-01-05 10:30:00"},
		{'T', "DATE", []byte("2024-01-05"), "2024-01-05"},
		{'T', "DOUBLE", 0.1, "0.1"},
	} {
		if got := FormatValue(c.letter, c.dbType, c.v); got != c.want {
			t.Errorf("FormatValue(%c, %s, %#v) = %q, want %q", c.letter, c.dbType, c.v, got, c.want)
		}
	}
}

// tenth is a variable so that tenth + 0.2 is computed in float64, not as an
// exact constant.
var tenth = 0.1

// TestRealsExact: equal doubles print alike and different ones apart, and
// the text reads back as the same double; a DECIMAL prints like the double
// with the same decimal digits.
func TestRealsExact(t *testing.T) {
	vals := []float64{0, 1, -1, 0.1, 0.2, 0.3, tenth + 0.2, 1.25, 1.2500000000000002, 1.0 / 3, 2.0 / 3, math.Pi,
		1e-7, 1e-8, 123456789.125, 9007199254740993, 1e21, 1e300, 5e-324, math.MaxFloat64, -2.5e-12}
	seen := map[string]float64{}
	for _, f := range vals {
		got := FormatValue('R', "DOUBLE", f)
		if back, err := strconv.ParseFloat(got, 64); err != nil || back != f {
			t.Errorf("%v prints %q, which reads back as %v (%v)", f, got, back, err)
		}
		if g, ok := seen[got]; ok && g != f {
			t.Errorf("%v and %v both print %q", g, f, got)
		}
		seen[got] = f
		if dec := FormatValue('R', "DECIMAL", strconv.FormatFloat(f, 'f', -1, 64)); dec != got {
			t.Errorf("%v prints %q as a double, %q as a decimal", f, got, dec)
		}
	}
}

func TestSameRows(t *testing.T) {
	a := []string{"1\tx", "2\ty"}
	b := []string{"2\ty", "1\tx"}
	if SameRows(NoSort, a, b) || !SameRows(RowSort, a, b) || !SameRows(ValueSort, a, []string{"y\t1", "x\t2"}) {
		t.Error("sort modes")
	}
	if SameRows(RowSort, a, a[:1]) {
		t.Error("row counts")
	}
}

func TestSplitScript(t *testing.T) {
	got := SplitScript("-- head; comment\nCREATE TABLE t (a INT);\n\nINSERT INTO t (a, b) VALUES (1, 'x;y'), (2, 'it''s') ; # tail;\n/* block; */ DROP TABLE t")
	want := []Statement{
		{2, "CREATE TABLE t (a INT)"},
		{4, "INSERT INTO t (a, b) VALUES (1, 'x;y'), (2, 'it''s')"},
		{5, "DROP TABLE t"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestRowDiff(t *testing.T) {
	if got := rowDiff([]string{"a", "b", "b"}, []string{"b", "c", "a"}); got != "\nmissing:\n    b\nextra:\n    c" {
		t.Errorf("rowDiff = %q", got)
	}
	if got := rowDiff([]string{"a", "b"}, []string{"b", "a"}); got != ": the same rows in another order" {
		t.Errorf("rowDiff = %q", got)
	}
}
