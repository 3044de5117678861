package driver_test

import (
	"context"
	"database/sql"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func queryStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if s.Valid {
			out = append(out, s.String)
		} else {
			out = append(out, "NULL")
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// TestParameterStyles: ?, $N and :name all bind, in queries and writes.
func TestParameterStyles(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_params", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), n INT, at DATETIME)")
		at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
		mustExec(t, db, "INSERT INTO t (id, name, n, at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)", 1, "one", 10, at, 2, "two", nil, nil)
		mustExec(t, db, "INSERT INTO t (id, name, n, at) VALUES ($1, $2, $3, $4)", 3, "thr$1ee", 30, at.Add(time.Hour))
		mustExec(t, db, "INSERT INTO t (id, name, n, at) VALUES (:id, :name, :n, :at)",
			sql.Named("n", int64(40)), sql.Named("id", 4), sql.Named("at", at), sql.Named("name", "four ':x'"))
		for _, tc := range []struct {
			query string
			args  []any
			want  []string
		}{
			{"SELECT name FROM t WHERE id = ?", []any{1}, []string{"one"}},
			{"SELECT name FROM t WHERE n > ? AND n < ? ORDER BY id", []any{5, 35}, []string{"one", "thr$1ee"}},
			{"SELECT name FROM t WHERE n > $1 AND n < $2 ORDER BY id", []any{5, 35}, []string{"one", "thr$1ee"}},
			// $2 before $1, and $1 used twice.
			{"SELECT name FROM t WHERE n < $2 AND n >= $1 OR id = $1 ORDER BY id", []any{2, 35}, []string{"one", "two", "thr$1ee"}},
			{"SELECT name FROM t WHERE name = '$1' OR id = $1", []any{4}, []string{"four ':x'"}},
			{"SELECT name FROM t WHERE id = :id", []any{sql.Named("id", 3)}, []string{"thr$1ee"}},
			{"SELECT name FROM t WHERE n >= :lo AND n <= :hi OR id = :lo ORDER BY id",
				[]any{sql.Named("hi", 30), sql.Named("lo", 2)}, []string{"one", "two", "thr$1ee"}},
			{"SELECT name FROM t WHERE at = ? ORDER BY id", []any{at}, []string{"one", "four ':x'"}},
			{"SELECT name FROM t WHERE name = ?", []any{"four ':x'"}, []string{"four ':x'"}},
			{"SELECT name FROM t WHERE id IN (?, ?, ?) ORDER BY id DESC", []any{4, 1, 99}, []string{"four ':x'", "one"}},
			{"SELECT name FROM t WHERE id BETWEEN ? AND ? ORDER BY id", []any{2, 3}, []string{"two", "thr$1ee"}},
			{"SELECT name FROM t ORDER BY id LIMIT ? OFFSET ?", []any{2, 1}, []string{"two", "thr$1ee"}},
			// A numeric column compared with a string argument converts it.
			{"SELECT name FROM t WHERE id = ?", []any{"2"}, []string{"two"}},
			{"SELECT name FROM t WHERE n = ?", []any{int32(40)}, []string{"four ':x'"}},
			{"SELECT name FROM t WHERE n = ?", []any{uint8(10)}, []string{"one"}},
			{"SELECT name FROM t WHERE n = ?", []any{10.0}, []string{"one"}},
		} {
			if got := queryStrings(t, db, tc.query, tc.args...); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s %v = %q, want %q", tc.query, tc.args, got, tc.want)
			}
		}
	})
}

