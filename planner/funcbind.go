package planner

import (
	"strings"
	"unicode/utf8"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// bindMore binds expression kinds beyond the core set: functions,
// arithmetic, CASE, CAST, … (see funcs*.go).
func (b *binder) bindMore(e sqlparser.Expr) (Expr, error) {
	switch e := e.(type) {
	case *sqlparser.FuncExpr:
		return b.bindFunc(e)
	case *sqlparser.GroupConcatExpr:
		return nil, unsupported("aggregate function GROUP_CONCAT here")
	case *sqlparser.BinaryExpr:
		return b.bindBinary(e.Operator, e.Left, e.Right)
	case *sqlparser.UnaryExpr:
		switch strings.TrimSpace(e.Operator) {
		case sqlparser.UPlusStr:
			return b.bind(e.Expr)
		case sqlparser.UMinusStr:
			x, err := b.bind(e.Expr)
			if err != nil {
				return nil, err
			}
			if l, ok := x.(*Literal); ok && numberLiteral(l) {
				// Fold -5 so literals stay literals (coercion, pushdown).
				if v, err := evalCall(&Call{Def: negDef, Args: []Expr{l}, T: l.T}, nil, nil); err == nil {
					return &Literal{Value: v, T: l.T}, nil
				}
			}
			return newCall(negDef, []Expr{x}, nil)
		case sqlparser.BangStr:
			x, err := b.bind(e.Expr)
			if err != nil {
				return nil, err
			}
			return &Not{X: x}, nil
		}
		return nil, unsupported("operator %s", strings.ToUpper(strings.TrimSpace(e.Operator)))
	case *sqlparser.CaseExpr:
		return b.bindCase(e)
	case *sqlparser.ConvertExpr:
		return b.bindConvert(e)
	case *sqlparser.SubstrExpr:
		args := []sqlparser.Expr{e.Name, e.From}
		if e.To != nil {
			args = append(args, e.To)
		}
		return b.bindArgs(funcs["substring"], args, nil)
	case *sqlparser.IntervalExpr:
		return nil, unsupported("INTERVAL outside date arithmetic")
	case *sqlparser.CollateExpr:
		return nil, unsupported("COLLATE")
	case *sqlparser.ConvertUsingExpr:
		return nil, unsupported("CONVERT ... USING")
	case *sqlparser.ValuesFuncExpr:
		if b.values != nil {
			return b.values(e)
		}
		return nil, unsupported("VALUES()")
	case *sqlparser.MatchExpr:
		return nil, unsupported("MATCH ... AGAINST")
	case *sqlparser.Default:
		return nil, unsupported("DEFAULT here")
	}
	return nil, unsupported("expression %s", sqlparser.String(e))
}

// bindArgs binds parser expressions and makes a call of def.
func (b *binder) bindArgs(def *FuncDef, args []sqlparser.Expr, aux any) (Expr, error) {
	bound, err := b.bindAll(args)
	if err != nil {
		return nil, err
	}
	return newCall(def, bound, aux)
}

// bindAll binds each expression of a list.
func (b *binder) bindAll(args []sqlparser.Expr) ([]Expr, error) {
	bound := make([]Expr, len(args))
	for i, a := range args {
		x, err := b.bind(a)
		if err != nil {
			return nil, err
		}
		bound[i] = x
	}
	return bound, nil
}

func (b *binder) bindFunc(e *sqlparser.FuncExpr) (Expr, error) {
	name := e.Name.Lowered()
	if !e.Qualifier.IsEmpty() {
		return nil, unsupported("function %s.%s", e.Qualifier.String(), strings.ToUpper(name))
	}
	if e.IsAggregate() {
		return nil, unsupported("aggregate function %s here", strings.ToUpper(name))
	}
	if e.Distinct {
		return nil, unsupported("DISTINCT in %s", strings.ToUpper(name))
	}
	var args []sqlparser.Expr
	for _, se := range e.Exprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, unsupported("%s in %s()", sqlparser.String(se), strings.ToUpper(name))
		}
		args = append(args, ae.Expr)
	}
	switch name {
	case "date_add", "date_sub", "adddate", "subdate":
		return b.bindDateAdd(name, args)
	case "timestampdiff", "timestampadd":
		if len(args) != 3 {
			return nil, sqlerr.New(sqlerr.Args, "incorrect parameter count in the call to native function '%s'", strings.ToUpper(name))
		}
		unit, ok := unitName(args[0])
		if !ok || intervalUnits[unit] == 0 || intervalUnits[unit] > unitYear {
			return nil, unsupported("%s unit %s", strings.ToUpper(name), sqlparser.String(args[0]))
		}
		if name == "timestampadd" {
			return b.bindArgs(funcs["date_add"], args[1:], &intervalAux{unit: unit, swap: true})
		}
		return b.bindArgs(funcs["timestampdiff"], args[1:], unit)
	case sqlparse.FuncCast: // CAST(x AS DOUBLE), rewritten by sqlparse
		if len(args) == 2 {
			if v, ok := args[1].(*sqlparser.SQLVal); ok && v.Type == sqlparser.StrVal {
				return b.bindConvert(&sqlparser.ConvertExpr{Expr: args[0], Type: &sqlparser.ConvertType{Type: string(v.Val)}})
			}
		}
	case sqlparse.FuncTrim: // TRIM(BOTH r FROM s), rewritten by sqlparse
		if len(args) == 3 {
			if v, ok := args[0].(*sqlparser.SQLVal); ok && v.Type == sqlparser.StrVal {
				return b.bindArgs(trimFromDef, []sqlparser.Expr{args[2], args[1]}, string(v.Val))
			}
		}
	case "extract":
		if len(args) != 2 {
			return nil, sqlerr.New(sqlerr.Args, "incorrect parameter count in the call to native function 'EXTRACT'")
		}
		unit, ok := unitName(args[0])
		if !ok || intervalUnits[unit] == 0 {
			return nil, unsupported("EXTRACT unit %s", sqlparser.String(args[0]))
		}
		return b.bindArgs(funcs["extract"], args[1:], unit)
	}
	if def := sessionFuncs[name]; def != nil {
		return b.bindArgs(def, args, nil)
	}
	def := funcs[name]
	if def == nil {
		return nil, unsupported("function %s", strings.ToUpper(name))
	}
	return b.bindArgs(def, args, nil)
}

