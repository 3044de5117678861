package planner

import (
	"slices"
	"testing"
)

// TestAggregateRegistry: SQL reaches every aggregate and alias by name and
// never the internal count_rows; each entry is complete, and an AggCall's
// Func (never an alias) finds its definition.
func TestAggregateRegistry(t *testing.T) {
	want := []string{"any_value", "avg", "bit_and", "bit_or", "bit_xor", "count", "group_concat", "max", "min",
		"std", "stddev", "stddev_pop", "stddev_samp", "sum", "var_pop", "var_samp", "variance"}
	if got := AggregateNames(); !slices.Equal(got, want) {
		t.Errorf("AggregateNames() = %v, want %v", got, want)
	}
	for name, d := range aggregates {
		if d.result == nil || d.newAcc == nil || d.group == nil {
			t.Errorf("%s: incomplete definition", name)
		}
		if got := aggregateOf(d.name); got != d {
			t.Errorf("aggregateOf(%q) = %v, want the definition", d.name, got)
		}
	}
	for alias, name := range map[string]string{"std": "stddev_pop", "stddev": "stddev_pop", "variance": "var_pop"} {
		if got := aggregates[alias].name; got != name {
			t.Errorf("%s is an alias of %s, not %s", alias, got, name)
		}
		if aggregateOf(alias) != nil {
			t.Errorf("aggregateOf(%q) finds an alias", alias)
		}
	}
	if aggregates[countRows.name] != nil || aggregateOf(countRows.name) != countRows {
		t.Error("count_rows must be internal, and found by aggregateOf")
	}
}
