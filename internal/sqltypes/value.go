package sqltypes

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// JSON is a document or array value; it prints as JSON text at the edge.
type JSON struct{ Raw bson.RawValue }

// FromRaw converts a BSON value read from a document to an in-process value.
func FromRaw(v bson.RawValue) any {
	switch v.Type {
	case bson.TypeNull, bson.TypeUndefined, 0:
		return nil
	case bson.TypeInt32:
		return int64(v.Int32())
	case bson.TypeInt64:
		return v.Int64()
	case bson.TypeDouble:
		return v.Double() + 0 // -0 becomes 0: MySQL has no negative zero
	case bson.TypeDecimal128:
		return unsignedZero(v.Decimal128())
	case bson.TypeString:
		return v.StringValue()
	case bson.TypeBoolean:
		return v.Boolean()
	case bson.TypeDateTime:
		return v.Time().UTC()
	case bson.TypeTimestamp:
		t, _ := v.Timestamp()
		return time.Unix(int64(t), 0).UTC()
	case bson.TypeObjectID:
		return v.ObjectID()
	case bson.TypeBinary:
		_, b := v.Binary()
		return b
	case bson.TypeEmbeddedDocument, bson.TypeArray:
		return JSON{Raw: v}
	}
	return v.String()
}

// ToBSON converts an in-process value to the value stored in a document.
func ToBSON(v any) any {
	switch x := v.(type) {
	case JSON:
		return x.Raw
	case time.Time:
		return bson.NewDateTimeFromTime(x)
	}
	return v
}

// unsignedZero turns decimal128's -0 (what 0 * -1 gives in the server)
// into 0: SQL's DECIMAL has no negative zero.
func unsignedZero(d bson.Decimal128) bson.Decimal128 {
	if h, l := d.GetBytes(); h>>63 == 1 {
		if c, _, err := d.BigInt(); err == nil && c.Sign() == 0 {
			return bson.NewDecimal128(h&^(1<<63), l)
		}
	}
	return d
}

// noNegZero drops the sign of a decimal text that rounded to zero
// ("-0.00" for -0.001 at two digits).
func noNegZero(text string) string {
	if strings.HasPrefix(text, "-") && strings.Trim(text, "-0.") == "" {
		return text[1:]
	}
	return text
}

// DecimalText prints a decimal128 as MySQL prints a DECIMAL: digits with a
// point, never an exponent ("0.00000000", not "0E-8"), no negative zero.
func DecimalText(d bson.Decimal128) string {
	c, exp, err := d.BigInt()
	if err != nil {
		return d.String() // NaN, Infinity
	}
	if exp >= 0 {
		c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
		return noNegZero(c.String())
	}
	r := new(big.Rat).SetFrac(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-exp)), nil))
	return noNegZero(r.FloatString(-exp))
}

// DecimalRat converts a decimal128 to an exact rational; ok is false for NaN/Inf.
func DecimalRat(d bson.Decimal128) (*big.Rat, bool) {
	r, ok := new(big.Rat).SetString(d.String())
	return r, ok
}

// ToFloat returns a numeric value as float64.
func ToFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case bson.Decimal128:
		r, ok := DecimalRat(x)
		if !ok {
			return 0, false
		}
		f, _ := r.Float64()
		return f, true
	}
	return 0, false
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, float64, bool, bson.Decimal128:
		return true
	}
	return false
}

// Compare orders two non-NULL values the way MySQL does for comparable
// types: numbers by value across int, double and decimal; strings by code
// point; times chronologically. ok is false when the values are not comparable.
func Compare(a, b any) (int, bool) {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y), true
		}
	case string:
		switch y := b.(type) {
		case string:
			return strings.Compare(x, y), true
		case time.Time:
			if t, err := ParseTime(x); err == nil {
				return t.Compare(y), true
			}
			return 0, false
		case bson.ObjectID:
			return strings.Compare(x, y.Hex()), true
		}
	case time.Time:
		switch y := b.(type) {
		case time.Time:
			return x.Compare(y), true
		case string:
			if t, err := ParseTime(y); err == nil {
				return x.Compare(t), true
			}
			return 0, false
		}
	case bson.ObjectID:
		switch y := b.(type) {
		case bson.ObjectID:
			return bytes.Compare(x[:], y[:]), true
		case string:
			return strings.Compare(x.Hex(), y), true
		}
	case []byte:
		if y, ok := b.([]byte); ok {
			return bytes.Compare(x, y), true
		}
	case JSON:
		if y, ok := b.(JSON); ok {
			return strings.Compare(JSONText(x), JSONText(y)), true
		}
	}
	if isNumber(a) && isNumber(b) {
		return compareNumbers(a, b), true
	}
	// MySQL compares a string with a number as numbers.
	if s, ok := a.(string); ok && isNumber(b) {
		return compareNumbers(StringToNumber(s), b), true
	}
	if s, ok := b.(string); ok && isNumber(a) {
		return compareNumbers(a, StringToNumber(s)), true
	}
	return 0, false
}

