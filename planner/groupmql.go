package planner

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// groupStages builds $group and the $project that flattens its output to
// the aggregate row r0…rN. Without GROUP BY, $facet makes sure one row
// comes back for empty input, as SQL requires.
func groupStages(keys []Expr, aggs []*AggCall, table *Table, caps Capabilities) ([]bson.D, bool) {
	flat := bson.D{{Key: "_id", Value: int32(0)}}
	info := newArgInfo(table, aggs)
	var id any
	switch len(keys) {
	case 0:
	case 1:
		// A single key is the _id itself, as a hand-written $group has
		// it. A missing top-level field groups with null there; what a
		// dotted path or an expression yields for missing input differs
		// between engines, so those keep $ifNull.
		v, ok := aggValue(keys[0])
		if !ok {
			return nil, false
		}
		if c, ok := keys[0].(*ColRef); !ok || strings.Contains(c.Path, ".") {
			v = bson.D{{Key: "$ifNull", Value: bson.A{v, nil}}}
		}
		id = v
		flat = append(flat, bson.E{Key: "r0", Value: "$_id"})
	default:
		// In a document a missing field is not null: {} and {g0: null}
		// would be two groups.
		doc := bson.D{}
		for i, g := range keys {
			v, ok := aggValue(g)
			if !ok {
				return nil, false
			}
			if !info.notNull(g) {
				v = bson.D{{Key: "$ifNull", Value: bson.A{v, nil}}}
			}
			doc = append(doc, bson.E{Key: fmt.Sprintf("g%d", i), Value: v})
			flat = append(flat, bson.E{Key: fmt.Sprintf("r%d", i), Value: fmt.Sprintf("$_id.g%d", i)})
		}
		id = doc
	}
	accs := &groupAccs{seen: map[string]string{}}
	empty := bson.D{}
	for k, a := range aggs {
		final, ok := accumulator(a, k, caps, accs, info)
		if !ok {
			return nil, false
		}
		name := fmt.Sprintf("r%d", len(keys)+k)
		flat = append(flat, bson.E{Key: name, Value: final})
		// Over no rows each aggregate gives what its in-process twin
		// gives: COUNT 0, BIT_OR 0, BIT_AND all bits set, the rest NULL.
		empty = append(empty, bson.E{Key: name, Value: bson.D{{Key: "$literal", Value: a.NewAccumulator().Result()}}})
	}
	group := append(bson.D{{Key: "_id", Value: id}}, accs.fields...)
	stages := []bson.D{{{Key: "$group", Value: group}}, {{Key: "$project", Value: flat}}}
	if len(keys) > 0 {
		return stages, true
	}
	if len(aggs) == 1 && aggs[0].Star {
		// COUNT(*) alone: the server's $count, which can use a count scan.
		stages = []bson.D{{{Key: "$count", Value: "r0"}}}
	}
	inner := make(bson.A, len(stages))
	for i, st := range stages {
		inner[i] = st
	}
	return []bson.D{
		{{Key: "$facet", Value: bson.D{{Key: "r", Value: inner}}}},
		{{Key: "$replaceRoot", Value: bson.D{{Key: "newRoot", Value: bson.D{{Key: "$ifNull", Value: bson.A{
			bson.D{{Key: "$arrayElemAt", Value: bson.A{"$r", 0}}}, empty}}}}}}},
	}, true
}

// groupAccs is the accumulators of one $group. One asked for twice (the
// count beside SUM(x) and AVG(x); COUNT(*) and the count of a NOT NULL
// column) is computed once: each accumulator costs the server per row.
type groupAccs struct {
	fields bson.D
	seen   map[string]string
}

// add puts the accumulator {op: v} under name unless an identical one is
// there, and returns a reference to the field holding it.
func (g *groupAccs) add(name, op string, v any) string {
	spec := bson.D{{Key: op, Value: v}}
	key, err := bson.Marshal(spec)
	if err == nil {
		if f, ok := g.seen[string(key)]; ok {
			return "$" + f
		}
		g.seen[string(key)] = name
	}
	g.fields = append(g.fields, bson.E{Key: name, Value: spec})
	return "$" + name
}

