package planner

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Aggregate groups its input by GroupBy and computes Aggs per group. Its
// rows are the group keys followed by the aggregate values. Without
// GroupBy it yields exactly one row, also for empty input (SQL's rule).
type Aggregate struct {
	Input   Node
	GroupBy []Expr
	Aggs    []*AggCall
}

// Distinct drops repeated rows (NULLs equal each other, as in SQL).
type Distinct struct{ Input Node }

func (*Aggregate) isNode() {}
func (*Distinct) isNode()  {}

// AggCall is one aggregate function call; Args are bound over the
// aggregate's input.
type AggCall struct {
	Func      string // lower-case: count, sum, avg, min, max, group_concat, …
	Star      bool   // COUNT(*)
	Args      []Expr
	Distinct  bool
	Separator string    // GROUP_CONCAT
	OrderBy   []SortKey // GROUP_CONCAT
	T         sqltypes.Type
}

func (a *AggCall) String() string {
	if a.Star {
		return a.Func + "(*)"
	}
	d := ""
	if a.Distinct {
		d = "DISTINCT "
	}
	return a.Func + "(" + d + joinExprs(a.Args, ", ") + ")"
}

// hasAggregate reports whether an expression calls an aggregate function
// outside a subquery.
func hasAggregate(node sqlparser.SQLNode) bool {
	found, _ := hasAggregateStop(node, nil)
	return found
}

// hasAggregateStop is hasAggregate ticking s once per node (nil: never).
func hasAggregateStop(node sqlparser.SQLNode, s *stopper) (bool, error) {
	found := false
	err := sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		if s != nil {
			if err := s.tick(); err != nil {
				return false, err
			}
		}
		switch n := n.(type) {
		case *sqlparser.FuncExpr:
			if aggregates[n.Name.Lowered()] != nil {
				found = true
				return false, nil
			}
		case *sqlparser.GroupConcatExpr:
			found = true
			return false, nil
		case *sqlparser.Subquery:
			return false, nil
		}
		return true, nil
	}, node)
	return found, err
}

// aggState maps expressions over the aggregate's output while binding the
// select list, HAVING and ORDER BY of a grouped query: group keys and
// aggregate calls become column references into its rows.
type aggState struct {
	keyText []string // sqlparser.String of each GROUP BY expression
	keys    []Expr
	aggs    []*AggCall
}

func (s *aggState) ref(i int, name string, t sqltypes.Type) *ColRef {
	return &ColRef{Index: i, Name: name, Path: fmt.Sprintf("r%d", i), T: t}
}

// bindGrouped binds e over the aggregate's rows. It returns ok=false when
// e is not one of the special forms, so bind goes on recursively.
func (b *binder) bindGrouped(e sqlparser.Expr) (Expr, bool, error) {
	s := b.agg
	text := sqlparser.String(e)
	for i, k := range s.keyText {
		if k == text {
			return s.ref(i, text, s.keys[i].Type()), true, nil
		}
	}
	switch x := e.(type) {
	case *sqlparser.FuncExpr:
		if aggregates[x.Name.Lowered()] == nil {
			return nil, false, nil
		}
		call, err := b.aggCall(x)
		if err != nil {
			return nil, true, err
		}
		return s.add(call, text), true, nil
	case *sqlparser.GroupConcatExpr:
		call, err := b.groupConcat(x)
		if err != nil {
			return nil, true, err
		}
		return s.add(call, text), true, nil
	case *sqlparser.ColName:
		if x.Qualifier.IsEmpty() && (b.scope.table != nil || b.multi != nil) && !b.hasColumn(x.Name.String()) {
			if e, ok := b.aliases[strings.ToLower(x.Name.String())]; ok {
				return e, true, nil // a HAVING reference to an alias
			}
		}
		// A column that is not grouped: MySQL (without ONLY_FULL_GROUP_BY)
		// takes a value from the group.
		inner := *b
		inner.agg = nil
		v, err := inner.column(x)
		if err != nil {
			return nil, true, err
		}
		b.extra = inner.extra
		call := &AggCall{Func: "any_value", Args: []Expr{v}, T: v.Type()}
		return s.add(call, text), true, nil
	}
	return nil, false, nil
}

func (s *aggState) add(call *AggCall, name string) *ColRef {
	for i, a := range s.aggs {
		if a.String() == call.String() && a.Separator == call.Separator && len(a.OrderBy) == 0 && len(call.OrderBy) == 0 {
			return s.ref(len(s.keys)+i, name, a.T)
		}
	}
	s.aggs = append(s.aggs, call)
	return s.ref(len(s.keys)+len(s.aggs)-1, name, call.T)
}