// compareNumbers compares as MySQL does: exactly between integers and
// decimals, as doubles as soon as one side is a double (so 0.1 = 0.1e0,
// and 2^53 + 1 equals the double 2^53).
func compareNumbers(a, b any) int {
	_, af := a.(float64)
	_, bf := b.(float64)
	if !af && !bf {
		ra, rb := toRat(a), toRat(b)
		if ra != nil && rb != nil {
			return ra.Cmp(rb)
		}
	}
	fa, _ := ToFloat(a)
	fb, _ := ToFloat(b)
	return cmp.Compare(fa, fb)
}

func toRat(v any) *big.Rat {
	switch x := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(x)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil
		}
		// Through the shortest decimal that reads back as x, as MySQL
		// turns a double into a DECIMAL (-1.555e0 → -1.555, not the
		// binary -1.55499999…).
		r, _ := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
		return r
	case bool:
		if x {
			return big.NewRat(1, 1)
		}
		return new(big.Rat)
	case bson.Decimal128:
		r, ok := DecimalRat(x)
		if ok {
			return r
		}
	}
	return nil
}

// StringToNumber reads a leading number from s as MySQL does in numeric
// context ("12abc" is 12, "abc" is 0).
func StringToNumber(s string) any {
	t := strings.TrimSpace(s)
	if i, err := strconv.ParseInt(t, 10, 64); err == nil {
		return i
	}
	p := NumericPrefix(t)
	for end := len(p); end > 0; end-- {
		if f, err := strconv.ParseFloat(p[:end], 64); err == nil {
			return f
		}
	}
	return int64(0)
}

// NumericPrefix is the leading decimal number of s, spaces trimmed
// ("12.5e1x" → "12.5e1").
func NumericPrefix(s string) string {
	s = strings.TrimSpace(s)
	end, digits, dot, exp := 0, false, false, false
	for ; end < len(s); end++ {
		c := s[end]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case (c == '+' || c == '-') && (end == 0 || s[end-1] == 'e' || s[end-1] == 'E'):
		case c == '.' && !dot && !exp:
			dot = true
		case (c == 'e' || c == 'E') && digits && !exp:
			exp = true
		default:
			return strings.TrimRight(s[:end], "eE+-")
		}
	}
	return strings.TrimRight(s, "eE+-")
}

// Time layouts accepted for DATE and DATETIME literals.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a MySQL date or datetime literal as UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid date/time value %q", s)
}

