package conformance

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"github.com/go-sql-driver/mysql"
)

// oracleDB is the MariaDB database the corpus is re-run on; it is dropped
// and recreated by every run.
const oracleDB = "sqlmongo_conformance"

// oracleConfig is the MariaDB to compare with: SQLMONGO_ORACLE_DSN (a
// go-sql-driver DSN) when set, else root@127.0.0.1:3306.
func oracleConfig() (*mysql.Config, error) {
	cfg := mysql.NewConfig()
	if dsn := os.Getenv("SQLMONGO_ORACLE_DSN"); dsn != "" {
		var err error
		if cfg, err = mysql.ParseDSN(dsn); err != nil {
			return nil, err
		}
	} else {
		cfg.User, cfg.Net, cfg.Addr = "root", "tcp", "127.0.0.1:3306"
	}
	cfg.Timeout = 2 * time.Second
	// Values arrive as text, formatted by the same code as ours.
	cfg.ParseTime = false
	cfg.MultiStatements = false
	cfg.Collation = "utf8mb4_bin"
	// Pin what the server's configuration could otherwise change.
	cfg.Params = map[string]string{
		"sql_mode":  "'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
		"time_zone": "'+00:00'",
		// Trailing spaces count, as in the semantic contract (and MySQL 8's
		// utf8mb4_0900_bin); MariaDB's utf8mb4_bin would pad.
		"collation_connection": "'utf8mb4_nopad_bin'",
		// MySQL 8's default; MariaDB's is 1 MiB.
		"group_concat_max_len": "1024",
	}
	return cfg, nil
}

// openOracle recreates the oracle database and returns a handle on it; a
// nil *sql.DB with a nil error means MariaDB did not answer. Concurrent runs
// (two go test processes) share the database, so the caller holds a named
// lock until done: call release at the end.
func openOracle() (db *sql.DB, release func(), err error) {
	cfg, err := oracleConfig()
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
