package driver_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/exec"
)

func TestParseDSN(t *testing.T) {
	const defaultLimit = 0 // ParseDSN leaves the default to exec
	for _, tc := range []struct {
		dsn      string
		uri      string
		db       string
		pushdown exec.Pushdown
		memory   int64
	}{
		{dsn: "mongodb://localhost:27017/shop", uri: "mongodb://localhost:27017/shop", db: "shop", pushdown: exec.PushdownAuto},
		{dsn: "mongodb://localhost/shop?", uri: "mongodb://localhost/shop", db: "shop", pushdown: exec.PushdownAuto},
		{dsn: "mongodb+srv://cluster0.example.net/shop?retryWrites=true", uri: "mongodb+srv://cluster0.example.net/shop?retryWrites=true", db: "shop", pushdown: exec.PushdownAuto},
		{
			dsn: "mongodb://h/shop?appName=web&retryWrites=false",
			uri: "mongodb://h/shop?appName=web&retryWrites=false", db: "shop", pushdown: exec.PushdownAuto,
		},
		{
			// Ours are removed; the others keep their spelling and order.
			dsn: "mongodb://h/shop?appName=web&sqlmongo.pushdown=none&retryWrites=false&w=majority",
			uri: "mongodb://h/shop?appName=web&retryWrites=false&w=majority", db: "shop", pushdown: exec.PushdownNone,
		},
		{dsn: "mongodb://h/shop?sqlmongo.pushdown=full", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownFull},
		{dsn: "mongodb://h/shop?sqlmongo.pushdown=auto", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto},
		{dsn: "mongodb://h/shop?sqlmongo.pushdown=NONE", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownNone},
		{dsn: "mongodb://h/shop?SQLMongo.Pushdown=none", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownNone},
		{
			// Escapes in passed-through options stay as written.
			dsn: "mongodb://h/shop?appName=my%20app&readPreferenceTags=dc:ny,rack:1",
			uri: "mongodb://h/shop?appName=my%20app&readPreferenceTags=dc:ny,rack:1", db: "shop", pushdown: exec.PushdownAuto,
		},
		{
			// The MongoDB driver also separates options with ';'.
			dsn: "mongodb://h/shop?appName=web;sqlmongo.pushdown=none;w=1",
			uri: "mongodb://h/shop?appName=web&w=1", db: "shop", pushdown: exec.PushdownNone,
		},
		{
			dsn: "mongodb://user:p%40ss@h1:27017,h2:27018/shop?replicaSet=rs0&authSource=admin",
			uri: "mongodb://user:p%40ss@h1:27017,h2:27018/shop?replicaSet=rs0&authSource=admin", db: "shop", pushdown: exec.PushdownAuto,
		},
		{
			// A seed list with mixed explicit and default ports (net/url refuses it).
			dsn: "mongodb://a:27017,b/shop?replicaSet=rs0",
			uri: "mongodb://a:27017,b/shop?replicaSet=rs0", db: "shop", pushdown: exec.PushdownAuto,
		},
		{
			// A Unix domain socket, percent-encoded as the MongoDB docs say.
			dsn: "mongodb://%2Ftmp%2Fmongodb-27017.sock/shop",
			uri: "mongodb://%2Ftmp%2Fmongodb-27017.sock/shop", db: "shop", pushdown: exec.PushdownAuto,
		},
		{dsn: "mongodb://[::1]:27017/shop", uri: "mongodb://[::1]:27017/shop", db: "shop", pushdown: exec.PushdownAuto},
		{dsn: "mongodb://h/my-db_2", uri: "mongodb://h/my-db_2", db: "my-db_2", pushdown: exec.PushdownAuto},
		{dsn: "mongodb://h/caf%C3%A9", uri: "mongodb://h/caf%C3%A9", db: "café", pushdown: exec.PushdownAuto},
		{dsn: "mongodb://h/shop?sqlmongo.memoryLimit=1048576", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto, memory: 1048576},
		{dsn: "mongodb://h/shop?sqlmongo.memoryLimit=512KiB", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto, memory: 512 << 10},
		{dsn: "mongodb://h/shop?sqlmongo.memoryLimit=64MiB", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto, memory: 64 << 20},
		{dsn: "mongodb://h/shop?sqlmongo.memoryLimit=64mb", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto, memory: 64 << 20},
		{dsn: "mongodb://h/shop?sqlmongo.memoryLimit=2GiB", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto, memory: 2 << 30},
		{dsn: "mongodb://h/shop?sqlmongo.memoryLimit=100B", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto, memory: 100},
		{dsn: "mongodb://h/shop?sqlmongo.memoryLimit=1%20GiB", uri: "mongodb://h/shop", db: "shop", pushdown: exec.PushdownAuto, memory: 1 << 30},
	} {
		t.Run(tc.dsn, func(t *testing.T) {
			cfg, err := driver.ParseDSN(tc.dsn)
			if err != nil {
				t.Fatalf("ParseDSN: %v", err)
			}
			if cfg.URI != tc.uri {
				t.Errorf("URI = %q, want %q", cfg.URI, tc.uri)
			}
			if cfg.Database != tc.db {
				t.Errorf("Database = %q, want %q", cfg.Database, tc.db)
			}
			if cfg.Pushdown != tc.pushdown {
				t.Errorf("Pushdown = %q, want %q", cfg.Pushdown, tc.pushdown)
			}
			if want := tc.memory; want == 0 && cfg.MemoryLimit != defaultLimit || want != 0 && cfg.MemoryLimit != want {
				t.Errorf("MemoryLimit = %d, want %d", cfg.MemoryLimit, want)
			}
		})
	}
}

