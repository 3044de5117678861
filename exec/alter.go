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
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// alteration is an ALTER TABLE in two phases: every action is checked
// against the definition as the actions before it leave it (and against
// the stored rows where it converts them), then the steps run in order.
// A statement whose check fails changes nothing.
type alteration struct {
	e     *Engine
	table string
	st    *storedTable // the definition being changed; nil for a sampled collection
	steps []func(ctx context.Context) error
	// from maps a column's current name to the field the stored rows have
	// it under until the steps run (renames take effect then).
	from map[string]string
	// strict: the connection's sql_mode is strict (a value MODIFY cannot
	// convert fails the ALTER).
	strict bool
}

func (e *Engine) alterTable(ctx context.Context, def *sqlparse.AlterTable, strict bool) error {
	st, err := e.loadDef(ctx, def.Table)
	if err != nil {
		return err
	}
	a := &alteration{e: e, table: def.Table, st: st, from: map[string]string{}, strict: strict}
	if st != nil {
		for _, c := range st.Columns {
			a.from[strings.ToLower(c.Name)] = st.path(c.Name)
		}
	}
	for i := range def.Actions {
		if err := a.check(ctx, &def.Actions[i]); err != nil {
			return err
		}
	}
	for _, step := range a.steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	if a.st != nil {
		if err := e.saveDef(ctx, a.st); err != nil {
			return err
		}
	}
	e.catalog.invalidate(def.Table)
	if a.st != nil && a.st.Name != def.Table {
		e.catalog.invalidate(a.st.Name)
	}
	return nil
}

func (a *alteration) then(step func(ctx context.Context) error) { a.steps = append(a.steps, step) }

// needDef refuses actions that change column definitions on a collection
// without one.
func (a *alteration) needDef(act *sqlparse.AlterAction) error {
	if a.st == nil {
		return sqlerr.New(sqlerr.Unsupported, "ALTER TABLE … %s on %q, a collection without CREATE TABLE (its columns are sampled)",
			strings.ToUpper(act.Kind), a.table)
	}
	return nil
}

func (a *alteration) check(ctx context.Context, act *sqlparse.AlterAction) error {
	switch act.Kind {
	case "add column":
		return a.addColumn(ctx, act)
	case "drop column":
		return a.dropColumn(act)
	case "rename column":
		return a.renameColumn(act.Name, act.NewName)
	case "modify column", "change column":
		if err := a.needDef(act); err != nil {
			return err
		}
		if act.Kind == "change column" && !strings.EqualFold(act.Name, act.NewName) {
			if err := a.renameColumn(act.Name, act.NewName); err != nil {
				return err
			}
		}
		return a.modifyColumn(ctx, act)
	case "set default", "drop default":
		if err := a.needDef(act); err != nil {
			return err
		}
		c := a.st.column(act.Name)
		if c == nil {
			return sqlerr.New(sqlerr.UnknownColumn, "Unknown column '%s' in '%s'", act.Name, a.table)
		}
		c.Default = nil
		if act.Kind == "set default" {
			if err := checkDefault(c.Name, c.sqlType(), act.Column.Default); err != nil {
				return err
			}
			c.Default = act.Column.Default
		}
		return nil
	case "add index":
		ix := storedIndexOf(*act.Index)
		if act.Index.Name == "" {
			ix.Name = a.freeIndexName(ix.Columns[0])
		}
		return a.addIndex(ctx, ix)
	case "drop index":
		return a.dropIndex(ctx, act.Name, act.IfExists)
	case "rename index":
		return a.renameIndex(ctx, act.Name, act.NewName)
	case "rename table":
		return a.renameTable(ctx, act.NewName)
	case "add foreign key":
		if err := a.needDef(act); err != nil {
			return err
		}
		fk := *act.ForeignKey
		if fk.Name == "" {
			fk.Name = fmt.Sprintf("%s_ibfk_%d", a.st.Name, len(a.st.ForeignKeys)+1)
		}
		for _, c := range fk.Columns {
			if a.st.column(c) == nil {
				return sqlerr.New(sqlerr.UnknownColumn, "Key column '%s' doesn't exist in table", c)
			}
		}
		a.st.ForeignKeys = append(a.st.ForeignKeys, fk)
		for _, ix := range a.st.addForeignKeyIndexes() {
			a.buildIndexStep(ix)
		}
		return nil
	case "drop foreign key":
		if err := a.needDef(act); err != nil {
			return err
		}
		for i, fk := range a.st.ForeignKeys {
			if strings.EqualFold(fk.Name, act.Name) {
				a.st.ForeignKeys = slices.Delete(a.st.ForeignKeys, i, i+1)
				return nil
			}
		}
		if act.IfExists {
			return nil
		}
		return sqlerr.New(sqlerr.UnknownName, "Can't DROP '%s'; check that column/key exists", act.Name)
	}
	return sqlerr.New(sqlerr.Unsupported, "ALTER TABLE … %s", strings.ToUpper(act.Kind))
}

