package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"
)

// printer writes results in one of the formats:
//
//   - table: aligned columns, NULL shown as NULL, numbers right-aligned,
//     then "N rows in set" (queries) or "Query OK, N rows affected" (writes);
//   - csv: RFC 4180, a header row then the rows; NULL is an empty field
//     (an empty string is "" quoted, so the two stay apart);
//   - tsv: as mysql --batch: a header row then the rows, NULL as NULL, and
//     tab, newline and backslash in values escaped as \t, \n and \\;
//   - json: JSON lines, one object per row, keyed by column name; numbers
//     as numbers, NULL as null, everything else as strings.
//
// Writes print nothing in csv, tsv and json. A vertical table shows each
// row as one line per column, as mysql's \G does; suffix (the shell's
// elapsed time) follows the row count.
type printer struct {
	format   string
	w        io.Writer
	vertical bool
	suffix   string
	noCount  bool // no "N rows in set" line (the shell's \d)
}

// print writes a statement's result.
func (p *printer) print(r *result) error {
	if r.query {
		return p.result(r.cols, r.data)
	}
	p.written(r.affected)
	return nil
}

func (p *printer) written(n int64) {
	if p.format == "table" {
		fmt.Fprintf(p.w, "Query OK, %d %s affected%s\n", n, plural(n, "row", "rows"), p.suffix)
	}
}

// count is the table formats' last line.
func (p *printer) count(b *strings.Builder, n int64) {
	if p.noCount {
		return
	}
	fmt.Fprintf(b, "%d %s in set%s\n", n, plural(n, "row", "rows"), p.suffix)
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (p *printer) result(cols []string, data [][]any) error {
	switch p.format {
	case "csv":
		var b strings.Builder
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(csvField(c))
		}
		b.WriteByte('\n')
		for _, r := range data {
			for i, v := range r {
				if i > 0 {
					b.WriteByte(',')
				}
				if v != nil {
					b.WriteString(csvField(text(v)))
				}
			}
			b.WriteByte('\n')
		}
		_, err := io.WriteString(p.w, b.String())
		return err
	case "tsv":
		var b strings.Builder
		b.WriteString(strings.Join(escapeAll(cols), "\t") + "\n")
		for _, r := range data {
			for i, v := range r {
				if i > 0 {
					b.WriteByte('\t')
				}
				if v == nil {
					b.WriteString("NULL")
				} else {
					b.WriteString(tsvEscape(text(v)))
				}
			}
			b.WriteByte('\n')
		}
		_, err := io.WriteString(p.w, b.String())
		return err
	case "json":
		for _, r := range data {
			var b strings.Builder
			b.WriteByte('{')
			for i, v := range r {
				if i > 0 {
					b.WriteByte(',')
				}
				k, _ := json.Marshal(cols[i])
				b.Write(k)
				b.WriteByte(':')
				b.WriteString(jsonValue(v))
			}
			b.WriteString("}\n")
			if _, err := io.WriteString(p.w, b.String()); err != nil {
				return err
			}
		}
		return nil
	}
	return p.table(cols, data)
}

func (p *printer) table(cols []string, data [][]any) error {
	var b strings.Builder
	if len(cols) == 0 {
		p.count(&b, int64(len(data)))
		_, err := io.WriteString(p.w, b.String())
		return err
	}
	if p.vertical {
		return p.verticalTable(cols, data)
	}
	width := make([]int, len(cols))
	right := make([]bool, len(cols))
	for i, c := range cols {
		width[i] = displayWidth(c)
	}
	cells := make([][]string, len(data))
	for j, r := range data {
		cells[j] = make([]string, len(r))
		for i, v := range r {
			s := cell(v)
			if v != nil && isNumber(v) {
				right[i] = true
			}
			cells[j][i] = s
			width[i] = max(width[i], displayWidth(s))
		}
	}
	line := func() {
		for _, w := range width {
			b.WriteString("+" + strings.Repeat("-", w+2))
		}
		b.WriteString("+\n")
	}
	row := func(r []string, numeric bool) {
		for i, s := range r {
			pad := strings.Repeat(" ", width[i]-displayWidth(s))
			if numeric && right[i] {
				b.WriteString("| " + pad + s + " ")
			} else {
				b.WriteString("| " + s + pad + " ")
			}
		}
		b.WriteString("|\n")
	}
	line()
	row(cols, false)
	line()
	for _, r := range cells {
		row(r, true)
	}
	line()
	p.count(&b, int64(len(data)))
	_, err := io.WriteString(p.w, b.String())
	return err
}

// displayWidth is how many terminal columns s takes: two for wide and
// full-width characters (CJK, most emoji), none for combining marks and
// other zero-width characters, one for the rest.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// cell is a value as a table shows it: NULL as NULL, control characters
// escaped so that a row stays on one line.
func cell(v any) string {
	if v == nil {
		return "NULL"
	}
	return strings.NewReplacer("\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(text(v))
}

// verticalTable writes each row as mysql's \G does: a header line, then
// one "name: value" line per column, the names right-aligned.
func (p *printer) verticalTable(cols []string, data [][]any) error {
	width := 0
	for _, c := range cols {
		width = max(width, displayWidth(c))
	}
	var b strings.Builder
	for j, r := range data {
		fmt.Fprintf(&b, "%s %d. row %s\n", strings.Repeat("*", 27), j+1, strings.Repeat("*", 27))
		for i, v := range r {
			pad := strings.Repeat(" ", width-displayWidth(cols[i]))
			fmt.Fprintf(&b, "%s%s: %s\n", pad, cols[i], cell(v))
		}
	}
	p.count(&b, int64(len(data)))
	_, err := io.WriteString(p.w, b.String())
	return err
}

// csvField quotes s as RFC 4180 does when it must, and always when it is
// empty, so that an empty string ("") differs from NULL (nothing).
func csvField(s string) string {
	if s == "" || strings.ContainsAny(s, ",\"\r\n") || s[0] == ' ' || s[0] == '\t' {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func escapeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = tsvEscape(s)
	}
	return out
}

func tsvEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`, "\x00", `\0`).Replace(s)
}

// decimal is a DECIMAL value's text.
type decimal string

func isNumber(v any) bool {
	switch v.(type) {
	case int64, int32, int, uint64, float64, float32, decimal:
		return true
	}
	return false
}

// text is a non-NULL value as MySQL's client shows it.
func text(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case decimal:
		return string(x)
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		if x.Nanosecond() != 0 {
			return x.Format("2006-01-02 15:04:05.999999")
		}
		return x.Format("2006-01-02 15:04:05")
	}
	return fmt.Sprint(v)
}

// jsonValue is v as a JSON value: numbers as numbers, NULL as null, the rest
// as strings.
func jsonValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case int64, int32, int, uint64:
		return text(v)
	case decimal:
		if json.Valid([]byte(x)) {
			return string(x)
		}
	case float64:
		if x != x || x > 1.7976931348623157e308 || x < -1.7976931348623157e308 {
			break // NaN and infinities are no JSON numbers
		}
		return text(v)
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	b, _ := json.Marshal(text(v))
	return string(b)
}
