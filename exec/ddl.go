package exec

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// checkReserved refuses the collections that hold the driver's own
// bookkeeping (catalog, counters) and MongoDB's system collections, for
// every statement: dropped or written through SQL, they would silently
// take NOT NULL, defaults and AUTO_INCREMENT with them.
func checkReserved(name string) error {
	if strings.HasPrefix(name, "__sqlmongo") || strings.HasPrefix(name, "system.") {
		return sqlerr.New(sqlerr.Unsupported, "table name %q is reserved", name)
	}
	return nil
}

// createTable records the definition in the catalog collection and creates
// the collection and its secondary indexes. A single-column primary key
// becomes _id.
func (e *Engine) createTable(ctx context.Context, def *sqlparse.CreateTable) error {
	if err := checkReserved(def.Name); err != nil {
		return err
	}
	if err := checkTableDef(def); err != nil {
		return err
	}
	exists, err := e.catalog.exists(ctx, def.Name)
	if err != nil {
		return err
	}
	if !exists {
		n, err := e.db.Collection(catalogCollection).CountDocuments(ctx, bson.D{{Key: "_id", Value: def.Name}})
		if err != nil {
			return sqlerr.Wrap(err, "reading catalog")
		}
		exists = n > 0
	}
	if exists {
		if def.IfNotExists {
			return nil
		}
		return sqlerr.New(sqlerr.TableExists, "table %q already exists", def.Name)
	}
	st := storedTable{Name: def.Name, PrimaryKey: def.PrimaryKey}
	if len(def.PrimaryKey) == 1 {
		st.IDColumn = def.PrimaryKey[0]
	}
	seen := map[string]bool{}
	for _, c := range def.Columns {
		low := strings.ToLower(c.Name)
		if seen[low] {
			return sqlerr.New(sqlerr.Syntax, "duplicate column name %q", c.Name)
		}
		seen[low] = true
		notNull := c.NotNull || c.PrimaryKey
		for _, k := range def.PrimaryKey {
			if strings.EqualFold(k, c.Name) {
				notNull = true
			}
		}
		st.Columns = append(st.Columns, storedColumn{
			Name: c.Name, Type: c.Type.DatabaseTypeName(), Length: c.Type.Length, Precision: c.Type.Precision,
			Scale: c.Type.Scale, Unsigned: c.Type.Unsigned, NotNull: notNull, AutoIncrement: c.AutoIncrement, Default: c.Default,
		})
	}
	for _, k := range def.PrimaryKey {
		if !seen[strings.ToLower(k)] {
			return sqlerr.New(sqlerr.UnknownColumn, "key column %q doesn't exist in table", k)
		}
	}
	if err := e.db.CreateCollection(ctx, def.Name); err != nil {
		return sqlerr.Wrap(err, "creating collection %q", def.Name)
	}
	var models []mongo.IndexModel
	if len(def.PrimaryKey) > 1 {
		models = append(models, indexModel("PRIMARY", def.PrimaryKey, true))
	}
	// Column-level UNIQUE comes as an index definition too (sqlparse).
	for _, ix := range def.Indexes {
		cols := make([]string, len(ix.Columns))
		for i, c := range ix.Columns {
			cols[i] = c.Name
		}
		if len(cols) == 1 && cols[0] == st.IDColumn {
			continue // _id is unique already
		}
		name := ix.Name
		if name == "" {
			name = cols[0]
		}
		models = append(models, indexModel(name, cols, ix.Unique))
	}
	if len(models) > 0 {
		if _, err := e.db.Collection(def.Name).Indexes().CreateMany(ctx, models); err != nil {
			_ = e.db.Collection(def.Name).Drop(ctx)
			return sqlerr.Wrap(err, "creating indexes of %q", def.Name)
		}
	}
	if _, err := e.db.Collection(catalogCollection).InsertOne(ctx, st); err != nil {
		_ = e.db.Collection(def.Name).Drop(ctx)
		return sqlerr.Wrap(err, "recording table %q", def.Name)
	}
	e.catalog.invalidate(def.Name)
	return nil
}

func indexModel(name string, cols []string, unique bool) mongo.IndexModel {
	keys := bson.D{}
	for _, c := range cols {
		keys = append(keys, bson.E{Key: c, Value: int32(1)})
	}
	opts := options.Index().SetName(name)
	if unique {
		opts.SetUnique(true)
	}
	return mongo.IndexModel{Keys: keys, Options: opts}
}

// dropTable drops the collections and their catalog entries and counters.
func (e *Engine) dropTable(ctx context.Context, def *sqlparse.DropTable) error {
	for _, name := range def.Names {
		if err := checkReserved(name); err != nil {
			return err
		}
		exists, err := e.catalog.exists(ctx, name)
		if err != nil {
			return err
		}
		n, err := e.db.Collection(catalogCollection).CountDocuments(ctx, bson.D{{Key: "_id", Value: name}})
		if err != nil {
			return sqlerr.Wrap(err, "reading catalog")
		}
		if !exists && n == 0 {
			if def.IfExists {
				continue
			}
			return sqlerr.New(sqlerr.UnknownTable, "unknown table %q", name)
		}
	}
	for _, name := range def.Names {
		if err := e.db.Collection(name).Drop(ctx); err != nil {
			return sqlerr.Wrap(err, "dropping %q", name)
		}
		filter := bson.D{{Key: "_id", Value: name}}
		if _, err := e.db.Collection(catalogCollection).DeleteOne(ctx, filter); err != nil {
			return sqlerr.Wrap(err, "dropping %q from the catalog", name)
		}
		if err := e.dropCounter(ctx, name); err != nil {
			return err
		}
		e.catalog.invalidate(name)
	}
	return nil
}
