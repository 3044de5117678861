package exec

import (
	"context"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// writeBatch is how many ids one $in of an in-process UPDATE/DELETE holds.
const writeBatch = 500

// insertOnce runs an INSERT once; ids receives the ids it generated.
func (e *Engine) insertOnce(ctx context.Context, p *planner.Insert, env *planner.Env, ids *idBlock) (Result, error) {
	t := p.Table
	given := make([]int, len(t.Columns)) // column → position in the row + 1
	for i, c := range p.Columns {
		given[c] = i + 1
	}
	autoCol := -1
	for i, c := range t.Columns {
		if c.AutoIncrement {
			autoCol = i
		}
	}
	coll := e.db.Collection(t.Name)
	idCol := -1
	for i, c := range t.Columns {
		if t.Path(c.Name) == "_id" {
			idCol = i
		}
	}
	// The key check's round trip runs while the rows are evaluated and
	// encoded, and InsertMany encodes them again (see gatedDoc): keys
	// given in the statement are evaluated first for it.
	var checked chan error
	if idCol >= 0 && idCol != autoCol && given[idCol] != 0 && e.keysAsStored(env, t, &t.Columns[idCol]) {
		if ids, ok := evalKeys(p.Rows, given[idCol]-1, env); ok {
			checked = e.checkNewIDsAsync(ctx, coll, t, ids)
		}
	}
	// Evaluate and validate every row before anything is written.
	rows := make([][]any, len(p.Rows))
	cells := make([]any, len(p.Rows)*len(t.Columns)) // one allocation for all rows
	needIDs := 0
	var maxExplicit int64
	wenv := e.writeEnv(env)
	for r, exprs := range p.Rows {
		vals := cells[r*len(t.Columns) : (r+1)*len(t.Columns) : (r+1)*len(t.Columns)]
		if err := e.rowValues(t, given, exprs, wenv, r, e.mode(env).Strict, vals); err != nil {
			return Result{}, err
		}
		if autoCol >= 0 {
			switch v := vals[autoCol].(type) {
			case nil:
				needIDs++
			case int64:
				if v == 0 {
					vals[autoCol] = nil
					needIDs++
				}
				maxExplicit = max(maxExplicit, v)
			}
		}
		rows[r] = vals
	}
	var firstID int64
	if needIDs > 0 {
		last, err := e.reserveIDs(counterCtx(ctx, t.Name), t.Name, int64(needIDs), maxExplicit)
		if err != nil {
			return Result{}, err
		}
		firstID = last - int64(needIDs) + 1
		*ids = idBlock{path: t.Path(t.Columns[autoCol].Name), first: firstID, n: int64(needIDs)}
		next := firstID
		for _, vals := range rows {
			if vals[autoCol] == nil {
				vals[autoCol] = next
				next++
			}
		}
	} else if maxExplicit > 0 {
		if err := e.raiseCounter(counterCtx(ctx, t.Name), t.Name, maxExplicit); err != nil {
			return Result{}, err
		}
	}
	if checked == nil {
		var ids []any
		// One row with a generated key needs no check: if another writer
		// holds that key the insert fails whole, and insert retries it.
		if idCol >= 0 && !(len(rows) == 1 && idCol == autoCol && needIDs == 1) {
			for _, vals := range rows {
				if vals[idCol] != nil { // else the server assigns an ObjectId
					ids = append(ids, sqltypes.ToBSON(vals[idCol]))
				}
			}
		}
		checked = e.checkNewIDsAsync(ctx, coll, t, ids)
	}
	if keys := uniqueKeys(t); len(keys) > 0 {
		checked = e.checkUniqueAsync(ctx, coll, t, keys, rows, checked)
	}
	docs, err := e.encodeRows(ctx, t, rows)
	if err != nil {
		if checkErr := <-checked; checkErr != nil {
			return Result{}, checkErr
		}
		return Result{}, err
	}
	var checkErr error
	if oneBatch(docs) {
		last := len(docs) - 1
		docs[last] = &gatedDoc{raw: docs[last].(bson.Raw), check: checked, err: &checkErr}
	} else if checkErr = <-checked; checkErr != nil {
		return Result{}, checkErr
	}
	res, err := coll.InsertMany(ctx, docs)
	if checkErr != nil {
		return Result{}, checkErr // nothing was sent
	}
	if p.NewColumns || (!t.Defined && len(t.Columns) <= 1) {
		// New fields (or a first document) change what sampling finds.
		e.catalog.invalidate(t.Name)
	}
	if err != nil {
		return Result{}, e.undoInsert(ctx, coll, t, rows, res, err)
	}
	return Result{RowsAffected: int64(len(docs)), LastInsertID: firstID}, nil
}

// gatedDoc is the last document of an INSERT whose key check is still in
// flight: InsertMany encodes every document of a batch before it sends the
// batch, so the check overlaps that work (most of the client's share of an
// INSERT), and a duplicate or a failed check fails this encoding: nothing
// is sent. err receives the check's result.
type gatedDoc struct {
	raw   bson.Raw
	check <-chan error
	err   *error
}

func (d *gatedDoc) MarshalBSON() ([]byte, error) {
	if *d.err = <-d.check; *d.err != nil {
		return nil, *d.err
	}
	return d.raw, nil
}

// oneBatch reports documents the driver sends in one insert command, far
// within the servers' limits (100,000 documents, 48 MB a message).
func oneBatch(docs []any) bool {
	if len(docs) == 0 || len(docs) > 10000 {
		return false
	}
	n := 0
	for _, d := range docs {
		n += len(d.(bson.Raw))
	}
	return n <= 16<<20
}

// evalKeys evaluates the key of every row, as the row's evaluation will;
// ok is false when one fails (that error is reported in row order then).
func evalKeys(rows [][]planner.Expr, col int, env *planner.Env) (ids []any, ok bool) {
	ids = make([]any, 0, len(rows))
	for _, r := range rows {
		v, err := planner.Eval(r[col], nil, env)
		if err != nil {
			return nil, false
		}
		if v != nil { // the server assigns an ObjectId
			ids = append(ids, sqltypes.ToBSON(v))
		}
	}
	return ids, true
}

// checkNewIDsAsync runs checkNewIDs in the background; the result is
// received from the channel.
func (e *Engine) checkNewIDsAsync(ctx context.Context, coll *mongo.Collection, t *planner.Table, ids []any) chan error {
	return goOrNow(ctx, func() error { return e.checkNewIDs(ctx, coll, t, ids) })
}

// checkNewIDs fails before writing when a key repeats within the statement
// or already exists, so a failing multi-row INSERT writes nothing.
func (e *Engine) checkNewIDs(ctx context.Context, coll *mongo.Collection, t *planner.Table, ids []any) error {
	if len(ids) == 0 {
		return nil
	}
	if lo, hi, ok := denseKeys(ids); ok {
		seen := make(map[int64]bool, len(ids))
		for _, id := range ids {
			n := id.(int64)
			if seen[n] {
				return dupError(strconv.FormatInt(n, 10), t)
			}
			seen[n] = true
		}
		return e.checkKeyRange(ctx, coll, t, lo, hi, seen)
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		k := sqltypes.ToString(sqltypes.FromRawAny(id))
		if seen[k] {
			return dupError(k, t)
		}
		seen[k] = true
	}
	var found bson.Raw
	err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Decode(&found)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return sqlerr.Wrap(err, "checking keys of %q", t.Name)
	}
	return dupError(sqltypes.ToString(sqltypes.FromRaw(found.Lookup("_id"))), t)
}

