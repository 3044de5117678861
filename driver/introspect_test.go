package driver_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// rowsOf reads every row of a query as strings joined by "|".
func rowsOf(t *testing.T, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) (cols []string, out []string) {
	t.Helper()
	rs, err := q.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	cols, _ = rs.Columns()
	for rs.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = "NULL"
			if v.Valid {
				parts[i] = v.String
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rs.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return cols, out
}

func wantRows(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestIntrospectSampled: a collection written by another application
// (no CREATE TABLE) shows its sampled columns, _id as its primary key and
// its indexes.
func TestIntrospectSampled(t *testing.T) {
	eachMode(t, "introspect_sampled", func(t *testing.T, db *sql.DB) {
		ctx := context.Background()
		client := mongoClient(t)
		mdb := client.Database(dbName("introspect_sampled_" + modeOf(t)))
		coll := mdb.Collection("events")
		if _, err := coll.InsertMany(ctx, []any{
			bson.D{{Key: "kind", Value: "click"}, {Key: "n", Value: int32(3)}, {Key: "at", Value: bson.NewDateTimeFromTime(timeNow())}},
			bson.D{{Key: "kind", Value: "view"}, {Key: "n", Value: int32(4)}, {Key: "tags", Value: bson.A{"a"}}},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := coll.Indexes().CreateOne(ctx, mongoIndex(bson.D{{Key: "kind", Value: 1}, {Key: "n", Value: -1}}, "kind_n", false)); err != nil {
			t.Fatal(err)
		}
		cols, got := rowsOf(t, db, "SHOW COLUMNS FROM events")
		wantRows(t, "columns", []string{strings.Join(cols, "|")}, "Field|Type|Null|Key|Default|Extra")
		wantRows(t, "SHOW COLUMNS", got,
			"_id|varchar(24)|NO|PRI|NULL|",
			"kind|text|YES|MUL|NULL|",
			"n|int|YES||NULL|",
			"at|datetime|YES||NULL|",
			"tags|json|YES||NULL|")
		_, got = rowsOf(t, db, "SELECT column_name, data_type, ordinal_position FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'events' AND data_type LIKE '%t%' ORDER BY column_name")
		wantRows(t, "information_schema.columns", got, "at|datetime|4", "kind|text|2", "n|int|3")
		_, got = rowsOf(t, db, "SELECT index_name, seq_in_index, column_name, collation, non_unique FROM INFORMATION_SCHEMA.STATISTICS WHERE table_name = 'events'")
		wantRows(t, "statistics", got, "PRIMARY|1|_id|A|0", "kind_n|1|kind|A|1", "kind_n|2|n|D|1")
		_, got = rowsOf(t, db, "SHOW TABLES")
		wantRows(t, "SHOW TABLES", got, "events")
		_, got = rowsOf(t, db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'")
		wantRows(t, "count of tables", got, "1")
	})
}

// TestSessionPerConnection: DATABASE(), LAST_INSERT_ID(), ROW_COUNT() and
// FOUND_ROWS() are each connection's own.
func TestSessionPerConnection(t *testing.T) {
	eachMode(t, "session_state", func(t *testing.T, db *sql.DB) {
		ctx := context.Background()
		mustExec(t, db, "CREATE TABLE s (id INT AUTO_INCREMENT PRIMARY KEY, v INT)")
		c1, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c1.Close()
		c2, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c2.Close()
		_, got := rowsOf(t, c1, "SELECT DATABASE(), SCHEMA(), LAST_INSERT_ID(), VERSION() LIKE '8.0.%-sqlmongo', @@version = VERSION()")
		wantRows(t, "fresh", got, dbName("session_state_"+modeOf(t))+"|"+dbName("session_state_"+modeOf(t))+"|0|1|1")
		if _, err := c1.ExecContext(ctx, "INSERT INTO s (v) VALUES (1), (2), (3)"); err != nil {
			t.Fatal(err)
		}
		if _, err := c2.ExecContext(ctx, "INSERT INTO s (v) VALUES (4)"); err != nil {
			t.Fatal(err)
		}
		_, got = rowsOf(t, c1, "SELECT LAST_INSERT_ID(), ROW_COUNT()")
		wantRows(t, "c1 after its insert", got, "1|3")
		_, got = rowsOf(t, c2, "SELECT LAST_INSERT_ID(), ROW_COUNT()")
		wantRows(t, "c2 after its insert", got, "4|1")
		// A key lookup by LAST_INSERT_ID() is pushed with the value bound
		// per execution: each connection finds its own row.
		_, got = rowsOf(t, c1, "SELECT v FROM s WHERE id = LAST_INSERT_ID()")
		wantRows(t, "c1's row", got, "1")
		_, got = rowsOf(t, c2, "SELECT v FROM s WHERE id = LAST_INSERT_ID()")
		wantRows(t, "c2's row", got, "4")
		_, got = rowsOf(t, c1, "SELECT ROW_COUNT()")
		wantRows(t, "ROW_COUNT after a SELECT", got, "-1")
		if _, err := c1.ExecContext(ctx, "UPDATE s SET v = v + 10 WHERE v < 3"); err != nil {
			t.Fatal(err)
		}
		_, got = rowsOf(t, c1, "SELECT ROW_COUNT(), LAST_INSERT_ID()")
		wantRows(t, "after an UPDATE", got, "2|1")
		_, _ = rowsOf(t, c2, "SELECT id FROM s WHERE id > 1")
		_, got = rowsOf(t, c2, "SELECT FOUND_ROWS()")
		wantRows(t, "FOUND_ROWS c2", got, "3")
		_, got = rowsOf(t, c2, "SELECT FOUND_ROWS()")
		wantRows(t, "FOUND_ROWS after SELECT FOUND_ROWS()", got, "1")
		_, got = rowsOf(t, c1, "SELECT FOUND_ROWS()")
		wantRows(t, "FOUND_ROWS c1", got, "1")
		_, got = rowsOf(t, c1, "SELECT @@sql_mode, @@SESSION.lower_case_table_names, @@autocommit, CURRENT_USER() LIKE '%@%'")
		wantRows(t, "variables", got, "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_IN_DATE,NO_ZERO_DATE|0|1|1")
		if _, err := c1.QueryContext(ctx, "SELECT @@no_such_variable"); err == nil || !strings.Contains(err.Error(), "Unknown system variable 'no_such_variable'") {
			t.Errorf("unknown variable: %v", err)
		}
	})
}

// TestShowOutputNames: SHOW and DESCRIBE name their columns as MySQL does.
func TestShowOutputNames(t *testing.T) {
	eachMode(t, "show_names", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL DEFAULT 'x' COMMENT 'who', UNIQUE KEY uq (name))")
		for q, want := range map[string]string{
			"DESCRIBE p":                    "Field|Type|Null|Key|Default|Extra",
			"SHOW FULL COLUMNS FROM p":      "Field|Type|Collation|Null|Key|Default|Extra|Privileges|Comment",
			"SHOW INDEX FROM p":             "Table|Non_unique|Key_name|Seq_in_index|Column_name|Collation|Cardinality|Sub_part|Packed|Null|Index_type|Comment|Index_comment|Visible|Expression",
			"SHOW TABLES":                   "Tables_in_" + dbName("show_names_"+modeOf(t)),
			"SHOW FULL TABLES LIKE 'p'":     "Tables_in_" + dbName("show_names_"+modeOf(t)) + " (p)|Table_type",
			"SHOW CREATE TABLE p":           "Table|Create Table",
			"SHOW VARIABLES LIKE 'version'": "Variable_name|Value",
			"SHOW DATABASES":                "Database",
		} {
			cols, _ := rowsOf(t, db, q)
			wantRows(t, q, []string{strings.Join(cols, "|")}, want)
		}
		_, got := rowsOf(t, db, "SHOW CREATE TABLE p")
		wantRows(t, "SHOW CREATE TABLE", got, "p|CREATE TABLE `p` (\n"+
			"  `id` int NOT NULL,\n"+
			"  `name` varchar(20) NOT NULL DEFAULT 'x' COMMENT 'who',\n"+
			"  PRIMARY KEY (`id`),\n"+
			"  UNIQUE KEY `uq` (`name`)\n"+
			") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
		if _, err := db.Query("SHOW COLUMNS FROM nope"); err == nil || !strings.Contains(err.Error(), "unknown table") {
			t.Errorf("SHOW COLUMNS of a missing table: %v", err)
		}
		own := dbName("show_names_" + modeOf(t))
		for q, want := range map[string][]string{
			"SHOW TABLES FROM `" + own + "`":                           {"p"},
			"SHOW TABLES IN other_db":                                  nil,
			"SHOW COLUMNS FROM p FROM `" + own + "` LIKE 'i%'":         {"id|int|NO|PRI|NULL|"},
			"SHOW COLUMNS FROM `" + own + "`.p LIKE 'i%'":              {"id|int|NO|PRI|NULL|"},
			"SHOW INDEX FROM p IN `" + own + "` WHERE Key_name = 'uq'": {"p|0|uq|1|name|A|NULL|NULL|NULL||BTREE|||YES|NULL"},
			"SELECT id FROM `" + own + "`.p":                           nil,
			"SHOW TABLES WHERE `Tables_in_" + own + "` = 'p'":          {"p"},
			"SHOW DATABASES WHERE `Database` LIKE 'info%'":             {"information_schema"},
			"SHOW FULL TABLES WHERE Table_type = 'VIEW'":               nil,
		} {
			_, got := rowsOf(t, db, q)
			wantRows(t, q, got, want...)
		}
		for _, q := range []string{"SHOW COLUMNS FROM p FROM other_db", "SELECT * FROM other_db.p"} {
			if _, err := db.Query(q); err == nil || !strings.Contains(err.Error(), "unknown table") {
				t.Errorf("%s: %v", q, err)
			}
		}
	})
}

// modeOf is the pushdown mode a subtest of eachMode runs in.
func modeOf(t *testing.T) string {
	name := t.Name()
	return name[strings.LastIndex(name, "/")+1:]
}

func mongoIndex(keys bson.D, name string, unique bool) mongo.IndexModel {
	return mongo.IndexModel{Keys: keys, Options: options.Index().SetName(name).SetUnique(unique)}
}

// TestIntrospectToolQueries runs the introspection queries GORM's MySQL
// migrator sends, with their parameters, and checks what they answer.
func TestIntrospectToolQueries(t *testing.T) {
	eachMode(t, "introspect_tools", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(191) NOT NULL, age INT, CONSTRAINT uni_users_name UNIQUE (name), KEY idx_age (age))")
		var dbname string
		if err := db.QueryRow("SELECT DATABASE()").Scan(&dbname); err != nil || dbname != dbName("introspect_tools_"+modeOf(t)) {
			t.Fatalf("DATABASE(): %q %v", dbname, err)
		}
		for _, c := range []struct {
			query string
			args  []any
			want  []string
		}{
			{"SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ? AND table_type = ?",
				[]any{dbname, "users", "BASE TABLE"}, []string{"1"}},
			{"SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ? AND table_type = ?",
				[]any{dbname, "nope", "BASE TABLE"}, []string{"0"}},
			{"SELECT count(*) FROM INFORMATION_SCHEMA.columns WHERE table_schema = ? AND table_name = ? AND column_name = ?",
				[]any{dbname, "users", "age"}, []string{"1"}},
			{"SELECT count(*) FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND index_name = ?",
				[]any{dbname, "users", "idx_age"}, []string{"1"}},
			{"SELECT count(*) FROM INFORMATION_SCHEMA.table_constraints WHERE constraint_schema = ? AND table_name = ? AND constraint_name = ?",
				[]any{dbname, "users", "uni_users_name"}, []string{"1"}},
			{"SELECT column_name, column_default, is_nullable = 'YES', data_type, character_maximum_length, column_type, column_key, extra, column_comment, numeric_precision, numeric_scale , datetime_precision FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ORDINAL_POSITION",
				[]any{dbname, "users"}, []string{
					"id|NULL|0|bigint|NULL|bigint unsigned|PRI|auto_increment||20|0|NULL",
					"name|NULL|0|varchar|191|varchar(191)|UNI|||NULL|NULL|NULL",
					"age|NULL|1|int|NULL|int|MUL|||10|0|NULL"}},
			{"SELECT NON_UNIQUE, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX",
				[]any{dbname, "users"}, []string{"0|PRIMARY|id", "1|idx_age|age", "0|uni_users_name|name"}},
			{"SELECT TABLE_NAME FROM information_schema.tables where TABLE_SCHEMA=?", []any{dbname}, []string{"users"}},
			{"SELECT SCHEMA_NAME from Information_schema.SCHEMATA where SCHEMA_NAME LIKE ? ORDER BY SCHEMA_NAME=? DESC,SCHEMA_NAME limit 1",
				[]any{"%", dbname}, []string{dbname}},
			{"SELECT SCHEMA_NAME from Information_schema.SCHEMATA where SCHEMA_NAME LIKE ? ORDER BY SCHEMA_NAME=? DESC,SCHEMA_NAME limit 1",
				[]any{"%", "information_schema"}, []string{"information_schema"}},
			{"SELECT VERSION()", nil, []string{"8.0.36-sqlmongo"}},
		} {
			_, got := rowsOf(t, db, c.query, c.args...)
			wantRows(t, c.query, got, c.want...)
		}
	})
}

// TestShowCreateTableRoundTrip: the DDL SHOW CREATE TABLE prints creates
// the same table again, as information_schema sees it.
func TestShowCreateTableRoundTrip(t *testing.T) {
	eachMode(t, "show_create", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE parent (a INT NOT NULL, b VARCHAR(8) NOT NULL, PRIMARY KEY (a, b))")
		for _, ddl := range []string{
			"CREATE TABLE rt1 (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, code CHAR(4) NOT NULL, " +
				"price DECIMAL(12,3) NOT NULL DEFAULT 0.5, qty SMALLINT DEFAULT -3, ok BOOL NOT NULL DEFAULT TRUE, " +
				"kind ENUM('x','y''s') NOT NULL DEFAULT 'x', tags SET('a','b'), body MEDIUMTEXT, doc JSON, raw BLOB, " +
				"made TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), day DATE DEFAULT '2024-02-29', " +
				"ratio FLOAT, pa INT, pb VARCHAR(8), UNIQUE KEY u_code (code), KEY k_pair (pa DESC, pb), " +
				"CONSTRAINT fk_pair FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE SET NULL ON UPDATE CASCADE) COMMENT='it''s'",
			"CREATE TABLE rt2 (a INT NOT NULL, b VARCHAR(3) NOT NULL COMMENT 'second', c DOUBLE, PRIMARY KEY (b, a))",
		} {
			mustExec(t, db, ddl)
			name := strings.Fields(ddl)[2]
			const cols = "SELECT column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length, numeric_precision, numeric_scale, datetime_precision, column_type, column_key, extra, column_comment FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position"
			const stats = "SELECT index_name, seq_in_index, column_name, non_unique, collation FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?"
			const refs = "SELECT constraint_name, unique_constraint_name, update_rule, delete_rule, referenced_table_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND table_name = ?"
			const comment = "SELECT table_comment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?"
			var before [4][]string
			for i, q := range []string{cols, stats, refs, comment} {
				_, before[i] = rowsOf(t, db, q, name)
			}
			var table, created string
			if err := db.QueryRow("SHOW CREATE TABLE "+name).Scan(&table, &created); err != nil {
				t.Fatal(err)
			}
			mustExec(t, db, "DROP TABLE "+name)
			mustExec(t, db, created)
			for i, q := range []string{cols, stats, refs, comment} {
				_, after := rowsOf(t, db, q, name)
				wantRows(t, name+": "+q+"\n"+created, after, before[i]...)
			}
			var again string
			if err := db.QueryRow("SHOW CREATE TABLE "+name).Scan(&table, &again); err != nil || again != created {
				t.Errorf("SHOW CREATE TABLE after the round trip:\n%s\nwas:\n%s (%v)", again, created, err)
			}
			if len(before[0]) == 0 {
				t.Errorf("%s: no columns", name)
			}
		}
	})
}