// inputBinder binds aggregate arguments over the aggregate's input.
func (b *binder) inputBind(e sqlparser.Expr) (Expr, error) {
	inner := *b
	inner.agg = nil
	v, err := inner.bind(e)
	b.extra = inner.extra
	return v, err
}

func (b *binder) aggCall(f *sqlparser.FuncExpr) (*AggCall, error) {
	name := f.Name.Lowered()
	// An alias (STD, STDDEV, VARIANCE) becomes the name it stands for.
	call := &AggCall{Func: aggregates[name].name, Distinct: f.Distinct}
	if len(f.Exprs) == 1 {
		if _, ok := f.Exprs[0].(*sqlparser.StarExpr); ok {
			if name != "count" {
				return nil, sqlerr.New(sqlerr.Syntax, "%s(*) is not valid", strings.ToUpper(name))
			}
			call.Star = true
			call.T = sqltypes.Type{Kind: sqltypes.Int}
			return call, nil
		}
	}
	for _, se := range f.Exprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, sqlerr.New(sqlerr.Syntax, "invalid argument to %s", strings.ToUpper(name))
		}
		if hasAggregate(ae.Expr) {
			return nil, sqlerr.New(sqlerr.Syntax, "invalid use of group function: nested aggregate in %s", strings.ToUpper(name))
		}
		v, err := b.inputBind(ae.Expr)
		if err != nil {
			return nil, err
		}
		if contains[*OuterRef](v) && !contains[*ColRef](v) {
			// MySQL aggregates it in the outer query, over the outer group.
			return nil, unsupported("an aggregate of the outer query's columns inside a subquery (%s)", sqlparser.String(f))
		}
		call.Args = append(call.Args, v)
	}
	if len(call.Args) == 0 || (len(call.Args) > 1 && !(call.Func == "count" && call.Distinct)) {
		return nil, sqlerr.New(sqlerr.Args, "wrong number of arguments to %s", strings.ToUpper(name))
	}
	if call.Distinct && call.Func != "count" && call.Func != "sum" && call.Func != "avg" && call.Func != "min" && call.Func != "max" {
		return nil, unsupported("%s(DISTINCT …)", strings.ToUpper(name))
	}
	call.T = aggType(call.Func, call.Args[0].Type())
	return call, nil
}

func (b *binder) groupConcat(g *sqlparser.GroupConcatExpr) (*AggCall, error) {
	call := &AggCall{Func: "group_concat", Distinct: g.Distinct != "", Separator: ",", T: sqltypes.Type{Kind: sqltypes.Text}}
	if sep := strings.TrimSpace(g.Separator); sep != "" {
		// The parser keeps the clause as text: "separator 'x'".
		lit := strings.TrimSpace(sep[len("separator"):])
		stmt, err := sqlparser.Parse("select " + lit)
		if err != nil {
			return nil, sqlerr.New(sqlerr.Syntax, "invalid GROUP_CONCAT separator %s", lit)
		}
		v, ok := stmt.(*sqlparser.Select).SelectExprs[0].(*sqlparser.AliasedExpr).Expr.(*sqlparser.SQLVal)
		if !ok {
			return nil, sqlerr.New(sqlerr.Syntax, "invalid GROUP_CONCAT separator %s", lit)
		}
		call.Separator = string(v.Val)
	}
	for _, se := range g.Exprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, sqlerr.New(sqlerr.Syntax, "invalid argument to GROUP_CONCAT")
		}
		v, err := b.inputBind(ae.Expr)
		if err != nil {
			return nil, err
		}
		if contains[*OuterRef](v) && !contains[*ColRef](v) {
			// MySQL aggregates it in the outer query, over the outer group.
			return nil, unsupported("an aggregate of the outer query's columns inside a subquery (%s)", sqlparser.String(g))
		}
		call.Args = append(call.Args, v)
	}
	for _, o := range g.OrderBy {
		var k Expr
		if v, ok := o.Expr.(*sqlparser.SQLVal); ok && v.Type == sqlparser.IntVal {
			n := int(v.Val[0] - '0')
			if len(v.Val) != 1 || n < 1 || n > len(call.Args) {
				return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s' in GROUP_CONCAT ORDER BY", v.Val)
			}
			k = call.Args[n-1]
		} else {
			var err error
			if k, err = b.inputBind(o.Expr); err != nil {
				return nil, err
			}
		}
		call.OrderBy = append(call.OrderBy, SortKey{Expr: k, Desc: o.Direction == sqlparser.DescScr})
	}
	return call, nil
}

