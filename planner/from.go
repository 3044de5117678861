package planner

import (
	"slices"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// source is one table of a multi-table FROM clause: a collection read
// under a name (its alias, else its table name).
type source struct {
	id    int // position in FROM order, 0-based
	table *Table
	name  string
	probe func(path string) (bool, error)
	// extra lists dotted paths read beyond the table's columns (sampled
	// collections); they occupy row positions after the columns.
	extra []string
	// nullable is set on the NULL-supplying side of an outer join: all its
	// columns may read NULL.
	nullable bool
	// derived, when set, is the planned subquery of a derived table. When
	// it is one pipeline, paths are the fields of its output documents
	// and a join can start from it; else its rows are read in-process.
	derived *Query
	paths   []string
}

func (s *source) width() int { return len(s.table.Columns) + len(s.extra) }

// fields returns the document paths of the source's row, in row order.
func (s *source) fields() ([]string, []sqltypes.Type) {
	fields := make([]string, 0, s.width())
	types := make([]sqltypes.Type, 0, s.width())
	for i, c := range s.table.Columns {
		if s.paths != nil {
			fields = append(fields, s.paths[i])
		} else {
			fields = append(fields, s.table.Path(c.Name))
		}
		types = append(types, c.Type)
	}
	for _, e := range s.extra {
		fields = append(fields, e)
		types = append(types, sqltypes.Type{Kind: sqltypes.Null})
	}
	return fields, types
}

// ref makes the column reference for position i of the source's row.
// Index is provisional (unique per source and position) until the join
// order fixes the row layout (see layout.place).
func (s *source) ref(i int) *ColRef {
	var name, path string
	var t sqltypes.Type
	if i < len(s.table.Columns) {
		c := s.table.Columns[i]
		name, path, t = c.Name, s.table.Path(c.Name), c.Type
		if s.paths != nil {
			path = s.paths[i]
		}
	} else {
		name = s.extra[i-len(s.table.Columns)]
		path, t = name, sqltypes.Type{Kind: sqltypes.Null}
	}
	return &ColRef{Index: provisional(s.id, i), Name: s.name + "." + name, Path: path, T: t, Src: s.id + 1, Local: i, Field: path}
}

func provisional(src, i int) int { return (src+1)<<20 | i }

func (s *source) extraRef(path string) *ColRef {
	for i, e := range s.extra {
		if e == path {
			return s.ref(len(s.table.Columns) + i)
		}
	}
	s.extra = append(s.extra, path)
	return s.ref(s.width() - 1)
}

// fromJoin is a join of the FROM tree; a leaf is a *source.
type fromJoin struct {
	kind        JoinKind // InnerJoin or LeftJoin (RIGHT is swapped)
	left, right fromNode
	on          Expr
	// using lists the USING / NATURAL columns, coalesced into one.
	using []string
	// rightJoin marks a RIGHT JOIN, kept as a LEFT JOIN with its sides
	// swapped.
	rightJoin bool
}

// fromNode is a *source or a *fromJoin.
type fromNode interface{}

// multiScope resolves names over several sources.
type multiScope struct {
	sources []*source // FROM order
	// coalesced maps a USING column (lower case) to the sources it
	// joins: an unqualified reference reads src's column.
	coalesced map[string]*usingCol
	// root is the bound FROM tree (set once the FROM clause is bound).
	root fromNode
	// usingOrder lists the USING columns in the order SELECT * shows them.
	usingOrder []*usingCol
}

type usingCol struct {
	name string
	src  *source
	// others are the sources whose same-named column SELECT * omits.
	others []*source
}

// bindFrom binds a FROM clause of one or more table expressions.
func (p *planCtx) bindFrom(b *binder, from sqlparser.TableExprs) (fromNode, error) {
	b.multi = &multiScope{coalesced: map[string]*usingCol{}}
	root, err := p.bindTableExprs(b, from)
	b.multi.root = root
	return root, err
}

// bindTableExprs binds a comma list of table expressions: a cross join.
func (p *planCtx) bindTableExprs(b *binder, list sqlparser.TableExprs) (fromNode, error) {
	var root fromNode
	for _, te := range list {
		n, err := p.bindTableExpr(b, te)
		if err != nil {
			return nil, err
		}
		if root == nil {
			root = n
		} else {
			root = &fromJoin{kind: InnerJoin, left: root, right: n}
		}
	}
	return root, nil
}

func (p *planCtx) bindTableExpr(b *binder, te sqlparser.TableExpr) (fromNode, error) {
	switch te := te.(type) {
	case *sqlparser.ParenTableExpr:
		return p.bindTableExprs(b, te.Exprs)
	case *sqlparser.AliasedTableExpr:
		return p.bindSource(b, te)
	case *sqlparser.JoinTableExpr:
		return p.bindJoin(b, te)
	}
	return nil, unsupported("table expression %s", sqlparser.String(te))
}

func (p *planCtx) bindSource(b *binder, ate *sqlparser.AliasedTableExpr) (*source, error) {
	ms := b.multi
	s := &source{id: len(ms.sources)}
	switch x := ate.Expr.(type) {
	case sqlparser.TableName:
		if isDual(ate) {
			return nil, unsupported("DUAL in a join")
		}
		t, err := p.fromTable(x)
		if err != nil {
			return nil, err
		}
		s.table, s.name, s.probe = t, t.Name, prober(p.cat, t)
	case *sqlparser.Subquery:
		if ate.As.IsEmpty() {
			return nil, sqlerr.Numbered(sqlerr.Syntax, 1248, "every derived table must have its own alias")
		}
		q, err := p.subquery(x.Select, nil)
		if err != nil {
			return nil, err
		}
		s.derived = q
		if s.table, err = derivedTable(ate.As.String(), q); err != nil {
			return nil, err
		}
		if sc, ok := q.Root.(*Scan); ok && !sc.Virtual && sc.Find == nil && len(sc.Pipeline) > 0 && len(sc.Fields) == len(q.Columns) {
			s.paths = sc.Fields
		}
		s.name = s.table.Name
	default:
		return nil, unsupported("table expression %s", sqlparser.String(ate))
	}
	if !ate.As.IsEmpty() {
		s.name = ate.As.String()
	}
	for _, o := range ms.sources {
		if o.name == s.name {
			// Case-sensitive, as qualifiers are: FROM t a JOIN u A is two names.
			return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrNonUniqTable, "not unique table/alias: '%s'", s.name)
		}
	}
	ms.sources = append(ms.sources, s)
	return s, nil
}