// addColumn adds a column where FIRST/AFTER puts it; rows get its
// default, or for NOT NULL without one the type's zero, as MySQL fills
// them.
func (a *alteration) addColumn(ctx context.Context, act *sqlparse.AlterAction) error {
	col := act.Column
	if a.st != nil && a.st.column(col.Name) != nil {
		if act.IfExists {
			return nil
		}
		return sqlerr.Numbered(sqlerr.DuplicateName, sqlerr.ErrDupFieldName, "Duplicate column name '%s'", col.Name)
	}
	if err := checkColumnName(col.Name, false); err != nil {
		return err
	}
	if col.PrimaryKey || col.AutoIncrement {
		return sqlerr.New(sqlerr.Unsupported, "ALTER TABLE … ADD COLUMN with PRIMARY KEY or AUTO_INCREMENT")
	}
	if err := checkDefault(col.Name, col.Type, col.Default); err != nil {
		return err
	}
	sc := storedColumnOf(col)
	fill, err := fillValue(&sc)
	if err != nil {
		return err
	}
	if a.st != nil {
		pos, err := a.position(act, len(a.st.Columns))
		if err != nil {
			return err
		}
		a.st.Columns = slices.Insert(a.st.Columns, pos, sc)
		a.from[strings.ToLower(col.Name)] = col.Name
	}
	if fill != nil {
		v := sqltypes.ToBSON(fill)
		a.then(func(ctx context.Context) error {
			d, err := a.e.serverDoc(ctx, bson.D{{Key: col.Name, Value: v}})
			if err != nil {
				return err
			}
			_, err = a.e.db.Collection(a.table).UpdateMany(ctx, bson.D{{Key: col.Name, Value: nil}}, bson.D{{Key: "$set", Value: d}})
			return sqlerr.Wrap(err, "filling column %q of %q", col.Name, a.table)
		})
	}
	if col.Unique {
		return a.addIndex(ctx, storedIndex{Name: a.freeIndexName(col.Name), Columns: []string{col.Name}, Unique: true})
	}
	return nil
}

// fillValue is what existing rows get for a new column: its default, or
// for NOT NULL without one the type's implicit default (0, ”, …).
func fillValue(c *storedColumn) (any, error) {
	tc := planner.TableColumn{Name: c.Name, Type: c.sqlType(), Default: c.Default}
	v, err := defaultValue(&tc)
	if err != nil || v != nil || !c.NotNull {
		return v, err
	}
	switch tc.Type.Kind {
	case sqltypes.Int, sqltypes.Double, sqltypes.Decimal, sqltypes.Bool:
		return sqltypes.Convert(int64(0), tc.Type)
	case sqltypes.Varchar, sqltypes.Text, sqltypes.Blob:
		return "", nil
	}
	return nil, sqlerr.New(sqlerr.Unsupported, "adding NOT NULL column %q of type %s without a DEFAULT", c.Name, c.Type)
}

