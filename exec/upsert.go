package exec

import (
	"context"
	"errors"
	"reflect"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// upsert runs INSERT IGNORE, REPLACE, INSERT … ON DUPLICATE KEY UPDATE and
// INSERT … SELECT (planner.Upsert). A plain INSERT … SELECT reads its rows
// whole (so it may read the table it writes, as MySQL's does) and inserts
// them as a VALUES list would be. The others run row by row in statement
// order, each row seeing the earlier rows' writes as in MySQL: the rows
// holding the row's primary or unique keys are read, then the row is
// inserted, skipped (IGNORE), written over them (REPLACE: they are
// deleted) or the first of them is updated (ON DUPLICATE KEY UPDATE).
// RowsAffected is MySQL's: 1 per inserted row, 2 per updated row (0 when
// the update changes nothing), plus the rows REPLACE deleted. Every row's
// values are evaluated and checked before anything is written; an error
// of a later row's update or insert undoes the earlier rows (undoUpsert).
func (e *Engine) upsert(ctx context.Context, p *planner.Insert, env *planner.Env) (Result, error) {
	u := p.Upsert
	rows := p.Rows
	if u.Select != nil {
		var err error
		if rows, err = e.selectedRows(ctx, u.Select, env, len(p.Columns)); err != nil {
			return Result{}, err
		}
		if len(rows) == 0 {
			return Result{}, nil
		}
	}
	if !u.Ignore && !u.Replace && u.OnDup == nil {
		plain := *p
		plain.Rows, plain.Upsert = rows, nil
		return e.insert(ctx, &plain, env)
	}
	t := p.Table
	given := make([]int, len(t.Columns))
	for i, c := range p.Columns {
		given[c] = i + 1
	}
	autoCol, idCol := -1, -1
	for i, c := range t.Columns {
		if c.AutoIncrement {
			autoCol = i
		}
		if t.Path(c.Name) == "_id" {
			idCol = i
		}
	}
	// IGNORE turns strict mode's errors into MySQL's clamped values.
	strict := e.mode(env).Strict && !u.Ignore
	wenv := env
	if strict {
		wenv = e.writeEnv(env)
	}
	values := make([][]any, len(rows))
	for r, exprs := range rows {
		values[r] = make([]any, len(t.Columns))
		if err := e.rowValues(t, given, exprs, wenv, r, strict, values[r]); err != nil {
			return Result{}, err
		}
	}
	coll := e.db.Collection(t.Name)
	keys := uniqueKeys(t)
	paths := make([][]string, 0, len(t.Columns)+1)
	types := make([]sqltypes.Type, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		paths = append(paths, strings.Split(t.Path(c.Name), "."))
		types = append(types, c.Type)
	}
	paths = append(paths, []string{"_id"})
	types = append(types, sqltypes.Type{Kind: sqltypes.Null})
	var res Result
	var maxExplicit int64
	if u.ByID && (autoCol < 0 || len(values) == 1) {
		if r, ok, err := e.upsertByID(ctx, coll, t, u, values, idCol, autoCol, env); ok {
			if err == nil && autoCol >= 0 {
				if v, isInt := values[0][autoCol].(int64); isInt && v > 0 {
					err = e.raiseCounter(counterCtx(ctx, t.Name), t.Name, v)
				}
			}
			return r, err
		}
	}
	var undo []undoStep
	for r, vals := range values {
		generated := false
		if autoCol >= 0 {
			if v, ok := vals[autoCol].(int64); ok && v != 0 {
				maxExplicit = max(maxExplicit, v)
			} else if vals[autoCol] == nil || ok {
				// MySQL takes the id before it knows whether the row
				// is inserted: a skipped or updating row leaves a gap.
				id, err := e.reserveIDs(counterCtx(ctx, t.Name), t.Name, 1, maxExplicit)
				if err != nil {
					return Result{}, e.undoUpsert(ctx, coll, undo, err)
				}
				vals[autoCol], generated = id, true
			}
		}
		tries := 0
	retry:
		olds, raws, err := e.conflicting(ctx, coll, t, idCol, keys, vals, paths, types)
		if err != nil {
			return Result{}, e.undoUpsert(ctx, coll, undo, err)
		}
		switch {
		case len(olds) == 0:
		case u.OnDup != nil:
			n, err := e.updateConflict(ctx, coll, t, u.OnDup, olds[0], vals, env, r+1)
			if err != nil && !(u.Ignore && isDupError(err)) {
				return Result{}, e.undoUpsert(ctx, coll, undo, err)
			}
			if n > 0 {
				undo = append(undo, undoStep{restore: raws[:1]})
			}
			if n > 0 && autoCol >= 0 && res.LastInsertID == 0 {
				// MySQL reports the id of the row it updated.
				res.LastInsertID, _ = olds[0][autoCol].(int64)
			}
			res.RowsAffected += n
			continue
		case u.Replace && len(olds) == 1 && sameRow(olds[0], vals):
			res.RowsAffected++ // MySQL counts a row replaced by itself once
			continue
		case u.Replace:
			ids := make(bson.A, len(olds))
			for i, old := range olds {
				ids[i] = sqltypes.ToBSON(old[len(old)-1])
			}
			d, err := coll.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
			if err != nil {
				return Result{}, e.undoUpsert(ctx, coll, undo, sqlerr.Wrap(err, "writing to %q", t.Name))
			}
			res.RowsAffected += d.DeletedCount
			undo = append(undo, undoStep{restore: raws})
		default: // IGNORE
			continue
		}
		docs, err := e.encodeRows(ctx, t, [][]any{vals})
		if err != nil {
			return Result{}, e.undoUpsert(ctx, coll, undo, err)
		}
		ir, err := coll.InsertOne(ctx, docs[0])
		if err != nil {
			if u.Ignore && isDuplicate(err) {
				continue
			}
			if isDuplicate(err) && tries < 2 {
				// Another writer took a key since the read: again.
				tries++
				goto retry
			}
			return Result{}, e.undoUpsert(ctx, coll, undo, writeError(err, t.Name))
		}
		res.RowsAffected++
		undo = append(undo, undoStep{inserted: ir.InsertedID})
		if generated && res.LastInsertID == 0 {
			res.LastInsertID = vals[autoCol].(int64)
		}
	}
	if p.NewColumns || !t.Defined {
		e.catalog.invalidate(t.Name)
	}
	if maxExplicit > 0 {
		if err := e.raiseCounter(counterCtx(ctx, t.Name), t.Name, maxExplicit); err != nil {
			return res, err
		}
	}
	return res, nil
}

// selectedRows reads the rows of INSERT … SELECT whole, n values each.
func (e *Engine) selectedRows(ctx context.Context, src planner.Node, env *planner.Env, n int) ([][]planner.Expr, error) {
	var rows [][]planner.Expr
	err := e.eachSourceRow(ctx, src, env, func(row sqltypes.Row) error {
		exprs := make([]planner.Expr, n)
		for i := range exprs {
			exprs[i] = &planner.Literal{Value: row[i]}
		}
		rows = append(rows, exprs)
		return nil
	})
	return rows, err
}

// conflicting reads the stored rows holding one of vals' keys (the
// primary key, then each unique index's), each as the table's columns
// then its _id, ordered by the first key they hold, as MySQL checks them.
func (e *Engine) conflicting(ctx context.Context, coll *mongo.Collection, t *planner.Table, idCol int, keys []uniqueKey, vals []any, paths [][]string, types []sqltypes.Type) ([]sqltypes.Row, []bson.Raw, error) {
	var or bson.A
	var tuples [][]any
	var cols [][]int
	if idCol >= 0 && vals[idCol] != nil {
		or = append(or, bson.D{{Key: "_id", Value: sqltypes.ToBSON(vals[idCol])}})
		tuples, cols = append(tuples, []any{vals[idCol]}), append(cols, []int{idCol})
	}
	for _, k := range keys {
		tuple, ok := k.tuple(vals)
		if !ok {
			continue
		}
		m := bson.D{}
		for j, p := range k.paths {
			m = append(m, bson.E{Key: p, Value: sqltypes.ToBSON(tuple[j])})
		}
		or = append(or, m)
		tuples, cols = append(tuples, tuple), append(cols, k.cols)
	}
	if len(or) == 0 {
		return nil, nil, nil
	}
	filter, err := e.serverDoc(ctx, bson.D{{Key: "$or", Value: or}})
	if err != nil {
		return nil, nil, err
	}
	cur, err := coll.Find(ctx, filter)
	if err != nil {
		return nil, nil, sqlerr.Wrap(err, "reading the keys of %q", t.Name)
	}
	defer cur.Close(ctx)
	var rows []sqltypes.Row
	var raws []bson.Raw
	var ranks []int
	for cur.Next(ctx) {
		row := decodeRow(cur.Current, paths, types)
		rank := len(tuples)
		for k, tuple := range tuples {
			held := make([]any, len(cols[k]))
			for j, c := range cols[k] {
				held[j] = row[c]
			}
			if planner.GroupKey(held) == planner.GroupKey(tuple) {
				rank = k
				break
			}
		}
		at := len(rows)
		for at > 0 && ranks[at-1] > rank {
			at--
		}
		rows = append(rows[:at], append([]sqltypes.Row{row}, rows[at:]...)...)
		raws = append(raws[:at], append([]bson.Raw{append(bson.Raw(nil), cur.Current...)}, raws[at:]...)...)
		ranks = append(ranks[:at], append([]int{rank}, ranks[at:]...)...)
	}
	return rows, raws, sqlerr.Wrap(cur.Err(), "reading the keys of %q", t.Name)
}

// updateConflict runs ON DUPLICATE KEY UPDATE on old (the table's columns,
// then _id) for the row vals the INSERT would have written; it returns
// MySQL's count: 2 when the row changed, else 0.
func (e *Engine) updateConflict(ctx context.Context, coll *mongo.Collection, t *planner.Table, set []planner.Assignment, old sqltypes.Row, vals []any, env *planner.Env, n int) (int64, error) {
	in := append(append(sqltypes.Row(nil), old...), vals...)
	doc, row, err := e.setDoc(&planner.Update{Table: t, Set: set}, in, env, n)
	if err != nil {
		return 0, err
	}
	cols := len(t.Columns)
	if sameRow(old, row[:cols]) {
		return 0, nil
	}
	id := old[cols]
	if keys := touchedKeys(t, set); keys != nil {
		skip := map[string]bool{idKey(sqltypes.ToBSON(id)): true}
		if err := e.checkUnique(ctx, coll, t, keys, [][]any{row[:cols]}, [][]any{old[:cols]}, skip); err != nil {
			return 0, err
		}
	}
	if doc, err = e.serverDoc(ctx, doc); err != nil {
		return 0, err
	}
	if _, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: sqltypes.ToBSON(id)}}, bson.D{{Key: "$set", Value: doc}}); err != nil {
		return 0, writeError(err, t.Name)
	}
	return 2, nil
}

