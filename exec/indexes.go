package exec

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// loadDef reads a table's catalog entry: nil, without an error, for a
// collection that has none (its columns are sampled).
func (e *Engine) loadDef(ctx context.Context, name string) (*storedTable, error) {
	if err := checkReserved(name); err != nil {
		return nil, err
	}
	var st storedTable
	err := e.db.Collection(catalogCollection).FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Decode(&st)
	if errors.Is(err, mongo.ErrNoDocuments) {
		ok, err := e.catalog.exists(ctx, name)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q", name)
		}
		return nil, nil
	}
	if err != nil {
		return nil, sqlerr.Wrap(err, "reading catalog of %q", name)
	}
	return &st, nil
}

// saveDef records a changed definition.
func (e *Engine) saveDef(ctx context.Context, st *storedTable) error {
	_, err := e.db.Collection(catalogCollection).ReplaceOne(ctx, bson.D{{Key: "_id", Value: st.Name}}, st,
		options.Replace().SetUpsert(true))
	e.catalog.invalidate(st.Name)
	return sqlerr.Wrap(err, "recording table %q", st.Name)
}

// createIndex runs CREATE [UNIQUE] INDEX.
func (e *Engine) createIndex(ctx context.Context, def *sqlparse.CreateIndex) error {
	st, err := e.loadDef(ctx, def.Table)
	if err != nil {
		return err
	}
	ix := storedIndexOf(sqlparse.IndexDef{Name: def.Name, Columns: def.Columns, Unique: def.Unique})
	if err := e.checkNewIndex(ctx, def.Table, st, ix); err != nil {
		if def.IfNotExists && sqlerr.HasCode(err, sqlerr.DuplicateName) {
			return nil
		}
		return err
	}
	server, err := e.buildIndex(ctx, def.Table, st, ix)
	if err != nil {
		return err
	}
	ix.Server = server
	if st == nil {
		e.catalog.invalidate(def.Table)
		return nil
	}
	st.Indexes = append(st.Indexes, ix)
	return e.saveDef(ctx, st)
}

// dropIndex runs DROP INDEX.
func (e *Engine) dropIndex(ctx context.Context, def *sqlparse.DropIndex) error {
	st, err := e.loadDef(ctx, def.Table)
	if err != nil {
		return err
	}
	name, err := e.findIndex(ctx, def.Table, st, def.Name)
	if err != nil {
		if def.IfExists && sqlerr.HasCode(err, sqlerr.UnknownName) {
			return nil
		}
		return err
	}
	if st == nil {
		if err := e.removeIndex(ctx, def.Table, nil, name); err != nil {
			return err
		}
		e.catalog.invalidate(def.Table)
		return nil
	}
	server := st.index(name).serverName()
	st.dropIndex(name)
	if err := e.removeIndex(ctx, def.Table, st, server); err != nil {
		return err
	}
	return e.saveDef(ctx, st)
}

// checkNewIndex refuses an index whose name is taken or whose columns do
// not exist, and a unique index the stored rows already break.
func (e *Engine) checkNewIndex(ctx context.Context, table string, st *storedTable, ix storedIndex) error {
	if strings.EqualFold(ix.Name, "PRIMARY") {
		return sqlerr.New(sqlerr.Syntax, "Incorrect index name '%s'", ix.Name)
	}
	if _, err := e.findIndex(ctx, table, st, ix.Name); err == nil {
		return sqlerr.New(sqlerr.DuplicateName, "Duplicate key name '%s'", ix.Name)
	} else if !sqlerr.HasCode(err, sqlerr.UnknownName) {
		return err
	}
	for _, c := range ix.Columns {
		if err := checkColumnName(c, st != nil && strings.EqualFold(c, st.IDColumn)); err != nil {
			return err
		}
		if st != nil && st.column(c) == nil {
			return sqlerr.New(sqlerr.UnknownColumn, "Key column '%s' doesn't exist in table", c)
		}
	}
	if ix.Unique {
		return e.checkIndexable(ctx, table, st, ix)
	}
	return nil
}

