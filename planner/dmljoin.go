package planner

import (
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// MySQL's multi-table UPDATE and DELETE are planned as a SELECT over the
// same FROM and WHERE, run by the existing join planner: its rows carry
// what the write needs and end with the target's _id, like the
// single-table Source (dmlSource). exec reads them all before writing,
// keeps the first row of each _id (a target row matched by several joined
// rows is updated or deleted once: MySQL keeps the first in its join order,
// here the first the join returns) and writes by _id, so a statement that
// fails validation writes nothing, as the single-table paths guarantee.

// MultiDelete is DELETE t1, t2 FROM …: Source's rows hold the _id of each
// of Tables, in order (NULL where an outer join found no row).
type MultiDelete struct {
	Tables []*Table
	Source Node
}

func (*MultiDelete) isPlan() {}

// joinedDML reports an UPDATE or DELETE whose FROM is more than one plain
// table.
func joinedDML(tes sqlparser.TableExprs) bool {
	if len(tes) != 1 {
		return true
	}
	ate, ok := tes[0].(*sqlparser.AliasedTableExpr)
	if !ok {
		return true
	}
	_, ok = ate.Expr.(sqlparser.TableName)
	return !ok
}

// dmlRef is one table reference of a multi-table UPDATE/DELETE's FROM.
type dmlRef struct {
	name  string // the alias, else the table's name
	table *Table // nil for a derived table
}

func (r *dmlRef) qualifier() sqlparser.TableName {
	return sqlparser.TableName{Name: sqlparser.NewTableIdent(r.name)}
}

// dmlRefs lists the table references of a FROM clause, in order.
func (p *planCtx) dmlRefs(tes sqlparser.TableExprs) ([]*dmlRef, error) {
	var refs []*dmlRef
	var walk func(te sqlparser.TableExpr) error
	walk = func(te sqlparser.TableExpr) error {
		switch te := te.(type) {
		case *sqlparser.AliasedTableExpr:
			tn, ok := te.Expr.(sqlparser.TableName)
			if !ok {
				refs = append(refs, &dmlRef{name: te.As.String()})
				return nil
			}
			t, err := p.cat.Table(tn.Name.String())
			if err != nil {
				return err
			}
			name := te.As.String()
			if name == "" {
				name = tn.Name.String()
			}
			refs = append(refs, &dmlRef{name: name, table: t})
		case *sqlparser.JoinTableExpr:
			if err := walk(te.LeftExpr); err != nil {
				return err
			}
			return walk(te.RightExpr)
		case *sqlparser.ParenTableExpr:
			for _, x := range te.Exprs {
				if err := walk(x); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, te := range tes {
		if err := walk(te); err != nil {
			return nil, err
		}
	}
	return refs, nil
}

// findRef returns the reference named name (an alias, else a table name).
func findRef(refs []*dmlRef, name string) *dmlRef {
	for _, r := range refs {
		if equalFold(r.name, name) {
			return r
		}
	}
	return nil
}

// idColumn is the SQL name under which a target's _id is selected: its
// primary key, or _id itself (a sampled collection shows it; for a
// defined table without a primary key, idCatalog adds it).
func idColumn(t *Table) string {
	if t.IDColumn != "" {
		return t.IDColumn
	}
	return "_id"
}

// idCatalog shows the ObjectId _id of the named defined tables without a
// primary key as a last column, so the SELECT can return it.
type idCatalog struct {
	Catalog
	names map[string]bool
}

func (c *idCatalog) Table(name string) (*Table, error) {
	t, err := c.Catalog.Table(name)
	if err != nil || !c.names[strings.ToLower(name)] || t.IDColumn != "" || hasColumn(t, "_id") {
		return t, err
	}
	cp := *t
	cp.Columns = append(append([]TableColumn(nil), t.Columns...), TableColumn{Name: "_id", Type: sqltypes.ObjectIDType})
	return &cp, nil
}

func (c *idCatalog) HasField(table, path string) (bool, error) {
	if fp, ok := c.Catalog.(FieldProber); ok {
		return fp.HasField(table, path)
	}
	return true, nil
}

// joinSelect plans SELECT items FROM tes WHERE where with the targets'
// _id visible, and returns the query.
func (p *planCtx) joinSelect(items sqlparser.SelectExprs, tes sqlparser.TableExprs, where *sqlparser.Where, targets []*dmlRef) (*Query, error) {
	names := map[string]bool{}
	for _, r := range targets {
		names[strings.ToLower(r.table.Name)] = true
	}
	jp := *p
	jp.cat = &idCatalog{Catalog: p.cat, names: names}
	return jp.selectPlan(&sqlparser.Select{SelectExprs: items, From: tes, Where: where})
}

// colItem is the select item alias.name.
func colItem(r *dmlRef, name string) *sqlparser.AliasedExpr {
	return &sqlparser.AliasedExpr{Expr: &sqlparser.ColName{Name: sqlparser.NewColIdent(name), Qualifier: r.qualifier()}}
}

// notUpdatable is MySQL's 1288 for a derived table named as a target.
func notUpdatable(name, stmt string) error {
	return sqlerr.Numbered(sqlerr.Unsupported, 1288, "The target table %s of the %s is not updatable", name, stmt)
}

// updateJoinPlan plans UPDATE t1 a JOIN t2 b … SET a.x = … [WHERE …]. The
// SELECT returns the target's columns, then the value of each assignment
// (all read the rows as they were: MariaDB evaluates a multi-table
// UPDATE's assignments against the old row), then its _id.
func (p *planCtx) updateJoinPlan(up *sqlparser.Update) (Plan, error) {
	if len(up.OrderBy) > 0 || up.Limit != nil {
		what := "ORDER BY"
		if len(up.OrderBy) == 0 {
			what = "LIMIT"
		}
		return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrWrongUsage, "Incorrect usage of UPDATE and %s", what)
	}
	refs, err := p.dmlRefs(up.TableExprs)
	if err != nil {
		return nil, err
	}
	// The target: the one table whose columns SET assigns.
	var target *dmlRef
	for _, ue := range up.Exprs {
		r, err := setOwner(refs, ue.Name)
		if err != nil {
			return nil, err
		}
		if target != nil && r != target {
			return nil, unsupported("UPDATE assigning columns of two tables (%s and %s): run one UPDATE per table", target.name, r.name)
		}
		target = r
	}
	t := target.table
	items := make(sqlparser.SelectExprs, 0, len(t.Columns)+len(up.Exprs)+1)
	for _, c := range t.Columns {
		items = append(items, colItem(target, c.Name))
	}
	plan := &Update{Table: t}
	var values []int // the select items of the values, by assignment
	for _, ue := range up.Exprs {
		col, path, index, err := setColumn(t, ue.Name.Name.String())
		if err != nil {
			return nil, err
		}
		plan.MovesID = plan.MovesID || path == "_id"
		if d, ok := ue.Expr.(*sqlparser.Default); ok && d.ColName == "" {
			plan.Set = append(plan.Set, Assignment{Column: col, Index: index, Path: path, Value: &DefaultValue{}})
			values = append(values, -1)
			continue
		}
		if hasAggregate(ue.Expr) {
			// In the SELECT it would group the join's rows.
			return nil, sqlerr.Numbered(sqlerr.Syntax, 1111, "invalid use of group function in SET")
		}
		values = append(values, len(items))
		items = append(items, &sqlparser.AliasedExpr{Expr: ue.Expr})
		plan.Set = append(plan.Set, Assignment{Column: col, Index: index, Path: path})
	}
	items = append(items, colItem(target, idColumn(t)))
	q, err := p.joinSelect(items, up.TableExprs, up.Where, []*dmlRef{target})
	if err != nil {
		return nil, err
	}
	for i := range plan.Set {
		if n := values[i]; n >= 0 {
			c := q.Columns[n]
			plan.Set[i].Value = &ColRef{Index: n, Name: c.Name, T: c.Type}
		}
	}
	plan.Source = q.Root
	return plan, nil
}

// setOwner finds the table reference a SET column belongs to.
func setOwner(refs []*dmlRef, c *sqlparser.ColName) (*dmlRef, error) {
	name := c.Name.String()
	if q := c.Qualifier.Name.String(); q != "" {
		r := findRef(refs, q)
		if r == nil {
			return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column \"%s.%s\" in SET", q, name)
		}
		if r.table == nil {
			return nil, notUpdatable(r.name, "UPDATE")
		}
		return r, nil
	}
	var found *dmlRef
	for _, r := range refs {
		if r.table == nil || !hasColumn(r.table, name) {
			continue
		}
		if found != nil {
			return nil, sqlerr.Numbered(sqlerr.UnknownColumn, sqlerr.ErrNonUniq, "column %q in SET is ambiguous (tables %s and %s)", name, found.name, r.name)
		}
		found = r
	}
	if found == nil {
		return nil, sqlerr.Numbered(sqlerr.UnknownColumn, sqlerr.ErrBadField, "unknown column %q in SET", name)
	}
	return found, nil
}

// deleteJoinPlan plans DELETE a[, b] FROM … and DELETE FROM a[, b] USING
// …: the SELECT returns each target's _id.
func (p *planCtx) deleteJoinPlan(del *sqlparser.Delete) (Plan, error) {
	if len(del.OrderBy) > 0 || del.Limit != nil {
		// Not in MySQL's multi-table DELETE grammar.
		return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrParse, "multi-table DELETE takes no ORDER BY or LIMIT")
	}
	refs, err := p.dmlRefs(del.TableExprs)
	if err != nil {
		return nil, err
	}
	if len(del.Targets) == 0 {
		return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrParse, "DELETE from a join names the tables to delete from: DELETE t FROM …")
	}
	var targets []*dmlRef
	var items sqlparser.SelectExprs
	for _, tn := range del.Targets {
		name := tn.Name.String()
		r := findRef(refs, name)
		if r == nil {
			return nil, sqlerr.Numbered(sqlerr.UnknownTable, 1109, "Unknown table '%s' in MULTI DELETE", name)
		}
		if r.table == nil {
			return nil, notUpdatable(r.name, "DELETE")
		}
		for _, prev := range targets {
			if prev == r {
				return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrNonUniqTable, "Not unique table/alias: '%s'", name)
			}
		}
		targets = append(targets, r)
		items = append(items, colItem(r, idColumn(r.table)))
	}
	q, err := p.joinSelect(items, del.TableExprs, del.Where, targets)
	if err != nil {
		return nil, err
	}
	if len(targets) == 1 {
		return &Delete{Table: targets[0].table, Source: q.Root}, nil
	}
	useFind(q.Root) // build does it for Update and Delete
	plan := &MultiDelete{Source: q.Root}
	for _, r := range targets {
		plan.Tables = append(plan.Tables, r.table)
	}
	return plan, nil
}
