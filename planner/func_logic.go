package planner

import (
	"cmp"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/internal/textcache"
)

// Control flow (CASE, IF, IFNULL, COALESCE, NULLIF, GREATEST, LEAST),
// LIKE and REGEXP, and the core predicates as MQL values.

// caseShape records which optional parts a CASE has. Arguments are laid
// out as [operand] cond1 val1 … [else].
type caseShape struct{ operand, els bool }

func shapeOf(c *Call) caseShape {
	if s, ok := c.Aux.(caseShape); ok {
		return s
	}
	return caseShape{els: true} // IF(c, a, b)
}

// resultArgs returns the arguments that can be a CASE's value.
func caseValues(c *Call) []Expr {
	s := shapeOf(c)
	args := c.Args
	start := 0
	if s.operand {
		start = 1
	}
	var out []Expr
	end := len(args)
	if s.els {
		end--
	}
	for i := start + 1; i < end; i += 2 {
		out = append(out, args[i])
	}
	if s.els {
		out = append(out, args[len(args)-1])
	}
	return out
}

// unionType is the type MySQL gives a value chosen among es.
func unionType(es []Expr) sqltypes.Type {
	t := unionKind(es)
	if t.Kind == sqltypes.Decimal {
		t.Scale = 0
		for _, e := range es {
			t.Scale = max(t.Scale, exprScale(e))
		}
	}
	return t
}

// exprScale estimates the digits after the point of a DECIMAL expression.
func exprScale(e Expr) int {
	switch x := e.(type) {
	case *Literal:
		if f, ok := x.Value.(float64); ok && x.T.Kind == sqltypes.Decimal {
			return max(x.T.Scale, fracDigits(strconv.FormatFloat(f, 'f', -1, 64)))
		}
		if d, ok := x.Value.(bson.Decimal128); ok {
			return scaleOf(decOf(d))
		}
	case *Call:
		if len(x.Args) == 2 {
			l, r := exprScale(x.Args[0]), exprScale(x.Args[1])
			switch x.Def.Name {
			case "+", "-", "%":
				return max(l, r)
			case "*":
				return l + r
			case "/":
				return l + 4
			}
		}
		return x.T.Scale
	}
	return e.Type().Scale
}

func unionKind(es []Expr) sqltypes.Type {
	var out sqltypes.Type
	first := true
	for _, e := range es {
		if isNullLit(e) {
			continue
		}
		t := e.Type()
		if first {
			out, first = t, false
			continue
		}
		out = mergeTypes(out, t)
	}
	if first {
		return nullType
	}
	return out
}

func mergeTypes(a, b sqltypes.Type) sqltypes.Type {
	if a.Kind == b.Kind {
		if a.Name != b.Name {
			a.Name = ""
		}
		return a
	}
	switch {
	case a.Kind == sqltypes.Null || b.Kind == sqltypes.Null:
		return nullType
	case a.IsString() || b.IsString() || a.Kind == sqltypes.JSONKind || b.Kind == sqltypes.JSONKind:
		if a.Kind == sqltypes.Text || b.Kind == sqltypes.Text {
			return textType
		}
		return varcharType
	case a.IsNumeric() && b.IsNumeric():
		if a.Kind == sqltypes.Double || b.Kind == sqltypes.Double {
			return doubleType
		}
		if a.Kind == sqltypes.Decimal || b.Kind == sqltypes.Decimal {
			return decimalType
		}
		return intType
	case (a.Kind == sqltypes.Date || a.Kind == sqltypes.DateTime) && (b.Kind == sqltypes.Date || b.Kind == sqltypes.DateTime):
		return datetimeType
	}
	return varcharType
}

