package planner

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// String functions work on code points (LENGTH counts bytes), compare
// case-sensitively, and render numbers and dates as MySQL does.

// strOf renders a value as MySQL does in string context; t tells a DATE
// from a DATETIME.
func strOf(v any, t sqltypes.Type) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		if t.Kind == sqltypes.Decimal {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return floatStr(x)
	case bson.Decimal128:
		if d, ok := decOf(x).(dec); ok {
			return d.r.FloatString(d.scale)
		}
	case time.Time:
		switch t.Kind {
		case sqltypes.Date:
			return x.Format("2006-01-02")
		case sqltypes.DateTime:
			if x.Nanosecond() != 0 {
				return x.Format("2006-01-02 15:04:05.000000")
			}
			return x.Format("2006-01-02 15:04:05")
		}
	case sqltypes.JSON:
		return jsonText(x.Raw)
	}
	return sqltypes.ToString(v)
}

// floatStr prints a DOUBLE the way MariaDB does: shortest digits, fixed
// notation unless the exponent is large.
func floatStr(f float64) string {
	if f == 0 {
		return "0"
	}
	exp := int(math.Floor(math.Log10(math.Abs(f))))
	if exp < 15 && exp > -15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	m, e, _ := strings.Cut(s, "e")
	e = strings.TrimPrefix(e, "+")
	neg := strings.HasPrefix(e, "-")
	e = strings.TrimLeft(strings.TrimPrefix(e, "-"), "0")
	if neg {
		e = "-" + e
	}
	return m + "e" + e
}

