package driver

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/sqlmongo/sqlmongo/exec"
	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Config is a parsed DSN.
type Config struct {
	// URI is the MongoDB connection string without sqlmongo options.
	URI string
	// Database is the database named by the URI's path.
	Database string
	// Pushdown is sqlmongo.pushdown: auto (default), full or none.
	Pushdown exec.Pushdown
	// MemoryLimit is sqlmongo.memoryLimit in bytes (default 256 MiB): the
	// most an in-process sort may hold.
	MemoryLimit int64
	// MultiStatements is sqlmongo.multiStatements (default false): an Exec
	// without arguments may hold several statements separated by ';', run
	// in order up to the first error — as go-sql-driver/mysql's
	// multiStatements=true, and off by default for the same reason: a
	// string pasted into SQL could otherwise add statements of its own.
	MultiStatements bool
	// MySQLErrors is sqlmongo.errors=mysql (default sqlmongo): errors that
	// have a MySQL number are returned as *mysql.MySQLError from
	// github.com/go-sql-driver/mysql, as code written for MySQL (GORM's
	// TranslateError) expects; else as *Error.
	MySQLErrors bool
	// Tx is sqlmongo.tx: auto (default), on or strict (see exec.TxMode
	// and the README's table of transactions per server).
	Tx exec.TxMode
	// SQLMode is sqlmongo.sqlMode: a MySQL sql_mode value. Writes are
	// strict when it holds STRICT_TRANS_TABLES, STRICT_ALL_TABLES or
	// TRADITIONAL. Empty means DefaultSQLMode, unless the DSN gave the
	// option empty (sqlmongo.sqlMode=, not strict).
	SQLMode string

	sqlModeSet bool // the DSN gave sqlmongo.sqlMode, maybe empty
}

// DefaultSQLMode is the sql_mode sqlmongo runs under by default: MySQL 8's
// strict one (a value that does not fit its column fails the statement).
const DefaultSQLMode = sqltypes.DefaultSQLMode

// sqlMode is the mode the connector runs under.
func (c *Config) sqlMode() (sqltypes.SQLMode, error) {
	if c.SQLMode == "" && !c.sqlModeSet {
		return sqltypes.ParseSQLMode(DefaultSQLMode)
	}
	m, err := sqltypes.ParseSQLMode(c.SQLMode)
	if err != nil {
		return m, sqlerr.New(sqlerr.DSN, "invalid DSN: sqlmongo.sqlMode: %s", err.(*sqlerr.Error).Msg)
	}
	return m, nil
}

// ParseDSN reads a MongoDB URI such as
// mongodb://host:27017/shop?appName=web&sqlmongo.pushdown=none.
//
// The URI is split the way the MongoDB driver splits it, not with net/url,
// which rejects valid MongoDB URIs (seed lists with mixed ports such as
// mongodb://a:27017,b/shop, percent-encoded Unix socket paths). Hosts and
// credentials are left for the MongoDB driver to check.
func ParseDSN(dsn string) (*Config, error) {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok || (scheme != "mongodb" && scheme != "mongodb+srv") {
		return nil, sqlerr.New(sqlerr.DSN, "invalid DSN: must start with mongodb:// or mongodb+srv://")
	}
	// The authority (user info and hosts) ends at the first / or ? after
	// the user info, as in the MongoDB driver's parser.
	authStart := 0
	if at := strings.Index(rest, "@"); at >= 0 {
		authStart = at + 1
	}
	end := strings.IndexAny(rest[authStart:], "/?")
	if end < 0 || rest[authStart+end] == '?' {
		return nil, sqlerr.New(sqlerr.DSN, "invalid DSN: no database in the URI path (write mongodb://host/dbname)")
	}
	end += authStart
	prefix, pathAndQuery := rest[:end], rest[end+1:]
	rawPath, rawQuery, _ := strings.Cut(pathAndQuery, "?")
	if rawPath == "" {
		return nil, sqlerr.New(sqlerr.DSN, "invalid DSN: no database in the URI path (write mongodb://host/dbname)")
	}
	db, err := url.PathUnescape(rawPath)
	if err != nil {
		return nil, sqlerr.New(sqlerr.DSN, "invalid DSN: database in the URI path: %v", err)
	}
	if strings.ContainsAny(db, "/\\. \"$\x00") {
		return nil, sqlerr.New(sqlerr.DSN, "invalid DSN: %q is not a valid database name", db)
	}
	cfg := &Config{Database: db, Pushdown: exec.PushdownAuto, Tx: exec.TxAuto}
	// Filter the raw query so the options we pass on keep their exact
	// spelling and order. The MongoDB driver separates options with & or ;.
	var kept []string
	for _, pair := range strings.FieldsFunc(rawQuery, func(r rune) bool { return r == '&' || r == ';' }) {
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, sqlerr.New(sqlerr.DSN, "invalid DSN option %q", k)
		}
		if !strings.HasPrefix(strings.ToLower(key), "sqlmongo.") {
			kept = append(kept, pair)
			continue
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return nil, sqlerr.New(sqlerr.DSN, "invalid value for %s", key)
		}
		if err := cfg.set(key, val); err != nil {
			return nil, err
		}
	}
	cfg.URI = scheme + "://" + prefix + "/" + rawPath
	if len(kept) > 0 {
		cfg.URI += "?" + strings.Join(kept, "&")
	}
	return cfg, nil
}

