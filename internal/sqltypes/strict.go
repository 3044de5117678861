package sqltypes

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// DefaultSQLMode is the sql_mode sqlmongo runs under unless the DSN says
// otherwise: MySQL 8's strict defaults.
const DefaultSQLMode = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_IN_DATE,NO_ZERO_DATE"

// SQLMode is the part of MySQL's sql_mode that changes what a write stores.
type SQLMode struct {
	// Strict (STRICT_TRANS_TABLES, STRICT_ALL_TABLES or TRADITIONAL): a
	// value that does not fit its column fails the statement. Without it
	// the value is clamped or cut to fit, as MySQL's non-strict mode
	// stores it (without the warnings).
	Strict bool
	// DivisionByZero (ERROR_FOR_DIVISION_BY_ZERO): with Strict, a division
	// or MOD by zero in a value being written fails the statement.
	DivisionByZero bool
	// Text is the mode as @@sql_mode reports it: the names given,
	// upper-cased, in their order.
	Text string
}

// sqlModes are the modes ParseSQLMode accepts. The others change the
// language (ANSI_QUOTES, PIPES_AS_CONCAT, …) or store what sqlmongo cannot
// (ALLOW_INVALID_DATES): refused, not silently ignored.
var sqlModes = map[string]SQLMode{
	"STRICT_TRANS_TABLES":        {Strict: true},
	"STRICT_ALL_TABLES":          {Strict: true},
	"TRADITIONAL":                {Strict: true, DivisionByZero: true},
	"ERROR_FOR_DIVISION_BY_ZERO": {DivisionByZero: true},
	// Zero dates are never stored: BSON dates have none.
	"NO_ZERO_DATE":    {},
	"NO_ZERO_IN_DATE": {},
	// Nothing to do on MongoDB.
	"NO_ENGINE_SUBSTITUTION": {},
	"NO_AUTO_CREATE_USER":    {},
	"NO_DIR_IN_CREATE":       {},
	// Accepted (MySQL 8 has it by default) but not enforced.
	"ONLY_FULL_GROUP_BY": {},
}

// ParseSQLMode reads a MySQL sql_mode value: mode names separated by commas.
func ParseSQLMode(s string) (SQLMode, error) {
	var m SQLMode
	for _, name := range strings.Split(s, ",") {
		name = strings.ToUpper(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		add, ok := sqlModes[name]
		if !ok {
			return m, sqlerr.New(sqlerr.DSN, "sql_mode %s is not supported", name)
		}
		m.Strict = m.Strict || add.Strict
		m.DivisionByZero = m.DivisionByZero || add.DivisionByZero
		if m.Text != "" {
			m.Text += ","
		}
		m.Text += name
	}
	return m, nil
}

// DivisionByZeroError reports whether a division by zero in a value being
// written fails the statement.
func (m SQLMode) DivisionByZeroError() bool { return m.Strict && m.DivisionByZero }

// Store converts v for storage in column col (of type t) of a table
// created with CREATE TABLE, as MySQL stores it: a value out of the
// type's range, too long, or not a number or date fails under strict
// mode with MySQL's error (naming col and row, 1-based); without strict
// mode it is clamped or cut to fit. Otherwise it is Convert.
func Store(v any, t Type, strict bool, col string, row int) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch t.Kind {
	case Int:
		if x, ok := v.(int64); ok {
			// The common case, without allocating.
			if lo, hi, ok := intBounds(t); ok && x >= lo && x <= hi {
				return v, nil // not x: boxing it again would allocate
			}
		}
		return storeNumber(v, t, strict, col, row)
	case Bool:
		// TINYINT(1): a number in TINYINT's range ('true' is not one).
		n, err := storeNumber(v, Type{Kind: Int, Name: "TINYINT"}, strict, col, row)
		if err != nil {
			return nil, err
		}
		return n.(int64) != 0, nil
	case Double, Decimal:
		if f, ok := v.(float64); ok && t.Kind == Double && math.Abs(f) <= maxDouble(t) {
			return v, nil // the common case, without allocating
		}
		return storeNumber(v, t, strict, col, row)
	case Varchar, Text, Blob:
		return storeText(v, t, strict, col, row)
	case Date, DateTime:
		if s, ok := v.(string); ok {
			if _, err := ParseTime(s); err != nil {
				// Without strict mode MySQL stores a zero date, which
				// a BSON date cannot hold: an error either way.
				word := "datetime"
				if t.Kind == Date {
					word = "date"
				}
				return nil, sqlerr.MySQL(sqlerr.ErrTruncatedValue, "Incorrect %s value: '%s' for column '%s' at row %d", word, s, col, row)
			}
		}
	}
	return ConvertColumn(v, t, col)
}