// aggType is the MySQL result type of an aggregate over arg.
func aggType(fn string, arg sqltypes.Type) sqltypes.Type {
	if d := aggregateOf(fn); d != nil {
		return d.result(arg)
	}
	return doubleType
}

// Accumulator folds one group's values in-process.
type Accumulator interface {
	Add(args []any) error
	Result() any
}

// NewAccumulator returns a fresh in-process accumulator for the call.
func (a *AggCall) NewAccumulator() Accumulator {
	var acc Accumulator = &anyAcc{}
	if d := aggregateOf(a.Func); d != nil {
		acc = d.newAcc(a)
	}
	if a.Distinct && a.Func != "group_concat" {
		return &distinctAcc{inner: acc, seen: map[string]bool{}}
	}
	return acc
}

type countAcc struct {
	star bool
	n    int64
}

func (c *countAcc) Add(args []any) error {
	for _, a := range args {
		if a == nil {
			return nil
		}
	}
	c.n++
	return nil
}
func (c *countAcc) Result() any { return c.n }

// countRowsAcc sums counts the server already took ($count), 0 for none.
type countRowsAcc struct{ n int64 }

func (c *countRowsAcc) Add(args []any) error {
	if n, ok := args[0].(int64); ok {
		c.n += n
	}
	return nil
}
func (c *countRowsAcc) Result() any { return c.n }

// exactSum adds numbers the way MySQL's SUM and AVG do: integers and
// decimals exactly (int64 while it fits, then a rational), doubles as
// doubles. scale is the most fractional digits seen, for the result.
type exactSum struct {
	n       int64
	isFloat bool
	f       float64
	i       int64
	big     *big.Rat
	scale   int
}

func (s *exactSum) add(v any) {
	if str, ok := v.(string); ok {
		v = sqltypes.StringToNumber(str)
	}
	s.n++
	switch x := v.(type) {
	case int64:
		if s.big == nil {
			if r := s.i + x; (r > s.i) == (x > 0) || x == 0 {
				s.i = r
				return
			}
			s.big = new(big.Rat).SetInt64(s.i)
		}
		s.big.Add(s.big, new(big.Rat).SetInt64(x))
		return
	case bson.Decimal128:
		if r, ok := sqltypes.DecimalRat(x); ok {
			if _, frac, ok := strings.Cut(x.String(), "."); ok {
				s.scale = max(s.scale, len(frac))
			}
			if s.big == nil {
				s.big = new(big.Rat).SetInt64(s.i)
			}
			s.big.Add(s.big, r)
			return
		}
	}
	f, _ := sqltypes.ToFloat(v)
	s.isFloat = true
	s.f += f
}

// total is the exact sum, or nil when a double was added.
func (s *exactSum) total() *big.Rat {
	if s.isFloat {
		return nil
	}
	if s.big == nil {
		return new(big.Rat).SetInt64(s.i)
	}
	return s.big
}

func (s *exactSum) float() float64 {
	f := s.f
	if s.big != nil {
		g, _ := s.big.Float64()
		f += g
	} else {
		f += float64(s.i)
	}
	return f
}

// ratValue returns r as int64 when it is a small integer, else as a
// decimal with scale fractional digits.
func ratValue(r *big.Rat, scale int) any {
	if r.IsInt() && scale == 0 && r.Num().IsInt64() {
		return r.Num().Int64()
	}
	return decimalOf(r, scale)
}

type sumAcc struct{ s exactSum }

func (a *sumAcc) Add(args []any) error {
	if args[0] != nil {
		a.s.add(args[0])
	}
	return nil
}

func (a *sumAcc) Result() any {
	if a.s.n == 0 {
		return nil
	}
	if r := a.s.total(); r != nil {
		// DECIMAL, as the column is typed (and as the server returns it).
		return decimalOf(r, a.s.scale)
	}
	return a.s.float()
}

func numeric(v any) (float64, bool) {
	if s, ok := v.(string); ok {
		v = sqltypes.StringToNumber(s)
	}
	return sqltypes.ToFloat(v)
}

// avgAcc averages exactly for integers and decimals (MySQL's result has
// four more fractional digits than the input), as a double otherwise.
type avgAcc struct{ s exactSum }

func (a *avgAcc) Add(args []any) error {
	if args[0] != nil {
		a.s.add(args[0])
	}
	return nil
}