// asType converts a chosen value v (of type from) to the union type t,
// where the rendering would otherwise differ (numbers chosen into a
// string result, a DATE into a DATETIME result).
func asType(v any, from, t sqltypes.Type) any {
	if v == nil {
		return nil
	}
	if t.Kind == sqltypes.Decimal && from.Kind != sqltypes.Decimal {
		if n := toNumber(v, from); n != nil {
			if _, isFloat := n.(float64); !isFloat {
				return decValue(ratOf(n), t.Scale)
			}
		}
	}
	if t.IsString() {
		if _, ok := v.(string); !ok {
			return strOf(v, from)
		}
	}
	if t.Kind == sqltypes.Double && from.Kind != sqltypes.Double {
		if n := toNumber(v, from); n != nil {
			return floatOf(n)
		}
	}
	return v
}

func caseResult(c *Call) sqltypes.Type { return unionType(caseValues(c)) }

func caseEval(c *Call, arg func(int) (any, error)) (any, error) {
	s := shapeOf(c)
	n := len(c.Args)
	pick := func(i int) (any, error) {
		v, err := arg(i)
		return asType(v, c.Args[i].Type(), c.T), err
	}
	i := 0
	var x any
	if s.operand {
		var err error
		if x, err = arg(0); err != nil {
			return nil, err
		}
		i = 1
	}
	end := n
	if s.els {
		end--
	}
	for ; i < end; i += 2 {
		w, err := arg(i)
		if err != nil {
			return nil, err
		}
		hit := false
		if s.operand {
			hit = Truth(compareValues(OpEq, x, w)) == True
		} else {
			hit = Truth(w) == True
		}
		if hit {
			return pick(i + 1)
		}
	}
	if s.els {
		return pick(n - 1)
	}
	return nil, nil
}

// truthAgg is an aggregation expression true exactly when e is TRUE.
func truthAgg(e Expr) (any, bool) {
	switch x := e.(type) {
	case *Compare, *And, *Or, *Not, *IsNull, *IsTruth, *InList, *Between, *Literal:
	case *Call:
		if x.T != boolType && !isNumericKind(x.T.Kind) {
			return nil, false
		}
	default:
		if !isNumericKind(e.Type().Kind) {
			return nil, false
		}
	}
	return exprPred(normalize(e, false))
}

func isNumericKind(k sqltypes.Kind) bool {
	return k == sqltypes.Int || k == sqltypes.Double || k == sqltypes.Decimal || k == sqltypes.Bool
}

func caseMQL(c *Call, a []any) (any, bool) {
	s := shapeOf(c)
	n := len(c.Args)
	var branches bson.A
	i := 0
	if s.operand {
		i = 1
	}
	end := n
	if s.els {
		end--
	}
	for ; i < end; i += 2 {
		var cond any
		if s.operand {
			if !comparableInMongo(c.Args[0], c.Args[i]) {
				return nil, false
			}
			x, w := cmpOperands(c.Args[0], c.Args[i], a[0], a[i])
			cond = bson.D{{Key: "$and", Value: bson.A{notNull(a[0]), notNull(a[i]), opN("$eq", x, w)}}}
		} else {
			p, ok := truthAgg(c.Args[i])
			if !ok {
				return nil, false
			}
			cond = p
		}
		v, ok := valueAs(c, i+1, a[i+1])
		if !ok {
			return nil, false
		}
		branches = append(branches, bson.D{{Key: "case", Value: cond}, {Key: "then", Value: v}})
	}
	var def any
	if s.els {
		v, ok := valueAs(c, n-1, a[n-1])
		if !ok {
			return nil, false
		}
		def = v
	}
	return op1("$switch", bson.D{{Key: "branches", Value: branches}, {Key: "default", Value: def}}), true
}

// valueAs is the MQL of argument i as a value of the call's type; false
// when the conversion would be needed and is not expressible.
func valueAs(c *Call, i int, v any) (any, bool) {
	from := c.Args[i].Type()
	if c.T.IsString() && !from.IsString() && !isNullLit(c.Args[i]) {
		return nil, false
	}
	if c.T.Kind == sqltypes.Double && from.Kind != sqltypes.Double && !isNullLit(c.Args[i]) {
		return op1("$toDouble", v), true
	}
	return v, true
}

var caseDef = &FuncDef{Name: "case", MinArgs: 2, MaxArgs: -1, Result: caseResult, Lazy: caseEval, MQL: caseMQL}

