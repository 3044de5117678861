package planner

import (
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// matchNone is a query-language filter no document satisfies.
var matchNone = bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{}}}}}

// normalize rewrites a predicate into negation normal form and folds NULL
// literals. Both are exact under three-valued logic: NOT (a < 5) is
// a >= 5 for every a, NULL included, and a comparison with NULL is NULL.
func normalize(e Expr, neg bool) Expr {
	switch x := e.(type) {
	case *Not:
		return normalize(x.X, !neg)
	case *And:
		args := make([]Expr, len(x.Args))
		for i, a := range x.Args {
			args[i] = normalize(a, neg)
		}
		if neg {
			return &Or{Args: flatten[*Or](args...)}
		}
		return &And{Args: flatten[*And](args...)}
	case *Or:
		args := make([]Expr, len(x.Args))
		for i, a := range x.Args {
			args[i] = normalize(a, neg)
		}
		if neg {
			return &And{Args: flatten[*And](args...)}
		}
		return &Or{Args: flatten[*Or](args...)}
	case *Compare:
		if x.Op != OpNullSafeEq && (isNullLit(x.L) || isNullLit(x.R)) {
			return &Literal{}
		}
		op := x.Op
		if neg {
			if op == OpNullSafeEq {
				return &Not{X: x}
			}
			op = op.negate()
		}
		return &Compare{Op: op, L: x.L, R: x.R}
	case *IsNull:
		return &IsNull{X: x.X, Negate: x.Negate != neg}
	case *IsTruth:
		return &IsTruth{X: x.X, Want: x.Want, Negate: x.Negate != neg}
	case *InList:
		return &InList{X: x.X, List: x.List, Negate: x.Negate != neg}
	case *Between:
		if x.Negate != neg {
			return normalize(&Or{Args: []Expr{&Compare{Op: OpLt, L: x.X, R: x.Lo}, &Compare{Op: OpGt, L: x.X, R: x.Hi}}}, false)
		}
		return normalize(&And{Args: []Expr{&Compare{Op: OpGe, L: x.X, R: x.Lo}, &Compare{Op: OpLe, L: x.X, R: x.Hi}}}, false)
	case *Literal:
		if neg {
			return &Literal{Value: notValue(x.Value), T: boolType}
		}
		return x
	case *ColRef:
		// NOT col is TRUE exactly when col IS FALSE (not when it IS NOT
		// TRUE: NOT NULL is NULL).
		return &IsTruth{X: x, Want: !neg}
	}
	if neg {
		return &Not{X: e}
	}
	return e
}

// conjuncts splits a normalized predicate at its top-level ANDs.
func conjuncts(e Expr) []Expr {
	if a, ok := e.(*And); ok {
		return a.Args
	}
	return []Expr{e}
}

// matchValue returns the query-language value for a literal or parameter
// compared with col, or false when MongoDB's typed comparison would not
// give MySQL's answer (a number against a string column, say).
func matchValue(e Expr, col *ColRef) (any, bool) {
	switch x := e.(type) {
	case *Literal:
		if x.Value == nil || !kindsAgree(col.T, x.Value) {
			return nil, false
		}
		return sqltypes.ToBSON(x.Value), true
	case *ParamRef:
		if x.T.Kind == sqltypes.Null && col.T.Kind != sqltypes.Null {
			return nil, false
		}
		return &Placeholder{Param: x}, true
	case *Call:
		// id = LAST_INSERT_ID(): an integer the connection knows, bound
		// per execution like a parameter (never NULL, so $eq is exact).
		if x.Def.Session != nil && x.T.Kind == sqltypes.Int && (col.T.IsNumeric() && col.T.Kind != sqltypes.Bool || col.T.Kind == sqltypes.Null) {
			return &Placeholder{Session: x}, true
		}
	}
	return nil, false
}

