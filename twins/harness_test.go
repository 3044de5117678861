// Package twins checks every function, operator and aggregate's two
// implementations against each other: the in-process evaluation
// (sqlmongo.pushdown=none) and the MQL translation run by a server with the
// full aggregation language (sqlmongo.pushdown=full), and both against
// MariaDB where it answers. The arguments are typed columns of scratch
// tables, so nothing is folded into a constant.
//
//	DOCDB_URI=mongodb://127.0.0.1:27018/ go test ./twins -v
//
// Without DOCDB_URI (or when that server does not answer) the test skips.
package twins

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/conformance"
	_ "github.com/sqlmongo/sqlmongo/driver"
)

// queryTimeout is generous: a slow machine must not fail the test.
const queryTimeout = 2 * time.Minute

// engines are the three answers compared for each query.
type engines struct {
	full, none, maria *sql.DB // maria is nil when MariaDB does not answer
}

// openEngines opens a scratch database on the DocumentDB server twice
// (full and none pushdown) and one on MariaDB; cleanup drops them.
func openEngines(t *testing.T) *engines {
	base := os.Getenv("DOCDB_URI")
	if base == "" {
		t.Skip("twins: DOCDB_URI unset (a server with the full aggregation language is needed)")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("DOCDB_URI: %v", err)
	}
	name := "twins_" + randomHex()
	dsn := func(mode string) string {
		m := *u
		m.Path = "/" + name
		q := m.Query()
		q.Set("sqlmongo.pushdown", mode)
		m.RawQuery = q.Encode()
		return m.String()
	}
	e := &engines{}
	if e.full, err = sql.Open("mongodb", dsn("full")); err != nil {
		t.Fatal(err)
	}
	if e.none, err = sql.Open("mongodb", dsn("none")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.full.PingContext(ctx); err != nil {
		t.Skipf("twins: %s does not answer: %v", base, err)
	}
	t.Cleanup(func() {
		e.full.Close()
		e.none.Close()
		// With the MongoDB driver itself, so cleanup does not depend on
		// the driver under test.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		plain := *u
		q := plain.Query()
		for k := range q {
			if strings.HasPrefix(k, "sqlmongo.") {
				q.Del(k)
			}
		}
		plain.RawQuery = q.Encode()
		if c, err := mongo.Connect(options.Client().ApplyURI(plain.String())); err == nil {
			c.Database(name).Drop(ctx)
			c.Disconnect(ctx)
		}
	})
	e.maria = openMaria(t, name)
	return e
}

// openMaria opens a fresh database on MariaDB set up as the conformance
// oracle (MySQL 8's defaults where MariaDB's differ); nil when it does not
// answer.
func openMaria(t *testing.T, name string) *sql.DB {
	cfg, err := conformance.OracleConfig()
	if err != nil {
		t.Fatalf("SQLMONGO_ORACLE_DSN: %v", err)
	}
	cfg.DBName = ""
	server, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if server.PingContext(ctx) != nil {
		fmt.Println("twins: MariaDB not reachable, MySQL's answers not compared")
		return nil
	}
	if _, err := server.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"); err != nil {
		t.Fatal(err)
	}
	cfg.DBName = name
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec("DROP DATABASE " + name)
		db.Close()
	})
	return db
}

func randomHex() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// value is a result cell in a form compared exactly: the kind (N NULL,
// I integer, F double, D decimal, S string, T date/time, E error) and its
// text — a double's shortest round-trip digits (so equal text is equal
// bits; -0 is 0, as MySQL has no negative zero), a decimal's digits as the
// driver returns them, a string's bytes.
type value struct {
	kind byte
	text string
	msg  string // an error's message, shown but not compared
}

func (v value) String() string {
	switch v.kind {
	case 'N':
		return "NULL"
	case 'S':
		return strconv.Quote(v.text)
	case 'E':
		return "error(" + v.msg + ")"
	}
	return string(v.kind) + ":" + v.text
}

// cell converts what database/sql returned for a column of dbType.
func cell(v any, dbType string) value {
	switch x := v.(type) {
	case nil:
		return value{kind: 'N'}
	case int64:
		return value{kind: 'I', text: strconv.FormatInt(x, 10)}
	case float64:
		return value{kind: 'F', text: floatText(x)}
	case float32:
		return value{kind: 'F', text: floatText(float64(x))}
	case time.Time:
		if dbType == "DATE" {
			return value{kind: 'T', text: x.Format("2006-01-02")}
		}
		return value{kind: 'T', text: timeText(x.Format("2006-01-02 15:04:05.000000"))}
	case []byte:
		return cell(string(x), dbType)
	case string:
		switch dbType {
		case "DECIMAL":
			return value{kind: 'D', text: x}
		case "DOUBLE", "FLOAT":
			if f, err := strconv.ParseFloat(x, 64); err == nil {
				return value{kind: 'F', text: floatText(f)}
			}
		case "BIGINT", "INT", "TINYINT", "SMALLINT", "MEDIUMINT", "BOOL", "BOOLEAN":
			return value{kind: 'I', text: x}
		case "UNSIGNED BIGINT", "BIGINT UNSIGNED":
			return value{kind: 'I', text: x}
		case "DATE", "DATETIME", "TIMESTAMP":
			return value{kind: 'T', text: timeText(x)}
		}
		return value{kind: 'S', text: x}
	}
	return value{kind: 'S', text: fmt.Sprint(v)}
}

