package planner

import (
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// aggValue translates a scalar expression into an aggregation expression
// whose value is the SQL value (null for NULL). ok is false when it cannot.
func aggValue(e Expr) (any, bool) {
	switch x := e.(type) {
	case *ColRef:
		if x.Path == "" {
			return nil, false
		}
		return "$" + x.Path, true
	case *Literal:
		return bson.D{{Key: "$literal", Value: sqltypes.ToBSON(x.Value)}}, true
	case *ParamRef:
		// $literal: an argument "$secret" must stay a string, never
		// become a field path or a variable.
		return bson.D{{Key: "$literal", Value: &Placeholder{Param: x}}}, true
	case *OuterRef:
		// The outer row's value, bound per run of the subquery.
		return bson.D{{Key: "$literal", Value: &Placeholder{Outer: x}}}, true
	}
	return aggValueMore(e)
}

// notNull is an aggregation test that v is neither null nor missing.
func notNull(v any) bson.D { return bson.D{{Key: "$gt", Value: bson.A{v, nil}}} }

var aggCmp = map[CmpOp]string{OpEq: "$eq", OpNe: "$ne", OpLt: "$lt", OpLe: "$lte", OpGt: "$gt", OpGe: "$gte"}

// exprPred translates a normalized predicate into an aggregation
// expression that is true exactly when the predicate is TRUE, for $expr.
// The null guards are what keep MongoDB's "null < 5" from matching.
func exprPred(e Expr) (any, bool) {
	switch x := e.(type) {
	case *And, *Or:
		var args []Expr
		op := "$and"
		if a, ok := x.(*And); ok {
			args = a.Args
		} else {
			args, op = x.(*Or).Args, "$or"
		}
		parts := make(bson.A, 0, len(args))
		for _, a := range args {
			p, ok := exprPred(a)
			if !ok {
				return nil, false
			}
			parts = append(parts, p)
		}
		return bson.D{{Key: op, Value: parts}}, true
	case *Compare:
		l, ok1 := aggValue(x.L)
		r, ok2 := aggValue(x.R)
		if !ok1 || !ok2 {
			return nil, false
		}
		// A BOOL column (stored as true/false) against a number: MySQL
		// compares it as the TINYINT 0/1 it is.
		lt, rt := x.L.Type(), x.R.Type()
		if lt.Kind == sqltypes.Bool && rt.IsNumeric() && rt.Kind != sqltypes.Bool {
			l = bson.D{{Key: "$toInt", Value: l}}
		} else if rt.Kind == sqltypes.Bool && lt.IsNumeric() && lt.Kind != sqltypes.Bool {
			r = bson.D{{Key: "$toInt", Value: r}}
		} else if !comparableInMongo(x.L, x.R) {
			return nil, false
		}
		l, r = cmpOperands(x.L, x.R, l, r)
		if x.Op == OpNullSafeEq {
			return bson.D{{Key: "$eq", Value: bson.A{
				bson.D{{Key: "$ifNull", Value: bson.A{l, nil}}},
				bson.D{{Key: "$ifNull", Value: bson.A{r, nil}}},
			}}}, true
		}
		var guards bson.A
		for _, side := range []struct {
			e Expr
			v any
		}{{x.L, l}, {x.R, r}} {
			if lit, ok := side.e.(*Literal); !ok || lit.Value == nil {
				guards = append(guards, notNull(side.v))
			}
		}
		return bson.D{{Key: "$and", Value: append(guards, bson.D{{Key: aggCmp[x.Op], Value: bson.A{l, r}}})}}, true
	case *IsNull:
		v, ok := aggValue(x.X)
		if !ok {
			return nil, false
		}
		if x.Negate {
			return notNull(v), true
		}
		return bson.D{{Key: "$not", Value: bson.A{notNull(v)}}}, true
	case *InList:
		var or bson.A
		for _, item := range x.List {
			op := OpEq
			if x.Negate {
				op = OpNe
			}
			p, ok := exprPred(normalize(&Compare{Op: op, L: x.X, R: item}, false))
			if !ok {
				return nil, false
			}
			or = append(or, p)
		}
		if x.Negate {
			return bson.D{{Key: "$and", Value: or}}, true
		}
		return bson.D{{Key: "$or", Value: or}}, true
	case *Literal:
		return bson.D{{Key: "$literal", Value: Truth(x.Value) == True}}, true
	}
	// Any other numeric expression is TRUE when its value is neither NULL
	// nor zero. (A string's truth is its numeric prefix, which MQL lacks.)
	if t := e.Type(); !t.IsNumeric() && t.Kind != sqltypes.Null {
		return nil, false
	}
	if v, ok := aggValue(e); ok {
		return bson.D{{Key: "$and", Value: bson.A{notNull(v), bson.D{{Key: "$ne", Value: bson.A{v, 0}}}, bson.D{{Key: "$ne", Value: bson.A{v, false}}}}}}, true
	}
	return nil, false
}

// cmpOperands makes both operands doubles when one is a DOUBLE and the
// other an exact number: MySQL compares them as doubles, MongoDB by exact
// value (0.1e0 = 0.1 is true in MySQL, false in MongoDB).
func cmpOperands(le, re Expr, l, r any) (any, any) {
	lk, rk := le.Type().Kind, re.Type().Kind
	exact := func(k sqltypes.Kind) bool { return k == sqltypes.Int || k == sqltypes.Decimal }
	switch {
	case lk == sqltypes.Double && exact(rk):
		return l, bson.D{{Key: "$toDouble", Value: r}}
	case rk == sqltypes.Double && exact(lk):
		return bson.D{{Key: "$toDouble", Value: l}}, r
	}
	return l, r
}

// comparableInMongo reports whether MongoDB's BSON ordering agrees with
// MySQL's comparison for these operand types.
func comparableInMongo(l, r Expr) bool {
	lt, rt := l.Type(), r.Type()
	if lt.Kind == sqltypes.Null || rt.Kind == sqltypes.Null {
		return true
	}
	switch {
	case lt.IsNumeric() && rt.IsNumeric():
		return lt.Kind != sqltypes.Bool && rt.Kind != sqltypes.Bool || lt.Kind == rt.Kind
	case lt.IsString() && rt.IsString():
		return true
	}
	return lt.Kind == rt.Kind && lt.Kind != sqltypes.JSONKind
}
