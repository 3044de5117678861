package planner

import (
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

func (p *planCtx) insertPlan(ins *sqlparser.Insert) (Plan, error) {
	switch {
	case ins.Action == sqlparser.ReplaceStr:
		return nil, unsupported("REPLACE")
	case ins.Ignore != "":
		return nil, unsupported("INSERT IGNORE")
	case len(ins.OnDup) > 0:
		return nil, unsupported("ON DUPLICATE KEY UPDATE")
	}
	t, err := p.cat.Table(ins.Table.Name.String())
	if err != nil {
		return nil, err
	}
	values, ok := ins.Rows.(sqlparser.Values)
	if !ok {
		return nil, unsupported("INSERT … SELECT")
	}
	plan := &Insert{Table: t}
	if len(ins.Columns) == 0 {
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
	b := &binder{stmt: p.stmt, inline: p.inline}
	for n, tuple := range values {
		if len(tuple) != len(plan.Columns) {
			return nil, sqlerr.New(sqlerr.Args, "column count doesn't match value count at row %d", n+1)
		}
		row := make([]Expr, len(tuple))
		for i, v := range tuple {
			e, err := b.bind(v)
			if err != nil {
				return nil, err
			}
			col := &t.Columns[plan.Columns[i]]
			if row[i], err = storeAs(e, col); err != nil {
				return nil, err
			}
		}
		plan.Rows = append(plan.Rows, row)
	}
	return plan, nil
}

// storeAs converts a value being written to col's type: literals now (so a
// bad value fails before anything is written), parameters at bind time.
func storeAs(e Expr, col *TableColumn) (Expr, error) {
	if col.Type.Kind == sqltypes.Null {
		return e, nil
	}
	switch x := e.(type) {
	case *Literal:
		if x.Value == nil {
			return x, nil
		}
		v, err := sqltypes.Convert(x.Value, col.Type)
		if err != nil {
			return nil, sqlerr.New(sqlerr.DataType, "column %q: %v", col.Name, err)
		}
		return &Literal{Value: v, T: col.Type}, nil
	case *ParamRef:
		return &ParamRef{N: x.N, T: col.Type}, nil
	}
	return e, nil
}

func (p *planCtx) updatePlan(up *sqlparser.Update) (Plan, error) {
	if len(up.OrderBy) > 0 || up.Limit != nil {
		return nil, unsupported("UPDATE with ORDER BY or LIMIT")
	}
	t, b, err := p.dmlTable(up.TableExprs)
	if err != nil {
		return nil, err
	}
	plan := &Update{Table: t}
	for _, ue := range up.Exprs {
		name := ue.Name.Name.String()
		col, _ := t.Column(name)
		path := ""
		if col != nil {
			path = t.Path(col.Name)
		} else if head, _, dotted := strings.Cut(name, "."); (dotted && hasColumn(t, head)) || !t.Defined {
			// A sub-document field, or a new field of an undefined
			// collection: written as given, typed by its value.
			col, path = &TableColumn{Name: name, Type: sqltypes.Type{Kind: sqltypes.Null}}, name
		} else {
			return nil, unknownColumn(name, t)
		}
		if path == "_id" {
			plan.MovesID = true
		}
		e, err := b.bind(ue.Expr)
		if err != nil {
			return nil, err
		}
		if e, err = storeAs(e, col); err != nil {
			return nil, err
		}
		plan.Set = append(plan.Set, Assignment{Column: col, Path: path, Value: e})
	}
	rowDependent := plan.MovesID
	for _, a := range plan.Set {
		if !isConstant(a.Value) {
			rowDependent = true
		}
	}
	plan.Filter, plan.Source, err = p.dmlSource(b, up.Where, rowDependent)
	return plan, err
}

func (p *planCtx) deletePlan(del *sqlparser.Delete) (Plan, error) {
	if len(del.OrderBy) > 0 || del.Limit != nil {
		return nil, unsupported("DELETE with ORDER BY or LIMIT")
	}
	if len(del.Targets) > 0 {
		return nil, unsupported("multi-table DELETE")
	}
	t, b, err := p.dmlTable(del.TableExprs)
	if err != nil {
		return nil, err
	}
	plan := &Delete{Table: t}
	plan.Filter, plan.Source, err = p.dmlSource(b, del.Where, false)
	return plan, err
}

func (p *planCtx) dmlTable(tes sqlparser.TableExprs) (*Table, *binder, error) {
	if len(tes) != 1 {
		return nil, nil, unsupported("multi-table UPDATE/DELETE")
	}
	ate, ok := tes[0].(*sqlparser.AliasedTableExpr)
	if !ok {
		return nil, nil, unsupported("joins in UPDATE/DELETE")
	}
	tn, ok := ate.Expr.(sqlparser.TableName)
	if !ok {
		return nil, nil, unsupported("subqueries in UPDATE/DELETE")
	}
	t, err := p.cat.Table(tn.Name.String())
	if err != nil {
		return nil, nil, err
	}
	return t, &binder{stmt: p.stmt, inline: p.inline, scope: scope{table: t, alias: ate.As.String()}}, nil
}

// dmlSource decides how an UPDATE or DELETE finds its rows: a pushed
// query-language filter when the whole WHERE translates, else a scan whose
// rows end with the document's _id, filtered in-process.
func (p *planCtx) dmlSource(b *binder, where *sqlparser.Where, needRows bool) (bson.D, Node, error) {
	var cond Expr
	if where != nil {
		w, err := b.bind(where.Expr)
		if err != nil {
			return nil, nil, err
		}
		cond = normalize(w, false)
	}
	if p.caps.Aggregate && !needRows {
		if cond == nil {
			return bson.D{}, nil, nil
		}
		if m, ok := toMatch(cond); ok {
			return m, nil, nil
		}
	}
	scan := &Scan{Collection: b.scope.table.Name}
	scan.Fields, scan.Types = b.scanFields()
	scan.Fields = append(scan.Fields, "_id")
	scan.Types = append(scan.Types, sqltypes.Type{Kind: sqltypes.Null})
	var src Node = scan
	if cond != nil {
		src = &Filter{Input: scan, Cond: cond}
	}
	return nil, src, nil
}

// isConstant reports whether e reads no column (so one $set serves all rows).
func isConstant(e Expr) bool {
	switch e.(type) {
	case *Literal, *ParamRef:
		return true
	}
	return false
}

func hasColumn(t *Table, name string) bool {
	c, _ := t.Column(name)
	return c != nil
}