func TestParseDSNSQLMode(t *testing.T) {
	for _, tc := range []struct {
		dsn, mode string
	}{
		{"mongodb://h/shop", ""}, // the default, driver.DefaultSQLMode
		{"mongodb://h/shop?sqlmongo.sqlMode=", ""},
		{"mongodb://h/shop?sqlmongo.sqlMode=STRICT_ALL_TABLES", "STRICT_ALL_TABLES"},
		{"mongodb://h/shop?sqlmongo.sqlmode=traditional", "traditional"},
		{"mongodb://h/shop?sqlmongo.sqlMode=ONLY_FULL_GROUP_BY%2CSTRICT_TRANS_TABLES%2CNO_ENGINE_SUBSTITUTION", "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"},
		{"mongodb://h/shop?sqlmongo.sqlMode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO", "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO"},
	} {
		cfg, err := driver.ParseDSN(tc.dsn)
		if err != nil {
			t.Fatalf("ParseDSN(%q): %v", tc.dsn, err)
		}
		if cfg.SQLMode != tc.mode || cfg.URI != "mongodb://h/shop" {
			t.Errorf("ParseDSN(%q): SQLMode %q URI %q, want %q", tc.dsn, cfg.SQLMode, cfg.URI, tc.mode)
		}
	}
	if _, err := driver.NewConnector(&driver.Config{URI: "mongodb://h/shop", Database: "shop", SQLMode: "PIPES_AS_CONCAT"}); !errors.Is(err, &driver.Error{Code: driver.CodeDSN}) {
		t.Errorf("NewConnector with an unsupported sql_mode: %v", err)
	}
}

