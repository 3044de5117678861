// Package sqlerr holds sqlmongo's one error type and its code table. The
// driver package re-exports it, so users reach it with errors.As.
package sqlerr

import (
	"errors"
	"fmt"
)

// Code classifies an error. The string forms are stable and appear in messages.
type Code string

// The code table.
const (
	Syntax        Code = "syntax error"
	Unsupported   Code = "unsupported"
	UnknownTable  Code = "unknown table"
	UnknownColumn Code = "unknown column"
	TableExists   Code = "table exists"
	Ambiguous     Code = "ambiguous column"
	Args          Code = "wrong arguments"
	DataType      Code = "invalid value"
	Constraint    Code = "constraint violated"
	Duplicate     Code = "duplicate key"
	DuplicateName Code = "duplicate name" // a column or index name taken
	UnknownName   Code = "unknown name"   // an index or constraint that does not exist
	DSN           Code = "invalid DSN"
	Memory        Code = "memory limit exceeded"
	Server        Code = "server error"
	Internal      Code = "internal error"
)

// Error is the error type every sqlmongo package returns. Line and Col are
// 1-based positions in the SQL text; zero when the error has no position.
type Error struct {
	Code Code
	Msg  string
	Line int
	Col  int
	Err  error // wrapped cause, e.g. a mongo.CommandError
	// Number and SQLState are MySQL's error number and SQLSTATE for the
	// errors MySQL has a twin of (1264 and 22003 for an out-of-range
	// value, 1213 and 40001 for a transaction to retry); zero and ""
	// otherwise.
	Number   int
	SQLState string
}

func (e *Error) Error() string {
	s := "sqlmongo: "
	switch e.Code {
	case Unsupported, Syntax:
		s += string(e.Code) + ": " + e.Msg
	default:
		s += e.Msg
	}
	if e.Line > 0 {
		s += fmt.Sprintf(" at %d:%d", e.Line, e.Col)
	}
	if e.Err != nil && e.Code == Server {
		s += ": " + e.Err.Error()
	}
	return s
}

// MySQL returns an invalid-value error that carries MySQL's error number
// and its SQLSTATE (from the table below); the message is MySQL's text for
// it ("Out of range value for column 'c' at row 1").
func MySQL(number int, format string, args ...any) *Error {
	return &Error{Code: DataType, Msg: fmt.Sprintf(format, args...), Number: number, SQLState: sqlStates[number]}
}

// The MySQL errors sqlmongo raises, as MySQL numbers them.
const (
	ErrInvalidDefault = 1067 // Invalid default value for 'c'
	ErrOutOfRange     = 1264 // Out of range value for column 'c' at row N
	ErrDataTruncated  = 1265 // Data truncated for column 'c' at row N
	ErrTruncatedValue = 1292 // Incorrect date value: '…' for column …; Truncated incorrect DOUBLE value: '…'
	ErrDivisionByZero = 1365 // Division by 0
	ErrIncorrectValue = 1366 // Incorrect integer value: '…' for column 'c' at row N
	ErrDataTooLong    = 1406 // Data too long for column 'c' at row N

	ErrDupEntry     = 1062 // Duplicate entry 'v' for key 't.k'
	ErrBadNull      = 1048 // Column 'c' cannot be null
	ErrNoDefault    = 1364 // Field 'c' doesn't have a default value
	ErrParse        = 1064 // You have an error in your SQL syntax
	ErrNoSuchTable  = 1146 // Table 'db.t' doesn't exist
	ErrBadField     = 1054 // Unknown column 'c' in 'field list'
	ErrTableExists  = 1050 // Table 't' already exists
	ErrNonUniq      = 1052 // Column 'c' in field list is ambiguous
	ErrDupFieldName = 1060 // Duplicate column name 'c'
	ErrDupKeyName   = 1061 // Duplicate key name 'k'
	ErrCantDropKey  = 1091 // Can't DROP 'k'; check that column/key exists
	ErrNotSupported = 1235 // This version of MySQL doesn't yet support '…'
	ErrLockDeadlock = 1213 // Deadlock found when trying to get lock; try restarting transaction
	ErrWrongArgs    = 1210 // Incorrect arguments to …
	ErrOutOfSortMem = 1038 // Out of sort memory
	ErrOperandCols  = 1241 // Operand should contain 1 column(s)
	ErrSubqueryRows = 1242 // Subquery returns more than 1 row
	ErrDerivedAlias = 1248 // Every derived table must have its own alias
	ErrNonUniqTable = 1066 // Not unique table/alias: 't'
	ErrWrongUsage   = 1221 // Incorrect usage of UNION and ORDER BY
	ErrSetCols      = 1222 // The used SELECT statements have a different number of columns
	ErrUnknownVar   = 1193 // Unknown system variable 'x'
	ErrWrongVarVal  = 1231 // Variable 'x' can't be set to the value of 'v'
	ErrReadOnlyVar  = 1238 // Variable 'x' is a read only variable
	ErrBadDB        = 1049 // Unknown database 'd'
	ErrDBExists     = 1007 // Can't create database 'd'; database exists
	ErrDBDropExists = 1008 // Can't drop database 'd'; database doesn't exist
)

