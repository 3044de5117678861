package exec

import (
	"context"
	"io"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// RowIter streams rows; Next returns io.EOF after the last one.
type RowIter interface {
	Next(ctx context.Context) (sqltypes.Row, error)
	Close(ctx context.Context) error
}

// scanIter turns the documents of a server cursor into rows, batch by
// batch as the cursor fetches them.
type scanIter struct {
	cur   *mongo.Cursor
	paths [][]string
	types []sqltypes.Type
}

func newScanIter(cur *mongo.Cursor, s *planner.Scan) *scanIter {
	paths := make([][]string, len(s.Fields))
	for i, f := range s.Fields {
		paths[i] = strings.Split(f, ".")
	}
	return &scanIter{cur: cur, paths: paths, types: s.Types}
}

func (it *scanIter) Next(ctx context.Context) (sqltypes.Row, error) {
	// The cursor looks at ctx only when it fetches a batch, and an
	// in-process operator (an aggregate, a sort) may read a whole batch,
	// 16 MiB on MongoDB, in one of its own steps: checked at each row, a
	// cancelled statement stops at the next one.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !it.cur.Next(ctx) {
		if err := it.cur.Err(); err != nil {
			return nil, pipelineError(err, "reading results")
		}
		return nil, io.EOF
	}
	return decodeRow(it.cur.Current, it.paths, it.types), nil
}

func (it *scanIter) Close(ctx context.Context) error { return it.cur.Close(ctx) }

// decodeRow reads the fields of one document; a missing field is NULL.
func decodeRow(doc bson.Raw, paths [][]string, types []sqltypes.Type) sqltypes.Row {
	row := make(sqltypes.Row, len(paths))
	for i, p := range paths {
		v, err := doc.LookupErr(p...)
		if err != nil {
			continue
		}
		row[i] = readValue(v, types[i])
	}
	return row
}

// readValue converts a stored value to the column's SQL type where the
// storage form differs (a DATE column holds a BSON date).
func readValue(v bson.RawValue, t sqltypes.Type) any {
	x := sqltypes.FromRaw(v)
	if t.Kind == sqltypes.Decimal && t.Scale > 0 && x != nil {
		// Servers without decimal128 hold doubles; show DECIMAL(p,s) with
		// its s digits either way, as MySQL does.
		if d, err := sqltypes.Convert(x, t); err == nil {
			return d
		}
	}
	if t.Kind == sqltypes.Bool {
		if b, ok := x.(bool); ok {
			if b {
				return int64(1)
			}
			return int64(0)
		}
	}
	return x
}

// valuesIter yields literal rows.
type valuesIter struct {
	rows [][]planner.Expr
	env  *planner.Env
	i    int
}

func (it *valuesIter) Next(context.Context) (sqltypes.Row, error) {
	if it.i >= len(it.rows) {
		return nil, io.EOF
	}
	exprs := it.rows[it.i]
	it.i++
	row := make(sqltypes.Row, len(exprs))
	for j, e := range exprs {
		v, err := planner.Eval(e, nil, it.env)
		if err != nil {
			return nil, err
		}
		row[j] = v
	}
	return row, nil
}

func (it *valuesIter) Close(context.Context) error { return nil }

// filterIter keeps rows whose condition is TRUE.
type filterIter struct {
	in   RowIter
	cond planner.Expr
	env  *planner.Env
}

func (it *filterIter) Next(ctx context.Context) (sqltypes.Row, error) {
	for {
		row, err := it.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		v, err := planner.Eval(it.cond, row, it.env)
		if err != nil {
			return nil, err
		}
		if planner.Truth(v) == planner.True {
			return row, nil
		}
	}
}

func (it *filterIter) Close(ctx context.Context) error { return it.in.Close(ctx) }

// projectIter computes the output expressions.
type projectIter struct {
	in    RowIter
	exprs []planner.Expr
	env   *planner.Env
}

func (it *projectIter) Next(ctx context.Context) (sqltypes.Row, error) {
	row, err := it.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	out := make(sqltypes.Row, len(it.exprs))
	for i, e := range it.exprs {
		if out[i], err = planner.Eval(e, row, it.env); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (it *projectIter) Close(ctx context.Context) error { return it.in.Close(ctx) }

// limitIter skips offset rows and stops after count.
type limitIter struct {
	in            RowIter
	offset, count int64 // count < 0: no limit
}

func (it *limitIter) Next(ctx context.Context) (sqltypes.Row, error) {
	for it.offset > 0 {
		if _, err := it.in.Next(ctx); err != nil {
			return nil, err
		}
		it.offset--
	}
	if it.count == 0 {
		return nil, io.EOF
	}
	row, err := it.in.Next(ctx)
	if err == nil && it.count > 0 {
		it.count--
	}
	return row, err
}

func (it *limitIter) Close(ctx context.Context) error { return it.in.Close(ctx) }
