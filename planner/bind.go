package planner

import (
	"slices"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// scope is what names resolve against: the columns of the input row.
type scope struct {
	table *Table // nil when there is no FROM
	alias string
	// probe asks whether any document of a sampled table has a field the
	// sample did not show (nil: assume it may).
	probe func(path string) (bool, error)
}

// name is what a qualifier must say to name the scope's table: its
// alias, else its table name.
func (s scope) name() string {
	if s.alias != "" {
		return s.alias
	}
	return s.table.Name
}

// qualifies reports whether the qualifier q of a column names a table read
// under name. Table names and aliases are case-sensitive, as in MySQL on
// Linux (lower_case_table_names=0): FROM t a reads a.x, not A.x or t.x.
// (Column names are not.)
func qualifies(q, name string) bool { return q == name }

// binder turns parser expressions into bound Exprs.
type binder struct {
	stmt  *sqlparse.Statement
	scope scope
	// inline, when set, holds the arguments: parameters become literals
	// (used when an argument is NULL, which changes the pushed filter).
	inline []any
	// agg, when set, binds over an aggregate's rows (select list, HAVING
	// and ORDER BY of a grouped query).
	agg *aggState
	// aliases are the select list's aliases, for HAVING: a name that is
	// not a column of the table may name a select expression.
	aliases map[string]Expr
	// extra lists dotted paths read from documents beyond the table's
	// columns; they occupy row positions after the columns.
	extra []string
	// stop is ticked once per expression bound (see Options.Stop).
	stop *stopper
	// sub plans the SELECT of a subquery (planCtx.subquery).
	sub func(sqlparser.SelectStatement, *outerScope) (*Query, error)
	// outer resolves the names of a subquery its own FROM lacks.
	outer *outerScope
	// multi, when set, resolves names over a multi-table FROM clause (or
	// a derived table) instead of scope.
	multi *multiScope
	// values binds VALUES(col) of ON DUPLICATE KEY UPDATE; nil elsewhere.
	values func(*sqlparser.ValuesFuncExpr) (Expr, error)
}

// scanFields returns the document paths a scan of the scope's table reads
// and their types, in row order.
func (b *binder) scanFields() ([]string, []sqltypes.Type) {
	t := b.scope.table
	fields := make([]string, 0, len(t.Columns)+len(b.extra))
	types := make([]sqltypes.Type, 0, cap(fields))
	for _, c := range t.Columns {
		fields = append(fields, t.Path(c.Name))
		types = append(types, c.Type)
	}
	for _, e := range b.extra {
		fields = append(fields, e)
		types = append(types, sqltypes.Type{Kind: sqltypes.Null})
	}
	return fields, types
}

func (b *binder) bind(e sqlparser.Expr) (Expr, error) {
	if b.stop != nil {
		if err := b.stop.tick(); err != nil {
			return nil, err
		}
	}
	if c, ok := e.(*sqlparser.ColName); ok {
		if m, ok := c.Metadata.(*outerAgg); ok {
			return b.liftedAgg(c, m)
		}
	}
	if b.agg != nil {
		if v, ok, err := b.bindGrouped(e); ok || err != nil {
			return v, err
		}
	}
	switch e := e.(type) {
	case *sqlparser.ParenExpr:
		return b.bind(e.Expr)
	case *sqlparser.ColName:
		v, err := b.column(e)
		if err != nil && b.outer != nil && sqlerr.HasCode(err, sqlerr.UnknownColumn) {
			if o, oerr := b.outer.resolve(e); oerr == nil {
				return o, nil
			}
		}
		return v, err
	case *sqlparser.SQLVal:
		return b.value(e)
	case *sqlparser.NullVal:
		return &Literal{}, nil
	case sqlparser.BoolVal:
		return &Literal{Value: boolInt(bool(e)), T: boolType}, nil
	case *sqlparser.AndExpr:
		return b.logic(e.Left, e.Right, true)
	case *sqlparser.OrExpr:
		return b.logic(e.Left, e.Right, false)
	case *sqlparser.NotExpr:
		x, err := b.bind(e.Expr)
		if err != nil {
			return nil, err
		}
		return &Not{X: x}, nil
	case *sqlparser.ComparisonExpr:
		return b.comparison(e)
	case *sqlparser.RangeCond:
		x, err := b.bind(e.Left)
		if err != nil {
			return nil, err
		}
		lo, err := b.bind(e.From)
		if err != nil {
			return nil, err
		}
		hi, err := b.bind(e.To)
		if err != nil {
			return nil, err
		}
		return &Between{X: x, Lo: coerce(lo, x), Hi: coerce(hi, x), Negate: e.Operator == sqlparser.NotBetweenStr}, nil
	case *sqlparser.IsExpr:
		x, err := b.bind(e.Expr)
		if err != nil {
			return nil, err
		}
		switch e.Operator {
		case sqlparser.IsNullStr:
			return &IsNull{X: x}, nil
		case sqlparser.IsNotNullStr:
			return &IsNull{X: x, Negate: true}, nil
		case sqlparser.IsTrueStr:
			return &IsTruth{X: x, Want: true}, nil
		case sqlparser.IsNotTrueStr:
			return &IsTruth{X: x, Want: true, Negate: true}, nil
		case sqlparser.IsFalseStr:
			return &IsTruth{X: x, Want: false}, nil
		case sqlparser.IsNotFalseStr:
			return &IsTruth{X: x, Want: false, Negate: true}, nil
		}
	case *sqlparser.UnaryExpr:
		// A negative number literal; other unary operators are functions.
		if v, ok := e.Expr.(*sqlparser.SQLVal); ok && e.Operator == sqlparser.UMinusStr && (v.Type == sqlparser.IntVal || v.Type == sqlparser.FloatVal) {
			return b.value(&sqlparser.SQLVal{Type: v.Type, Val: append([]byte("-"), v.Val...)})
		}
	case *sqlparser.Subquery:
		return b.subquery(e, false, nil, Quantifier{})
	case *sqlparser.ExistsExpr:
		return b.subquery(e.Subquery, true, nil, Quantifier{})
	}
	return b.bindMore(e)
}

func unsupported(format string, args ...any) error {
	return sqlerr.New(sqlerr.Unsupported, format, args...)
}

func (b *binder) logic(l, r sqlparser.Expr, and bool) (Expr, error) {
	// a OR b OR c … arrives left-deep: walk the chain in a loop and bind
	// its operands into one list, linear in their number. (Grouped
	// binding looks at every node, so it keeps the recursive path.)
	operands := []sqlparser.Expr{r}
	for b.agg == nil {
		if x, ok := l.(*sqlparser.AndExpr); ok && and {
			operands, l = append(operands, x.Right), x.Left
		} else if x, ok := l.(*sqlparser.OrExpr); ok && !and {
			operands, l = append(operands, x.Right), x.Left
		} else {
			break
		}
	}
	operands = append(operands, l)
	slices.Reverse(operands)
	var args []Expr
	for _, o := range operands {
		e, err := b.bind(o)
		if err != nil {
			return nil, err
		}
		if and {
			args = append(args, flatten[*And](e)...)
		} else {
			args = append(args, flatten[*Or](e)...)
		}
	}
	if and {
		return &And{Args: args}, nil
	}
	return &Or{Args: args}, nil
}

// flatten merges nested ANDs (or ORs) into one operand list.
func flatten[T *And | *Or](es ...Expr) []Expr {
	var out []Expr
	for _, e := range es {
		switch x := any(e).(type) {
		case T:
			switch y := any(x).(type) {
			case *And:
				out = append(out, y.Args...)
			case *Or:
				out = append(out, y.Args...)
			}
		default:
			out = append(out, e)
		}
	}
	return out
}

var cmpOps = map[string]CmpOp{
	sqlparser.EqualStr: OpEq, sqlparser.NotEqualStr: OpNe, sqlparser.LessThanStr: OpLt,
	sqlparser.LessEqualStr: OpLe, sqlparser.GreaterThanStr: OpGt, sqlparser.GreaterEqualStr: OpGe,
	sqlparser.NullSafeEqualStr: OpNullSafeEq,
}

func (b *binder) comparison(e *sqlparser.ComparisonExpr) (Expr, error) {
	if lt, ok := e.Left.(sqlparser.ValTuple); ok {
		return b.rowComparison(e, lt)
	}
	l, err := b.bind(e.Left)
	if err != nil {
		return nil, err
	}
	if op, ok := cmpOps[e.Operator]; ok {
		if sq, all, ok := quantified(e.Right); ok && op != OpNullSafeEq {
			return b.subquery(sq, false, l, Quantifier{Op: op, All: all})
		}
		r, err := b.bind(e.Right)
		if err != nil {
			return nil, err
		}
		return &Compare{Op: op, L: coerce(l, r), R: coerce(r, l)}, nil
	}
	switch e.Operator {
	case sqlparser.InStr, sqlparser.NotInStr:
		if sq, ok := e.Right.(*sqlparser.Subquery); ok {
			in, err := b.subquery(sq, false, l, Quantifier{Op: OpEq})
			if err != nil || e.Operator == sqlparser.InStr {
				return in, err
			}
			return &Not{X: in}, nil
		}
		tuple, ok := e.Right.(sqlparser.ValTuple)
		if !ok {
			return nil, unsupported("IN with %s", sqlparser.String(e.Right))
		}
		in := &InList{X: l, Negate: e.Operator == sqlparser.NotInStr}
		for _, item := range tuple {
			v, err := b.bind(item)
			if err != nil {
				return nil, err
			}
			in.List = append(in.List, coerce(v, l))
		}
		return in, nil
	}
	return b.comparisonMore(e, l)
}

// coerce converts a literal or parameter to the type of the column it is
// compared with, as the semantic contract requires (id = '7' on an INT
// column matches 7). Anything else is returned unchanged.
func coerce(e, other Expr) Expr {
	if other == nil {
		return e
	}
	if _, isLit := other.(*Literal); isLit {
		return e
	}
	if _, isParam := other.(*ParamRef); isParam {
		return e
	}
	// A column, or an expression of known type (DATE(x) = '2024-01-05').
	col := &ColRef{T: other.Type()}
	if c, ok := other.(*ColRef); ok {
		col = c
	}
	if col.T.Kind == sqltypes.Null || col.T.Kind == sqltypes.JSONKind {
		return e
	}
	switch x := e.(type) {
	case *Literal:
		if x.Value == nil {
			return x
		}
		target := col.T
		if target.Kind == sqltypes.Date {
			// MySQL compares a DATE with a datetime literal as DATETIME.
			target = sqltypes.Type{Kind: sqltypes.DateTime}
		}
		if v, err := sqltypes.Convert(x.Value, target); err == nil && convertKeepsMeaning(x.Value, v, col.T) {
			return &Literal{Value: v, T: col.T}
		}
	case *ParamRef:
		return &ParamRef{N: x.N, T: col.T}
	}
	return e
}

// convertKeepsMeaning refuses conversions that would change which rows
// match: a fractional number compared with an INT column, or a number
// compared with a string column (MySQL compares those numerically).
func convertKeepsMeaning(from, to any, t sqltypes.Type) bool {
	if t.Kind == sqltypes.Bool {
		// BOOL is TINYINT(1): only 0 and 1 name false and true.
		switch f := from.(type) {
		case int64:
			return f == 0 || f == 1
		case float64:
			return f == 0 || f == 1
		case string:
			return true
		}
		return false
	}
	switch f := from.(type) {
	case float64:
		if t.Kind == sqltypes.Int {
			return float64(to.(int64)) == f
		}
		return !t.IsString()
	case bson.Decimal128:
		if t.Kind == sqltypes.Int {
			r, ok := sqltypes.DecimalRat(f)
			return ok && r.IsInt()
		}
		return !t.IsString()
	case int64:
		return !t.IsString()
	case string:
		if t.Kind == sqltypes.Int {
			_, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			return err == nil
		}
	}
	return true
}

func (b *binder) value(v *sqlparser.SQLVal) (Expr, error) {
	switch v.Type {
	case sqlparser.StrVal:
		return &Literal{Value: string(v.Val), T: sqltypes.Type{Kind: sqltypes.Varchar}}, nil
	case sqlparser.IntVal:
		i, err := strconv.ParseInt(string(v.Val), 10, 64)
		if err != nil {
			// Past int64: an exact DECIMAL, as in MySQL.
			d, derr := bson.ParseDecimal128(string(v.Val))
			if derr != nil {
				return nil, sqlerr.New(sqlerr.DataType, "invalid number %s", v.Val)
			}
			return &Literal{Value: d, T: sqltypes.Type{Kind: sqltypes.Decimal}}, nil
		}
		return &Literal{Value: i, T: sqltypes.Type{Kind: sqltypes.Int}}, nil
	case sqlparser.FloatVal:
		text := string(v.Val)
		scale := 0
		if _, frac, ok := strings.Cut(text, "."); ok && !strings.ContainsAny(text, "eE") {
			scale = len(frac)
		}
		if i, ok := integralDecimal(text); ok {
			// 9007199254740993.0 is an exact DECIMAL in MySQL; a double
			// would round it.
			return &Literal{Value: i, T: sqltypes.Type{Kind: sqltypes.Decimal, Scale: scale}}, nil
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, sqlerr.New(sqlerr.DataType, "invalid number %s", v.Val)
		}
		if !strings.ContainsAny(text, "eE") {
			// MySQL types 1.5 as an exact DECIMAL(2,1): keep it exact, so
			// 0.1 + 0.2 = 0.3 holds in MQL too.
			if d, err := bson.ParseDecimal128(text); err == nil {
				return &Literal{Value: d, T: sqltypes.Type{Kind: sqltypes.Decimal, Scale: scale}}, nil
			}
			return &Literal{Value: f, T: sqltypes.Type{Kind: sqltypes.Decimal, Scale: scale}}, nil
		}
		return &Literal{Value: f, T: sqltypes.Type{Kind: sqltypes.Double}}, nil
	case sqlparser.ValArg:
		return b.param(string(v.Val))
	case sqlparser.HexVal:
		return nil, unsupported("hex literals")
	}
	return nil, unsupported("literal %s", sqlparser.String(v))
}

// param maps a placeholder (:v3 positional, :name named) to its argument slot.
func (b *binder) param(name string) (Expr, error) {
	e, err := b.paramRef(name)
	if err != nil || b.inline == nil {
		return e, err
	}
	p := e.(*ParamRef)
	if p.N >= len(b.inline) {
		return nil, sqlerr.New(sqlerr.Args, "missing argument %d", p.N+1)
	}
	return literalOf(b.inline[p.N]), nil
}

// literalOf makes a literal of an argument value, typed by its Go type.
func literalOf(v any) *Literal {
	t := sqltypes.Type{}
	switch v.(type) {
	case int64:
		t.Kind = sqltypes.Int
	case float64:
		t.Kind = sqltypes.Double
	case string:
		t.Kind = sqltypes.Varchar
	case bool:
		t.Kind = sqltypes.Bool
	case []byte:
		t.Kind = sqltypes.Blob
	default:
		if v != nil {
			t = sqltypes.Type{Kind: sqltypes.Null}
		}
	}
	return &Literal{Value: v, T: t}
}

func (b *binder) paramRef(name string) (Expr, error) {
	name = strings.TrimPrefix(name, ":")
	if len(b.stmt.Names) > 0 {
		for i, n := range b.stmt.Names {
			if n == name {
				return &ParamRef{N: i}, nil
			}
		}
		return nil, sqlerr.New(sqlerr.Args, "unknown parameter :%s", name)
	}
	if strings.HasPrefix(name, "v") {
		if n, err := strconv.Atoi(name[1:]); err == nil && n >= 1 {
			return &ParamRef{N: n - 1}, nil
		}
	}
	return nil, sqlerr.New(sqlerr.Args, "unknown parameter :%s", name)
}

func (b *binder) column(c *sqlparser.ColName) (Expr, error) {
	name := c.Name.String()
	t := b.scope.table
	if b.multi != nil {
		t = nil
	}
	if e, ok, err := sessionName(c, t); ok {
		return e, err
	}
	if b.multi != nil {
		return b.multiColumn(c)
	}
	if t == nil {
		return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column %q in field list", name)
	}
	if q := c.Qualifier.Name.String(); q != "" && !qualifies(q, b.scope.name()) {
		return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column \"%s.%s\"", q, name)
	}
	col, i := t.Column(name)
	if col == nil {
		if e, ok := b.aliases[strings.ToLower(name)]; ok && c.Qualifier.IsEmpty() {
			return cloneExpr(e), nil
		}
		if !t.Defined {
			// An undefined collection: a field the sample did not show is
			// still a field, NULL where documents lack it — when some
			// document has it; else it is a typo.
			if b.scope.probe != nil {
				if ok, err := b.scope.probe(name); err != nil {
					return nil, err
				} else if !ok {
					return nil, unknownColumn(name, t)
				}
			}
			return b.extraPath(name), nil
		}
		if head, _, ok := strings.Cut(name, "."); ok {
			if hc, _ := t.Column(head); hc != nil {
				// A dotted path into sub-documents.
				return b.extraPath(name), nil
			}
		}
		return nil, unknownColumn(name, t)
	}
	return &ColRef{Index: i, Name: col.Name, Path: t.Path(col.Name), T: col.Type}, nil
}

