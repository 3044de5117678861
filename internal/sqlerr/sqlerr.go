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
	// Number and SQLState are MySQL's error number and SQLSTATE where one
	// applies (1213 and "40001": a transaction to retry); zero otherwise.
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
