package conformance

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
)

// oracleDB is the MariaDB database the corpus is re-run on; it is dropped
// and recreated by every run.
const oracleDB = "sqlmongo_conformance"

// openOracle recreates the oracle database and returns a handle on it; a
// nil *sql.DB with a nil error means MariaDB did not answer. Concurrent runs
// (two go test processes) share the database, so the caller holds a named
// lock until done: call release at the end.
func openOracle() (db *sql.DB, release func(), err error) {
	cfg, err := OracleConfig()
	if err != nil {
		return nil, nil, err
	}
	cfg.DBName = ""
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, nil, err
	}
	server := sql.OpenDB(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if server.PingContext(ctx) != nil {
		server.Close()
		return nil, nil, nil
	}
	// GET_LOCK belongs to one session: keep that connection until release.
	lockConn, err := server.Conn(context.Background())
	if err != nil {
		server.Close()
		return nil, nil, err
	}
	release = func() {
		lockConn.ExecContext(context.Background(), "DO RELEASE_LOCK('"+oracleDB+"')")
		lockConn.Close()
		server.Close()
	}
	var got sql.NullInt64
	if err := lockConn.QueryRowContext(context.Background(), "SELECT GET_LOCK('"+oracleDB+"', 300)").Scan(&got); err != nil || got.Int64 != 1 {
		release()
		return nil, nil, fmt.Errorf("waiting for another run to finish with %s: %v", oracleDB, err)
	}
	for _, q := range []string{
		"DROP DATABASE IF EXISTS " + oracleDB,
		"CREATE DATABASE " + oracleDB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin",
	} {
		if _, err := lockConn.ExecContext(context.Background(), q); err != nil {
			release()
			return nil, nil, err
		}
	}
	cfg = cfg.Clone()
	cfg.DBName = oracleDB
	if conn, err = mysql.NewConnector(cfg); err != nil {
		release()
		return nil, nil, err
	}
	return sql.OpenDB(conn), release, nil
}
