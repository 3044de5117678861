package planner

import (
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

func (p *planCtx) insertPlan(ins *sqlparser.Insert) (Plan, error) {
	t, err := p.cat.Table(ins.Table.Name.String())
	if err != nil {
		return nil, err
	}
	values, _ := ins.Rows.(sqlparser.Values)
	plan := &Insert{Table: t}
	if len(ins.Columns) == 0 && !allEmpty(values) {
		for i := range t.Columns {
			plan.Columns = append(plan.Columns, i)
		}
	}
	copied := false
	for _, c := range ins.Columns {
		col, i := t.Column(c.String())
		if col == nil {
			if t.Defined {
				return nil, unknownColumn(c.String(), t)
			}
			// Collections without a definition take new fields freely;
			// copy first, the catalog's value is shared.
			if !copied {
				t = &Table{Name: t.Name, Columns: append([]TableColumn(nil), t.Columns...), IDColumn: t.IDColumn}
				plan.Table, copied = t, true
				plan.NewColumns = true
			}
			t.Columns = append(t.Columns, TableColumn{Name: c.String(), Type: sqltypes.Type{Kind: sqltypes.Null}})
			i = len(t.Columns) - 1
		}
		for _, prev := range plan.Columns {
			if prev == i {
				return nil, sqlerr.New(sqlerr.Syntax, "column %q specified twice", t.Columns[i].Name)
			}
		}
		plan.Columns = append(plan.Columns, i)
	}
	b := p.binder()
	if values == nil {
		return p.upsertPlan(ins, plan)
	}
	for n, tuple := range values {
		if len(tuple) != len(plan.Columns) {
			return nil, sqlerr.New(sqlerr.Args, "column count doesn't match value count at row %d", n+1)
		}
		row := make([]Expr, len(tuple))
		for i, v := range tuple {
			if d, ok := v.(*sqlparser.Default); ok && d.ColName == "" {
				row[i] = &DefaultValue{} // the column's default, as if not given
				continue
			}
			e, err := b.bind(v)
			if err != nil {
				return nil, err
			}
			col := &t.Columns[plan.Columns[i]]
			if row[i], err = storeAs(e, col, t.Defined); err != nil {
				return nil, err
			}
		}
		plan.Rows = append(plan.Rows, row)
	}
	return p.upsertPlan(ins, plan)
}

// storeAs converts a value being written to col's type: literals now (so a
// bad value fails before anything is written), parameters at bind time.
// In a table created with CREATE TABLE, a literal that does not fit its
// column as it is (out of range, too long, not a number) stays as written:
// exec stores it under the connection's sql_mode, which fails the
// statement or clamps the value, and only for rows it writes.
func storeAs(e Expr, col *TableColumn, defined bool) (Expr, error) {
	if col.Type.Kind == sqltypes.Null {
		return e, nil
	}
	switch x := e.(type) {
	case *Literal:
		if x.Value == nil {
			return x, nil
		}
		if defined {
			if v, err := sqltypes.Store(x.Value, col.Type, true, col.Name, 1); err == nil {
				return &Literal{Value: v, T: col.Type}, nil
			}
			return x, nil
		}
		v, err := sqltypes.ConvertColumn(x.Value, col.Type, col.Name)
		if err != nil {
			return nil, err
		}
		return &Literal{Value: v, T: col.Type}, nil
	case *ParamRef:
		return &ParamRef{N: x.N, T: col.Type}, nil
	}
	return e, nil
}

func (p *planCtx) updatePlan(up *sqlparser.Update) (Plan, error) {
	if joinedDML(up.TableExprs) {
		return p.updateJoinPlan(up)
	}
	t, b, err := p.dmlTable(up.TableExprs)
	if err != nil {
		return nil, err
	}
	plan := &Update{Table: t}
	for _, ue := range up.Exprs {
		col, path, index, err := setColumn(t, ue.Name.Name.String())
		if err != nil {
			return nil, err
		}
		plan.MovesID = plan.MovesID || path == "_id"
		e, err := b.bindSet(ue.Expr, col, t.Defined)
		if err != nil {
			return nil, err
		}
		plan.Set = append(plan.Set, Assignment{Column: col, Index: index, Path: path, Value: e})
	}
	rowDependent := plan.MovesID
	for _, a := range plan.Set {
		if !isConstant(a.Value) {
			rowDependent = true
		}
	}
	// A new value of a unique key is checked against the other rows before
	// anything is written (exec), so those rows are read first.
	keyed := setsUniqueKey(t, plan.Set)
	if rowDependent && !plan.MovesID && !keyed && !assignsTwice(plan.Set) {
		// SET n = n ± c on any server: a $inc (range-checked first where
		// strict mode checks the column: IncUpdate.Bounds).
		if plan.Inc, err = p.incPlan(b, up, plan.Set); err != nil {
			return nil, err
		}
	}
	if rowDependent && !plan.MovesID && !keyed && p.caps.Expr {
		// Other row-dependent values under a full server: one updateMany
		// with an aggregation pipeline, when every value translates
		// exactly (NOT NULL columns checked first: see CheckNull) and
		// nothing needs a check on store (storeChecks).
		stages, checks, ok := setStages(plan.Set, b.scope.table)
		if ok {
			plan.Checked = storeChecks(t, plan.Set)
		}
		if ok && plan.Checked == "" {
			plan.Filter, plan.Source, err = p.dmlSource(b, up.Where, up.OrderBy, up.Limit, false)
			if err != nil || plan.Source == nil {
				plan.Pipeline, plan.CheckNull = stages, checks
				return plan, err
			}
		}
	}
	plan.Filter, plan.Source, err = p.dmlSource(b, up.Where, up.OrderBy, up.Limit, rowDependent || keyed)
	return plan, err
}

// setColumn resolves the column SET assigns in t: its position (-1 for a
// field that is no column) and the document path written.
func setColumn(t *Table, name string) (col *TableColumn, path string, index int, err error) {
	col, index = t.Column(name)
	if col != nil {
		return col, t.Path(col.Name), index, nil
	}
	if head, _, dotted := strings.Cut(name, "."); (dotted && hasColumn(t, head)) || !t.Defined {
		// A sub-document field, or a new field of an undefined
		// collection: written as given, typed by its value.
		return &TableColumn{Name: name, Type: sqltypes.Type{Kind: sqltypes.Null}}, name, -1, nil
	}
	return nil, "", 0, unknownColumn(name, t)
}

// setsUniqueKey reports assignments to a column of a unique index.
func setsUniqueKey(t *Table, set []Assignment) bool {
	for _, ix := range t.Indexes {
		if !ix.Unique {
			continue
		}
		for _, c := range ix.Columns {
			for _, a := range set {
				if a.Column != nil && equalFold(a.Column.Name, c) {
					return true
				}
			}
		}
	}
	return false
}

func (p *planCtx) deletePlan(del *sqlparser.Delete) (Plan, error) {
	if joinedDML(del.TableExprs) || !aliasTarget(del) {
		return p.deleteJoinPlan(del)
	}
	t, b, err := p.dmlTable(del.TableExprs)
	if err != nil {
		return nil, err
	}
	plan := &Delete{Table: t}
	plan.Filter, plan.Source, err = p.dmlSource(b, del.Where, del.OrderBy, del.Limit, false)
	return plan, err
}

// dmlTable resolves a single-table UPDATE's or DELETE's table (the
// others are joinedDML).
func (p *planCtx) dmlTable(tes sqlparser.TableExprs) (*Table, *binder, error) {
	ate := tes[0].(*sqlparser.AliasedTableExpr)
	tn := ate.Expr.(sqlparser.TableName)
	t, err := p.cat.Table(tn.Name.String())
	if err != nil {
		return nil, nil, err
	}
	b := p.binder()
	b.scope = scope{table: t, alias: ate.As.String(), probe: prober(p.cat, t)}
	return t, b, nil
}

// dmlSource decides how an UPDATE or DELETE finds its rows: a pushed
// query-language filter when the whole WHERE translates and nothing else is
// asked, else a scan whose rows end with the document's _id. That scan
// still pushes what it can (the translatable conjuncts, and ORDER BY …
// LIMIT when nothing is left in-process below them).
func (p *planCtx) dmlSource(b *binder, where *sqlparser.Where, orderBy sqlparser.OrderBy, limit *sqlparser.Limit, needRows bool) (bson.D, Node, error) {
	var cond Expr
	if where != nil {
		w, err := b.bind(where.Expr)
		if err != nil {
			return nil, nil, err
		}
		cond = normalize(w, false)
	}
	var keys []SortKey
	for _, o := range orderBy {
		k, err := b.bind(o.Expr)
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, SortKey{Expr: k, Desc: o.Direction == sqlparser.DescScr})
	}
	var count Expr
	if limit != nil {
		if limit.Offset != nil {
			return nil, nil, sqlerr.New(sqlerr.Syntax, "UPDATE and DELETE take LIMIT row_count, without an offset")
		}
		var err error
		if count, err = b.limitValue(limit.Rowcount); err != nil {
			return nil, nil, err
		}
	}
	if p.caps.Aggregate && !needRows && len(keys) == 0 && count == nil {
		if cond == nil {
			return bson.D{}, nil, nil
		}
		if m, ok := toMatch(cond); ok {
			return m, nil, nil
		}
	}
	fields, types := b.scanFields()
	fields = append(fields, "_id")
	types = append(types, sqltypes.Type{Kind: sqltypes.Null})
	var tree op = &getOp{table: b.scope.table, scan: &Scan{Collection: b.scope.table.Name, Fields: fields, Types: types}}
	tree = filtered(tree, cond)
	// Rows pass whole: exec reads every column and the trailing _id.
	exprs := make([]Expr, len(fields))
	for i := range fields {
		exprs[i] = &ColRef{Index: i, Name: fields[i], Path: fields[i], T: types[i]}
	}
	tree = tail(tree, exprs, nil, false, keys, nil, count)
	return nil, p.findOnly(tree), nil
}

