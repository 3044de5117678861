package twins

import (
	"fmt"
	"strings"
)

// table is a scratch table of argument values: the same DDL and rows on
// every engine. Column id orders the rows.
type table struct {
	name string
	cols []string   // "name TYPE"
	rows [][]string // SQL literals, one per column
}

func (t table) create() string {
	return "CREATE TABLE " + t.name + " (id INT PRIMARY KEY, " + strings.Join(t.cols, ", ") + ")"
}

func (t table) insert() string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i], _, _ = strings.Cut(c, " ")
	}
	tuples := make([]string, len(t.rows))
	for i, r := range t.rows {
		tuples[i] = fmt.Sprintf("(%d, %s)", i+1, strings.Join(r, ", "))
	}
	return "INSERT INTO " + t.name + " (id, " + strings.Join(names, ", ") + ") VALUES " + strings.Join(tuples, ", ")
}

// cross pairs every value of xs with every value of ys, column by column:
// row (i, j) holds xs[k][i] and ys[k][j] for each type k.
func cross(xs, ys [][]string) [][]string {
	var rows [][]string
	for i := range xs[0] {
		for j := range ys[0] {
			var r []string
			for k := range xs {
				r = append(r, xs[k][i], ys[k][j])
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// One value per row in every numeric type that holds it (NULL where it
// does not), and as a string.
var numRows = [][]string{
	{"NULL", "NULL", "NULL", "NULL"},
	{"0", "0e0", "0", "'0'"},
	{"1", "1e0", "1", "'1'"},
	{"-1", "-1e0", "-1", "'-1'"},
	{"NULL", "0.15e0", "0.15", "'0.15'"},
	{"NULL", "2.5e0", "2.5", "'2.5'"},
	{"NULL", "-2.5e0", "-2.5", "'-2.5'"},
	{"NULL", "0.5e0", "0.5", "'0.5'"},
	{"NULL", "-0.5e0", "-0.5", "'-0.5'"},
	{"NULL", "1.5e0", "1.5", "'1.5'"},
	{"NULL", "0.1e0", "0.1", "'0.1'"},
	{"NULL", "2.675e0", "2.675", "'2.675'"},
	{"NULL", "1.005e0", "1.005", "'1.005'"},
	{"NULL", "-0.0001e0", "-0.0001", "'-0.0001'"},
	{"9223372036854775807", "9.223372036854775807e18", "9223372036854775807", "'9223372036854775807'"},
	{"-9223372036854775808", "-9.223372036854775808e18", "-9223372036854775808", "'-9223372036854775808'"},
	{"9007199254740993", "9007199254740993e0", "9007199254740993", "'9007199254740993'"},
	{"-9007199254740992", "-9007199254740992e0", "-9007199254740992", "'-9007199254740992'"},
	{"NULL", "1e308", "NULL", "'1e308'"},
	{"NULL", "-1e308", "NULL", "'-1e308'"},
	{"NULL", "5e-324", "NULL", "'5e-324'"},
	{"NULL", "1.2345678901234568e29", "123456789012345678901234567890.1234", "'123456789012345678901234567890.1234'"},
	{"NULL", "-1e29", "-99999999999999999999999999999.9999", "'-99999999999999999999999999999.9999'"},
	{"7", "7e0", "7", "'7'"},
	{"-7", "-7e0", "-7", "'-7'"},
	{"3", "3e0", "3", "' 3abc'"},
	{"NULL", "1234567890123456.7e0", "1234567890123456.7", "'1234567890123456.7'"},
	{"NULL", "1e-7", "0.0001", "'1e-7'"},
	{"100", "1e2", "100", "'1e2'"},
	{"NULL", "123.456e0", "123.456", "''"},
	{"NULL", "-0.15e0", "-0.15", "'-0.15'"},
	{"NULL", "0.285e0", "0.285", "'ab'"},
}

// Pairs of values for binary operators: ints, doubles and decimals.
var (
	pairInts = []string{"NULL", "0", "1", "-1", "7", "-3", "9223372036854775807", "-9223372036854775808", "9007199254740993"}
	pairDbls = []string{"NULL", "0e0", "1e0", "-1e0", "2.5e0", "-3e0", "0.1e0", "1e308", "-2.5e0"}
	pairDecs = []string{"NULL", "0", "1", "-1", "2.5", "-3", "0.1", "123456789012345678901234567890.1234", "-2.5"}
)

var strVals = []string{"NULL", "''", "' '", "'a'", "'abc'", "' abc  '", "'ÄÖü'", "'straße'", "'İi'", "'日本語テキスト'",
	"'😀x😀'", "'a%b_c'", "'A.B*C'", "'x\\ty'", "'it''s'", "'line1\\nline2'", "'123'", "'-1.5e3'", "'aaa'", "'ÿ'", "'abc\\n'"}

var patVals = []string{"NULL", "''", "'a'", "'b'", "'ß'", "'😀'", "'%'", "'aa'", "' '"}

var dateVals = []string{"NULL", "'1970-01-01'", "'1969-12-31'", "'1900-01-01'", "'2000-02-29'", "'2024-02-29'",
	"'2023-02-28'", "'2024-12-31'", "'2025-01-01'", "'2021-01-03'", "'2008-12-29'", "'1000-01-01'", "'9999-12-31'",
	"'2024-01-31'", "'2019-12-30'", "'1955-11-05'"}

var datetimeVals = []string{"NULL", "'1970-01-01 00:00:00'", "'1969-12-31 23:59:59'", "'1900-01-01 00:00:00'",
	"'2000-02-29 12:00:00'", "'2024-02-29 23:59:59'", "'2023-02-28 00:00:01'", "'2024-12-31 12:34:56'",
	"'2025-01-01 00:00:00'", "'2021-01-03 06:07:08'", "'2008-12-29 13:14:15'", "'1000-01-01 00:00:00'",
	"'9999-12-31 23:59:59'", "'2024-01-31 08:09:10'", "'2019-12-30 18:00:00'", "'2038-01-19 03:14:08'"}

var jsonVals = []string{"NULL", `'{}'`, `'[]'`, `'{"a": 1}'`, `'{"a": {"b": "x"}}'`, `'[1, 2, 3]'`,
	`'{"a": [1, {"b": 2.5}], "c": null}'`, `'{"a": "ß😀"}'`, `'[{"a": 1}, {"a": 2}]'`, `'{"a": true}'`}

func columns(vals ...[]string) [][]string { return vals }

// Aggregate input: groups with edge values; g 4 has no rows with values.
var aggRows = [][]string{
	// g, i, d, m, s
	{"1", "9223372036854775807", "0.1e0", "123456789012345678901234567890.1234", "'a'"},
	{"1", "9223372036854775807", "0.2e0", "123456789012345678901234567890.1235", "'ß'"},
	{"1", "1", "0.3e0", "0.0001", "'a'"},
	{"1", "NULL", "NULL", "NULL", "NULL"},
	{"2", "-9223372036854775808", "1e308", "-2.5", "''"},
	{"2", "-1", "1e308", "2.5", "'😀'"},
	{"2", "3", "-1e308", "0.15", "''"},
	{"3", "NULL", "NULL", "NULL", "NULL"},
	{"4", "7", "1e-7", "1.0000", "'x'"},
	{"5", "2", "0.1e0", "0.1", "'y'"},
	{"5", "2", "0.1e0", "0.1", "'y'"},
	{"5", "-3", "-0.1e0", "-0.1", "'Y'"},
	{"5", "0", "2.5e0", "0", "'z'"},
	{"6", "1", "1e0", "1", "'1'"},
	{"6", "1", "1e0", "1.0000", "'1.0'"},
	{"6", "9007199254740993", "9007199254740992e0", "9007199254740993", "'2'"},
	{"6", "9007199254740992", "9007199254740993e0", "9007199254740992", "'3'"},
}

var tables = []table{
	{name: "twin_num", cols: []string{"i BIGINT", "d DOUBLE", "m DECIMAL(34,4)", "s VARCHAR(64)"}, rows: numRows},
	{name: "twin_num2", cols: []string{"a BIGINT", "b BIGINT", "x DOUBLE", "y DOUBLE", "p DECIMAL(34,4)", "q DECIMAL(34,4)"},
		rows: cross(columns(pairInts, pairDbls, pairDecs), columns(pairInts, pairDbls, pairDecs))},
	{name: "twin_str", cols: []string{"s VARCHAR(200)", "t TEXT"}, rows: twice(strVals)},
	{name: "twin_str2", cols: []string{"s VARCHAR(200)", "p VARCHAR(20)"}, rows: cross(columns(strVals), columns(patVals))},
	{name: "twin_date", cols: []string{"d DATE", "ts DATETIME", "s VARCHAR(30)"}, rows: dateRows()},
	{name: "twin_date2", cols: []string{"d DATE", "e DATE", "ts DATETIME", "us DATETIME"},
		rows: cross(columns(dateVals[:8], datetimeVals[:8]), columns(dateVals[8:], datetimeVals[8:]))},
	{name: "twin_json", cols: []string{"j JSON"}, rows: one(jsonVals)},
	{name: "twin_agg", cols: []string{"g INT", "i BIGINT", "d DOUBLE", "m DECIMAL(34,4)", "s VARCHAR(600)"}, rows: append(aggRows, concatRows()...)},
}

func one(vs []string) [][]string {
	out := make([][]string, len(vs))
	for i, v := range vs {
		out[i] = []string{v}
	}
	return out
}

func twice(vs []string) [][]string {
	out := make([][]string, len(vs))
	for i, v := range vs {
		out[i] = []string{v, v}
	}
	return out
}

func dateRows() [][]string {
	out := make([][]string, len(dateVals))
	for i := range dateVals {
		out[i] = []string{dateVals[i], datetimeVals[i], datetimeVals[i]}
	}
	return out
}

// concatRows make GROUP_CONCAT cross 1024 bytes inside a character: group
// 7 joins three strings of 342 three-byte characters (the cut falls inside
// the 342nd), group 8 mixes one- to four-byte characters.
func concatRows() [][]string {
	var out [][]string
	for k := 0; k < 3; k++ {
		out = append(out, []string{"7", "NULL", "NULL", "NULL", "'" + strings.Repeat("日", 342) + "'"})
	}
	for k := 0; k < 12; k++ {
		out = append(out, []string{"8", "NULL", "NULL", "NULL", "'" + strings.Repeat("aß😀", 7+k%5) + "'"})
	}
	return out
}
