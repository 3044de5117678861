package sqlparse

import (
	"bytes"
	"log"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

func ty(name string) sqltypes.Type {
	t, ok := sqltypes.ParseType(name)
	if !ok {
		panic(name)
	}
	return t
}

func withLen(t sqltypes.Type, n int) sqltypes.Type { t.Length = n; return t }

var ddlCases = []struct {
	sql  string
	want Statement
}{
	{"CREATE TABLE t (id INT)", Statement{Kind: KindCreateTable, CreateTable: &CreateTable{
		Name: "t", Columns: []ColumnDef{{Name: "id", Type: ty("INT")}}}}},
	{"CREATE TABLE IF NOT EXISTS `shop`.`users` (\n" +
		"  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,\n" +
		"  \"email\" VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL UNIQUE,\n" +
		"  name varchar(100) NULL DEFAULT NULL COMMENT 'full name',\n" +
		"  active BOOL NOT NULL DEFAULT TRUE,\n" +
		"  score DOUBLE PRECISION DEFAULT -1.5,\n" +
		"  price DECIMAL(10,2) ZEROFILL DEFAULT 0,\n" +
		"  status ENUM('new','done') DEFAULT 'new',\n" +
		"  created_at DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),\n" +
		"  updated_at TIMESTAMP DEFAULT now(),\n" +
		"  token CHAR(36) DEFAULT (UUID()),\n" +
		"  qty INT(11) DEFAULT (7) CHECK (qty >= 0),\n" +
		"  PRIMARY KEY (`id`),\n" +
		"  KEY idx_name (name(10), created_at DESC) USING BTREE,\n" +
		"  UNIQUE INDEX (name, status),\n" +
		"  CONSTRAINT fk_org FOREIGN KEY (qty) REFERENCES orgs (id) ON DELETE SET NULL ON UPDATE CASCADE,\n" +
		"  CONSTRAINT uq_tok UNIQUE (token),\n" +
		"  CONSTRAINT chk CHECK (score > 0) NOT ENFORCED\n" +
		") ENGINE=InnoDB AUTO_INCREMENT=100 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='users';",
		Statement{Kind: KindCreateTable, CreateTable: &CreateTable{
			Name: "users", IfNotExists: true,
			Columns: []ColumnDef{
				{Name: "id", Type: sqltypes.Type{Kind: sqltypes.Int, Name: "BIGINT", Unsigned: true}, NotNull: true, AutoIncrement: true, PrimaryKey: true},
				{Name: "email", Type: withLen(ty("VARCHAR"), 255), NotNull: true, Unique: true},
				{Name: "name", Type: withLen(ty("VARCHAR"), 100), Default: &Default{}, Comment: "full name"},
				{Name: "active", Type: ty("BOOL"), NotNull: true, Default: &Default{Value: true}},
				{Name: "score", Type: ty("DOUBLE"), Default: &Default{Value: -1.5}},
				{Name: "price", Type: sqltypes.Type{Kind: sqltypes.Decimal, Name: "DECIMAL", Precision: 10, Scale: 2, Unsigned: true}, Default: &Default{Value: int64(0)}},
				{Name: "status", Type: ty("ENUM"), Default: &Default{Value: "new"}, Values: []string{"new", "done"}},
				{Name: "created_at", Type: sqltypes.Type{Kind: sqltypes.DateTime, Name: "DATETIME", Precision: 3}, Default: &Default{Func: "CURRENT_TIMESTAMP"}, OnUpdate: "CURRENT_TIMESTAMP"},
				{Name: "updated_at", Type: ty("TIMESTAMP"), Default: &Default{Func: "CURRENT_TIMESTAMP"}},
				{Name: "token", Type: withLen(ty("CHAR"), 36), Default: &Default{Func: "UUID()"}},
				{Name: "qty", Type: ty("INT"), Default: &Default{Value: int64(7)}},
			},
			PrimaryKey: []string{"id"},
			Indexes: []IndexDef{
				{Name: "email", Columns: []IndexColumn{{Name: "email"}}, Unique: true},
				{Name: "idx_name", Columns: []IndexColumn{{Name: "name"}, {Name: "created_at", Desc: true}}},
				{Name: "name", Columns: []IndexColumn{{Name: "name"}, {Name: "status"}}, Unique: true},
				{Name: "uq_tok", Columns: []IndexColumn{{Name: "token"}}, Unique: true},
			},
			ForeignKeys:        []ForeignKey{{Name: "fk_org", Columns: []string{"qty"}, RefTable: "orgs", RefColumns: []string{"id"}, OnDelete: "SET NULL", OnUpdate: "CASCADE"}},
			AutoIncrementStart: 100, Comment: "users",
		}}},
	{"CREATE TABLE a (x INT PRIMARY KEY, y INT REFERENCES b(id), z TEXT, KEY (y), KEY (y, z))",
		Statement{Kind: KindCreateTable, CreateTable: &CreateTable{
			Name: "a",
			Columns: []ColumnDef{
				{Name: "x", Type: ty("INT"), PrimaryKey: true, NotNull: true},
				{Name: "y", Type: ty("INT")},
				{Name: "z", Type: ty("TEXT")},
			},
			PrimaryKey:  []string{"x"},
			Indexes:     []IndexDef{{Name: "y", Columns: []IndexColumn{{Name: "y"}}}, {Name: "y_2", Columns: []IndexColumn{{Name: "y"}, {Name: "z"}}}},
			ForeignKeys: []ForeignKey{{Name: "a_ibfk_1", Columns: []string{"y"}, RefTable: "b", RefColumns: []string{"id"}}},
		}}},
	{"create table k (a int, b int, primary key (b, a))", Statement{Kind: KindCreateTable, CreateTable: &CreateTable{
		Name: "k", Columns: []ColumnDef{{Name: "a", Type: ty("INT"), NotNull: true, PrimaryKey: true}, {Name: "b", Type: ty("INT"), NotNull: true, PrimaryKey: true}},
		PrimaryKey: []string{"b", "a"}}}},
	{"CREATE TABLE `date` (`key` INTEGER, date DATE, comment LONGTEXT, flags BIT(8) DEFAULT b'101', h VARBINARY(16) DEFAULT X'4142')",
		Statement{Kind: KindCreateTable, CreateTable: &CreateTable{Name: "date", Columns: []ColumnDef{
			{Name: "key", Type: ty("INTEGER")},
			{Name: "date", Type: ty("DATE")},
			{Name: "comment", Type: ty("LONGTEXT")},
			{Name: "flags", Type: sqltypes.Type{Kind: sqltypes.Int, Name: "BIT", Precision: 8}, Default: &Default{Value: int64(5)}},
			{Name: "h", Type: withLen(ty("VARBINARY"), 16), Default: &Default{Value: "AB"}},
		}}}},
	{"CREATE TABLE s (id SERIAL, n NATIONAL VARCHAR(5), l LONG VARCHAR, u BIGINT UNSIGNED DEFAULT 18446744073709551615, h INT DEFAULT -0x10)",
		Statement{Kind: KindCreateTable, CreateTable: &CreateTable{Name: "s", Columns: []ColumnDef{
			{Name: "id", Type: sqltypes.Type{Kind: sqltypes.Int, Name: "BIGINT", Unsigned: true}, NotNull: true, AutoIncrement: true, Unique: true},
			{Name: "n", Type: withLen(ty("VARCHAR"), 5)},
			{Name: "l", Type: ty("MEDIUMTEXT")},
			{Name: "u", Type: sqltypes.Type{Kind: sqltypes.Int, Name: "BIGINT", Unsigned: true}, Default: &Default{Value: float64(18446744073709551615)}},
			{Name: "h", Type: ty("INT"), Default: &Default{Value: int64(-16)}},
		}, Indexes: []IndexDef{{Name: "id", Columns: []IndexColumn{{Name: "id"}}, Unique: true}}}}},
	{"DROP TABLE t", Statement{Kind: KindDropTable, DropTable: &DropTable{Names: []string{"t"}}}},
	{"DROP TABLE IF EXISTS a, db.b CASCADE", Statement{Kind: KindDropTable, DropTable: &DropTable{Names: []string{"a", "b"}, IfExists: true}}},
	{"CREATE INDEX idx ON t (a, b DESC)", Statement{Kind: KindCreateIndex, CreateIndex: &CreateIndex{
		Name: "idx", Table: "t", Columns: []IndexColumn{{Name: "a"}, {Name: "b", Desc: true}}}}},
	{"CREATE UNIQUE INDEX IF NOT EXISTS `u` USING BTREE ON `db`.`t` (`a`) ALGORITHM=INPLACE LOCK=NONE",
		Statement{Kind: KindCreateIndex, CreateIndex: &CreateIndex{Name: "u", Table: "t", Columns: []IndexColumn{{Name: "a"}}, Unique: true, IfNotExists: true}}},
	{"DROP INDEX idx ON t", Statement{Kind: KindDropIndex, DropIndex: &DropIndex{Name: "idx", Table: "t"}}},
	{"DROP INDEX IF EXISTS `idx` ON db.t", Statement{Kind: KindDropIndex, DropIndex: &DropIndex{Name: "idx", Table: "t", IfExists: true}}},
	{"ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 0 AFTER b, ADD d TEXT FIRST, ADD (e INT, f INT)",
		Statement{Kind: KindAlterTable, AlterTable: &AlterTable{Table: "t", Actions: []AlterAction{
			{Kind: "add column", Name: "c", Column: &ColumnDef{Name: "c", Type: ty("INT"), NotNull: true, Default: &Default{Value: int64(0)}}, After: "b"},
			{Kind: "add column", Name: "d", Column: &ColumnDef{Name: "d", Type: ty("TEXT")}, First: true},
			{Kind: "add column", Name: "e", Column: &ColumnDef{Name: "e", Type: ty("INT")}},
			{Kind: "add column", Name: "f", Column: &ColumnDef{Name: "f", Type: ty("INT")}},
		}}}},
	{"ALTER TABLE t DROP COLUMN c, DROP d, DROP INDEX i, DROP KEY k, DROP FOREIGN KEY fk, DROP PRIMARY KEY",
		Statement{Kind: KindAlterTable, AlterTable: &AlterTable{Table: "t", Actions: []AlterAction{
			{Kind: "drop column", Name: "c"}, {Kind: "drop column", Name: "d"}, {Kind: "drop index", Name: "i"},
			{Kind: "drop index", Name: "k"}, {Kind: "drop foreign key", Name: "fk"}, {Kind: "drop primary key", Name: "PRIMARY"},
		}}}},
	{"ALTER TABLE t RENAME COLUMN a TO b, RENAME INDEX i TO j, RENAME TO u",
		Statement{Kind: KindAlterTable, AlterTable: &AlterTable{Table: "t", Actions: []AlterAction{
			{Kind: "rename column", Name: "a", NewName: "b"}, {Kind: "rename index", Name: "i", NewName: "j"}, {Kind: "rename table", NewName: "u"},
		}}}},
	{"ALTER TABLE t MODIFY COLUMN a BIGINT NOT NULL, CHANGE b c VARCHAR(10)",
		Statement{Kind: KindAlterTable, AlterTable: &AlterTable{Table: "t", Actions: []AlterAction{
			{Kind: "modify column", Name: "a", Column: &ColumnDef{Name: "a", Type: ty("BIGINT"), NotNull: true}},
			{Kind: "change column", Name: "b", NewName: "c", Column: &ColumnDef{Name: "c", Type: withLen(ty("VARCHAR"), 10)}},
		}}}},
	{"ALTER TABLE t ADD INDEX i (a), ADD UNIQUE KEY (b), ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) ON DELETE CASCADE, ADD PRIMARY KEY (id)",
		Statement{Kind: KindAlterTable, AlterTable: &AlterTable{Table: "t", Actions: []AlterAction{
			{Kind: "add index", Name: "i", Index: &IndexDef{Name: "i", Columns: []IndexColumn{{Name: "a"}}}},
			{Kind: "add index", Index: &IndexDef{Columns: []IndexColumn{{Name: "b"}}, Unique: true}},
			{Kind: "add foreign key", Name: "fk", ForeignKey: &ForeignKey{Name: "fk", Columns: []string{"a"}, RefTable: "u", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
			{Kind: "add primary key", Name: "PRIMARY", Index: &IndexDef{Name: "PRIMARY", Columns: []IndexColumn{{Name: "id"}}}},
		}}}},
	{"ALTER TABLE t ALTER COLUMN a SET DEFAULT 'x', ALTER b DROP DEFAULT, ENGINE=InnoDB, DEFAULT CHARSET=utf8mb4",
		Statement{Kind: KindAlterTable, AlterTable: &AlterTable{Table: "t", Actions: []AlterAction{
			{Kind: "set default", Name: "a", Column: &ColumnDef{Name: "a", Default: &Default{Value: "x"}}},
			{Kind: "drop default", Name: "b"},
		}}}},
	{"RENAME TABLE a TO b", Statement{Kind: KindAlterTable, AlterTable: &AlterTable{Table: "a", Actions: []AlterAction{{Kind: "rename table", Name: "a", NewName: "b"}}}}},
}

func TestDDL(t *testing.T) {
	for _, c := range ddlCases {
		t.Run(c.sql, func(t *testing.T) {
			st, err := Parse(c.sql)
			require.NoError(t, err)
			require.Equal(t, &c.want, st)
		})
	}
}

func TestDDLErrors(t *testing.T) {
	cases := []struct {
		sql  string
		code sqlerr.Code
		msg  string
	}{
		{"CREATE TABLE t (a INT, a INT)", sqlerr.Syntax, `duplicate column name "a" at 1:24`},
		{"CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))", sqlerr.Syntax, "multiple primary keys defined at 1:43"},
		{"CREATE TABLE t (a INT, PRIMARY KEY (z))", sqlerr.UnknownColumn, `key column "z" does not exist in table "t" at 1:24`},
		{"CREATE TABLE t (a INT, KEY (z))", sqlerr.UnknownColumn, `key column "z" does not exist in table "t"`},
		{"CREATE TABLE t (a INT", sqlerr.Syntax, "unexpected end of statement, expecting ')' at 1:22"},
		{"CREATE TABLE t (\n  a INT,\n  b VARCHAR(x)\n)", sqlerr.Syntax, `unexpected "x", expecting type length at 3:13`},
		{"CREATE TABLE t (a INT DEFAULT)", sqlerr.Syntax, `unexpected ")", expecting default value at 1:30`},
		{"CREATE TABLE t (a INT NOT)", sqlerr.Syntax, `unexpected "NOT" at 1:23`},
		{"CREATE INDEX i t (a)", sqlerr.Syntax, `unexpected "t", expecting ON at 1:16`},
		{"DROP INDEX i", sqlerr.Syntax, "unexpected end of statement, expecting ON at 1:13"},
		{"DROP TABLE", sqlerr.Syntax, "unexpected end of statement, expecting table name at 1:11"},
		{"ALTER TABLE t ADD", sqlerr.Syntax, "unexpected end of statement, expecting column name at 1:18"},
		{"CREATE TABLE t (a INT DEFAULT ?)", sqlerr.Syntax, `unexpected "?", expecting default value at 1:31`},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			_, err := Parse(c.sql)
			require.True(t, sqlerr.HasCode(err, c.code), "%v", err)
			prefix := "sqlmongo: "
			if c.code == sqlerr.Syntax {
				prefix += "syntax error: "
			}
			require.EqualError(t, err, prefix+c.msg)
		})
	}
}

// TestLogSilent: the library logs when it half-parses DDL; we never let it.
func TestLogSilent(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	extra := []string{
		"CREATE TABLE t (a BOOLEAN, b BOOL)",
		"CREATE TABLE t (a INT, CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id))",
		"CREATE TABLE t (a INT, FOREIGN KEY (a) REFERENCES u (id))",
		"CREATE INDEX i ON t (a)", "DROP INDEX i ON t", "ALTER TABLE t ADD COLUMN b INT",
		"CREATE TABLE t (a INT", "ALTER TABLE t FROB", "CREATE VIEW v AS SELECT 1",
	}
	for _, c := range ddlCases {
		extra = append(extra, c.sql)
	}
	for _, sql := range extra {
		_, _ = Parse(sql)
	}
	require.Empty(t, buf.String())
}