func (a *avgAcc) Result() any {
	if a.s.n == 0 {
		return nil
	}
	if r := a.s.total(); r != nil {
		q := new(big.Rat).Quo(r, new(big.Rat).SetInt64(a.s.n))
		return ratValue(q, a.s.scale+4)
	}
	return a.s.float() / float64(a.s.n)
}

type minMaxAcc struct {
	sign int
	v    any
}

func (m *minMaxAcc) Held() int64 { return ValueSize(m.v) }

func (m *minMaxAcc) Add(args []any) error {
	v := args[0]
	if v == nil {
		return nil
	}
	if m.v == nil {
		m.v = v
		return nil
	}
	if c, ok := sqltypes.Compare(v, m.v); ok && c*m.sign < 0 {
		m.v = v
	}
	return nil
}
func (m *minMaxAcc) Result() any { return m.v }

type anyAcc struct {
	v    any
	seen bool
}

func (a *anyAcc) Held() int64 { return ValueSize(a.v) }

func (a *anyAcc) Add(args []any) error {
	if !a.seen {
		a.v, a.seen = args[0], true
	}
	return nil
}
func (a *anyAcc) Result() any { return a.v }

// varAcc uses Welford's method for a numerically stable variance.
type varAcc struct {
	fn   string
	n    int64
	mean float64
	m2   float64
}

func (v *varAcc) Add(args []any) error {
	if args[0] == nil {
		return nil
	}
	x, _ := numeric(args[0])
	v.n++
	d := x - v.mean
	v.mean += d / float64(v.n)
	v.m2 += d * (x - v.mean)
	return nil
}

func (v *varAcc) Result() any {
	switch v.fn {
	case "var_pop", "stddev_pop":
		if v.n == 0 {
			return nil
		}
		r := v.m2 / float64(v.n)
		if v.fn == "stddev_pop" {
			return math.Sqrt(r)
		}
		return r
	default:
		if v.n < 2 {
			return nil
		}
		r := v.m2 / float64(v.n-1)
		if v.fn == "stddev_samp" {
			return math.Sqrt(r)
		}
		return r
	}
}

type bitAcc struct {
	and, xor bool
	v        int64
}

func (b *bitAcc) Add(args []any) error {
	if args[0] == nil {
		return nil
	}
	x, ok := args[0].(int64)
	if !ok {
		f, _ := numeric(args[0])
		x = int64(math.Round(f))
	}
	switch {
	case b.and:
		b.v &= x
	case b.xor:
		b.v ^= x
	default:
		b.v |= x
	}
	return nil
}

// Result is unsigned, as in MySQL: a value with the top bit set (and
// BIT_AND over nothing, all bits set) is returned as a decimal.
func (b *bitAcc) Result() any {
	if b.v < 0 {
		d, _ := bson.ParseDecimal128(strconv.FormatUint(uint64(b.v), 10))
		return d
	}
	return b.v
}

type concatAcc struct {
	call *AggCall
	rows []concatRow
	seen map[string]bool
	// length is the length of the rows' texts joined; held estimates the
	// bytes kept (Holder).
	length int
	held   int64
}

type concatRow struct {
	text string
	keys []any
}

func (c *concatAcc) Held() int64 { return c.held }

func (c *concatAcc) Add(args []any) error {
	if len(c.call.OrderBy) == 0 && c.length > groupConcatMaxLen {
		// The result is the first groupConcatMaxLen bytes of the values
		// joined in arrival order, and cutBytes reads one byte past them:
		// later values cannot change it, so they are neither kept nor
		// remembered for DISTINCT. Only an ORDER BY holds the whole group.
		return nil
	}
	var sb strings.Builder
	for i, a := range args[:len(c.call.Args)] {
		if a == nil {
			return nil
		}
		// As MySQL prints the value in a string (doubles in its notation).
		sb.WriteString(strOf(a, c.call.Args[i].Type()))
	}
	text := sb.String()
	if c.call.Distinct {
		if c.seen == nil {
			c.seen = map[string]bool{}
		}
		if c.seen[text] {
			return nil
		}
		c.seen[text] = true
		c.held += int64(len(text)) + 48 // the key and its map entry
	}
	if text == "" && c.call.Separator == "" && len(c.rows) > 0 && len(c.call.OrderBy) == 0 {
		return nil // adds nothing to the result
	}
	var keys []any
	if len(c.call.OrderBy) > 0 {
		// args is the caller's, reused for the next row.
		keys = append(keys, args[len(c.call.Args):]...)
	}
	if len(c.rows) > 0 {
		c.length += len(c.call.Separator)
	}
	c.length += len(text)
	c.rows = append(c.rows, concatRow{text: text, keys: keys})
	c.held += int64(len(text)) + 40 + RowSize(keys)
	return nil
}

