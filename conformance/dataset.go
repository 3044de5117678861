package conformance

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Statement is one SQL statement of a dataset script.
type Statement struct {
	Line int // 1-based line where it starts
	SQL  string
}

// SplitScript splits a SQL script at semicolons outside quotes and comments.
// Comments ("-- ", "#", "/* */") are dropped; multiStatements stays off on
// both engines, so every statement is sent alone.
func SplitScript(text string) []Statement {
	var (
		out   []Statement
		cur   strings.Builder
		line  = 1
		start = 0
	)
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, Statement{Line: start, SQL: s})
		}
		cur.Reset()
		start = 0
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(text) {
				if text[j] == '\\' && c != '`' {
					j += 2
					continue
				}
				if text[j] == c {
					if j+1 < len(text) && text[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j, len(text)-1)
			if start == 0 {
				start = line
			}
			cur.WriteString(text[i : j+1])
			line += strings.Count(text[i:j+1], "\n")
			i = j
			continue
		case c == '#' || (c == '-' && strings.HasPrefix(text[i:], "-- ")):
			for i < len(text) && text[i] != '\n' {
				i++
			}
			i-- // let the newline be counted below
			continue
		case c == '/' && strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				end = len(text) - i - 2
			}
			line += strings.Count(text[i:i+2+end], "\n")
			i += end + 3
			continue
		case c == ';':
			flush()
			continue
		case c == '\n':
			line++
		}
		if start == 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			start = line
		}
		cur.WriteByte(c)
	}
	flush()
	return out
}

// LoadScript runs every statement of the script at path on db, each within
// timeout, and returns the failures, each with its file:line.
func LoadScript(ctx context.Context, db *sql.DB, path string, timeout time.Duration) []error {
	b, err := os.ReadFile(path)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, st := range SplitScript(string(b)) {
		sctx, cancel := context.WithTimeout(ctx, timeout)
		_, err := db.ExecContext(sctx, st.SQL)
		cancel()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %v", path, st.Line, err))
		}
	}
	return errs
}

// Glob returns the files matching pattern in name order.
func Glob(pattern string) ([]string, error) {
	m, err := filepath.Glob(pattern)
	sort.Strings(m)
	return m, err
}
