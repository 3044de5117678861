package sqlparse

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestParseStops: the passes over the text call stop every few thousand
// tokens and give up with its error, so a parse told to stop does not run
// to its end.
func TestParseStops(t *testing.T) {
	sql := "SELECT id FROM t WHERE " + strings.Repeat("n = 1 OR ", 30_000) + "n = 2"
	calls := 0
	count := func() error { calls++; return nil }
	if _, err := parse(sql, count); err != nil {
		t.Fatal(err)
	}
	// 120,000 tokens lexed, 90,000 nodes walked by the depth check.
	if calls < 210_000/stopEvery {
		t.Errorf("stop called %d times over %d bytes, want one call per %d tokens or nodes", calls, len(sql), stopEvery)
	}
	stop := errors.New("stop")
	for _, after := range []int{1, calls / 2, calls - 1} {
		n := 0
		_, err := parse(sql, func() error {
			if n++; n >= after {
				return stop
			}
			return nil
		})
		if err != stop || n != after {
			t.Errorf("stop failing at call %d: got %v after %d calls", after, err, n)
		}
	}
}

// TestParseContext: an ended context ends the parse with its error; a
// live one changes nothing.
func TestParseContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ParseContext(ctx, "SELECT 1"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: got %v", err)
	}
	for _, sql := range append(fuzzSeeds, "SELECT "+strings.Repeat("1 + ", 5_000)+"1") {
		want, wantErr := Parse(sql)
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		got, err := ParseContext(ctx, sql)
		cancel()
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(err, wantErr) {
			t.Errorf("%.40q: ParseContext gave %v, %v; Parse %v, %v", sql, got, err, want, wantErr)
		}
	}
	// The deadline ends a long parse.
	sql := "SELECT id FROM t WHERE n IN (" + strings.Repeat("1, ", 1<<20) + "2)"
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if _, err := ParseContext(ctx, sql); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%d bytes under a 1 ms deadline: got %v", len(sql), err)
	}
}
