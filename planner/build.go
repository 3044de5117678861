package planner

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

type planCtx struct {
	stmt   *sqlparse.Statement
	cat    Catalog
	caps   Capabilities
	inline []any
}

// Build plans a parsed statement for a server with caps. Parameters stay
// placeholders, so the plan is reused across executions.
func Build(stmt *sqlparse.Statement, cat Catalog, caps Capabilities) (Plan, error) {
	p := &planCtx{stmt: stmt, cat: cat, caps: caps}
	return p.build()
}

// BuildInline plans with the arguments folded in as literals. exec uses it
// when an argument is NULL: "a = NULL" must match nothing, which a
// placeholder in a query-language filter cannot express.
func BuildInline(stmt *sqlparse.Statement, cat Catalog, caps Capabilities, args []any) (Plan, error) {
	if args == nil {
		args = []any{}
	}
	p := &planCtx{stmt: stmt, cat: cat, caps: caps, inline: args}
	return p.build()
}

func (p *planCtx) build() (Plan, error) {
	s := p.stmt
	switch s.Kind {
	case sqlparse.KindSelect:
		sel, ok := s.AST.(*sqlparser.Select)
		if !ok {
			return nil, unsupported("UNION")
		}
		q, err := p.selectPlan(sel)
		if err != nil {
			return nil, err
		}
		useFind(q.Root)
		q.Explain = s.Explain
		return q, nil
	case sqlparse.KindInsert, sqlparse.KindUpdate, sqlparse.KindDelete:
		var plan Plan
		var err error
		switch ast := s.AST.(type) {
		case *sqlparser.Insert:
			plan, err = p.insertPlan(ast)
		case *sqlparser.Update:
			plan, err = p.updatePlan(ast)
		case *sqlparser.Delete:
			plan, err = p.deletePlan(ast)
		}
		if err != nil {
			return nil, err
		}
		switch w := plan.(type) {
		case *Update:
			useFind(w.Source)
		case *Delete:
			useFind(w.Source)
		}
		if !s.Explain {
			return plan, nil
		}
		// EXPLAIN of a write describes it and writes nothing.
		return &Explained{Plan: plan}, nil
	case sqlparse.KindCreateTable:
		return &CreateTable{Def: s.CreateTable}, nil
	case sqlparse.KindDropTable:
		return &DropTable{Def: s.DropTable}, nil
	case sqlparse.KindCreateIndex:
		return &CreateIndex{Def: s.CreateIndex}, nil
	case sqlparse.KindDropIndex:
		return &DropIndex{Def: s.DropIndex}, nil
	case sqlparse.KindAlterTable:
		return &AlterTable{Def: s.AlterTable}, nil
	case sqlparse.KindTruncate:
		return &Truncate{Table: s.Truncate}, nil
	case sqlparse.KindAnalyze:
		return &Analyze{Tables: s.Tables}, nil
	case sqlparse.KindSet:
		return &Passthrough{}, nil
	}
	return nil, sqlerr.New(sqlerr.Unsupported, "%s statements", kindName(s.Kind))
}

func kindName(k sqlparse.Kind) string {
	switch k {
	case sqlparse.KindCreateIndex:
		return "CREATE INDEX"
	case sqlparse.KindDropIndex:
		return "DROP INDEX"
	case sqlparse.KindAlterTable:
		return "ALTER TABLE"
	case sqlparse.KindTruncate:
		return "TRUNCATE"
	case sqlparse.KindShow:
		return "SHOW"
	case sqlparse.KindBegin, sqlparse.KindCommit, sqlparse.KindRollback, sqlparse.KindSavepoint,
		sqlparse.KindReleaseSavepoint, sqlparse.KindRollbackTo:
		return "transaction"
	}
	return "these"
}