// position is where FIRST / AFTER col puts a column; n when neither.
func (a *alteration) position(act *sqlparse.AlterAction, n int) (int, error) {
	switch {
	case act.First:
		return 0, nil
	case act.After != "":
		for i, c := range a.st.Columns {
			if strings.EqualFold(c.Name, act.After) {
				return i + 1, nil
			}
		}
		return 0, sqlerr.New(sqlerr.UnknownColumn, "Unknown column '%s' in '%s'", act.After, a.table)
	}
	return n, nil
}

// dropColumn removes the column and its field from every row; indexes
// lose it (one left with no column is dropped), as in MySQL.
func (a *alteration) dropColumn(act *sqlparse.AlterAction) error {
	name := act.Name
	field := name
	if a.st != nil {
		c := a.st.column(name)
		if c == nil {
			if act.IfExists {
				return nil
			}
			return sqlerr.New(sqlerr.UnknownName, "Can't DROP '%s'; check that column/key exists", name)
		}
		if a.st.path(name) == "_id" || slices.ContainsFunc(a.st.PrimaryKey, func(k string) bool { return strings.EqualFold(k, name) }) {
			return sqlerr.New(sqlerr.Unsupported, "dropping %q, a column of the primary key", name)
		}
		if len(a.st.Columns) == 1 {
			return sqlerr.New(sqlerr.Syntax, "You can't delete all columns with ALTER TABLE; use DROP TABLE instead")
		}
		field = a.from[strings.ToLower(name)]
		a.st.Columns = slices.DeleteFunc(a.st.Columns, func(c storedColumn) bool { return strings.EqualFold(c.Name, name) })
		delete(a.from, strings.ToLower(name))
		for _, ix := range slices.Clone(a.st.Indexes) {
			if !slices.ContainsFunc(ix.Columns, func(c string) bool { return strings.EqualFold(c, name) }) {
				continue
			}
			a.dropIndexStep(ix)
			a.st.dropIndex(ix.Name)
			if rest := withoutColumn(ix, name); len(rest.Columns) > 0 {
				a.st.Indexes = append(a.st.Indexes, rest)
				a.buildIndexStep(rest)
			}
		}
	} else if name == "_id" {
		return sqlerr.New(sqlerr.Unsupported, "dropping _id")
	}
	a.then(func(ctx context.Context) error {
		_, err := a.e.db.Collection(a.table).UpdateMany(ctx, bson.D{{Key: field, Value: bson.D{{Key: "$exists", Value: true}}}},
			bson.D{{Key: "$unset", Value: bson.D{{Key: field, Value: ""}}}})
		return sqlerr.Wrap(err, "dropping column %q of %q", name, a.table)
	})
	return nil
}

func withoutColumn(ix storedIndex, name string) storedIndex {
	out := storedIndex{Name: ix.Name, Unique: ix.Unique}
	for i, c := range ix.Columns {
		if strings.EqualFold(c, name) {
			continue
		}
		out.Columns = append(out.Columns, c)
		if i < len(ix.Desc) {
			out.Desc = append(out.Desc, ix.Desc[i])
		}
	}
	return out
}

