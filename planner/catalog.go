package planner

import (
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Catalog resolves table names. exec implements it over the catalog stored
// in MongoDB (or a sample of the collection's documents).
type Catalog interface {
	// Table returns the table, or an *sqlerr.Error with code UnknownTable.
	Table(name string) (*Table, error)
	// Database is the name of the database tables are resolved in (SHOW
	// TABLES names its column after it).
	Database() string
}

// FieldProber is implemented by catalogs that can tell whether any
// document of a sampled collection has a field (exec asks the server,
// once per field). A name no document has is then an unknown column, as
// a typo is in SQL, instead of a column of NULLs.
type FieldProber interface {
	HasField(table, path string) (bool, error)
}

// prober is the probe of a sampled table's scope; nil when there is none.
func prober(cat Catalog, t *Table) func(string) (bool, error) {
	fp, ok := cat.(FieldProber)
	if !ok || t.Defined {
		return nil
	}
	return func(path string) (bool, error) { return fp.HasField(t.Name, path) }
}

// Table is what the planner knows of a collection.
type Table struct {
	Name    string
	Columns []TableColumn
	// IDColumn is the SQL column stored in _id (a single-column primary
	// key); empty when _id is shown as its own column named "_id".
	IDColumn string
	// Defined is true when the table comes from CREATE TABLE, false when
	// its columns were sampled from documents.
	Defined bool
	// Indexes are the table's secondary indexes (a composite primary key
	// is one, named PRIMARY); for a sampled collection, its unique ones.
	Indexes []Index
	// Virtual marks a table of information_schema (InfoSchemaTable): its
	// rows come from the catalog, so queries over it run in-process.
	Virtual bool
}

// Index is a secondary index over columns, by their SQL names.
type Index struct {
	Name    string
	Columns []string
	Unique  bool
}

// TableColumn is one column of a table.
type TableColumn struct {
	Name          string
	Type          sqltypes.Type
	NotNull       bool
	AutoIncrement bool
	Default       *sqlparse.Default
}

// Path returns the document field that stores column name.
func (t *Table) Path(name string) string {
	if name == t.IDColumn && name != "" {
		return "_id"
	}
	return name
}

// Column returns the column named name (case-insensitively, as MySQL
// matches column names) and its position.
func (t *Table) Column(name string) (*TableColumn, int) {
	for i := range t.Columns {
		if equalFold(t.Columns[i].Name, name) {
			return &t.Columns[i], i
		}
	}
	return nil, -1
}

func equalFold(a, b string) bool { return sqlparse.EqualFold(a, b) }
