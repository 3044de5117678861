package driver

import "github.com/sqlmongo/sqlmongo/internal/sqlerr"

// Error is the type of every error sqlmongo returns; use errors.As to read
// its Code and position. Server errors stay reachable with errors.As too
// (e.g. mongo.CommandError).
type Error = sqlerr.Error

// Code classifies an Error.
type Code = sqlerr.Code

// The error codes.
const (
	CodeSyntax        = sqlerr.Syntax
	CodeUnsupported   = sqlerr.Unsupported
	CodeUnknownTable  = sqlerr.UnknownTable
	CodeUnknownColumn = sqlerr.UnknownColumn
	CodeTableExists   = sqlerr.TableExists
	CodeArgs          = sqlerr.Args
	CodeDataType      = sqlerr.DataType
	CodeConstraint    = sqlerr.Constraint
	CodeDuplicate     = sqlerr.Duplicate
	CodeDSN           = sqlerr.DSN
	CodeMemory        = sqlerr.Memory
	CodeServer        = sqlerr.Server
)