// storeNumber stores into INT, DOUBLE and DECIMAL columns: strings are
// read as MySQL reads them, then the value is rounded as the type rounds
// and kept in the type's range.
func storeNumber(v any, t Type, strict bool, col string, row int) (any, error) {
	var r *big.Rat
	if s, ok := v.(string); ok {
		num, trailing := storeNumberText(s)
		switch {
		case num == "" && strict:
			return nil, sqlerr.MySQL(sqlerr.ErrIncorrectValue, "Incorrect %s value: '%s' for column '%s' at row %d", numberWord(t), s, col, row)
		case trailing && strict:
			return nil, sqlerr.MySQL(sqlerr.ErrDataTruncated, "Data truncated for column '%s' at row %d", col, row)
		case num == "":
			num = "0"
		}
		num, huge := tameExponent(num)
		if huge {
			return outOfRange(strings.HasPrefix(num, "-"), t, strict, col, row)
		}
		r, _ = new(big.Rat).SetString(num)
		v = num // Convert reads a DECIMAL from it exactly
	} else if f, ok := v.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return outOfRange(f < 0, t, strict, col, row)
	} else if r = toRat(v); r == nil {
		// Not a number (a date, a document…): Convert says so.
		return ConvertColumn(v, t, col)
	}
	lo, hi := numberRange(t)
	switch t.Kind {
	case Int:
		var n *big.Int
		if f, ok := v.(float64); ok {
			n, _ = new(big.Float).SetFloat64(math.RoundToEven(f)).Int(nil) // MySQL's rint
		} else {
			n = roundHalfAway(r)
		}
		if t.Name == "YEAR" {
			if !n.IsInt64() {
				return outOfRange(n.Sign() < 0, t, strict, col, row)
			}
			return storeYear(n.Int64(), strict, col, row)
		}
		if n.Cmp(lo.Num()) < 0 || n.Cmp(hi.Num()) > 0 {
			return clamp(n.Sign() < 0, lo, hi, t, strict, col, row)
		}
		return n.Int64(), nil
	case Double:
		f, ok := v.(float64)
		if !ok {
			f, _ = r.Float64()
		}
		if math.IsInf(f, 0) || (lo != nil && (r.Cmp(lo) < 0 || r.Cmp(hi) > 0)) {
			return outOfRange(f < 0, t, strict, col, row)
		}
		return f, nil
	}
	out, err := ConvertColumn(v, t, col)
	if err != nil || lo == nil {
		return out, err
	}
	if r := toRat(out); r != nil && (r.Cmp(lo) < 0 || r.Cmp(hi) > 0) {
		return clamp(r.Sign() < 0, lo, hi, t, strict, col, row)
	}
	return out, nil
}

// ConvertColumn is Convert for a value written into column col: its error
// names the column.
func ConvertColumn(v any, t Type, col string) (any, error) {
	out, err := Convert(v, t)
	if err != nil {
		return nil, sqlerr.New(sqlerr.DataType, "column %q: %v", col, err)
	}
	return out, nil
}

func roundHalfAway(r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(r.Num().Sign())))
	}
	return q
}

