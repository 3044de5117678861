package exec

import (
	"context"
	"fmt"
	"io"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// explainRows describes a query plan, one row per operator from the top:
// (operator, detail). A Scan's detail is its collection and pipeline as
// relaxed Extended JSON, parameters shown as {"$param": N}.
func explainRows(q *planner.Query) *Rows {
	var rows []sqltypes.Row
	var walk func(n planner.Node, depth int)
	walk = func(n planner.Node, depth int) {
		op, detail, input := describe(n)
		rows = append(rows, sqltypes.Row{strings.Repeat("  ", depth) + op, detail})
		if input != nil {
			walk(input, depth+1)
		}
	}
	walk(q.Root, 0)
	text := sqltypes.Type{Kind: sqltypes.Text}
	return &Rows{
		Columns: []sqltypes.Column{{Name: "operator", Type: text}, {Name: "detail", Type: text}},
		iter:    &sliceIter{rows: rows},
	}
}

func describe(n planner.Node) (op, detail string, input planner.Node) {
	switch n := n.(type) {
	case *planner.Scan:
		if len(n.Pipeline) == 0 {
			return "mongo find", n.Collection + " {}", nil
		}
		b, err := bson.MarshalExtJSON(bson.D{{Key: "pipeline", Value: n.Pipeline}}, false, false)
		if err != nil {
			return "mongo aggregate", n.Collection, nil
		}
		return "mongo aggregate", n.Collection + " " + string(b), nil
	case *planner.Values:
		return "values", fmt.Sprintf("%d rows", len(n.Rows)), nil
	case *planner.Filter:
		return "filter (in-process)", "", n.Input
	case *planner.Project:
		return "project (in-process)", fmt.Sprintf("%d columns", len(n.Exprs)), n.Input
	case *planner.Sort:
		return "sort (in-process)", fmt.Sprintf("%d keys", len(n.Keys)), n.Input
	case *planner.Limit:
		return "limit (in-process)", "", n.Input
	}
	return fmt.Sprintf("%T", n), "", nil
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