// argInfo is what the table tells about aggregate arguments; nil knows
// nothing.
type argInfo struct {
	table *Table
	// counted holds the arguments a COUNT(x) or AVG(x) counts anyway.
	counted map[string]bool
}

func newArgInfo(table *Table, aggs []*AggCall) *argInfo {
	info := &argInfo{table: table, counted: map[string]bool{}}
	for _, a := range aggs {
		if !a.Distinct && !a.Star && (a.Func == "count" || a.Func == "avg") {
			info.counted[ExprString(a.Args[0])] = true
		}
	}
	return info
}

// column returns the defined table's column e reads, if it is one.
func (in *argInfo) column(e Expr) *TableColumn {
	c, ok := e.(*ColRef)
	if !ok || in == nil || in.table == nil || !in.table.Defined || c.Index < 0 || c.Index >= len(in.table.Columns) {
		return nil
	}
	return &in.table.Columns[c.Index]
}

// notNull reports a NOT NULL column: the driver writes no NULL there, so
// every row has a value.
func (in *argInfo) notNull(e Expr) bool {
	c := in.column(e)
	return c != nil && c.NotNull
}

// sumMarksEmpty reports an argument whose $sum (of typedNumber) is never
// int32 once it has a value, so an int32 0 means no values: integers go
// through $toDecimal, DOUBLE and DECIMAL columns through $toDouble and
// $toDecimal (another writer may have stored int32s that cancel out).
// Then SUM needs no count beside it, unless one is made anyway.
func (in *argInfo) sumMarksEmpty(e Expr) bool {
	if in == nil || in.counted[ExprString(e)] {
		return false
	}
	if k := e.Type().Kind; k == sqltypes.Int || k == sqltypes.Bool {
		return true
	}
	c := in.column(e)
	return c != nil && (c.Type.Kind == sqltypes.Double || c.Type.Kind == sqltypes.Decimal)
}

// accumulator translates one aggregate call: it adds the $group fields it
// needs to g and returns the expression that turns them into the SQL value.
func accumulator(a *AggCall, k int, caps Capabilities, g *groupAccs, info *argInfo) (any, bool) {
	c := &groupCall{a: a, name: fmt.Sprintf("a%d", k), n: fmt.Sprintf("n%d", k), caps: caps, g: g, info: info}
	c.args = make(bson.A, len(a.Args))
	for i, x := range a.Args {
		v, ok := aggValue(x)
		if !ok {
			return nil, false
		}
		c.args[i] = v
	}
	d := aggregateOf(a.Func)
	if d == nil {
		return nil, false
	}
	form := d.group
	if a.Distinct && !a.Star {
		form = d.distinct
	}
	if form == nil {
		return nil, false
	}
	return form(c)
}

// groupCall is one aggregate call being translated into $group fields.
type groupCall struct {
	a    *AggCall
	name string // the call's field
	n    string // the field of the count beside a SUM or AVG
	args bson.A // the arguments in MQL
	caps Capabilities
	g    *groupAccs
	info *argInfo
}

// x is the first argument in MQL.
func (c *groupCall) x() any { return c.args[0] }

// acc adds the accumulator {op: v} under the call's name.
func (c *groupCall) acc(op string, v any) string { return c.g.add(c.name, op, v) }

// count adds the number of non-NULL values of the argument under field.
func (c *groupCall) count(field string) string {
	if c.info.notNull(c.a.Args[0]) {
		return c.g.add(field, "$sum", int32(1))
	}
	return c.g.add(field, "$sum", condAgg(notNull(c.x()), int32(1), int32(0)))
}

func countGroup(c *groupCall) (any, bool) {
	if c.a.Star {
		return c.acc("$sum", int32(1)), true
	}
	return c.count(c.name), true
}

func countDistinctGroup(c *groupCall) (any, bool) {
	var conds bson.A
	for _, v := range c.args {
		conds = append(conds, notNull(v))
	}
	tuple := condAgg(bson.D{{Key: "$and", Value: conds}}, c.args, nil)
	ref := c.acc("$addToSet", tuple)
	return bson.D{{Key: "$size", Value: bson.D{{Key: "$filter", Value: bson.D{
		{Key: "input", Value: ref}, {Key: "cond", Value: bson.D{{Key: "$ne", Value: bson.A{"$$this", nil}}}}}}}}}, true
}