func coalesceMQL(c *Call, a []any) (any, bool) {
	for i := range a {
		v, ok := valueAs(c, i, a[i])
		if !ok {
			return nil, false
		}
		a[i] = v
	}
	if len(a) == 1 {
		return a[0], true
	}
	return op1("$ifNull", append(bson.A(a), nil)), true
}

func coalesceEval(c *Call, arg func(int) (any, error)) (any, error) {
	for i := range c.Args {
		v, err := arg(i)
		if err != nil || v != nil {
			return asType(v, c.Args[i].Type(), c.T), err
		}
	}
	return nil, nil
}

func allArgsType(c *Call) sqltypes.Type { return unionType(c.Args) }

func init() {
	register(&FuncDef{Name: "if", MinArgs: 3, MaxArgs: 3, Result: caseResult, Lazy: caseEval, MQL: caseMQL})
	register(&FuncDef{Name: "coalesce", MinArgs: 1, MaxArgs: -1, Result: allArgsType, Lazy: coalesceEval, MQL: coalesceMQL})
	register(&FuncDef{Name: "ifnull", MinArgs: 2, MaxArgs: 2, Result: allArgsType, Lazy: coalesceEval, MQL: coalesceMQL}, "nvl")
	register(&FuncDef{
		Name: "nullif", MinArgs: 2, MaxArgs: 2,
		Result: func(c *Call) sqltypes.Type { return argType(c, 0) },
		Eval: func(c *Call, a []any) (any, error) {
			if Truth(compareValues(OpEq, a[0], a[1])) == True {
				return nil, nil
			}
			return a[0], nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			if !comparableInMongo(c.Args[0], c.Args[1]) {
				return nil, false
			}
			x, y := cmpOperands(c.Args[0], c.Args[1], a[0], a[1])
			return condAgg(bson.D{{Key: "$and", Value: bson.A{notNull(a[0]), notNull(a[1]), opN("$eq", x, y)}}}, nil, a[0]), true
		},
	})
	register(extremeDef("greatest", 1, "$max"))
	register(extremeDef("least", -1, "$min"))
}

// extremeDef is GREATEST (sign 1) or LEAST (sign -1): NULL if any
// argument is NULL.
func extremeDef(name string, sign int, mql string) *FuncDef {
	return &FuncDef{
		Name: name, MinArgs: 2, MaxArgs: -1, NullIn: true, Result: extremeType,
		Eval: func(c *Call, a []any) (any, error) {
			strs, times := true, false
			for i := range a {
				if !c.Args[i].Type().IsString() {
					if _, ok := a[i].(string); !ok {
						strs = false
					}
				}
				if isDateType(c.Args[i].Type()) {
					times = true
				}
			}
			if times {
				// Dates compare as dates; strings are read as dates.
				var best time.Time
				for i := range a {
					t, ok := toTime(a[i])
					if !ok {
						return nil, nil
					}
					if i == 0 || t.Compare(best)*sign > 0 {
						best = t
					}
				}
				return best, nil
			}
			best, bi := a[0], 0
			for i := 1; i < len(a); i++ {
				var cmp int
				if strs {
					cmp = strings.Compare(sqltypes.ToString(a[i]), sqltypes.ToString(best))
				} else {
					x, y := toNumber(a[i], c.Args[i].Type()), toNumber(best, c.Args[bi].Type())
					cmp = ratOf(x).Cmp(ratOf(y))
					if numDomain(x, y) == 2 {
						cmp = cmpFloat(floatOf(x), floatOf(y))
					}
				}
				if cmp*sign > 0 {
					best, bi = a[i], i
				}
			}
			if c.T.Kind == sqltypes.Double {
				f, _ := sqltypes.ToFloat(toNumber(best, c.Args[bi].Type()))
				if d, ok := toNumber(best, c.Args[bi].Type()).(dec); ok {
					f, _ = d.r.Float64()
				}
				return f, nil
			}
			return asType(best, c.Args[bi].Type(), c.T), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			for i := 1; i < len(c.Args); i++ {
				if !comparableInMongo(c.Args[0], c.Args[i]) || c.Args[i].Type().Kind == sqltypes.Null {
					return nil, false
				}
			}
			if c.Args[0].Type().Kind == sqltypes.Null {
				return nil, false
			}
			if c.T.Kind == sqltypes.Double {
				// Compared and returned as doubles, as MySQL does.
				for i := range a {
					if c.Args[i].Type().Kind != sqltypes.Double {
						a[i] = op1("$toDouble", a[i])
					}
				}
			}
			return op1(mql, bson.A(a)), true
		},
	}
}

