package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

const help = `Statements end with ; and may span lines; \G at the end of a line ends one
and shows its rows vertically, \c drops the statement being typed.

  \dt            list the tables (rows estimated; catalogued or sampled)
  \d TABLE       columns, types, nullability, keys and indexes of TABLE
  \x             toggle vertical output (one line per column)
  \timing        toggle a "Time: N ms" line after each statement
  \explain SQL   show SQL's plan (as EXPLAIN SQL does): the MongoDB query
                 pushed to the server as indented JSON, the rest marked
                 in-process
  \i FILE        run the statements of FILE (also: source FILE)
  \q             quit (also: quit, exit, Ctrl-D on an empty line)
  \? or help     this help

Ctrl-C cancels the running statement, or drops the line being typed. Up and
down recall earlier statements, Ctrl-R searches them, Tab completes keywords,
table and column names. Results taller than the terminal go through $PAGER
(default less -FRX).
`

// meta is a parsed meta-command: its name and argument.
type meta struct{ name, arg string }

// metaCommand recognizes a meta-command line: a backslash command, or
// help, quit, exit, source (a trailing ; is allowed, as in mysql).
func metaCommand(line string) (meta, bool) {
	t := strings.TrimSpace(line)
	t = strings.TrimSpace(strings.TrimSuffix(t, ";"))
	name, arg, _ := strings.Cut(t, " ")
	arg = strings.TrimSpace(arg)
	if strings.HasPrefix(name, `\`) {
		return meta{name, arg}, true
	}
	switch strings.ToLower(name) {
	case "help", "quit", "exit":
		if arg == "" {
			return meta{strings.ToLower(name), ""}, true
		}
	case "source":
		if arg != "" {
			return meta{`\i`, arg}, true
		}
	}
	return meta{}, false
}

// meta runs a meta-command; it returns true to quit.
func (s *shell) meta(m meta) bool {
	switch m.name {
	case `\q`, `\quit`, "quit", "exit":
		return true
	case `\?`, `\h`, "help":
		fmt.Fprint(s.out, help)
	case `\x`:
		s.vertical = !s.vertical
		fmt.Fprintf(s.out, "Vertical output is %s.\n", onOff(s.vertical))
	case `\timing`:
		s.timing = !s.timing
		fmt.Fprintf(s.out, "Timing is %s.\n", onOff(s.timing))
	case `\dt`, `\d`:
		ctx, done := s.cancellable()
		start := time.Now()
		var out []byte
		var err error
		if m.arg == "" {
			out, err = s.tables(ctx)
		} else {
			out, err = s.describe(ctx, unquoteName(m.arg))
		}
		if cancelled := done(); err != nil {
			s.failed(cancelled, err, time.Since(start))
			return false
		}
		s.show(out)
	case `\explain`:
		if m.arg == "" {
			fmt.Fprintln(s.errOut, `usage: \explain SELECT …`)
		} else {
			s.statement("EXPLAIN "+m.arg, false)
		}
	case `\i`, `\.`:
		if m.arg == "" {
			fmt.Fprintln(s.errOut, `usage: \i FILE`)
		} else {
			s.runFile(m.arg)
		}
	case `\c`:
		s.lines, s.open = nil, "" // mysql's \c: drop the statement being typed
	default:
		fmt.Fprintf(s.errOut, "Unknown command %s; \\? lists the commands.\n", m.name)
	}
	return false
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// unquoteName drops the backquotes or double quotes around a table name.
func unquoteName(s string) string {
	if len(s) >= 2 && (s[0] == '`' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// sampledTables are the tables without a CREATE TABLE in the catalog:
// information_schema shows such a collection with the _id it was sampled
// with as its primary key (a table created with a column named _id as its
// primary key looks the same).
const sampledTables = "SELECT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = '_id' AND COLUMN_KEY = 'PRI'"

// str is a value's text, "" for NULL.
func str(v any) string {
	if v == nil {
		return ""
	}
	return text(v)
}

// tables is \dt: each table, its estimated row count and whether it is
// catalogued or sampled.
func (s *shell) tables(ctx context.Context) ([]byte, error) {
	r, err := execute(ctx, s.sess.conn, "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "+
		"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")
	if err != nil {
		return nil, err
	}
	sampled, err := execute(ctx, s.sess.conn, sampledTables)
	if err != nil {
		return nil, err
	}
	isSampled := map[string]bool{}
	for _, row := range sampled.data {
		isSampled[str(row[0])] = true
	}
	var b bytes.Buffer
	if len(r.data) == 0 {
		fmt.Fprintln(&b, "No tables.")
		return b.Bytes(), nil
	}
	for i, row := range r.data {
		kind := "catalogued"
		if isSampled[str(row[0])] {
			kind = "sampled"
		}
		r.data[i] = append(row, kind)
	}
	p := &printer{format: "table", w: &b, noCount: true}
	err = p.result([]string{"Table", "Rows (estimated)", "Definition"}, r.data)
	return b.Bytes(), err
}

// describe is \d TABLE: its columns as DESCRIBE shows them, whether it is
// catalogued or sampled, and its indexes.
func (s *shell) describe(ctx context.Context, table string) ([]byte, error) {
	cols, err := execute(ctx, s.sess.conn, "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_DEFAULT, EXTRA "+
		"FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", table)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if len(cols.data) == 0 {
		fmt.Fprintf(&b, "No table named %q.\n", table)
		return b.Bytes(), nil
	}
	kind := "catalogued: defined by CREATE TABLE"
	for _, c := range cols.data {
		if str(c[0]) == "_id" && str(c[3]) == "PRI" {
			kind = "sampled: no CREATE TABLE, columns and types read from its documents"
		}
	}
	fmt.Fprintf(&b, "Table %s (%s)\n", table, kind)
	p := &printer{format: "table", w: &b, noCount: true}
	if err := p.result([]string{"Column", "Type", "Null", "Key", "Default", "Extra"}, cols.data); err != nil {
		return nil, err
	}
	stats, err := execute(ctx, s.sess.conn, "SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SEQ_IN_INDEX "+
		"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY SEQ_IN_INDEX", table)
	if err != nil {
		return nil, err
	}
	var order []string
	parts := map[string][]string{}
	unique := map[string]bool{}
	for _, r := range stats.data {
		name := str(r[0])
		if _, ok := parts[name]; !ok {
			order = append(order, name)
		}
		parts[name] = append(parts[name], str(r[2]))
		unique[name] = str(r[1]) == "0"
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i] == "PRIMARY" && order[j] != "PRIMARY" })
	if len(order) > 0 {
		fmt.Fprintln(&b, "Indexes:")
	}
	for _, name := range order {
		cols := "(" + strings.Join(parts[name], ", ") + ")"
		switch {
		case name == "PRIMARY":
			fmt.Fprintf(&b, "  PRIMARY KEY %s\n", cols)
		case unique[name]:
			fmt.Fprintf(&b, "  UNIQUE KEY %s %s\n", name, cols)
		default:
			fmt.Fprintf(&b, "  KEY %s %s\n", name, cols)
		}
	}
	return b.Bytes(), nil
}