func sumGroup(c *groupCall) (any, bool) {
	arg, x := c.a.Args[0], c.x()
	// $sum of nothing is 0; SQL says NULL.
	if c.info.notNull(arg) {
		return c.acc("$sum", exactNumber(arg, x)), true
	}
	if c.info.sumMarksEmpty(arg) {
		sum := c.acc("$sum", typedNumber(arg, x))
		return condAgg(bson.D{{Key: "$and", Value: bson.A{
			bson.D{{Key: "$eq", Value: bson.A{bson.D{{Key: "$type", Value: sum}}, "int"}}},
			bson.D{{Key: "$eq", Value: bson.A{sum, 0}}}}}}, nil, sum), true
	}
	sum := c.acc("$sum", exactNumber(arg, x))
	return condAgg(bson.D{{Key: "$eq", Value: bson.A{c.count(c.n), 0}}}, nil, sum), true
}

func avgGroup(c *groupCall) (any, bool) {
	// Sum and count, not $avg: DocumentDB averages decimals as doubles.
	sum, cnt := c.acc("$sum", exactNumber(c.a.Args[0], c.x())), c.count(c.n)
	return condAgg(bson.D{{Key: "$eq", Value: bson.A{cnt, 0}}}, nil, bson.D{{Key: "$divide", Value: bson.A{sum, cnt}}}), true
}

func sumDistinctGroup(c *groupCall) (any, bool) {
	return distinctSet(c, func(set, _ any) any { return bson.D{{Key: "$sum", Value: set}} })
}

func avgDistinctGroup(c *groupCall) (any, bool) {
	return distinctSet(c, func(set, size any) any {
		return bson.D{{Key: "$divide", Value: bson.A{bson.D{{Key: "$sum", Value: set}}, size}}}
	})
}

// distinctSet collects the distinct non-NULL values, then final computes
// the SUM or AVG from them and their number, NULL for none.
func distinctSet(c *groupCall, final func(set, size any) any) (any, bool) {
	set := nonNullValues(c.acc("$addToSet", exactNumber(c.a.Args[0], c.x())))
	size := bson.D{{Key: "$size", Value: set}}
	return condAgg(bson.D{{Key: "$eq", Value: bson.A{size, 0}}}, nil, final(set, size)), true
}

func minGroup(c *groupCall) (any, bool) {
	if c.info.notNull(c.a.Args[0]) {
		return c.acc("$min", c.x()), true
	}
	// $min skips nulls on MongoDB but not on DocumentDB; MaxKey sorts
	// above every value, so it is skipped on both and marks a group
	// without values.
	maxKey := bson.MaxKey{}
	ref := c.acc("$min", bson.D{{Key: "$ifNull", Value: bson.A{c.x(), maxKey}}})
	return condAgg(bson.D{{Key: "$eq", Value: bson.A{ref, maxKey}}}, nil, ref), true
}

func maxGroup(c *groupCall) (any, bool) { return c.acc("$max", c.x()), true }

func anyValueGroup(c *groupCall) (any, bool) { return c.acc("$first", c.x()), true }

func groupConcatGroup(c *groupCall) (any, bool) {
	return c.g.own(groupConcat(c.a, c.name, c.args, c.caps))
}

func varianceGroup(c *groupCall) (any, bool) {
	if !c.caps.SortArray {
		return nil, false
	}
	// With the key: the recurrence's last digits depend on the order,
	// and DocumentDB's $group hands rows over in an order of its own.
	return welford(c.a.Func, c.acc("$push", bson.D{{Key: "k", Value: "$_id"}, {Key: "v", Value: c.x()}})), true
}

func bitGroup(c *groupCall) (any, bool) {
	if !c.caps.BitOps {
		return nil, false
	}
	return c.g.own(bitAgg(c.a, c.name, c.x()))
}

// own adds fields that their final expression names as they are.
func (g *groupAccs) own(fields bson.D, final any, ok bool) (any, bool) {
	g.fields = append(g.fields, fields...)
	return final, ok
}