func (c *Config) set(key, val string) error {
	switch strings.ToLower(strings.TrimPrefix(strings.ToLower(key), "sqlmongo.")) {
	case "pushdown":
		switch exec.Pushdown(strings.ToLower(val)) {
		case exec.PushdownAuto, exec.PushdownFull, exec.PushdownNone:
			c.Pushdown = exec.Pushdown(strings.ToLower(val))
			return nil
		}
		return sqlerr.New(sqlerr.DSN, "invalid DSN: sqlmongo.pushdown must be auto, full or none, not %q", val)
	case "memorylimit":
		n, err := parseBytes(val)
		if err != nil || n <= 0 {
			return sqlerr.New(sqlerr.DSN, "invalid DSN: sqlmongo.memoryLimit must be a positive size such as 64MiB, not %q", val)
		}
		c.MemoryLimit = n
		return nil
	case "multistatements":
		b, err := strconv.ParseBool(val)
		if err != nil {
			return sqlerr.New(sqlerr.DSN, "invalid DSN: sqlmongo.multiStatements must be true or false, not %q", val)
		}
		c.MultiStatements = b
		return nil
	case "sqlmode":
		c.SQLMode, c.sqlModeSet = val, true
		_, err := c.sqlMode()
		return err
	case "errors":
		switch strings.ToLower(val) {
		case "mysql", "sqlmongo":
			c.MySQLErrors = strings.EqualFold(val, "mysql")
			return nil
		}
		return sqlerr.New(sqlerr.DSN, "invalid DSN: sqlmongo.errors must be sqlmongo or mysql, not %q", val)
	case "tx":
		switch m := exec.TxMode(strings.ToLower(val)); m {
		case exec.TxAuto, exec.TxOn, exec.TxStrict:
			c.Tx = m
			return nil
		}
		return sqlerr.New(sqlerr.DSN, "invalid DSN: sqlmongo.tx must be auto, on or strict, not %q", val)
	}
	return sqlerr.New(sqlerr.DSN, "invalid DSN: unknown option %q (known: sqlmongo.pushdown, sqlmongo.memoryLimit, sqlmongo.sqlMode, sqlmongo.multiStatements, sqlmongo.tx, sqlmongo.errors)", key)
}

// parseBytes reads 1048576, 512KiB, 64MiB, 1GiB (also KB/MB/GB as powers of 1024).
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, suf := range []struct {
		s string
		m int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(strings.ToUpper(s), strings.ToUpper(suf.s)) {
			s, mult = strings.TrimSpace(s[:len(s)-len(suf.s)]), suf.m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt64/mult || n < math.MinInt64/mult {
		return 0, strconv.ErrRange
	}
	return n * mult, nil
}
