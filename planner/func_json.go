package planner

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// JSON functions over sub-documents, arrays and JSON text. Values are
// trees of jnode: jobj (ordered), []any, jnum (number text), string,
// bool, jnull. Results print as MariaDB prints JSON: `{"a": 1, "b": [1, 2]}`.

type jkv struct {
	k string
	v any
}
type jobj []jkv
type jnum string
type jnullT struct{}

var jnull = jnullT{}

// jsonFromRaw converts a BSON value to a JSON tree.
func jsonFromRaw(v bson.RawValue) any {
	switch v.Type {
	case bson.TypeEmbeddedDocument:
		elems, _ := v.Document().Elements()
		o := make(jobj, 0, len(elems))
		for _, e := range elems {
			o = append(o, jkv{e.Key(), jsonFromRaw(e.Value())})
		}
		return o
	case bson.TypeArray:
		vals, _ := v.Array().Values()
		a := make([]any, len(vals))
		for i, x := range vals {
			a[i] = jsonFromRaw(x)
		}
		return a
	case bson.TypeNull, bson.TypeUndefined:
		return jnull
	}
	return jsonFromSQL(sqltypes.FromRaw(v), sqltypes.Type{})
}

// jsonFromSQL converts a SQL scalar to a JSON value (strings stay strings).
func jsonFromSQL(v any, t sqltypes.Type) any {
	switch x := v.(type) {
	case nil:
		return jnull
	case int64:
		return jnum(strconv.FormatInt(x, 10))
	case float64:
		if t.Kind == sqltypes.Decimal {
			return jnum(strconv.FormatFloat(x, 'f', -1, 64))
		}
		return jnum(floatStr(x))
	case bson.Decimal128:
		return jnum(strOf(x, t))
	case bool:
		return x
	case string:
		return x
	case time.Time:
		return strOf(x, t)
	case sqltypes.JSON:
		return jsonFromRaw(x.Raw)
	case bson.ObjectID:
		return x.Hex()
	case []byte:
		return string(x)
	}
	return sqltypes.ToString(v)
}

// parseJSON reads JSON text keeping object key order and number text.
func parseJSON(s string) (any, bool) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	v, ok := parseJSONValue(d)
	if !ok {
		return nil, false
	}
	if _, err := d.Token(); err == nil {
		return nil, false // trailing data
	}
	return v, true
}

func parseJSONValue(d *json.Decoder) (any, bool) {
	tok, err := d.Token()
	if err != nil {
		return nil, false
	}
	switch x := tok.(type) {
	case json.Delim:
		switch x {
		case '{':
			o := jobj{}
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, false
				}
				k, ok := kt.(string)
				if !ok {
					return nil, false
				}
				v, ok := parseJSONValue(d)
				if !ok {
					return nil, false
				}
				o = append(o, jkv{k, v})
			}
			if _, err := d.Token(); err != nil {
				return nil, false
			}
			return o, true
		case '[':
			a := []any{}
			for d.More() {
				v, ok := parseJSONValue(d)
				if !ok {
					return nil, false
				}
				a = append(a, v)
			}
			if _, err := d.Token(); err != nil {
				return nil, false
			}
			return a, true
		}
		return nil, false
	case json.Number:
		return jnum(x.String()), true
	case string, bool:
		return x, true
	case nil:
		return jnull, true
	}
	return nil, false
}

// jsonArg reads a function argument that is a JSON document: a JSON
// value, or JSON text.
func jsonArg(v any, t sqltypes.Type) (any, bool) {
	switch x := v.(type) {
	case sqltypes.JSON:
		return jsonFromRaw(x.Raw), true
	case string:
		return parseJSON(x)
	case []byte:
		return parseJSON(string(x))
	}
	return jsonFromSQL(v, t), true
}

// jsonValueArg reads a value to embed (JSON_OBJECT, JSON_ARRAY): JSON
// typed arguments nest as JSON, anything else is a scalar.
func jsonValueArg(v any, t sqltypes.Type) any {
	if t.Kind == sqltypes.JSONKind {
		if j, ok := jsonArg(v, t); ok {
			return j
		}
	}
	return jsonFromSQL(v, t)
}

