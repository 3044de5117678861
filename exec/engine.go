package exec

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/internal/textcache"
	"github.com/sqlmongo/sqlmongo/planner"
)

// Pushdown chooses how much of a plan goes to the server.
type Pushdown string

// The pushdown modes.
const (
	PushdownAuto Pushdown = "auto" // detect from the server
	PushdownFull Pushdown = "full" // assume MongoDB ≥ 6.0
	PushdownNone Pushdown = "none" // plain scans only; everything else in-process
)

// Options configure an Engine.
type Options struct {
	Pushdown    Pushdown
	MemoryLimit int64 // bytes an in-process sort may hold; 0 means 256 MiB
	// SQLMode decides what a write does with a value that does not fit
	// its column (exec/strict.go); the zero value is MySQL's non-strict
	// mode, the driver passes the DSN's (strict by default).
	SQLMode sqltypes.SQLMode
	User    string // the MongoDB user, for CURRENT_USER(); "" when none
	Tx      TxMode // sqlmongo.tx; "" means auto
	// LockTTL is how long a GET_LOCK lock outlives its holder's last
	// refresh (exec/locks.go); 0 means 30 s.
	LockTTL time.Duration
}

// Engine runs SQL against one MongoDB database through one client. It is
// shared by all connections of a connector.
type Engine struct {
	client *mongo.Client
	db     *mongo.Database
	opts   Options

	catalog  *catalog
	counters counters
	updates  updateLocks
	srv      serverInfo
	txProbe  txProbe // whether the server has transactions (exec/tx.go)
	stmts    *textcache.Cache[*Stmt]
	// bulkStmts: long texts with placeholders (see newBulkStmtCache).
	bulkStmts *textcache.Cache[*Stmt]
	started   time.Time
	conns     connIDs // CONNECTION_ID() blocks
}

// New returns an engine for database dbName.
func New(client *mongo.Client, dbName string, opts Options) *Engine {
	if opts.Pushdown == "" {
		opts.Pushdown = PushdownAuto
	}
	if opts.MemoryLimit <= 0 {
		opts.MemoryLimit = 256 << 20
	}
	db := client.Database(dbName)
	return &Engine{client: client, db: db, opts: opts, catalog: newCatalog(db),
		stmts: newStmtCache(), bulkStmts: newBulkStmtCache(), started: time.Now()}
}

// Capabilities returns what the planner may push down, detecting the
// server once.
func (e *Engine) Capabilities(ctx context.Context) (planner.Capabilities, error) {
	switch e.opts.Pushdown {
	case PushdownFull:
		return planner.Full, nil
	case PushdownNone:
		return planner.None, nil
	}
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return planner.Capabilities{}, err
	}
	return profile(info), nil
}

// profileNote names the pushdown profile for EXPLAIN, and the server it
// was detected on.
func (e *Engine) profileNote(ctx context.Context) (string, error) {
	caps, err := e.Capabilities(ctx)
	if err != nil {
		return "", err
	}
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return "", err
	}
	if e.opts.Pushdown != PushdownAuto {
		return caps.Name + " (sqlmongo.pushdown=" + string(e.opts.Pushdown) + "; server: " + info.String() + ")", nil
	}
	return caps.Name + " (auto: " + info.String() + ")", nil
}

// Ping checks the server answers.
func (e *Engine) Ping(ctx context.Context) error {
	return sqlerr.Wrap(e.client.Ping(ctx, nil), "ping")
}