// trimFromDef is TRIM({BOTH|LEADING|TRAILING} remstr FROM s) with
// arguments (s, remstr) and the mode as Aux: remstr is removed as a whole
// string, repeatedly, comparing bytes. MongoDB's $trim takes a set of
// characters, which is the same only for a one-character remstr.
var trimFromDef = strFunc("trim", 2, strResult, func(c *Call, s []string, _ []any) (any, error) {
	return trimRemove(s[0], s[1], c.Aux.(string)), nil
}, func(c *Call, a []any) (any, bool) {
	l, ok := c.Args[1].(*Literal)
	if !ok || l.Value == nil {
		return nil, false
	}
	r := strOf(l.Value, l.T)
	op := map[string]string{"BOTH": "$trim", "LEADING": "$ltrim", "TRAILING": "$rtrim"}[c.Aux.(string)]
	if utf8.RuneCountInString(r) != 1 || op == "" {
		return nil, false
	}
	return op1(op, bson.D{{Key: "input", Value: a[0]}, {Key: "chars", Value: r}}), true
})

func trimRemove(s, r, mode string) string {
	if r == "" {
		return s
	}
	if mode != "TRAILING" {
		for strings.HasPrefix(s, r) {
			s = s[len(r):]
		}
	}
	if mode != "LEADING" {
		for strings.HasSuffix(s, r) {
			s = s[:len(s)-len(r)]
		}
	}
	return s
}

// unitName reads a unit given as a bare word (DAY) or a string ('DAY').
func unitName(e sqlparser.Expr) (string, bool) {
	switch x := e.(type) {
	case *sqlparser.ColName:
		if x.Qualifier.IsEmpty() {
			return strings.ToUpper(x.Name.String()), true
		}
	case *sqlparser.SQLVal:
		if x.Type == sqlparser.StrVal {
			return strings.ToUpper(string(x.Val)), true
		}
	}
	return "", false
}

var arithOps = map[string]string{
	sqlparser.PlusStr: "+", sqlparser.MinusStr: "-", sqlparser.MultStr: "*",
	sqlparser.DivStr: "/", sqlparser.IntDivStr: "div", sqlparser.ModStr: "%",
}