// renameColumn renames a column and its field in every row (one
// updateMany with $rename); indexes over it are rebuilt on the new field.
func (a *alteration) renameColumn(old, name string) error {
	if err := checkColumnName(name, false); err != nil {
		return err
	}
	if a.st == nil {
		if old == "_id" {
			return sqlerr.New(sqlerr.Unsupported, "renaming _id")
		}
		a.renameFieldStep(old, name)
		return nil
	}
	c := a.st.column(old)
	if c == nil {
		return sqlerr.New(sqlerr.UnknownColumn, "Unknown column '%s' in '%s'", old, a.table)
	}
	if a.st.column(name) != nil && !strings.EqualFold(old, name) {
		return sqlerr.Numbered(sqlerr.DuplicateName, sqlerr.ErrDupFieldName, "Duplicate column name '%s'", name)
	}
	isID := a.st.path(old) == "_id"
	oldName := c.Name
	c.Name = name
	for i, k := range a.st.PrimaryKey {
		if strings.EqualFold(k, oldName) {
			a.st.PrimaryKey[i] = name
		}
	}
	field := a.from[strings.ToLower(oldName)]
	delete(a.from, strings.ToLower(oldName))
	a.from[strings.ToLower(name)] = field
	if isID {
		a.st.IDColumn = name
		return nil // the key stays in _id
	}
	a.from[strings.ToLower(name)] = name
	var rebuilt []storedIndex
	for i, ix := range a.st.Indexes {
		if !slices.ContainsFunc(ix.Columns, func(c string) bool { return strings.EqualFold(c, oldName) }) {
			continue
		}
		a.dropIndexStep(ix)
		ix.Columns = slices.Clone(ix.Columns)
		for j, c := range ix.Columns {
			if strings.EqualFold(c, oldName) {
				ix.Columns[j] = name
			}
		}
		a.st.Indexes[i] = ix
		rebuilt = append(rebuilt, ix)
	}
	for i := range a.st.ForeignKeys {
		for j, c := range a.st.ForeignKeys[i].Columns {
			if strings.EqualFold(c, oldName) {
				a.st.ForeignKeys[i].Columns[j] = name
			}
		}
	}
	a.renameFieldStep(field, name)
	for _, ix := range rebuilt {
		a.buildIndexStep(ix)
	}
	return nil
}

func (a *alteration) renameFieldStep(field, name string) {
	if field == name {
		return
	}
	a.then(func(ctx context.Context) error {
		_, err := a.e.db.Collection(a.table).UpdateMany(ctx, bson.D{{Key: field, Value: bson.D{{Key: "$exists", Value: true}}}},
			bson.D{{Key: "$rename", Value: bson.D{{Key: field, Value: name}}}})
		return sqlerr.Wrap(err, "renaming column %q of %q", field, a.table)
	})
}