// isExplain tells EXPLAIN's own result (operator, detail) from others
// (EXPLAIN of a statement the driver shows otherwise).
func isExplain(r *result) bool {
	return r.query && slices.Equal(r.cols, []string{"operator", "detail"})
}

// inProcess are the plan operators that run in the driver's process.
var inProcess = map[string]bool{"project": true, "sort": true, "aggregate": true, "filter": true, "limit": true,
	"distinct": true, "values": true, "catalog": true}

// writeExplain pretty-prints EXPLAIN's rows: the operator tree marked
// "pushed" (a MongoDB command, its filter or pipeline as indented JSON)
// or "in-process", then the notes (profile, why parts run in-process).
func writeExplain(w io.Writer, rows [][]any) {
	const tagWidth = 12
	for _, r := range rows {
		op, detail := text(r[0]), ""
		if r[1] != nil {
			detail = text(r[1])
		}
		name := strings.TrimLeft(op, " ")
		indent := op[:len(op)-len(name)]
		tag := ""
		switch {
		case strings.HasPrefix(name, "mongo "):
			tag = "pushed"
		case inProcess[name]:
			tag = "in-process"
		case indent == "":
			fmt.Fprintf(w, "%s: %s\n", name, detail)
			continue
		}
		head := fmt.Sprintf("%-*s%s%s", tagWidth, tag, indent, name)
		if tag == "pushed" {
			if coll, js, ok := splitJSON(detail); ok {
				var pretty bytes.Buffer
				margin := strings.Repeat(" ", tagWidth) + indent + "  "
				if json.Indent(&pretty, []byte(js), margin, "  ") == nil {
					fmt.Fprintf(w, "%s %s\n%s%s\n", head, coll, margin, pretty.String())
					continue
				}
			}
		}
		if tag == "" {
			head += ":" // a note on the operator above
		}
		fmt.Fprintf(w, "%s %s\n", head, detail)
	}
}

