package planner

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// DefaultValue is DEFAULT written as a value of INSERT (the column is
// taken as not given for that row: its default, a generated
// AUTO_INCREMENT id, or NULL) or of UPDATE's SET (the column's default).
// exec replaces it before evaluating; Eval does not know it.
type DefaultValue struct{}

func (*DefaultValue) Type() sqltypes.Type { return sqltypes.Type{Kind: sqltypes.Null} }
func (*DefaultValue) isExpr()             {}

// Upsert is what an INSERT adds to writing its rows: INSERT IGNORE skips a
// row whose key is taken, REPLACE deletes the rows holding its keys first,
// ON DUPLICATE KEY UPDATE updates the (first) row holding one instead, and
// INSERT … SELECT takes its rows from Select. exec runs such an INSERT row
// by row, in statement order, each row seeing the earlier ones' effects.
type Upsert struct {
	Ignore  bool
	Replace bool
	// OnDup are the assignments of ON DUPLICATE KEY UPDATE. They are
	// evaluated over the conflicting row (the table's columns, then its
	// _id) followed by the row the INSERT would have written, which
	// VALUES(col) and the row alias (new.col) read.
	OnDup []Assignment
	// Select gives the rows of INSERT … SELECT: one value per column of
	// Insert.Columns.
	Select Node
	// ByID is set under the full language when the primary key is the
	// table's only unique key and every ON DUPLICATE KEY UPDATE value is a
	// constant or VALUES(col): rows whose key is given are then written
	// by one ordered bulk of upserts by _id (see exec upsertByID).
	ByID bool
}

func (p *planCtx) upsertPlan(ins *sqlparser.Insert, plan *Insert) (Plan, error) {
	u := &Upsert{Ignore: ins.Ignore != "", Replace: ins.Action == sqlparser.ReplaceStr}
	t := plan.Table
	switch rows := ins.Rows.(type) {
	case sqlparser.Values:
	case sqlparser.SelectStatement:
		q, err := p.subquery(rows, nil)
		if err != nil {
			return nil, err
		}
		if len(q.Columns) != len(plan.Columns) {
			return nil, sqlerr.New(sqlerr.Args, "column count doesn't match value count at row 1")
		}
		useFind(q.Root)
		u.Select = q.Root
	default:
		return nil, unsupported("INSERT … %s", sqlparser.String(rows))
	}
	if len(ins.OnDup) > 0 {
		b := p.binder()
		b.scope = scope{table: t, probe: prober(p.cat, t)}
		n := len(t.Columns)
		b.values = func(v *sqlparser.ValuesFuncExpr) (Expr, error) {
			col, i := t.Column(v.Name.Name.String())
			if col == nil {
				return nil, unknownColumn(v.Name.Name.String(), t)
			}
			return &ColRef{Index: n + 1 + i, Name: col.Name, Path: t.Path(col.Name), T: col.Type}, nil
		}
		for _, ue := range ins.OnDup {
			name := ue.Name.Name.String()
			col, i := t.Column(name)
			if col == nil {
				return nil, unknownColumn(name, t)
			}
			path := t.Path(col.Name)
			e, err := b.bindSet(ue.Expr, col, t.Defined)
			if err != nil {
				return nil, err
			}
			if path == "_id" {
				if c, ok := e.(*ColRef); ok && c.Index == i {
					// id = id: GORM's "do nothing on conflict"; the key stays.
					if u.OnDup == nil {
						u.OnDup = []Assignment{}
					}
					continue
				}
				return nil, unsupported("ON DUPLICATE KEY UPDATE of the primary key")
			}
			u.OnDup = append(u.OnDup, Assignment{Column: col, Index: i, Path: path, Value: e})
		}
		if len(b.extra) > 0 {
			return nil, unsupported("sub-document fields in ON DUPLICATE KEY UPDATE")
		}
	}
	if u.Ignore || u.Replace || u.OnDup != nil || u.Select != nil {
		plan.Upsert = u
		u.ByID = p.caps.Expr && (u.Ignore || u.Replace || u.OnDup != nil) && onlyPrimaryUnique(t) && rowValuesOnly(u.OnDup, len(t.Columns))
	}
	return plan, nil
}

// bindSet binds a value an UPDATE or ON DUPLICATE KEY UPDATE assigns to col.
func (b *binder) bindSet(x sqlparser.Expr, col *TableColumn, defined bool) (Expr, error) {
	if d, ok := x.(*sqlparser.Default); ok && d.ColName == "" {
		return &DefaultValue{}, nil
	}
	e, err := b.bind(x)
	if err != nil {
		return nil, err
	}
	return storeAs(e, col, defined)
}

// allEmpty reports VALUES (), (), …: every column takes its default.
func allEmpty(v sqlparser.Values) bool {
	for _, tuple := range v {
		if len(tuple) > 0 {
			return false
		}
	}
	return len(v) > 0
}

// assignsTwice reports a SET naming a column twice: MySQL assigns left to
// right and the last value stays, which one $inc cannot say.
func assignsTwice(set []Assignment) bool {
	seen := make(map[string]bool, len(set))
	for _, a := range set {
		if seen[a.Path] {
			return true
		}
		seen[a.Path] = true
	}
	return false
}

// aliasTarget reports a DELETE of one table, maybe named by its alias
// (DELETE u FROM t AS u, which DELETE FROM t AS u is rewritten to).
func aliasTarget(del *sqlparser.Delete) bool {
	if len(del.Targets) == 0 {
		return true
	}
	if len(del.Targets) != 1 || len(del.TableExprs) != 1 {
		return false
	}
	ate, ok := del.TableExprs[0].(*sqlparser.AliasedTableExpr)
	if !ok {
		return false
	}
	tn, ok := ate.Expr.(sqlparser.TableName)
	if !ok {
		return false
	}
	target := del.Targets[0].Name.String()
	if ate.As.IsEmpty() {
		return equalFold(target, tn.Name.String())
	}
	return equalFold(target, ate.As.String())
}

// onlyPrimaryUnique reports a table with a primary key in _id and no
// other unique index.
func onlyPrimaryUnique(t *Table) bool {
	hasID := false
	for _, c := range t.Columns {
		if t.Path(c.Name) == "_id" {
			hasID = true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && !(len(ix.Columns) == 1 && t.Path(ix.Columns[0]) == "_id") {
			return false
		}
	}
	return hasID
}

// rowValuesOnly reports assignments of constants and VALUES(col) (row
// positions from n+1 on), which need no stored row to evaluate.
func rowValuesOnly(set []Assignment, n int) bool {
	for _, a := range set {
		if c, ok := a.Value.(*ColRef); ok && c.Index > n {
			continue
		}
		if _, ok := a.Value.(*DefaultValue); ok || !isConstant(a.Value) {
			return false
		}
	}
	return true
}
