package planner

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// TestGroupConcatKeepsItsPrefix: without ORDER BY, GROUP_CONCAT stops
// keeping values once their joined text passes groupConcatMaxLen, and its
// result is still the first 1,024 bytes (whole characters) of all of them
// joined, DISTINCT or not, whatever the lengths of values and separator.
func TestGroupConcatKeepsItsPrefix(t *testing.T) {
	text := sqltypes.Type{Kind: sqltypes.Text}
	for _, distinct := range []bool{false, true} {
		for _, sep := range []string{",", "", "; ", "ü"} {
			for _, width := range []int{1, 3, 7, 100, 1023, 1024, 1025, 3000} {
				call := &AggCall{Func: "group_concat", Distinct: distinct, Separator: sep, T: text,
					Args: []Expr{&ColRef{Index: 0, T: text}}}
				acc := call.NewAccumulator()
				var all []string
				seen := map[string]bool{}
				var held int64
				for i := range 2000 {
					if i == 1500 {
						held = acc.(Holder).Held()
					}
					// Repeats (for DISTINCT), and two-byte characters that
					// the cut must not split.
					v := fmt.Sprintf("%d%s", i%700, strings.Repeat("é", width/2))[:width]
					v = strings.ToValidUTF8(v, "")
					if err := acc.Add([]any{v}); err != nil {
						t.Fatal(err)
					}
					if !distinct || !seen[v] {
						seen[v] = true
						all = append(all, v)
					}
				}
				want := cutBytes(strings.Join(all, sep), groupConcatMaxLen)
				if got := acc.Result(); got != want {
					t.Errorf("distinct=%v sep=%q width %d: got %q, want %q", distinct, sep, width, got, want)
				}
				if h := acc.(Holder).Held(); h != held {
					t.Errorf("distinct=%v sep=%q width %d: held %d bytes after 1,500 values and %d after 2,000: it keeps what cannot change the result", distinct, sep, width, held, h)
				}
			}
		}
	}
}

// TestGroupConcatOfEmptyStrings: empty values joined by an empty
// separator add nothing after the first: they are not kept.
func TestGroupConcatOfEmptyStrings(t *testing.T) {
	text := sqltypes.Type{Kind: sqltypes.Text}
	call := &AggCall{Func: "group_concat", T: text, Args: []Expr{&ColRef{Index: 0, T: text}}}
	acc := call.NewAccumulator()
	if got := acc.Result(); got != nil {
		t.Errorf("no values: got %q, want NULL", got)
	}
	for range 10_000 {
		if err := acc.Add([]any{""}); err != nil {
			t.Fatal(err)
		}
	}
	if got, h := acc.Result(), acc.(Holder).Held(); got != "" || h > 100 {
		t.Errorf("10,000 empty values: got %q holding %d bytes, want \"\" holding one row", got, h)
	}
}
