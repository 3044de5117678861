package conformance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlmongo/sqlmongo/driver"
)

// Execute runs a record's SQL on db. For a query it returns the rendered rows
// in canonical order; err is whatever the database (or a panic) said. With
// prepared, a query runs as a prepared statement: MariaDB then sends values
// in its binary protocol, doubles as their eight bytes, where its text
// protocol would round a double to the decimals of its column (PI() is
// "3.141593" there).
func Execute(ctx context.Context, db *sql.DB, r *Record, prepared bool) (rows []string, err error) {
	// A panicking driver fails one record, not the whole suite.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	switch {
	case r.Kind == Query:
		rs, err := query(ctx, db, r.SQL, prepared)
		if err != nil {
			return nil, err
		}
		defer rs.Close()
		rows, err := ReadRows(rs, r.Types)
		if err != nil {
			return nil, err
		}
		return Canonical(r.Sort, rows), nil
	case r.Kind == StatementError && isSelect(r.SQL):
		// Errors may surface only while rows are read.
		rs, err := db.QueryContext(ctx, r.SQL)
		if err != nil {
			return nil, err
		}
		defer rs.Close()
		for rs.Next() {
		}
		return nil, rs.Err()
	default:
		_, err := db.ExecContext(ctx, r.SQL)
		return nil, err
	}
}

func query(ctx context.Context, db *sql.DB, sql string, prepared bool) (*sql.Rows, error) {
	if !prepared {
		return db.QueryContext(ctx, sql)
	}
	st, err := db.PrepareContext(ctx, sql)
	if err != nil {
		return nil, err
	}
	// database/sql finishes closing the statement once its rows are closed.
	defer st.Close()
	return st.QueryContext(ctx)
}

func isSelect(sql string) bool {
	f := strings.Fields(sql)
	return len(f) > 0 && (strings.EqualFold(f[0], "SELECT") || strings.HasPrefix(f[0], "("))
}

// Check compares what Execute returned with the record. On the oracle only
// "it errors" is checked for statement error records: the patterns describe
// our driver's messages.
func Check(r *Record, got []string, err error, oracle bool) error {
	switch r.Kind {
	case StatementOK:
		if err != nil {
			return fmt.Errorf("statement failed: %v", err)
		}
	case StatementError:
		if err == nil {
			return fmt.Errorf("statement succeeded, want an error matching %q", patternText(r))
		}
		if !oracle && r.Pattern != nil && !r.Pattern.MatchString(err.Error()) {
			return fmt.Errorf("error %q does not match %q", err.Error(), patternText(r))
		}
		if n := errorNumber(err); r.Errno != 0 && n != r.Errno {
			return fmt.Errorf("error %q is MySQL error %d, want %d", err.Error(), n, r.Errno)
		}
		// MariaDB words some messages its own way, but it names the row.
		if want := atRow.FindString(patternText(r)); oracle && r.Errno != 0 && want != "" && !strings.Contains(err.Error(), want) {
			return fmt.Errorf("error %q does not say %q", err.Error(), want)
		}
	case Query:
		if err != nil {
			return fmt.Errorf("query failed: %v", err)
		}
		if !SameRows(r.Sort, r.Expected, got) {
			return fmt.Errorf("wrong result%s\nexpected:\n%s\ngot:\n%s", rowDiff(r.Expected, got), block(Canonical(r.Sort, r.Expected)), block(got))
		}
	}
	return nil
}

var atRow = regexp.MustCompile(`at row \d+$`)

// errorNumber is the MySQL error number of err, from MariaDB or from our
// driver; 0 when it has none.
func errorNumber(err error) int {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return int(me.Number)
	}
	var se *driver.Error
	if errors.As(err, &se) {
		return se.Number
	}
	return 0
}

func patternText(r *Record) string {
	if r.Pattern == nil {
		return ""
	}
	return strings.TrimPrefix(r.Pattern.String(), "(?i)")
}

// rowDiff says which rows are missing or extra, counting duplicates; for a
// long result that is what a reader looks for first.
func rowDiff(want, got []string) string {
	count := map[string]int{}
	for _, r := range want {
		count[r]++
	}
	for _, r := range got {
		count[r]--
	}
	var missing, extra []string
	for _, r := range Canonical(RowSort, want) {
		if count[r] > 0 {
			missing = append(missing, r)
			count[r]--
		}
	}
	for _, r := range Canonical(RowSort, got) {
		if count[r] < 0 {
			extra = append(extra, r)
			count[r]++
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return ": the same rows in another order"
	}
	var b strings.Builder
	if len(missing) > 0 {
		fmt.Fprintf(&b, "\nmissing:\n%s", block(missing))
	}
	if len(extra) > 0 {
		fmt.Fprintf(&b, "\nextra:\n%s", block(extra))
	}
	return b.String()
}

// block shows rows indented, capped so a runaway result stays readable.
func block(rows []string) string {
	const max = 40
	if len(rows) == 0 {
		return "    (no rows)"
	}
	var b strings.Builder
	for i, r := range rows {
		if i == max {
			fmt.Fprintf(&b, "    ... %d more rows\n", len(rows)-max)
			break
		}
		b.WriteString("    " + r + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
