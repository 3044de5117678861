package sqltypes

import (
	"errors"
	"math"
	"testing"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

func TestStore(t *testing.T) {
	typ := func(name string, mods ...func(*Type)) Type {
		tt, ok := ParseType(name)
		if !ok {
			t.Fatalf("type %s", name)
		}
		for _, m := range mods {
			m(&tt)
		}
		return tt
	}
	unsigned := func(t *Type) { t.Unsigned = true }
	length := func(n int) func(*Type) { return func(t *Type) { t.Length = n } }
	prec := func(p, s int) func(*Type) { return func(t *Type) { t.Precision, t.Scale = p, s } }
	for _, tc := range []struct {
		v      any
		t      Type
		strict any // the value stored, or the MySQL error number
		loose  any // the same without strict mode
	}{
		{int64(127), typ("TINYINT"), int64(127), int64(127)},
		{int64(300), typ("TINYINT"), 1264, int64(127)},
		{int64(-129), typ("TINYINT"), 1264, int64(-128)},
		{int64(-1), typ("TINYINT", unsigned), 1264, int64(0)},
		{int64(256), typ("TINYINT", unsigned), 1264, int64(255)},
		{int64(32768), typ("SMALLINT"), 1264, int64(32767)},
		{int64(8388608), typ("MEDIUMINT"), 1264, int64(8388607)},
		{int64(99999999999), typ("INT"), 1264, int64(math.MaxInt32)},
		{int64(4294967295), typ("INT", unsigned), int64(4294967295), int64(4294967295)},
		{int64(-1), typ("BIGINT", unsigned), 1264, int64(0)},
		{dec("9223372036854775808"), typ("BIGINT"), 1264, int64(math.MaxInt64)},
		{1e19, typ("BIGINT"), 1264, int64(math.MaxInt64)},
		{2.5, typ("INT"), int64(2), int64(2)}, // a double rounds half to even (rint)
		{dec("2.5"), typ("INT"), int64(3), int64(3)},
		{dec("127.5"), typ("TINYINT"), 1264, int64(127)},
		{"2.5", typ("INT"), int64(3), int64(3)},
		{" 12 ", typ("INT"), int64(12), int64(12)},
		{"1e3", typ("INT"), int64(1000), int64(1000)},
		{"abc", typ("INT"), 1366, int64(0)},
		{"", typ("INT"), 1366, int64(0)},
		{"12abc", typ("INT"), 1265, int64(12)},
		{"0x10", typ("INT"), 1265, int64(0)},
		{"300", typ("TINYINT"), 1264, int64(127)},
		{"abc", typ("DOUBLE"), 1366, 0.0},
		{"1.5x", typ("DOUBLE"), 1265, 1.5},
		{1e39, typ("FLOAT"), 1264, float64(math.MaxFloat32)},
		{math.Inf(1), typ("DOUBLE"), 1264, math.MaxFloat64},
		{"abc", typ("DECIMAL", prec(5, 2)), 1366, dec("0.00")},
		{int64(1000), typ("DECIMAL", prec(5, 2)), 1264, dec("999.99")},
		{dec("999.995"), typ("DECIMAL", prec(5, 2)), 1264, dec("999.99")},
		{dec("-999.994"), typ("DECIMAL", prec(5, 2)), dec("-999.99"), dec("-999.99")},
		{"-1000", typ("DECIMAL", prec(5, 2)), 1264, dec("-999.99")},
		{int64(300), typ("BOOL"), 1264, true},
		{int64(2), typ("BOOL"), true, true},
		{"0", typ("BOOL"), false, false},
		{"true", typ("BOOL"), 1366, false},
		{int64(1800), typ("YEAR"), 1264, int64(0)},
		{int64(24), typ("YEAR"), int64(2024), int64(2024)},
		{int64(2155), typ("YEAR"), int64(2155), int64(2155)},
		{"abcdefghij", typ("VARCHAR", length(10)), "abcdefghij", "abcdefghij"},
		{"abcdefghijk", typ("VARCHAR", length(10)), 1406, "abcdefghij"},
		{"ééééééééé", typ("VARCHAR", length(9)), "ééééééééé", "ééééééééé"},
		{"éééééééééé", typ("VARCHAR", length(9)), 1406, "ééééééééé"},
		{"abc   ", typ("VARCHAR", length(3)), "abc", "abc"},
		{"ab  ", typ("VARCHAR", length(3)), "ab ", "ab "},
		{"ab  ", typ("CHAR", length(3)), "ab", "ab"},
		{"abcd", typ("CHAR", length(3)), 1406, "abc"},
		{"ab", typ("CHAR"), 1406, "a"}, // CHAR is CHAR(1)
		{int64(12345), typ("VARCHAR", length(3)), 1406, "123"},
		{string(make([]byte, 256)), typ("TINYTEXT"), 1406, string(make([]byte, 255))},
		{"xé", typ("TINYTEXT"), "xé", "xé"},
		{"1e999999999", typ("INT"), 1264, int64(math.MaxInt32)},
		{"-1e999999999", typ("DECIMAL", prec(5, 2)), 1264, dec("-999.99")},
		{"1e-999999999", typ("DOUBLE"), 0.0, 0.0},
		{"0e999999999", typ("INT"), int64(0), int64(0)},
		{"2020-13-45", typ("DATE"), 1292, 1292},
		{"2020-00-10", typ("DATETIME"), 1292, 1292},
	} {
		for _, strict := range []bool{true, false} {
			want := tc.loose
			if strict {
				want = tc.strict
			}
			got, err := Store(tc.v, tc.t, strict, "c", 2)
			if n, isErr := want.(int); isErr {
				var se *sqlerr.Error
				if !errors.As(err, &se) || se.Number != n {
					t.Errorf("Store(%#v, %s, strict=%v) = %#v, %v; want error %d", tc.v, tc.t.DatabaseTypeName(), strict, got, err, n)
				}
				continue
			}
			if err != nil || got != want {
				t.Errorf("Store(%#v, %s, strict=%v) = %#v, %v; want %#v", tc.v, tc.t.DatabaseTypeName(), strict, got, err, want)
			}
		}
	}
	if _, err := Store(int64(300), typ("TINYINT"), true, "ti", 3); err == nil || err.Error() != "sqlmongo: Out of range value for column 'ti' at row 3" {
		t.Errorf("message: %v", err)
	}
}

func TestParseSQLMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want SQLMode
		err  bool
	}{
		{DefaultSQLMode, SQLMode{Strict: true, DivisionByZero: true}, false},
		{"", SQLMode{}, false},
		{"strict_all_tables", SQLMode{Strict: true}, false},
		{"TRADITIONAL", SQLMode{Strict: true, DivisionByZero: true}, false},
		{"ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION", SQLMode{Strict: true, DivisionByZero: true}, false},
		{"ERROR_FOR_DIVISION_BY_ZERO", SQLMode{DivisionByZero: true}, false},
		{"ANSI_QUOTES", SQLMode{}, true},
		{"STRICT", SQLMode{}, true},
	} {
		got, err := ParseSQLMode(tc.in)
		if got.Text = ""; (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("ParseSQLMode(%q) = %+v, %v", tc.in, got, err)
		}
	}
	if (SQLMode{DivisionByZero: true}).DivisionByZeroError() || !(SQLMode{Strict: true, DivisionByZero: true}).DivisionByZeroError() {
		t.Error("DivisionByZeroError")
	}
}

func TestStoreAllocs(t *testing.T) {
	intT, _ := ParseType("INT")
	dblT, _ := ParseType("DOUBLE")
	vcT, _ := ParseType("VARCHAR")
	vcT.Length = 20
	for _, tc := range []struct {
		v any
		t Type
	}{{any(int64(123456)), intT}, {any(1.5), dblT}, {any("hello"), vcT}} {
		if n := testing.AllocsPerRun(100, func() { Store(tc.v, tc.t, true, "c", 1) }); n != 0 {
			t.Errorf("Store(%v, %s) allocates %v times", tc.v, tc.t.DatabaseTypeName(), n)
		}
	}
}
