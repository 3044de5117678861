package planner

import (
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// ExplainLine is one operator of a plan as EXPLAIN shows it.
type ExplainLine struct {
	Operator string // indented by depth
	Detail   string
}

// Explain describes a query plan from the top operator down. A Scan shows
// its collection and pipeline as Extended JSON (canonical when canonical
// is set, so int32 and int64 stay visible); parameters read {"$param": N}.
func Explain(q *Query, canonical bool) []ExplainLine {
	var out []ExplainLine
	var walk func(n Node, depth int)
	walk = func(n Node, depth int) {
		op, detail, inputs := describe(n, canonical)
		out = append(out, ExplainLine{Operator: strings.Repeat("  ", depth) + op, Detail: detail})
		for _, in := range inputs {
			walk(in, depth+1)
		}
	}
	walk(q.Root, 0)
	for _, n := range q.Notes {
		out = append(out, ExplainLine{Operator: "join", Detail: n})
	}
	if q.InProcess != "" {
		out = append(out, ExplainLine{Operator: "in-process because", Detail: q.InProcess})
	}
	return out
}

func describe(n Node, canonical bool) (op, detail string, inputs []Node) {
	switch n := n.(type) {
	case *Scan:
		if n.Virtual {
			d := InformationSchema + "." + n.Collection
			if n.Collection == CreateTableSource {
				d = n.Collection
			}
			if len(n.Names) > 0 {
				d += " of " + exprList(n.Names)
			}
			return "catalog", d + " (in-process)", nil
		}
		if n.Find != nil {
			return "mongo find", n.Collection + " " + findJSON(n.Find, canonical), nil
		}
		if len(n.Pipeline) == 0 {
			return "mongo find", n.Collection + " {}", nil
		}
		b, err := bson.MarshalExtJSON(bson.D{{Key: "pipeline", Value: n.Pipeline}}, canonical, false)
		if err != nil {
			return "mongo aggregate", n.Collection + " (" + err.Error() + ")", nil
		}
		s := strings.TrimSuffix(strings.TrimPrefix(string(b), `{"pipeline":`), "}")
		return "mongo aggregate", n.Collection + " " + s, nil
	case *Values:
		return "values", fmt.Sprintf("%d row(s)", len(n.Rows)), nil
	case *Filter:
		return "filter", ExprString(n.Cond), []Node{n.Input}
	case *Project:
		return "project", exprList(n.Exprs), []Node{n.Input}
	case *Sort:
		return "sort", sortKeysString(n.Keys), []Node{n.Input}
	case *Limit:
		d := ""
		if n.Offset != nil {
			d = "offset " + ExprString(n.Offset) + " "
		}
		if n.Count != nil {
			d += "count " + ExprString(n.Count)
		}
		return "limit", strings.TrimSpace(d), []Node{n.Input}
	}
	return describeMore(n)
}

// findJSON shows a find's parts as the command names them.
func findJSON(f *Find, canonical bool) string {
	d := bson.D{}
	for _, e := range []bson.E{{Key: "filter", Value: f.Filter}, {Key: "sort", Value: f.Sort}, {Key: "skip", Value: f.Skip},
		{Key: "limit", Value: f.Limit}, {Key: "projection", Value: f.Projection}} {
		if e.Value != nil && !isEmptyDoc(e.Value) {
			d = append(d, e)
		}
	}
	b, err := bson.MarshalExtJSON(d, canonical, false)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return string(b)
}

func isEmptyDoc(v any) bool {
	d, ok := v.(bson.D)
	return ok && len(d) == 0
}

func exprList(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = ExprString(e)
	}
	return strings.Join(parts, ", ")
}

// ExprString renders a bound expression for EXPLAIN and golden files.
func ExprString(e Expr) string {
	switch x := e.(type) {
	case *ColRef:
		if x.Index < 0 {
			return x.Name // read by field path only (a joined pipeline)
		}
		return fmt.Sprintf("%s#%d", x.Name, x.Index)
	case *Literal:
		if x.Value == nil {
			return "NULL"
		}
		if s, ok := x.Value.(string); ok {
			return fmt.Sprintf("%q", s)
		}
		return fmt.Sprint(x.Value)
	case *OuterRef:
		return "outer(" + x.Name + ")"
	case *Row:
		return "(" + exprList(x.Items) + ")"
	case *ParamRef:
		return fmt.Sprintf("$%d", x.N+1)
	case *Compare:
		return "(" + ExprString(x.L) + " " + x.Op.String() + " " + ExprString(x.R) + ")"
	case *And:
		return "(" + joinExprs(x.Args, " AND ") + ")"
	case *Or:
		return "(" + joinExprs(x.Args, " OR ") + ")"
	case *Not:
		return "NOT " + ExprString(x.X)
	case *IsNull:
		if x.Negate {
			return ExprString(x.X) + " IS NOT NULL"
		}
		return ExprString(x.X) + " IS NULL"
	case *IsTruth:
		s := ExprString(x.X) + " IS "
		if x.Negate {
			s += "NOT "
		}
		if x.Want {
			return s + "TRUE"
		}
		return s + "FALSE"
	case *InList:
		op := " IN ("
		if x.Negate {
			op = " NOT IN ("
		}
		return ExprString(x.X) + op + joinExprs(x.List, ", ") + ")"
	case *Between:
		op := " BETWEEN "
		if x.Negate {
			op = " NOT BETWEEN "
		}
		return ExprString(x.X) + op + ExprString(x.Lo) + " AND " + ExprString(x.Hi)
	}
	return exprStringMore(e)
}