func (c *concatAcc) Result() any {
	if len(c.rows) == 0 {
		return nil
	}
	if len(c.call.OrderBy) > 0 {
		sort.SliceStable(c.rows, func(i, j int) bool {
			for k, key := range c.call.OrderBy {
				r := CompareForSort(c.rows[i].keys[k], c.rows[j].keys[k])
				if key.Desc {
					r = -r
				}
				if r != 0 {
					return r < 0
				}
			}
			return false
		})
	}
	parts := make([]string, len(c.rows))
	for i, r := range c.rows {
		parts[i] = r.text
	}
	s := strings.Join(parts, c.call.Separator)
	return cutBytes(s, groupConcatMaxLen)
}

// groupConcatMaxLen is MySQL 8's default group_concat_max_len: a
// GROUP_CONCAT result keeps at most this many bytes. (MariaDB's default is
// 1 MiB; the conformance oracle sets MySQL's.)
const groupConcatMaxLen = 1024

// cutBytes returns the longest prefix of s made of whole UTF-8 characters
// with at most max bytes.
func cutBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

type distinctAcc struct {
	inner Accumulator
	seen  map[string]bool
	held  int64
}

// Holder is an accumulator that keeps what it is given (a DISTINCT set,
// GROUP_CONCAT's values, the MIN or MAX so far); Held is roughly how many
// bytes, for sqlmongo.memoryLimit. Accumulators that are not Holders keep
// a few numbers.
type Holder interface{ Held() int64 }

// ValueSize estimates the bytes an in-process value holds beyond its
// interface word, for sqlmongo.memoryLimit.
func ValueSize(v any) int64 {
	switch x := v.(type) {
	case string:
		return int64(len(x))
	case []byte:
		return int64(len(x))
	case sqltypes.JSON:
		return int64(len(x.Raw.Value))
	case time.Time:
		return 24
	}
	return 0
}

// RowSize estimates the bytes a row (or any list of values) holds, for
// sqlmongo.memoryLimit.
func RowSize[T ~[]any](row T) int64 {
	n := int64(24 + 16*len(row))
	for _, v := range row {
		n += ValueSize(v)
	}
	return n
}

func (d *distinctAcc) Held() int64 { return d.held }

func (d *distinctAcc) Add(args []any) error {
	for _, a := range args {
		if a == nil {
			return nil
		}
	}
	k := GroupKey(args)
	if d.seen[k] {
		return nil
	}
	d.seen[k] = true
	d.held += int64(len(k)) + 48 // the key and its map entry
	return d.inner.Add(args)
}
func (d *distinctAcc) Result() any { return d.inner.Result() }

// GroupKey encodes values so that SQL-equal values (1, 1.0; NULL, NULL)
// get the same key.
func GroupKey(vals []any) string {
	var sb strings.Builder
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			sb.WriteString("N")
		case string:
			sb.WriteString("S")
			sb.WriteString(fmt.Sprint(len(x)))
			sb.WriteString(":")
			sb.WriteString(x)
		case int64, float64, bool, bson.Decimal128:
			// Exact: two DECIMALs that share a double are still two groups.
			sb.WriteString(numKey(x))
		default:
			s := sqltypes.ToString(v)
			sb.WriteString(fmt.Sprintf("O%d:%s", len(s), s))
		}
		sb.WriteString("|")
	}
	return sb.String()
}

// numKey is the text of a number's exact value, the same for 1, 1.0 and
// DECIMAL 1.000.
func numKey(v any) string {
	var r *big.Rat
	switch x := v.(type) {
	case int64:
		return "I" + strconv.FormatInt(x, 10)
	case bool:
		if x {
			return "I1"
		}
		return "I0"
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return fmt.Sprintf("F%v", x)
		}
		r = new(big.Rat).SetFloat64(x)
	case bson.Decimal128:
		var ok bool
		if r, ok = sqltypes.DecimalRat(x); !ok {
			return "F" + x.String() // NaN, Infinity
		}
	}
	if r.IsInt() && r.Num().IsInt64() {
		return "I" + strconv.FormatInt(r.Num().Int64(), 10)
	}
	return "R" + r.String()
}

// CompareForSort orders NULL lowest, then by value; incomparable values
// fall back to their text so the order is total.
func CompareForSort(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if c, ok := sqltypes.Compare(a, b); ok {
		return c
	}
	return strings.Compare(sqltypes.ToString(a), sqltypes.ToString(b))
}