// isConstant reports whether e reads no column (so one $set serves all rows).
func isConstant(e Expr) bool {
	switch e.(type) {
	case *Literal, *ParamRef, *DefaultValue:
		return true
	}
	return false
}

func hasColumn(t *Table, name string) bool {
	c, _ := t.Column(name)
	return c != nil
}

// setStage translates assignments into a $set stage for a pipeline update.
// It refuses what MQL would store differently from MySQL: a value of
// another type than its column (MySQL converts on store) and DECIMAL
// (MySQL rounds to the column's scale on store). checks are the NOT NULL
// columns whose value may come out NULL (see Update.CheckNull).
func setStages(set []Assignment, t *Table) (stages []bson.D, checks []string, ok bool) {
	for _, a := range set {
		col := a.Column
		if col.Type.Kind == sqltypes.Decimal {
			// DECIMAL(p,s) must round to s digits on store.
			return nil, nil, false
		}
		vt := a.Value.Type()
		if col.Type.Kind != sqltypes.Null && vt.Kind != col.Type.Kind && !(vt.IsString() && col.Type.IsString()) {
			return nil, nil, false
		}
		v, ok := aggValue(a.Value)
		if !ok {
			return nil, nil, false
		}
		if _, plain := a.Value.(*ColRef); col.Type.Kind == sqltypes.Int && !plain {
			// $add and $multiply turn int64 overflow into a double;
			// $toLong makes it an error, as MySQL's is.
			v = bson.D{{Key: "$toLong", Value: v}}
		}
		if col.NotNull {
			if mayBeNull(a.Value, t) {
				checks = append(checks, a.Path)
			}
			v = notNullGuard(v, col.Name)
		}
		// One stage per assignment: MySQL assigns left to right, so a
		// later value sees an earlier one (SET n = n + 1, m = n).
		stages = append(stages, bson.D{{Key: "$set", Value: bson.D{{Key: a.Path, Value: v}}}})
	}
	return stages, checks, true
}
