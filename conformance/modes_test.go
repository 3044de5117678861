package conformance

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

// mode is one way the driver runs the corpus, in a database of its own.
type mode struct {
	name string // the pushdown setting ("auto", "full", "none"), or "given"
	db   string
	dsn  string
}

// driverModes returns the modes to run on the server at base: those listed
// in SQLMONGO_MODES; else, when MONGODB_URI itself carries sqlmongo.
// options, only the mode it describes; else auto and none. A listed mode
// sets sqlmongo.pushdown and keeps the URI's other options.
func driverModes(base string) ([]mode, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	names, err := testserver.Modes()
	if err != nil {
		return nil, err
	}
	given := false
	if names == nil && os.Getenv("MONGODB_URI") != "" {
		for k := range u.Query() {
			given = given || strings.HasPrefix(k, "sqlmongo.")
		}
	}
	switch {
	case given:
		names = []string{cmp.Or(u.Query().Get("sqlmongo.pushdown"), "given")}
	case names == nil:
		names = []string{"auto", "none"}
	}
	var modes []mode
	for _, name := range names {
		db := "conf_" + name + "_" + randomSuffix()
		m := *u
		m.Path = "/" + db
		q := m.Query()
		if !given {
			q.Set("sqlmongo.pushdown", name)
		}
		m.RawQuery = q.Encode()
		if _, err := driver.ParseDSN(m.String()); err != nil {
			return nil, fmt.Errorf("mode %q: %v", name, err)
		}
		modes = append(modes, mode{name: name, db: db, dsn: m.String()})
	}
	return modes, nil
}

func randomSuffix() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// dropDatabase removes a mode's database with the MongoDB driver itself, so
// cleanup does not depend on the driver under test.
func dropDatabase(base, db string) error {
	plain, err := plainMongoURI(base)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout())
	defer cancel()
	c, err := mongo.Connect(options.Client().ApplyURI(plain))
	if err != nil {
		return err
	}
	defer c.Disconnect(ctx)
	return c.Database(db).Drop(ctx)
}
