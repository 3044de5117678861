package driver

import (
	"database/sql"
	"database/sql/driver"
	"slices"
)

// Driver implements driver.Driver and driver.DriverContext.
type Driver struct{}

// registered reports the names this package registered under; "mongodb"
// is skipped when another package took it first.
var registered []string

func init() {
	for _, name := range []string{"mongodb", "sqlmongo"} {
		if !slices.Contains(sql.Drivers(), name) {
			sql.Register(name, &Driver{})
			registered = append(registered, name)
		}
	}
}

// Open implements driver.Driver. Each call makes its own client; prefer
// sql.Open, which goes through OpenConnector and shares one.
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return &conn{engine: c.(*Connector).engine, connector: c.(*Connector), owner: c.(*Connector), multi: c.(*Connector).cfg.MultiStatements, mysqlErrors: c.(*Connector).cfg.MySQLErrors}, nil
}

// OpenConnector implements driver.DriverContext.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return NewConnector(cfg)
}