// extremeType: with a date among the arguments, the result is a date.
func extremeType(c *Call) sqltypes.Type {
	var out *sqltypes.Type
	for _, a := range c.Args {
		if t := a.Type(); isDateType(t) {
			if out == nil || t.Kind == sqltypes.DateTime {
				out = &t
			}
		}
	}
	if out != nil {
		return sqltypes.Type{Kind: out.Kind}
	}
	return allArgsType(c)
}

func cmpFloat(a, b float64) int { return cmp.Compare(a, b) }

// --- LIKE

// likeDef is x LIKE pattern [ESCAPE e]: case-sensitive, anchored, by
// code point; NULL if any operand is NULL.
var likeDef = &FuncDef{
	Name: "like", MinArgs: 2, MaxArgs: 3, NullIn: true, T: boolType,
	Eval: func(c *Call, a []any) (any, error) {
		esc := '\\'
		if len(a) == 3 {
			e := strOf(a[2], argType(c, 2))
			if utf8.RuneCountInString(e) > 1 {
				return nil, funcErr("incorrect arguments to ESCAPE")
			}
			esc, _ = utf8.DecodeRuneInString(e)
			if e == "" {
				esc = -1
			}
		}
		return boolInt(likeMatchString(strOf(a[0], argType(c, 0)), strOf(a[1], argType(c, 1)), esc)), nil
	},
	MQL: func(c *Call, a []any) (any, bool) {
		re, ok := likeRegex(c)
		if !ok || !argType(c, 0).IsString() || argType(c, 0).Kind == sqltypes.ObjectID {
			return nil, false
		}
		return condAgg(op1("$regexMatch", bson.D{{Key: "input", Value: a[0]}, {Key: "regex", Value: re}, {Key: "options", Value: "s"}}), 1, 0), true
	},
}

type likeTok struct {
	kind byte // 'c' literal, '_' one, '%' any
	r    rune
}

func likeTokens(p string, esc rune) []likeTok {
	var out []likeTok
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == esc && esc >= 0 && i+1 < len(rs):
			i++
			out = append(out, likeTok{'c', rs[i]})
		case r == '%':
			out = append(out, likeTok{'%', 0})
		case r == '_':
			out = append(out, likeTok{'_', 0})
		default:
			out = append(out, likeTok{'c', r})
		}
	}
	return out
}

func likeMatchString(s, p string, esc rune) bool {
	toks := likeTokens(p, esc)
	rs := []rune(s)
	// Greedy matching with backtracking on the last %.
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(rs) {
		if pi < len(toks) && (toks[pi].kind == '_' || toks[pi].kind == 'c' && toks[pi].r == rs[si]) {
			si++
			pi++
		} else if pi < len(toks) && toks[pi].kind == '%' {
			star, mark = pi, si
			pi++
		} else if star >= 0 {
			pi = star + 1
			mark++
			si = mark
		} else {
			return false
		}
	}
	for pi < len(toks) && toks[pi].kind == '%' {
		pi++
	}
	return pi == len(toks)
}

