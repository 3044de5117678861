package planner

import (
	"maps"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// FuncDef describes one SQL function or operator once: its arity, result
// type, NULL behaviour, its MQL translation and its in-process evaluation,
// side by side so the two paths cannot drift apart.
type FuncDef struct {
	Name             string
	MinArgs, MaxArgs int // MaxArgs -1: variadic
	// Result computes the result type from the bound arguments; nil means
	// the fixed type T.
	Result func(c *Call) sqltypes.Type
	T      sqltypes.Type
	// NullIn: any NULL argument makes the result NULL, in both paths,
	// before Eval or MQL see the arguments.
	NullIn bool
	// MQL translates the call given its translated arguments; ok is false
	// when MongoDB cannot compute exactly the SQL value.
	MQL func(c *Call, args []any) (any, bool)
	// RawMQL, when set, translates the call from its bound arguments,
	// before (and instead of) translating them one by one.
	RawMQL func(c *Call) (any, bool)
	// Eval computes the value from evaluated arguments.
	Eval func(c *Call, args []any) (any, error)
	// Clock, when set, computes the value of a call without arguments
	// from the statement's instant (NOW, CURDATE, UNIX_TIMESTAMP()).
	Clock func(c *Call, now time.Time) any
	// Session, when set, computes the value from the connection's state
	// (DATABASE(), LAST_INSERT_ID(), @@sql_mode).
	Session func(c *Call, s *Session) any
	// Lock, when set, computes the value through the session's Locker
	// (GET_LOCK and its family, planner/func_lock.go).
	Lock func(c *Call, l Locker, args []any) (any, error)
	// Lazy, when set, replaces Eval for functions that must not evaluate
	// every argument (COALESCE stops at the first non-NULL).
	Lazy func(c *Call, arg func(i int) (any, error)) (any, error)
	// Strict, when set, checks the evaluated arguments of a call inside a
	// value being written under MySQL's strict mode (Env.Store), where
	// MySQL fails what it otherwise only warns about.
	Strict func(c *Call, args []any, mode sqltypes.SQLMode) error
}

// Call is a bound function or operator call. Aux carries what a function
// needs besides its arguments (a CAST's target type, an INTERVAL unit, a
// compiled pattern).
type Call struct {
	Def  *FuncDef
	Args []Expr
	T    sqltypes.Type
	Aux  any
}

func (c *Call) Type() sqltypes.Type { return c.T }
func (*Call) isExpr()               {}

// funcs is the registry of scalar functions by lower-case name.
var funcs = map[string]*FuncDef{}

// register adds defs to the registry under their names and aliases.
func register(def *FuncDef, aliases ...string) *FuncDef {
	for _, n := range append([]string{def.Name}, aliases...) {
		funcs[strings.ToLower(n)] = def
	}
	return def
}

// newCall binds a call, checking arity and computing its type.
func newCall(def *FuncDef, args []Expr, aux any) (*Call, error) {
	if len(args) < def.MinArgs || (def.MaxArgs >= 0 && len(args) > def.MaxArgs) {
		return nil, sqlerr.New(sqlerr.Args, "incorrect parameter count in the call to native function '%s'", strings.ToUpper(def.Name))
	}
	c := &Call{Def: def, Args: args, Aux: aux}
	if def.Result != nil {
		c.T = def.Result(c)
	} else {
		c.T = def.T
	}
	return c, nil
}

// evalCall evaluates a Call in-process.
func evalCall(c *Call, row sqltypes.Row, env *Env) (any, error) {
	if c.Def.Clock != nil && len(c.Args) == 0 {
		return c.Def.Clock(c, env.now()), nil
	}
	if c.Def.Session != nil {
		return c.Def.Session(c, env.session()), nil
	}
	if c.Def.Lock != nil {
		return evalLock(c, row, env)
	}
	if c.Def.Lazy != nil {
		return c.Def.Lazy(c, func(i int) (any, error) { return Eval(c.Args[i], row, env) })
	}
	args := make([]any, len(c.Args))
	for i, a := range c.Args {
		v, err := Eval(a, row, env)
		if err != nil {
			return nil, err
		}
		if v == nil && c.Def.NullIn {
			return nil, nil
		}
		args[i] = v
	}
	if c.Def.Strict != nil && env != nil && env.Store.Strict {
		if err := c.Def.Strict(c, args, env.Store); err != nil {
			return nil, err
		}
	}
	return c.Def.Eval(c, args)
}

// mqlCall translates a Call to an aggregation expression.
func mqlCall(c *Call) (any, bool) {
	if c.Def.RawMQL != nil {
		if v, ok := c.Def.RawMQL(c); ok {
			return v, true
		}
	}
	if c.Def.MQL == nil {
		return nil, false
	}
	args := make([]any, len(c.Args))
	var guards bson.A
	for i, a := range c.Args {
		v, ok := aggValue(a)
		if !ok {
			return nil, false
		}
		args[i] = v
		if c.Def.NullIn {
			if isNullLit(a) {
				return bson.D{{Key: "$literal", Value: nil}}, true
			}
			if _, lit := a.(*Literal); !lit {
				guards = append(guards, isNullAgg(v))
			}
		}
	}
	out, ok := c.Def.MQL(c, args)
	if !ok {
		return nil, false
	}
	switch len(guards) {
	case 0:
		return out, true
	case 1:
		return condAgg(guards[0], nil, out), true
	}
	return condAgg(bson.D{{Key: "$or", Value: guards}}, nil, out), true
}

// isNullAgg is true for null and missing values.
func isNullAgg(v any) bson.D { return bson.D{{Key: "$lte", Value: bson.A{v, nil}}} }

// condAgg is SQL's IF as MQL. It is a $switch, not a $cond: $switch
// evaluates only the branch taken on every engine, while DocumentDB
// evaluates both branches of a $cond, so a guard around $divide, $ln or
// $sqrt would still raise the error it guards against.
func condAgg(c, then, els any) bson.D {
	return bson.D{{Key: "$switch", Value: bson.D{
		{Key: "branches", Value: bson.A{bson.D{{Key: "case", Value: c}, {Key: "then", Value: then}}}},
		{Key: "default", Value: els},
	}}}
}

func op1(name string, v any) bson.D { return bson.D{{Key: name, Value: v}} }

func opN(name string, vs ...any) bson.D { return bson.D{{Key: name, Value: bson.A(vs)}} }

// mqlOp returns an MQL func applying one operator to the arguments.
func mqlOp(name string) func(*Call, []any) (any, bool) {
	return func(_ *Call, args []any) (any, bool) {
		if len(args) == 1 {
			return op1(name, args[0]), true
		}
		return opN(name, args...), true
	}
}

// argType is the type of argument i.
func argType(c *Call, i int) sqltypes.Type { return c.Args[i].Type() }

// fixed returns a Result func for a constant type.
func typ(k sqltypes.Kind) sqltypes.Type { return sqltypes.Type{Kind: k} }

var (
	intType      = sqltypes.Type{Kind: sqltypes.Int}
	doubleType   = sqltypes.Type{Kind: sqltypes.Double}
	decimalType  = sqltypes.Type{Kind: sqltypes.Decimal}
	varcharType  = sqltypes.Type{Kind: sqltypes.Varchar}
	textType     = sqltypes.Type{Kind: sqltypes.Text}
	dateType     = sqltypes.Type{Kind: sqltypes.Date}
	datetimeType = sqltypes.Type{Kind: sqltypes.DateTime}
	jsonType     = sqltypes.Type{Kind: sqltypes.JSONKind}
	nullType     = sqltypes.Type{Kind: sqltypes.Null}
)

// funcErr is an evaluation error in a function.
func funcErr(format string, args ...any) error {
	return sqlerr.New(sqlerr.DataType, format, args...)
}

// FunctionNames lists the registered functions and operators by lower-case
// name, aliases included, so tests can insist that each one is covered.
func FunctionNames() []string { return slices.Sorted(maps.Keys(funcs)) }

// AggregateNames lists the aggregate functions by lower-case name.
func AggregateNames() []string { return slices.Sorted(maps.Keys(aggregates)) }
