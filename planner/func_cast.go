package planner

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// CAST(x AS type) and CONVERT(x, type), with MySQL's conversions: a
// string becomes an integer by its integer prefix, exact numbers round
// half away from zero, doubles half to even; an invalid date is NULL.

// castTarget is what a CAST converts to.
type castTarget struct {
	kind          string // signed, unsigned, decimal, char, date, datetime, double, json
	length, scale int
	hasLength     bool
}

func (b *binder) bindConvert(e *sqlparser.ConvertExpr) (Expr, error) {
	ct := castTarget{kind: strings.ToLower(strings.TrimSpace(e.Type.Type))}
	if f := strings.Fields(ct.kind); len(f) > 1 && (f[0] == "signed" || f[0] == "unsigned") {
		ct.kind = f[0] // SIGNED INTEGER
	}
	if e.Type.Length != nil {
		n, err := strconv.Atoi(string(e.Type.Length.Val))
		if err != nil {
			return nil, unsupported("CAST length %s", e.Type.Length.Val)
		}
		ct.length, ct.hasLength = n, true
	}
	if e.Type.Scale != nil {
		n, err := strconv.Atoi(string(e.Type.Scale.Val))
		if err != nil {
			return nil, unsupported("CAST scale %s", e.Type.Scale.Val)
		}
		ct.scale = n
	}
	switch ct.kind {
	case "signed", "unsigned", "char", "nchar", "date", "datetime", "json", "binary":
	case "integer", "int":
		ct.kind = "signed"
	case "decimal":
		if !ct.hasLength {
			ct.length = 10
		}
		if ct.length > 65 || ct.scale > 30 || ct.scale > ct.length {
			return nil, unsupported("CAST to DECIMAL(%d,%d)", ct.length, ct.scale)
		}
	case "double", "float", "real":
		ct.kind = "double"
	default:
		return nil, unsupported("CAST to %s", strings.ToUpper(ct.kind))
	}
	x, err := b.bind(e.Expr)
	if err != nil {
		return nil, err
	}
	return newCall(castDef, []Expr{x}, ct)
}

func castType(c *Call) sqltypes.Type {
	ct := c.Aux.(castTarget)
	switch ct.kind {
	case "signed":
		return intType
	case "unsigned":
		return sqltypes.Type{Kind: sqltypes.Int, Unsigned: true, Name: "BIGINT UNSIGNED"}
	case "decimal":
		return sqltypes.Type{Kind: sqltypes.Decimal, Precision: ct.length, Scale: ct.scale}
	case "char", "nchar", "binary":
		return sqltypes.Type{Kind: sqltypes.Varchar, Length: ct.length}
	case "date":
		return dateType
	case "datetime":
		return datetimeType
	case "double":
		return doubleType
	case "json":
		return jsonType
	}
	return nullType
}

// intPrefix reads a string as MySQL's CAST AS SIGNED does: the leading
// integer, wrapping around 2^64 like MySQL.
func intPrefix(s string) (int64, bool) {
	s = strings.TrimLeft(s, " \t\n")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0, false
	}
	u, err := strconv.ParseUint(s[:end], 10, 64)
	if err != nil {
		u = math.MaxUint64
		if neg {
			return math.MinInt64, true
		}
	}
	if neg {
		if u > 1<<63 {
			return math.MinInt64, true
		}
		return -int64(u), true
	}
	return int64(u), true
}

func castInt(v any, t sqltypes.Type, unsigned bool) any {
	var i int64
	switch x := v.(type) {
	case string:
		i, _ = intPrefix(x)
	case []byte:
		i, _ = intPrefix(string(x))
	default:
		switch n := toNumber(v, t).(type) {
		case int64:
			i = n
		case float64:
			f := math.RoundToEven(n)
			switch {
			case f >= 9.223372036854775807e18:
				if unsigned && f < 1.8446744073709551615e19 {
					return decValue(new(big.Rat).SetFloat64(f), 0)
				}
				i = math.MaxInt64
			case f <= -9.223372036854775808e18:
				i = math.MinInt64
			default:
				i = int64(f)
			}
		case dec:
			r := roundRat(n.r, 0)
			if r.Num().IsInt64() {
				i = r.Num().Int64()
			} else if r.Sign() > 0 {
				if unsigned && r.Num().IsUint64() {
					return decValue(r, 0)
				}
				i = math.MaxInt64
			} else {
				i = math.MinInt64
			}
		}
	}
	if unsigned && i < 0 {
		return decValue(new(big.Rat).SetFrac(new(big.Int).SetUint64(uint64(i)), big.NewInt(1)), 0)
	}
	return i
}

