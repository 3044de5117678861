package exec

import (
	"context"
	"errors"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Collections sqlmongo keeps its own state in; hidden from SQL.
const (
	catalogCollection  = "__sqlmongo_catalog"
	countersCollection = "__sqlmongo_counters"
)

// sampleSize is how many documents are read to guess the columns of a
// collection that has no CREATE TABLE definition. Fields beyond the sample
// still resolve (as NULL where absent); the sample sets SELECT * and types.
const sampleSize = 1000

// catalog caches table definitions per engine; DDL and writes through
// this engine invalidate entries.
type catalog struct {
	db *mongo.Database

	mu      sync.Mutex
	tables  map[string]*planner.Table
	fields  map[string]map[string]bool // sampled table → fields beyond the sample some document has
	version uint64
}

func newCatalog(db *mongo.Database) *catalog {
	return &catalog{db: db, tables: map[string]*planner.Table{}}
}

// Version changes whenever a cached definition is dropped, so prepared
// statements know to plan again.
func (c *catalog) Version() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version
}

func (c *catalog) invalidate(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.tables, name)
	delete(c.fields, name)
	c.version++
}

// storedColumn is a column as kept in the catalog document.
type storedColumn struct {
	Name          string            `bson:"name"`
	Type          string            `bson:"type"`
	Length        int               `bson:"length,omitempty"`
	Precision     int               `bson:"precision,omitempty"`
	Scale         int               `bson:"scale,omitempty"`
	Unsigned      bool              `bson:"unsigned,omitempty"`
	NotNull       bool              `bson:"notNull,omitempty"`
	AutoIncrement bool              `bson:"autoIncrement,omitempty"`
	Default       *sqlparse.Default `bson:"default,omitempty"`
	// Comment, Values (ENUM/SET members) and OnUpdate are kept for
	// introspection (SHOW CREATE TABLE, information_schema).
	Comment  string   `bson:"comment,omitempty"`
	Values   []string `bson:"values,omitempty"`
	OnUpdate string   `bson:"onUpdate,omitempty"`
}

// sqlType is the column's SQL type.
func (c *storedColumn) sqlType() sqltypes.Type {
	typ, ok := sqltypes.ParseType(c.Type)
	if !ok {
		typ = sqltypes.Type{Kind: sqltypes.Text, Name: c.Type}
	}
	typ.Length, typ.Precision, typ.Scale, typ.Unsigned = c.Length, c.Precision, c.Scale, c.Unsigned
	return typ
}

// storedTable is the catalog document of one table.
type storedTable struct {
	Name       string         `bson:"_id"`
	Columns    []storedColumn `bson:"columns"`
	PrimaryKey []string       `bson:"primaryKey,omitempty"`
	IDColumn   string         `bson:"idColumn,omitempty"`
	Indexes    []storedIndex  `bson:"indexes,omitempty"`
	// ForeignKeys are recorded, shown by introspection, not enforced.
	ForeignKeys []sqlparse.ForeignKey `bson:"foreignKeys,omitempty"`
	Comment     string                `bson:"comment,omitempty"`
}

// storedIndex is a secondary index of a catalogued table.
type storedIndex struct {
	Name    string   `bson:"name"`
	Columns []string `bson:"columns"`
	Desc    []bool   `bson:"desc,omitempty"` // per column, when any is DESC
	Unique  bool     `bson:"unique,omitempty"`
	// Server names the server index that serves this one when another
	// index already had its key pattern (MongoDB keeps one per pattern;
	// MySQL allows duplicates); "" when it has its own, named Name.
	Server string `bson:"server,omitempty"`
}

// serverName is the name of the server index that serves ix.
func (ix *storedIndex) serverName() string {
	if ix.Server != "" {
		return ix.Server
	}
	return ix.Name
}