// derivedTable describes a derived table's rows as a table, so names
// resolve against its output columns.
func derivedTable(name string, q *Query) (*Table, error) {
	t := &Table{Name: name, Defined: true}
	for _, c := range q.Columns {
		if prev, _ := t.Column(c.Name); prev != nil {
			return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrDupFieldName, "duplicate column name '%s' in derived table %s", c.Name, name)
		}
		t.Columns = append(t.Columns, TableColumn{Name: c.Name, Type: c.Type, NotNull: !c.Nullable})
	}
	return t, nil
}

func (p *planCtx) bindJoin(b *binder, je *sqlparser.JoinTableExpr) (fromNode, error) {
	left, err := p.bindTableExpr(b, je.LeftExpr)
	if err != nil {
		return nil, err
	}
	right, err := p.bindTableExpr(b, je.RightExpr)
	if err != nil {
		return nil, err
	}
	j := &fromJoin{kind: InnerJoin, left: left, right: right}
	switch je.Join {
	case sqlparser.JoinStr, sqlparser.StraightJoinStr:
	case sqlparser.LeftJoinStr:
		j.kind = LeftJoin
	case sqlparser.RightJoinStr:
		j.kind, j.left, j.right, j.rightJoin = LeftJoin, right, left, true
	case sqlparser.NaturalJoinStr, sqlparser.NaturalLeftJoinStr, sqlparser.NaturalRightJoinStr:
		if je.Join == sqlparser.NaturalLeftJoinStr {
			j.kind = LeftJoin
		} else if je.Join == sqlparser.NaturalRightJoinStr {
			j.kind, j.left, j.right, j.rightJoin = LeftJoin, right, left, true
		}
		j.using = commonColumns(leaves(left), leaves(right))
	default:
		return nil, unsupported("%s", je.Join)
	}
	if j.kind == LeftJoin {
		for _, s := range leaves(j.right) {
			s.nullable = true
		}
	}
	for _, c := range je.Condition.Using {
		j.using = append(j.using, c.String())
	}
	if len(j.using) > 0 {
		if err := b.bindUsing(j); err != nil {
			return nil, err
		}
		return j, nil
	}
	if je.Condition.On == nil {
		return j, nil // CROSS JOIN, or JOIN without a condition
	}
	if hasAggregate(je.Condition.On) {
		return nil, sqlerr.New(sqlerr.Syntax, "invalid use of group function in ON")
	}
	on, err := b.bind(je.Condition.On)
	if err != nil {
		return nil, err
	}
	// An ON sees the tables of its own join only (a comma binds weaker
	// than JOIN: in "a, b JOIN c ON …" the ON cannot read a).
	inside := leaves(j)
	var outside error
	walkExpr(on, func(x Expr) {
		if c, ok := x.(*ColRef); ok && c.Src > 0 && outside == nil && !slices.ContainsFunc(inside, func(s *source) bool { return s.id == c.Src-1 }) {
			outside = sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s' in 'on clause'", c.Name)
		}
	})
	if outside != nil {
		return nil, outside
	}
	j.on = normalize(on, false)
	return j, nil
}