// clamp is the out-of-range error under strict mode, else the bound on
// the value's side, converted to t.
func clamp(neg bool, lo, hi *big.Rat, t Type, strict bool, col string, row int) (any, error) {
	if strict {
		return nil, outOfRangeErr(col, row)
	}
	bound := hi
	if neg {
		bound = lo
	}
	if t.Kind == Double {
		f, _ := bound.Float64()
		return f, nil
	}
	if t.Kind == Int {
		return bound.Num().Int64(), nil
	}
	return ConvertColumn(bound.FloatString(t.Scale), t, col)
}

// outOfRange is clamp for a value past any bound (an infinite double).
func outOfRange(neg bool, t Type, strict bool, col string, row int) (any, error) {
	lo, hi := numberRange(t)
	if lo == nil {
		if t.Kind == Int { // YEAR
			return storeYear(-1, strict, col, row)
		}
		lo, hi = new(big.Rat).SetFloat64(-math.MaxFloat64), new(big.Rat).SetFloat64(math.MaxFloat64)
	}
	return clamp(neg, lo, hi, t, strict, col, row)
}

func outOfRangeErr(col string, row int) error {
	return sqlerr.MySQL(sqlerr.ErrOutOfRange, "Out of range value for column '%s' at row %d", col, row)
}

// storeYear maps a YEAR value as MySQL does: 1–69 are 2001–2069, 70–99
// are 1970–1999, 0 stays; the range is 1901–2155.
func storeYear(y int64, strict bool, col string, row int) (any, error) {
	switch {
	case y == 0 || (y >= 1901 && y <= 2155):
		return y, nil
	case y >= 1 && y <= 69:
		return y + 2000, nil
	case y >= 70 && y <= 99:
		return y + 1900, nil
	case strict:
		return nil, outOfRangeErr(col, row)
	}
	return int64(0), nil
}

// IntBounds is the range of an integer type; ok is false for YEAR.
func IntBounds(t Type) (lo, hi int64, ok bool) { return intBounds(t) }

// intBounds is the range of an integer type; ok is false for YEAR.
func intBounds(t Type) (lo, hi int64, ok bool) {
	var bits uint
	switch t.Name {
	case "TINYINT":
		bits = 8
	case "SMALLINT":
		bits = 16
	case "MEDIUMINT":
		bits = 24
	case "INT":
		bits = 32
	case "YEAR":
		return 0, 0, false
	default:
		// BIGINT UNSIGNED holds what int64 holds: values stay int64.
		if t.Unsigned {
			return 0, math.MaxInt64, true
		}
		return math.MinInt64, math.MaxInt64, true
	}
	if t.Unsigned {
		return 0, 1<<bits - 1, true
	}
	return -1 << (bits - 1), 1<<(bits-1) - 1, true
}

// maxDouble is the largest magnitude a FLOAT or DOUBLE column holds.
func maxDouble(t Type) float64 {
	if t.Name == "FLOAT" {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

// numberRange is the range of an integer type, a FLOAT, or a DECIMAL(p,s);
// nil for unbounded (DOUBLE, DECIMAL without precision, YEAR).
func numberRange(t Type) (lo, hi *big.Rat) {
	switch t.Kind {
	case Int:
		l, h, ok := intBounds(t)
		if !ok {
			return nil, nil
		}
		return new(big.Rat).SetInt64(l), new(big.Rat).SetInt64(h)
	case Double:
		if t.Name == "FLOAT" {
			f := new(big.Rat).SetFloat64(math.MaxFloat32)
			return new(big.Rat).Neg(f), f
		}
	case Decimal:
		if t.Precision > 0 {
			// 10^(p-s) - 10^-s: DECIMAL(5,2) holds up to 999.99.
			one := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.Precision)), nil)
			hi := new(big.Rat).SetFrac(new(big.Int).Sub(one, big.NewInt(1)), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.Scale)), nil))
			return new(big.Rat).Neg(hi), hi
		}
	}
	return nil, nil
}

// tameExponent keeps big.Rat from computing a power of ten no column can
// hold (1e999999999 would take minutes): past 1e400 a number is huge, below
// 1e-400 it is 0.
func tameExponent(num string) (string, bool) {
	mant, exp, ok := strings.Cut(strings.ToLower(num), "e")
	if !ok {
		return num, false
	}
	digits := strings.Trim(mant, "+-.0") != ""
	e, err := strconv.Atoi(exp)
	switch {
	case !digits:
		return "0", false
	case err == nil && e >= -400 && e <= 400:
		return num, false
	case strings.HasPrefix(exp, "-"):
		return "0", false
	}
	return mant, true
}

