package exec

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/planner"
)

// open builds the iterator tree for a plan node.
func (e *Engine) open(ctx context.Context, n planner.Node, env *planner.Env) (RowIter, error) {
	switch n := n.(type) {
	case *planner.Scan:
		if n.Virtual {
			return e.virtualRows(ctx, n, env)
		}
		cur, err := e.runScan(ctx, n, env)
		if err != nil {
			return nil, err
		}
		return newScanIter(cur, n), nil
	case *planner.Values:
		return &valuesIter{rows: n.Rows, env: env}, nil
	case *planner.Filter:
		in, err := e.open(ctx, n.Input, env)
		if err != nil {
			return nil, err
		}
		return &filterIter{in: in, cond: n.Cond, env: env}, nil
	case *planner.Project:
		in, err := e.open(ctx, n.Input, env)
		if err != nil {
			return nil, err
		}
		return &projectIter{in: in, exprs: n.Exprs, env: env}, nil
	case *planner.Sort:
		in, err := e.open(ctx, n.Input, env)
		if err != nil {
			return nil, err
		}
		return &sortIter{in: in, keys: n.Keys, env: env, budget: e.opts.MemoryLimit}, nil
	case *planner.Aggregate:
		in, err := e.open(ctx, n.Input, env)
		if err != nil {
			return nil, err
		}
		return &aggregateIter{in: in, node: n, env: env, budget: e.opts.MemoryLimit}, nil
	case *planner.Distinct:
		in, err := e.open(ctx, n.Input, env)
		if err != nil {
			return nil, err
		}
		return &distinctIter{in: in, seen: map[string]bool{}, budget: e.opts.MemoryLimit}, nil
	case *planner.Join:
		return e.openJoin(ctx, n, env)
	case *planner.SetOp:
		return e.openSetOp(ctx, n, env)
	case *planner.Limit:
		offset, err := limitArg(n.Offset, env, 0)
		if err != nil {
			return nil, err
		}
		count, err := limitArg(n.Count, env, -1)
		if err != nil {
			return nil, err
		}
		in, err := e.open(ctx, n.Input, env)
		if err != nil {
			return nil, err
		}
		if s, ok := in.(*sortIter); ok && count >= 0 && offset+count < 1<<20 {
			s.keep = int(offset + count)
		}
		return &limitIter{in: in, offset: offset, count: count}, nil
	}
	return nil, sqlerr.New(sqlerr.Internal, "cannot run plan node %T", n)
}

func limitArg(x planner.Expr, env *planner.Env, def int64) (int64, error) {
	if x == nil {
		return def, nil
	}
	v, err := planner.Eval(x, nil, env)
	if err != nil {
		return 0, err
	}
	n, ok := v.(int64)
	if !ok || n < 0 {
		return 0, sqlerr.New(sqlerr.Args, "LIMIT and OFFSET take a non-negative integer")
	}
	return n, nil
}

// runScan sends the MQL leaf: a find, or an aggregate of the pipeline.
func (e *Engine) runScan(ctx context.Context, s *planner.Scan, env *planner.Env) (*mongo.Cursor, error) {
	coll := e.db.Collection(s.Collection)
	if s.Find != nil {
		return e.runFind(ctx, coll, s.Find, env)
	}
	if len(s.Pipeline) == 0 {
		cur, err := coll.Find(ctx, bson.D{})
		return cur, sqlerr.Wrap(err, "find on %q", s.Collection)
	}
	pipeline, err := planner.BindPipeline(s.Pipeline, env)
	if err != nil {
		return nil, err
	}
	sent, err := e.toServer(ctx, pipeline)
	if err != nil {
		return nil, err
	}
	cur, err := coll.Aggregate(ctx, sent)
	return cur, pipelineError(err, "aggregate on %q", s.Collection)
}

func (e *Engine) runFind(ctx context.Context, coll *mongo.Collection, f *planner.Find, env *planner.Env) (*mongo.Cursor, error) {
	f, err := planner.BindFind(f, env)
	if err != nil {
		return nil, err
	}
	filter := bson.D{}
	if f.Filter != nil {
		if filter, err = e.serverDoc(ctx, f.Filter); err != nil {
			return nil, err
		}
	}
	opts := options.Find()
	if len(f.Sort) > 0 {
		opts.SetSort(f.Sort)
	}
	if n, ok := f.Skip.(int64); ok {
		opts.SetSkip(n)
	}
	if n, ok := f.Limit.(int64); ok {
		opts.SetLimit(n)
	}
	if len(f.Projection) > 0 {
		opts.SetProjection(f.Projection)
	}
	cur, err := coll.Find(ctx, filter, opts)
	return cur, pipelineError(err, "find on %q", coll.Name())
}
