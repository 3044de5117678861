package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// mode is one way the driver runs the corpus, in a database of its own.
type mode struct {
	name string // "auto", "none", or the pushdown given in MONGODB_URI
	db   string
	dsn  string
}

// driverModes returns the modes to run on the server at base: auto and none
// pushdown, or, when MONGODB_URI itself carries sqlmongo. options, only the
// mode it describes.
func driverModes(base string) ([]mode, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	given := false
	if os.Getenv("MONGODB_URI") != "" {
		for k := range u.Query() {
			given = given || strings.HasPrefix(k, "sqlmongo.")
		}
	}
	names := []string{"auto", "none"}
	if given {
		names = []string{u.Query().Get("sqlmongo.pushdown")}
		if names[0] == "" {
			names[0] = "given"
		}
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