// welford computes a variance or standard deviation from the pushed
// {k: _id, v: value} pairs with the recurrence MySQL and the in-process
// twin use, step for step in doubles. Not $stdDevPop: squaring it is not the variance, and
// DocumentDB's differs in the last digit.
func welford(fn, arr string) any {
	// No $let inside the step: DocumentDB loses variables of nested
	// $lets in $reduce. Repeated subexpressions compute the same doubles.
	x := bson.D{{Key: "$toDouble", Value: "$$this.v"}}
	n := bson.D{{Key: "$add", Value: bson.A{"$$value.n", 1.0}}}
	d := bson.D{{Key: "$subtract", Value: bson.A{x, "$$value.m"}}}
	m := bson.D{{Key: "$add", Value: bson.A{"$$value.m", bson.D{{Key: "$divide", Value: bson.A{d, n}}}}}}
	step := bson.D{
		{Key: "n", Value: n},
		{Key: "m", Value: m},
		{Key: "s", Value: bson.D{{Key: "$add", Value: bson.A{"$$value.s", bson.D{{Key: "$multiply", Value: bson.A{d, bson.D{{Key: "$subtract", Value: bson.A{x, m}}}}}}}}}},
	}
	// The group's values in primary-key order, as MySQL's clustered index
	// reads them.
	values := bson.D{{Key: "$sortArray", Value: bson.D{
		{Key: "input", Value: bson.D{{Key: "$filter", Value: bson.D{{Key: "input", Value: arr}, {Key: "cond", Value: bson.D{{Key: "$ne", Value: bson.A{"$$this.v", nil}}}}}}}},
		{Key: "sortBy", Value: bson.D{{Key: "k", Value: int32(1)}}},
	}}}
	folded := bson.D{{Key: "$reduce", Value: bson.D{
		{Key: "input", Value: values},
		{Key: "initialValue", Value: bson.D{{Key: "n", Value: 0.0}, {Key: "m", Value: 0.0}, {Key: "s", Value: 0.0}}},
		{Key: "in", Value: step},
	}}}
	min, div := 1.0, any("$$w.n")
	if fn == "stddev_samp" || fn == "var_samp" {
		min, div = 2.0, bson.D{{Key: "$subtract", Value: bson.A{"$$w.n", 1.0}}}
	}
	var v any = bson.D{{Key: "$divide", Value: bson.A{"$$w.s", div}}}
	if fn == "stddev_pop" || fn == "stddev_samp" {
		// A NaN variance (values past the doubles' range) stays NaN, as
		// in-process: DocumentDB's $sqrt refuses it (NaN sorts below 0).
		v = condAgg(bson.D{{Key: "$lt", Value: bson.A{v, 0}}}, bson.D{{Key: "$literal", Value: math.NaN()}}, bson.D{{Key: "$sqrt", Value: v}})
	}
	return bson.D{{Key: "$let", Value: bson.D{
		{Key: "vars", Value: bson.D{{Key: "w", Value: folded}}},
		{Key: "in", Value: condAgg(bson.D{{Key: "$lt", Value: bson.A{"$$w.n", min}}}, nil, v)},
	}}}
}

// nonNullValues filters the nulls out of an accumulated array.
func nonNullValues(arr any) bson.D {
	return bson.D{{Key: "$filter", Value: bson.D{{Key: "input", Value: arr}, {Key: "cond", Value: bson.D{{Key: "$ne", Value: bson.A{"$$this", nil}}}}}}}
}

