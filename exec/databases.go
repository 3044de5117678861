package exec

import (
	"context"
	"errors"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Databases: MongoDB creates a database with its first collection, so
// CREATE DATABASE creates the catalog collection there; SHOW DATABASES and
// information_schema.SCHEMATA list the server's databases (listDatabases)
// but MongoDB's own (admin, local, config). The driver switches a
// connection's engine on USE (driver/usedb.go).

// DatabaseStmt returns what CREATE DATABASE, DROP DATABASE and USE say,
// for the driver to act on; d is nil for every other statement.
func (s *Stmt) DatabaseStmt() (kind sqlparse.Kind, d *sqlparse.Database) {
	return s.parsed.Kind, s.parsed.Database
}

// Database is the engine's database name.
func (e *Engine) Database() string { return e.db.Name() }

// NewFor returns an engine for database name that shares e's client and
// options (a connector keeps one per database its connections USE).
func (e *Engine) NewFor(name string) *Engine { return New(e.client, name, e.opts) }

// systemDatabases are MongoDB's own: never listed, created or dropped.
var systemDatabases = map[string]bool{"admin": true, "local": true, "config": true}

// checkDatabaseName refuses names MongoDB cannot hold, and MongoDB's and
// MySQL's own databases.
func checkDatabaseName(name string) error {
	switch {
	case name == "" || len(name) > 63 || strings.ContainsAny(name, "/\\. \"$*<>:|?\x00"):
		return sqlerr.New(sqlerr.Args, "database name '%s': MongoDB database names are 1-63 bytes without / \\ . space \" $ * < > : | ?", name)
	case systemDatabases[strings.ToLower(name)] || strings.EqualFold(name, "information_schema"):
		return sqlerr.New(sqlerr.Unsupported, "database '%s' is the server's own", name)
	}
	return nil
}

// DatabaseNames lists the databases SHOW DATABASES shows besides
// information_schema: the server's (those this user may see), and always
// the engine's own, which MongoDB shows only once it holds a collection.
func (e *Engine) DatabaseNames(ctx context.Context) ([]string, error) {
	names, err := e.client.ListDatabaseNames(ctx, bson.D{})
	if err != nil {
		return nil, sqlerr.Wrap(err, "listing databases")
	}
	out := []string{e.db.Name()}
	for _, n := range names {
		if !systemDatabases[n] && n != e.db.Name() {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

// DatabaseExists reports whether the server has database name.
func (e *Engine) DatabaseExists(ctx context.Context, name string) (bool, error) {
	names, err := e.client.ListDatabaseNames(ctx, bson.D{{Key: "name", Value: name}})
	if err != nil {
		return false, sqlerr.Wrap(err, "listing databases")
	}
	return len(names) > 0, nil
}

// CreateDatabase is CREATE DATABASE: the catalog collection made there
// makes the database exist (and listed) before its first table.
func (e *Engine) CreateDatabase(ctx context.Context, d *sqlparse.Database) error {
	if err := checkDatabaseName(d.Name); err != nil {
		return err
	}
	exists, err := e.DatabaseExists(ctx, d.Name)
	if err != nil {
		return err
	}
	if exists {
		if d.IfNotExists {
			return nil
		}
		return sqlerr.Numbered(sqlerr.DuplicateName, sqlerr.ErrDBExists, "Can't create database '%s'; database exists", d.Name)
	}
	if err := e.client.Database(d.Name).CreateCollection(ctx, catalogCollection); err != nil && !isNamespaceExists(err) {
		return sqlerr.Wrap(err, "creating database %q", d.Name)
	}
	return nil
}

// DropDatabase is DROP DATABASE: the MongoDB database, with every table
// and sqlmongo's own collections, is dropped.
func (e *Engine) DropDatabase(ctx context.Context, d *sqlparse.Database) error {
	if err := checkDatabaseName(d.Name); err != nil {
		return err
	}
	exists, err := e.DatabaseExists(ctx, d.Name)
	if err != nil {
		return err
	}
	if !exists {
		if d.IfExists {
			return nil
		}
		return sqlerr.Numbered(sqlerr.UnknownName, sqlerr.ErrDBDropExists, "Can't drop database '%s'; database doesn't exist", d.Name)
	}
	if err := e.client.Database(d.Name).Drop(ctx); err != nil {
		return sqlerr.Wrap(err, "dropping database %q", d.Name)
	}
	return nil
}

// Forget drops every cached definition and statement plan: the database
// was dropped (or recreated) behind the engine.
func (e *Engine) Forget() {
	c := e.catalog
	c.mu.Lock()
	clear(c.tables)
	clear(c.fields)
	c.version++
	c.mu.Unlock()
	e.counters.mu.Lock()
	for name, tc := range e.counters.tables {
		if !tc.busy {
			delete(e.counters.tables, name)
		}
	}
	e.counters.mu.Unlock()
}

// UnknownDatabase is MySQL's 1049 for USE of a database the server has not.
func UnknownDatabase(name string) error {
	return sqlerr.Numbered(sqlerr.UnknownName, sqlerr.ErrBadDB, "Unknown database '%s'", name)
}

func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && ce.Code == 48 // NamespaceExists
}