// kindsAgree reports whether MongoDB compares v with values of a column of
// type t the way MySQL does.
func kindsAgree(t sqltypes.Type, v any) bool {
	switch t.Kind {
	case sqltypes.Null:
		return true
	case sqltypes.JSONKind:
		return false
	case sqltypes.Int, sqltypes.Double, sqltypes.Decimal:
		switch v.(type) {
		case int64, float64, bson.Decimal128:
			return true
		}
	case sqltypes.Bool:
		_, ok := v.(bool)
		return ok
	case sqltypes.Varchar, sqltypes.Text:
		_, ok := v.(string)
		return ok
	case sqltypes.Date, sqltypes.DateTime:
		_, ok := v.(interface{ IsZero() bool })
		return ok
	case sqltypes.ObjectID:
		switch v.(type) {
		case bson.ObjectID, string:
			return true
		}
	case sqltypes.Blob:
		_, ok := v.([]byte)
		return ok
	}
	return false
}

// fieldOf returns the column a predicate operand reads, if it is a plain
// column of the scanned collection (not JSON: MongoDB would match array
// elements).
func fieldOf(e Expr) (*ColRef, bool) {
	c, ok := e.(*ColRef)
	if !ok || c.Path == "" || c.T.Kind == sqltypes.JSONKind {
		return nil, false
	}
	return c, true
}

var queryOps = map[CmpOp]string{OpEq: "$eq", OpLt: "$lt", OpLe: "$lte", OpGt: "$gt", OpGe: "$gte"}

// toMatch translates a normalized predicate into a query-language filter
// that a document satisfies exactly when the predicate is TRUE.
func toMatch(e Expr) (bson.D, bool) {
	switch x := e.(type) {
	case *Literal:
		if Truth(x.Value) == True {
			return bson.D{}, true
		}
		return matchNone, true
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
			m, ok := toMatch(a)
			if !ok {
				return nil, false
			}
			parts = append(parts, m)
		}
		return bson.D{{Key: op, Value: parts}}, true
	case *Compare:
		col, val, op := x.L, x.R, x.Op
		if _, ok := fieldOf(col); !ok {
			col, val, op = x.R, x.L, x.Op.flip()
		}
		c, ok := fieldOf(col)
		if !ok {
			return nil, false
		}
		if op == OpNullSafeEq {
			if isNullLit(val) {
				return bson.D{{Key: c.Path, Value: nil}}, true
			}
			op = OpEq
		}
		v, ok := matchValue(val, c)
		if !ok {
			return nil, false
		}
		if op == OpNe {
			return bson.D{{Key: c.Path, Value: bson.D{{Key: "$nin", Value: bson.A{v, nil}}}}}, true
		}
		return bson.D{{Key: c.Path, Value: bson.D{{Key: queryOps[op], Value: v}}}}, true
	case *IsNull:
		c, ok := fieldOf(x.X)
		if !ok {
			return nil, false
		}
		if x.Negate {
			return bson.D{{Key: c.Path, Value: bson.D{{Key: "$ne", Value: nil}}}}, true
		}
		return bson.D{{Key: c.Path, Value: nil}}, true
	case *InList:
		c, ok := fieldOf(x.X)
		if !ok {
			return nil, false
		}
		vals := bson.A{}
		for _, item := range x.List {
			if isNullLit(item) {
				if x.Negate {
					// x NOT IN (…, NULL) is never TRUE.
					return matchNone, true
				}
				continue
			}
			v, ok := matchValue(item, c)
			if !ok {
				return nil, false
			}
			vals = append(vals, v)
		}
		if x.Negate {
			return bson.D{{Key: c.Path, Value: bson.D{{Key: "$nin", Value: append(vals, nil)}}}}, true
		}
		return bson.D{{Key: c.Path, Value: bson.D{{Key: "$in", Value: vals}}}}, true
	case *IsTruth:
		c, ok := fieldOf(x.X)
		if !ok || !(c.T.IsNumeric()) {
			return nil, false
		}
		// IS TRUE: not in {0, false, NULL}; IS FALSE: in {0, false};
		// the NOT forms flip $in and $nin.
		falsy := bson.A{int64(0), false}
		if x.Want {
			falsy = append(falsy, nil)
		}
		op := "$nin"
		if x.Want == x.Negate {
			op = "$in"
		}
		return bson.D{{Key: c.Path, Value: bson.D{{Key: op, Value: falsy}}}}, true
	}
	return matchMore(e)
}
