package exec

import (
	"context"
	"database/sql/driver"
	"io"
	"time"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Session is one connection's state: what LAST_INSERT_ID(), ROW_COUNT()
// and FOUND_ROWS() report. The driver keeps one per connection and passes
// it to every statement it runs; a connection is used by one goroutine at
// a time, so it needs no lock.
type Session struct {
	lastInsertID, rowCount, foundRows int64
	id                                int64         // CONNECTION_ID(), taken on first use (exec/locks.go)
	locks                             *sessionLocks // GET_LOCK's, made on first use
	vars                              vars          // what SET assigned (exec/vars.go)
	// home is the engine the session first ran on (its DSN's database):
	// its user-level locks and CONNECTION_ID() stay there across USE.
	home *Engine
}

// sqlMode is @@sql_mode: the connector's sqlmongo.sqlMode.
func (e *Engine) sqlMode() string { return e.opts.SQLMode.Text } // the connector's; a SET overrides it per connection (exec/vars.go)

// newEnv is the evaluation environment of one execution (one allocation
// holds it and its session state); ctx is the statement's, for the lock
// functions.
func (e *Engine) newEnv(ctx context.Context, args []any, sess *Session) *planner.Env {
	x := &struct {
		env planner.Env
		ps  planner.Session
	}{
		env: planner.Env{Args: args, Now: time.Now().UTC()},
		ps:  planner.Session{Database: e.db.Name(), User: e.opts.User, SQLMode: e.sqlMode(), Started: e.started},
	}
	if sess != nil {
		x.ps.LastInsertID, x.ps.RowCount, x.ps.FoundRows = sess.lastInsertID, sess.rowCount, sess.foundRows
		if sess.home == nil {
			sess.home = e
		}
		x.ps.Locks = &locker{ctx: ctx, e: sess.home, sess: sess}
		sess.sessionVars(&x.ps)
	}
	x.env.Session = &x.ps
	x.env.Subqueries = &subqueries{ctx: ctx, e: e, env: &x.env}
	return &x.env
}

// wrote records a statement that returned no rows.
func (s *Session) wrote(p planner.Plan, res Result) {
	if s == nil {
		return
	}
	switch p.(type) {
	case *planner.Insert, *planner.Update, *planner.Delete, *planner.MultiDelete:
		s.rowCount = res.RowsAffected
	default:
		s.rowCount = 0
	}
	if res.LastInsertID != 0 {
		s.lastInsertID = res.LastInsertID
	}
}

// countIter counts the rows a SELECT returns, for FOUND_ROWS().
type countIter struct {
	in   RowIter
	sess *Session
	n    int64
	done bool
}

func (it *countIter) Next(ctx context.Context) (sqltypes.Row, error) {
	row, err := it.in.Next(ctx)
	if err == nil {
		it.n++
	} else if err == io.EOF {
		it.finish()
	}
	return row, err
}

func (it *countIter) finish() {
	if !it.done {
		it.done = true
		it.sess.foundRows, it.sess.rowCount = it.n, -1
	}
}

func (it *countIter) Close(ctx context.Context) error {
	it.finish()
	return it.in.Close(ctx)
}

// QuerySession is Query for a connection with session state.
func (s *Stmt) QuerySession(ctx context.Context, sess *Session, named []driver.NamedValue) (*Rows, error) {
	r, err := s.query(ctx, sess, named)
	if err != nil || sess == nil {
		return r, err
	}
	r.iter = &countIter{in: r.iter, sess: sess}
	return r, nil
}

// ExecSession is Exec for a connection with session state.
func (s *Stmt) ExecSession(ctx context.Context, sess *Session, named []driver.NamedValue) (Result, error) {
	if s.parsed.Kind == sqlparse.KindSelect {
		r, err := s.QuerySession(ctx, sess, named)
		if err != nil {
			return Result{}, err
		}
		defer r.Close(ctx)
		for {
			if _, err := r.Next(ctx); err == io.EOF {
				return Result{}, nil
			} else if err != nil {
				return Result{}, err
			}
		}
	}
	return s.exec(ctx, sess, named)
}