func (b *binder) bindBinary(op string, l, r sqlparser.Expr) (Expr, error) {
	switch op {
	case "->", "->>":
		x, err := b.bindArgs(funcs["json_extract"], []sqlparser.Expr{l, r}, nil)
		if err != nil || op == "->" {
			return x, err
		}
		return newCall(funcs["json_unquote"], []Expr{x}, nil)
	}
	name, ok := arithOps[op]
	if !ok {
		return nil, unsupported("operator %s", strings.ToUpper(op))
	}
	if iv, ok := r.(*sqlparser.IntervalExpr); ok && (name == "+" || name == "-") {
		return b.bindInterval(l, iv, name == "-")
	}
	if iv, ok := l.(*sqlparser.IntervalExpr); ok && name == "+" {
		return b.bindInterval(r, iv, false)
	}
	return b.bindArgs(funcs[name], []sqlparser.Expr{l, r}, nil)
}

// numberLiteral reports a literal that negates without a warning: not a
// string that is not a number (-'abc' fails a strict write, see
// strictArith).
func numberLiteral(l *Literal) bool {
	s, ok := l.Value.(string)
	return !ok || sqltypes.IsNumberText(s)
}

func (b *binder) bindCase(e *sqlparser.CaseExpr) (Expr, error) {
	var args []sqlparser.Expr
	shape := caseShape{operand: e.Expr != nil, els: e.Else != nil}
	if shape.operand {
		args = append(args, e.Expr)
	}
	for _, w := range e.Whens {
		args = append(args, w.Cond, w.Val)
	}
	if shape.els {
		args = append(args, e.Else)
	}
	bound, err := b.bindAll(args)
	if err != nil {
		return nil, err
	}
	if shape.operand {
		// CASE x WHEN v: compare as x = v does.
		for i := 1; i+1 < len(bound); i += 2 {
			bound[i] = coerce(bound[i], bound[0])
		}
	}
	return newCall(caseDef, bound, shape)
}

// comparisonMore binds LIKE, REGEXP and the JSON operators.
func (b *binder) comparisonMore(e *sqlparser.ComparisonExpr, l Expr) (Expr, error) {
	switch e.Operator {
	case sqlparser.LikeStr, sqlparser.NotLikeStr:
		r, err := b.bind(e.Right)
		if err != nil {
			return nil, err
		}
		args := []Expr{l, r}
		if e.Escape != nil {
			esc, err := b.bind(e.Escape)
			if err != nil {
				return nil, err
			}
			args = append(args, esc)
		}
		c, err := newCall(likeDef, args, nil)
		if err != nil {
			return nil, err
		}
		if e.Operator == sqlparser.NotLikeStr {
			return &Not{X: c}, nil
		}
		return c, nil
	case sqlparser.RegexpStr, sqlparser.NotRegexpStr:
		r, err := b.bind(e.Right)
		if err != nil {
			return nil, err
		}
		c, err := newCall(regexpDef, []Expr{l, r}, nil)
		if err != nil {
			return nil, err
		}
		if e.Operator == sqlparser.NotRegexpStr {
			return &Not{X: c}, nil
		}
		return c, nil
	case "->", "->>":
		r, err := b.bind(e.Right)
		if err != nil {
			return nil, err
		}
		x, err := newCall(funcs["json_extract"], []Expr{l, r}, nil)
		if err != nil || e.Operator == "->" {
			return x, err
		}
		return newCall(funcs["json_unquote"], []Expr{x}, nil)
	}
	return nil, unsupported("operator %s", strings.ToUpper(e.Operator))
}

// aggValueMore translates the expression kinds of bindMore to MQL, and
// the core predicates as values with three-valued logic.
func aggValueMore(e Expr) (any, bool) {
	switch x := e.(type) {
	case *Call:
		return mqlCall(x)
	}
	return boolAgg(e)
}

// matchMore translates predicates of bindMore (LIKE as an anchored
// $regex, …) to query-language filters, when MongoDB's answer is SQL's.
func matchMore(e Expr) (bson.D, bool) {
	if c, ok := e.(*Call); ok && c.Def == likeDef {
		return likeMatch(c)
	}
	return nil, false
}

// evalMore evaluates the expression kinds of bindMore in-process.
func evalMore(e Expr, row sqltypes.Row, env *Env) (any, error) {
	if c, ok := e.(*Call); ok {
		return evalCall(c, row, env)
	}
	return nil, sqlerr.New(sqlerr.Internal, "cannot evaluate %T", e)
}
