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
	// value); zero and "" otherwise.
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
)

// sqlStates are MariaDB's, the oracle's (MySQL 8 says HY000 for 1366).
var sqlStates = map[int]string{
	ErrInvalidDefault: "42000",
	ErrOutOfRange:     "22003",
	ErrDataTruncated:  "01000",
	ErrTruncatedValue: "22007",
	ErrDivisionByZero: "22012",
	ErrIncorrectValue: "22007",
	ErrDataTooLong:    "22001",
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error by code, so errors.Is(err, &Error{Code: X}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Msg == ""
}

// New returns an error with code and a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// At returns an error with a position.
func At(code Code, line, col int, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...), Line: line, Col: col}
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
