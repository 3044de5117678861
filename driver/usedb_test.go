package driver_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/driver"
)

func TestDatabases(t *testing.T) {
	eachMode(t, "drv_usedb", func(t *testing.T, db *sql.DB) {
		ctx := context.Background()
		home := dbName("drv_usedb_" + modeOf(t))
		other := dbName("drv_usedb2_" + modeOf(t))
		dropDatabase(t, "drv_usedb2_"+modeOf(t))
		c := oneConn(t, db)
		connExec(t, c, "CREATE DATABASE `"+other+"`")
		_, err := c.ExecContext(ctx, "CREATE DATABASE `"+other+"`")
		wantErrNumber(t, err, 1007, "CREATE DATABASE twice")
		connExec(t, c, "CREATE SCHEMA IF NOT EXISTS `"+other+"` DEFAULT CHARACTER SET utf8mb4")
		listed := func(want bool) {
			t.Helper()
			_, got := rowsOf(t, db, "SHOW DATABASES")
			if slices.Contains(got, other) != want || !slices.Contains(got, home) {
				t.Errorf("SHOW DATABASES = %v: %s listed should be %v", got, other, want)
			}
			var n int
			if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", other).Scan(&n); err != nil || (n == 1) != want {
				t.Errorf("SCHEMATA rows for %s: %d, %v", other, n, err)
			}
		}
		listed(true)

		connExec(t, c, "USE `"+other+"`")
		if s := connString(t, c, "SELECT DATABASE()"); s.String != other {
			t.Errorf("DATABASE() after USE = %v, want %s", s, other)
		}
		connExec(t, c, "CREATE TABLE t2 (id INT PRIMARY KEY, v VARCHAR(10))")
		connExec(t, c, "INSERT INTO t2 VALUES (1, 'there')")
		if s := connString(t, c, "SELECT v FROM t2 WHERE id = 1"); s.String != "there" {
			t.Errorf("t2 in %s: %v", other, s)
		}
		if n, err := mongoClient(t).Database(other).Collection("t2").CountDocuments(ctx, bson.D{}); err != nil || n != 1 {
			t.Errorf("documents of %s.t2: %d, %v", other, n, err)
		}
		// Other connections stay on the DSN's database.
		c2 := oneConn(t, db)
		if s := connString(t, c2, "SELECT DATABASE()"); s.String != home {
			t.Errorf("DATABASE() on another connection = %v, want %s", s, home)
		}
		_, err = c2.QueryContext(ctx, "SELECT * FROM t2")
		wantErrNumber(t, err, 1146, "t2 from the DSN's database")

		_, err = c.ExecContext(ctx, "USE no_such_database_here")
		wantErrNumber(t, err, 1049, "USE of an unknown database")
		_, err = c.ExecContext(ctx, "DROP DATABASE `"+other+"`")
		if !sqlerrIs(err, driver.CodeUnsupported) {
			t.Errorf("DROP DATABASE of the current database: %v, want unsupported", err)
		}
		_, err = c.ExecContext(ctx, "CREATE DATABASE admin")
		if !sqlerrIs(err, driver.CodeUnsupported) {
			t.Errorf("CREATE DATABASE admin: %v, want unsupported", err)
		}

		// USE inside a transaction is refused; the transaction goes on.
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("USE `" + home + "`"); !sqlerrIs(err, driver.CodeUnsupported) {
			t.Errorf("USE in a transaction: %v, want unsupported", err)
		}
		tx.Rollback()

		connExec(t, c, "USE `"+home+"`")
		if s := connString(t, c, "SELECT DATABASE()"); s.String != home {
			t.Errorf("DATABASE() after USE back = %v", s)
		}
		connExec(t, c, "DROP DATABASE `"+other+"`")
		listed(false)
		_, err = c.ExecContext(ctx, "DROP DATABASE `"+other+"`")
		wantErrNumber(t, err, 1008, "DROP DATABASE twice")
		connExec(t, c, "DROP SCHEMA IF EXISTS `"+other+"`")

		// Recreated, it is empty: nothing cached of the dropped one.
		connExec(t, c, "CREATE DATABASE `"+other+"`")
		connExec(t, c, "USE `"+other+"`")
		_, err = c.QueryContext(ctx, "SELECT * FROM t2")
		wantErrNumber(t, err, 1146, "t2 after DROP DATABASE")
		connExec(t, c, "USE `"+home+"`")
	})
}
