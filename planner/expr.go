package planner

import (
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Expr is a bound, typed scalar expression. The set is closed.
type Expr interface {
	Type() sqltypes.Type
	isExpr()
}

// ColRef reads column Index of the input row; Path is the document field
// it comes from when the input is a table scan.
type ColRef struct {
	Index int
	Name  string
	Path  string
	T     sqltypes.Type
	// Src, when not 0, is the 1-based FROM source of a multi-table query
	// the column belongs to; Local is its position in that source's row
	// and Field its path in the source's documents. Index and Path are
	// set from them once the join order fixes the row (layout.place).
	Src   int
	Local int
	Field string
}

// Literal is a constant; Value is an in-process value (nil for NULL).
type Literal struct {
	Value any
	T     sqltypes.Type
}

// ParamRef is a bound parameter: N is its 0-based position in the
// statement's argument list. T, when set, is the type the value is
// converted to (the column it is compared with or stored in).
type ParamRef struct {
	N int
	T sqltypes.Type
}

// CmpOp is a comparison operator.
type CmpOp uint8

// The comparison operators.
const (
	OpEq CmpOp = iota
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpNullSafeEq
)

var cmpNames = [...]string{"=", "<>", "<", "<=", ">", ">=", "<=>"}

func (o CmpOp) String() string { return cmpNames[o] }

// flip returns the operator with its operands swapped (a < b ⇔ b > a).
func (o CmpOp) flip() CmpOp {
	switch o {
	case OpLt:
		return OpGt
	case OpLe:
		return OpGe
	case OpGt:
		return OpLt
	case OpGe:
		return OpLe
	}
	return o
}

// negate returns the operator for NOT (a op b); exact under three-valued
// logic because both sides are UNKNOWN for NULL operands.
func (o CmpOp) negate() CmpOp {
	switch o {
	case OpEq:
		return OpNe
	case OpNe:
		return OpEq
	case OpLt:
		return OpGe
	case OpLe:
		return OpGt
	case OpGt:
		return OpLe
	case OpGe:
		return OpLt
	}
	return o
}

// Compare is L op R; NULL operands give NULL (except <=>).
type Compare struct {
	Op   CmpOp
	L, R Expr
}

// And / Or over two or more operands, with three-valued logic.
type And struct{ Args []Expr }
type Or struct{ Args []Expr }

// Not is logical negation; NOT NULL is NULL.
type Not struct{ X Expr }

// IsNull is X IS [NOT] NULL.
type IsNull struct {
	X      Expr
	Negate bool
}

// IsTruth is X IS [NOT] TRUE|FALSE; never NULL.
type IsTruth struct {
	X      Expr
	Want   bool
	Negate bool
}

// InList is X [NOT] IN (List...).
type InList struct {
	X      Expr
	List   []Expr
	Negate bool
}

// Between is X [NOT] BETWEEN Lo AND Hi.
type Between struct {
	X, Lo, Hi Expr
	Negate    bool
}

var boolType = sqltypes.Type{Kind: sqltypes.Int, Name: "INT"}

func (e *ColRef) Type() sqltypes.Type   { return e.T }
func (e *Literal) Type() sqltypes.Type  { return e.T }
func (e *ParamRef) Type() sqltypes.Type { return e.T }
func (*Compare) Type() sqltypes.Type    { return boolType }
func (*And) Type() sqltypes.Type        { return boolType }
func (*Or) Type() sqltypes.Type         { return boolType }
func (*Not) Type() sqltypes.Type        { return boolType }
func (*IsNull) Type() sqltypes.Type     { return boolType }
func (*IsTruth) Type() sqltypes.Type    { return boolType }
func (*InList) Type() sqltypes.Type     { return boolType }
func (*Between) Type() sqltypes.Type    { return boolType }

func (*ColRef) isExpr()   {}
func (*Literal) isExpr()  {}
func (*ParamRef) isExpr() {}
func (*Compare) isExpr()  {}
func (*And) isExpr()      {}
func (*Or) isExpr()       {}
func (*Not) isExpr()      {}
func (*IsNull) isExpr()   {}
func (*IsTruth) isExpr()  {}
func (*InList) isExpr()   {}
func (*Between) isExpr()  {}

// isNullLit reports whether e is the NULL literal.
func isNullLit(e Expr) bool {
	l, ok := e.(*Literal)
	return ok && l.Value == nil
}
