package planner

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// rowComparison binds a comparison of row constructors: (a, b) = (c, d)
// is a = c AND b = d, <> its negation, <=> the AND of <=>, and (a, b) IN
// ((1, 2), …) the OR of such equalities — exact under three-valued logic.
func (b *binder) rowComparison(e *sqlparser.ComparisonExpr, left sqlparser.ValTuple) (Expr, error) {
	if sq, ok := e.Right.(*sqlparser.Subquery); ok {
		return b.rowSubquery(e, left, sq)
	}
	switch e.Operator {
	case sqlparser.EqualStr, sqlparser.NotEqualStr, sqlparser.NullSafeEqualStr:
		right, ok := e.Right.(sqlparser.ValTuple)
		if !ok {
			return nil, unsupported("comparing a row with %s", sqlparser.String(e.Right))
		}
		op := sqlparser.EqualStr
		if e.Operator == sqlparser.NullSafeEqualStr {
			op = e.Operator
		}
		eq, err := b.rowEqual(left, right, op)
		if err != nil || e.Operator != sqlparser.NotEqualStr {
			return eq, err
		}
		return &Not{X: eq}, nil
	case sqlparser.InStr, sqlparser.NotInStr:
		list, ok := e.Right.(sqlparser.ValTuple)
		if !ok {
			return nil, unsupported("a row IN %s", sqlparser.String(e.Right))
		}
		var or []Expr
		for _, item := range list {
			right, ok := item.(sqlparser.ValTuple)
			if !ok {
				return nil, rowWidthError(len(left))
			}
			eq, err := b.rowEqual(left, right, sqlparser.EqualStr)
			if err != nil {
				return nil, err
			}
			or = append(or, eq)
		}
		var in Expr = &Or{Args: or}
		if len(or) == 1 {
			in = or[0]
		}
		if e.Operator == sqlparser.NotInStr {
			return &Not{X: in}, nil
		}
		return in, nil
	}
	return nil, unsupported("row comparison with %s", e.Operator)
}

func (b *binder) rowEqual(left, right sqlparser.ValTuple, op string) (Expr, error) {
	if len(left) != len(right) {
		return nil, rowWidthError(len(left))
	}
	and := &And{}
	for i := range left {
		c, err := b.comparison(&sqlparser.ComparisonExpr{Operator: op, Left: left[i], Right: right[i]})
		if err != nil {
			return nil, err
		}
		and.Args = append(and.Args, c)
	}
	if len(and.Args) == 1 {
		return and.Args[0], nil
	}
	return and, nil
}

func rowWidthError(n int) error {
	return sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrOperandCols, "Operand should contain %d column(s)", n)
}

// Row is a row constructor (a, b, …) compared with a subquery's rows; it
// evaluates to the values as a []any.
type Row struct{ Items []Expr }

func (*Row) Type() sqltypes.Type { return sqltypes.Type{Kind: sqltypes.Null} }
func (*Row) isExpr()             {}

// rowSubquery binds (a, b) [NOT] IN (SELECT x, y …) and (a, b) = | <>
// (SELECT x, y …), whose subquery must return at most one row.
func (b *binder) rowSubquery(e *sqlparser.ComparisonExpr, left sqlparser.ValTuple, sq *sqlparser.Subquery) (Expr, error) {
	row := &Row{}
	for _, item := range left {
		x, err := b.bind(item)
		if err != nil {
			return nil, err
		}
		row.Items = append(row.Items, x)
	}
	var single bool
	switch e.Operator {
	case sqlparser.InStr, sqlparser.NotInStr:
	case sqlparser.EqualStr, sqlparser.NotEqualStr:
		single = true
	default:
		return nil, unsupported("row comparison with %s", e.Operator)
	}
	s, err := b.subquery(sq, false, row, Quantifier{Op: OpEq})
	if err != nil {
		return nil, err
	}
	s.(*Subquery).Single = single
	if e.Operator == sqlparser.NotInStr || e.Operator == sqlparser.NotEqualStr {
		return &Not{X: s}, nil
	}
	return s, nil
}

// rowEqualValues is (x1, …) = (v1, …) under three-valued logic.
func rowEqualValues(x, v []any) any {
	var out any = int64(1)
	for i := range x {
		switch compareValues(OpEq, x[i], v[i]) {
		case nil:
			out = nil
		case int64(0):
			return int64(0)
		}
	}
	return out
}