// bindUsing turns USING (c, …) into the equalities of its columns and
// records which side an unqualified c reads.
func (b *binder) bindUsing(j *fromJoin) error {
	var conds []Expr
	for _, name := range j.using {
		l, li := findColumn(leaves(j.left), name)
		r, ri := findColumn(leaves(j.right), name)
		if l == nil || r == nil {
			return sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s' in 'from clause'", name)
		}
		if err := b.usingUnique(leaves(j.left), name); err != nil {
			return err
		}
		conds = append(conds, &Compare{Op: OpEq, L: l.ref(li), R: r.ref(ri)})
		key := strings.ToLower(name)
		if u, ok := b.multi.coalesced[key]; ok && (u.src == l || slices.Contains(u.others, l)) {
			// a JOIN b USING (k) JOIN c USING (k): one k for all three.
			u.others = append(u.others, r)
			continue
		}
		u := &usingCol{name: l.table.Columns[li].Name, src: l, others: []*source{r}}
		b.multi.coalesced[key] = u
		b.multi.usingOrder = append(b.multi.usingOrder, u)
	}
	j.on = andOf(conds)
	return nil
}

// usingUnique refuses USING (name) when two tables of a side have the
// column, unless an earlier USING made them one.
func (b *binder) usingUnique(side []*source, name string) error {
	var have []*source
	for _, s := range side {
		if c, _ := s.table.Column(name); c != nil {
			have = append(have, s)
		}
	}
	if len(have) < 2 {
		return nil
	}
	if u := b.multi.coalesced[strings.ToLower(name)]; u != nil {
		group := append([]*source{u.src}, u.others...)
		if !slices.ContainsFunc(have, func(s *source) bool { return !slices.Contains(group, s) }) {
			return nil
		}
	}
	return ambiguous(name, have)
}

// commonColumns lists the column names both sides have (NATURAL JOIN), in
// the left side's order.
func commonColumns(left, right []*source) []string {
	var out []string
	for _, l := range left {
		for _, c := range l.table.Columns {
			if s, _ := findColumn(right, c.Name); s != nil {
				out = append(out, c.Name)
			}
		}
	}
	return out
}

func findColumn(ss []*source, name string) (*source, int) {
	for _, s := range ss {
		if c, i := s.table.Column(name); c != nil {
			return s, i
		}
	}
	return nil, -1
}

// leaves lists the sources under n, left to right.
func leaves(n fromNode) []*source {
	switch x := n.(type) {
	case *source:
		return []*source{x}
	case *fromJoin:
		return append(leaves(x.left), leaves(x.right)...)
	}
	return nil
}

// multiColumn resolves a column name over the FROM clause's sources, as
// MySQL does: a qualified name reads that source; an unqualified one the
// single source that has it (a USING column reads its coalesced side).
func (b *binder) multiColumn(c *sqlparser.ColName) (Expr, error) {
	ms := b.multi
	name := c.Name.String()
	if q := c.Qualifier.Name.String(); q != "" {
		for _, s := range ms.sources {
			if qualifies(q, s.name) {
				return b.sourceColumn(s, name)
			}
		}
		return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s.%s' in 'field list'", q, name)
	}
	u := ms.coalesced[strings.ToLower(name)]
	var found []*source
	for _, s := range ms.sources {
		if col, _ := s.table.Column(name); col != nil && (u == nil || s != u.src && !slices.Contains(u.others, s)) {
			found = append(found, s)
		}
	}
	if u != nil {
		// The USING column is one column, unless another table has the
		// name too.
		if len(found) == 0 {
			return b.sourceColumn(u.src, name)
		}
		found = append(found, u.src)
	}
	switch len(found) {
	case 1:
		return b.sourceColumn(found[0], name)
	case 0:
		if e, ok := b.aliases[strings.ToLower(name)]; ok {
			// A copy: the alias may be read where the select list is
			// not (a HAVING that became a WHERE on one table).
			return cloneExpr(e), nil
		}
		// A field a sampled collection's sample did not show: it must be
		// on exactly one undefined source that has it somewhere.
		var hits []*source
		for _, s := range ms.sources {
			if s.table.Defined || s.derived != nil {
				continue
			}
			if s.probe != nil {
				ok, err := s.probe(name)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
			}
			hits = append(hits, s)
		}
		if len(hits) == 1 {
			return hits[0].extraRef(name), nil
		}
		if len(hits) > 1 {
			return nil, ambiguous(name, hits)
		}
		return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s' in 'field list'", name)
	}
	return nil, ambiguous(name, found)
}

