package driver

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/sqlmongo/sqlmongo/exec"
	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// txState is a connection's transaction state: the open transaction, and
// the session settings of SET autocommit and SET [SESSION] TRANSACTION.
type txState struct {
	cur *exec.Tx
	// autocommitOff: SET autocommit = 0; a transaction opens with the
	// next statement and lasts until COMMIT or ROLLBACK, as in MySQL.
	autocommitOff bool
	// sessionReadOnly: SET SESSION TRANSACTION READ ONLY.
	sessionReadOnly bool
	// next: SET TRANSACTION READ ONLY / READ WRITE, for the next
	// transaction only.
	next *bool
}

// BeginTx implements driver.ConnBeginTx: a MongoDB transaction where the
// server has them, else statements apply as they run (sqlmongo.tx).
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted, sql.LevelRepeatableRead,
		sql.LevelSnapshot, sql.LevelSerializable:
		// All run as MongoDB's snapshot isolation (README, "Transactions").
	default:
		return nil, sqlerr.New(sqlerr.Unsupported, "isolation level %v: MongoDB transactions give snapshot isolation "+
			"(Default, ReadUncommitted, ReadCommitted, RepeatableRead, Snapshot and Serializable run as that)",
			sql.IsolationLevel(opts.Isolation))
	}
	if c.tx.cur != nil {
		return nil, sqlerr.New(sqlerr.Unsupported, "a transaction is already open on this connection (BEGIN); COMMIT or ROLLBACK it first")
	}
	t, err := c.begin(ctx, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	return &tx{c: c, t: t}, nil
}

// begin opens a transaction; readOnly adds to the session's setting.
func (c *conn) begin(ctx context.Context, readOnly bool) (*exec.Tx, error) {
	ro := readOnly || c.tx.sessionReadOnly
	if c.tx.next != nil {
		ro = readOnly || *c.tx.next
		c.tx.next = nil
	}
	t, err := c.engine.Begin(ctx, exec.TxOptions{ReadOnly: ro})
	if err != nil {
		return nil, err
	}
	c.tx.cur = t
	return t, nil
}

// end commits or rolls back the open transaction.
func (c *conn) end(commit bool) error {
	t := c.tx.cur
	if t == nil {
		return nil
	}
	c.tx.cur = nil
	if commit {
		return t.Commit(context.Background())
	}
	return t.Rollback(context.Background())
}

// tx implements driver.Tx. A COMMIT or ROLLBACK statement run inside it
// ends it first; Commit and Rollback then do nothing, as in MySQL.
type tx struct {
	c *conn
	t *exec.Tx
}

func (x *tx) Commit() error {
	if x.c.tx.cur != x.t {
		return nil
	}
	return x.c.end(true)
}

func (x *tx) Rollback() error {
	if x.c.tx.cur != x.t {
		return nil
	}
	return x.c.end(false)
}

// stmtCtx is the context a statement runs with: the open transaction's,
// opening one first when autocommit is off.
func (c *conn) stmtCtx(ctx context.Context, s *exec.Stmt) (context.Context, error) {
	if c.tx.cur == nil && c.tx.autocommitOff {
		if kind, _ := s.Transaction(); kind != sqlparse.KindSet {
			if _, err := c.begin(ctx, false); err != nil {
				return nil, err
			}
		}
	}
	if c.tx.cur != nil {
		return c.tx.cur.Context(ctx), nil
	}
	return ctx, nil
}

// prepareCtx is the context statements are prepared with: inside the open
// transaction, whose catalog may differ from the committed one.
func (c *conn) prepareCtx(ctx context.Context) context.Context {
	if c.tx.cur != nil {
		return c.tx.cur.Context(ctx)
	}
	return ctx
}

// execOne runs a prepared statement on the connection: transaction
// statements act on its state, the others run in its transaction.
func (c *conn) execOne(ctx context.Context, s *exec.Stmt, args []driver.NamedValue) (driver.Result, error) {
	if ok, err := c.database(ctx, s); ok {
		if err != nil {
			return nil, c.out(err)
		}
		return result{}, nil
	}
	if kind, t := s.Transaction(); t != nil {
		if err := c.control(ctx, kind, t); err != nil {
			return nil, c.out(err)
		}
		c.sess.SetAutocommit(!c.tx.autocommitOff)
		if !s.HasVars() { // SET autocommit = 0, sql_mode = '': the rest below
			return result{}, nil
		}
	}
	ctx, err := c.stmtCtx(ctx, s)
	if err != nil {
		return nil, c.out(err)
	}
	res, err := execStmt(ctx, s, &c.sess, args)
	if err != nil {
		return nil, c.out(exec.TxError(err))
	}
	return res, nil
}