// TestPreparedReuse: one prepared statement, many executions with
// different arguments, NULL among them.
func TestPreparedReuse(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_prepared", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, a INT, s VARCHAR(10))")
		ins, err := db.Prepare("INSERT INTO t (id, a, s) VALUES (?, ?, ?)")
		if err != nil {
			t.Fatal(err)
		}
		defer ins.Close()
		for i := range 30 {
			var a any = int64(i % 5)
			if i%7 == 0 {
				a = nil
			}
			if _, err := ins.Exec(i, a, strings.Repeat("x", i%4)); err != nil {
				t.Fatalf("insert %d: %v", i, err)
			}
		}
		sel, err := db.Prepare("SELECT id FROM t WHERE a = ? ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer sel.Close()
		ids := func(arg any) []int64 {
			t.Helper()
			rows, err := sel.Query(arg)
			if err != nil {
				t.Fatalf("a = %v: %v", arg, err)
			}
			defer rows.Close()
			var out []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				out = append(out, id)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			return out
		}
		for round := range 3 {
			for a := range int64(5) {
				var want []int64
				for i := range int64(30) {
					if i%5 == a && i%7 != 0 {
						want = append(want, i)
					}
				}
				if got := ids(a); !reflect.DeepEqual(got, want) {
					t.Errorf("round %d: a = %d gave %v, want %v", round, a, got, want)
				}
			}
			// a = NULL is UNKNOWN for every row, even those where a is NULL.
			if got := ids(nil); len(got) != 0 {
				t.Errorf("round %d: a = NULL matched %v, want nothing", round, got)
			}
			var none *int64
			if got := ids(none); len(got) != 0 {
				t.Errorf("round %d: a = (*int64)(nil) matched %v, want nothing", round, got)
			}
			if got := ids(sql.NullInt64{}); len(got) != 0 {
				t.Errorf("round %d: a = NullInt64{} matched %v, want nothing", round, got)
			}
			if got := ids(sql.NullInt64{Int64: 3, Valid: true}); len(got) != 5 {
				t.Errorf("round %d: a = NullInt64{3} matched %v, want 5 rows", round, got)
			}
		}
		// A wrong number of arguments fails and the statement stays usable.
		if _, err := sel.Query(1, 2); err == nil {
			t.Error("prepared query with 2 arguments for 1 parameter succeeded")
		}
		if _, err := ins.Exec(100, 1); err == nil {
			t.Error("prepared insert with 2 arguments for 3 parameters succeeded")
		}
		if n := count(t, db, "t"); n != 30 {
			t.Errorf("%d rows after failed executions, want 30", n)
		}
		// The prepared statement survives DDL on another table and still
		// runs on a conn from the pool in parallel.
		mustExec(t, db, "CREATE TABLE other (id INT PRIMARY KEY)")
		ctx := context.Background()
		errc := make(chan error, 8)
		for range 8 {
			go func() {
				rows, err := sel.QueryContext(ctx, 1)
				if err == nil {
					for rows.Next() {
					}
					err = rows.Err()
					rows.Close()
				}
				errc <- err
			}()
		}
		for range 8 {
			if err := <-errc; err != nil {
				t.Errorf("parallel prepared query: %v", err)
			}
		}
	})
}

// TestBSONArgs: bson.ObjectID and bson.Decimal128 are accepted as arguments.
func TestBSONArgs(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_bsonargs", func(t *testing.T, db *sql.DB) {
		mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, ref VARCHAR(24), x DOUBLE)")
		oid := bson.NewObjectID()
		dec, err := bson.ParseDecimal128("2.5")
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, db, "INSERT INTO t (id, ref, x) VALUES (?, ?, ?)", 1, oid, dec)
		mustExec(t, db, "INSERT INTO t (id, ref, x) VALUES (?, ?, ?)", 2, "other", 1.25)
		var ref string
		var x float64
		if err := db.QueryRow("SELECT ref, x FROM t WHERE id = 1").Scan(&ref, &x); err != nil {
			t.Fatal(err)
		}
		if ref != oid.Hex() || x != 2.5 {
			t.Errorf("row 1 = %q, %v; want %q, 2.5", ref, x, oid.Hex())
		}
		// As comparison arguments.
		if got := queryStrings(t, db, "SELECT ref FROM t WHERE ref = ?", oid); !reflect.DeepEqual(got, []string{oid.Hex()}) {
			t.Errorf("WHERE ref = ObjectID: %q", got)
		}
		if got := queryStrings(t, db, "SELECT ref FROM t WHERE x > ?", mustDecimal(t, "1.3")); !reflect.DeepEqual(got, []string{oid.Hex()}) {
			t.Errorf("WHERE x > Decimal128(1.3): %q", got)
		}
	})
}