// bitAgg folds the pushed integers with $bitAnd/$bitOr/$bitXor; BIT_AND
// over nothing is all 64 bits set, as MySQL says.
func bitAgg(a *AggCall, name string, x any) (bson.D, any, bool) {
	op := map[string]string{"bit_and": "$bitAnd", "bit_or": "$bitOr", "bit_xor": "$bitXor"}[a.Func]
	var init any = int64(0)
	if a.Func == "bit_and" {
		init = int64(-1)
	}
	folded := bson.D{{Key: "$reduce", Value: bson.D{
		{Key: "input", Value: nonNullValues("$" + name)},
		{Key: "initialValue", Value: init},
		{Key: "in", Value: bson.D{{Key: op, Value: bson.A{"$$value", bson.D{{Key: "$toLong", Value: "$$this"}}}}}},
	}}}
	// MySQL's result is unsigned: a negative int64 is read as 2^64 + v
	// (BIT_AND over nothing, -1, becomes all 64 bits set).
	two64, _ := bson.ParseDecimal128("18446744073709551616")
	final := bson.D{{Key: "$let", Value: bson.D{
		{Key: "vars", Value: bson.D{{Key: "v", Value: folded}}},
		{Key: "in", Value: condAgg(
			bson.D{{Key: "$lt", Value: bson.A{"$$v", 0}}},
			bson.D{{Key: "$add", Value: bson.A{bson.D{{Key: "$toDecimal", Value: "$$v"}}, bson.D{{Key: "$literal", Value: two64}}}}},
			"$$v")},
	}}}
	return bson.D{{Key: name, Value: bson.D{{Key: "$push", Value: x}}}}, final, true
}

// groupConcat pushes GROUP_CONCAT: the values (with their ORDER BY keys)
// are pushed into an array, filtered, de-duplicated, sorted and joined.
// Dates are printed as MySQL prints them; other types with $toString.
func groupConcat(a *AggCall, name string, args bson.A, caps Capabilities) (bson.D, any, bool) {
	if len(a.OrderBy) > 0 && !caps.SortArray {
		return nil, nil, false
	}
	var parts, conds bson.A
	for i, x := range a.Args {
		conds = append(conds, notNull(args[i]))
		switch t := x.Type(); {
		case t.IsString() || t.Kind == sqltypes.Int:
			// Not doubles or decimals: $toString prints them with six
			// significant digits or in exponent form, unlike MySQL.
			parts = append(parts, bson.D{{Key: "$toString", Value: args[i]}})
		case t.Kind == sqltypes.Date || t.Kind == sqltypes.DateTime:
			format := "%Y-%m-%d %H:%M:%S"
			if t.Kind == sqltypes.Date {
				format = "%Y-%m-%d"
			}
			parts = append(parts, bson.D{{Key: "$dateToString", Value: bson.D{{Key: "date", Value: args[i]}, {Key: "format", Value: format}}}})
		default:
			return nil, nil, false
		}
	}
	item := bson.D{{Key: "v", Value: bson.D{{Key: "$concat", Value: parts}}}}
	sortBy := bson.D{}
	for j, k := range a.OrderBy {
		v, ok := aggValue(k.Expr)
		if !ok {
			return nil, nil, false
		}
		key := fmt.Sprintf("k%d", j)
		item = append(item, bson.E{Key: key, Value: v})
		dir := int32(1)
		if k.Desc {
			dir = -1
		}
		sortBy = append(sortBy, bson.E{Key: key, Value: dir})
	}
	push := condAgg(bson.D{{Key: "$and", Value: conds}}, item, nil)
	var arr any = nonNullValues("$" + name)
	if a.Distinct {
		arr = bson.D{{Key: "$reduce", Value: bson.D{
			{Key: "input", Value: arr}, {Key: "initialValue", Value: bson.A{}},
			{Key: "in", Value: condAgg(
				bson.D{{Key: "$in", Value: bson.A{"$$this.v", "$$value.v"}}},
				"$$value", bson.D{{Key: "$concatArrays", Value: bson.A{"$$value", bson.A{"$$this"}}}})},
		}}}
	}
	if len(sortBy) > 0 {
		arr = bson.D{{Key: "$sortArray", Value: bson.D{{Key: "input", Value: arr}, {Key: "sortBy", Value: sortBy}}}}
	}
	joined := joinValues(arr, a.Separator)
	return bson.D{{Key: name, Value: bson.D{{Key: "$push", Value: push}}}}, joined, true
}