// likeRegex translates a literal LIKE pattern into an anchored regex.
func likeRegex(c *Call) (string, bool) {
	pl, ok := c.Args[1].(*Literal)
	if !ok {
		return "", false
	}
	p, ok := pl.Value.(string)
	if !ok {
		return "", false
	}
	esc := '\\'
	if len(c.Args) == 3 {
		el, ok := c.Args[2].(*Literal)
		if !ok {
			return "", false
		}
		e, ok := el.Value.(string)
		if !ok || utf8.RuneCountInString(e) > 1 {
			return "", false
		}
		esc, _ = utf8.DecodeRuneInString(e)
		if e == "" {
			esc = -1
		}
	}
	toks := likeTokens(p, esc)
	var sb strings.Builder
	sb.WriteString("^")
	end := len(toks)
	for end > 0 && toks[end-1].kind == '%' {
		end--
	}
	for i := 0; i < end; i++ {
		switch toks[i].kind {
		case '%':
			sb.WriteString(".*")
		case '_':
			sb.WriteString(".")
		default:
			sb.WriteString(regexp.QuoteMeta(string(toks[i].r)))
		}
	}
	if end == len(toks) {
		sb.WriteString(`\z`)
	}
	return sb.String(), true
}

// likeMatch pushes col LIKE 'literal' into the query language as an
// anchored $regex; only on string columns, where every non-NULL value is
// a string (a number would match in SQL but not as a regex).
func likeMatch(c *Call) (bson.D, bool) {
	col, ok := fieldOf(c.Args[0])
	if !ok || !(col.T.Kind == sqltypes.Varchar || col.T.Kind == sqltypes.Text) {
		return nil, false
	}
	re, ok := likeRegex(c)
	if !ok {
		return nil, false
	}
	return bson.D{{Key: col.Path, Value: bson.D{{Key: "$regex", Value: re}, {Key: "$options", Value: "s"}}}}, true
}

// --- REGEXP

// regexCache keeps compiled patterns. A row-dependent pattern can bring a
// new one per row, so it is bounded by the bytes of pattern text (a
// compiled program grows with its pattern).
var regexCache = textcache.New[*regexp.Regexp](256<<10, 4<<10)

// compileRegex compiles a REGEXP pattern with RE2, with $ as in MySQL
// (and MongoDB's PCRE): the end, or before a newline that ends the
// string. A pattern RE2 rejects (backreferences, lookaround) is an error
// on both paths: its MQL is refused too, so the server never matches
// what the in-process twin cannot.
func compileRegex(p string) (*regexp.Regexp, error) {
	if r, ok := regexCache.Get(p); ok {
		return r, nil
	}
	tree, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return nil, funcErr("unsupported regular expression %q: %v (patterns are RE2: no backreferences or lookaround)", p, err)
	}
	r, err := regexp.Compile(dollarAsMySQL(tree).String())
	if err != nil {
		return nil, funcErr("unsupported regular expression %q: %v", p, err)
	}
	regexCache.Put(p, r)
	return r, nil
}

// dollarAsMySQL rewrites each non-multiline $ to "\n?\z".
func dollarAsMySQL(re *syntax.Regexp) *syntax.Regexp {
	if re.Op == syntax.OpEndText && re.Flags&syntax.WasDollar != 0 {
		nl := &syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{'\n'}, Flags: re.Flags &^ syntax.WasDollar}
		end := &syntax.Regexp{Op: syntax.OpEndText}
		return &syntax.Regexp{Op: syntax.OpConcat, Sub: []*syntax.Regexp{{Op: syntax.OpQuest, Sub: []*syntax.Regexp{nl}}, end}}
	}
	for i, sub := range re.Sub {
		re.Sub[i] = dollarAsMySQL(sub)
	}
	return re
}

var regexpDef = &FuncDef{
	Name: "regexp", MinArgs: 2, MaxArgs: 2, NullIn: true, T: boolType,
	Eval: func(c *Call, a []any) (any, error) {
		re, err := compileRegex(strOf(a[1], argType(c, 1)))
		if err != nil {
			return nil, err
		}
		return boolInt(re.MatchString(strOf(a[0], argType(c, 0)))), nil
	},
	MQL: func(c *Call, a []any) (any, bool) {
		if !argType(c, 0).IsString() || argType(c, 0).Kind == sqltypes.ObjectID {
			return nil, false
		}
		l, ok := c.Args[1].(*Literal)
		if !ok {
			return nil, false
		}
		if _, err := compileRegex(strOf(l.Value, l.T)); err != nil {
			return nil, false
		}
		return condAgg(op1("$regexMatch", bson.D{{Key: "input", Value: a[0]}, {Key: "regex", Value: a[1]}}), 1, 0), true
	},
}

