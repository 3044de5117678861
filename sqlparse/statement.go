package sqlparse

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Kind says which statement was parsed and which field of Statement holds it.
type Kind int

// The statement kinds.
const (
	KindSelect      Kind = iota + 1 // AST is *sqlparser.Select, or SetQuery is set (UNION, INTERSECT, EXCEPT)
	KindInsert                      // AST is *sqlparser.Insert (Action "insert" or "replace")
	KindUpdate                      // AST is *sqlparser.Update
	KindDelete                      // AST is *sqlparser.Delete
	KindCreateTable                 // CreateTable set
	KindDropTable                   // DropTable set
	KindCreateIndex                 // CreateIndex set
	KindDropIndex                   // DropIndex set
	KindAlterTable                  // AlterTable set (also RENAME TABLE a TO b)
	KindTruncate                    // Truncate set (table name)
	KindBegin
	KindCommit
	KindRollback
	KindShow             // Show set (also DESCRIBE t)
	KindSet              // SET ...: Tx set for autocommit and transaction settings, Set for the other assignments
	KindAnalyze          // ANALYZE TABLE t, u: Tables set
	KindSavepoint        // SAVEPOINT s: Tx.Savepoint set
	KindReleaseSavepoint // RELEASE SAVEPOINT s: Tx.Savepoint set
	KindRollbackTo       // ROLLBACK [WORK] TO [SAVEPOINT] s: Tx.Savepoint set
	KindCreateDatabase   // CREATE DATABASE/SCHEMA: Database set
	KindDropDatabase     // DROP DATABASE/SCHEMA: Database set
	KindUse              // USE d: Database set
)

var kindNames = [...]string{"", "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE TABLE", "DROP TABLE",
	"CREATE INDEX", "DROP INDEX", "ALTER TABLE", "TRUNCATE", "BEGIN", "COMMIT", "ROLLBACK", "SHOW", "SET", "ANALYZE",
	"SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "CREATE DATABASE", "DROP DATABASE", "USE"}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "UNKNOWN"
}

// Statement is one parsed statement.
type Statement struct {
	Kind    Kind
	Explain bool // prefixed by EXPLAIN (SELECT, INSERT, UPDATE, DELETE)
	// SelectTexts holds, for a SELECT, each select expression as written
	// (without its alias): MySQL's name for an unaliased result column.
	SelectTexts []string
	AST         sqlparser.Statement // set for Select/Insert/Update/Delete; nil otherwise (and for a set operation)
	// SetQuery is a set operation (UNION, INTERSECT, EXCEPT) with the
	// ORDER BY and LIMIT of its whole result; AST is nil then
	// (sqlparse/setop.go).
	SetQuery *SetQuery
	// Nested holds the set operations with INTERSECT or EXCEPT inside
	// parentheses, which the statement reads as the table NestedSetTable+N.
	Nested []SetExpr

	CreateTable *CreateTable
	DropTable   *DropTable
	CreateIndex *CreateIndex
	DropIndex   *DropIndex
	AlterTable  *AlterTable
	Truncate    string
	Tables      []string // ANALYZE TABLE
	Show        *Show
	// Tx is what a transaction statement says: START TRANSACTION's
	// characteristics, a savepoint's name, and for KindSet the
	// transaction settings (autocommit, SET TRANSACTION); nil for a SET
	// of anything else.
	Tx *Transaction
	// Set is a SET statement's assignments other than the transaction
	// settings, in order.
	Set []Assignment
	// Database is CREATE/DROP DATABASE's and USE's database.
	Database *Database

	NumPositional int      // number of positional params ($N: max N; ?: count)
	Names         []string // distinct named params (:name, @name) in first-seen order
	// AtNames are the Names written @name: without an argument of that
	// name, the connection's user variable (NULL when unset).
	AtNames map[string]bool
}

// CreateTable is CREATE TABLE [IF NOT EXISTS] name (...) [options].
type CreateTable struct {
	Name        string
	IfNotExists bool
	Columns     []ColumnDef
	PrimaryKey  []string     // column-level or table-level PRIMARY KEY
	Indexes     []IndexDef   // KEY/INDEX/UNIQUE clauses and column-level UNIQUE
	ForeignKeys []ForeignKey // table-level and column-level REFERENCES

	AutoIncrementStart int64  // table option AUTO_INCREMENT=n; 0 when absent
	Comment            string // table option COMMENT='...'
}

// ColumnDef is one column definition. Columns of the primary key have
// PrimaryKey and NotNull set, as MySQL makes them NOT NULL.
type ColumnDef struct {
	Name          string
	Type          sqltypes.Type
	NotNull       bool
	AutoIncrement bool
	PrimaryKey    bool
	Unique        bool
	Default       *Default // nil when no DEFAULT
	Comment       string
	OnUpdate      string   // "CURRENT_TIMESTAMP" for ON UPDATE CURRENT_TIMESTAMP; else ""
	Values        []string // ENUM/SET members, in order
}

// Default is a column default: a literal Value, or a function in Func
// ("CURRENT_TIMESTAMP", "CURRENT_DATE", ... or the text of a parenthesised
// expression, e.g. "UUID()"). Value is nil, int64, float64, string or bool.
type Default struct {
	Value any
	Func  string
}

// IndexDef is a secondary index. Unnamed indexes get MySQL's name: the first
// column's, with _2, _3... on clashes.
type IndexDef struct {
	Name    string
	Columns []IndexColumn
	Unique  bool
}

// IndexColumn is one key part.
type IndexColumn struct {
	Name string
	Desc bool
}

// ForeignKey is a FOREIGN KEY or REFERENCES clause. OnDelete and OnUpdate are
// "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT", "NO ACTION" or "".
type ForeignKey struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string
	OnDelete   string
	OnUpdate   string
}

// DropTable is DROP TABLE [IF EXISTS] a, b.
type DropTable struct {
	Names    []string
	IfExists bool
}

// CreateIndex is CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (...).
type CreateIndex struct {
	Name, Table string
	Columns     []IndexColumn
	Unique      bool
	IfNotExists bool
}

// DropIndex is DROP INDEX [IF EXISTS] name ON table.
type DropIndex struct {
	Name, Table string
	IfExists    bool
}

// AlterTable is ALTER TABLE t action, action...
type AlterTable struct {
	Table   string
	Actions []AlterAction
}

// AlterAction is one ALTER TABLE action. Kind is one of "add column",
// "drop column", "rename column", "modify column", "change column",
// "set default", "drop default", "add index", "drop index", "rename index",
// "rename table", "add foreign key", "drop foreign key", "add primary key",
// "drop primary key".
//
// Name is the column, index or foreign key acted on (the old name for
// renames and CHANGE); NewName the new one. Column is set for add, modify,
// change and set default; Index for add index and add primary key
// (Name "PRIMARY"); ForeignKey for add foreign key.
type AlterAction struct {
	Kind       string
	Column     *ColumnDef
	Name       string
	NewName    string
	Index      *IndexDef
	ForeignKey *ForeignKey
	IfExists   bool   // IF EXISTS on drops, IF NOT EXISTS on adds
	First      bool   // column placed FIRST
	After      string // column placed AFTER this column
}

// Show is SHOW ... (and DESCRIBE t). What is "tables", "columns", "index",
// "create table", "databases", "variables" or "status". Database is the
// FROM db of SHOW TABLES / COLUMNS / INDEX, "" when not given. Where is the
// text of a WHERE condition over the output columns, "" when none.
type Show struct {
	What     string
	Table    string
	Database string
	Like     string
	Where    string
	Full     bool
}