func ambiguous(name string, ss []*source) error {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = "'" + s.name + "'"
	}
	if len(names) == 2 {
		return sqlerr.New(sqlerr.Ambiguous, "column '%s' is ambiguous: tables %s and %s both have it; qualify it", name, names[0], names[1])
	}
	return sqlerr.New(sqlerr.Ambiguous, "column '%s' is ambiguous: tables %s all have it; qualify it", name, strings.Join(names, ", "))
}

// sourceColumn resolves name on source s.
func (b *binder) sourceColumn(s *source, name string) (Expr, error) {
	if _, i := s.table.Column(name); i >= 0 {
		return s.ref(i), nil
	}
	if !s.table.Defined && s.derived == nil {
		if s.probe != nil {
			ok, err := s.probe(name)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, unknownColumn(name, s.table)
			}
		}
		return s.extraRef(name), nil
	}
	if head, _, ok := strings.Cut(name, "."); ok && s.derived == nil {
		if hc, _ := s.table.Column(head); hc != nil {
			return s.extraRef(name), nil
		}
	}
	return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s.%s' in 'field list'", s.name, name)
}

// starColumns expands * (qual empty) or qual.* over the sources: USING
// columns first, once, then every other column in FROM order.
func (b *binder) starColumns(qual string) ([]*ColRef, []*source, error) {
	ms := b.multi
	var refs []*ColRef
	var srcs []*source
	skip := map[*source]map[string]bool{}
	if qual == "" {
		for _, u := range ms.usingOrder {
			_, i := u.src.table.Column(u.name)
			refs = append(refs, u.src.ref(i))
			srcs = append(srcs, u.src)
			for _, s := range append([]*source{u.src}, u.others...) {
				if skip[s] == nil {
					skip[s] = map[string]bool{}
				}
				skip[s][strings.ToLower(u.name)] = true
			}
		}
	}
	matched := false
	for _, s := range starOrder(ms.root) {
		if qual != "" && !qualifies(qual, s.name) {
			continue
		}
		matched = true
		for i, c := range s.table.Columns {
			if skip[s][strings.ToLower(c.Name)] {
				continue
			}
			refs = append(refs, s.ref(i))
			srcs = append(srcs, s)
		}
	}
	if !matched {
		return nil, nil, sqlerr.Numbered(sqlerr.UnknownTable, 1051, "unknown table '%s'", qual) // ER_BAD_TABLE_ERROR
	}
	return refs, srcs, nil
}

// starOrder lists the tables in the order SELECT * shows their columns:
// FROM order, except that a RIGHT JOIN with USING or NATURAL shows its
// right table first, as MySQL does.
func starOrder(n fromNode) []*source {
	j, ok := n.(*fromJoin)
	if !ok {
		return leaves(n)
	}
	if j.rightJoin && len(j.using) == 0 {
		return append(starOrder(j.right), starOrder(j.left)...)
	}
	return append(starOrder(j.left), starOrder(j.right)...)
}

// sourceOf returns the source a bound column reference reads, or nil.
func (ms *multiScope) sourceOf(c *ColRef) *source {
	if c.Src == 0 || c.Src > len(ms.sources) {
		return nil
	}
	return ms.sources[c.Src-1]
}

// nullableRef reports whether a column of the joined row may be NULL.
func (ms *multiScope) nullableRef(c *ColRef) bool {
	s := ms.sourceOf(c)
	if s == nil {
		return true
	}
	if s.nullable || c.Local >= len(s.table.Columns) {
		return true
	}
	return !s.table.Columns[c.Local].NotNull
}
