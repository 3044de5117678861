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
	stop   stopper
	// outer, when set, is the enclosing query of a subquery being planned.
	outer *outerScope
}

// Options are BuildWith's optional settings.
type Options struct {
	// Inline, when not nil, holds the arguments, folded in as literals
	// (see BuildInline).
	Inline []any
	// Stop, when set, is called every few thousand expressions bound and
	// between the planning passes; its error ends planning and is
	// returned as it is. exec passes the statement's ctx.Err: planning a
	// statement of megabytes takes seconds, and its deadline counts.
	Stop func() error
}

// Build plans a parsed statement for a server with caps. Parameters stay
// placeholders, so the plan is reused across executions.
func Build(stmt *sqlparse.Statement, cat Catalog, caps Capabilities) (Plan, error) {
	return BuildWith(stmt, cat, caps, Options{})
}

// BuildInline plans with the arguments folded in as literals. exec uses it
// when an argument is NULL: "a = NULL" must match nothing, which a
// placeholder in a query-language filter cannot express.
func BuildInline(stmt *sqlparse.Statement, cat Catalog, caps Capabilities, args []any) (Plan, error) {
	if args == nil {
		args = []any{}
	}
	return BuildWith(stmt, cat, caps, Options{Inline: args})
}

// BuildWith is Build with options.
func BuildWith(stmt *sqlparse.Statement, cat Catalog, caps Capabilities, opts Options) (Plan, error) {
	p := &planCtx{stmt: stmt, cat: cat, caps: caps, inline: opts.Inline, stop: stopper{check: opts.Stop}}
	if err := p.stop.now(); err != nil {
		return nil, err
	}
	plan, err := p.build()
	if err != nil {
		return nil, err
	}
	// The last passes (MQL, EXPLAIN's text) check nothing themselves.
	if err := p.stop.now(); err != nil {
		return nil, err
	}
	return plan, nil
}

// stopper calls an Options.Stop function: at every call of now, and at
// every stopEvery-th call of tick (binding an expression ticks once).
type stopper struct {
	check func() error
	n     int
}

const stopEvery = 1024

func (s *stopper) tick() error {
	if s.check == nil {
		return nil
	}
	if s.n++; s.n%stopEvery != 0 {
		return nil
	}
	return s.check()
}

func (s *stopper) now() error {
	if s.check == nil {
		return nil
	}
	return s.check()
}

// binder returns a binder over no table that ticks p's stopper.
func (p *planCtx) binder() *binder {
	return &binder{stmt: p.stmt, inline: p.inline, stop: &p.stop, sub: p.subquery, outer: p.outer}
}

func (p *planCtx) build() (Plan, error) {
	s := p.stmt
	switch s.Kind {
	case sqlparse.KindSelect:
		if s.SetQuery != nil {
			return p.setPlan(s)
		}
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
	case sqlparse.KindShow:
		return p.showPlan(s.Show)
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
