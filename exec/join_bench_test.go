package exec

import (
	"context"
	"io"
	"testing"

	"github.com/sqlmongo/sqlmongo/planner"
)

// BenchmarkHashJoin: an inner equi-join of 10,000 left rows with 1,000
// right rows (each left row matches one), both from Values nodes.
// rows/s counts the input rows read (left + right) per second; out-rows/s
// the joined rows produced.
func BenchmarkHashJoin(b *testing.B) {
	const nl, nr = 10_000, 1_000
	left := make([][]any, nl)
	for i := range left {
		left[i] = []any{int64(i), int64(i % nr), "left"}
	}
	right := make([][]any, nr)
	for i := range right {
		right[i] = []any{int64(i), "right"}
	}
	j := &planner.Join{Kind: planner.InnerJoin, Left: valuesNode(left...), Right: valuesNode(right...),
		LeftKeys: []planner.Expr{col(1)}, RightKeys: []planner.Expr{col(0)}, RightWidth: 2}
	e := joinEngine(1 << 30)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	out := 0
	for i := 0; i < b.N; i++ {
		it, err := e.open(ctx, j, &planner.Env{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := it.Next(ctx); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			out++
		}
		it.Close(ctx)
	}
	if out != b.N*nl {
		b.Fatalf("%d rows, want %d", out, b.N*nl)
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N*(nl+nr))/secs, "rows/s")
	b.ReportMetric(float64(out)/secs, "out-rows/s")
}
