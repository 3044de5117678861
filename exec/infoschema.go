package exec

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Database implements planner.Catalog.
func (p planCatalog) Database() string { return p.c.db.Name() }

// The information_schema tables are made here, from the catalog documents
// (tables from CREATE TABLE), from samples and listIndexes (other
// collections) and from listCollections, as rows in the column order
// planner.InfoSchemaTable defines. Every operator above them runs
// in-process; a Scan's Names spare reading tables the WHERE excludes.

// described is what introspection knows of one table.
type described struct {
	name    string
	defined bool
	cols    []storedColumn // with the SQL type in typ
	types   []sqltypes.Type
	primary []string
	indexes []storedIndex // secondary ones, in creation order (no PRIMARY)
	fks     []sqlparse.ForeignKey
	comment string
}

// hidden reports whether a collection is the driver's or the server's own.
func hidden(name string) bool {
	return strings.HasPrefix(name, "__sqlmongo") || strings.HasPrefix(name, "system.")
}

// describeTables reads the tables of the database, or those named, by name.
func (e *Engine) describeTables(ctx context.Context, names []string) ([]*described, error) {
	filter := bson.D{}
	if names != nil {
		filter = bson.D{{Key: "name", Value: bson.D{{Key: "$in", Value: names}}}}
	}
	colls, err := e.db.ListCollectionNames(ctx, filter)
	if err != nil {
		return nil, sqlerr.Wrap(err, "listing collections")
	}
	catFilter := bson.D{}
	if names != nil {
		catFilter = bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: names}}}}
	}
	cur, err := e.db.Collection(catalogCollection).Find(ctx, catFilter)
	if err != nil {
		return nil, sqlerr.Wrap(err, "reading catalog")
	}
	var stored []storedTable
	if err := cur.All(ctx, &stored); err != nil {
		return nil, sqlerr.Wrap(err, "reading catalog")
	}
	byName := map[string]*storedTable{}
	for i := range stored {
		byName[stored[i].Name] = &stored[i]
		colls = append(colls, stored[i].Name)
	}
	slices.Sort(colls)
	colls = slices.Compact(colls)
	var out []*described
	for _, name := range colls {
		if hidden(name) {
			continue
		}
		if st := byName[name]; st != nil {
			out = append(out, describeStored(st))
			continue
		}
		d, err := e.describeSampled(ctx, name)
		if err != nil {
			if sqlerr.HasCode(err, sqlerr.UnknownTable) {
				continue // dropped meanwhile
			}
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func describeStored(st *storedTable) *described {
	d := &described{name: st.Name, defined: true, cols: slices.Clone(st.Columns), fks: st.ForeignKeys, comment: st.Comment}
	for i, c := range st.table().Columns {
		// The planner's view has the defaults as SQL values (BSON decodes
		// them as int32, …) and the SQL type.
		d.cols[i].Default = c.Default
		d.types = append(d.types, c.Type)
	}
	d.primary = st.PrimaryKey
	for _, ix := range st.Indexes {
		if ix.Name == "PRIMARY" {
			if len(d.primary) == 0 {
				d.primary = ix.Columns
			}
			continue
		}
		d.indexes = append(d.indexes, ix)
	}
	return d
}

// describeSampled describes a collection without a catalog entry: its
// sampled columns, _id as the primary key, and its indexes over plain
// fields as listIndexes reports them.
func (e *Engine) describeSampled(ctx context.Context, name string) (*described, error) {
	t, err := e.catalog.Table(ctx, name)
	if err != nil {
		return nil, err
	}
	d := &described{name: name, primary: []string{"_id"}}
	for _, c := range t.Columns {
		d.cols = append(d.cols, storedColumn{Name: c.Name, NotNull: c.Name == "_id"})
		d.types = append(d.types, c.Type)
	}
	cur, err := e.db.Collection(name).Indexes().List(ctx)
	if err != nil {
		return nil, sqlerr.Wrap(err, "listing indexes of %q", name)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var spec struct {
			Name   string `bson:"name"`
			Key    bson.D `bson:"key"`
			Unique bool   `bson:"unique"`
		}
		if err := cur.Decode(&spec); err != nil {
			return nil, sqlerr.Wrap(err, "listing indexes of %q", name)
		}
		if spec.Name == "_id_" {
			continue
		}
		ix := storedIndex{Name: spec.Name, Unique: spec.Unique}
		desc := false
		for _, k := range spec.Key {
			dir, ok := numberOf(k.Value)
			if !ok {
				ix.Columns = nil // text, hashed, 2dsphere: not a key MySQL could show
				break
			}
			ix.Columns = append(ix.Columns, k.Key)
			ix.Desc = append(ix.Desc, dir < 0)
			desc = desc || dir < 0
		}
		if !desc {
			ix.Desc = nil
		}
		if len(ix.Columns) > 0 {
			d.indexes = append(d.indexes, ix)
		}
	}
	return d, sqlerr.Wrap(cur.Err(), "listing indexes of %q", name)
}

func numberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// virtualRows makes the rows of a virtual Scan.
func (e *Engine) virtualRows(ctx context.Context, s *planner.Scan, env *planner.Env) (RowIter, error) {
	var names []string
	if s.Names != nil {
		names = []string{}
		for _, x := range s.Names {
			v, err := planner.Eval(x, nil, env)
			if err != nil {
				return nil, err
			}
			if str, ok := v.(string); ok {
				names = append(names, str)
			}
		}
	}
	if s.Collection == planner.CreateTableSource {
		return e.showCreateTable(ctx, names)
	}
	def := planner.InfoSchemaTable(s.Collection)
	if def == nil {
		return nil, sqlerr.New(sqlerr.Internal, "no virtual table %q", s.Collection)
	}
	b := &rowBuilder{def: def, db: e.db.Name()}
	sess := env.Session
	if sess == nil {
		sess = &planner.Session{}
	}
	switch def.Name {
	case "SCHEMATA":
		b.add(map[string]any{"CATALOG_NAME": "def", "SCHEMA_NAME": "information_schema", "DEFAULT_CHARACTER_SET_NAME": "utf8mb3",
			"DEFAULT_COLLATION_NAME": "utf8mb3_general_ci", "DEFAULT_ENCRYPTION": "NO"})
		dbs, err := e.DatabaseNames(ctx)
		if err != nil {
			dbs = []string{b.db} // a user who may not list databases sees its own
		}
		for _, name := range dbs {
			b.add(map[string]any{"CATALOG_NAME": "def", "SCHEMA_NAME": name, "DEFAULT_CHARACTER_SET_NAME": "utf8mb4",
				"DEFAULT_COLLATION_NAME": tableCollation, "DEFAULT_ENCRYPTION": "NO"})
		}
	case "SESSION_VARIABLES":
		for _, v := range planner.SystemVariables(sess) {
			b.add(map[string]any{"VARIABLE_NAME": v.Name, "VARIABLE_VALUE": v.Value})
		}
	case "SESSION_STATUS":
		for _, v := range planner.StatusVariables(sess, time.Now()) {
			b.add(map[string]any{"VARIABLE_NAME": v.Name, "VARIABLE_VALUE": v.Value})
		}
	default:
		tables, err := e.describeTables(ctx, names)
		if err != nil {
			return nil, err
		}
		for _, t := range tables {
			if err := e.tableRows(ctx, b, t); err != nil {
				return nil, err
			}
		}
		systemRows(b, names)
	}
	if b.err != nil {
		return nil, b.err
	}
	return &sliceIter{rows: b.rows}, nil
}

// systemRows adds information_schema's own tables to TABLES and COLUMNS,
// as MySQL lists them: SYSTEM VIEWs of the schema information_schema.
func systemRows(b *rowBuilder, names []string) {
	if b.def.Name != "TABLES" && b.def.Name != "COLUMNS" {
		return
	}
	for _, name := range planner.InfoSchemaTables() {
		if names != nil && !slices.Contains(names, name) {
			continue
		}
		if b.def.Name == "TABLES" {
			b.add(map[string]any{"TABLE_CATALOG": "def", "TABLE_SCHEMA": planner.InformationSchema, "TABLE_NAME": name,
				"TABLE_TYPE": "SYSTEM VIEW", "VERSION": int64(10), "TABLE_ROWS": int64(0), "CREATE_OPTIONS": "",
				"TABLE_COMMENT": ""})
			continue
		}
		for i, c := range planner.InfoSchemaTable(name).Columns {
			ti := typeInfo(c.Type, nil, true)
			row := map[string]any{"TABLE_CATALOG": "def", "TABLE_SCHEMA": planner.InformationSchema, "TABLE_NAME": name,
				"COLUMN_NAME": c.Name, "ORDINAL_POSITION": int64(i + 1), "IS_NULLABLE": "YES", "DATA_TYPE": ti.dataType,
				"CHARACTER_MAXIMUM_LENGTH": ti.charLen, "CHARACTER_OCTET_LENGTH": ti.octetLen,
				"NUMERIC_PRECISION": ti.precision, "NUMERIC_SCALE": ti.scale, "DATETIME_PRECISION": ti.fsp,
				"COLUMN_TYPE": ti.columnType, "COLUMN_KEY": "", "EXTRA": "", "PRIVILEGES": "select",
				"COLUMN_COMMENT": "", "GENERATION_EXPRESSION": ""}
			if ti.text {
				row["CHARACTER_SET_NAME"], row["COLLATION_NAME"] = "utf8mb3", "utf8mb3_general_ci"
				if n, ok := ti.charLen.(int64); ok && c.Type.Kind == sqltypes.Varchar {
					row["CHARACTER_OCTET_LENGTH"] = 3 * n
				}
			}
			b.add(row)
		}
	}
}

// tableCollation is how string columns compare: NO PAD, by code point.
const tableCollation = "utf8mb4_0900_bin"

// rowBuilder collects rows of one virtual table by column name.
type rowBuilder struct {
	def  *planner.Table
	db   string
	rows []sqltypes.Row
	err  error
}

func (b *rowBuilder) add(vals map[string]any) {
	row := make(sqltypes.Row, len(b.def.Columns))
	n := 0
	for i, c := range b.def.Columns {
		if v, ok := vals[c.Name]; ok {
			row[i] = v
			n++
		}
	}
	if n != len(vals) && b.err == nil {
		b.err = sqlerr.New(sqlerr.Internal, "information_schema.%s: unknown column among %v", b.def.Name, vals)
	}
	b.rows = append(b.rows, row)
}

// tableRows adds t's rows to the table b builds.
func (e *Engine) tableRows(ctx context.Context, b *rowBuilder, t *described) error {
	switch b.def.Name {
	case "TABLES":
		return e.tablesRow(ctx, b, t)
	case "COLUMNS":
		for i := range t.cols {
			b.add(t.columnRow(b.db, i))
		}
	case "STATISTICS":
		for _, ix := range t.allIndexes() {
			for j, c := range ix.Columns {
				nonUnique, collation, nullable := int64(1), "A", ""
				if ix.Unique {
					nonUnique = 0
				}
				if j < len(ix.Desc) && ix.Desc[j] {
					collation = "D"
				}
				if i := t.column(c); i < 0 || !t.cols[i].NotNull {
					nullable = "YES"
				}
				b.add(map[string]any{"TABLE_CATALOG": "def", "TABLE_SCHEMA": b.db, "TABLE_NAME": t.name,
					"NON_UNIQUE": nonUnique, "INDEX_SCHEMA": b.db, "INDEX_NAME": ix.Name, "SEQ_IN_INDEX": int64(j + 1),
					"COLUMN_NAME": t.columnName(c), "COLLATION": collation, "NULLABLE": nullable, "INDEX_TYPE": "BTREE",
					"COMMENT": "", "INDEX_COMMENT": "", "IS_VISIBLE": "YES"})
			}
		}
	case "KEY_COLUMN_USAGE":
		for _, ix := range t.allIndexes() {
			if !ix.Unique {
				continue
			}
			for j, c := range ix.Columns {
				b.add(map[string]any{"CONSTRAINT_CATALOG": "def", "CONSTRAINT_SCHEMA": b.db, "CONSTRAINT_NAME": ix.Name,
					"TABLE_CATALOG": "def", "TABLE_SCHEMA": b.db, "TABLE_NAME": t.name, "COLUMN_NAME": t.columnName(c),
					"ORDINAL_POSITION": int64(j + 1)})
			}
		}
		for _, fk := range t.fks {
			for j, c := range fk.Columns {
				ref := any(nil)
				if j < len(fk.RefColumns) {
					ref = fk.RefColumns[j]
				}
				b.add(map[string]any{"CONSTRAINT_CATALOG": "def", "CONSTRAINT_SCHEMA": b.db, "CONSTRAINT_NAME": fk.Name,
					"TABLE_CATALOG": "def", "TABLE_SCHEMA": b.db, "TABLE_NAME": t.name, "COLUMN_NAME": t.columnName(c),
					"ORDINAL_POSITION": int64(j + 1), "POSITION_IN_UNIQUE_CONSTRAINT": int64(j + 1),
					"REFERENCED_TABLE_SCHEMA": b.db, "REFERENCED_TABLE_NAME": fk.RefTable, "REFERENCED_COLUMN_NAME": ref})
			}
		}
	case "TABLE_CONSTRAINTS":
		for _, ix := range t.allIndexes() {
			if !ix.Unique {
				continue
			}
			kind := "UNIQUE"
			if ix.Name == "PRIMARY" {
				kind = "PRIMARY KEY"
			}
			b.add(map[string]any{"CONSTRAINT_CATALOG": "def", "CONSTRAINT_SCHEMA": b.db, "CONSTRAINT_NAME": ix.Name,
				"TABLE_SCHEMA": b.db, "TABLE_NAME": t.name, "CONSTRAINT_TYPE": kind, "ENFORCED": "YES"})
		}
		for _, fk := range t.fks {
			// Foreign keys are recorded, not enforced.
			b.add(map[string]any{"CONSTRAINT_CATALOG": "def", "CONSTRAINT_SCHEMA": b.db, "CONSTRAINT_NAME": fk.Name,
				"TABLE_SCHEMA": b.db, "TABLE_NAME": t.name, "CONSTRAINT_TYPE": "FOREIGN KEY", "ENFORCED": "NO"})
		}
	case "REFERENTIAL_CONSTRAINTS":
		for _, fk := range t.fks {
			unique := any(nil)
			if ref, err := e.describeOne(ctx, fk.RefTable); err == nil {
				unique = ref.uniqueOver(fk.RefColumns)
			}
			b.add(map[string]any{"CONSTRAINT_CATALOG": "def", "CONSTRAINT_SCHEMA": b.db, "CONSTRAINT_NAME": fk.Name,
				"UNIQUE_CONSTRAINT_CATALOG": "def", "UNIQUE_CONSTRAINT_SCHEMA": b.db, "UNIQUE_CONSTRAINT_NAME": unique,
				"MATCH_OPTION": "NONE", "UPDATE_RULE": fkRule(fk.OnUpdate), "DELETE_RULE": fkRule(fk.OnDelete),
				"TABLE_NAME": t.name, "REFERENCED_TABLE_NAME": fk.RefTable})
		}
	}
	return nil
}

// fkRule is a referential action as information_schema shows it; none
// written is RESTRICT (InnoDB's behaviour, as MariaDB reports it).
func fkRule(a string) string {
	if a == "" {
		return "RESTRICT"
	}
	return a
}

// describeOne describes one table, or fails with UnknownTable.
func (e *Engine) describeOne(ctx context.Context, name string) (*described, error) {
	ts, err := e.describeTables(ctx, []string{name})
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q", name)
	}
	return ts[0], nil
}

func (e *Engine) tablesRow(ctx context.Context, b *rowBuilder, t *described) error {
	n, err := e.db.Collection(t.name).EstimatedDocumentCount(ctx)
	if err != nil {
		return sqlerr.Wrap(err, "counting %q", t.name)
	}
	var autoInc any
	for _, c := range t.cols {
		if c.AutoIncrement {
			next, err := e.nextAutoIncrement(ctx, t.name)
			if err != nil {
				return err
			}
			autoInc = next
		}
	}
	b.add(map[string]any{"TABLE_CATALOG": "def", "TABLE_SCHEMA": b.db, "TABLE_NAME": t.name, "TABLE_TYPE": "BASE TABLE",
		"ENGINE": "InnoDB", "VERSION": int64(10), "ROW_FORMAT": "Dynamic", "TABLE_ROWS": n, "AUTO_INCREMENT": autoInc,
		"TABLE_COLLATION": tableCollation, "CREATE_OPTIONS": "", "TABLE_COMMENT": t.comment})
	return nil
}

// nextAutoIncrement is the value the table's next generated id will take.
func (e *Engine) nextAutoIncrement(ctx context.Context, table string) (int64, error) {
	c, err := e.newestClaim(ctx, table)
	if err != nil {
		return 0, err
	}
	return c.Seq + 1, nil
}

// allIndexes lists the primary key (as the index PRIMARY) and the
// secondary indexes.
func (t *described) allIndexes() []storedIndex {
	var out []storedIndex
	if len(t.primary) > 0 {
		out = append(out, storedIndex{Name: "PRIMARY", Columns: t.primary, Unique: true})
	}
	return append(out, t.indexes...)
}

// column is the position of the column named name, or -1.
func (t *described) column(name string) int {
	for i, c := range t.cols {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// columnName is a key part's column as the table spells it.
func (t *described) columnName(name string) string {
	if i := t.column(name); i >= 0 {
		return t.cols[i].Name
	}
	return name
}

// uniqueOver names the unique index (or PRIMARY) over exactly cols.
func (t *described) uniqueOver(cols []string) any {
	for _, ix := range t.allIndexes() {
		if ix.Unique && len(ix.Columns) == len(cols) {
			same := true
			for i := range cols {
				same = same && strings.EqualFold(ix.Columns[i], cols[i])
			}
			if same {
				return ix.Name
			}
		}
	}
	return nil
}

// key is COLUMN_KEY: PRI for a primary key column, UNI for the column of a
// one-column unique index, MUL for the first column of any other index.
func (t *described) key(i int) string {
	name := t.cols[i].Name
	pk := t.primary
	if len(pk) == 0 {
		// Without a primary key, MySQL shows the first unique key over NOT
		// NULL columns as one (InnoDB clusters by it).
		for _, ix := range t.indexes {
			if ix.Unique && t.allNotNull(ix.Columns) {
				pk = ix.Columns
				break
			}
		}
	}
	for _, p := range pk {
		if strings.EqualFold(p, name) {
			return "PRI"
		}
	}
	key := ""
	for _, ix := range t.indexes {
		if !strings.EqualFold(ix.Columns[0], name) {
			continue
		}
		if ix.Unique && len(ix.Columns) == 1 {
			return "UNI"
		}
		key = "MUL"
	}
	return key
}

func (t *described) allNotNull(cols []string) bool {
	for _, c := range cols {
		if i := t.column(c); i < 0 || !t.cols[i].NotNull {
			return false
		}
	}
	return true
}

// columnRow is the information_schema.COLUMNS row of column i.
func (t *described) columnRow(db string, i int) map[string]any {
	c := &t.cols[i]
	typ := t.types[i]
	ti := typeInfo(typ, c.Values, t.defined)
	nullable := "YES"
	if c.NotNull {
		nullable = "NO"
	}
	extra := ""
	if c.AutoIncrement {
		extra = "auto_increment"
	}
	if c.Default != nil && c.Default.Func != "" {
		extra = "DEFAULT_GENERATED"
	}
	if c.OnUpdate != "" {
		extra = strings.TrimSpace(extra + " on update " + withFsp(c.OnUpdate, typ))
	}
	row := map[string]any{"TABLE_CATALOG": "def", "TABLE_SCHEMA": db, "TABLE_NAME": t.name, "COLUMN_NAME": c.Name,
		"ORDINAL_POSITION": int64(i + 1), "COLUMN_DEFAULT": defaultText(c.Default, typ), "IS_NULLABLE": nullable,
		"DATA_TYPE": ti.dataType, "CHARACTER_MAXIMUM_LENGTH": ti.charLen, "CHARACTER_OCTET_LENGTH": ti.octetLen,
		"NUMERIC_PRECISION": ti.precision, "NUMERIC_SCALE": ti.scale, "DATETIME_PRECISION": ti.fsp,
		"COLUMN_TYPE": ti.columnType, "COLUMN_KEY": t.key(i), "EXTRA": extra,
		"PRIVILEGES": "select,insert,update,references", "COLUMN_COMMENT": c.Comment, "GENERATION_EXPRESSION": ""}
	if ti.text {
		row["CHARACTER_SET_NAME"], row["COLLATION_NAME"] = "utf8mb4", tableCollation
	}
	return row
}

// colInfo is a column type as information_schema describes it.
type colInfo struct {
	dataType, columnType  string
	charLen, octetLen     any // int64 or nil
	precision, scale, fsp any
	text                  bool // has a character set
	noDefaultNull         bool // TEXT, BLOB, JSON: SHOW CREATE TABLE omits DEFAULT NULL
}

var intInfo = map[string]struct {
	name            string
	signed, unsignd int64
}{
	"TINYINT": {"tinyint", 3, 3}, "SMALLINT": {"smallint", 5, 5}, "MEDIUMINT": {"mediumint", 7, 8},
	"INT": {"int", 10, 10}, "BIGINT": {"bigint", 19, 20},
}

var textLengths = map[string]int64{"TINYTEXT": 255, "TEXT": 65535, "MEDIUMTEXT": 16777215, "LONGTEXT": 4294967295,
	"TINYBLOB": 255, "BLOB": 65535, "MEDIUMBLOB": 16777215, "LONGBLOB": 4294967295}

// typeInfo describes t as MySQL 8 does (int, not int(11); tinyint(1) for
// BOOL). defined is false for a sampled collection's column, whose DECIMAL
// has no declared precision.
func typeInfo(t sqltypes.Type, values []string, defined bool) colInfo {
	name := strings.ToUpper(t.Name)
	var ci colInfo
	num := func(p, s any) { ci.precision, ci.scale = p, s }
	chars := func(n, perChar int64) {
		ci.charLen, ci.octetLen, ci.text = n, n*perChar, perChar > 0
		if perChar == 0 {
			ci.octetLen = n
		}
	}
	switch t.Kind {
	case sqltypes.Bool:
		ci.dataType, ci.columnType = "tinyint", "tinyint(1)"
		num(int64(3), int64(0))
	case sqltypes.Int:
		switch name {
		case "YEAR":
			ci.dataType, ci.columnType = "year", "year"
			return ci
		case "BIT":
			p := int64(max(t.Precision, 1))
			ci.dataType, ci.columnType = "bit", fmt.Sprintf("bit(%d)", p)
			num(p, nil)
			return ci
		}
		info, ok := intInfo[name]
		if !ok {
			info = intInfo["BIGINT"]
		}
		ci.dataType, ci.columnType = info.name, info.name
		if name == "TINYINT" && t.Length == 1 {
			ci.columnType = "tinyint(1)"
		}
		p := info.signed
		if t.Unsigned {
			ci.columnType += " unsigned"
			p = info.unsignd
		}
		num(p, int64(0))
	case sqltypes.Double:
		ci.dataType = "double"
		p := int64(22)
		if name == "FLOAT" {
			ci.dataType, p = "float", 12
		}
		ci.columnType = ci.dataType
		if t.Precision > 0 {
			ci.columnType += fmt.Sprintf("(%d,%d)", t.Precision, t.Scale)
			num(int64(t.Precision), int64(t.Scale))
		} else {
			num(p, nil)
		}
		if t.Unsigned {
			ci.columnType += " unsigned"
		}
	case sqltypes.Decimal:
		p, s := t.Precision, t.Scale
		if p == 0 {
			p, s = 10, 0
			if !defined {
				p, s = 65, 30
			}
		}
		ci.dataType, ci.columnType = "decimal", fmt.Sprintf("decimal(%d,%d)", p, s)
		if t.Unsigned {
			ci.columnType += " unsigned"
		}
		num(int64(p), int64(s))
	case sqltypes.Varchar, sqltypes.ObjectID:
		n := int64(t.Length)
		ci.dataType = "varchar"
		switch {
		case t.Kind == sqltypes.ObjectID:
			n = 24
		case name == "CHAR":
			ci.dataType = "char"
			n = max(n, 1)
		case n == 0:
			n = 255
		}
		ci.columnType = fmt.Sprintf("%s(%d)", ci.dataType, n)
		chars(n, 4)
	case sqltypes.Date:
		ci.dataType, ci.columnType = "date", "date"
	case sqltypes.DateTime:
		ci.dataType = "datetime"
		switch name {
		case "TIMESTAMP", "TIME":
			ci.dataType = strings.ToLower(name)
		}
		ci.columnType = ci.dataType
		if t.Precision > 0 {
			ci.columnType += fmt.Sprintf("(%d)", t.Precision)
		}
		ci.fsp = int64(t.Precision)
	case sqltypes.JSONKind:
		ci.dataType, ci.columnType, ci.noDefaultNull = "json", "json", true
	case sqltypes.Blob:
		if _, ok := textLengths[name]; !ok {
			name = "BLOB"
		}
		ci.dataType = strings.ToLower(name)
		ci.columnType, ci.noDefaultNull = ci.dataType, true
		chars(textLengths[name], 0)
	default: // TEXT family, ENUM, SET, and untyped sampled fields
		switch name {
		case "ENUM", "SET":
			quoted := make([]string, len(values))
			longest, total := int64(0), int64(0)
			for i, v := range values {
				quoted[i] = quoteSQL(v)
				longest = max(longest, int64(len([]rune(v))))
				total += int64(len([]rune(v)))
			}
			ci.dataType = strings.ToLower(name)
			ci.columnType = ci.dataType + "(" + strings.Join(quoted, ",") + ")"
			n := longest
			if name == "SET" {
				n = total + int64(max(len(values)-1, 0))
			}
			chars(n, 4)
			return ci
		}
		if _, ok := textLengths[name]; !ok || strings.HasSuffix(name, "BLOB") {
			name = "TEXT"
		}
		ci.dataType = strings.ToLower(name)
		ci.columnType, ci.noDefaultNull = ci.dataType, true
		chars(textLengths[name], 1)
		ci.text = true
	}
	return ci
}

// defaultText is COLUMN_DEFAULT: the default as text (MySQL 8 shows a
// string default unquoted and a number as the column's type prints it);
// NULL without a default.
func defaultText(d *sqlparse.Default, t sqltypes.Type) any {
	if d == nil {
		return nil
	}
	if d.Func != "" {
		return withFsp(d.Func, t)
	}
	if d.Value == nil {
		return nil
	}
	v := d.Value
	if c, err := sqltypes.Convert(v, t); err == nil {
		v = c
	}
	if tm, ok := v.(time.Time); ok {
		if t.Kind == sqltypes.Date {
			return tm.Format("2006-01-02")
		}
		return tm.Format("2006-01-02 15:04:05")
	}
	return sqltypes.ToString(v)
}

// withFsp gives CURRENT_TIMESTAMP the fractional digits of its column, as
// MySQL shows (and requires) them: CURRENT_TIMESTAMP(3) for DATETIME(3).
func withFsp(f string, t sqltypes.Type) string {
	if t.Kind == sqltypes.DateTime && t.Precision > 0 && strings.HasPrefix(f, "CURRENT_") && !strings.HasSuffix(f, ")") {
		return f + "(" + strconv.Itoa(t.Precision) + ")"
	}
	return f
}

// quoteSQL writes s as a SQL string literal, as SHOW CREATE TABLE does.
func quoteSQL(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// showCreateTable makes SHOW CREATE TABLE's row: MySQL DDL that recreates
// the table here and in MySQL or MariaDB.
func (e *Engine) showCreateTable(ctx context.Context, names []string) (RowIter, error) {
	if len(names) != 1 {
		return nil, sqlerr.New(sqlerr.Internal, "SHOW CREATE TABLE of %d tables", len(names))
	}
	t, err := e.describeOne(ctx, names[0])
	if err != nil {
		return nil, err
	}
	var lines []string
	for i, c := range t.cols {
		ti := typeInfo(t.types[i], c.Values, t.defined)
		l := "  " + quoteIdent(c.Name) + " " + ti.columnType
		switch {
		case c.NotNull:
			l += " NOT NULL"
		case ti.dataType == "timestamp":
			l += " NULL"
		}
		switch {
		case c.Default != nil && c.Default.Func != "":
			f := c.Default.Func
			if !strings.HasPrefix(f, "CURRENT_") && !strings.HasPrefix(f, "UTC_") {
				f = "(" + f + ")"
			}
			l += " DEFAULT " + withFsp(f, t.types[i])
		case c.Default != nil && c.Default.Value != nil:
			l += " DEFAULT " + quoteSQL(defaultText(c.Default, t.types[i]).(string))
		case !c.NotNull && !c.AutoIncrement && !ti.noDefaultNull:
			l += " DEFAULT NULL"
		}
		if c.AutoIncrement {
			l += " AUTO_INCREMENT"
		}
		if c.OnUpdate != "" {
			l += " ON UPDATE " + withFsp(c.OnUpdate, t.types[i])
		}
		if c.Comment != "" {
			l += " COMMENT " + quoteSQL(c.Comment)
		}
		lines = append(lines, l)
	}
	keyParts := func(ix storedIndex) string {
		parts := make([]string, len(ix.Columns))
		for i, c := range ix.Columns {
			parts[i] = quoteIdent(t.columnName(c))
			if i < len(ix.Desc) && ix.Desc[i] {
				parts[i] += " DESC"
			}
		}
		return "(" + strings.Join(parts, ",") + ")"
	}
	for _, ix := range t.allIndexes() {
		switch {
		case ix.Name == "PRIMARY":
			lines = append(lines, "  PRIMARY KEY "+keyParts(ix))
		case ix.Unique:
			lines = append(lines, "  UNIQUE KEY "+quoteIdent(ix.Name)+" "+keyParts(ix))
		default:
			lines = append(lines, "  KEY "+quoteIdent(ix.Name)+" "+keyParts(ix))
		}
	}
	for _, fk := range t.fks {
		cols := make([]string, len(fk.Columns))
		for i, c := range fk.Columns {
			cols[i] = quoteIdent(t.columnName(c))
		}
		refs := make([]string, len(fk.RefColumns))
		for i, c := range fk.RefColumns {
			refs[i] = quoteIdent(c)
		}
		l := "  CONSTRAINT " + quoteIdent(fk.Name) + " FOREIGN KEY (" + strings.Join(cols, ",") + ") REFERENCES " +
			quoteIdent(fk.RefTable) + " (" + strings.Join(refs, ",") + ")"
		if fk.OnDelete != "" {
			l += " ON DELETE " + fk.OnDelete
		}
		if fk.OnUpdate != "" {
			l += " ON UPDATE " + fk.OnUpdate
		}
		lines = append(lines, l)
	}
	ddl := "CREATE TABLE " + quoteIdent(t.name) + " (\n" + strings.Join(lines, ",\n") + "\n)"
	// utf8mb4_bin rather than utf8mb4_0900_bin, which MariaDB does not
	// know: both compare by code point; only trailing spaces differ.
	ddl += " ENGINE=InnoDB"
	for _, c := range t.cols {
		if c.AutoIncrement {
			if next, err := e.nextAutoIncrement(ctx, t.name); err == nil && next > 1 {
				ddl += " AUTO_INCREMENT=" + strconv.FormatInt(next, 10)
			}
		}
	}
	ddl += " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
	if t.comment != "" {
		ddl += " COMMENT=" + quoteSQL(t.comment)
	}
	return &sliceIter{rows: []sqltypes.Row{{t.name, ddl}}}, nil
}