func TestParseDSNErrors(t *testing.T) {
	for _, tc := range []struct {
		dsn  string
		want []string // substrings of the message
	}{
		{"mongodb://localhost:27017", []string{"no database", "path"}},
		{"mongodb://localhost:27017/", []string{"no database", "path"}},
		{"mongodb://localhost:27017/?appName=x", []string{"no database", "path"}},
		{"mongodb://localhost:27017?appName=x", []string{"no database", "path"}},
		{"mongodb://user:pw@localhost", []string{"no database", "path"}},
		{"postgres://localhost/shop", []string{"mongodb://"}},
		{"localhost:27017/shop", []string{"mongodb://"}},
		{"", []string{"mongodb://"}},
		{"mongodb://h/sh.op", []string{`"sh.op"`, "database name"}},
		{"mongodb://h/a/b", []string{`"a/b"`, "database name"}},
		{"mongodb://h/sh%20op", []string{`"sh op"`, "database name"}},
		{"mongodb://h/sh$op", []string{"database name"}},
		{"mongodb://h/sh%zzop", []string{"database"}},
		{"mongodb://h/shop?sqlmongo.foo=1", []string{`"sqlmongo.foo"`, "unknown option"}},
		{"mongodb://h/shop?appName=web&sqlmongo.pushDwn=none", []string{`"sqlmongo.pushDwn"`}},
		{"mongodb://h/shop?sqlmongo.pushdown=some", []string{"sqlmongo.pushdown", `"some"`}},
		{"mongodb://h/shop?sqlmongo.pushdown=", []string{"sqlmongo.pushdown"}},
		{"mongodb://h/shop?sqlmongo.memoryLimit=0", []string{"sqlmongo.memoryLimit", `"0"`}},
		{"mongodb://h/shop?sqlmongo.memoryLimit=-5MiB", []string{"sqlmongo.memoryLimit"}},
		{"mongodb://h/shop?sqlmongo.memoryLimit=lots", []string{"sqlmongo.memoryLimit", `"lots"`}},
		{"mongodb://h/shop?sqlmongo.memoryLimit=64XB", []string{"sqlmongo.memoryLimit"}},
		// 2^54+1 KiB wraps around int64 to exactly 1 KiB: it must be refused, not shrunk.
		{"mongodb://h/shop?sqlmongo.memoryLimit=18014398509481985KiB", []string{"sqlmongo.memoryLimit"}},
		{"mongodb://h/shop?sqlmongo.memoryLimit=9223372036854775807GiB", []string{"sqlmongo.memoryLimit"}},
		{"mongodb://h/shop?sqlmongo.sqlMode=ANSI_QUOTES", []string{"sqlmongo.sqlMode", "ANSI_QUOTES"}},
		{"mongodb://h/shop?sqlmongo.sqlMode=STRICT_TRANS_TABLES,STRICT", []string{"sqlmongo.sqlMode", "STRICT"}},
	} {
		t.Run(tc.dsn, func(t *testing.T) {
			cfg, err := driver.ParseDSN(tc.dsn)
			if err == nil {
				t.Fatalf("ParseDSN succeeded: %+v", cfg)
			}
			var se *driver.Error
			if !errors.As(err, &se) || se.Code != driver.CodeDSN {
				t.Errorf("error %v (%T) is not a *driver.Error with CodeDSN", err, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{
		"mongodb://localhost:27017/shop",
		"mongodb://h/shop?appName=web&sqlmongo.pushdown=none&retryWrites=false",
		"mongodb+srv://u:p@cluster0.example.net/shop?w=majority;sqlmongo.memoryLimit=64MiB",
		"mongodb://a:27017,b/shop?replicaSet=rs0",
		"mongodb://%2Ftmp%2Fm.sock/caf%C3%A9",
		"mongodb://h/shop?sqlmongo.memoryLimit=18014398509481985KiB",
		"mongodb://h",
		"mongodb://h/?a=b",
		"mongodb://@/x?=&&;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		cfg, err := driver.ParseDSN(dsn)
		if err != nil {
			return
		}
		if cfg.Database == "" {
			t.Fatalf("ParseDSN(%q) succeeded without a database", dsn)
		}
		if cfg.MemoryLimit < 0 {
			t.Fatalf("ParseDSN(%q): negative memory limit %d", dsn, cfg.MemoryLimit)
		}
		// The URI handed to the MongoDB driver names the same database and
		// carries no sqlmongo option, so parsing it again changes nothing.
		again, err := driver.ParseDSN(cfg.URI)
		if err != nil {
			t.Fatalf("ParseDSN(%q) gave URI %q, which does not re-parse: %v", dsn, cfg.URI, err)
		}
		if again.URI != cfg.URI || again.Database != cfg.Database {
			t.Fatalf("re-parse of %q: URI %q db %q, want URI %q db %q", cfg.URI, again.URI, again.Database, cfg.URI, cfg.Database)
		}
		if again.Pushdown != exec.PushdownAuto || again.MemoryLimit != 0 {
			t.Fatalf("URI %q still carries sqlmongo options: %+v", cfg.URI, again)
		}
	})
}
