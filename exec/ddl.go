package exec

import (
	"context"
	"fmt"
	"slices"
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
	st := storedTable{Name: def.Name, PrimaryKey: def.PrimaryKey, Comment: def.Comment}
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
		if err := checkDefault(c.Name, c.Type, c.Default); err != nil {
			return err
		}
		sc := storedColumnOf(&c)
		for _, k := range def.PrimaryKey {
			if strings.EqualFold(k, c.Name) {
				sc.NotNull = true
			}
		}
		st.Columns = append(st.Columns, sc)
	}
	for _, k := range def.PrimaryKey {
		if !seen[strings.ToLower(k)] {
			return sqlerr.New(sqlerr.UnknownColumn, "key column %q doesn't exist in table", k)
		}
	}
	if err := e.db.CreateCollection(ctx, def.Name); err != nil {
		return sqlerr.Wrap(err, "creating collection %q", def.Name)
	}
	st.ForeignKeys = def.ForeignKeys
	if len(def.PrimaryKey) > 1 {
		st.Indexes = append(st.Indexes, storedIndex{Name: "PRIMARY", Columns: def.PrimaryKey, Unique: true})
	}
	// Column-level UNIQUE comes as an index definition too (sqlparse).
	for _, ix := range def.Indexes {
		if len(ix.Columns) == 1 && ix.Columns[0].Name == st.IDColumn {
			continue // _id is unique already
		}
		st.Indexes = append(st.Indexes, storedIndexOf(ix))
	}
	st.addForeignKeyIndexes()
	for i := range st.Indexes {
		// One by one: an index with another's key pattern shares it.
		if st.Indexes[i].Server, err = e.buildIndex(ctx, def.Name, &st, st.Indexes[i]); err != nil {
			_ = e.db.Collection(def.Name).Drop(ctx)
			return err
		}
	}
	if _, err := e.db.Collection(catalogCollection).InsertOne(ctx, st); err != nil {
		_ = e.db.Collection(def.Name).Drop(ctx)
		return sqlerr.Wrap(err, "recording table %q", def.Name)
	}
	e.catalog.invalidate(def.Name)
	return nil
}

// addForeignKeyIndexes adds the indexes MySQL adds for foreign keys whose
// columns no index starts with (named after the constraint, else the
// first column), so lookups of a parent's children use an index; it
// returns them.
func (st *storedTable) addForeignKeyIndexes() []storedIndex {
	var added []storedIndex
	for _, fk := range st.ForeignKeys {
		if len(fk.Columns) == 0 || st.hasIndexOn(fk.Columns) {
			continue
		}
		base := fk.Name
		if base == "" {
			base = fk.Columns[0]
		}
		ix := storedIndex{Name: st.freeIndexName(base), Columns: fk.Columns}
		st.Indexes = append(st.Indexes, ix)
		added = append(added, ix)
	}
	return added
}

// freeIndexName is MySQL's name for an unnamed index: base, with _2, _3…
// when taken (index names compare without case; PRIMARY is reserved).
func (st *storedTable) freeIndexName(base string) string {
	taken := func(name string) bool {
		return strings.EqualFold(name, "PRIMARY") ||
			slices.ContainsFunc(st.Indexes, func(ix storedIndex) bool { return strings.EqualFold(ix.Name, name) })
	}
	name := base
	for n := 2; taken(name); n++ {
		name = fmt.Sprintf("%s_%d", base, n)
	}
	return name
}

// hasIndexOn reports an index (or the key in _id) whose leading columns
// are cols.
func (st *storedTable) hasIndexOn(cols []string) bool {
	if len(cols) == 1 && strings.EqualFold(cols[0], st.IDColumn) {
		return true
	}
	for _, ix := range st.Indexes {
		if len(ix.Columns) < len(cols) {
			continue
		}
		match := true
		for i, c := range cols {
			match = match && strings.EqualFold(ix.Columns[i], c)
		}
		if match {
			return true
		}
	}
	return false
}

// storedColumnOf is the catalog's record of a column definition.
func storedColumnOf(c *sqlparse.ColumnDef) storedColumn {
	return storedColumn{
		Name: c.Name, Type: c.Type.DatabaseTypeName(), Length: c.Type.Length, Precision: c.Type.Precision,
		Scale: c.Type.Scale, Unsigned: c.Type.Unsigned, NotNull: c.NotNull || c.PrimaryKey,
		AutoIncrement: c.AutoIncrement, Default: c.Default, Comment: c.Comment, Values: c.Values, OnUpdate: c.OnUpdate,
	}
}

// storedIndexOf is the catalog's record of an index definition.
func storedIndexOf(ix sqlparse.IndexDef) storedIndex {
	st := storedIndex{Name: ix.Name, Unique: ix.Unique}
	desc := false
	for _, c := range ix.Columns {
		st.Columns = append(st.Columns, c.Name)
		desc = desc || c.Desc
	}
	if st.Name == "" {
		st.Name = st.Columns[0]
	}
	if desc {
		for _, c := range ix.Columns {
			st.Desc = append(st.Desc, c.Desc)
		}
	}
	return st
}

// indexModel builds an index of the table. A unique index over columns
// that may be NULL admits any number of rows with a NULL in the key, as
// MySQL's do: it indexes only documents whose nullable key fields hold a
// value (a partial index). A server without partial indexes (FerretDB v1)
// gets a plain index, and the uniqueness of such keys is the driver's
// check before each write alone (see checkUnique).
func (st *storedTable) indexModel(ix storedIndex, s server) mongo.IndexModel {
	keys := bson.D{}
	filter := bson.D{}
	for i, c := range ix.Columns {
		dir := int32(1)
		if i < len(ix.Desc) && ix.Desc[i] {
			dir = -1
		}
		path := c
		if strings.EqualFold(c, st.IDColumn) {
			path = "_id"
		}
		keys = append(keys, bson.E{Key: path, Value: dir})
		if col := st.column(c); col == nil || !col.NotNull {
			filter = append(filter, bson.E{Key: path, Value: bson.D{{Key: "$type", Value: nonNullTypes}}})
		}
	}
	opts := options.Index().SetName(ix.Name)
	switch {
	case !ix.Unique:
	case len(filter) == 0:
		opts.SetUnique(true)
	case partialIndexes(s):
		opts.SetUnique(true).SetPartialFilterExpression(filter)
	}
	return mongo.IndexModel{Keys: keys, Options: opts}
}

// column is the stored column named name (case-insensitively), or nil.
func (st *storedTable) column(name string) *storedColumn {
	for i := range st.Columns {
		if strings.EqualFold(st.Columns[i].Name, name) {
			return &st.Columns[i]
		}
	}
	return nil
}

// nonNullTypes are the BSON types a SQL value is stored as; a $type over
// them is what a partial index can test for "not NULL" ($ne: null is not
// allowed in a partial filter), and an equality on any such value implies
// it, so the index still serves lookups.
var nonNullTypes = bson.A{"double", "string", "object", "array", "binData", "objectId", "bool", "date", "int", "timestamp", "long", "decimal"}

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