func init() {
	funcs["regexp_like"] = regexpDef
}

// --- the core predicates as values (1, 0 or null)

// truthValAgg normalizes a value to 1, 0 or null by SQL truth.
func truthValAgg(e Expr) (any, bool) {
	if e.Type().IsString() {
		return nil, false
	}
	v, ok := aggValue(e)
	if !ok {
		return nil, false
	}
	switch e.(type) {
	case *Compare, *And, *Or, *Not, *IsNull, *IsTruth, *InList, *Between:
		return v, true
	}
	return condAgg(isNullAgg(v), nil, condAgg(op1("$in", bson.A{v, bson.A{0, false}}), 0, 1)), true
}

func truthVals(es []Expr) (bson.A, bool) {
	out := make(bson.A, len(es))
	for i, e := range es {
		v, ok := truthValAgg(e)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func notAgg(t any) any {
	return condAgg(isNullAgg(t), nil, opN("$subtract", 1, t))
}

func boolAgg(e Expr) (any, bool) {
	switch x := e.(type) {
	case *Compare:
		l, ok1 := aggValue(x.L)
		r, ok2 := aggValue(x.R)
		if !ok1 || !ok2 || !comparableInMongo(x.L, x.R) {
			return nil, false
		}
		l, r = cmpOperands(x.L, x.R, l, r)
		if x.Op == OpNullSafeEq {
			return condAgg(opN("$eq", op1("$ifNull", bson.A{l, nil}), op1("$ifNull", bson.A{r, nil})), 1, 0), true
		}
		return condAgg(bson.D{{Key: "$or", Value: bson.A{isNullAgg(l), isNullAgg(r)}}}, nil,
			condAgg(opN(aggCmp[x.Op], l, r), 1, 0)), true
	case *And:
		ts, ok := truthVals(x.Args)
		if !ok {
			return nil, false
		}
		return condAgg(opN("$in", 0, ts), 0, condAgg(opN("$in", nil, ts), nil, 1)), true
	case *Or:
		ts, ok := truthVals(x.Args)
		if !ok {
			return nil, false
		}
		return condAgg(opN("$in", 1, ts), 1, condAgg(opN("$in", nil, ts), nil, 0)), true
	case *Not:
		t, ok := truthValAgg(x.X)
		if !ok {
			return nil, false
		}
		return notAgg(t), true
	case *IsNull:
		v, ok := aggValue(x.X)
		if !ok {
			return nil, false
		}
		if x.Negate {
			return condAgg(isNullAgg(v), 0, 1), true
		}
		return condAgg(isNullAgg(v), 1, 0), true
	case *IsTruth:
		t, ok := truthValAgg(x.X)
		if !ok {
			return nil, false
		}
		want := 0
		if x.Want {
			want = 1
		}
		if x.Negate {
			return condAgg(opN("$eq", t, want), 0, 1), true
		}
		return condAgg(opN("$eq", t, want), 1, 0), true
	case *InList:
		eqs := make([]Expr, len(x.List))
		for i, item := range x.List {
			eqs[i] = &Compare{Op: OpEq, L: x.X, R: item}
		}
		v, ok := boolAgg(&Or{Args: eqs})
		if !ok {
			return nil, false
		}
		if x.Negate {
			return notAgg(v), true
		}
		return v, true
	case *Between:
		v, ok := boolAgg(&And{Args: []Expr{&Compare{Op: OpGe, L: x.X, R: x.Lo}, &Compare{Op: OpLe, L: x.X, R: x.Hi}}})
		if !ok {
			return nil, false
		}
		if x.Negate {
			return notAgg(v), true
		}
		return v, true
	}
	return nil, false
}
