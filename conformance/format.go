package conformance

import (
	"database/sql"
	"fmt"
	"math"
	"math/big"
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

func formatReal(v any) string {
	var f float64
	switch x := v.(type) {
	case bool:
		if x {
			f = 1
		}
	case int64:
		f = float64(x)
	case int32:
		f = float64(x)
	case int:
		f = float64(x)
	case uint64:
		f = float64(x)
	case float64:
		f = x
	case float32:
		f = float64(x)
	default:
		// Decimal text ("-12.4975") is rounded exactly, half away from
		// zero as MySQL rounds DECIMAL; through a double it could land on
		// the other side of the half.
		s := strings.TrimSpace(asString(x))
		if r, ok := new(big.Rat).SetString(s); ok {
			return r.FloatString(3)
		}
		p, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return formatText("", x)
		}
		f = p
	}
	return fmt.Sprintf("%.3f", f)
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
