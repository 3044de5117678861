package planner

import "strings"

// JoinKind is how a join combines rows.
type JoinKind uint8

// The join kinds.
const (
	InnerJoin JoinKind = iota
	LeftJoin           // unmatched left rows padded with NULLs on the right
	SemiJoin           // left rows with at least one match; output = left row only
	AntiJoin           // left rows with no match; output = left row only (NOT EXISTS semantics)
)

var joinKindNames = [...]string{"inner", "left", "semi", "anti"}

func (k JoinKind) String() string {
	if int(k) < len(joinKindNames) {
		return joinKindNames[k]
	}
	return "join?"
}

// Join combines Left and Right rows. The output row is the left row followed
// by the right row (SemiJoin/AntiJoin: the left row only). LeftKeys/RightKeys
// (same length, possibly empty) are equality keys evaluated over the left row
// and over the right row respectively: a hash join when non-empty, a nested
// loop otherwise. Cond, when set, is the rest of the ON condition, evaluated
// over the combined row (left ++ right); a pair matches when all keys are
// equal and non-NULL and Cond is TRUE. RightWidth is the number of columns of
// a right row (for NULL padding).
//
// Keys are equal as the in-process = is (Compare with OpEq): numbers by
// value across types, a string and a number as numbers, a string and a
// date as dates. Exec reads Right once, whole, within
// sqlmongo.memoryLimit, and streams Left.
//
// NullAware (AntiJoin only, with keys) gives the anti join the rules of
// (l1, …, ln) NOT IN (SELECT r1, …, rn … WHERE Cond) in a WHERE clause,
// where UNKNOWN rejects the row as FALSE does: a left row is kept when,
// for every right row whose pair makes Cond TRUE (every right row when
// Cond is nil), some key position holds two non-NULL unequal values. So a
// left row is kept when no such right row exists (NOT IN of an empty set
// is TRUE even for a NULL left key), and rejected when a left key is NULL
// or a right key is NULL in a position the other keys do not tell apart
// (single key: any NULL right key rejects every row, unless the set is
// empty). A SemiJoin needs no NullAware: x IN (…) is TRUE exactly when a
// pair is equal, and in a WHERE its UNKNOWN rejects like FALSE; NullAware
// is ignored there.
type Join struct {
	Kind                JoinKind
	Left, Right         Node
	LeftKeys, RightKeys []Expr
	Cond                Expr
	RightWidth          int
	NullAware           bool
}

func (*Join) isNode() {}

// describeJoin is EXPLAIN's line for a join: the algorithm exec runs, the
// kind, the key pairs (left key = right key, each over its own input) and
// the residual condition (over the combined row).
func describeJoin(j *Join) (op, detail string, inputs []Node) {
	op = "nested loop join (" + j.Kind.String() + ")"
	if len(j.LeftKeys) > 0 {
		op = "hash join (" + j.Kind.String() + ")"
	}
	var parts []string
	for i := range j.LeftKeys {
		parts = append(parts, ExprString(j.LeftKeys[i])+" = "+ExprString(j.RightKeys[i]))
	}
	if j.Cond != nil {
		parts = append(parts, ExprString(j.Cond))
	}
	if len(parts) > 0 {
		detail = "on " + strings.Join(parts, " AND ")
	}
	if j.NullAware && j.Kind == AntiJoin {
		detail += " (null-aware: NOT IN)"
	}
	return op, strings.TrimSpace(detail), []Node{j.Left, j.Right}
}