func quoteJSON(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// jsonText renders a JSON tree (or a BSON value) as MariaDB does.
func jsonText(v any) string {
	var sb strings.Builder
	writeJSON(&sb, v)
	return sb.String()
}

func writeJSON(sb *strings.Builder, v any) {
	switch x := v.(type) {
	case bson.RawValue:
		writeJSON(sb, jsonFromRaw(x))
	case jobj:
		sb.WriteByte('{')
		for i, kv := range x {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(quoteJSON(kv.k))
			sb.WriteString(": ")
			writeJSON(sb, kv.v)
		}
		sb.WriteByte('}')
	case []any:
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeJSON(sb, e)
		}
		sb.WriteByte(']')
	case jnum:
		sb.WriteString(string(x))
	case string:
		sb.WriteString(quoteJSON(x))
	case bool:
		sb.WriteString(strconv.FormatBool(x))
	case jnullT, nil:
		sb.WriteString("null")
	default:
		sb.WriteString(quoteJSON(sqltypes.ToString(x)))
	}
}

// A JSON path step: a key, an index, or a wildcard.
type jstep struct {
	key   string
	index int // -1 for a key step
	wild  bool
}

func parseJSONPath(p string) ([]jstep, bool) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "$") {
		return nil, false
	}
	var steps []jstep
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
			if i < len(p) && p[i] == '*' {
				steps = append(steps, jstep{index: -1, wild: true})
				i++
				continue
			}
			if i < len(p) && p[i] == '"' {
				j := i + 1
				for j < len(p) && p[j] != '"' {
					if p[j] == '\\' {
						j++
					}
					j++
				}
				if j >= len(p) {
					return nil, false
				}
				k, err := strconv.Unquote(p[i : j+1])
				if err != nil {
					return nil, false
				}
				steps = append(steps, jstep{key: k, index: -1})
				i = j + 1
				continue
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i {
				return nil, false
			}
			steps = append(steps, jstep{key: p[i:j], index: -1})
			i = j
		case '[':
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				return nil, false
			}
			in := strings.TrimSpace(p[i+1 : i+j])
			if in == "*" {
				steps = append(steps, jstep{index: -1, wild: true, key: "[*]"})
			} else {
				n, err := strconv.Atoi(in)
				if err != nil || n < 0 {
					return nil, false
				}
				steps = append(steps, jstep{index: n})
			}
			i += j + 1
		case ' ':
			i++
		default:
			return nil, false
		}
	}
	return steps, true
}

// jsonSelect returns the values at path in doc, and whether the path has
// wildcards (then the result is always an array).
func jsonSelect(doc any, steps []jstep) (out []any, wild bool) {
	cur := []any{doc}
	for _, s := range steps {
		var next []any
		for _, v := range cur {
			switch {
			case s.wild && s.key == "[*]":
				wild = true
				if a, ok := v.([]any); ok {
					next = append(next, a...)
				}
			case s.wild:
				wild = true
				if o, ok := v.(jobj); ok {
					for _, kv := range o {
						next = append(next, kv.v)
					}
				}
			case s.index >= 0:
				if a, ok := v.([]any); ok {
					if s.index < len(a) {
						next = append(next, a[s.index])
					}
				} else if s.index == 0 {
					next = append(next, v) // $[0] of a scalar is the scalar
				}
			default:
				if o, ok := v.(jobj); ok {
					for _, kv := range o {
						if kv.k == s.key {
							next = append(next, kv.v)
							break
						}
					}
				}
			}
		}
		cur = next
	}
	return cur, wild
}

func jsonTypeName(v any) string {
	switch x := v.(type) {
	case jobj:
		return "OBJECT"
	case []any:
		return "ARRAY"
	case jnum:
		if strings.ContainsAny(string(x), ".eE") {
			return "DOUBLE"
		}
		return "INTEGER"
	case string:
		return "STRING"
	case bool:
		return "BOOLEAN"
	}
	return "NULL"
}

func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case jnum:
		y, ok := b.(jnum)
		if !ok {
			return false
		}
		r1, ok1 := new(big.Rat).SetString(string(x))
		r2, ok2 := new(big.Rat).SetString(string(y))
		return ok1 && ok2 && r1.Cmp(r2) == 0
	case jobj, []any:
		return jsonText(a) == jsonText(b)
	}
	return a == b
}

