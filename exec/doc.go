// Package exec runs plans: MQL leaves through the MongoDB driver, the
// residual operators in Go, DML and DDL commands, and the catalog reader.
// All of sqlmongo's I/O happens here.
package exec
