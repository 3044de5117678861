package conformance

import (
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ReadRows reads every row of rs and renders it as one tab-separated line,
// each value formatted under its letter of types. The same code formats
// MariaDB's and our driver's values, so only the values can differ.
func ReadRows(rs *sql.Rows, types string) ([]string, error) {
	cols, err := rs.ColumnTypes()
	if err != nil {
		return nil, err
	}
	if len(cols) != len(types) {
		return nil, fmt.Errorf("query returns %d columns, record declares %d (%q)", len(cols), len(types), types)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []string
	cells := make([]string, len(cols))
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			cells[i] = FormatValue(types[i], cols[i].DatabaseTypeName(), v)
		}
		out = append(out, strings.Join(cells, "\t"))
	}
	return out, rs.Err()
}

// FormatValue renders v under the column letter (I, R or T); dbType is the
// column's DatabaseTypeName and only tells DATE from DATETIME values.
func FormatValue(letter byte, dbType string, v any) string {
	if v == nil {
		return "NULL"
	}
	switch letter {
	case 'I':
		return formatInt(v)
	case 'R':
		return formatReal(v)
	}
	return formatText(dbType, v)
}

func formatInt(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "1"
		}
		return "0"
	case float64:
		return intOrFloat(x)
	case float32:
		return intOrFloat(float64(x))
	case string, []byte:
		s := asString(x)
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return s
		}
		if _, err := strconv.ParseUint(s, 10, 64); err == nil {
			return s
		}
		// A DECIMAL or numeric string: "2.00" and "2" are the same integer.
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return intOrFloat(f)
		}
		return formatText("", x)
	}
	return fmt.Sprint(v)
}

// intOrFloat prints whole numbers as integers and keeps a fraction visible
// rather than truncating it, so a wrong type letter shows in the diff.
func intOrFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// formatReal renders a number exactly, so that two different values never
// print alike: a double as the shortest decimal that reads back as the same
// double (float32 at its own precision), a DECIMAL (text, from MariaDB or a
// decimal128) by all its digits. Both become the same canonical text, so a
// DECIMAL 2.50 and a double 2.5 print alike, as they are equal.
func formatReal(v any) string {
	var text string
	switch x := v.(type) {
	case bool:
		text = formatInt(x)
	case int64:
		text = strconv.FormatInt(x, 10)
	case int32:
		text = strconv.FormatInt(int64(x), 10)
	case int:
		text = strconv.Itoa(x)
	case uint64:
		text = strconv.FormatUint(x, 10)
	case float64:
		text = strconv.FormatFloat(x, 'e', -1, 64)
	case float32:
		text = strconv.FormatFloat(float64(x), 'e', -1, 32)
	default:
		text = strings.TrimSpace(asString(x))
	}
	if c, ok := canonicalNumber(text); ok {
		return c
	}
	// NaN, Inf, or not a number at all: shown as it is.
	return formatText("", v)
}

// canonicalNumber rewrites decimal text ("-0012.3400", "1.5E+3", "5e-324")
// as the shortest text of the same value: no leading or trailing zeros,
// no exponent from 1e-7 to 1e21 (as JavaScript prints numbers), "1.5e+30"
// outside. Zero is "0", whatever its sign or scale.
func canonicalNumber(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil {
			return "", false
		}
		mant, exp = s[:i], e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	// value = digits × 10^exp, digits an integer without zeros at its ends.
	exp -= len(frac)
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0", true
	}
	trimmed := strings.TrimRight(digits, "0")
	exp += len(digits) - len(trimmed)
	digits = trimmed

	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	point := len(digits) + exp // digits before the decimal point
	switch {
	case point-1 < -7 || point-1 >= 21:
		b.WriteString(digits[:1])
		if len(digits) > 1 {
			b.WriteString("." + digits[1:])
		}
		fmt.Fprintf(&b, "e%+d", point-1)
	case exp >= 0:
		b.WriteString(digits + strings.Repeat("0", exp))
	case point > 0:
		b.WriteString(digits[:point] + "." + digits[point:])
	default:
		b.WriteString("0." + strings.Repeat("0", -point) + digits)
	}
	return b.String(), true
}

func formatText(dbType string, v any) string {
	switch x := v.(type) {
	case time.Time:
		if dbType == "DATE" {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case bool:
		return formatInt(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case string, []byte:
		s := asString(x)
		if s == "" {
			return "(empty)"
		}
		// Keep one row per line and one value per tab.
		return strings.NewReplacer("\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
	}
	return fmt.Sprint(v)
}

func asString(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// Canonical puts rows in the order a record compares them in: as returned for
// nosort, sorted for rowsort and valuesort (which is also how -update writes
// them, so reruns do not reorder the file).
func Canonical(mode SortMode, rows []string) []string {
	if mode == NoSort {
		return rows
	}
	out := append([]string(nil), rows...)
	sort.Strings(out)
	return out
}

// SameRows reports whether got matches want under mode.
func SameRows(mode SortMode, want, got []string) bool {
	switch mode {
	case RowSort:
		want, got = Canonical(mode, want), Canonical(mode, got)
	case ValueSort:
		want, got = sortedValues(want), sortedValues(got)
	}
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if want[i] != got[i] {
			return false
		}
	}
	return true
}

func sortedValues(rows []string) []string {
	var vals []string
	for _, r := range rows {
		vals = append(vals, strings.Split(r, "\t")...)
	}
	sort.Strings(vals)
	return vals
}
