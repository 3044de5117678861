package exec

import (
	"context"
	"io"
	"slices"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// sortIter reads its whole input, within a memory budget, then yields it
// ordered by the keys with MySQL's NULL placement (first ascending, last
// descending).
type sortIter struct {
	in     RowIter
	keys   []planner.SortKey
	env    *planner.Env
	budget int64
	// keep, when positive, is how many rows a LIMIT above needs: the sort
	// then holds only about 2×keep rows (top-N), whatever the input size.
	keep int

	rows []keyedRow
	i    int
	done bool
}

type keyedRow struct {
	keys []any
	row  sqltypes.Row
}

func (it *sortIter) load(ctx context.Context) error {
	var used int64
	for {
		row, err := it.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		kr := keyedRow{keys: make([]any, len(it.keys)), row: row}
		for i, k := range it.keys {
			if kr.keys[i], err = planner.Eval(k.Expr, row, it.env); err != nil {
				return err
			}
		}
		used += planner.RowSize(row) + planner.RowSize(kr.keys)
		if used > it.budget {
			return sqlerr.New(sqlerr.Memory, "in-process sort needs more than sqlmongo.memoryLimit=%d bytes; add a LIMIT, or raise the limit", it.budget)
		}
		it.rows = append(it.rows, kr)
		if it.keep > 0 && len(it.rows) >= 2*it.keep+64 {
			it.order()
			for _, r := range it.rows[it.keep:] {
				used -= planner.RowSize(r.row) + planner.RowSize(r.keys)
			}
			it.rows = it.rows[:it.keep:it.keep]
		}
	}
	it.order()
	return nil
}

func (it *sortIter) order() {
	slices.SortStableFunc(it.rows, func(a, b keyedRow) int {
		for i, k := range it.keys {
			c := planner.CompareForSort(a.keys[i], b.keys[i])
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func (it *sortIter) Next(ctx context.Context) (sqltypes.Row, error) {
	if !it.done {
		it.done = true
		if err := it.load(ctx); err != nil {
			return nil, err
		}
	}
	if it.i >= len(it.rows) {
		return nil, io.EOF
	}
	r := it.rows[it.i].row
	it.rows[it.i] = keyedRow{}
	it.i++
	return r, nil
}

func (it *sortIter) Close(ctx context.Context) error { return it.in.Close(ctx) }
