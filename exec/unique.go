package exec

import (
	"context"
	"errors"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// uniqueBatch is how many keys one read of checkUnique asks for.
const uniqueBatch = 1000

// uniqueKey is a unique index by the positions of its columns.
type uniqueKey struct {
	name  string
	cols  []int
	paths []string
}

// uniqueKeys are the unique indexes the driver checks before a write: all
// but the one on _id alone, which checkNewIDs covers.
func uniqueKeys(t *planner.Table) []uniqueKey {
	var out []uniqueKey
	for _, ix := range t.Indexes {
		if !ix.Unique {
			continue
		}
		k := uniqueKey{name: ix.Name}
		for _, name := range ix.Columns {
			_, i := t.Column(name)
			if i < 0 {
				k.cols = nil
				break
			}
			k.cols = append(k.cols, i)
			k.paths = append(k.paths, t.Path(t.Columns[i].Name))
		}
		if len(k.cols) > 0 && !(len(k.paths) == 1 && k.paths[0] == "_id") {
			out = append(out, k)
		}
	}
	return out
}

// touchedKeys are the unique keys an UPDATE's assignments change.
func touchedKeys(t *planner.Table, set []planner.Assignment) []uniqueKey {
	var out []uniqueKey
	for _, k := range uniqueKeys(t) {
	next:
		for _, c := range k.cols {
			for _, a := range set {
				if a.Index == c {
					out = append(out, k)
					break next
				}
			}
		}
	}
	return out
}

// tuple is a row's key of k; ok is false when a part is NULL (SQL's unique
// indexes hold any number of those).
func (k *uniqueKey) tuple(row []any) (vals []any, ok bool) {
	vals = make([]any, len(k.cols))
	for i, c := range k.cols {
		if c >= len(row) || row[c] == nil {
			return nil, false
		}
		vals[i] = row[c]
	}
	return vals, true
}

// checkUnique fails before anything is written when two rows of a statement,
// or a row and a stored document, would share the key of a unique index, so
// that a multi-row INSERT or UPDATE that would collide writes nothing. rows
// hold every column's new value. For an UPDATE, olds hold the rows' values
// before it and skip the GroupKey of their _id (their stored keys are the
// olds): as in MySQL, which checks each row as it writes it, a new key
// collides with the old key of a row the statement changes later, so
// keys cannot swap in one statement and `u = u + 1` needs ORDER BY u DESC.
func (e *Engine) checkUnique(ctx context.Context, coll *mongo.Collection, t *planner.Table, keys []uniqueKey, rows, olds [][]any, skip map[string]bool) error {
	for _, k := range keys {
		heldBy := make(map[string]int, len(olds)) // old key → the row holding it
		for i, row := range olds {
			if vals, ok := k.tuple(row); ok {
				heldBy[planner.GroupKey(vals)] = i
			}
		}
		seen := make(map[string]bool, len(rows))
		var taken [][]any
		for i, row := range rows {
			vals, ok := k.tuple(row)
			if !ok {
				continue
			}
			gk := planner.GroupKey(vals)
			if j, held := heldBy[gk]; seen[gk] || held && j > i {
				return uniqueError(t, k.name, vals)
			}
			seen[gk] = true
			taken = append(taken, vals)
		}
		for start := 0; start < len(taken); start += uniqueBatch {
			if err := e.findTaken(ctx, coll, t, &k, taken[start:min(start+uniqueBatch, len(taken))], skip); err != nil {
				return err
			}
		}
	}
	return nil
}

// findTaken reads the stored documents holding one of keys.
func (e *Engine) findTaken(ctx context.Context, coll *mongo.Collection, t *planner.Table, k *uniqueKey, keys [][]any, skip map[string]bool) error {
	var filter bson.D
	if len(k.paths) == 1 {
		in := make(bson.A, len(keys))
		for i, vals := range keys {
			in[i] = sqltypes.ToBSON(vals[0])
		}
		filter = bson.D{{Key: k.paths[0], Value: bson.D{{Key: "$in", Value: in}}}}
	} else {
		or := make(bson.A, len(keys))
		for i, vals := range keys {
			m := bson.D{}
			for j, p := range k.paths {
				m = append(m, bson.E{Key: p, Value: sqltypes.ToBSON(vals[j])})
			}
			or[i] = m
		}
		filter = bson.D{{Key: "$or", Value: or}}
	}
	filter, err := e.serverDoc(ctx, filter)
	if err != nil {
		return err
	}
	proj := bson.D{{Key: "_id", Value: 1}}
	for _, p := range k.paths {
		if p != "_id" {
			proj = append(proj, bson.E{Key: p, Value: 1})
		}
	}
	cur, err := coll.Find(ctx, filter, options.Find().SetProjection(proj))
	if err != nil {
		return sqlerr.Wrap(err, "checking unique keys of %q", t.Name)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		if skip[planner.GroupKey([]any{sqltypes.FromRaw(cur.Current.Lookup("_id"))})] {
			continue
		}
		vals := make([]any, len(k.paths))
		for i, p := range k.paths {
			vals[i] = sqltypes.FromRaw(cur.Current.Lookup(strings.Split(p, ".")...))
		}
		return uniqueError(t, k.name, vals)
	}
	return sqlerr.Wrap(cur.Err(), "checking unique keys of %q", t.Name)
}

// uniqueError is MySQL 8's message: the key's parts joined by '-', the
// index named with its table.
func uniqueError(t *planner.Table, index string, vals []any) error {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = sqltypes.ToString(v)
	}
	return sqlerr.New(sqlerr.Duplicate, "Duplicate entry '%s' for key '%s.%s'", strings.Join(parts, "-"), t.Name, index)
}

