package exec

import (
	"context"
	"io"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/planner"
)

// subqueries runs one execution's subqueries (planner.SubqueryRunner):
// an uncorrelated one once, a correlated one once per distinct tuple of
// the outer values it reads. What a run found is kept for the execution:
// EXISTS and scalar values, IN's value list.
type subqueries struct {
	ctx  context.Context
	e    *Engine
	env  *planner.Env
	done map[*planner.Subquery]map[string]any
	// held counts the bytes of what done keeps. Past the memory limit the
	// results kept so far are dropped (a correlated subquery then runs
	// again for a tuple it saw); one IN list over it is an error.
	held int64
}

func (r *subqueries) Run(s *planner.Subquery, x any, outer []any) (any, error) {
	key := planner.GroupKey(outer)
	v, ok := r.done[s][key]
	if !ok {
		var err error
		var size int64
		if v, size, err = r.run(s, outer); err != nil {
			return nil, err
		}
		size += int64(len(key))
		if r.held += size; r.held > r.e.opts.MemoryLimit {
			r.done, r.held = nil, size
		}
		if r.done == nil {
			r.done = map[*planner.Subquery]map[string]any{}
		}
		if r.done[s] == nil {
			r.done[s] = map[string]any{}
		}
		r.done[s][key] = v
	}
	if s.X != nil {
		values := v.([]any)
		if s.Single && len(values) == 0 {
			return nil, nil // compared with no row: NULL
		}
		return planner.QuantResult(x, s.Quant, values), nil
	}
	return v, nil
}

// run runs s for one tuple of outer values; size is what its result
// holds in memory.
func (r *subqueries) run(s *planner.Subquery, outer []any) (v any, size int64, err error) {
	env := r.env
	if len(outer) > 0 {
		inner := *r.env
		inner.Outer = outer
		env = &inner
	}
	it, err := r.e.open(r.ctx, s.Root(), env)
	if err != nil {
		return nil, 0, err
	}
	defer it.Close(r.ctx)
	if s.X != nil {
		values := []any{}
		for {
			row, err := it.Next(r.ctx)
			if err == io.EOF {
				return values, size, nil
			}
			if err != nil {
				return nil, 0, err
			}
			if _, multi := s.X.(*planner.Row); multi {
				values = append(values, append([]any(nil), row...))
			} else {
				values = append(values, row[0])
			}
			if s.Single && len(values) > 1 {
				return nil, 0, sqlerr.Numbered(sqlerr.DataType, sqlerr.ErrSubqueryRows, "Subquery returns more than 1 row")
			}
			if size += planner.RowSize(row); size > r.e.opts.MemoryLimit {
				return nil, 0, sqlerr.New(sqlerr.Memory, "IN (SELECT …) needs more than sqlmongo.memoryLimit=%d bytes in-process", r.e.opts.MemoryLimit)
			}
		}
	}
	first, err := it.Next(r.ctx)
	switch {
	case err == io.EOF:
		if s.Exists {
			return int64(0), 8, nil
		}
		return nil, 8, nil
	case err != nil:
		return nil, 0, err
	case s.Exists:
		return int64(1), 8, nil
	}
	if _, err := it.Next(r.ctx); err != io.EOF {
		if err != nil {
			return nil, 0, err
		}
		return nil, 0, sqlerr.Numbered(sqlerr.DataType, sqlerr.ErrSubqueryRows, "Subquery returns more than 1 row")
	}
	return first[0], planner.ValueSize(first[0]), nil
}
