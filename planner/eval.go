package planner

import (
	"time"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Env is what in-process evaluation reads besides the row: the bound
// arguments of the statement.
type Env struct {
	Args []any
	// Now is the statement's clock: every NOW() of one execution reads
	// the same instant, as in MySQL. Zero means "ask the system clock".
	Now time.Time
	// Store is the sql_mode of a value being written: exec sets it while
	// it evaluates the values of an INSERT or UPDATE, where strict mode
	// fails what elsewhere is a warning (a division by zero, a string
	// that is not a number in arithmetic). Zero elsewhere.
	Store sqltypes.SQLMode
	// Session is the connection's state for the session functions and
	// system variables (DATABASE(), LAST_INSERT_ID(), @@sql_mode); nil
	// reads defaults.
	Session *Session
	// Subqueries runs the execution's subqueries (exec).
	Subqueries SubqueryRunner
	// Outer holds the outer row's values a correlated subquery reads
	// (OuterRef), while it runs.
	Outer []any
}

// now returns the statement's instant.
func (e *Env) now() time.Time {
	if e == nil || e.Now.IsZero() {
		return time.Now().UTC()
	}
	return e.Now
}

// Eval evaluates e over row in-process, with SQL semantics. Truth values
// are int64 1 and 0, as in MySQL; UNKNOWN is nil.
func Eval(e Expr, row sqltypes.Row, env *Env) (any, error) {
	switch e := e.(type) {
	case *ColRef:
		return row[e.Index], nil
	case *Literal:
		return e.Value, nil
	case *ParamRef:
		return bindArg(env.Args, e)
	case *Subquery:
		return evalSubquery(e, row, env)
	case *Row:
		out := make([]any, len(e.Items))
		for i, x := range e.Items {
			v, err := Eval(x, row, env)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *OuterRef:
		if env == nil || e.N >= len(env.Outer) {
			return nil, sqlerr.New(sqlerr.Unsupported, "an outer reference here")
		}
		return env.Outer[e.N], nil
	case *Compare:
		l, err := Eval(e.L, row, env)
		if err != nil {
			return nil, err
		}
		r, err := Eval(e.R, row, env)
		if err != nil {
			return nil, err
		}
		return compareValues(e.Op, l, r), nil
	case *And:
		result := any(int64(1))
		for _, a := range e.Args {
			v, err := Eval(a, row, env)
			if err != nil {
				return nil, err
			}
			switch Truth(v) {
			case False:
				return int64(0), nil
			case Unknown:
				result = nil
			}
		}
		return result, nil
	case *Or:
		result := any(int64(0))
		for _, a := range e.Args {
			v, err := Eval(a, row, env)
			if err != nil {
				return nil, err
			}
			switch Truth(v) {
			case True:
				return int64(1), nil
			case Unknown:
				result = nil
			}
		}
		return result, nil
	case *Not:
		v, err := Eval(e.X, row, env)
		if err != nil {
			return nil, err
		}
		switch Truth(v) {
		case True:
			return int64(0), nil
		case False:
			return int64(1), nil
		}
		return nil, nil
	case *IsNull:
		v, err := Eval(e.X, row, env)
		if err != nil {
			return nil, err
		}
		return boolInt((v == nil) != e.Negate), nil
	case *IsTruth:
		v, err := Eval(e.X, row, env)
		if err != nil {
			return nil, err
		}
		t := Truth(v)
		hit := (e.Want && t == True) || (!e.Want && t == False)
		return boolInt(hit != e.Negate), nil
	case *InList:
		x, err := Eval(e.X, row, env)
		if err != nil {
			return nil, err
		}
		if x == nil {
			return nil, nil
		}
		sawNull := false
		for _, item := range e.List {
			v, err := Eval(item, row, env)
			if err != nil {
				return nil, err
			}
			if v == nil {
				sawNull = true
				continue
			}
			if c, ok := sqltypes.Compare(x, v); ok && c == 0 {
				return boolInt(!e.Negate), nil
			}
		}
		if sawNull {
			return nil, nil
		}
		return boolInt(e.Negate), nil
	case *Between:
		x, err := Eval(e.X, row, env)
		if err != nil {
			return nil, err
		}
		lo, err := Eval(e.Lo, row, env)
		if err != nil {
			return nil, err
		}
		hi, err := Eval(e.Hi, row, env)
		if err != nil {
			return nil, err
		}
		v, _ := Eval(&And{Args: []Expr{
			&Literal{Value: compareValues(OpGe, x, lo)},
			&Literal{Value: compareValues(OpLe, x, hi)},
		}}, nil, env)
		if e.Negate {
			return notValue(v), nil
		}
		return v, nil
	}
	return evalMore(e, row, env)
}

func notValue(v any) any {
	switch Truth(v) {
	case True:
		return int64(0)
	case False:
		return int64(1)
	}
	return nil
}

// compareValues applies op with SQL NULL semantics.
func compareValues(op CmpOp, l, r any) any {
	if op == OpNullSafeEq {
		if l == nil || r == nil {
			return boolInt(l == nil && r == nil)
		}
		op = OpEq
	}
	if l == nil || r == nil {
		return nil
	}
	c, ok := sqltypes.Compare(l, r)
	if !ok {
		// Incomparable types (e.g. a document and a number) are unequal.
		return boolInt(op == OpNe)
	}
	switch op {
	case OpEq:
		return boolInt(c == 0)
	case OpNe:
		return boolInt(c != 0)
	case OpLt:
		return boolInt(c < 0)
	case OpLe:
		return boolInt(c <= 0)
	case OpGt:
		return boolInt(c > 0)
	case OpGe:
		return boolInt(c >= 0)
	}
	return nil
}

func boolInt(b bool) any {
	if b {
		return int64(1)
	}
	return int64(0)
}

// TruthValue is the three-valued logic value of a SQL value.
type TruthValue uint8

// The three truth values.
const (
	Unknown TruthValue = iota
	True
	False
)

// Truth interprets v as a condition: NULL is UNKNOWN, numbers are true
// when non-zero, strings by their numeric prefix (as MySQL does).
func Truth(v any) TruthValue {
	switch x := v.(type) {
	case nil:
		return Unknown
	case bool:
		if x {
			return True
		}
		return False
	case int64:
		if x != 0 {
			return True
		}
		return False
	case string:
		return Truth(sqltypes.StringToNumber(x))
	}
	if f, ok := sqltypes.ToFloat(v); ok {
		if f != 0 {
			return True
		}
		return False
	}
	return True
}

// bindArg returns the argument for p, converted to p.T when set.
func bindArg(args []any, p *ParamRef) (any, error) {
	if p.N >= len(args) {
		return nil, sqlerr.New(sqlerr.Args, "missing argument %d", p.N+1)
	}
	v := args[p.N]
	if v == nil || p.T.Kind == sqltypes.Null {
		return v, nil
	}
	c, err := sqltypes.Convert(v, p.T)
	if err != nil {
		return nil, sqlerr.New(sqlerr.DataType, "argument %d: %v", p.N+1, err)
	}
	return c, nil
}
