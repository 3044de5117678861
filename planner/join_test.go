package planner

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestJoinUseFind: the scans below a join become finds like any other.
func TestJoinUseFind(t *testing.T) {
	scan := func(c string) *Scan {
		return &Scan{Collection: c, Pipeline: []bson.D{{{Key: "$match", Value: bson.D{{Key: "a", Value: 1}}}}}, Fields: []string{"a"}}
	}
	l, r := scan("l"), scan("r")
	useFind(&Filter{Input: &Join{Kind: LeftJoin, Left: l, Right: &Limit{Input: r}}})
	if l.Find == nil || r.Find == nil || l.Pipeline != nil || r.Pipeline != nil {
		t.Errorf("left %+v, right %+v", l, r)
	}
}

func TestJoinKindString(t *testing.T) {
	for k, want := range map[JoinKind]string{InnerJoin: "inner", LeftJoin: "left", SemiJoin: "semi", AntiJoin: "anti", 9: "join?"} {
		if k.String() != want {
			t.Errorf("%d: %q", k, k.String())
		}
	}
}

func TestJoinExplain(t *testing.T) {
	col := func(name string, i int) *ColRef { return &ColRef{Index: i, Name: name, T: boolType} }
	j := &Join{Kind: LeftJoin, Left: &Values{}, Right: &Values{}, RightWidth: 2,
		LeftKeys: []Expr{col("k", 1)}, RightKeys: []Expr{col("k", 0)},
		Cond: &Compare{Op: OpNe, L: col("v", 3), R: &Literal{Value: "a", T: boolType}}}
	lines := Explain(&Query{Root: j}, false)
	if len(lines) != 3 || lines[0].Operator != "hash join (left)" || lines[0].Detail != `on k#1 = k#0 AND (v#3 <> "a")` ||
		lines[1].Operator != "  values" || lines[2].Operator != "  values" {
		t.Errorf("%+v", lines)
	}
	nl := &Join{Kind: AntiJoin, Left: &Values{}, Right: &Values{}, NullAware: true}
	if l := Explain(&Query{Root: nl}, false)[0]; l.Operator != "nested loop join (anti)" || l.Detail != "(null-aware: NOT IN)" {
		t.Errorf("%+v", l)
	}
	nl.Kind, nl.NullAware = InnerJoin, false
	if l := Explain(&Query{Root: nl}, false)[0]; l.Operator != "nested loop join (inner)" || l.Detail != "" {
		t.Errorf("%+v", l)
	}
}