// denseKeys reports integer keys that fill most of their range, as a
// multi-row INSERT of consecutive ids does: one range read finds the
// existing ones far more cheaply than an $in of every key.
func denseKeys(ids []any) (lo, hi int64, ok bool) {
	if len(ids) < 2 {
		return 0, 0, false
	}
	for i, id := range ids {
		n, isInt := id.(int64)
		if !isInt {
			return 0, 0, false
		}
		if i == 0 || n < lo {
			lo = n
		}
		if i == 0 || n > hi {
			hi = n
		}
	}
	return lo, hi, uint64(hi)-uint64(lo) < 2*uint64(len(ids))
}

// checkKeyRange reads the keys between lo and hi: one equal to a new key,
// whatever its numeric type, is a duplicate, as $in would match it.
func (e *Engine) checkKeyRange(ctx context.Context, coll *mongo.Collection, t *planner.Table, lo, hi int64, keys map[int64]bool) error {
	cur, err := coll.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: lo}, {Key: "$lte", Value: hi}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return sqlerr.Wrap(err, "checking keys of %q", t.Name)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		if n, ok := integerKey(cur.Current.Lookup("_id")); ok && keys[n] {
			return dupError(strconv.FormatInt(n, 10), t)
		}
	}
	return sqlerr.Wrap(cur.Err(), "checking keys of %q", t.Name)
}