// queryOne is execOne for a query.
func (c *conn) queryOne(ctx context.Context, s *exec.Stmt, args []driver.NamedValue) (driver.Rows, error) {
	if ok, err := c.database(ctx, s); ok {
		if err != nil {
			return nil, c.out(err)
		}
		return &rows{ctx: ctx, r: exec.EmptyRows()}, nil
	}
	if kind, t := s.Transaction(); t != nil {
		if err := c.control(ctx, kind, t); err != nil {
			return nil, c.out(err)
		}
		c.sess.SetAutocommit(!c.tx.autocommitOff)
		if !s.HasVars() {
			return &rows{ctx: ctx, r: exec.EmptyRows()}, nil
		}
	}
	ctx, err := c.stmtCtx(ctx, s)
	if err != nil {
		return nil, c.out(err)
	}
	r, err := queryStmt(ctx, s, &c.sess, args)
	if err != nil {
		return nil, c.out(exec.TxError(err))
	}
	return r, nil
}

// control runs a transaction statement.
func (c *conn) control(ctx context.Context, kind sqlparse.Kind, t *sqlparse.Transaction) error {
	switch kind {
	case sqlparse.KindBegin:
		if c.tx.cur != nil {
			// MySQL would commit the open transaction first; a silent
			// commit of work its author may mean to roll back is worse
			// than an error.
			return sqlerr.New(sqlerr.Unsupported, "BEGIN inside an open transaction (MySQL commits the open one implicitly; sqlmongo refuses): COMMIT or ROLLBACK it first")
		}
		ro := t.ReadOnly
		if t.ReadWrite {
			f := false
			c.tx.next = &f
		}
		_, err := c.begin(ctx, ro)
		return err
	case sqlparse.KindCommit, sqlparse.KindRollback:
		ro := c.tx.cur != nil && c.tx.cur.ReadOnly()
		if err := c.end(kind == sqlparse.KindCommit); err != nil || !t.Chain {
			return err
		}
		// AND CHAIN: the next transaction has the same characteristics.
		next, err := c.engine.Begin(ctx, exec.TxOptions{ReadOnly: ro})
		if err != nil {
			return err
		}
		c.tx.cur = next
		return nil
	case sqlparse.KindSavepoint:
		if c.tx.cur == nil && c.tx.autocommitOff {
			if _, err := c.begin(ctx, false); err != nil {
				return err
			}
		}
		if c.tx.cur == nil {
			return nil // outside a transaction it marks nothing, as in MySQL
		}
		return c.tx.cur.Savepoint(t.Savepoint)
	case sqlparse.KindReleaseSavepoint, sqlparse.KindRollbackTo:
		if c.tx.cur == nil {
			return &sqlerr.Error{Code: sqlerr.UnknownName, Number: 1305, SQLState: "42000",
				Msg: fmt.Sprintf("SAVEPOINT %s does not exist", t.Savepoint)}
		}
		if kind == sqlparse.KindReleaseSavepoint {
			return c.tx.cur.ReleaseSavepoint(t.Savepoint)
		}
		return c.tx.cur.RollbackTo(t.Savepoint)
	}
	// SET autocommit, SET [SESSION] TRANSACTION.
	if t.Autocommit != nil {
		if *t.Autocommit {
			if c.tx.autocommitOff {
				c.tx.autocommitOff = false
				return c.end(true) // MySQL commits when autocommit turns on
			}
			return nil
		}
		if err := c.engine.CheckTx(ctx); err != nil {
			return err
		}
		c.tx.autocommitOff = true
	}
	if t.ReadOnly || t.ReadWrite || t.Isolation != "" {
		// Every isolation level runs as snapshot isolation.
		if !t.Session && c.tx.cur != nil {
			return &sqlerr.Error{Code: sqlerr.Unsupported, Number: 1568, SQLState: "25001",
				Msg: "transaction characteristics can't be changed while a transaction is in progress"}
		}
		if t.ReadOnly || t.ReadWrite {
			if t.Session {
				c.tx.sessionReadOnly, c.tx.next = t.ReadOnly, nil
			} else {
				ro := t.ReadOnly
				c.tx.next = &ro
			}
		}
	}
	return nil
}

// resetTx aborts an open transaction and forgets the session settings, so
// nothing leaks into the next user of the connection.
func (c *conn) resetTx() {
	if t := c.tx.cur; t != nil {
		c.tx.cur = nil
		_ = t.Rollback(context.Background()) // an honest one's "cannot undo" is moot here
	}
	c.tx = txState{}
	c.sess.SetAutocommit(true)
}
