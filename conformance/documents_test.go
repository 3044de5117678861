package conformance

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

// TestDocumentColumns checks what the records cannot: the column names and
// types discovered for collections inserted with the MongoDB driver (no
// CREATE TABLE). Sub-documents and arrays are JSON columns.
func TestDocumentColumns(t *testing.T) {
	db, base, dbName := openScratch(t, "conf_docs_", "")
	loadDocuments(t, base, dbName, recordTimeout())

	for _, c := range []struct {
		query string
		want  string // name:TYPE, ... ("" type: not checked)
	}{
		{"SELECT * FROM gadgets", "_id:,name:,sku:,price:,qty:,specs:JSON,tags:JSON,made:DATETIME,big:,extra:,note:"},
		{"SELECT * FROM theaters", "_id:,theaterId:,location:JSON"},
		{"SELECT * FROM sessions", "_id:,user_id:,jwt:"},
	} {
		rows, err := db.QueryContext(context.Background(), c.query)
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		cols, err := rows.ColumnTypes()
		rows.Close()
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		want := strings.Split(c.want, ",")
		var got []string
		for i, col := range cols {
			typ := col.DatabaseTypeName()
			if i < len(want) && strings.HasSuffix(want[i], ":") {
				typ = ""
			}
			got = append(got, col.Name()+":"+typ)
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("%s: columns\n got %s\nwant %s", c.query, strings.Join(got, ","), c.want)
		}
	}
}

// openScratch opens the driver on a fresh database of the test server,
// with pushdown mode if not empty; the database is dropped at the end.
func openScratch(t *testing.T, prefix, pushdown string) (db *sql.DB, base, name string) {
	t.Helper()
	base, err := testserver.URI()
	if err != nil {
		t.Fatalf("MongoDB server: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	name = prefix + randomSuffix()
	u.Path = "/" + name
	if pushdown != "" {
		q := u.Query()
		q.Set("sqlmongo.pushdown", pushdown)
		u.RawQuery = q.Encode()
	}
	db, err = sql.Open("mongodb", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		dropDatabase(base, name)
	})
	return db, base, name
}
