package driver

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/sqlmongo/sqlmongo/exec"
	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// execScript runs the statements of a multi-statement Exec in order and
// stops at the first error, which names the statement (the ones before it
// stay applied, as with MySQL). The result adds up the rows affected; its
// LastInsertId is the last one a statement set.
func (c *conn) execScript(ctx context.Context, script string) (driver.Result, error) {
	parts, err := sqlparse.Split(script)
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return nil, sqlerr.New(sqlerr.Syntax, "empty statement")
	}
	var total exec.Result
	for i, part := range parts {
		s, err := c.engine.Prepare(c.prepareCtx(ctx), part)
		if err == nil {
			var res driver.Result
			if res, err = c.execOne(ctx, s, nil); err == nil {
				r := res.(result).r
				total.RowsAffected += r.RowsAffected
				if r.LastInsertID != 0 {
					total.LastInsertID = r.LastInsertID
				}
				continue
			}
		}
		if len(parts) == 1 || c.mysqlErrors {
			return nil, c.out(err)
		}
		return nil, fmt.Errorf("statement %d of %d: %w", i+1, len(parts), err)
	}
	return result{total}, nil
}
