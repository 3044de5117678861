package main

import (
	"io"
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkPointLookup
BenchmarkPointLookup/driver
BenchmarkPointLookup/driver-2         	       3	 299185862 ns/op	    669667 cpu-ns/op	   41408 B/op	     286 allocs/op
BenchmarkPointLookup/raw-2                     	       3	 124042545 ns/op	    313667 cpu-ns/op	   12592 B/op	     105 allocs/op
=== RUN   BenchmarkGroupBy/driver
--- SKIP: BenchmarkGroupBy/driver
    meter_test.go:60: sqlmongo: unsupported: GROUP BY at 1:40
BenchmarkGroupBy/raw-2 	       3	 100 ns/op	    50 cpu-ns/op	   10 B/op	     2 allocs/op
=== RUN   BenchmarkJoin/driver
    join_test.go:225: no $lookup under profile ferretdb
--- SKIP: BenchmarkJoin/driver
BenchmarkHashJoin-2 	     100	  4400000 ns/op	   2500000 rows/s	   2272727 out-rows/s	 1200 B/op	     20 allocs/op
PASS
`

func TestParse(t *testing.T) {
	rep, err := parse(strings.NewReader(sample), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if rep.failed || len(rep.cases) != 3 {
		t.Fatalf("failed=%v cases=%d", rep.failed, len(rep.cases))
	}
	pl := rep.byName["PointLookup"]
	if got := pl.results["driver"]["allocs/op"]; got != 286 {
		t.Errorf("driver allocs/op = %v", got)
	}
	if got := ratio(pl.results["driver"]["ns/op"], true, pl.results["raw"]["ns/op"]); got != "2.41" {
		t.Errorf("ratio = %s", got)
	}
	if len(rep.skipped) != 2 || rep.skipped[0] != "GroupBy/driver: sqlmongo: unsupported: GROUP BY at 1:40" ||
		rep.skipped[1] != "Join/driver: no $lookup under profile ferretdb" {
		t.Errorf("skipped = %q", rep.skipped)
	}
	var sb strings.Builder
	rep.write(&sb)
	if !strings.Contains(sb.String(), "PointLookup") || !strings.Contains(sb.String(), "2.41") {
		t.Errorf("table:\n%s", sb.String())
	}
	if !strings.Contains(sb.String(), "rows per second") || !strings.Contains(sb.String(), "2.5M") {
		t.Errorf("no rows/s:\n%s", sb.String())
	}
	if rep, _ := parse(strings.NewReader("--- FAIL: BenchmarkX\nFAIL\n"), io.Discard); !rep.failed {
		t.Error("failure not noticed")
	}
}