// idKey is the key checkUnique's skip set holds for a document's _id.
func idKey(id any) string {
	return planner.GroupKey([]any{sqltypes.FromRawAny(id)})
}

// checkUniqueAsync runs checkUnique in the background after the key check
// ids (whose error, a duplicate primary key, is reported first).
func (e *Engine) checkUniqueAsync(ctx context.Context, coll *mongo.Collection, t *planner.Table, keys []uniqueKey, rows [][]any, ids <-chan error) chan error {
	return goOrNow(ctx, func() error {
		err := e.checkUnique(ctx, coll, t, keys, rows, nil, nil)
		if idErr := <-ids; idErr != nil {
			err = idErr
		}
		return err
	})
}

// undoInsert handles an INSERT the server refused part-way: a key taken
// between the check and the write (a concurrent writer). The documents
// written before the refused one are deleted again, so the statement
// changes nothing, and the error names the key as the check would have.
func (e *Engine) undoInsert(ctx context.Context, coll *mongo.Collection, t *planner.Table, rows [][]any, res *mongo.InsertManyResult, err error) error {
	var bw mongo.BulkWriteException
	if !errors.As(err, &bw) || len(bw.WriteErrors) == 0 || res == nil {
		return writeError(err, t.Name) // nothing known about what was written
	}
	failed := bw.WriteErrors[0].Index
	if failed > 0 && failed <= len(res.InsertedIDs) {
		written := bson.A(res.InsertedIDs[:failed])
		if _, derr := coll.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: written}}}}); derr != nil {
			return sqlerr.Wrap(derr, "%v; undoing the %d rows written before it failed too", writeError(err, t.Name), failed)
		}
	}
	if failed < len(rows) {
		return e.raceError(ctx, coll, t, rows[failed], nil, err)
	}
	return writeError(err, t.Name)
}

// raceError is the error of a write the server refused after the checks
// passed: for a duplicate, the key row takes, found as the checks would
// (skip as for checkUnique), else from the index the server names.
func (e *Engine) raceError(ctx context.Context, coll *mongo.Collection, t *planner.Table, row []any, skip map[string]bool, err error) error {
	if !isDuplicate(err) {
		return writeError(err, t.Name)
	}
	var named error
	if skip == nil {
		named = e.primaryTaken(ctx, coll, t, row)
	}
	if named == nil {
		named = asDuplicate(e.checkUnique(ctx, coll, t, uniqueKeys(t), [][]any{row}, nil, skip))
	}
	if named == nil {
		named = dupOfIndex(t, row, err)
	}
	if named == nil {
		return writeError(err, t.Name)
	}
	return &sqlerr.Error{Code: sqlerr.Duplicate, Msg: named.(*sqlerr.Error).Msg, Err: err}
}

// dupOfIndex names the duplicate from the index the server reports and the
// row's values, for a key that another statement took and gave back since
// (a racing INSERT undone too): "… index: NAME dup key …" (MongoDB),
// "Index 'NAME'" (DocumentDB).
func dupOfIndex(t *planner.Table, row []any, err error) error {
	msg := err.Error()
	var name string
	if _, rest, ok := strings.Cut(msg, "index: "); ok {
		name, _, _ = strings.Cut(rest, " ")
	} else if _, rest, ok := strings.Cut(msg, "Index '"); ok {
		name, _, _ = strings.Cut(rest, "'")
	}
	keys := uniqueKeys(t)
	if name == "" && len(keys) == 1 {
		// FerretDB names no index; with one unique key besides the
		// primary key (checked first), that is the one.
		name = keys[0].name
	}
	for _, k := range keys {
		if k.name == name {
			if vals, ok := k.tuple(row); ok {
				return uniqueError(t, k.name, vals)
			}
		}
	}
	return nil
}

// primaryTaken reports row's primary key taken by a stored document.
func (e *Engine) primaryTaken(ctx context.Context, coll *mongo.Collection, t *planner.Table, row []any) error {
	for i, c := range t.Columns {
		if t.Path(c.Name) == "_id" && row[i] != nil {
			return asDuplicate(e.checkNewIDs(ctx, coll, t, []any{sqltypes.ToBSON(row[i])}))
		}
	}
	return nil
}

// asDuplicate keeps err only when it is a duplicate-key error.
func asDuplicate(err error) error {
	var se *sqlerr.Error
	if errors.As(err, &se) && se.Code == sqlerr.Duplicate {
		return se
	}
	return nil
}

// isDuplicate reports a server's duplicate-key error. FerretDB v1 reports
// a unique index violated by an update as an InternalError from SQLite
// rather than code 11000.
func isDuplicate(err error) bool {
	return mongo.IsDuplicateKeyError(err) || strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// undoUpdate restores the documents an UPDATE changed before the server
// refused one, from their values read before the write: the batches before
// offset and, the writes being ordered, those before the first failure in
// the failing batch. The error names the key.
func (e *Engine) undoUpdate(ctx context.Context, coll *mongo.Collection, t *planner.Table, undo []mongo.WriteModel, rows [][]any, offset int, err error) error {
	var bw mongo.BulkWriteException
	if !errors.As(err, &bw) || len(bw.WriteErrors) == 0 {
		return writeError(err, t.Name)
	}
	failed := offset + bw.WriteErrors[0].Index
	for start := 0; start < failed; start += writeBatch {
		if _, uerr := coll.BulkWrite(ctx, undo[start:min(start+writeBatch, failed)]); uerr != nil {
			return sqlerr.Wrap(uerr, "%v; restoring the %d rows changed before it failed too", writeError(err, t.Name), failed)
		}
	}
	if failed < len(rows) {
		row := rows[failed]
		return e.raceError(ctx, coll, t, row, map[string]bool{idKey(sqltypes.ToBSON(row[len(row)-1])): true}, err)
	}
	return writeError(err, t.Name)
}