// storeNumberText reads a number from a string being stored into a
// number column, as MySQL does: leading and trailing spaces are allowed;
// num is "" when there is no number, trailing reports text after it.
func storeNumberText(s string) (num string, trailing bool) {
	t := strings.TrimSpace(s)
	num = NumericPrefix(t)
	if strings.IndexAny(num, "0123456789") < 0 {
		return "", true
	}
	return num, len(num) < len(t)
}

// IsNumberText reports whether s is wholly a number (spaces around it
// allowed), as strict mode wants a string used as one.
func IsNumberText(s string) bool {
	num, trailing := storeNumberText(s)
	return num != "" && !trailing
}

func numberWord(t Type) string {
	switch t.Kind {
	case Double:
		return "double"
	case Decimal:
		return "decimal"
	}
	return "integer"
}

// storeText keeps a string within its column's length: VARCHAR(n) and
// CHAR(n) count characters, TINYTEXT/TEXT/MEDIUMTEXT and the BLOBs bytes.
// Spaces past the length are dropped silently, as MySQL does; CHAR drops
// its trailing spaces (MySQL pads CHAR and strips the pad when read).
func storeText(v any, t Type, strict bool, col string, row int) (any, error) {
	out, err := Convert(v, t)
	if err != nil {
		return nil, sqlerr.New(sqlerr.DataType, "column %q: %v", col, err)
	}
	limit, inBytes := textLimit(t)
	switch x := out.(type) {
	case string:
		y := x
		if limit > 0 && len(x) > limit {
			y = cutText(x, limit, inBytes)
			if strict && strings.TrimRight(x[len(y):], " ") != "" {
				return nil, tooLong(col, row)
			}
		}
		if t.Name == "CHAR" {
			y = strings.TrimRight(y, " ")
		}
		if y == x {
			return out, nil // not y: boxing it again would allocate
		}
		return y, nil
	case []byte:
		if limit > 0 && len(x) > limit {
			if strict {
				return nil, tooLong(col, row)
			}
			x = x[:limit]
		}
		return x, nil
	}
	return out, nil
}

func tooLong(col string, row int) error {
	return sqlerr.MySQL(sqlerr.ErrDataTooLong, "Data too long for column '%s' at row %d", col, row)
}

// cutText is the longest prefix of s within limit characters (or bytes,
// cut before a character that would not fit whole).
func cutText(s string, limit int, inBytes bool) string {
	if inBytes {
		for limit > 0 && !utf8.RuneStart(s[limit]) {
			limit--
		}
		return s[:limit]
	}
	n := 0
	for i := range s {
		if n == limit {
			return s[:i]
		}
		n++
	}
	return s
}

// textLimit is the length of a string type; 0 when unbounded.
func textLimit(t Type) (limit int, inBytes bool) {
	switch t.Name {
	case "CHAR":
		return max(t.Length, 1), false
	case "TINYTEXT", "TINYBLOB":
		return 255, true
	case "TEXT", "BLOB":
		return 65535, true
	case "MEDIUMTEXT", "MEDIUMBLOB":
		return 16777215, true
	}
	if t.Kind == Varchar {
		return t.Length, false
	}
	return 0, false
}

// NeedsStoreCheck reports whether a value of another computation could
// fail to fit a column of type t (its range or length is narrower than
// what arithmetic and string functions produce): such writes are checked
// in-process.
func NeedsStoreCheck(t Type) bool {
	switch t.Kind {
	case Int:
		return t.Name != "BIGINT" || t.Unsigned
	case Double, Decimal:
		lo, _ := numberRange(t)
		return lo != nil
	case Varchar, Text, Blob:
		limit, _ := textLimit(t)
		return limit > 0 || t.Name == "CHAR"
	}
	return false
}