// isDupError reports a duplicate-key error of the driver's checks or the server's.
func isDupError(err error) bool {
	var se *sqlerr.Error
	if errors.As(err, &se) && se.Code == sqlerr.Duplicate {
		return true
	}
	return isDuplicate(err)
}

// upsertByID writes the rows as one ordered bulk of upserts by _id (Upsert.ByID):
// REPLACE a replaceOne, INSERT IGNORE an updateOne of $setOnInsert, ON
// DUPLICATE KEY UPDATE an updateOne of $set (the assignments) and
// $setOnInsert (the other columns). The server's counts are MySQL's:
// upserted rows were inserted, modified ones updated (a $set of equal
// values modifies nothing, as MySQL's unchanged row counts 0), matched ones
// replaced. ok is false when a row has no key yet or an assignment fails
// to evaluate (MySQL fails only if a row conflicts): the caller goes row
// by row then.
func (e *Engine) upsertByID(ctx context.Context, coll *mongo.Collection, t *planner.Table, u *planner.Upsert, values [][]any, idCol, autoCol int, env *planner.Env) (Result, bool, error) {
	for _, vals := range values {
		if vals[idCol] == nil {
			return Result{}, false, nil
		}
	}
	docs, err := e.encodeRows(ctx, t, values)
	if err != nil {
		return Result{}, true, err
	}
	models := make([]mongo.WriteModel, 0, len(values))
	for r, vals := range values {
		raw := docs[r].(bson.Raw)
		filter := bson.D{{Key: "_id", Value: raw.Lookup("_id")}}
		if u.Replace {
			models = append(models, mongo.NewReplaceOneModel().SetFilter(filter).SetReplacement(raw).SetUpsert(true))
			continue
		}
		var doc bson.D
		if err := bson.Unmarshal(raw, &doc); err != nil {
			return Result{}, true, sqlerr.Wrap(err, "writing to %q", t.Name)
		}
		var set bson.D
		if u.OnDup != nil {
			in := append(make(sqltypes.Row, len(t.Columns)+1), vals...)
			if set, _, err = e.setDoc(&planner.Update{Table: t, Set: u.OnDup}, in, env, r+1); err != nil {
				return Result{}, false, nil
			}
			if set, err = e.serverDoc(ctx, set); err != nil {
				return Result{}, true, err
			}
		}
		onInsert := bson.D{}
		for _, f := range doc {
			if f.Key == "_id" || hasKey(set, f.Key) {
				continue
			}
			onInsert = append(onInsert, f)
		}
		if len(set) == 0 && len(onInsert) == 0 {
			return Result{}, false, nil // an update must name a field
		}
		update := bson.D{}
		if len(set) > 0 {
			update = append(update, bson.E{Key: "$set", Value: set})
		}
		if len(onInsert) > 0 {
			update = append(update, bson.E{Key: "$setOnInsert", Value: onInsert})
		}
		models = append(models, mongo.NewUpdateOneModel().SetFilter(filter).SetUpdate(update).SetUpsert(true))
	}
	br, err := coll.BulkWrite(ctx, models)
	if err != nil {
		return Result{}, true, writeError(err, t.Name)
	}
	var res Result
	switch {
	case u.Replace:
		// A row replaced by an equal one counts once, as in MySQL.
		res.RowsAffected = br.UpsertedCount + br.MatchedCount + br.ModifiedCount
	case u.OnDup != nil:
		res.RowsAffected = br.UpsertedCount + 2*br.ModifiedCount
		if br.ModifiedCount > 0 && autoCol >= 0 {
			res.LastInsertID, _ = values[0][autoCol].(int64)
		}
	default:
		res.RowsAffected = br.UpsertedCount
	}
	return res, true, nil
}

