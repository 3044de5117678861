// Package driver is sqlmongo's database/sql driver. Importing it registers
// the driver under the names "mongodb" and "sqlmongo":
//
//	import _ "github.com/sqlmongo/sqlmongo/driver"
//
//	db, err := sql.Open("mongodb", "mongodb://localhost:27017/shop")
//	rows, err := db.QueryContext(ctx, "SELECT name FROM customers WHERE id = ?", 7)
//
// The DSN is a MongoDB URI whose path names the database. Options that
// start with "sqlmongo." configure this driver; all others go to the
// MongoDB Go driver unchanged.
package driver
