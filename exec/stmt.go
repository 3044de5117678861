package exec

import (
	"context"
	"database/sql/driver"
	"io"
	"sync"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/internal/textcache"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Stmt is a statement parsed once and planned once; the plan is rebuilt
// only when DDL changed the catalog or an argument is NULL.
type Stmt struct {
	e      *Engine
	parsed *sqlparse.Statement

	mu          sync.Mutex
	plan        planner.Plan
	planVersion uint64
}

// Prepare parses and plans query. Statements are cached by their text,
// so db.Query(sql, args…) without Prepare is parsed and planned once too.
func (e *Engine) Prepare(ctx context.Context, query string) (*Stmt, error) {
	if s := e.cachedStmt(query); s != nil {
		return s, nil
	}
	if len(query) < asyncPrepareMin || ctx.Done() == nil {
		return e.prepare(ctx, query)
	}
	// A statement of megabytes takes seconds to parse and plan. Both check
	// ctx as they go (sqlparse.ParseContext, planner.Options.Stop), but
	// the library's parser cannot be stopped: the work runs in a goroutine
	// and Prepare returns ctx.Err() as soon as ctx ends. The goroutine
	// then stops at its next check (the library's parse finishes first:
	// about a second for 10 MB) and its result is dropped.
	type result struct {
		s   *Stmt
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := e.prepare(ctx, query)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// asyncPrepareMin is the statement length from which Prepare parses and
// plans in a goroutine it can stop waiting for: below it both take a few
// milliseconds at most.
const asyncPrepareMin = 64 << 10

func (e *Engine) prepare(ctx context.Context, query string) (*Stmt, error) {
	parsed, err := sqlparse.ParseContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s := &Stmt{e: e, parsed: parsed}
	if _, tx := s.Transaction(); tx == nil && parsed.Database == nil { // the driver runs transaction and database statements
		if _, err := s.currentPlan(ctx); err != nil {
			return nil, err
		}
	}
	e.cacheStmt(query, s)
	return s, nil
}

func (e *Engine) cachedStmt(query string) *Stmt {
	if s, ok := e.stmts.Get(query); ok {
		return s
	}
	if s, ok := e.bulkStmts.Get(query); ok {
		return s
	}
	return nil
}

func (e *Engine) cacheStmt(query string, s *Stmt) {
	e.stmts.Put(query, s)
	if len(query) > stmtTextMax && (s.parsed.NumPositional > 0 || len(s.parsed.Names) > 0) {
		e.bulkStmts.Put(query, s)
	}
}

// newStmtCache holds recently prepared statements by SQL text, bounded by
// the bytes of text (a statement's parse tree and plan grow with it). ORMs
// send a bounded set of texts; long ones (bulk INSERTs, generated IN
// lists) are rarely sent twice and are not kept.
func newStmtCache() *textcache.Cache[*Stmt] { return textcache.New[*Stmt](2<<20, stmtTextMax) }

const stmtTextMax = 16 << 10

// newBulkStmtCache holds the long texts with placeholders the statement
// cache leaves out: a batch loader sends the same INSERT of N rows again
// and again with new values, and parsing and planning it each time costs
// more than the write. A parsed and planned statement holds about 40 bytes
// per byte of text (a 1,000-row INSERT, 20 KB of text: about 850 KB), so
// this one holds little text: a few such statements.
func newBulkStmtCache() *textcache.Cache[*Stmt] { return textcache.New[*Stmt](128<<10, 64<<10) }

// NumInput is the number of positional parameters, or -1 when the
// statement uses named ones (database/sql then does not count).
func (s *Stmt) NumInput() int {
	if len(s.parsed.Names) > 0 {
		return -1
	}
	return s.parsed.NumPositional
}

func (s *Stmt) currentPlan(ctx context.Context) (planner.Plan, error) {
	if t := txFrom(ctx); t != nil && t.schema {
		return s.txPlan(ctx)
	}
	v := s.e.catalog.Version()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plan != nil && s.planVersion == v {
		return s.plan, nil
	}
	caps, err := s.e.Capabilities(ctx)
	if err != nil {
		return nil, err
	}
	p, err := planner.BuildWith(s.parsed, planCatalog{ctx: ctx, c: s.e.catalog}, caps, planner.Options{Stop: ctx.Err})
	if err != nil {
		return nil, err
	}
	s.plan, s.planVersion = p, v
	return p, nil
}

// planFor returns the plan for one execution: the prepared one, or one
// with the arguments folded in when any is NULL.
func (s *Stmt) planFor(ctx context.Context, args []any) (planner.Plan, error) {
	if s.parsed.Kind == sqlparse.KindInsert {
		// A NULL value changes no filter; the prepared plan serves.
		return s.currentPlan(ctx)
	}
	for _, a := range args {
		if a == nil {
			caps, err := s.e.Capabilities(ctx)
			if err != nil {
				return nil, err
			}
			return planner.BuildWith(s.parsed, planCatalog{ctx: ctx, c: s.e.catalogFor(ctx)}, caps, planner.Options{Inline: args, Stop: ctx.Err})
		}
	}
	return s.currentPlan(ctx)
}

// bindArgs orders the arguments as the statement's parameters and checks
// their number.
func (s *Stmt) bindArgs(sess *Session, named []driver.NamedValue) ([]any, error) {
	if names := s.parsed.Names; len(names) > 0 {
		out := make([]any, len(names))
		for i, n := range names {
			found := false
			for _, a := range named {
				if a.Name == n {
					out[i], found = argValue(a.Value), true
					break
				}
			}
			if !found && sess != nil && s.parsed.AtNames[n] && userVarRef(named) {
				out[i] = sess.userVar(n) // @x: the connection's user variable
				continue
			}
			if !found {
				return nil, sqlerr.New(sqlerr.Args, "no value for parameter :%s", n)
			}
		}
		return out, nil
	}
	if len(named) != s.parsed.NumPositional {
		return nil, sqlerr.New(sqlerr.Args, "statement has %d parameters, got %d arguments", s.parsed.NumPositional, len(named))
	}
	out := make([]any, len(named))
	for _, a := range named {
		if a.Ordinal < 1 || a.Ordinal > len(out) {
			return nil, sqlerr.New(sqlerr.Args, "argument ordinal %d out of range", a.Ordinal)
		}
		out[a.Ordinal-1] = argValue(a.Value)
	}
	return out, nil
}

// argValue maps a driver argument to an in-process value.
func argValue(v driver.Value) any {
	switch x := v.(type) {
	case int64, float64, string, bool, nil:
		return x
	case []byte:
		return append([]byte(nil), x...)
	}
	return v // time.Time, bson.ObjectID, bson.Decimal128
}

// Rows is a streaming result.
type Rows struct {
	Columns []sqltypes.Column
	iter    RowIter
}

// Next returns the next row or io.EOF.
func (r *Rows) Next(ctx context.Context) (sqltypes.Row, error) { return r.iter.Next(ctx) }

// Close releases the server cursor.
func (r *Rows) Close(ctx context.Context) error { return r.iter.Close(ctx) }

// Result is the outcome of a write.
type Result struct {
	RowsAffected int64
	LastInsertID int64
}

// Query runs the statement and returns its rows; a statement without rows
// runs and returns an empty result.
func (s *Stmt) Query(ctx context.Context, named []driver.NamedValue) (*Rows, error) {
	return s.query(ctx, nil, named)
}

func (s *Stmt) query(ctx context.Context, sess *Session, named []driver.NamedValue) (*Rows, error) {
	if err := txFailed(ctx); err != nil {
		return nil, err
	}
	if s.HasVars() {
		return EmptyRows(), s.set(ctx, sess, named)
	}
	args, err := s.bindArgs(sess, named)
	if err != nil {
		return nil, err
	}
	p, err := s.planFor(ctx, args)
	if err != nil {
		return nil, err
	}
	env := s.e.newEnv(ctx, args, sess)
	if x, ok := p.(*planner.Explained); ok {
		return s.explain(ctx, x.Plan)
	}
	q, ok := p.(*planner.Query)
	if !ok {
		res, err := s.run(ctx, p, env)
		if err != nil {
			return nil, err
		}
		sess.wrote(p, res)
		return &Rows{iter: &valuesIter{}}, nil
	}
	if q.Explain {
		return s.explain(ctx, q)
	}
	it, err := s.e.open(ctx, q.Root, env)
	if err != nil {
		return nil, s.queryError(ctx, err)
	}
	return &Rows{Columns: q.Columns, iter: it}, nil
}

// Exec runs a statement for its effect.
func (s *Stmt) Exec(ctx context.Context, named []driver.NamedValue) (Result, error) {
	return s.exec(ctx, nil, named)
}

func (s *Stmt) exec(ctx context.Context, sess *Session, named []driver.NamedValue) (Result, error) {
	if s.HasVars() {
		return Result{}, s.set(ctx, sess, named)
	}
	args, err := s.bindArgs(sess, named)
	if err != nil {
		return Result{}, err
	}
	p, err := s.planFor(ctx, args)
	if err != nil {
		return Result{}, err
	}
	res, err := s.run(ctx, p, s.e.newEnv(ctx, args, sess))
	if err == nil {
		sess.wrote(p, res)
	}
	return res, err
}

func (e *Engine) execPlan(ctx context.Context, p planner.Plan, env *planner.Env) (Result, error) {
	switch p := p.(type) {
	case *planner.Query:
		it, err := e.open(ctx, p.Root, env)
		if err != nil {
			return Result{}, err
		}
		defer it.Close(ctx)
		for {
			if _, err := it.Next(ctx); err == io.EOF {
				return Result{}, nil
			} else if err != nil {
				return Result{}, err
			}
		}
	case *planner.Insert:
		return e.insert(ctx, p, env)
	case *planner.Update:
		return e.update(ctx, p, env)
	case *planner.Delete:
		return e.delete(ctx, p, env)
	case *planner.MultiDelete:
		return e.multiDelete(ctx, p, env)
	case *planner.CreateTable:
		return Result{}, e.createTable(ctx, p.Def)
	case *planner.DropTable:
		return Result{}, e.dropTable(ctx, p.Def)
	case *planner.CreateIndex:
		return Result{}, e.createIndex(ctx, p.Def)
	case *planner.DropIndex:
		return Result{}, e.dropIndex(ctx, p.Def)
	case *planner.AlterTable:
		return Result{}, e.alterTable(ctx, p.Def, e.mode(env).Strict)
	case *planner.Truncate:
		return Result{}, e.truncate(ctx, p.Table)
	case *planner.Analyze:
		for _, t := range p.Tables {
			if _, err := e.loadDef(ctx, t); err != nil {
				return Result{}, err
			}
			e.catalog.invalidate(t)
		}
		return Result{}, nil
	case *planner.Passthrough, *planner.Explained:
		return Result{}, nil
	}
	return Result{}, sqlerr.New(sqlerr.Internal, "cannot run plan %T", p)
}

func (s *Stmt) explain(ctx context.Context, p planner.Plan) (*Rows, error) {
	note, err := s.e.profileNote(ctx)
	if err != nil {
		return nil, err
	}
	notes, err := s.e.updateNotes(ctx, p)
	if err != nil {
		return nil, err
	}
	return explainRows(p, note, notes...), nil
}
