package driver

import (
	"context"

	"github.com/sqlmongo/sqlmongo/exec"
	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// engineFor returns the engine of database name: the DSN's, or one made
// on first USE that shares the connector's client (and its pool).
func (c *Connector) engineFor(name string) *exec.Engine {
	if name == c.engine.Database() {
		return c.engine
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.engines[name]; ok {
		return e
	}
	if c.engines == nil {
		c.engines = map[string]*exec.Engine{}
	}
	e := c.engine.NewFor(name)
	c.engines[name] = e
	return e
}

// forget drops what the engines of database name cached: it was dropped.
func (c *Connector) forget(name string) {
	if name == c.engine.Database() {
		c.engine.Forget()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.engines[name]; ok {
		e.Forget()
	}
}

// database runs CREATE DATABASE, DROP DATABASE and USE; handled is false
// for every other statement.
func (c *conn) database(ctx context.Context, s *exec.Stmt) (handled bool, err error) {
	kind, d := s.DatabaseStmt()
	if d == nil {
		return false, nil
	}
	if c.tx.cur != nil {
		// MySQL commits the open transaction first (DDL) or keeps it open
		// across USE; a transaction here is bound to one database.
		return true, sqlerr.New(sqlerr.Unsupported, "%s inside an open transaction: COMMIT or ROLLBACK it first", kind)
	}
	switch kind {
	case sqlparse.KindUse:
		if d.Name == c.engine.Database() {
			return true, nil
		}
		if d.Name != c.connector.engine.Database() {
			ok, err := c.engine.DatabaseExists(ctx, d.Name)
			if err != nil {
				return true, err
			}
			if !ok {
				return true, exec.UnknownDatabase(d.Name)
			}
		}
		c.engine = c.connector.engineFor(d.Name)
		return true, nil
	case sqlparse.KindCreateDatabase:
		return true, c.engine.CreateDatabase(ctx, d)
	default:
		if d.Name == c.engine.Database() {
			// MySQL drops it and leaves the connection without a database;
			// here every statement needs one.
			return true, sqlerr.New(sqlerr.Unsupported, "DROP DATABASE of the connection's current database '%s': USE another database first", d.Name)
		}
		if err := c.engine.DropDatabase(ctx, d); err != nil {
			return true, err
		}
		c.connector.forget(d.Name)
		return true, nil
	}
}