// integerKey is a numeric key that equals an int64 (a key inside the
// range read is one); a fractional number equals no INSERT key.
func integerKey(v bson.RawValue) (int64, bool) {
	switch v.Type {
	case bson.TypeInt32, bson.TypeInt64:
	case bson.TypeDouble:
		if f := v.Double(); f != math.Trunc(f) {
			return 0, false
		}
	case bson.TypeDecimal128:
		if r, ok := sqltypes.DecimalRat(v.Decimal128()); !ok || !r.IsInt() {
			return 0, false
		}
	default:
		return 0, false
	}
	n, err := sqltypes.Convert(sqltypes.FromRaw(v), sqltypes.Type{Kind: sqltypes.Int})
	if err != nil {
		return 0, false
	}
	return n.(int64), true
}

func dupError(key string, t *planner.Table) error {
	return uniqueError(t, "PRIMARY", []any{key})
}

// writeError maps a server write error; duplicate keys name the key.
func writeError(err error, table string) error {
	if isDuplicate(err) {
		msg := "duplicate key in table \"" + table + "\""
		// The server names the index and the key: "… index: email dup key: { email: "a@b" }".
		if i := strings.Index(err.Error(), "index: "); i >= 0 {
			msg += " (" + strings.TrimSpace(err.Error()[i:]) + ")"
		}
		return &sqlerr.Error{Code: sqlerr.Duplicate, Msg: msg, Err: err}
	}
	return sqlerr.Wrap(err, "writing to %q", table)
}

// rowValues evaluates the r-th row of an INSERT into vals, a value for
// every column of t: given[i] is column i's position in exprs + 1 (0: not
// given, as DEFAULT is). A NOT NULL column left NULL fails, except the
// AUTO_INCREMENT one (a generated id follows). strict is the sql_mode's.
func (e *Engine) rowValues(t *planner.Table, given []int, exprs []planner.Expr, env *planner.Env, r int, strict bool, vals []any) error {
	for i := range t.Columns {
		col := &t.Columns[i]
		if defaulted(given, exprs, i) {
			v, err := defaultValue(col)
			if err != nil {
				return err
			}
			vals[i] = v
			continue
		}
		v, err := evalWrite(t, exprs[given[i]-1], nil, env)
		if err == nil && t.Defined {
			v, err = e.storeMode(t, col, v, r+1, strict)
		}
		if err != nil {
			return err
		}
		vals[i] = v
	}
	for i, c := range t.Columns {
		if vals[i] == nil && c.NotNull && !c.AutoIncrement {
			if defaulted(given, exprs, i) {
				return sqlerr.Numbered(sqlerr.Constraint, sqlerr.ErrNoDefault, "Field '%s' doesn't have a default value", c.Name)
			}
			return sqlerr.New(sqlerr.Constraint, "column %q cannot be null (row %d)", c.Name, r+1)
		}
	}
	return nil
}

// defaulted reports column i of an INSERT's row not given, or given as DEFAULT.
func defaulted(given []int, exprs []planner.Expr, i int) bool {
	if given[i] == 0 {
		return true
	}
	_, ok := exprs[given[i]-1].(*planner.DefaultValue)
	return ok
}

func defaultValue(c *planner.TableColumn) (any, error) {
	if c.Default == nil {
		return nil, nil
	}
	if c.Default.Func != "" {
		switch c.Default.Func {
		case "CURRENT_TIMESTAMP", "NOW", "CURRENT_TIMESTAMP()", "NOW()":
			return sqltypes.Convert(time.Now().UTC(), c.Type)
		}
		return nil, sqlerr.New(sqlerr.Unsupported, "default %s of column %q", c.Default.Func, c.Name)
	}
	v, err := sqltypes.Store(c.Default.Value, c.Type, true, c.Name, 1) // checked by CREATE TABLE
	if err != nil {
		return nil, sqlerr.New(sqlerr.DataType, "default of column %q: %v", c.Name, err)
	}
	return v, nil
}