// jsonContains is MySQL's JSON_CONTAINS(target, candidate).
func jsonContains(t, c any) bool {
	switch tv := t.(type) {
	case []any:
		if ca, ok := c.([]any); ok {
			for _, e := range ca {
				if !jsonContains(tv, e) {
					return false
				}
			}
			return true
		}
		for _, e := range tv {
			if jsonContains(e, c) {
				return true
			}
		}
		return false
	case jobj:
		co, ok := c.(jobj)
		if !ok {
			return false
		}
		for _, kv := range co {
			found := false
			for _, tkv := range tv {
				if tkv.k == kv.k {
					found = jsonContains(tkv.v, kv.v)
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	return jsonEqual(t, c)
}

// jsonPathArg parses argument i as a path.
func jsonPathArg(c *Call, a []any, i int) ([]jstep, error) {
	p := strOf(a[i], argType(c, i))
	steps, ok := parseJSONPath(p)
	if !ok {
		return nil, funcErr("invalid JSON path expression %q", p)
	}
	return steps, nil
}

// jsonExtractMQL reads a sub-document field: a JSON column and a literal
// path of plain keys (MongoDB's "$a.0" does not index arrays).
// jsonExtractPath returns the dotted field path of col->'$.a.b' and the
// paths of the documents it passes through: MongoDB's dotted paths also
// descend into arrays (yielding an array), MySQL's JSON path does not.
func jsonExtractPath(c *Call) (string, []string, bool) {
	col, ok := c.Args[0].(*ColRef)
	if !ok || col.Path == "" || col.T.Kind != sqltypes.JSONKind || len(c.Args) != 2 {
		return "", nil, false
	}
	l, ok := c.Args[1].(*Literal)
	if !ok {
		return "", nil, false
	}
	p, ok := l.Value.(string)
	if !ok {
		return "", nil, false
	}
	steps, ok := parseJSONPath(p)
	if !ok || len(steps) == 0 {
		return "", nil, false
	}
	path := col.Path
	var through []string
	for _, s := range steps {
		through = append(through, path)
		if s.wild || s.index >= 0 || s.key == "" || strings.ContainsAny(s.key, ".$") {
			return "", nil, false
		}
		if _, err := strconv.Atoi(s.key); err == nil {
			return "", nil, false
		}
		path += "." + s.key
	}
	return path, through, true
}

func init() {
	register(&FuncDef{
		Name: "json_extract", MinArgs: 2, MaxArgs: -1, NullIn: true, T: jsonType,
		Eval: func(c *Call, a []any) (any, error) {
			doc, ok := jsonArg(a[0], argType(c, 0))
			if !ok {
				return nil, nil
			}
			var all []any
			wild := len(a) > 2
			for i := 1; i < len(a); i++ {
				steps, err := jsonPathArg(c, a, i)
				if err != nil {
					return nil, err
				}
				got, w := jsonSelect(doc, steps)
				wild = wild || w
				all = append(all, got...)
			}
			if len(all) == 0 {
				return nil, nil
			}
			if !wild {
				return jsonText(all[0]), nil
			}
			return jsonText(all), nil
		},
	})
	register(&FuncDef{
		Name: "json_unquote", MinArgs: 1, MaxArgs: 1, NullIn: true, T: textType,
		Eval: func(c *Call, a []any) (any, error) {
			s := strOf(a[0], argType(c, 0))
			if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
				var out string
				if err := json.Unmarshal([]byte(s), &out); err == nil {
					return out, nil
				}
			}
			return s, nil
		},
		RawMQL: func(c *Call) (any, bool) {
			// col->>'$.a.b' reads the field; a string is the unquoted text.
			if x, ok := c.Args[0].(*Call); ok && x.Def == funcs["json_extract"] {
				if p, through, ok := jsonExtractPath(x); ok {
					v := "$" + p
					ty := op1("$type", v)
					br := func(types bson.A, then any) bson.D {
						return bson.D{{Key: "case", Value: op1("$in", bson.A{ty, types})}, {Key: "then", Value: then}}
					}
					// Scalars become their JSON text unquoted; a JSON null is
					// the text "null"; a missing field is NULL; documents and
					// arrays stay documents (read back as JSON).
					read := op1("$switch", bson.D{{Key: "branches", Value: bson.A{
						br(bson.A{"string"}, v),
						br(bson.A{"missing", "undefined"}, nil),
						br(bson.A{"null"}, bson.D{{Key: "$literal", Value: "null"}}),
						br(bson.A{"int", "long", "bool"}, op1("$toString", v)),
					}}, {Key: "default", Value: v}})
					// Only through documents: a path crossing an array is
					// NULL in MySQL.
					var objects bson.A
					for _, t := range through {
						objects = append(objects, opN("$eq", op1("$type", "$"+t), "object"))
					}
					return condAgg(op1("$and", objects), read, nil), true
				}
			}
			return nil, false
		},
	})
	register(&FuncDef{
		Name: "json_object", MinArgs: 0, MaxArgs: -1, T: jsonType,
		Eval: func(c *Call, a []any) (any, error) {
			if len(a)%2 != 0 {
				return nil, funcErr("incorrect parameter count in the call to native function 'JSON_OBJECT'")
			}
			o := jobj{}
			for i := 0; i < len(a); i += 2 {
				if a[i] == nil {
					return nil, funcErr("JSON documents may not contain NULL member names")
				}
				o = append(o, jkv{strOf(a[i], argType(c, i)), jsonValueArg(a[i+1], argType(c, i+1))})
			}
			return jsonText(o), nil
		},
	})
	register(&FuncDef{
		Name: "json_array", MinArgs: 0, MaxArgs: -1, T: jsonType,
		Eval: func(c *Call, a []any) (any, error) {
			arr := make([]any, len(a))
			for i := range a {
				arr[i] = jsonValueArg(a[i], argType(c, i))
			}
			return jsonText(arr), nil
		},
	})
	register(&FuncDef{
		Name: "json_length", MinArgs: 1, MaxArgs: 2, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			doc, ok := jsonArg(a[0], argType(c, 0))
			if !ok {
				return nil, nil
			}
			doc, ok, err := narrowToPath(doc, c, a, 1)
			if !ok || err != nil {
				return nil, err
			}
			switch x := doc.(type) {
			case jobj:
				return int64(len(x)), nil
			case []any:
				return int64(len(x)), nil
			}
			return int64(1), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			col, ok := c.Args[0].(*ColRef)
			if !ok || col.T.Kind != sqltypes.JSONKind || len(a) != 1 {
				return nil, false
			}
			return condAgg(op1("$isArray", bson.A{a[0]}), op1("$size", a[0]),
				condAgg(opN("$eq", op1("$type", a[0]), "object"), op1("$size", op1("$objectToArray", a[0])), 1)), true
		},
	})
	register(&FuncDef{
		Name: "json_type", MinArgs: 1, MaxArgs: 1, NullIn: true, T: varcharType,
		Eval: func(c *Call, a []any) (any, error) {
			doc, ok := jsonArg(a[0], argType(c, 0))
			if !ok {
				return nil, funcErr("invalid JSON text in argument 1 to function json_type")
			}
			return jsonTypeName(doc), nil
		},
	})
	register(&FuncDef{
		Name: "json_valid", MinArgs: 1, MaxArgs: 1, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			if _, ok := a[0].(sqltypes.JSON); ok {
				return int64(1), nil
			}
			_, ok := parseJSON(strOf(a[0], argType(c, 0)))
			return boolInt(ok), nil
		},
	})
	register(&FuncDef{
		Name: "json_contains", MinArgs: 2, MaxArgs: 3, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			doc, ok1 := jsonArg(a[0], argType(c, 0))
			cand, ok2 := jsonArg(a[1], argType(c, 1))
			if !ok1 || !ok2 {
				return nil, nil
			}
			doc, ok, err := narrowToPath(doc, c, a, 2)
			if !ok || err != nil {
				return nil, err
			}
			return boolInt(jsonContains(doc, cand)), nil
		},
	})
}

// narrowToPath applies the optional JSON path argument a[i] to doc; ok is
// false (the result is NULL) when the path selects nothing.
func narrowToPath(doc any, c *Call, a []any, i int) (any, bool, error) {
	if len(a) <= i {
		return doc, true, nil
	}
	steps, err := jsonPathArg(c, a, i)
	if err != nil {
		return nil, false, err
	}
	got, _ := jsonSelect(doc, steps)
	if len(got) == 0 {
		return nil, false, nil
	}
	return got[0], true, nil
}