// timeText drops a fraction's trailing zeros: MySQL prints as many digits
// as the type's scale, a time.Time has none.
func timeText(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func floatText(f float64) string {
	if f == 0 {
		f = 0 // -0 is 0
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// result is one engine's answer to a query: rows of cells, or an error.
type result struct {
	rows [][]value
	err  error
}

// run executes q with args and reads every row.
func run(db *sql.DB, q string, args ...any) result {
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	rs, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return result{err: err}
	}
	defer rs.Close()
	cols, err := rs.ColumnTypes()
	if err != nil {
		return result{err: err}
	}
	var out [][]value
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return result{err: err}
		}
		row := make([]value, len(cols))
		for i, v := range vals {
			row[i] = cell(v, cols[i].DatabaseTypeName())
		}
		out = append(out, row)
	}
	if err := rs.Err(); err != nil {
		return result{err: err}
	}
	return result{rows: out}
}

// sameTwin is the exact comparison of the two sqlmongo paths.
func sameTwin(a, b value) bool { return a.kind == b.kind && a.text == b.text }

// sameMySQL compares our value with MariaDB's: exact, except that numbers
// of the exact kinds (integer, decimal) compare by value, since MySQL
// often types as DECIMAL what we return as BIGINT (and the other way).
// A decimal that differs only in trailing zeros is reported apart (see
// scaleOnly).
func sameMySQL(ours, theirs value) bool {
	if sameTwin(ours, theirs) {
		return true
	}
	if exact(ours.kind) && exact(theirs.kind) {
		x, ok1 := new(big.Rat).SetString(ours.text)
		y, ok2 := new(big.Rat).SetString(theirs.text)
		return ok1 && ok2 && x.Cmp(y) == 0
	}
	if ours.kind == 'F' && exact(theirs.kind) || theirs.kind == 'F' && exact(ours.kind) {
		// One side typed DOUBLE, the other exact: equal only when the
		// exact one is the double's value.
		f, g := ours, theirs
		if g.kind == 'F' {
			f, g = g, f
		}
		x, err := strconv.ParseFloat(f.text, 64)
		y, ok := new(big.Rat).SetString(g.text)
		return err == nil && ok && !math.IsInf(x, 0) && new(big.Rat).SetFloat64(x).Cmp(y) == 0
	}
	return false
}

func exact(k byte) bool { return k == 'I' || k == 'D' }

// scaleOnly reports decimals equal in value but printed with other
// trailing digits ("2.5" and "2.5000").
func scaleOnly(ours, theirs value) bool {
	return ours.kind == 'D' && theirs.kind == 'D' && ours.text != theirs.text && sameMySQL(ours, theirs)
}

// explainFull tells whether q is one pipeline under full ("" and true), or
// why it runs in-process (EXPLAIN's last line, false).
func explainFull(db *sql.DB, q string, args ...any) (pushed bool, reason string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	rs, err := db.QueryContext(ctx, "EXPLAIN "+q, args...)
	if err != nil {
		return false, "", err
	}
	defer rs.Close()
	var lines []string
	for rs.Next() {
		var op, detail string
		if err := rs.Scan(&op, &detail); err != nil {
			return false, "", err
		}
		if op == "profile" {
			continue // names the pushdown profile, not an operator
		}
		lines = append(lines, strings.TrimSpace(op+" "+detail))
	}
	if err := rs.Err(); err != nil {
		return false, "", err
	}
	if len(lines) == 1 && strings.HasPrefix(lines[0], "mongo ") {
		return true, "", nil
	}
	if len(lines) > 0 && strings.HasPrefix(lines[len(lines)-1], "in-process because ") {
		return false, strings.TrimPrefix(lines[len(lines)-1], "in-process because "), nil
	}
	return false, "", fmt.Errorf("not one pipeline and no reason given:\n  %s", strings.Join(lines, "\n  "))
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// digits34 rounds a decimal with more than 34 significant digits to 34,
// half to even, as decimal128 (what sqlmongo stores and computes DECIMAL
// in) does; other values are returned as they are.
func digits34(v value) value {
	if v.kind != 'D' {
		return v
	}
	r, ok := new(big.Rat).SetString(v.text)
	if !ok || r.Sign() == 0 {
		return v
	}
	intDigits := len(new(big.Int).Quo(new(big.Int).Abs(r.Num()), r.Denom()).String())
	if intDigits == 1 && new(big.Int).Quo(new(big.Int).Abs(r.Num()), r.Denom()).Sign() == 0 {
		intDigits = 0
	}
	frac := 0
	if i := strings.IndexByte(v.text, '.'); i >= 0 {
		frac = len(v.text) - i - 1
	}
	if intDigits+frac <= 34 {
		return v
	}
	scale := 34 - intDigits
	// Scale up, round half to even, scale back.
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(scale))), nil)
	x := new(big.Rat).Set(r)
	if scale >= 0 {
		x.Mul(x, new(big.Rat).SetInt(p))
	} else {
		x.Quo(x, new(big.Rat).SetInt(p))
	}
	q, m := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	twice := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2))
	if c := twice.Cmp(x.Denom()); c > 0 || c == 0 && q.Bit(0) == 1 {
		q.Add(q, big.NewInt(int64(x.Num().Sign())))
	}
	out := new(big.Rat).SetInt(q)
	if scale >= 0 {
		out.Quo(out, new(big.Rat).SetInt(p))
		return value{kind: 'D', text: out.FloatString(scale)}
	}
	out.Mul(out, new(big.Rat).SetInt(p))
	return value{kind: 'D', text: out.FloatString(0)}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