func (e *Engine) update(ctx context.Context, p *planner.Update, env *planner.Env) (Result, error) {
	t := p.Table
	coll := e.db.Collection(t.Name)
	unlock, lockErr := e.lockUpdate(ctx, p)
	if lockErr != nil {
		return Result{}, lockErr
	}
	defer unlock()
	if p.Inc != nil {
		if res, ok, err := e.incUpdate(ctx, p, env); ok {
			return res, err
		}
	}
	if p.Pipeline != nil {
		filter, err := e.boundFilter(ctx, p.Filter, env)
		if err != nil {
			return Result{}, err
		}
		pipeline, err := planner.BindPipeline(p.Pipeline, env)
		if err != nil {
			return Result{}, err
		}
		sent, err := e.toServer(ctx, pipeline)
		if err != nil {
			return Result{}, err
		}
		if p.CheckNull != nil {
			if err := e.checkNotNull(ctx, coll, p, filter, sent); err != nil {
				return Result{}, err
			}
		}
		res, err := e.updateFiltered(ctx, coll, filter, sent)
		if err != nil {
			return Result{}, updateError(err, t.Name, p.Set)
		}
		return Result{RowsAffected: res.ModifiedCount}, nil
	}
	constant := p.Source == nil
	var set bson.D
	if constant {
		var err error
		if set, _, err = e.setDoc(p, nil, env, 1); err != nil {
			return e.unlessNoRow(ctx, coll, p, env, err)
		}
		filter, err := e.boundFilter(ctx, p.Filter, env)
		if err != nil {
			return Result{}, err
		}
		if set, err = e.serverDoc(ctx, set); err != nil {
			return Result{}, err
		}
		res, err := e.updateFiltered(ctx, coll, filter, bson.D{{Key: "$set", Value: set}})
		if err != nil {
			return Result{}, writeError(err, t.Name)
		}
		return Result{RowsAffected: res.ModifiedCount}, nil
	}
	if p.MovesID {
		return e.moveRows(ctx, p, env)
	}
	// Find the rows first, then write: updating while the cursor is open
	// could meet the same document twice.
	keys := touchedKeys(t, p.Set)
	var models, undo []mongo.WriteModel
	var newRows, oldRows [][]any // with keys: each row's values, then its _id
	skip := map[string]bool{}
	undoable := keys != nil
	err := e.eachTargetRow(ctx, p.Source, env, func(row sqltypes.Row) error {
		id := sqltypes.ToBSON(row[len(row)-1])
		var old bson.D
		for _, a := range p.Set {
			if !undoable {
				break
			}
			if a.Index < 0 {
				undoable = false // a sub-document field: no old value to restore
				break
			}
			old = append(old, bson.E{Key: a.Path, Value: sqltypes.ToBSON(row[a.Index])})
		}
		set, newRow, err := e.setDoc(p, row, env, len(models)+1)
		if err != nil {
			return err
		}
		if set, err = e.serverDoc(ctx, set); err != nil {
			return err
		}
		filter := bson.D{{Key: "_id", Value: id}}
		models = append(models, mongo.NewUpdateOneModel().SetFilter(filter).SetUpdate(bson.D{{Key: "$set", Value: set}}))
		if keys != nil {
			newRows = append(newRows, append([]any(nil), newRow...))
			oldRows = append(oldRows, append([]any(nil), row...))
			skip[idKey(id)] = true
			if undoable {
				if old, err = e.serverDoc(ctx, old); err != nil {
					return err
				}
				undo = append(undo, mongo.NewUpdateOneModel().SetFilter(filter).SetUpdate(bson.D{{Key: "$set", Value: old}}))
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	if keys != nil {
		if err := e.checkUnique(ctx, coll, t, keys, newRows, oldRows, skip); err != nil {
			return Result{}, err
		}
	}
	var n int64
	for start := 0; start < len(models); start += writeBatch {
		res, err := coll.BulkWrite(ctx, models[start:min(start+writeBatch, len(models))])
		if res != nil {
			n += res.ModifiedCount
		}
		if err != nil {
			if undoable {
				return Result{}, e.undoUpdate(ctx, coll, t, undo, newRows, start, err)
			}
			return Result{RowsAffected: n}, writeError(err, t.Name)
		}
	}
	return Result{RowsAffected: n}, nil
}

// setDoc evaluates the assignments for one row (nil for constant ones),
// the n-th the UPDATE writes; it also returns the row with the new values
// assigned.
func (e *Engine) setDoc(p *planner.Update, row sqltypes.Row, env *planner.Env, n int) (bson.D, sqltypes.Row, error) {
	set := make(bson.D, 0, len(p.Set))
	env = e.writeEnv(env)
	if row != nil {
		// MySQL assigns left to right: later values see earlier ones.
		row = append(sqltypes.Row(nil), row...)
	}
	for _, a := range p.Set {
		col := a.Column
		var v any
		var err error
		if _, ok := a.Value.(*planner.DefaultValue); ok {
			if v, err = defaultValue(col); err == nil && v == nil && col.NotNull && !col.AutoIncrement {
				err = sqlerr.Numbered(sqlerr.Constraint, sqlerr.ErrNoDefault, "Field '%s' doesn't have a default value", col.Name)
			}
		} else {
			v, err = evalWrite(p.Table, a.Value, row, env)
		}
		if err != nil {
			return nil, nil, err
		}
		if v, err = e.storeValue(env, p.Table, col, v, n); err != nil {
			return nil, nil, err
		}
		if v == nil && col.NotNull {
			return nil, nil, sqlerr.New(sqlerr.Constraint, "column %q cannot be null", col.Name)
		}
		if row != nil && a.Index >= 0 {
			row[a.Index] = v
		}
		set = setField(set, a.Path, sqltypes.ToBSON(v))
	}
	return set, row, nil
}

func (e *Engine) delete(ctx context.Context, p *planner.Delete, env *planner.Env) (Result, error) {
	coll := e.db.Collection(p.Table.Name)
	if p.Source == nil {
		filter, err := e.boundFilter(ctx, p.Filter, env)
		if err != nil {
			return Result{}, err
		}
		res, err := coll.DeleteMany(ctx, filter)
		if err != nil {
			return Result{}, writeError(err, p.Table.Name)
		}
		return Result{RowsAffected: res.DeletedCount}, nil
	}
	var ids bson.A
	err := e.eachTargetRow(ctx, p.Source, env, func(row sqltypes.Row) error {
		ids = append(ids, sqltypes.ToBSON(row[len(row)-1]))
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	n, err := e.deleteIDs(ctx, p.Table, ids)
	return Result{RowsAffected: n}, err
}

func (e *Engine) eachSourceRow(ctx context.Context, src planner.Node, env *planner.Env, fn func(sqltypes.Row) error) error {
	it, err := e.open(ctx, src, env)
	if err != nil {
		return err
	}
	defer it.Close(ctx)
	for {
		row, err := it.Next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// eachTargetRow runs fn on the rows of an UPDATE's or DELETE's Source,
// which end with the target's _id: the first row of each _id, none where
// it is NULL. A multi-table UPDATE/DELETE's join may match a target row
// several times, or not at all on the NULL side of an outer join; MySQL
// writes the row once, with the first joined row's values.
func (e *Engine) eachTargetRow(ctx context.Context, src planner.Node, env *planner.Env, fn func(sqltypes.Row) error) error {
	seen := map[string]bool{}
	return e.eachSourceRow(ctx, src, env, func(row sqltypes.Row) error {
		id := row[len(row)-1]
		if id == nil {
			return nil
		}
		if k := planner.GroupKey([]any{id}); !seen[k] {
			seen[k] = true
			return fn(row)
		}
		return nil
	})
}

// multiDelete runs DELETE t1, t2 FROM …: every target's _ids are read
// first (each row once), then deleted table by table.
func (e *Engine) multiDelete(ctx context.Context, p *planner.MultiDelete, env *planner.Env) (Result, error) {
	ids := make([]bson.A, len(p.Tables))
	seen := make([]map[string]bool, len(p.Tables))
	for i := range seen {
		seen[i] = map[string]bool{}
	}
	err := e.eachSourceRow(ctx, p.Source, env, func(row sqltypes.Row) error {
		for i, id := range row[len(row)-len(p.Tables):] {
			if id == nil {
				continue
			}
			if k := planner.GroupKey([]any{id}); !seen[i][k] {
				seen[i][k] = true
				ids[i] = append(ids[i], sqltypes.ToBSON(id))
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	var n int64
	for i, t := range p.Tables {
		d, err := e.deleteIDs(ctx, t, ids[i])
		n += d
		if err != nil {
			return Result{RowsAffected: n}, err
		}
	}
	return Result{RowsAffected: n}, nil
}

// deleteIDs deletes the documents of t with the given _ids, in batches.
func (e *Engine) deleteIDs(ctx context.Context, t *planner.Table, ids bson.A) (int64, error) {
	coll := e.db.Collection(t.Name)
	var n int64
	for start := 0; start < len(ids); start += writeBatch {
		batch := ids[start:min(start+writeBatch, len(ids))]
		res, err := coll.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: batch}}}})
		if res != nil {
			n += res.DeletedCount
		}
		if err != nil {
			return n, writeError(err, t.Name)
		}
	}
	return n, nil
}

// boundFilter binds a pushed UPDATE/DELETE filter's parameters.
func (e *Engine) boundFilter(ctx context.Context, f bson.D, env *planner.Env) (bson.D, error) {
	d, err := planner.BindDoc(f, env)
	if err != nil {
		return nil, err
	}
	return e.serverDoc(ctx, d)
}

// moveRows runs an UPDATE that changes primary keys: every matched
// document is copied under its new _id, then the old ones are deleted.
// Keys are checked first, so a clash fails before anything is written.
func (e *Engine) moveRows(ctx context.Context, p *planner.Update, env *planner.Env) (Result, error) {
	t := p.Table
	coll := e.db.Collection(t.Name)
	type move struct {
		oldID any
		set   bson.D
	}
	var moves []move
	err := e.eachTargetRow(ctx, p.Source, env, func(row sqltypes.Row) error {
		set, _, err := e.setDoc(p, row, env, len(moves)+1)
		if err != nil {
			return err
		}
		moves = append(moves, move{oldID: sqltypes.ToBSON(row[len(row)-1]), set: set})
		return nil
	})
	if err != nil || len(moves) == 0 {
		return Result{}, err
	}
	oldKeys := map[string]bool{}
	for _, m := range moves {
		oldKeys[sqltypes.ToString(sqltypes.FromRawAny(m.oldID))] = true
	}
	var docs []any
	var newIDs []any
	var oldIDs bson.A
	var unmoved []mongo.WriteModel
	for _, m := range moves {
		var doc bson.D
		if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: m.oldID}}).Decode(&doc); err != nil {
			return Result{}, sqlerr.Wrap(err, "reading a row of %q to move", t.Name)
		}
		for _, s := range m.set {
			doc = setField(doc, s.Key, s.Value)
		}
		id := doc[0].Value
		if k := sqltypes.ToString(sqltypes.FromRawAny(id)); oldKeys[k] && k != sqltypes.ToString(sqltypes.FromRawAny(m.oldID)) {
			return Result{}, sqlerr.New(sqlerr.Unsupported, "UPDATE that moves a primary key onto another updated row's key ('%s')", k)
		}
		if sqltypes.ToString(sqltypes.FromRawAny(id)) == sqltypes.ToString(sqltypes.FromRawAny(m.oldID)) {
			var rest bson.D
			for _, el := range m.set {
				if el.Key != "_id" {
					rest = append(rest, el)
				}
			}
			if len(rest) > 0 {
				unmoved = append(unmoved, mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: m.oldID}}).
					SetUpdate(bson.D{{Key: "$set", Value: rest}}))
			}
			continue // the key stays; only the other columns change
		}
		d, err := e.serverDoc(ctx, doc)
		if err != nil {
			return Result{}, err
		}
		docs = append(docs, d)
		newIDs = append(newIDs, id)
		oldIDs = append(oldIDs, m.oldID)
	}
	if err := e.checkNewIDs(ctx, coll, t, newIDs); err != nil {
		return Result{}, err
	}
	n := int64(0)
	if len(docs) > 0 {
		if _, err := coll.InsertMany(ctx, docs); err != nil {
			return Result{}, writeError(err, t.Name)
		}
		res, err := coll.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: oldIDs}}}})
		if err != nil {
			return Result{}, writeError(err, t.Name)
		}
		n = res.DeletedCount
	}
	if len(unmoved) > 0 {
		res, err := coll.BulkWrite(ctx, unmoved)
		if err != nil {
			return Result{RowsAffected: n}, writeError(err, t.Name)
		}
		n += res.ModifiedCount
	}
	return Result{RowsAffected: n}, nil
}

// setField sets key in doc, keeping _id first.
func setField(doc bson.D, key string, v any) bson.D {
	for i := range doc {
		if doc[i].Key == key {
			doc[i].Value = v
			return doc
		}
	}
	if key == "_id" {
		return append(bson.D{{Key: "_id", Value: v}}, doc...)
	}
	return append(doc, bson.E{Key: key, Value: v})
}