// numbers are the MySQL errors a Code stands for unless the error says
// otherwise (a NOT NULL column without a default is 1364, not 1048).
var numbers = map[Code]int{
	Syntax:        ErrParse,
	Unsupported:   ErrNotSupported,
	UnknownTable:  ErrNoSuchTable,
	UnknownColumn: ErrBadField,
	TableExists:   ErrTableExists,
	Ambiguous:     ErrNonUniq,
	Args:          ErrWrongArgs,
	Constraint:    ErrBadNull,
	Duplicate:     ErrDupEntry,
	DuplicateName: ErrDupKeyName,
	UnknownName:   ErrCantDropKey,
	Memory:        ErrOutOfSortMem,
}

// sqlStates are MariaDB's, the oracle's (MySQL 8 says HY000 for 1366).
var sqlStates = map[int]string{
	ErrInvalidDefault: "42000",
	ErrOutOfRange:     "22003",
	ErrDataTruncated:  "01000",
	ErrTruncatedValue: "22007",
	ErrDivisionByZero: "22012",
	ErrIncorrectValue: "22007",
	ErrDataTooLong:    "22001",
	ErrDupEntry:       "23000",
	ErrBadNull:        "23000",
	ErrNoDefault:      "HY000",
	ErrParse:          "42000",
	ErrNoSuchTable:    "42S02",
	ErrBadField:       "42S22",
	ErrTableExists:    "42S01",
	ErrNonUniq:        "23000",
	ErrDupFieldName:   "42S21",
	ErrDupKeyName:     "42000",
	ErrCantDropKey:    "42000",
	ErrNotSupported:   "42000",
	ErrLockDeadlock:   "40001",
	ErrWrongArgs:      "HY000",
	ErrOutOfSortMem:   "HY001",
	ErrOperandCols:    "21000",
	ErrSubqueryRows:   "21000",
	ErrDerivedAlias:   "42000",
	ErrNonUniqTable:   "42000",
	ErrWrongUsage:     "HY000",
	ErrSetCols:        "21000",
	ErrUnknownVar:     "HY000",
	ErrWrongVarVal:    "42000",
	ErrReadOnlyVar:    "HY000",
	ErrBadDB:          "42000",
	ErrDBExists:       "HY000",
	ErrDBDropExists:   "HY000",
}

// Numbered returns an error with code carrying MySQL's error number (and
// its SQLSTATE) where the code's own number would not be MySQL's.
func Numbered(code Code, number int, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...), Number: number, SQLState: sqlStates[number]}
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error by code, so errors.Is(err, &Error{Code: X}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Msg == ""
}

// New returns an error with code and a formatted message, carrying the
// MySQL error number the code stands for.
func New(code Code, format string, args ...any) *Error {
	n := numbers[code]
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...), Number: n, SQLState: sqlStates[n]}
}

// At returns an error with a position.
func At(code Code, line, col int, format string, args ...any) *Error {
	e := New(code, format, args...)
	e.Line, e.Col = line, col
	return e
}

// Wrap wraps a server or I/O error, keeping it reachable through errors.As.
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	return &Error{Code: Server, Msg: fmt.Sprintf(format, args...), Err: err}
}

// HasCode reports whether err is an *Error with code c.
func HasCode(err error, c Code) bool {
	var se *Error
	return errors.As(err, &se) && se.Code == c
}