// intArg converts an integer argument as MySQL does (rounding).
func intArg(v any, t sqltypes.Type) int64 {
	switch x := toNumber(v, t).(type) {
	case int64:
		return x
	case float64:
		if x >= math.MaxInt64 {
			return math.MaxInt64
		}
		if x <= math.MinInt64 {
			return math.MinInt64
		}
		return int64(math.Round(x))
	case dec:
		r := roundRat(x.r, 0)
		if r.Num().IsInt64() {
			return r.Num().Int64()
		}
		if r.Sign() < 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return 0
}

// strResult is VARCHAR, or TEXT when the first argument is TEXT.
func strResult(c *Call) sqltypes.Type {
	for _, a := range c.Args {
		if a.Type().Kind == sqltypes.Text {
			return textType
		}
	}
	return varcharType
}

// strArg returns argument i's MQL when MongoDB sees a string there (a
// string column or any literal, rendered as MySQL would).
func strArg(c *Call, i int, v any) (any, bool) {
	a := c.Args[i]
	if l, ok := a.(*Literal); ok {
		if l.Value == nil {
			return nil, true
		}
		return bson.D{{Key: "$literal", Value: strOf(l.Value, l.T)}}, true
	}
	k := a.Type().Kind
	if k == sqltypes.Varchar || k == sqltypes.Text {
		return v, true
	}
	return nil, false
}

// intLit returns argument i as an integer literal.
func intLit(c *Call, i int) (int64, bool) {
	l, ok := c.Args[i].(*Literal)
	if !ok || l.Value == nil {
		return 0, false
	}
	if _, isStr := l.Value.(string); isStr {
		return 0, false
	}
	return intArg(l.Value, l.T), true
}

// strFunc makes a def whose arguments are strings in both paths.
func strFunc(name string, n int, t func(*Call) sqltypes.Type, eval func(c *Call, s []string, a []any) (any, error), mql func(c *Call, a []any) (any, bool)) *FuncDef {
	d := &FuncDef{Name: name, MinArgs: n, MaxArgs: n, NullIn: true, Result: t}
	d.Eval = func(c *Call, a []any) (any, error) {
		s := make([]string, len(a))
		for i := range a {
			s[i] = strOf(a[i], argType(c, i))
		}
		return eval(c, s, a)
	}
	if mql != nil {
		d.MQL = func(c *Call, a []any) (any, bool) {
			for i := range a {
				if c.Args[i].Type().Kind == sqltypes.Int || c.Args[i].Type().Kind == sqltypes.Double || c.Args[i].Type().Kind == sqltypes.Decimal {
					if _, lit := c.Args[i].(*Literal); lit || i > 0 {
						continue // numeric parameters (positions, counts)
					}
				}
				v, ok := strArg(c, i, a[i])
				if !ok {
					return nil, false
				}
				a[i] = v
			}
			return mql(c, a)
		}
	}
	return d
}

func fixed(t sqltypes.Type) func(*Call) sqltypes.Type { return func(*Call) sqltypes.Type { return t } }

// substr is SUBSTRING(s, pos[, n]) by code point with MySQL's rules.
func substr(s string, pos int64, n int64, hasN bool) string {
	rs := []rune(s)
	l := int64(len(rs))
	if pos == 0 || (hasN && n <= 0) {
		return ""
	}
	var start int64
	if pos > 0 {
		start = pos - 1
	} else {
		start = l + pos
		if start < 0 {
			return ""
		}
	}
	if start >= l {
		return ""
	}
	end := l
	if hasN && n < l-start {
		end = start + n
	}
	return string(rs[start:end])
}

func runeIndex(s, sub string, from int) int {
	rs := []rune(s)
	if from > len(rs) {
		return -1
	}
	i := strings.Index(string(rs[from:]), sub)
	if i < 0 {
		return -1
	}
	return from + utf8.RuneCountInString(string(rs[from:])[:i])
}

func pad(s string, n int64, p string, left bool) any {
	rs := []rune(s)
	if n < 0 {
		return nil
	}
	if int64(len(rs)) >= n {
		return string(rs[:n])
	}
	pr := []rune(p)
	if len(pr) == 0 {
		return nil
	}
	if n > 1<<24 {
		return nil
	}
	fill := make([]rune, 0, n-int64(len(rs)))
	for int64(len(fill)) < n-int64(len(rs)) {
		fill = append(fill, pr[len(fill)%len(pr)])
	}
	if left {
		return string(fill) + s
	}
	return s + string(fill)
}

func init() {
	register(&FuncDef{
		Name: "concat", MinArgs: 1, MaxArgs: -1, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			var sb strings.Builder
			for i, v := range a {
				sb.WriteString(strOf(v, argType(c, i)))
			}
			return sb.String(), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			out := make(bson.A, len(a))
			for i := range a {
				v, ok := strArg(c, i, a[i])
				if !ok {
					return nil, false
				}
				out[i] = v
			}
			return op1("$concat", out), true
		},
	})
	register(&FuncDef{
		Name: "concat_ws", MinArgs: 2, MaxArgs: -1, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			var parts []string
			for i, v := range a[1:] {
				if v != nil {
					parts = append(parts, strOf(v, argType(c, i+1)))
				}
			}
			return strings.Join(parts, strOf(a[0], argType(c, 0))), nil
		},
	})
	register(strFunc("lower", 1, strResult, func(c *Call, s []string, _ []any) (any, error) {
		return strings.ToLower(s[0]), nil
	}, nil), "lcase")
	register(strFunc("upper", 1, strResult, func(c *Call, s []string, _ []any) (any, error) {
		return strings.ToUpper(s[0]), nil
	}, nil), "ucase")
	register(strFunc("length", 1, fixed(intType), func(c *Call, s []string, _ []any) (any, error) {
		return int64(len(s[0])), nil
	}, mqlOp("$strLenBytes")), "octet_length")
	register(strFunc("char_length", 1, fixed(intType), func(c *Call, s []string, _ []any) (any, error) {
		return int64(utf8.RuneCountInString(s[0])), nil
	}, mqlOp("$strLenCP")), "character_length")
	substring := &FuncDef{
		Name: "substring", MinArgs: 2, MaxArgs: 3, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			var n int64
			if len(a) == 3 {
				n = intArg(a[2], argType(c, 2))
			}
			return substr(strOf(a[0], argType(c, 0)), intArg(a[1], argType(c, 1)), n, len(a) == 3), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			s, ok := strArg(c, 0, a[0])
			pos, ok2 := intLit(c, 1)
			if !ok || !ok2 || pos < 0 || pos > math.MaxInt32 {
				return nil, false // $substrCP takes 32-bit positions
			}
			n := int64(math.MaxInt32)
			if len(a) == 3 {
				if n, ok = intLit(c, 2); !ok {
					return nil, false
				}
			}
			if pos == 0 || n <= 0 {
				return bson.D{{Key: "$literal", Value: ""}}, true
			}
			return opN("$substrCP", s, pos-1, min(n, math.MaxInt32)), true
		},
	}
	register(substring, "substr", "mid")
	register(&FuncDef{
		Name: "left", MinArgs: 2, MaxArgs: 2, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			n := intArg(a[1], argType(c, 1))
			if n <= 0 {
				return "", nil
			}
			return substr(strOf(a[0], argType(c, 0)), 1, n, true), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			s, ok := strArg(c, 0, a[0])
			n, ok2 := intLit(c, 1)
			if !ok || !ok2 {
				return nil, false
			}
			return opN("$substrCP", s, 0, max(0, min(n, math.MaxInt32))), true
		},
	})
	register(&FuncDef{
		Name: "right", MinArgs: 2, MaxArgs: 2, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			n := intArg(a[1], argType(c, 1))
			s := strOf(a[0], argType(c, 0))
			l := int64(utf8.RuneCountInString(s))
			if n <= 0 {
				return "", nil
			}
			if n > l {
				return s, nil
			}
			return substr(s, l-n+1, n, true), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			s, ok := strArg(c, 0, a[0])
			n, ok2 := intLit(c, 1)
			if !ok || !ok2 {
				return nil, false
			}
			n = max(0, min(n, math.MaxInt32))
			return opN("$substrCP", s, op1("$max", bson.A{opN("$subtract", op1("$strLenCP", s), n), 0}), n), true
		},
	})
	trim := func(name, mql string, f func(string, string) string) *FuncDef {
		return strFunc(name, 1, strResult, func(c *Call, s []string, _ []any) (any, error) {
			return f(s[0], " "), nil
		}, func(c *Call, a []any) (any, bool) {
			return op1(mql, bson.D{{Key: "input", Value: a[0]}, {Key: "chars", Value: " "}}), true
		})
	}
	register(trim("trim", "$trim", strings.Trim))
	register(trim("ltrim", "$ltrim", strings.TrimLeft))
	register(trim("rtrim", "$rtrim", strings.TrimRight))
	register(strFunc("replace", 3, strResult, func(c *Call, s []string, _ []any) (any, error) {
		if s[1] == "" {
			return s[0], nil
		}
		return strings.ReplaceAll(s[0], s[1], s[2]), nil
	}, func(c *Call, a []any) (any, bool) {
		l, ok := c.Args[1].(*Literal)
		if !ok || strOf(l.Value, l.T) == "" {
			return nil, false
		}
		for _, x := range c.Args {
			if !x.Type().IsString() {
				return nil, false // $replaceAll takes strings only
			}
		}
		return op1("$replaceAll", bson.D{{Key: "input", Value: a[0]}, {Key: "find", Value: a[1]}, {Key: "replacement", Value: a[2]}}), true
	}))
	locate := func(sub, s string, pos int64, hasPos bool) any {
		if !hasPos {
			pos = 1
		} else if pos < 1 || pos > int64(utf8.RuneCountInString(s)) {
			return int64(0)
		}
		return int64(runeIndex(s, sub, int(pos-1)) + 1)
	}
	register(&FuncDef{
		Name: "locate", MinArgs: 2, MaxArgs: 3, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			var pos int64
			if len(a) == 3 {
				pos = intArg(a[2], argType(c, 2))
			}
			return locate(strOf(a[0], argType(c, 0)), strOf(a[1], argType(c, 1)), pos, len(a) == 3), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			sub, ok := strArg(c, 0, a[0])
			s, ok2 := strArg(c, 1, a[1])
			if !ok || !ok2 || len(a) == 3 {
				return nil, false
			}
			return opN("$add", opN("$indexOfCP", s, sub), 1), true
		},
	}, "position")
	register(&FuncDef{
		Name: "instr", MinArgs: 2, MaxArgs: 2, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			return locate(strOf(a[1], argType(c, 1)), strOf(a[0], argType(c, 0)), 0, false), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			s, ok := strArg(c, 0, a[0])
			sub, ok2 := strArg(c, 1, a[1])
			if !ok || !ok2 {
				return nil, false
			}
			return opN("$add", opN("$indexOfCP", s, sub), 1), true
		},
	})
	register(&FuncDef{
		Name: "lpad", MinArgs: 3, MaxArgs: 3, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			return pad(strOf(a[0], argType(c, 0)), intArg(a[1], argType(c, 1)), strOf(a[2], argType(c, 2)), true), nil
		},
	})
	register(&FuncDef{
		Name: "rpad", MinArgs: 3, MaxArgs: 3, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			return pad(strOf(a[0], argType(c, 0)), intArg(a[1], argType(c, 1)), strOf(a[2], argType(c, 2)), false), nil
		},
	})
	register(strFunc("reverse", 1, strResult, func(c *Call, s []string, _ []any) (any, error) {
		rs := []rune(s[0])
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return string(rs), nil
	}, nil))
	register(&FuncDef{
		Name: "repeat", MinArgs: 2, MaxArgs: 2, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			s := strOf(a[0], argType(c, 0))
			n := intArg(a[1], argType(c, 1))
			if n <= 0 || s == "" {
				return "", nil
			}
			if int64(len(s))*n > 1<<24 || n > 1<<24 {
				return nil, nil
			}
			return strings.Repeat(s, int(n)), nil
		},
	})
}
