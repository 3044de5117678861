package driver

import (
	"context"
	"database/sql/driver"

	"github.com/sqlmongo/sqlmongo/exec"
)

// stmt implements driver.Stmt over a statement parsed and planned once.
type stmt struct {
	s *exec.Stmt
	c *conn // runs it, in its transaction
}

func (s *stmt) Close() error { return nil }

// NumInput implements driver.Stmt; -1 for statements with named parameters.
func (s *stmt) NumInput() int { return s.s.NumInput() }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.c.execOne(context.Background(), s.s, namedValues(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.c.queryOne(context.Background(), s.s, namedValues(args))
}

// ExecContext implements driver.StmtExecContext.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.execOne(ctx, s.s, args)
}

// QueryContext implements driver.StmtQueryContext.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.queryOne(ctx, s.s, args)
}

// CheckNamedValue implements driver.NamedValueChecker.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error { return (&conn{}).CheckNamedValue(nv) }

func execStmt(ctx context.Context, s *exec.Stmt, sess *exec.Session, args []driver.NamedValue) (driver.Result, error) {
	res, err := s.ExecSession(ctx, sess, args)
	if err != nil {
		return nil, err
	}
	return result{res}, nil
}

func queryStmt(ctx context.Context, s *exec.Stmt, sess *exec.Session, args []driver.NamedValue) (driver.Rows, error) {
	r, err := s.QuerySession(ctx, sess, args)
	if err != nil {
		return nil, err
	}
	return &rows{ctx: ctx, r: r}, nil
}

func namedValues(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return out
}

// result implements driver.Result.
type result struct{ r exec.Result }

// LastInsertId is the first AUTO_INCREMENT value the statement generated,
// 0 when it generated none, as in MySQL.
func (r result) LastInsertId() (int64, error) { return r.r.LastInsertID, nil }

func (r result) RowsAffected() (int64, error) { return r.r.RowsAffected, nil }
