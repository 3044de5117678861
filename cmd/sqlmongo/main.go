// Command sqlmongo runs SQL against MongoDB through the sqlmongo driver: an
// interactive shell when standard input is a terminal (shell.go), else the
// statements of -e, -f or a pipe, with results as aligned tables, CSV, TSV
// or JSON lines.
//
//	sqlmongo [flags] mongodb://host/db
//	sqlmongo --embedded --sample -e "SELECT * FROM customers"
//
// Its dependencies (the embedded server, the line editor) stay out of the
// driver package.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	_ "github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: sqlmongo [flags] mongodb://host/db
       sqlmongo --embedded [--sample] [flags]

With a terminal on standard input and no -e or -f: an interactive shell
(\? lists its commands). Otherwise runs the statements of -e, -f or standard
input (separated by ;) and prints their results. Exit status 1 on the first
error (--force continues), 2 on a usage error.

`

// options are the parsed command line.
type options struct {
	exec, file, format, pushdown, tx          string
	embedded, sample, force, timing, vertical bool
	uri, history                              string
}

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("sqlmongo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.exec, "e", "", "run these statements (separated by ;) and exit")
	fs.StringVar(&o.file, "f", "", "run the statements of this file and exit")
	fs.StringVar(&o.format, "format", "table", "output format: table, csv, tsv or json (JSON lines)")
	fs.StringVar(&o.pushdown, "pushdown", "", "sqlmongo.pushdown: auto, full or none")
	fs.StringVar(&o.tx, "tx", "", "sqlmongo.tx: auto, on or strict")
	fs.BoolVar(&o.embedded, "embedded", false, "start an embedded FerretDB and use a fresh database on it")
	fs.BoolVar(&o.sample, "sample", false, "with --embedded: load sample tables customers and orders")
	fs.BoolVar(&o.force, "force", false, "continue after an error (exit status still 1)")
	fs.BoolVar(&o.timing, "timing", false, "print each statement's elapsed time to stderr")
	fs.BoolVar(&o.vertical, "vertical", false, "table format: one line per column (as \\G ends a statement in the shell)")
	fs.StringVar(&o.history, "history", "", "the shell's history file (default $SQLMONGO_HISTORY, else ~/.sqlmongo_history)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch o.format {
	case "table", "csv", "tsv", "json":
	default:
		return nil, fmt.Errorf("--format %q: want table, csv, tsv or json", o.format)
	}
	switch o.pushdown {
	case "", "auto", "full", "none":
	default:
		return nil, fmt.Errorf("--pushdown %q: want auto, full or none", o.pushdown)
	}
	switch o.tx {
	case "", "auto", "on", "strict":
	default:
		return nil, fmt.Errorf("--tx %q: want auto, on or strict", o.tx)
	}
	if o.exec != "" && o.file != "" {
		return nil, fmt.Errorf("-e and -f: give one")
	}
	if o.sample && !o.embedded {
		return nil, fmt.Errorf("--sample needs --embedded")
	}
	switch {
	case o.embedded && fs.NArg() == 0:
	case !o.embedded && fs.NArg() == 1:
		o.uri = fs.Arg(0)
	default:
		fs.Usage()
		return nil, fmt.Errorf("want one mongodb:// URI, or --embedded without one")
	}
	return o, nil
}

// dsn adds the flags' driver options to uri's query.
func dsn(uri, pushdown, tx string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	q := u.Query()
	if pushdown != "" {
		q.Set("sqlmongo.pushdown", pushdown)
	}
	if tx != "" {
		q.Set("sqlmongo.tx", tx)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// isTerminal reports whether f is a terminal (a character device such as
// /dev/null is not). go-isatty is already in the module graph (FerretDB's).
func isTerminal(f io.Reader) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(file.Fd()) || isatty.IsCygwinTerminal(file.Fd())
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "sqlmongo:", err)
		return 2
	}
	var script string
	switch {
	case o.exec != "":
		script = o.exec
	case o.file != "":
		b, err := os.ReadFile(o.file)
		if err != nil {
			fmt.Fprintln(stderr, "sqlmongo:", err)
			return 1
		}
		script = string(b)
	case isTerminal(stdin):
		return interactive(o, stdin, stdout, stderr)
	default:
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintln(stderr, "sqlmongo:", err)
			return 1
		}
		script = string(b)
	}

	ctx := context.Background()
	sess, status := connect(ctx, o, stderr)
	if sess == nil {
		return status
	}
	defer sess.close()
	stmts, err := sqlparse.Split(script)
	if err != nil {
		fmt.Fprintln(stderr, "sqlmongo:", err)
		return 1
	}
	p := &printer{format: o.format, w: stdout, vertical: o.vertical}
	for i, s := range stmts {
		// Sent without its leading blank, so that the driver's line:column
		// counts from the statement's first word.
		s = strings.TrimSpace(s)
		start := time.Now()
		r, err := execute(ctx, sess.conn, s)
		if err == nil {
			err = p.print(r)
		}
		if o.timing {
			fmt.Fprintf(stderr, "(%.3f sec)\n", time.Since(start).Seconds())
		}
		if err != nil {
			// The driver's line:column counts within the statement.
			fmt.Fprintf(stderr, "ERROR in statement %d (starting on line %d of the input): %v\n", i+1, lineOf(script, stmts, i), err)
			status = 1
			if !o.force {
				return status
			}
		}
	}
	return status
}

// session is the one connection statements run on, and what ends it.
type session struct {
	db      *sql.DB
	conn    *sql.Conn
	profile string // EXPLAIN's profile line: the profile and the server
	close   func()
}

// connect opens the connection of o (starting the embedded server and
// loading the sample tables when asked) and prints the profile to stderr.
// On failure it says why and returns nil and the exit status.
func connect(ctx context.Context, o *options, stderr io.Writer) (*session, int) {
	var closers []func()
	s := &session{close: func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}}
	fail := func(status int, msg ...any) (*session, int) {
		fmt.Fprintln(stderr, msg...)
		s.close()
		return nil, status
	}
	uri := o.uri
	if o.embedded {
		srv, err := testserver.Start()
		if err != nil {
			return fail(1, "sqlmongo: embedded server:", err)
		}
		closers = append(closers, srv.Close)
		uri = srv.URI() + "shell" // a new server, so a fresh database
	}
	uri, err := dsn(uri, o.pushdown, o.tx)
	if err != nil {
		return fail(2, "sqlmongo:", err)
	}
	if s.db, err = sql.Open("mongodb", uri); err != nil {
		return fail(1, "sqlmongo:", err)
	}
	closers = append(closers, func() { s.db.Close() })
	if s.conn, err = s.db.Conn(ctx); err != nil {
		return fail(1, "sqlmongo:", err)
	}
	closers = append(closers, func() { s.conn.Close() })
	if s.profile, err = profile(ctx, s.conn); err != nil {
		return fail(1, "sqlmongo: connect:", err)
	}
	fmt.Fprintln(stderr, "sqlmongo: connected; profile", s.profile)
	if o.sample {
		for _, stmt := range mustSplit(sampleSQL) {
			if _, err := s.conn.ExecContext(ctx, stmt); err != nil {
				return fail(1, "sqlmongo: sample data:", err)
			}
		}
	}
	return s, 0
}

// lineOf returns the line of script where stmts[i] starts (statements are
// substrings of script, in order).
func lineOf(script string, stmts []string, i int) int {
	off := 0
	for j := 0; j <= i; j++ {
		k := strings.Index(script[off:], stmts[j])
		if k < 0 {
			return 0
		}
		if j < i {
			off += k + len(stmts[j])
		} else {
			off += k
		}
	}
	// Skip the statement's leading blank lines.
	lead := len(stmts[i]) - len(strings.TrimLeft(stmts[i], " \t\r\n"))
	return strings.Count(script[:off+lead], "\n") + 1
}

func mustSplit(s string) []string {
	out, err := sqlparse.Split(s)
	if err != nil {
		panic(err)
	}
	return out
}

// profile returns the pushdown profile and server EXPLAIN names.
func profile(ctx context.Context, conn *sql.Conn) (string, error) {
	rows, err := conn.QueryContext(ctx, "EXPLAIN SELECT 1")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	prof := "unknown"
	for rows.Next() {
		var op, detail string
		if err := rows.Scan(&op, &detail); err != nil {
			return "", err
		}
		if op == "profile" {
			prof = detail
		}
	}
	return prof, rows.Err()
}

// firstWord is a statement's first keyword in upper case, past comments
// and opening parentheses.
func firstWord(stmt string) string {
	s := strings.TrimLeft(stmt, " \t\r\n(")
	for strings.HasPrefix(s, "/*") || strings.HasPrefix(s, "--") || strings.HasPrefix(s, "#") {
		var end int
		if strings.HasPrefix(s, "/*") {
			end = strings.Index(s, "*/")
			if end < 0 {
				return ""
			}
			end += 2
		} else {
			end = strings.IndexByte(s, '\n')
			if end < 0 {
				return ""
			}
		}
		s = strings.TrimLeft(s[end:], " \t\r\n(")
	}
	word := s
	if i := strings.IndexAny(s, " \t\r\n(;"); i >= 0 {
		word = s[:i]
	}
	return strings.ToUpper(word)
}

// returnsRows tells a query from a write by its first keyword.
func returnsRows(stmt string) bool {
	switch firstWord(stmt) {
	case "SELECT", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "WITH", "VALUES", "TABLE":
		return true
	}
	return false
}

// result is what a statement returned: rows, or a count of rows written.
type result struct {
	query    bool
	cols     []string
	data     [][]any
	affected int64
}

// execute runs one statement and reads its whole result.
func execute(ctx context.Context, conn *sql.Conn, stmt string, args ...any) (*result, error) {
	if !returnsRows(stmt) {
		res, err := conn.ExecContext(ctx, stmt, args...)
		if err != nil {
			return nil, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			n = 0
		}
		return &result{affected: n}, nil
	}
	rows, err := conn.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	r := &result{query: true, cols: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			// A DECIMAL arrives as its text; it is a number all the same.
			if v != nil && strings.Contains(types[i].DatabaseTypeName(), "DECIMAL") {
				vals[i] = decimal(text(v))
			}
		}
		r.data = append(r.data, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return r, nil
}