// checkIndexable finds two stored rows with one key of a new unique index
// (none of its parts NULL): MySQL refuses to build such an index, and on
// FerretDB v1 the driver's check is all that will keep it.
func (e *Engine) checkIndexable(ctx context.Context, table string, st *storedTable, ix storedIndex) error {
	key := bson.D{}
	match := bson.D{}
	paths := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		paths[i] = st.path(c)
		key = append(key, bson.E{Key: "k" + strconv.Itoa(i), Value: "$" + paths[i]})
		match = append(match, bson.E{Key: paths[i], Value: bson.D{{Key: "$ne", Value: nil}}})
	}
	cur, err := e.db.Collection(table).Aggregate(ctx, bson.A{
		bson.D{{Key: "$match", Value: match}},
		bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: key}, {Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}},
		bson.D{{Key: "$match", Value: bson.D{{Key: "n", Value: bson.D{{Key: "$gt", Value: 1}}}}}},
		bson.D{{Key: "$limit", Value: 1}},
	})
	if err != nil {
		return sqlerr.Wrap(err, "checking the keys of %q", table)
	}
	defer cur.Close(ctx)
	if !cur.Next(ctx) {
		return sqlerr.Wrap(cur.Err(), "checking the keys of %q", table)
	}
	elems, _ := cur.Current.Lookup("_id").Document().Elements()
	vals := make([]any, len(elems))
	for i, el := range elems {
		vals[i] = sqltypes.FromRaw(el.Value())
	}
	return uniqueError(&planner.Table{Name: table}, ix.Name, vals)
}

// buildIndex creates the index on the server. A server keeps one index
// per key pattern: when one with ix's pattern exists already, ix shares
// it and server is its name ("" when ix got its own). A unique index
// sharing a plain one is kept by the driver's check alone.
func (e *Engine) buildIndex(ctx context.Context, table string, st *storedTable, ix storedIndex) (server string, err error) {
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return "", err
	}
	if st == nil {
		st = &storedTable{Name: table}
	}
	model := st.indexModel(ix, info)
	_, err = e.db.Collection(table).Indexes().CreateOne(ctx, model)
	var ce mongo.CommandError
	if errors.As(err, &ce) && (ce.Code == 85 || ce.Code == 86 || ce.Name == "IndexOptionsConflict" || ce.Name == "IndexKeySpecsConflict") {
		specs, lerr := e.db.Collection(table).Indexes().ListSpecifications(ctx)
		if lerr != nil {
			return "", sqlerr.Wrap(lerr, "listing indexes of %q", table)
		}
		want, _ := bson.Marshal(model.Keys)
		for _, spec := range specs {
			if bytes.Equal(spec.KeysDocument, want) {
				return spec.Name, nil
			}
		}
	}
	if err != nil {
		return "", writeError(err, table)
	}
	return "", nil
}

// removeIndex drops the server index named server, unless another index
// of st still shares it; one already gone is fine.
func (e *Engine) removeIndex(ctx context.Context, table string, st *storedTable, server string) error {
	if st != nil {
		for i := range st.Indexes {
			if st.Indexes[i].Server == server {
				return nil
			}
		}
	}
	err := e.db.Collection(table).Indexes().DropOne(ctx, server)
	var ce mongo.CommandError
	if errors.As(err, &ce) && (ce.Code == 27 || ce.Name == "IndexNotFound") {
		return nil
	}
	return sqlerr.Wrap(err, "dropping index %q of %q", server, table)
}

// index is the index of st named name (as stored), or nil.
func (st *storedTable) index(name string) *storedIndex {
	for i := range st.Indexes {
		if st.Indexes[i].Name == name {
			return &st.Indexes[i]
		}
	}
	return nil
}

// findIndex returns an index's name as stored, matched case-insensitively
// as MySQL matches index names; UnknownName when there is none.
func (e *Engine) findIndex(ctx context.Context, table string, st *storedTable, name string) (string, error) {
	if st != nil {
		for _, ix := range st.Indexes {
			if strings.EqualFold(ix.Name, name) {
				return ix.Name, nil
			}
		}
	} else {
		names, err := e.db.Collection(table).Indexes().ListSpecifications(ctx)
		if err != nil {
			return "", sqlerr.Wrap(err, "listing indexes of %q", table)
		}
		for _, spec := range names {
			if spec.Name != "_id_" && strings.EqualFold(spec.Name, name) {
				return spec.Name, nil
			}
		}
	}
	return "", sqlerr.New(sqlerr.UnknownName, "Can't DROP '%s'; check that column/key exists", name)
}

// path is the document field of column c.
func (st *storedTable) path(c string) string {
	if st != nil && st.IDColumn != "" && strings.EqualFold(c, st.IDColumn) {
		return "_id"
	}
	return c
}

// dropIndex removes the index named name from the definition.
func (st *storedTable) dropIndex(name string) {
	for i, ix := range st.Indexes {
		if ix.Name == name {
			st.Indexes = append(st.Indexes[:i:i], st.Indexes[i+1:]...)
			return
		}
	}
}
