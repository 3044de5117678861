package exec

import (
	"context"
	"io"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// setIter runs a set operation in-process. UNION [ALL] streams the left
// input then the right one (UNION passing the first row of each value
// list). INTERSECT and EXCEPT first read the right input into counts per
// value list, then stream the left one against them. What is kept (the
// keys, as planner.GroupKey text, and their map entries) counts against
// the memory budget as DISTINCT's does.
type setIter struct {
	e    *Engine
	node *planner.SetOp
	env  *planner.Env

	budget int64
	used   int64

	in      RowIter // the input being read
	right   bool    // in reads the right input (UNION)
	started bool
	// seen holds the keys already passed (the distinct forms); counts the
	// right input's keys with their number of rows (INTERSECT, EXCEPT).
	seen   map[string]bool
	counts map[string]int
}

func (e *Engine) openSetOp(ctx context.Context, n *planner.SetOp, env *planner.Env) (RowIter, error) {
	in, err := e.open(ctx, n.Left, env)
	if err != nil {
		return nil, err
	}
	it := &setIter{e: e, node: n, env: env, budget: e.opts.MemoryLimit, in: in}
	if !n.All {
		it.seen = map[string]bool{}
	}
	return it, nil
}

// convert puts a row of one input into the result's column types.
func convert(row sqltypes.Row, from, to []sqltypes.Type) sqltypes.Row {
	for i, v := range row {
		if i < len(from) && from[i] != to[i] {
			row[i] = planner.AsSetType(v, from[i], to[i])
		}
	}
	return row
}

// remember adds a key to the memory count.
func (it *setIter) remember(k string) error {
	it.used += int64(len(k)) + 48
	if it.used > it.budget {
		return sqlerr.New(sqlerr.Memory, "%s needs more than sqlmongo.memoryLimit=%d bytes in-process", it.node.Label(), it.budget)
	}
	return nil
}

// loadRight counts the right input's rows per value list.
func (it *setIter) loadRight(ctx context.Context) error {
	in, err := it.e.open(ctx, it.node.Right, it.env)
	if err != nil {
		return err
	}
	defer in.Close(ctx)
	it.counts = map[string]int{}
	for {
		row, err := in.Next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		k := planner.GroupKey(convert(row, it.node.RightTypes, it.node.Types))
		if _, ok := it.counts[k]; !ok {
			if err := it.remember(k); err != nil {
				return err
			}
		}
		it.counts[k]++
	}
}

func (it *setIter) Next(ctx context.Context) (sqltypes.Row, error) {
	n := it.node
	if !it.started {
		it.started = true
		if n.Op != sqlparse.Union {
			if err := it.loadRight(ctx); err != nil {
				return nil, err
			}
		}
	}
	for {
		row, err := it.in.Next(ctx)
		if err == io.EOF && n.Op == sqlparse.Union && !it.right {
			if err := it.in.Close(ctx); err != nil {
				return nil, err
			}
			it.in, it.right = nil, true
			if it.in, err = it.e.open(ctx, n.Right, it.env); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if it.right {
			row = convert(row, n.RightTypes, n.Types)
		} else {
			row = convert(row, n.LeftTypes, n.Types)
		}
		if n.Op == sqlparse.Union && n.All {
			return row, nil
		}
		k := planner.GroupKey(row)
		switch {
		case n.All && n.Op == sqlparse.Intersect:
			if it.counts[k] > 0 {
				it.counts[k]--
				return row, nil
			}
		case n.All: // EXCEPT ALL
			if it.counts[k] > 0 {
				it.counts[k]--
				continue
			}
			return row, nil
		default:
			if it.seen[k] || n.Op == sqlparse.Intersect && it.counts[k] == 0 || n.Op == sqlparse.Except && it.counts[k] > 0 {
				continue
			}
			it.seen[k] = true
			if err := it.remember(k); err != nil {
				return nil, err
			}
			return row, nil
		}
	}
}

func (it *setIter) Close(ctx context.Context) error {
	if it.in == nil {
		return nil
	}
	return it.in.Close(ctx)
}
