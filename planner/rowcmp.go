package planner

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// rowComparison binds a comparison of row constructors: (a, b) = (c, d)
// is a = c AND b = d, <> its negation, <=> the AND of <=>, and (a, b) IN
// ((1, 2), …) the OR of such equalities — exact under three-valued logic.
func (b *binder) rowComparison(e *sqlparser.ComparisonExpr, left sqlparser.ValTuple) (Expr, error) {
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
