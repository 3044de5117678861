package conformance

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// Kind says what a record checks.
type Kind int

// The record kinds.
const (
	StatementOK    Kind = iota // statement ok
	StatementError             // statement error [regexp]
	Query                      // query <types> [sort]
)

// SortMode says how a query's rows are compared.
type SortMode int

// The sort modes.
const (
	NoSort    SortMode = iota // in order, as returned
	RowSort                   // rows compared as a sorted list of lines
	ValueSort                 // all values compared as one sorted list
)

var sortModes = map[string]SortMode{"nosort": NoSort, "rowsort": RowSort, "valuesort": ValueSort}

// Record is one statement or query of a .test file.
type Record struct {
	File     string // path as given to ParseFile
	Line     int    // 1-based line of the "statement"/"query" header
	Kind     Kind
	Pattern  *regexp.Regexp // StatementError: what our driver's error must match; nil = any
	Errno    int            // StatementError: the MySQL error number both engines must give; 0 = any
	Types    string         // Query: one letter per column, I, R or T
	Sort     SortMode
	SQL      string
	Expected []string // Query: result lines as written, one row each
	SkipIf   []string // engine labels the record does not run on
	OnlyIf   []string // engine labels the record runs only on

	hasResult bool // a "----" line is present
	sqlEnd    int  // 0-based index of the line after the SQL
	resStart  int  // Expected occupies lines [resStart, resEnd)
	resEnd    int
}

// Where returns "file:line" for messages.
func (r *Record) Where() string { return fmt.Sprintf("%s:%d", r.File, r.Line) }

// RunsOn reports whether the record applies to an engine with these labels
// (e.g. "mariadb", or "sqlmongo" and its pushdown mode).
func (r *Record) RunsOn(labels ...string) bool {
	has := func(want []string) bool {
		for _, w := range want {
			for _, l := range labels {
				if w == l {
					return true
				}
			}
		}
		return false
	}
	if has(r.SkipIf) {
		return false
	}
	return len(r.OnlyIf) == 0 || has(r.OnlyIf)
}

// File is a parsed .test file. Lines keep the text so results can be rewritten
// in place without touching comments or layout.
type File struct {
	Path    string
	Lines   []string
	Records []*Record
}

// ParseFile reads and parses a .test file.
func ParseFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, string(b))
}

// Parse parses the text of a .test file; path is used in positions only.
func Parse(path, text string) (*File, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	f := &File{Path: path, Lines: strings.Split(text, "\n")}
	lines := f.Lines
	var skipIf, onlyIf []string
	condLine := 0
	errAt := func(i int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", path, i+1, fmt.Sprintf(format, args...))
	}
	for i := 0; i < len(lines); {
		line := strings.TrimSpace(lines[i])
		fields := strings.Fields(line)
		switch {
		case line == "":
			if condLine != 0 {
				return nil, errAt(condLine-1, "skipif/onlyif not followed by a record")
			}
			i++
			continue
		case strings.HasPrefix(line, "#"):
			i++
			continue
		case fields[0] == "skipif" || fields[0] == "onlyif":
			if len(fields) != 2 {
				return nil, errAt(i, "want %q <engine>", fields[0])
			}
			if fields[0] == "skipif" {
				skipIf = append(skipIf, fields[1])
			} else {
				onlyIf = append(onlyIf, fields[1])
			}
			if condLine == 0 {
				condLine = i + 1
			}
			i++
			continue
		}
		r := &Record{File: path, Line: i + 1, SkipIf: skipIf, OnlyIf: onlyIf}
		skipIf, onlyIf, condLine = nil, nil, 0
		switch {
		case fields[0] == "statement" && len(fields) == 2 && fields[1] == "ok":
			r.Kind = StatementOK
		case fields[0] == "statement" && len(fields) >= 2 && fields[1] == "error":
			r.Kind = StatementError
			// The pattern is the rest of the line, spaces included.
			p := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(line, "statement")), "error"))
			// A leading four-digit number is the MySQL error number.
			if num, rest, _ := strings.Cut(p, " "); len(num) == 4 && strings.Trim(num, "0123456789") == "" {
				r.Errno, _ = strconv.Atoi(num)
				p = strings.TrimSpace(rest)
			}
			if p != "" {
				re, err := regexp.Compile("(?i)" + p)
				if err != nil {
					return nil, errAt(i, "bad error pattern: %v", err)
				}
				r.Pattern = re
			}
		case fields[0] == "query" && len(fields) >= 2 && len(fields) <= 4:
			r.Kind = Query
			r.Types = fields[1]
			if strings.Trim(r.Types, "ITR") != "" {
				return nil, errAt(i, "column types %q: want letters I, R, T", r.Types)
			}
			if len(fields) >= 3 {
				m, ok := sortModes[fields[2]]
				if !ok {
					return nil, errAt(i, "unknown sort mode %q", fields[2])
				}
				r.Sort = m
			}
		default:
			return nil, errAt(i, "unknown directive %q", line)
		}
		i++
		// SQL runs to a blank line, or to "----" in a query.
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" && !(r.Kind == Query && strings.TrimSpace(lines[i]) == "----") {
			i++
		}
		if i == start {
			return nil, errAt(r.Line-1, "record without SQL")
		}
		r.SQL = strings.Join(lines[start:i], "\n")
		r.sqlEnd = i
		if r.Kind == Query && i < len(lines) && strings.TrimSpace(lines[i]) == "----" {
			r.hasResult = true
			i++
			// Result lines end at an empty line only: a row of spaces is a row.
			r.resStart = i
			for i < len(lines) && lines[i] != "" {
				i++
			}
			r.resEnd = i
			r.Expected = append([]string(nil), lines[r.resStart:r.resEnd]...)
		}
		f.Records = append(f.Records, r)
	}
	if condLine != 0 {
		return nil, errAt(condLine-1, "skipif/onlyif not followed by a record")
	}
	return f, nil
}