// Convert converts a non-NULL value to type t for storage or comparison with
// a column of that type. It returns an error a person can act on.
func Convert(v any, t Type) (any, error) {
	if v == nil {
		return nil, nil
	}
	// A value already in the type's form is returned as it came: boxing
	// it again would allocate, once per value of a bulk INSERT.
	switch v.(type) {
	case int64:
		if t.Kind == Int {
			return v, nil
		}
	case float64:
		if t.Kind == Double {
			return v, nil
		}
	case string:
		if t.Kind == Varchar || t.Kind == Text {
			return v, nil
		}
	}
	switch t.Kind {
	case Int:
		switch x := v.(type) {
		case int64:
			return x, nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case float64:
			r := math.RoundToEven(x)
			if r >= -9.223372036854775808e18 && r < 9.223372036854775808e18 {
				return int64(r), nil
			}
			return nil, fmt.Errorf("%s is out of range for %s", Describe(v), t.DatabaseTypeName())
		case bson.Decimal128:
			// Exactly, rounding half away from zero as MySQL rounds DECIMAL.
			if r, ok := DecimalRat(x); ok {
				if n, ok := new(big.Int).SetString(r.FloatString(0), 10); ok && n.IsInt64() {
					return n.Int64(), nil
				}
			}
			return nil, fmt.Errorf("%s is out of range for %s", Describe(v), t.DatabaseTypeName())
		case string:
			if i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
				return i, nil
			}
			if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return int64(math.Round(f)), nil
			}
		}
	case Bool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		case float64:
			return x != 0, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "1", "true":
				return true, nil
			case "0", "false":
				return false, nil
			}
		}
	case Double:
		if f, ok := ToFloat(v); ok {
			return f, nil
		}
		if s, ok := v.(string); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				return f, nil
			}
		}
	case Decimal:
		r := toRat(v)
		if r == nil {
			if str, ok := v.(string); ok {
				r, _ = new(big.Rat).SetString(strings.TrimSpace(str))
			}
		}
		if r == nil {
			break
		}
		text := r.RatString()
		if t.Scale > 0 || t.Precision > 0 {
			// DECIMAL(p,s) keeps s digits, rounding half away from zero.
			text = noNegZero(r.FloatString(t.Scale))
		} else if !r.IsInt() {
			f, _ := r.Float64()
			text = strconv.FormatFloat(f, 'f', -1, 64)
		}
		return bson.ParseDecimal128(text)
	case Varchar, Text:
		return ToString(v), nil
	case Date, DateTime:
		switch x := v.(type) {
		case time.Time:
			return truncTime(x.UTC(), t.Kind), nil
		case string:
			tm, err := ParseTime(x)
			if err != nil {
				return nil, err
			}
			return truncTime(tm, t.Kind), nil
		}
	case ObjectID:
		switch x := v.(type) {
		case bson.ObjectID:
			return x, nil
		case string:
			if id, err := bson.ObjectIDFromHex(x); err == nil {
				return id, nil
			}
			return x, nil
		}
		return v, nil
	case JSONKind:
		// JSON text written into a JSON column is stored as a document or
		// array, as MySQL parses it into its JSON type.
		if s, ok := v.(string); ok {
			if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
				if j, ok := ParseJSONText(t); ok {
					return j, nil
				}
				return nil, fmt.Errorf("invalid JSON text %s", Describe(v))
			}
		}
		return v, nil
	case Null:
		return v, nil
	case Blob:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	}
	return nil, fmt.Errorf("cannot convert %s to %s", Describe(v), t.DatabaseTypeName())
}

func truncTime(t time.Time, k Kind) time.Time {
	if k == Date {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return t.Truncate(time.Millisecond)
}

// Describe renders a value for an error message.
func Describe(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case nil:
		return "NULL"
	}
	return ToString(v)
}

// ToString renders a value as MySQL would in string context.
func ToString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FormatFloat(x)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case bson.Decimal128:
		return DecimalText(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case bson.ObjectID:
		return x.Hex()
	case []byte:
		return string(x)
	case JSON:
		return JSONText(x)
	}
	return fmt.Sprint(v)
}

// FormatFloat prints a double the way MySQL prints one (shortest form).
func FormatFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// JSONFormat renders JSON values for JSONText. The planner's JSON
// functions install MariaDB's format ({"a": 1, "b": [2, 3]}) at init, so a
// value prints the same whether read from a column or built by a function.
var JSONFormat func(JSON) string

// JSONText renders a document or array as JSON text.
func JSONText(j JSON) string {
	if JSONFormat != nil {
		return JSONFormat(j)
	}
	return compactJSON(j)
}

// compactJSON is the fallback: relaxed Extended JSON.
func compactJSON(j JSON) string {
	switch j.Raw.Type {
	case bson.TypeEmbeddedDocument:
		b, err := bson.MarshalExtJSON(j.Raw.Document(), false, false)
		if err == nil {
			return string(b)
		}
	case bson.TypeArray:
		b, err := bson.MarshalExtJSON(bson.D{{Key: "a", Value: j.Raw}}, false, false)
		if err == nil {
			s := string(b)
			return strings.TrimSuffix(strings.TrimPrefix(s, `{"a":`), "}")
		}
	}
	return j.Raw.String()
}

// ObjectIDHex is used where an ObjectId must print as 24 hex digits.
func ObjectIDHex(id bson.ObjectID) string { return hex.EncodeToString(id[:]) }

// FromRawAny maps a value already in stored form (as ToBSON returns) back
// to its in-process form, for keys and messages.
func FromRawAny(v any) any {
	if d, ok := v.(bson.DateTime); ok {
		return d.Time().UTC()
	}
	if r, ok := v.(bson.RawValue); ok {
		return FromRaw(r)
	}
	return v
}

// ParseJSONText reads JSON text into a document or array value; scalars
// (JSON strings, numbers) are refused, ok false.
func ParseJSONText(s string) (JSON, bool) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return JSON{}, false
	}
	var doc bson.Raw
	if err := bson.UnmarshalExtJSON([]byte(`{"v":`+t+`}`), false, &doc); err != nil {
		return JSON{}, false
	}
	v, err := doc.LookupErr("v")
	if err != nil {
		return JSON{}, false
	}
	return JSON{Raw: v}, true
}