func joinExprs(es []Expr, sep string) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = ExprString(e)
	}
	return strings.Join(parts, sep)
}

// Describe explains any plan: queries as Explain does, writes by their
// filter or source and their values.
func Describe(p Plan, canonical bool) []ExplainLine {
	switch p := p.(type) {
	case *Query:
		return Explain(p, canonical)
	case *Insert:
		lines := []ExplainLine{{Operator: "insert", Detail: fmt.Sprintf("%s %d row(s)", p.Table.Name, len(p.Rows))}}
		for _, r := range p.Rows {
			lines = append(lines, ExplainLine{Operator: "  row", Detail: exprList(r)})
		}
		return lines
	case *Update:
		sets := make([]string, len(p.Set))
		for i, a := range p.Set {
			sets[i] = a.Column.Name + " = " + ExprString(a.Value)
		}
		if p.Inc != nil {
			return describeInc(p, strings.Join(sets, ", "), canonical)
		}
		lines := writeLines("update "+p.Table.Name, strings.Join(sets, ", "), p.Filter, p.Source, canonical)
		if p.Pipeline != nil {
			b, _ := bson.MarshalExtJSON(bson.D{{Key: "u", Value: p.Pipeline}}, canonical, false)
			lines = append(lines, ExplainLine{Operator: "  mongo update pipeline", Detail: strings.TrimSuffix(strings.TrimPrefix(string(b), `{"u":`), "}")})
		}
		if p.Checked != "" {
			lines = append(lines, ExplainLine{Operator: "in-process because", Detail: p.Checked})
		}
		return append(lines, describeUpdateNotes(p)...)
	case *Delete:
		return writeLines("delete", p.Table.Name, p.Filter, p.Source, canonical)
	case *MultiDelete:
		names := make([]string, len(p.Tables))
		for i, t := range p.Tables {
			names[i] = t.Name
		}
		return writeLines("delete", strings.Join(names, ", "), nil, p.Source, canonical)
	case *CreateTable:
		return []ExplainLine{{Operator: "create table", Detail: p.Def.Name}}
	case *DropTable:
		return []ExplainLine{{Operator: "drop table", Detail: strings.Join(p.Def.Names, ", ")}}
	case *CreateIndex:
		return []ExplainLine{{Operator: "create index", Detail: p.Def.Name + " on " + p.Def.Table}}
	case *DropIndex:
		return []ExplainLine{{Operator: "drop index", Detail: p.Def.Name + " on " + p.Def.Table}}
	case *AlterTable:
		return []ExplainLine{{Operator: "alter table", Detail: p.Def.Table}}
	case *Truncate:
		return []ExplainLine{{Operator: "truncate", Detail: p.Table}}
	case *Analyze:
		return []ExplainLine{{Operator: "analyze", Detail: strings.Join(p.Tables, ", ")}}
	}
	return []ExplainLine{{Operator: fmt.Sprintf("%T", p)}}
}

func writeLines(op, detail string, filter bson.D, source Node, canonical bool) []ExplainLine {
	lines := []ExplainLine{{Operator: op, Detail: detail}}
	if source != nil {
		for _, l := range Explain(&Query{Root: source}, canonical) {
			lines = append(lines, ExplainLine{Operator: "  " + l.Operator, Detail: l.Detail})
		}
		return lines
	}
	b, _ := bson.MarshalExtJSON(filter, canonical, false)
	return append(lines, ExplainLine{Operator: "  mongo filter", Detail: string(b)})
}

// sortKeysString prints ORDER BY keys.
func sortKeysString(keys []SortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = ExprString(k.Expr)
		if k.Desc {
			parts[i] += " DESC"
		}
	}
	return strings.Join(parts, ", ")
}
