package exec

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// writeEnv is env for evaluating the values an INSERT or UPDATE writes:
// under strict mode, a division by zero or a string that is not a number
// in arithmetic fails there (planner.Env.Store), as in MySQL.
func (e *Engine) writeEnv(env *planner.Env) *planner.Env {
	mode := e.mode(env)
	if !mode.Strict {
		return env
	}
	var w planner.Env
	if env != nil {
		w = *env
	}
	w.Store = mode
	return &w
}

// evalWrite evaluates a value an INSERT or UPDATE writes into column of t.
// In a defined table a parameter is taken as given, for storeValue to
// convert as MySQL stores it (binding would Convert it, which refuses
// '12abc' outright and names no MySQL error).
func evalWrite(t *planner.Table, x planner.Expr, row sqltypes.Row, env *planner.Env) (any, error) {
	if p, ok := x.(*planner.ParamRef); ok && t.Defined && env != nil && p.N < len(env.Args) {
		return env.Args[p.N], nil
	}
	return planner.Eval(x, row, env)
}

// keysAsStored reports whether the keys an INSERT evaluates are the ones it
// stores, so its key check may start before storeValue ran: under strict
// mode a key is stored as evaluated or the INSERT fails, except where
// storing changes a fitting value (CHAR drops trailing spaces, YEAR maps
// two digits); without strict mode a key may be clamped. A sampled
// collection stores values as evaluated.
func (e *Engine) keysAsStored(env *planner.Env, t *planner.Table, c *planner.TableColumn) bool {
	return !t.Defined || (e.mode(env).Strict && c.Type.Name != "CHAR" && c.Type.Name != "YEAR")
}

// storeValue converts a value being written into column col of t. In a
// table created with CREATE TABLE it is stored as MySQL stores it under the
// connection's sql_mode (a value out of range, too long or not a number
// fails in strict mode, naming the column and row, 1-based; otherwise it
// is clamped or cut); the fields of a sampled collection take the value
// converted to the type the sample showed.
func (e *Engine) storeValue(env *planner.Env, t *planner.Table, col *planner.TableColumn, v any, row int) (any, error) {
	return e.storeMode(t, col, v, row, e.mode(env).Strict)
}

// storeMode is storeValue under strict or not (INSERT IGNORE stores as
// without strict mode).
func (e *Engine) storeMode(t *planner.Table, col *planner.TableColumn, v any, row int, strict bool) (any, error) {
	if v == nil || col.Type.Kind == sqltypes.Null {
		return v, nil
	}
	if t.Defined {
		return sqltypes.Store(v, col.Type, strict, col.Name, row)
	}
	return sqltypes.ConvertColumn(v, col.Type, col.Name)
}

// unlessNoRow returns err, the failure of an UPDATE's constant value, only
// when the UPDATE matches a row: MySQL checks a value as it writes a row,
// so an UPDATE that matches none succeeds whatever it would write.
func (e *Engine) unlessNoRow(ctx context.Context, coll *mongo.Collection, p *planner.Update, env *planner.Env, err error) (Result, error) {
	var se *sqlerr.Error
	if !errors.As(err, &se) || (se.Code != sqlerr.DataType && se.Code != sqlerr.Constraint) {
		return Result{}, err // not about the value (NOT NULL is)
	}
	filter, ferr := e.boundFilter(ctx, p.Filter, env)
	if ferr != nil {
		return Result{}, ferr
	}
	var found bson.Raw
	ferr = coll.FindOne(ctx, filter, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Decode(&found)
	if errors.Is(ferr, mongo.ErrNoDocuments) {
		return Result{}, nil
	}
	if ferr != nil {
		return Result{}, sqlerr.Wrap(ferr, "reading %q", p.Table.Name)
	}
	return Result{}, err
}

// checkDefault refuses a DEFAULT its column cannot hold, in any sql_mode,
// as MySQL does (1067).
func checkDefault(name string, t sqltypes.Type, d *sqlparse.Default) error {
	if d == nil || d.Func != "" || d.Value == nil {
		return nil
	}
	if _, err := sqltypes.Store(d.Value, t, true, name, 1); err != nil {
		return sqlerr.MySQL(sqlerr.ErrInvalidDefault, "Invalid default value for '%s'", name)
	}
	return nil
}
