package driver

import (
	"context"
	"database/sql/driver"
	"sync"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/exec"
	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// Connector implements driver.Connector. It owns one *mongo.Client that
// all its connections share; Close disconnects it.
type Connector struct {
	cfg    *Config
	client *mongo.Client
	engine *exec.Engine // the DSN's database
	// engines are the other databases connections USE (driver/usedb.go).
	mu      sync.Mutex
	engines map[string]*exec.Engine

	closeOnce sync.Once
}

// NewConnector returns a connector for cfg, for use with sql.OpenDB.
func NewConnector(cfg *Config) (*Connector, error) {
	mode, err := cfg.sqlMode()
	if err != nil {
		return nil, err
	}
	copts := options.Client().ApplyURI(cfg.URI)
	client, err := mongo.Connect(copts)
	if err != nil {
		return nil, sqlerr.Wrap(err, "connecting to MongoDB")
	}
	user := ""
	if copts.Auth != nil {
		user = copts.Auth.Username
	}
	eng := exec.New(client, cfg.Database, exec.Options{Pushdown: cfg.Pushdown, MemoryLimit: cfg.MemoryLimit, SQLMode: mode, User: user, Tx: cfg.Tx})
	return &Connector{cfg: cfg, client: client, engine: eng}, nil
}

// Connect implements driver.Connector; a conn is a cheap handle.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	return &conn{engine: c.engine, connector: c, multi: c.cfg.MultiStatements, mysqlErrors: c.cfg.MySQLErrors}, nil
}

// Driver implements driver.Connector.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// Close disconnects the client. database/sql calls it from DB.Close.
func (c *Connector) Close() error {
	var err error
	c.closeOnce.Do(func() {
		err = c.client.Disconnect(context.Background())
	})
	return err
}
