package planner

import (
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// bindOn plans "SELECT expr FROM table" and returns the bound expression.
func bindOn(t *testing.T, table, expr string) Expr {
	t.Helper()
	st, err := sqlparse.Parse("SELECT " + expr + " FROM " + table)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	p, err := Build(st, goldenCatalog, None)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return p.(*Query).Root.(*Project).Exprs[0]
}

func extJSON(v any) string {
	b, err := bson.MarshalExtJSON(bson.D{{Key: "v", Value: v}}, false, false)
	if err != nil {
		return "ERR " + err.Error()
	}
	return strings.TrimSuffix(strings.TrimPrefix(string(b), `{"v":`), "}")
}

// TestAggValueTranslations pins the MQL of typical expressions and which
// ones stay in-process because MongoDB would answer differently.
func TestAggValueTranslations(t *testing.T) {
	pushed := map[string]string{
		"credit + 1":                     `{"$cond":[{"$lte":["$credit",null]},null,{"$add":["$credit",{"$literal":1}]}]}`,
		"total / 0":                      `{"$cond":[{"$lte":["$total",null]},null,{"$cond":[{"$eq":[{"$literal":0},0]},null,{"$divide":["$total",{"$literal":0}]}]}]}`,
		"LENGTH(name)":                   `{"$cond":[{"$lte":["$name",null]},null,{"$strLenBytes":"$name"}]}`,
		"CHAR_LENGTH(city)":              `{"$cond":[{"$lte":["$city",null]},null,{"$strLenCP":"$city"}]}`,
		"COALESCE(city, name)":           `{"$ifNull":["$city","$name",null]}`,
		"YEAR(born)":                     `{"$cond":[{"$lte":["$born",null]},null,{"$toLong":{"$year":"$born"}}]}`,
		"CONCAT(name, '!')":              `{"$cond":[{"$lte":["$name",null]},null,{"$concat":["$name",{"$literal":"!"}]}]}`,
		"name LIKE 'a.b%'":               `{"$cond":[{"$lte":["$name",null]},null,{"$cond":[{"$regexMatch":{"input":"$name","regex":"^a\\.b","options":"s"}},1,0]}]}`,
		"vip IS NULL":                    `{"$cond":[{"$lte":["$vip",null]},1,0]}`,
		"id = credit":                    `{"$cond":[{"$or":[{"$lte":["$_id",null]},{"$lte":["$credit",null]}]},null,{"$cond":[{"$eq":["$_id","$credit"]},1,0]}]}`,
		"ROUND(total, 2)":                `{"$cond":[{"$lte":["$total",null]},null,{"$round":["$total",2]}]}`,
		"DATE_ADD(born, INTERVAL 1 DAY)": `{"$cond":[{"$lte":["$born",null]},null,{"$dateAdd":{"startDate":"$born","unit":"day","amount":{"$literal":1}}}]}`,
	}
	for e, want := range pushed {
		table := "customers"
		if strings.Contains(e, "total") {
			table = "orders"
		}
		x := bindOn(t, table, e)
		got, ok := aggValue(x)
		if !ok {
			t.Errorf("%s: not translated", e)
			continue
		}
		if g := extJSON(got); g != want {
			t.Errorf("%s:\n got %s\nwant %s", e, g, want)
		}
	}
	// MongoDB differs: $toUpper is ASCII-only, $round is half-to-even for
	// exact numbers, strings in arithmetic raise errors, …
	for _, e := range []string{"UPPER(name)", "LOWER(city)", "ROUND(credit)", "name + 1", "REVERSE(name)",
		"LPAD(name, 5, 'x')", "TIMESTAMPDIFF(MONTH, born, born)", "CONCAT_WS(',', name, city)", "CAST(credit AS DECIMAL(5,2))"} {
		if v, ok := aggValue(bindOn(t, "customers", e)); ok {
			t.Errorf("%s: translated to %s, want in-process", e, extJSON(v))
		}
	}
}

func TestLikeMatch(t *testing.T) {
	for _, c := range [][2]string{
		{"name LIKE 'abc%'", `{"name":{"$regex":"^abc","$options":"s"}}`},
		{"name LIKE 'a_c'", `{"name":{"$regex":"^a.c\\z","$options":"s"}}`},
		{"name LIKE '%(x)+[y]%'", `{"name":{"$regex":"^.*\\(x\\)\\+\\[y\\]","$options":"s"}}`},
		{"name LIKE 'a|%b' ESCAPE '|'", `{"name":{"$regex":"^a%b\\z","$options":"s"}}`},
	} {
		m, ok := toMatch(normalize(bindOn(t, "customers", c[0]), false))
		if !ok {
			t.Errorf("%s: not pushed", c[0])
			continue
		}
		b, _ := bson.MarshalExtJSON(m, false, false)
		if string(b) != c[1] {
			t.Errorf("%s:\n got %s\nwant %s", c[0], b, c[1])
		}
	}
	// A number column: 12 LIKE '1%' is TRUE in SQL, a $regex never matches a number.
	if _, ok := toMatch(bindOn(t, "customers", "credit LIKE '1%'")); ok {
		t.Error("LIKE on a DECIMAL column pushed as $regex")
	}
	if _, ok := toMatch(normalize(bindOn(t, "customers", "name NOT LIKE 'a%'"), false)); ok {
		t.Error("NOT LIKE pushed")
	}
}

func TestJSONColumn(t *testing.T) {
	raw := bson.RawValue{Type: bson.TypeEmbeddedDocument}
	doc, _ := bson.Marshal(bson.D{{Key: "a", Value: bson.D{{Key: "b", Value: "x"}}}, {Key: "n", Value: bson.A{int32(1), 2.5, "s"}}})
	raw.Value = doc
	row := sqltypes.Row{bson.NewObjectID(), "k", int64(1), sqltypes.JSON{Raw: raw}}
	for _, c := range [][2]string{
		{"JSON_EXTRACT(payload, '$.a')", `{"b": "x"}`},
		{"payload -> '$.a.b'", `"x"`},
		{"payload ->> '$.a.b'", `x`},
		{"JSON_EXTRACT(payload, '$.n[1]')", `2.5`},
		{"JSON_LENGTH(payload, '$.n')", `3`},
		{"JSON_TYPE(payload)", `OBJECT`},
		{"JSON_CONTAINS(payload, '\"s\"', '$.n')", `1`},
		{"JSON_UNQUOTE(payload -> '$.missing')", `NULL`},
		{"payload", `{"a": {"b": "x"}, "n": [1, 2.5, "s"]}`},
	} {
		x := bindOn(t, "events", c[0])
		v, err := Eval(x, row, &Env{})
		if err != nil {
			t.Errorf("%s: %v", c[0], err)
			continue
		}
		if g := render(v, x.Type()); g != c[1] {
			t.Errorf("%s = %s, want %s", c[0], g, c[1])
		}
	}
	x := bindOn(t, "events", "payload ->> '$.a.b'")
	if v, ok := aggValue(x); !ok || !strings.Contains(extJSON(v), `"$payload.a.b"`) {
		t.Errorf("->> on a JSON column: %v %v", extJSON(v), ok)
	}
}
