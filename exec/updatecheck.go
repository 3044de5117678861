package exec

import (
	"context"
	"errors"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// incUpdate runs an UPDATE in its $inc form (planner.IncUpdate): atomic
// per row on every server, so concurrent increments are not lost. ok is
// false, with nothing done, when a parameter's value is not one the $inc
// adds exactly: the caller runs the plan's other path.
func (e *Engine) incUpdate(ctx context.Context, p *planner.Update, env *planner.Env) (res Result, ok bool, err error) {
	inc := p.Inc
	doc := make(bson.D, len(inc.Paths))
	for i, path := range inc.Paths {
		v, err := planner.Eval(inc.Values[i], nil, env)
		if err != nil || !planner.IncValueOK(v, inc.Kinds[i]) {
			return Result{}, false, nil
		}
		if inc.Kinds[i] == sqltypes.Double {
			v, _ = sqltypes.ToFloat(v) // a DOUBLE stays a double
		}
		doc[i] = bson.E{Key: path, Value: v}
	}
	update := bson.D{{Key: "$inc", Value: doc}}
	coll := e.db.Collection(p.Table.Name)
	inRange, outside := incRange(inc, doc)
	if inc.Filter != nil {
		filter, err := e.boundFilter(ctx, inc.Filter, env)
		if err != nil {
			return Result{}, true, err
		}
		if outside != nil {
			// A row the $inc would take out of its column's range: the
			// in-process path stores each row as MySQL does.
			n, err := coll.CountDocuments(ctx, bson.D{{Key: "$and", Value: bson.A{filter, outside}}}, options.Count().SetLimit(1))
			if err != nil || n > 0 {
				return Result{}, err != nil, sqlerr.Wrap(err, "checking %q", p.Table.Name)
			}
			filter = bson.D{{Key: "$and", Value: bson.A{filter, inRange}}}
		}
		r, err := e.updateFiltered(ctx, coll, filter, update)
		if err != nil {
			return Result{}, true, updateError(err, p.Table.Name, p.Set)
		}
		return Result{RowsAffected: r.ModifiedCount}, true, nil
	}
	// The WHERE (or ORDER BY … LIMIT) runs in-process: the rows found get
	// their $inc by _id, still computed by the server from the row as it
	// is then. NULL + c stays NULL: such rows are left alone.
	var ids bson.A
	err = e.eachSourceRow(ctx, p.Source, env, func(row sqltypes.Row) error {
		ids = append(ids, sqltypes.ToBSON(row[len(row)-1]))
		return nil
	})
	if err != nil {
		return Result{}, true, err
	}
	if outside != nil {
		for start := 0; start < len(ids); start += writeBatch {
			in := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids[start:min(start+writeBatch, len(ids))]}}}}
			n, err := coll.CountDocuments(ctx, bson.D{{Key: "$and", Value: bson.A{in, outside}}}, options.Count().SetLimit(1))
			if err != nil || n > 0 {
				return Result{}, err != nil, sqlerr.Wrap(err, "checking %q", p.Table.Name)
			}
		}
	}
	for start := 0; start < len(ids); start += writeBatch {
		filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids[start:min(start+writeBatch, len(ids))]}}}}
		for _, path := range inc.Paths {
			filter = append(filter, bson.E{Key: path, Value: bson.D{{Key: "$ne", Value: nil}}})
		}
		if inRange != nil {
			filter = bson.D{{Key: "$and", Value: bson.A{filter, inRange}}}
		}
		r, err := coll.UpdateMany(ctx, filter, update)
		if r != nil {
			res.RowsAffected += r.ModifiedCount
		}
		if err != nil {
			return res, true, updateError(err, p.Table.Name, p.Set)
		}
	}
	return res, true, nil
}

// incRange is, for the bounded columns of a $inc, the filter of rows the
// increment keeps within range and that of rows it would take out (nil,
// nil when no column is bounded).
func incRange(inc *planner.IncUpdate, doc bson.D) (inRange, outside bson.D) {
	var in, out bson.A
	for i, b := range inc.Bounds {
		if b == nil {
			continue
		}
		c := doc[i].Value.(int64)
		path := doc[i].Key
		if c >= 0 {
			in = append(in, bson.D{{Key: path, Value: bson.D{{Key: "$lte", Value: b[1] - c}}}})
			out = append(out, bson.D{{Key: path, Value: bson.D{{Key: "$gt", Value: b[1] - c}}}})
		} else {
			in = append(in, bson.D{{Key: path, Value: bson.D{{Key: "$gte", Value: b[0] - c}}}})
			out = append(out, bson.D{{Key: path, Value: bson.D{{Key: "$lt", Value: b[0] - c}}}})
		}
	}
	if in == nil {
		return nil, nil
	}
	return bson.D{{Key: "$and", Value: in}}, bson.D{{Key: "$or", Value: out}}
}

