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
		"credit + 1":                     `{"$switch":{"branches":[{"case":{"$lte":["$credit",null]},"then":null}],"default":{"$add":["$credit",{"$literal":1}]}}}`,
		"total / 0":                      `{"$switch":{"branches":[{"case":{"$lte":["$total",null]},"then":null}],"default":{"$let":{"vars":{"r":{"$switch":{"branches":[{"case":{"$eq":[{"$literal":0},0]},"then":null}],"default":{"$divide":["$total",{"$literal":0}]}}}},"in":{"$switch":{"branches":[{"case":{"$and":[{"$gt":["$$r",null]},{"$or":[{"$gt":["$$r",1.7976931348623157E+308]},{"$lt":["$$r",-1.7976931348623157E+308]}]}]},"then":{"$toDouble":{"$concat":[{"$literal":"DOUBLE value is out of range: "},{"$toString":"$$r"}]}}}],"default":"$$r"}}}}}}`,
		"LENGTH(name)":                   `{"$switch":{"branches":[{"case":{"$lte":["$name",null]},"then":null}],"default":{"$strLenBytes":"$name"}}}`,
		"CHAR_LENGTH(city)":              `{"$switch":{"branches":[{"case":{"$lte":["$city",null]},"then":null}],"default":{"$strLenCP":"$city"}}}`,
		"COALESCE(city, name)":           `{"$ifNull":["$city","$name",null]}`,
		"YEAR(born)":                     `{"$switch":{"branches":[{"case":{"$lte":["$born",null]},"then":null}],"default":{"$toLong":{"$year":"$born"}}}}`,
		"CONCAT(name, '!')":              `{"$switch":{"branches":[{"case":{"$lte":["$name",null]},"then":null}],"default":{"$concat":["$name",{"$literal":"!"}]}}}`,
		"name LIKE 'a.b%'":               `{"$switch":{"branches":[{"case":{"$lte":["$name",null]},"then":null}],"default":{"$switch":{"branches":[{"case":{"$regexMatch":{"input":"$name","regex":"^a\\.b","options":"s"}},"then":1}],"default":0}}}}`,
		"vip IS NULL":                    `{"$switch":{"branches":[{"case":{"$lte":["$vip",null]},"then":1}],"default":0}}`,
		"id = credit":                    `{"$switch":{"branches":[{"case":{"$or":[{"$lte":["$_id",null]},{"$lte":["$credit",null]}]},"then":null}],"default":{"$switch":{"branches":[{"case":{"$eq":["$_id","$credit"]},"then":1}],"default":0}}}}`,
		"ROUND(total, 2)":                `{"$switch":{"branches":[{"case":{"$lte":["$total",null]},"then":null}],"default":{"$let":{"vars":{"y":{"$multiply":["$total",100.0]}},"in":{"$switch":{"branches":[{"case":{"$or":[{"$gt":["$$y",1.7976931348623157E+308]},{"$lt":["$$y",-1.7976931348623157E+308]}]},"then":"$total"}],"default":{"$add":[{"$divide":[{"$switch":{"branches":[{"case":{"$gt":[{"$subtract":["$$y",{"$floor":"$$y"}]},0.5]},"then":{"$add":[{"$floor":"$$y"},1.0]}},{"case":{"$lt":[{"$subtract":["$$y",{"$floor":"$$y"}]},0.5]},"then":{"$floor":"$$y"}}],"default":{"$add":[{"$floor":"$$y"},{"$abs":{"$mod":[{"$floor":"$$y"},2.0]}}]}}},100.0]},0.0]}}}}}}}`,
		"DATE_ADD(born, INTERVAL 1 DAY)": `{"$switch":{"branches":[{"case":{"$lte":["$born",null]},"then":null}],"default":{"$let":{"vars":{"d":{"$dateAdd":{"startDate":"$born","unit":"day","amount":{"$literal":1}}}},"in":{"$switch":{"branches":[{"case":{"$or":[{"$lt":["$$d",{"$date":{"$numberLong":"-62167219200000"}}]},{"$gte":["$$d",{"$date":{"$numberLong":"253402300800000"}}]}]},"then":null}],"default":"$$d"}}}}}}`,
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