func castDecimal(v any, t sqltypes.Type, ct castTarget) any {
	n := toNumber(v, t)
	r := ratOf(n)
	if f, ok := n.(float64); ok {
		r = new(big.Rat)
		r.SetString(strconv.FormatFloat(f, 'g', -1, 64))
	}
	if s, ok := v.(string); ok {
		// A string's digits are read exactly, not through a double.
		if x, ok := new(big.Rat).SetString(sqltypes.NumericPrefix(s)); ok {
			r = x
		}
	}
	r = roundRat(r, ct.scale)
	// Out of range values clip to the largest DECIMAL(p,s).
	lim := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(ct.length-ct.scale)), nil))
	lim.Sub(lim, new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(ct.scale)), nil)))
	if r.Cmp(lim) > 0 {
		r = lim
	} else if r.Cmp(new(big.Rat).Neg(lim)) < 0 {
		r = new(big.Rat).Neg(lim)
	}
	return decValue(r, ct.scale)
}

var castDef = &FuncDef{
	Name: "cast", MinArgs: 1, MaxArgs: 1, NullIn: true, Result: castType,
	Eval: func(c *Call, a []any) (any, error) {
		ct := c.Aux.(castTarget)
		v, t := a[0], argType(c, 0)
		switch ct.kind {
		case "signed", "unsigned":
			return castInt(v, t, ct.kind == "unsigned"), nil
		case "decimal":
			return castDecimal(v, t, ct), nil
		case "double":
			if s, ok := v.(string); ok {
				f, _ := sqltypes.ToFloat(sqltypes.StringToNumber(s))
				return f, nil
			}
			return floatOf(toNumber(v, t)), nil
		case "char", "nchar", "binary":
			s := strOf(v, t)
			if ct.hasLength && utf8.RuneCountInString(s) > ct.length {
				s = string([]rune(s)[:ct.length])
			}
			return s, nil
		case "date", "datetime":
			tm, ok := toTime(v)
			if !ok {
				return nil, nil
			}
			if ct.kind == "date" {
				return dateOnly(tm), nil
			}
			return tm, nil
		case "json":
			j, ok := jsonArg(v, t)
			if !ok {
				return nil, funcErr("invalid JSON text in argument 1 to function cast_as_json")
			}
			return jsonText(j), nil
		}
		return nil, nil
	},
	MQL: func(c *Call, a []any) (any, bool) {
		ct := c.Aux.(castTarget)
		t := argType(c, 0)
		switch ct.kind {
		case "signed":
			if t.Kind == sqltypes.Int {
				return a[0], true
			}
			if t.Kind == sqltypes.Double {
				// Half to even like MySQL's rint, and clamped at the int64
				// limits as MySQL clamps (where $toLong would fail).
				// Not $round: DocumentDB's keeps 15 digits.
				return condAgg(opN("$gte", a[0], float64(1<<63)), int64(math.MaxInt64),
					condAgg(opN("$lte", a[0], -float64(1<<63)), int64(math.MinInt64),
						op1("$toLong", roundDoubleMQL(a[0], 0, false)))), true
			}
		case "double":
			if t.Kind == sqltypes.Int || t.Kind == sqltypes.Double || t.Kind == sqltypes.Decimal {
				return op1("$toDouble", a[0]), true
			}
		case "char", "nchar":
			if (t.Kind == sqltypes.Varchar || t.Kind == sqltypes.Text) && !ct.hasLength {
				return a[0], true
			}
			if t.Kind == sqltypes.Int && !ct.hasLength {
				return op1("$toString", a[0]), true
			}
		case "date":
			if isDateType(t) {
				return truncDay(a[0]), true
			}
		case "datetime":
			if isDateType(t) {
				return a[0], true
			}
		}
		return nil, false
	},
}