// checkNotNull runs before a pipeline update whose NOT NULL columns may
// come out NULL (planner.Update.CheckNull): the same pipeline as a read,
// over the same rows, failing at the first row that would store NULL
// (the pipeline's own guard raises it; the $match after the stages is
// there for a pipeline without one).
// A failure, or an error the pipeline raises (an overflow), writes
// nothing. A concurrent write between this read and the update that
// makes a value NULL is still caught by the pipeline's own guard, but
// updateMany is not atomic across documents: on MongoDB and FerretDB v1
// rows updated before that one keep their new values (DocumentDB
// applies an updateMany whole or not at all).
func (e *Engine) checkNotNull(ctx context.Context, coll *mongo.Collection, p *planner.Update, filter bson.D, pipeline any) error {
	stages := bson.A{bson.D{{Key: "$match", Value: filter}}}
	if ps, ok := pipeline.([]bson.D); ok {
		for _, s := range ps {
			stages = append(stages, s)
		}
	} else {
		for _, s := range pipeline.(bson.A) {
			stages = append(stages, s)
		}
	}
	var anyNull bson.A
	for _, path := range p.CheckNull {
		anyNull = append(anyNull, bson.D{{Key: path, Value: nil}})
	}
	stages = append(stages, bson.D{{Key: "$match", Value: bson.D{{Key: "$or", Value: anyNull}}}},
		bson.D{{Key: "$limit", Value: 1}})
	cur, err := coll.Aggregate(ctx, stages)
	if err != nil {
		return updateError(err, p.Table.Name, p.Set)
	}
	defer cur.Close(ctx)
	if !cur.Next(ctx) {
		return updateError(cur.Err(), p.Table.Name, p.Set)
	}
	for _, a := range p.Set {
		if v, err := cur.Current.LookupErr(strings.Split(a.Path, ".")...); err != nil || v.Type == bson.TypeNull {
			if a.Column.NotNull {
				return sqlerr.New(sqlerr.Constraint, "column %q cannot be null", a.Column.Name)
			}
		}
	}
	return sqlerr.New(sqlerr.Constraint, "a NOT NULL column cannot be null")
}

// updateError maps the errors of a server-side UPDATE: a NOT NULL guard
// that fired, an overflow (of $inc, or of a pipeline's $toLong), else as
// writeError.
func updateError(err error, table string, set []planner.Assignment) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for _, a := range set {
		if a.Column.NotNull && strings.Contains(msg, planner.NotNullMarker+a.Column.Name+"|") {
			e := sqlerr.New(sqlerr.Constraint, "column %q cannot be null", a.Column.Name)
			e.Err = err
			return e
		}
	}
	var ce mongo.CommandError
	if errors.As(err, &ce) {
		return pipelineError(err, "updating %q", table)
	}
	switch {
	case strings.Contains(msg, planner.DoubleOutOfRange):
		return &sqlerr.Error{Code: sqlerr.DataType, Msg: planner.DoubleOutOfRange, Err: err}
	case strings.Contains(msg, "Failed to apply $inc") || strings.Contains(msg, "would overflow"):
		return &sqlerr.Error{Code: sqlerr.DataType, Msg: "BIGINT value is out of range", Err: err}
	}
	return writeError(err, table)
}

// updateNotes is what EXPLAIN adds for the server: on FerretDB v1 no
// UPDATE is atomic, not even a $inc: it applies every update by reading
// the document and writing it back (32 goroutines × 50 increments of one
// row through two connectors kept about 50).
func (e *Engine) updateNotes(ctx context.Context, p planner.Plan) ([]planner.ExplainLine, error) {
	if _, ok := p.(*planner.Update); !ok {
		return nil, nil
	}
	info, err := e.srv.get(ctx, e.client)
	if err != nil || info.atomicUpdate {
		return nil, err
	}
	return []planner.ExplainLine{{Operator: "  not atomic on " + info.String(),
		Detail: "it applies an update by reading the whole document and writing it back: UPDATEs through one connector run one at a time per table, " +
			"but an update another client makes to the same row at the same time may be lost"}}, nil
}

// updateLocks holds, per table, the lock UPDATEs of one engine take when
// they are not one atomic write on the server (lockUpdate).
type updateLocks struct {
	mu     sync.Mutex
	tables map[string]chan struct{}
}

// lockUpdate makes an UPDATE that is not one atomic write on the server
// wait for the others of this engine on the table: every UPDATE on a
// server whose updates read and rewrite the document (FerretDB v1), and
// one whose values are computed in-process elsewhere. Concurrent UPDATEs
// through one connector then lose nothing; another client's still may
// (EXPLAIN says so). The returned function releases the lock.
func (e *Engine) lockUpdate(ctx context.Context, p *planner.Update) (func(), error) {
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return nil, err
	}
	if info.atomicUpdate && (p.Pipeline != nil || p.Inc != nil || !planner.RowDependent(p)) {
		return func() {}, nil
	}
	l := &e.updates
	l.mu.Lock()
	if l.tables == nil {
		l.tables = map[string]chan struct{}{}
	}
	ch := l.tables[p.Table.Name]
	if ch == nil {
		ch = make(chan struct{}, 1)
		l.tables[p.Table.Name] = ch
	}
	l.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, sqlerr.Wrap(ctx.Err(), "waiting for another UPDATE of %q", p.Table.Name)
	}
}

// updateFiltered sends an update with a pushed filter: as updateOne when
// the filter names one primary key (DocumentDB runs an updateMany of one
// _id about half again as slowly), else as updateMany.
func (e *Engine) updateFiltered(ctx context.Context, coll *mongo.Collection, filter bson.D, update any) (*mongo.UpdateResult, error) {
	if oneKey(filter) {
		return coll.UpdateOne(ctx, filter, update)
	}
	return coll.UpdateMany(ctx, filter, update)
}

// oneKey reports a filter that matches at most one document: _id equal to
// a scalar, alone or in a conjunction.
func oneKey(filter bson.D) bool {
	for _, el := range filter {
		switch el.Key {
		case "_id":
			if cond, ok := el.Value.(bson.D); ok && len(cond) == 1 && cond[0].Key == "$eq" {
				switch cond[0].Value.(type) {
				case bson.D, bson.A, bson.M, bson.Regex, nil:
					return false
				}
				return true
			}
		case "$and":
			if terms, ok := el.Value.(bson.A); ok {
				for _, term := range terms {
					if d, ok := term.(bson.D); ok && oneKey(d) {
						return true
					}
				}
			}
		}
	}
	return false
}