func hasKey(d bson.D, key string) bool {
	for _, f := range d {
		if f.Key == key {
			return true
		}
	}
	return false
}

// sameRow reports a stored row (the table's columns, then _id) equal to
// the values of every column.
func sameRow(old sqltypes.Row, vals []any) bool {
	for i, v := range vals {
		if !reflect.DeepEqual(old[i], v) {
			return false
		}
	}
	return true
}

// undoStep is one row's write by upsert, as it is undone: the document
// inserted is deleted, then the documents it updated or deleted are put
// back as they were.
type undoStep struct {
	inserted any // the _id of the document inserted; nil if none
	restore  []bson.Raw
}

// undoUpsert undoes the rows an upsert wrote before err, latest first, so
// the failing statement changes nothing, as MySQL's does; err is
// returned (an undo that fails too is reported with it).
func (e *Engine) undoUpsert(ctx context.Context, coll *mongo.Collection, undo []undoStep, err error) error {
	for i := len(undo) - 1; i >= 0; i-- {
		s := undo[i]
		var uerr error
		if s.inserted != nil {
			_, uerr = coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: s.inserted}})
		}
		for _, doc := range s.restore {
			if uerr != nil {
				break
			}
			_, uerr = coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: doc.Lookup("_id")}}, doc, options.Replace().SetUpsert(true))
		}
		if uerr != nil {
			return sqlerr.Wrap(errors.Join(err, uerr), "undoing a failed upsert")
		}
	}
	return err
}
