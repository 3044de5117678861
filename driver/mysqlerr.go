package driver

import (
	"errors"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// mysqlError is err as go-sql-driver/mysql would return it: a
// *mysql.MySQLError with the MySQL number, SQLSTATE and message, for code
// written against that driver (GORM's TranslateError asserts exactly that
// type). Errors MySQL has no number for stay as they are.
func mysqlError(err error) error {
	var se *sqlerr.Error
	if err == nil || !errors.As(err, &se) || se.Number == 0 || se.Number > 65535 {
		return err
	}
	me := &mysql.MySQLError{Number: uint16(se.Number), Message: se.Msg}
	copy(me.SQLState[:], se.SQLState)
	return me
}

// out is how the connection returns err: as is, or with sqlmongo.errors=mysql
// as a *mysql.MySQLError.
func (c *conn) out(err error) error {
	if c.mysqlErrors {
		return mysqlError(err)
	}
	return err
}