// splitJSON cuts a MongoDB leaf's detail, "collection {json}" or "{json}…",
// into its name and its JSON.
func splitJSON(detail string) (name, js string, ok bool) {
	i := strings.IndexAny(detail, "{[")
	if i < 0 || !json.Valid([]byte(detail[i:])) {
		return "", "", false
	}
	return strings.TrimSpace(detail[:i]), detail[i:], true
}

// completer completes SQL keywords, table and column names (Tab).
type completer struct {
	mu     sync.Mutex
	tables []string
	cols   []string
}

var keywords = strings.Fields(`SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT OFFSET INSERT INTO VALUES UPDATE SET
	DELETE CREATE TABLE DROP ALTER ADD COLUMN INDEX PRIMARY KEY UNIQUE FOREIGN REFERENCES NOT NULL DEFAULT
	AUTO_INCREMENT AND OR IN IS LIKE BETWEEN AS DISTINCT COUNT SUM AVG MIN MAX GROUP_CONCAT COALESCE IFNULL
	CASE WHEN THEN ELSE END ASC DESC SHOW TABLES COLUMNS DATABASES DESCRIBE EXPLAIN USE DATABASE BEGIN COMMIT
	ROLLBACK TRUNCATE REPLACE IGNORE DUPLICATE INT INTEGER BIGINT SMALLINT TINYINT DECIMAL DOUBLE FLOAT VARCHAR
	CHAR TEXT DATE DATETIME TIMESTAMP BOOLEAN JSON TRUE FALSE information_schema`)

// reload reads the table and column names of the current database.
func (c *completer) reload(ctx context.Context, conn *sql.Conn) {
	res, err := execute(ctx, conn, "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()")
	if err != nil {
		return // completion without names
	}
	var tables, cols []string
	for _, r := range res.data {
		tables = append(tables, str(r[0]))
		cols = append(cols, str(r[1]))
	}
	slices.Sort(tables)
	slices.Sort(cols)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tables, c.cols = slices.Compact(tables), slices.Compact(cols)
}

// Do implements readline.AutoCompleter: the completions of the word before
// pos, as the rest of each candidate.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	start := pos
	for start > 0 && (unicode.IsLetter(line[start-1]) || unicode.IsDigit(line[start-1]) || line[start-1] == '_') {
		start--
	}
	word := string(line[start:pos])
	if word == "" {
		return nil, 0
	}
	n := pos - start
	c.mu.Lock()
	names := append(append([]string{}, c.tables...), c.cols...)
	c.mu.Unlock()
	lower := strings.ToLower(word) == word
	var out [][]rune
	seen := map[string]bool{}
	add := func(cand string) {
		r := []rune(cand)
		if len(r) > n && strings.EqualFold(string(r[:n]), word) && !seen[cand] {
			seen[cand] = true
			out = append(out, r[n:])
		}
	}
	for _, name := range names {
		add(name)
	}
	for _, k := range keywords {
		if lower && k != "information_schema" {
			k = strings.ToLower(k)
		}
		add(k)
	}
	return out, n
}
