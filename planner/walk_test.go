package planner

import "testing"

func TestCloneExpr(t *testing.T) {
	c := &ColRef{Index: 1, Name: "a"}
	e := &And{Args: []Expr{&Compare{Op: OpEq, L: c, R: &Literal{Value: int64(1)}}, &IsNull{X: c}}}
	cp := cloneExpr(e).(*And)
	cp.Args[0].(*Compare).L.(*ColRef).Index = 7
	cp.Args[1].(*IsNull).X.(*ColRef).Index = 8
	if c.Index != 1 {
		t.Fatalf("the original changed: %d", c.Index)
	}
	if ExprString(e) == ExprString(cp) {
		t.Fatal("the copy shares its column references")
	}
}
