package planner

import "github.com/sqlmongo/sqlmongo/internal/sqltypes"

// aggregateDef describes one aggregate function once: its result type, its
// in-process accumulator and its MQL $group form, side by side as FuncDef
// does for the other functions.
type aggregateDef struct {
	name    string   // lower-case, as AggCall.Func holds it
	aliases []string // other names SQL calls it by
	// result is the SQL result type over an argument of type arg.
	result func(arg sqltypes.Type) sqltypes.Type
	// newAcc returns a fresh in-process accumulator for the call;
	// NewAccumulator wraps it for DISTINCT.
	newAcc func(a *AggCall) Accumulator
	// group adds the call's $group fields and returns the expression that
	// turns them into the SQL value, ok=false when MQL cannot compute it
	// exactly; distinct does the same for a DISTINCT call. nil: no form.
	group, distinct func(c *groupCall) (any, bool)
}

// aggregates is the registry of aggregate functions by lower-case SQL
// name, aliases included.
var aggregates = byName(
	&aggregateDef{name: "count", result: always(intType),
		newAcc: func(a *AggCall) Accumulator { return &countAcc{star: a.Star} },
		group:  countGroup, distinct: countDistinctGroup},
	&aggregateDef{name: "sum", result: sumType,
		newAcc: func(*AggCall) Accumulator { return &sumAcc{} },
		group:  sumGroup, distinct: sumDistinctGroup},
	&aggregateDef{name: "avg", result: avgType,
		newAcc: func(*AggCall) Accumulator { return &avgAcc{} },
		group:  avgGroup, distinct: avgDistinctGroup},
	// DISTINCT changes no MIN or MAX.
	&aggregateDef{name: "min", result: sameType,
		newAcc: func(*AggCall) Accumulator { return &minMaxAcc{sign: 1} },
		group:  minGroup, distinct: minGroup},
	&aggregateDef{name: "max", result: sameType,
		newAcc: func(*AggCall) Accumulator { return &minMaxAcc{sign: -1} },
		group:  maxGroup, distinct: maxGroup},
	&aggregateDef{name: "any_value", result: sameType,
		newAcc: func(*AggCall) Accumulator { return &anyAcc{} },
		group:  anyValueGroup},
	// GROUP_CONCAT drops repeated values itself, in both forms.
	&aggregateDef{name: "group_concat", result: always(textType),
		newAcc: func(a *AggCall) Accumulator { return &concatAcc{call: a} },
		group:  groupConcatGroup, distinct: groupConcatGroup},
	&aggregateDef{name: "stddev_pop", aliases: []string{"std", "stddev"}, result: always(doubleType),
		newAcc: newVarAcc, group: varianceGroup},
	&aggregateDef{name: "stddev_samp", result: always(doubleType), newAcc: newVarAcc, group: varianceGroup},
	&aggregateDef{name: "var_pop", aliases: []string{"variance"}, result: always(doubleType),
		newAcc: newVarAcc, group: varianceGroup},
	&aggregateDef{name: "var_samp", result: always(doubleType), newAcc: newVarAcc, group: varianceGroup},
	&aggregateDef{name: "bit_and", result: always(intType),
		newAcc: func(*AggCall) Accumulator { return &bitAcc{and: true, v: -1} },
		group:  bitGroup},
	&aggregateDef{name: "bit_or", result: always(intType),
		newAcc: func(*AggCall) Accumulator { return &bitAcc{} },
		group:  bitGroup},
	&aggregateDef{name: "bit_xor", result: always(intType),
		newAcc: func(*AggCall) Accumulator { return &bitAcc{xor: true} },
		group:  bitGroup},
)

// countRows sums counts the server already took with $count (pushdown.go
// plans it under a COUNT(*) alone). SQL cannot call it, and it has no
// $group form: it reads the $count's output.
var countRows = &aggregateDef{name: "count_rows", result: always(intType),
	newAcc: func(*AggCall) Accumulator { return &countRowsAcc{} }}

// aggregateOf returns the definition of an AggCall's Func, nil for none.
func aggregateOf(fn string) *aggregateDef {
	if fn == countRows.name {
		return countRows
	}
	if d := aggregates[fn]; d != nil && d.name == fn {
		return d
	}
	return nil
}

// byName indexes defs by name and aliases.
func byName(defs ...*aggregateDef) map[string]*aggregateDef {
	m := map[string]*aggregateDef{}
	for _, d := range defs {
		m[d.name] = d
		for _, a := range d.aliases {
			m[a] = d
		}
	}
	return m
}

// always is a result type that does not depend on the argument.
func always(t sqltypes.Type) func(sqltypes.Type) sqltypes.Type {
	return func(sqltypes.Type) sqltypes.Type { return t }
}

// sameType is the argument's own type (MIN, MAX, ANY_VALUE).
func sameType(arg sqltypes.Type) sqltypes.Type { return arg }

// sumType is SUM's type: DECIMAL over exact numbers, else DOUBLE.
func sumType(arg sqltypes.Type) sqltypes.Type {
	if arg.Kind == sqltypes.Int || arg.Kind == sqltypes.Bool || arg.Kind == sqltypes.Decimal {
		return sqltypes.Type{Kind: sqltypes.Decimal, Scale: arg.Scale}
	}
	return doubleType
}

// avgType is AVG's type: DECIMAL with four more fractional digits than an
// exact argument, as MySQL, else DOUBLE.
func avgType(arg sqltypes.Type) sqltypes.Type {
	if arg.Kind == sqltypes.Int || arg.Kind == sqltypes.Bool || arg.Kind == sqltypes.Decimal {
		return sqltypes.Type{Kind: sqltypes.Decimal, Scale: arg.Scale + 4}
	}
	return doubleType
}

func newVarAcc(a *AggCall) Accumulator { return &varAcc{fn: a.Func} }