func (b *binder) extraPath(path string) *ColRef {
	n := len(b.scope.table.Columns)
	for i, e := range b.extra {
		if e == path {
			return &ColRef{Index: n + i, Name: path, Path: path, T: sqltypes.Type{Kind: sqltypes.Null}}
		}
	}
	b.extra = append(b.extra, path)
	return &ColRef{Index: n + len(b.extra) - 1, Name: path, Path: path, T: sqltypes.Type{Kind: sqltypes.Null}}
}

// unknownColumn is the error for a column t lacks, with the nearest name.
func unknownColumn(name string, t *Table) error {
	msg := "unknown column %q in table %q"
	if s := suggest(name, t); s != "" {
		return sqlerr.New(sqlerr.UnknownColumn, msg+" (did you mean %q?)", name, t.Name, s)
	}
	return sqlerr.New(sqlerr.UnknownColumn, msg, name, t.Name)
}

// suggest returns the column name closest to name, if it is close.
func suggest(name string, t *Table) string {
	best, bestD := "", 3
	for _, c := range t.Columns {
		if d := editDistance(strings.ToLower(name), strings.ToLower(c.Name)); d < bestD {
			best, bestD = c.Name, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// integralDecimal reads "123.000" (no exponent) as an exact integer.
func integralDecimal(s string) (int64, bool) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || strings.Trim(frac, "0") != "" || whole == "" || whole == "-" {
		return 0, false
	}
	i, err := strconv.ParseInt(whole, 10, 64)
	return i, err == nil
}

// quantified recognizes ANY|SOME|ALL (SELECT …) as sqlparse rewrote it.
func quantified(e sqlparser.Expr) (*sqlparser.Subquery, bool, bool) {
	f, ok := e.(*sqlparser.FuncExpr)
	if !ok || len(f.Exprs) != 1 || !f.Qualifier.IsEmpty() {
		return nil, false, false
	}
	all := f.Name.EqualString(sqlparse.FuncAll)
	if !all && !f.Name.EqualString(sqlparse.FuncAny) {
		return nil, false, false
	}
	ae, ok := f.Exprs[0].(*sqlparser.AliasedExpr)
	if !ok {
		return nil, false, false
	}
	x := ae.Expr
	for {
		p, ok := x.(*sqlparser.ParenExpr)
		if !ok {
			break
		}
		x = p.Expr
	}
	sq, ok := x.(*sqlparser.Subquery)
	return sq, all, ok
}
