package driver

import (
	"context"
	"database/sql/driver"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/exec"
	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// conn implements driver.Conn and its optional interfaces. It holds no
// server resources of its own: the connector's client pools them.
type conn struct {
	engine    *exec.Engine // the database in use (USE changes it)
	connector *Connector
	owner     *Connector // set when Driver.Open made a private connector
	closed    bool
	multi     bool // sqlmongo.multiStatements
	// mysqlErrors is sqlmongo.errors=mysql: errors with a MySQL number are
	// returned as *mysql.MySQLError (driver/mysqlerr.go).
	mysqlErrors bool
	// sess is the connection's state: LAST_INSERT_ID(), ROW_COUNT(),
	// FOUND_ROWS().
	sess exec.Session
	tx   txState
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext implements driver.ConnPrepareContext: parse and plan once.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.engine.Prepare(c.prepareCtx(ctx), query)
	if err != nil {
		return nil, c.out(err)
	}
	return &stmt{s: s, c: c}, nil
}

func (c *conn) Close() error {
	c.resetTx()
	c.closed = true
	c.releaseLocks()
	if c.owner != nil {
		return c.owner.Close()
	}
	return nil
}

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// ExecContext implements driver.ExecerContext.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.multi && len(args) == 0 {
		return c.execScript(ctx, query)
	}
	s, err := c.engine.Prepare(c.prepareCtx(ctx), query)
	if err != nil {
		return nil, c.out(err)
	}
	return c.execOne(ctx, s, args)
}

// QueryContext implements driver.QueryerContext.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.engine.Prepare(c.prepareCtx(ctx), query)
	if err != nil {
		return nil, c.out(err)
	}
	return c.queryOne(ctx, s, args)
}

// Ping implements driver.Pinger.
func (c *conn) Ping(ctx context.Context) error { return c.engine.Ping(ctx) }

// ResetSession implements driver.SessionResetter: a transaction left open
// is aborted and SET autocommit / SET TRANSACTION are forgotten, so
// nothing of it carries over to the next user; like a MySQL connection
// back in a pool, the conn keeps LAST_INSERT_ID() and the like.
func (c *conn) ResetSession(ctx context.Context) error {
	if c.closed {
		return driver.ErrBadConn
	}
	c.resetTx()
	return nil
}

// IsValid implements driver.Validator.
func (c *conn) IsValid() bool { return !c.closed }

// CheckNamedValue implements driver.NamedValueChecker: BSON values users
// hold pass through as they are; everything else gets database/sql's
// standard conversion.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case bson.ObjectID, bson.Decimal128, time.Time:
		return nil
	case string:
		if !utf8.ValidString(v) {
			// MySQL refuses such bytes for utf8mb4; stored, some servers
			// would turn them into U+FFFD.
			return sqlerr.New(sqlerr.DataType, "argument %d is not valid UTF-8 (utf8mb4 text must be)", nv.Ordinal)
		}
		return nil
	}
	return driver.ErrSkip
}
