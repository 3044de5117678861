package exec

import (
	"context"
	"io"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/planner"
)

// subqueries runs one execution's uncorrelated subqueries, each at most
// once (planner.SubqueryRunner): they read no outer row.
type subqueries struct {
	ctx  context.Context
	e    *Engine
	env  *planner.Env
	done map[*planner.Subquery]any
}

func (r *subqueries) Run(s *planner.Subquery) (any, error) {
	if v, ok := r.done[s]; ok {
		return v, nil
	}
	it, err := r.e.open(r.ctx, s.Root(), r.env)
	if err != nil {
		return nil, err
	}
	defer it.Close(r.ctx)
	first, err := it.Next(r.ctx)
	var v any
	switch {
	case err == io.EOF:
		if s.Exists {
			v = int64(0)
		}
	case err != nil:
		return nil, err
	case s.Exists:
		v = int64(1)
	default:
		if _, err := it.Next(r.ctx); err != io.EOF {
			if err != nil {
				return nil, err
			}
			return nil, sqlerr.Numbered(sqlerr.DataType, sqlerr.ErrSubqueryRows, "Subquery returns more than 1 row")
		}
		v = first[0]
	}
	if r.done == nil {
		r.done = map[*planner.Subquery]any{}
	}
	r.done[s] = v
	return v, nil
}