func mustDecimal(t *testing.T, s string) bson.Decimal128 {
	t.Helper()
	d, err := bson.ParseDecimal128(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestUnsupportedArgType: a type the driver cannot send gets a clear error.
func TestUnsupportedArgType(t *testing.T) {
	t.Parallel()
	db := openDB(t, "drv_badarg")
	mustExec(t, db, "CREATE TABLE t (id INT PRIMARY KEY)")
	_, err := db.Exec("INSERT INTO t (id) VALUES (?)", struct{ X int }{1})
	if err == nil || !strings.Contains(err.Error(), "struct") {
		t.Errorf("struct argument: %v, want an error naming the type", err)
	}
	if n := count(t, db, "t"); n != 0 {
		t.Errorf("%d rows after a failed insert", n)
	}
}

// TestForeignCollection: a collection written by other MongoDB code (no
// CREATE TABLE) reads with SELECT *; ObjectId _id reads as 24-hex text
// and is matched from such text.
func TestForeignCollection(t *testing.T) {
	t.Parallel()
	eachMode(t, "drv_foreign", func(t *testing.T, db *sql.DB) {
		mode := strings.TrimPrefix(t.Name(), "TestForeignCollection/")
		client := mongoClient(t)
		ctx := context.Background()
		coll := client.Database(dbName("drv_foreign_" + mode)).Collection("events")
		ids := []bson.ObjectID{bson.NewObjectID(), bson.NewObjectID(), bson.NewObjectID()}
		when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
		_, err := coll.InsertMany(ctx, []any{
			bson.D{{Key: "_id", Value: ids[0]}, {Key: "kind", Value: "click"}, {Key: "n", Value: int32(1)}, {Key: "at", Value: when}},
			bson.D{{Key: "_id", Value: ids[1]}, {Key: "kind", Value: "view"}, {Key: "n", Value: int64(2)}},
			bson.D{{Key: "_id", Value: ids[2]}, {Key: "kind", Value: "click"}, {Key: "n", Value: 3.5}, {Key: "extra", Value: true}},
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query("SELECT * FROM events")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		if want := []string{"_id", "kind", "n", "at", "extra"}; !reflect.DeepEqual(cols, want) {
			t.Errorf("columns %v, want %v", cols, want)
		}
		cts, _ := rows.ColumnTypes()
		if len(cts) > 0 && cts[0].DatabaseTypeName() != "VARCHAR" {
			t.Errorf("_id type %q, want VARCHAR", cts[0].DatabaseTypeName())
		}
		got := map[string]string{}
		for rows.Next() {
			var id, kind string
			var n sql.NullFloat64
			var at sql.NullTime
			var extra sql.NullBool
			if err := rows.Scan(&id, &kind, &n, &at, &extra); err != nil {
				t.Fatal(err)
			}
			got[id] = kind
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		for i, id := range ids {
			if len(id.Hex()) != 24 || got[id.Hex()] == "" {
				t.Errorf("id %d (%s) missing from %v", i, id.Hex(), got)
			}
		}
		for _, arg := range []any{ids[1].Hex(), ids[1]} {
			if got := queryStrings(t, db, "SELECT kind FROM events WHERE _id = ?", arg); !reflect.DeepEqual(got, []string{"view"}) {
				t.Errorf("WHERE _id = %T: %q, want [view]", arg, got)
			}
		}
		if got := queryStrings(t, db, "SELECT kind FROM events WHERE _id = '"+ids[2].Hex()+"'"); !reflect.DeepEqual(got, []string{"click"}) {
			t.Errorf("WHERE _id = '<hex>': %q, want [click]", got)
		}
		if got := queryStrings(t, db, "SELECT _id FROM events WHERE n > 1.5 ORDER BY n"); !reflect.DeepEqual(got, []string{ids[1].Hex(), ids[2].Hex()}) {
			t.Errorf("n > 1.5: %q", got)
		}
		if got := queryStrings(t, db, "SELECT kind FROM events WHERE at IS NOT NULL"); !reflect.DeepEqual(got, []string{"click"}) {
			t.Errorf("at IS NOT NULL: %q", got)
		}
	})
}
