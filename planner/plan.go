package planner

import (
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Plan is the result of planning one statement. The set is closed.
type Plan interface{ isPlan() }

// Node is an operator of a query plan: MQL leaves (Scan) at the bottom,
// in-process operators above them. The set is closed.
type Node interface{ isNode() }

// Query is a SELECT: Root produces rows with Columns.
type Query struct {
	Root    Node
	Columns []sqltypes.Column
	Explain bool
	// InProcess says why part of the query runs in-process although the
	// server has the full aggregation language; empty otherwise.
	InProcess string
	// Notes describe how a join runs (order, the index each $lookup
	// probes), for EXPLAIN.
	Notes []string
	// logical is the plan before pushdown, for golden files.
	logical op
}

// Scan is an MQL leaf: it runs Find, else Pipeline, on Collection (a
// plain find when both are empty) and makes one row per document by
// reading Fields.
type Scan struct {
	Collection string
	Pipeline   []bson.D
	Find       *Find
	Fields     []string
	Types      []sqltypes.Type
	// Virtual is set when Collection names a table of information_schema:
	// exec makes its rows from the catalog instead of reading a
	// collection. Names, when set, are the only tables those rows may
	// describe (values of the WHERE's TABLE_NAME = … or IN (…)).
	Virtual bool
	Names   []Expr
}

// Values produces literal rows (SELECT without FROM).
type Values struct{ Rows [][]Expr }

// Filter keeps rows where Cond is TRUE.
type Filter struct {
	Input Node
	Cond  Expr
}

// Project computes Exprs over each input row.
type Project struct {
	Input Node
	Exprs []Expr
}

// SortKey is one ORDER BY key.
type SortKey struct {
	Expr Expr
	Desc bool
}

// Sort orders its input; MySQL puts NULLs first ascending, last descending.
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Limit skips Offset rows then passes Count; either may be a parameter.
type Limit struct {
	Input  Node
	Offset Expr // nil for 0
	Count  Expr // nil for no limit
}

func (*Scan) isNode()    {}
func (*Values) isNode()  {}
func (*Filter) isNode()  {}
func (*Project) isNode() {}
func (*Sort) isNode()    {}
func (*Limit) isNode()   {}

// Insert writes Rows (one Expr per Columns entry) into Table.
type Insert struct {
	Table   *Table
	Columns []int // positions in Table.Columns
	Rows    [][]Expr
	// NewColumns is set when the INSERT adds fields an undefined
	// collection's sampled columns lacked, so the catalog must sample again.
	NewColumns bool
	// Upsert, when set, makes this an INSERT IGNORE, REPLACE, INSERT …
	// ON DUPLICATE KEY UPDATE or INSERT … SELECT (see planner/upsert.go).
	Upsert *Upsert
}

// Update sets columns of the rows Source finds. Source is a query over the
// table (or a join, for a multi-table UPDATE) whose rows carry _id in
// their last column; Filter is the pushed-down
// query-language filter when the whole WHERE could be pushed (then Source
// is nil and the server does the matching).
type Update struct {
	Table  *Table
	Filter bson.D
	Source Node
	Set    []Assignment
	// MovesID is set when the primary key stored in _id changes: MongoDB
	// cannot change an _id, so each row is re-inserted under its new key.
	MovesID bool
	// Pipeline, when set, is an update pipeline ($set of aggregation
	// expressions) sent with Filter: row-dependent values computed in the
	// server.
	Pipeline []bson.D
	// Checked, when set, says why row-dependent values are computed
	// in-process rather than in an update pipeline: a value MySQL's
	// strict mode checks before storing it (see storeChecks).
	Checked string
	// CheckNull lists the NOT NULL columns (paths) of a Pipeline update
	// whose value may come out NULL: exec first runs the pipeline as a
	// read and fails, writing nothing, when a matched row would store NULL
	// there. The pipeline itself also fails on such a value
	// (NotNullMarker), should a concurrent write make one appear after
	// the check.
	CheckNull []string
	// Inc, when set, is the $inc form of the update (col = col ± constant),
	// preferred over Pipeline and Source on every server.
	Inc *IncUpdate
}

// Assignment is col = expr; Path is the document field written (a
// dotted path for a sub-document field).
type Assignment struct {
	Column *TableColumn
	Index  int // the column's position in the scanned row; -1 if none
	Path   string
	Value  Expr
}

// Delete removes the rows Filter (pushed) or Source (in-process) finds.
type Delete struct {
	Table  *Table
	Filter bson.D
	Source Node
}

// CreateTable, DropTable and the other DDL plans carry the parsed statement.
type CreateTable struct{ Def *sqlparse.CreateTable }
type DropTable struct{ Def *sqlparse.DropTable }
type CreateIndex struct{ Def *sqlparse.CreateIndex }
type DropIndex struct{ Def *sqlparse.DropIndex }
type AlterTable struct{ Def *sqlparse.AlterTable }
type Truncate struct{ Table string }

// Analyze drops the cached definitions of Tables, so sampled collections
// are sampled again.
type Analyze struct{ Tables []string }

// Passthrough is a statement that changes nothing (SET NAMES, …).
type Passthrough struct{}

// Explained is EXPLAIN of a write: described, never run.
type Explained struct{ Plan Plan }

func (*Query) isPlan()       {}
func (*Insert) isPlan()      {}
func (*Update) isPlan()      {}
func (*Delete) isPlan()      {}
func (*CreateTable) isPlan() {}
func (*DropTable) isPlan()   {}
func (*CreateIndex) isPlan() {}
func (*DropIndex) isPlan()   {}
func (*AlterTable) isPlan()  {}
func (*Truncate) isPlan()    {}
func (*Analyze) isPlan()     {}
func (*Passthrough) isPlan() {}
func (*Explained) isPlan()   {}
