package sqltypes

import (
	"math"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func dec(s string) bson.Decimal128 {
	d, err := bson.ParseDecimal128(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCompare(t *testing.T) {
	day := time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		a, b any
		want int
		ok   bool
	}{
		{int64(1), 1.0, 0, true},
		{int64(math.MaxInt64), float64(math.MaxInt64), 0, true},     // as doubles, as MySQL compares
		{int64(9007199254740993), 9007199254740992.0, 0, true},      // likewise
		{int64(9007199254740993), dec("9007199254740992"), 1, true}, // exact without a double
		{dec("2.50"), 2.5, 0, true},
		{dec("0.1"), 0.1, 0, true}, // MySQL: 0.1 = 0.1e0
		{"abc", "abd", -1, true},
		{"B", "a", -1, true}, // by code point
		{"a ", "a", 1, true}, // NO PAD: the trailing space counts
		{"12abc", int64(12), 0, true},
		{"abc", int64(0), 0, true},
		{day, "2024-01-05", 0, true},
		{day, "2024-01-05 00:00:01", -1, true},
		{true, int64(1), 0, true},
		{day, int64(1), 0, false},
	} {
		got, ok := Compare(tc.a, tc.b)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("Compare(%#v, %#v) = %d, %v; want %d, %v", tc.a, tc.b, got, ok, tc.want, tc.ok)
		}
	}
}

func TestConvert(t *testing.T) {
	d2 := Type{Kind: Decimal, Precision: 10, Scale: 2}
	for _, tc := range []struct {
		v    any
		t    Type
		want any
	}{
		{"1.555", d2, dec("1.56")},  // half away from zero
		{-1.555, d2, dec("-1.56")},  // through the double's shortest text, as MySQL
		{"2.5", d2, dec("2.50")},    // scale shown
		{int64(7), d2, dec("7.00")}, // integers get the scale too
		{"7", Type{Kind: Int}, int64(7)},
		{2.5, Type{Kind: Int}, int64(2)},        // half to even, as for a double
		{dec("2.5"), Type{Kind: Int}, int64(3)}, // half away from zero, as for a DECIMAL
		{int64(1), Type{Kind: Bool}, true},
		{"true", Type{Kind: Bool}, true},
		{"2024-01-05 10:30:00", Type{Kind: Date}, time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC)},
		{int64(42), Type{Kind: Varchar}, "42"},
	} {
		got, err := Convert(tc.v, tc.t)
		if err != nil || got != tc.want {
			t.Errorf("Convert(%#v, %v) = %#v, %v; want %#v", tc.v, tc.t.DatabaseTypeName(), got, err, tc.want)
		}
	}
	for _, bad := range []struct {
		v any
		t Type
	}{
		{"abc", Type{Kind: Int}},
		{"not a date", Type{Kind: DateTime}},
		{"{broken", Type{Kind: JSONKind}},
		{dec("9223372036854775808"), Type{Kind: Int}}, // past int64: an error, not a wrapped value
		{1e19, Type{Kind: Int}},
	} {
		if _, err := Convert(bad.v, bad.t); err == nil {
			t.Errorf("Convert(%#v, %v): no error", bad.v, bad.t.DatabaseTypeName())
		}
	}
}

func TestParseJSONText(t *testing.T) {
	j, ok := ParseJSONText(`{"a": [1, 2.5, "x", null], "b": {"c": true}}`)
	if !ok || j.Raw.Type != bson.TypeEmbeddedDocument {
		t.Fatalf("object: %v %v", j, ok)
	}
	if v := j.Raw.Document().Lookup("b", "c"); !v.Boolean() {
		t.Errorf("b.c = %v", v)
	}
	if _, ok := ParseJSONText(`"just a string"`); ok {
		t.Error("a JSON scalar is not a document or array")
	}
	if a, ok := ParseJSONText(`[1, [2]]`); !ok || a.Raw.Type != bson.TypeArray {
		t.Errorf("array: %v %v", a, ok)
	}
}

func TestStringToNumber(t *testing.T) {
	for in, want := range map[string]any{"12": int64(12), " 12 ": int64(12), "12.5abc": 12.5, "1e3x": 1000.0, "abc": int64(0), "-3": int64(-3), ".5": 0.5} {
		if got := StringToNumber(in); got != want {
			t.Errorf("StringToNumber(%q) = %#v, want %#v", in, got, want)
		}
	}
}

func TestFromRawNegativeZeroDecimal(t *testing.T) {
	for _, text := range []string{"-0", "-0.000", "-0E+3"} {
		d, err := bson.ParseDecimal128(text)
		if err != nil {
			t.Fatal(err)
		}
		typ, data, _ := bson.MarshalValue(d)
		got := FromRaw(bson.RawValue{Type: typ, Value: data}).(bson.Decimal128)
		if strings.HasPrefix(got.String(), "-") {
			t.Errorf("%s read as %s, want no sign", text, got)
		}
	}
	d, _ := bson.ParseDecimal128("-1.5")
	typ, data, _ := bson.MarshalValue(d)
	if got := FromRaw(bson.RawValue{Type: typ, Value: data}).(bson.Decimal128); got.String() != "-1.5" {
		t.Errorf("-1.5 read as %s", got)
	}
}