func (s *storedTable) table() *planner.Table {
	t := &planner.Table{Name: s.Name, IDColumn: s.IDColumn, Defined: true}
	for _, ix := range s.Indexes {
		t.Indexes = append(t.Indexes, planner.Index{Name: ix.Name, Columns: ix.Columns, Unique: ix.Unique})
	}
	for _, c := range s.Columns {
		typ := c.sqlType()
		if c.Default != nil {
			// Decoded defaults come back as BSON's Go types (int32, …).
			d := *c.Default
			if d.Value != nil {
				if raw, err := bson.Marshal(bson.D{{Key: "v", Value: d.Value}}); err == nil {
					d.Value = sqltypes.FromRaw(bson.Raw(raw).Lookup("v"))
				}
			}
			c.Default = &d
		}
		t.Columns = append(t.Columns, planner.TableColumn{
			Name: c.Name, Type: typ, NotNull: c.NotNull, AutoIncrement: c.AutoIncrement, Default: c.Default,
		})
	}
	return t
}

// Table implements planner.Catalog.
func (c *catalog) Table(ctx context.Context, name string) (*planner.Table, error) {
	c.mu.Lock()
	t := c.tables[name]
	c.mu.Unlock()
	if t != nil {
		return t, nil
	}
	var st storedTable
	err := c.db.Collection(catalogCollection).FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Decode(&st)
	switch {
	case err == nil:
		t = st.table()
	case errors.Is(err, mongo.ErrNoDocuments):
		t, err = c.sample(ctx, name)
		if err != nil {
			return nil, err
		}
	default:
		return nil, sqlerr.Wrap(err, "reading catalog of %q", name)
	}
	c.mu.Lock()
	c.tables[name] = t
	c.mu.Unlock()
	return t, nil
}

// exists reports whether a collection of that name exists.
func (c *catalog) exists(ctx context.Context, name string) (bool, error) {
	names, err := c.db.ListCollectionNames(metaCtx(ctx), bson.D{{Key: "name", Value: name}})
	if err != nil {
		return false, sqlerr.Wrap(err, "listing collections")
	}
	return len(names) > 0, nil
}

// sample derives columns from a collection's documents: fields in
// first-seen order with _id first, each typed by what most of its
// non-null values are (integers and doubles together make DOUBLE).
func (c *catalog) sample(ctx context.Context, name string) (*planner.Table, error) {
	if name == catalogCollection || name == countersCollection {
		return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q", name)
	}
	ok, err := c.exists(ctx, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q", name)
	}
	cur, err := c.db.Collection(name).Find(ctx, bson.D{}, options.Find().SetLimit(sampleSize))
	if err != nil {
		return nil, sqlerr.Wrap(err, "sampling %q", name)
	}
	defer cur.Close(ctx)
	names := []string{"_id"}
	counts := map[string]map[bson.Type]int{"_id": {}}
	for cur.Next(ctx) {
		elems, err := cur.Current.Elements()
		if err != nil {
			return nil, sqlerr.Wrap(err, "sampling %q", name)
		}
		for _, el := range elems {
			k := el.Key()
			if counts[k] == nil {
				counts[k] = map[bson.Type]int{}
				names = append(names, k)
			}
			if t := el.Value().Type; t != bson.TypeNull && t != bson.TypeUndefined {
				counts[k][t]++
			}
		}
	}
	if err := cur.Err(); err != nil {
		return nil, sqlerr.Wrap(err, "sampling %q", name)
	}
	t := &planner.Table{Name: name}
	for _, n := range names {
		t.Columns = append(t.Columns, planner.TableColumn{Name: n, Type: majorityType(counts[n])})
	}
	if t.Indexes, err = c.uniqueIndexes(ctx, name); err != nil {
		return nil, err
	}
	return t, nil
}

