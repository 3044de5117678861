package exec

import (
	"context"
	"io"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// aggregateIter is an in-process hash aggregate. It reads its input once,
// keeps one accumulator set per group within the memory budget, then
// yields groups in first-seen order.
type aggregateIter struct {
	in     RowIter
	node   *planner.Aggregate
	env    *planner.Env
	budget int64

	rows sliceIter // the groups, once loaded
	done bool
}

type group struct {
	keys []any
	accs []planner.Accumulator
}

func (it *aggregateIter) newGroup(keys []any) *group {
	g := &group{keys: keys, accs: make([]planner.Accumulator, len(it.node.Aggs))}
	for i, a := range it.node.Aggs {
		g.accs[i] = a.NewAccumulator()
	}
	return g
}

func (it *aggregateIter) load(ctx context.Context) error {
	groups := map[string]*group{}
	var order []*group
	var used int64
	var args []any
	for {
		row, err := it.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		keys := make([]any, len(it.node.GroupBy))
		for i, k := range it.node.GroupBy {
			if keys[i], err = planner.Eval(k, row, it.env); err != nil {
				return err
			}
		}
		gk := planner.GroupKey(keys)
		g := groups[gk]
		if g == nil {
			g = it.newGroup(keys)
			groups[gk] = g
			order = append(order, g)
			// The keys, the map's copy of them as text and its entry, a
			// fixed cost per accumulator (Holders add what they keep).
			used += planner.RowSize(keys) + int64(len(gk)+48) + int64(64*len(g.accs))
			if used > it.budget {
				return sqlerr.New(sqlerr.Memory, "GROUP BY needs more than sqlmongo.memoryLimit=%d bytes in-process", it.budget)
			}
		}
		for i, a := range it.node.Aggs {
			args = args[:0]
			for _, x := range a.Args {
				v, err := planner.Eval(x, row, it.env)
				if err != nil {
					return err
				}
				args = append(args, v)
			}
			for _, k := range a.OrderBy {
				v, err := planner.Eval(k.Expr, row, it.env)
				if err != nil {
					return err
				}
				args = append(args, v)
			}
			// Accumulators that keep values (DISTINCT sets, GROUP_CONCAT's
			// list, a MIN or MAX) say how much: args is reused for the
			// next row, so they copy what they keep.
			h, holds := g.accs[i].(planner.Holder)
			var before int64
			if holds {
				before = h.Held()
			}
			if err := g.accs[i].Add(args); err != nil {
				return err
			}
			if holds {
				if used += h.Held() - before; used > it.budget {
					return sqlerr.New(sqlerr.Memory, "%s needs more than sqlmongo.memoryLimit=%d bytes in-process", aggLabel(a), it.budget)
				}
			}
		}
	}
	if len(order) == 0 && len(it.node.GroupBy) == 0 {
		// An aggregate without GROUP BY over no rows still yields a row.
		order = append(order, it.newGroup(nil))
	}
	out := make([]sqltypes.Row, len(order))
	for i, g := range order {
		row := make(sqltypes.Row, 0, len(g.keys)+len(g.accs))
		row = append(row, g.keys...)
		for _, a := range g.accs {
			row = append(row, a.Result())
		}
		out[i] = row
	}
	it.rows = sliceIter{rows: out}
	return nil
}

// aggLabel names an aggregate call for an error: COUNT(DISTINCT …),
// GROUP_CONCAT(…).
func aggLabel(a *planner.AggCall) string {
	if a.Distinct {
		return strings.ToUpper(a.Func) + "(DISTINCT …)"
	}
	return strings.ToUpper(a.Func) + "(…)"
}

func (it *aggregateIter) Next(ctx context.Context) (sqltypes.Row, error) {
	if !it.done {
		it.done = true
		if err := it.load(ctx); err != nil {
			return nil, err
		}
	}
	return it.rows.Next(ctx)
}

func (it *aggregateIter) Close(ctx context.Context) error { return it.in.Close(ctx) }

// distinctIter passes the first row of each distinct value list; it
// streams, remembering only the keys it has seen.
type distinctIter struct {
	in     RowIter
	seen   map[string]bool
	used   int64
	budget int64
}

func (it *distinctIter) Next(ctx context.Context) (sqltypes.Row, error) {
	for {
		row, err := it.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		k := planner.GroupKey(row)
		if it.seen[k] {
			continue
		}
		it.seen[k] = true
		it.used += int64(len(k)) + 48
		if it.used > it.budget {
			return nil, sqlerr.New(sqlerr.Memory, "DISTINCT needs more than sqlmongo.memoryLimit=%d bytes in-process", it.budget)
		}
		return row, nil
	}
}

func (it *distinctIter) Close(ctx context.Context) error { return it.in.Close(ctx) }