// modifyColumn gives a column a new definition. Stored values are
// converted to the new type, checked first (a value that does not
// convert, or a NULL for NOT NULL, fails the statement before anything
// changes), then rewritten where their stored form changes.
func (a *alteration) modifyColumn(ctx context.Context, act *sqlparse.AlterAction) error {
	name := act.Column.Name
	i := slices.IndexFunc(a.st.Columns, func(c storedColumn) bool { return strings.EqualFold(c.Name, name) })
	if i < 0 {
		return sqlerr.New(sqlerr.UnknownColumn, "Unknown column '%s' in '%s'", name, a.table)
	}
	old := a.st.Columns[i]
	if err := checkDefault(name, act.Column.Type, act.Column.Default); err != nil {
		return err
	}
	sc := storedColumnOf(act.Column)
	isKey := slices.ContainsFunc(a.st.PrimaryKey, func(k string) bool { return strings.EqualFold(k, name) })
	sc.NotNull = sc.NotNull || isKey
	if sc.AutoIncrement && !old.AutoIncrement && !isKey {
		return sqlerr.New(sqlerr.Unsupported, "AUTO_INCREMENT on %q, which is not the primary key", name)
	}
	if act.Column.Unique {
		if err := a.addIndex(ctx, storedIndex{Name: a.freeIndexName(name), Columns: []string{name}, Unique: true}); err != nil {
			return err
		}
	}
	field := a.from[strings.ToLower(old.Name)]
	newType, oldType := sc.sqlType(), old.sqlType()
	if a.st.path(old.Name) == "_id" && newType.Kind != oldType.Kind {
		return sqlerr.New(sqlerr.Unsupported, "changing the type of %q, the primary key stored in _id", name)
	}
	a.st.Columns = slices.Delete(a.st.Columns, i, i+1)
	pos, err := a.position(act, i)
	if err != nil {
		return err
	}
	a.st.Columns = slices.Insert(a.st.Columns, pos, sc)
	if sc.NotNull && !old.NotNull {
		n, err := a.e.db.Collection(a.table).CountDocuments(ctx, bson.D{{Key: field, Value: nil}}, options.Count().SetLimit(1))
		if err != nil {
			return sqlerr.Wrap(err, "checking column %q of %q", name, a.table)
		}
		if n > 0 {
			return sqlerr.New(sqlerr.Constraint, "Invalid use of NULL value (column %q has NULLs)", name)
		}
	}
	if newType == oldType {
		return nil
	}
	// Check every stored value converts, then convert them in a step.
	if err := a.e.convertField(ctx, a.table, field, newType, name, a.strict, nil); err != nil {
		return err
	}
	a.then(func(ctx context.Context) error {
		coll := a.e.db.Collection(a.table)
		var models []mongo.WriteModel
		flush := func() error {
			if len(models) == 0 {
				return nil
			}
			_, err := coll.BulkWrite(ctx, models)
			models = models[:0]
			return sqlerr.Wrap(err, "converting column %q of %q", name, a.table)
		}
		err := a.e.convertField(ctx, a.table, field, newType, name, a.strict, func(id any, v bson.RawValue, nv any) error {
			d, err := a.e.serverDoc(ctx, bson.D{{Key: field, Value: sqltypes.ToBSON(nv)}})
			if err != nil {
				return err
			}
			models = append(models, mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: id}}).SetUpdate(bson.D{{Key: "$set", Value: d}}))
			if len(models) >= writeBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
	return nil
}

// convertField reads every non-null value of field and converts it to t;
// each one whose stored form changes is passed to fn (nil: only check).
func (e *Engine) convertField(ctx context.Context, table, field string, t sqltypes.Type, name string, strict bool, fn func(id any, v bson.RawValue, nv any) error) error {
	cur, err := e.db.Collection(table).Find(ctx, bson.D{{Key: field, Value: bson.D{{Key: "$ne", Value: nil}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: field, Value: 1}}).SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return sqlerr.Wrap(err, "reading column %q of %q", name, table)
	}
	defer cur.Close(ctx)
	for row := 1; cur.Next(ctx); row++ {
		// Stored as an INSERT would store it, under the connection's
		// sql_mode (strict: a value that does not fit fails the ALTER).
		raw := cur.Current.Lookup(field)
		nv, err := sqltypes.Store(sqltypes.FromRaw(raw), t, strict, name, row)
		if err != nil {
			return err
		}
		if fn == nil {
			continue
		}
		if b, _ := bson.Marshal(bson.D{{Key: "v", Value: sqltypes.ToBSON(nv)}}); bson.Raw(b).Lookup("v").Equal(raw) {
			continue
		}
		var id any
		if err := cur.Current.Lookup("_id").Unmarshal(&id); err != nil {
			return sqlerr.Wrap(err, "reading column %q of %q", name, table)
		}
		if err := fn(id, raw, nv); err != nil {
			return err
		}
	}
	return sqlerr.Wrap(cur.Err(), "reading column %q of %q", name, table)
}

// freeIndexName is the table's free index name for base (base itself on
// a collection without a definition).
func (a *alteration) freeIndexName(base string) string {
	if a.st == nil {
		return base
	}
	return a.st.freeIndexName(base)
}

func (a *alteration) addIndex(ctx context.Context, ix storedIndex) error {
	if a.st != nil {
		for _, ex := range a.st.Indexes {
			if strings.EqualFold(ex.Name, ix.Name) {
				return sqlerr.New(sqlerr.DuplicateName, "Duplicate key name '%s'", ix.Name)
			}
		}
		for _, c := range ix.Columns {
			if a.st.column(c) == nil {
				return sqlerr.New(sqlerr.UnknownColumn, "Key column '%s' doesn't exist in table", c)
			}
		}
		a.st.Indexes = append(a.st.Indexes, ix)
	} else if err := a.e.checkNewIndex(ctx, a.table, nil, ix); err != nil {
		return err
	}
	if ix.Unique && a.st != nil {
		// Checked on the rows as they are now, under their current fields.
		probe := ix
		probe.Columns = make([]string, len(ix.Columns))
		for i, c := range ix.Columns {
			probe.Columns[i] = a.from[strings.ToLower(c)]
		}
		if err := a.e.checkIndexable(ctx, a.table, nil, probe); err != nil {
			return err
		}
	}
	a.buildIndexStep(ix)
	return nil
}

func (a *alteration) buildIndexStep(ix storedIndex) {
	a.then(func(ctx context.Context) error {
		server, err := a.e.buildIndex(ctx, a.table, a.st, ix)
		if err == nil && server != "" && a.st != nil {
			if x := a.st.index(ix.Name); x != nil {
				x.Server = server
			}
		}
		return err
	})
}

// dropIndexStep drops the server index of ix once the steps run, unless an
// index of the changed definition still shares it.
func (a *alteration) dropIndexStep(ix storedIndex) {
	server := ix.serverName()
	a.then(func(ctx context.Context) error { return a.e.removeIndex(ctx, a.table, a.st, server) })
}

func (a *alteration) dropIndex(ctx context.Context, name string, ifExists bool) error {
	real, err := a.e.findIndex(ctx, a.table, a.st, name)
	if err != nil {
		if ifExists && sqlerr.HasCode(err, sqlerr.UnknownName) {
			return nil
		}
		return err
	}
	gone := storedIndex{Name: real}
	if a.st != nil {
		gone = *a.st.index(real)
		a.st.dropIndex(real)
	}
	a.dropIndexStep(gone)
	return nil
}

// renameIndex rebuilds the index under the new name (MongoDB cannot
// rename one).
func (a *alteration) renameIndex(ctx context.Context, old, name string) error {
	real, err := a.e.findIndex(ctx, a.table, a.st, old)
	if err != nil {
		return err
	}
	if a.st == nil {
		return sqlerr.New(sqlerr.Unsupported, "RENAME INDEX on %q, a collection without CREATE TABLE", a.table)
	}
	if _, err := a.e.findIndex(ctx, a.table, a.st, name); err == nil && !strings.EqualFold(old, name) {
		return sqlerr.New(sqlerr.DuplicateName, "Duplicate key name '%s'", name)
	}
	i := slices.IndexFunc(a.st.Indexes, func(ix storedIndex) bool { return ix.Name == real })
	ix := a.st.Indexes[i]
	a.dropIndexStep(ix)
	ix.Name = name
	a.st.Indexes[i] = ix
	a.buildIndexStep(ix)
	return nil
}

// renameTable renames the collection, its catalog entry and its counter.
func (a *alteration) renameTable(ctx context.Context, name string) error {
	if err := checkReserved(name); err != nil {
		return err
	}
	if err := checkName("table", name); err != nil {
		return err
	}
	exists, err := a.e.catalog.exists(ctx, name)
	if err != nil {
		return err
	}
	if exists {
		return sqlerr.New(sqlerr.TableExists, "Table '%s' already exists", name)
	}
	old := a.table
	a.then(func(ctx context.Context) error {
		db := a.e.db.Name()
		err := a.e.client.Database("admin").RunCommand(ctx, bson.D{
			{Key: "renameCollection", Value: db + "." + old}, {Key: "to", Value: db + "." + name}}).Err()
		if err != nil {
			return sqlerr.Wrap(err, "renaming %q to %q", old, name)
		}
		a.table = name
		if _, err := a.e.db.Collection(catalogCollection).DeleteOne(ctx, bson.D{{Key: "_id", Value: old}}); err != nil {
			return sqlerr.Wrap(err, "renaming %q in the catalog", old)
		}
		a.e.catalog.invalidate(old)
		return a.e.renameCounter(ctx, old, name)
	})
	if a.st != nil {
		a.st.Name = name
	}
	return nil
}

// truncate removes every row and restarts AUTO_INCREMENT, as MySQL's
// TRUNCATE does.
func (e *Engine) truncate(ctx context.Context, table string) error {
	if _, err := e.loadDef(ctx, table); err != nil {
		return err
	}
	if _, err := e.db.Collection(table).DeleteMany(ctx, bson.D{}); err != nil {
		return sqlerr.Wrap(err, "truncating %q", table)
	}
	return e.dropCounter(ctx, table)
}
