package planner

import (
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// bindMore binds expression kinds beyond the core set: functions,
// arithmetic, CASE, CAST, … (see funcs*.go).
func (b *binder) bindMore(e sqlparser.Expr) (Expr, error) {
	return nil, unsupported("expression %s", sqlparser.String(e))
}

// comparisonMore binds LIKE, REGEXP and the JSON operators.
func (b *binder) comparisonMore(e *sqlparser.ComparisonExpr, l Expr) (Expr, error) {
	return nil, unsupported("operator %s", strings.ToUpper(e.Operator))
}

// aggValueMore translates the expression kinds of bindMore to MQL.
func aggValueMore(e Expr) (any, bool) { return nil, false }

// matchMore translates predicates of bindMore (LIKE as an anchored
// $regex, …) to query-language filters, when MongoDB's answer is SQL's.
func matchMore(e Expr) (bson.D, bool) { return nil, false }

// evalMore evaluates the expression kinds of bindMore in-process.
func evalMore(e Expr, row sqltypes.Row, env *Env) (any, error) {
	return nil, sqlerr.New(sqlerr.Internal, "cannot evaluate %T", e)
}