// joinValues joins the .v strings of arr with sep, NULL for no values. The
// fold starts from "" and the first separator is cut off afterwards: a
// $reduce starting from null returns null on DocumentDB.
func joinValues(arr any, sep string) any {
	folded := bson.D{{Key: "$reduce", Value: bson.D{
		{Key: "input", Value: "$$gc"}, {Key: "initialValue", Value: ""},
		{Key: "in", Value: bson.D{{Key: "$concat", Value: bson.A{"$$value", bson.D{{Key: "$literal", Value: sep}}, "$$this.v"}}}},
	}}}
	cut := bson.D{{Key: "$substrCP", Value: bson.A{folded, utf8.RuneCountInString(sep), int32(math.MaxInt32)}}}
	return bson.D{{Key: "$let", Value: bson.D{
		{Key: "vars", Value: bson.D{{Key: "gc", Value: arr}}},
		{Key: "in", Value: condAgg(bson.D{{Key: "$eq", Value: bson.A{bson.D{{Key: "$size", Value: "$$gc"}}, 0}}}, nil,
			truncateBytes(cut, groupConcatMaxLen))},
	}}}
}

// truncateBytes cuts a string to its longest prefix of whole characters
// with at most max bytes, as MySQL cuts GROUP_CONCAT. The prefix length in
// characters is found by bisection (11 steps cover 0…1024 characters).
func truncateBytes(s any, max int) any {
	fits := func(n any) bson.D {
		prefix := bson.D{{Key: "$substrCP", Value: bson.A{"$$s", int32(0), n}}}
		return bson.D{{Key: "$lte", Value: bson.A{bson.D{{Key: "$strLenBytes", Value: prefix}}, max}}}
	}
	steps := int32(bits.Len(uint(max)))
	search := bson.D{{Key: "$reduce", Value: bson.D{
		{Key: "input", Value: bson.D{{Key: "$range", Value: bson.A{int32(0), steps}}}},
		{Key: "initialValue", Value: bson.D{{Key: "lo", Value: int32(0)}, {Key: "hi", Value: int32(max + 1)}}},
		{Key: "in", Value: bson.D{{Key: "$let", Value: bson.D{
			{Key: "vars", Value: bson.D{{Key: "m", Value: bson.D{{Key: "$toInt", Value: bson.D{{Key: "$trunc", Value: bson.D{{Key: "$divide", Value: bson.A{
				bson.D{{Key: "$add", Value: bson.A{"$$value.lo", "$$value.hi"}}}, int32(2)}}}}}}}}}},
			{Key: "in", Value: condAgg(fits("$$m"),
				bson.D{{Key: "lo", Value: "$$m"}, {Key: "hi", Value: "$$value.hi"}},
				bson.D{{Key: "lo", Value: "$$value.lo"}, {Key: "hi", Value: "$$m"}})},
		}}}},
	}}}
	return bson.D{{Key: "$let", Value: bson.D{
		{Key: "vars", Value: bson.D{{Key: "s", Value: s}}},
		{Key: "in", Value: condAgg(bson.D{{Key: "$lte", Value: bson.A{bson.D{{Key: "$strLenBytes", Value: "$$s"}}, max}}}, "$$s",
			bson.D{{Key: "$let", Value: bson.D{
				{Key: "vars", Value: bson.D{{Key: "b", Value: search}}},
				{Key: "in", Value: bson.D{{Key: "$substrCP", Value: bson.A{"$$s", int32(0), "$$b.lo"}}}},
			}}})},
	}}}
}

// typedNumber is exactNumber, with DOUBLE and DECIMAL columns converted to
// their own type, for sumMarksEmpty.
func typedNumber(arg Expr, v any) any {
	switch arg.Type().Kind {
	case sqltypes.Double:
		return bson.D{{Key: "$toDouble", Value: v}}
	case sqltypes.Decimal:
		return bson.D{{Key: "$toDecimal", Value: v}}
	}
	return exactNumber(arg, v)
}

// exactNumber makes integer arguments decimal128 so $sum and $avg stay
// exact past int64, as MySQL's DECIMAL result does.
func exactNumber(arg Expr, v any) any {
	if t := arg.Type(); t.Kind == sqltypes.Int || t.Kind == sqltypes.Bool {
		return bson.D{{Key: "$toDecimal", Value: v}}
	}
	return v
}
