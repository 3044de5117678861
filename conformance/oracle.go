package conformance

import (
	"os"
	"time"

	"github.com/go-sql-driver/mysql"
)

// OracleConfig is the MariaDB to compare with: SQLMONGO_ORACLE_DSN (a
// go-sql-driver DSN) when set, else root@127.0.0.1:3306, with the session
// pinned to MySQL 8's behaviour where MariaDB's differs. The conformance
// suite and the twin tests both use it.
func OracleConfig() (*mysql.Config, error) {
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
		"sql_mode":  "'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_IN_DATE,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'",
		"time_zone": "'+00:00'",
		// Trailing spaces count, as in the semantic contract (and MySQL 8's
		// utf8mb4_0900_bin); MariaDB's utf8mb4_bin would pad.
		"collation_connection": "'utf8mb4_nopad_bin'",
		// MySQL 8's default; MariaDB's is 1 MiB.
		"group_concat_max_len": "1024",
	}
	return cfg, nil
}
