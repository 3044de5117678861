package conformance

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Document collections are the "data you already have in MongoDB" case:
// testdata/documents/<name>.json holds canonical Extended JSON, one document
// a line (as mongoimport reads it), and is inserted with the MongoDB driver
// itself, never through SQL, so the collections have no catalog entry and
// their columns must be discovered from the documents. MariaDB never sees
// them: the records over them (testdata/doc_*.test) are "onlyif sqlmongo"
// with hand-written expectations.
//
// Each file loads into the collection of its base name. scratchCopies lists
// extra copies that record files may write to (INSERT, UPDATE, DELETE), so
// the read-only collections stay as loaded.
var scratchCopies = map[string][]string{
	"gadgets": {"gadgets_rw"},
}

// DocumentCollection is one collection of documents to load.
type DocumentCollection struct {
	Name string
	Docs []any // bson.D, in file order
}

// ReadDocuments reads every testdata/documents/*.json file under dir as
// Extended JSON lines, returning the collections to create (scratch copies
// included) in name order.
func ReadDocuments(dir string) ([]DocumentCollection, error) {
	paths, err := Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []DocumentCollection
	for _, p := range paths {
		docs, err := readExtJSONLines(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		out = append(out, DocumentCollection{Name: name, Docs: docs})
		for _, c := range scratchCopies[name] {
			out = append(out, DocumentCollection{Name: c, Docs: docs})
		}
	}
	return out, nil
}

func readExtJSONLines(path string) ([]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var docs []any
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<16), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var doc bson.D
		if err := bson.UnmarshalExtJSON(line, true, &doc); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		docs = append(docs, doc)
	}
	return docs, sc.Err()
}

// LoadDocuments inserts the document collections into database db on the
// server at uri (sqlmongo. options are ignored) with the MongoDB driver.
func LoadDocuments(ctx context.Context, uri, db string, colls []DocumentCollection) error {
	plain, err := plainMongoURI(uri)
	if err != nil {
		return err
	}
	c, err := mongo.Connect(options.Client().ApplyURI(plain))
	if err != nil {
		return err
	}
	defer c.Disconnect(context.Background())
	for _, coll := range colls {
		if len(coll.Docs) == 0 {
			continue
		}
		// Ordered, so the natural order (which sampling sees) is file order.
		if _, err := c.Database(db).Collection(coll.Name).InsertMany(ctx, coll.Docs); err != nil {
			return fmt.Errorf("loading documents into %s: %v", coll.Name, err)
		}
	}
	return nil
}

// loadDocuments is LoadDocuments for a test, within timeout: it reports a
// failure and lets the records run anyway (those over the documents will
// then fail).
func loadDocuments(t interface {
	Helper()
	Errorf(string, ...any)
}, uri, db string, timeout time.Duration) {
	t.Helper()
	colls, err := ReadDocuments(filepath.Join("testdata", "documents"))
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		err = LoadDocuments(ctx, uri, db, colls)
		cancel()
	}
	if err != nil {
		t.Errorf("loading testdata/documents into %s: %v", db, err)
	}
}

// plainMongoURI drops sqlmongo. options from uri: the MongoDB driver
// rejects options it does not know.
func plainMongoURI(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "sqlmongo.") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
