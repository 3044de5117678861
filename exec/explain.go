package exec

import (
	"context"
	"io"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// explainRows returns EXPLAIN's result: one row per operator, from the
// top, with columns operator and detail, then a row naming the pushdown
// profile the plan was made for. The pipeline is relaxed JSON.
func explainRows(p planner.Plan, profile string, notes ...planner.ExplainLine) *Rows {
	lines := append(planner.Describe(p, false), notes...)
	rows := make([]sqltypes.Row, 0, len(lines)+1)
	for _, l := range lines {
		rows = append(rows, sqltypes.Row{l.Operator, l.Detail})
	}
	rows = append(rows, sqltypes.Row{"profile", profile})
	text := sqltypes.Type{Kind: sqltypes.Text}
	return &Rows{
		Columns: []sqltypes.Column{{Name: "operator", Type: text}, {Name: "detail", Type: text}},
		iter:    &sliceIter{rows: rows},
	}
}

type sliceIter struct {
	rows []sqltypes.Row
	i    int
}

func (it *sliceIter) Next(context.Context) (sqltypes.Row, error) {
	if it.i >= len(it.rows) {
		return nil, io.EOF
	}
	it.i++
	return it.rows[it.i-1], nil
}

func (it *sliceIter) Close(context.Context) error { return nil }