// uniqueIndexes lists the unique indexes another application gave a
// collection, so that writes through SQL check them as they check keys
// they created: over plain fields, without a partial filter (what such an
// index admits is the server's to say).
func (c *catalog) uniqueIndexes(ctx context.Context, name string) ([]planner.Index, error) {
	ctx = metaCtx(ctx)
	cur, err := c.db.Collection(name).Indexes().List(ctx)
	if err != nil {
		return nil, sqlerr.Wrap(err, "listing indexes of %q", name)
	}
	defer cur.Close(ctx)
	var out []planner.Index
	for cur.Next(ctx) {
		var spec struct {
			Name    string   `bson:"name"`
			Key     bson.D   `bson:"key"`
			Unique  bool     `bson:"unique"`
			Partial bson.Raw `bson:"partialFilterExpression"`
			Sparse  bool     `bson:"sparse"`
		}
		if err := cur.Decode(&spec); err != nil {
			return nil, sqlerr.Wrap(err, "listing indexes of %q", name)
		}
		if !spec.Unique || spec.Partial != nil || spec.Sparse || spec.Name == "_id_" {
			continue
		}
		ix := planner.Index{Name: spec.Name, Unique: true}
		for _, k := range spec.Key {
			switch k.Value.(type) {
			case int32, int64, float64:
				ix.Columns = append(ix.Columns, k.Key)
			default: // text, hashed, 2dsphere: not a plain key
				ix.Columns, spec.Key = nil, nil
			}
		}
		if len(ix.Columns) > 0 {
			out = append(out, ix)
		}
	}
	return out, sqlerr.Wrap(cur.Err(), "listing indexes of %q", name)
}

// majorityType picks a column type from the BSON types seen: numbers of
// several kinds widen (int32 < int64 < double, decimal wins); one other
// type is taken as is; several kinds, or no value at all, leave it untyped.
func majorityType(seen map[bson.Type]int) sqltypes.Type {
	if len(seen) == 0 {
		return sqltypes.Type{Kind: sqltypes.Null}
	}
	numeric, best, bestN := 0, bson.Type(0), -1
	for bt, n := range seen {
		switch bt {
		case bson.TypeInt32, bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128:
			numeric += n
		}
		if n > bestN || n == bestN && bt < best {
			best, bestN = bt, n
		}
	}
	families := len(seen)
	if numeric > 0 {
		for bt := range seen {
			switch bt {
			case bson.TypeInt32, bson.TypeInt64, bson.TypeDouble, bson.TypeDecimal128:
				families--
			}
		}
		families++
	}
	if families > 1 {
		// Values of several kinds (numbers and strings, say): the column
		// is untyped, so nothing type-dependent is pushed to the server
		// ($add on a string would fail there). It reports as TEXT.
		return sqltypes.Type{Kind: sqltypes.Null, Name: "TEXT"}
	}
	if numeric >= bestN && numeric > 0 {
		switch {
		case seen[bson.TypeDecimal128] > 0:
			return sqltypes.FromBSON(bson.TypeDecimal128)
		case seen[bson.TypeDouble] > 0:
			return sqltypes.FromBSON(bson.TypeDouble)
		case seen[bson.TypeInt64] > 0:
			return sqltypes.FromBSON(bson.TypeInt64)
		}
		return sqltypes.FromBSON(bson.TypeInt32)
	}
	return sqltypes.FromBSON(best)
}

// planCatalog adapts the catalog to planner.Catalog for one statement.
type planCatalog struct {
	ctx context.Context
	c   *catalog
}

func (p planCatalog) Table(name string) (*planner.Table, error) {
	if err := checkReserved(name); err != nil {
		return nil, err
	}
	return p.c.Table(p.ctx, name)
}

// HasField implements planner.FieldProber: one find with $exists and
// limit 1. A field found is cached with the table's sample; one not found
// is asked again next time (another writer may add it).
func (p planCatalog) HasField(table, path string) (bool, error) {
	return p.c.hasField(p.ctx, table, path)
}

func (c *catalog) hasField(ctx context.Context, table, path string) (bool, error) {
	c.mu.Lock()
	known, ok := c.fields[table][path]
	c.mu.Unlock()
	if ok {
		return known, nil
	}
	err := c.db.Collection(table).FindOne(ctx, bson.D{{Key: path, Value: bson.D{{Key: "$exists", Value: true}}}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, sqlerr.Wrap(err, "looking for field %q in %q", path, table)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fields == nil {
		c.fields = map[string]map[string]bool{}
	}
	if c.fields[table] == nil {
		c.fields[table] = map[string]bool{}
	}
	c.fields[table][path] = true
	return true, nil
}
