package exec

import (
	"context"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// server is what exec knows of the server beyond pushdown: which engine
// it is and the storage features that matter whatever sqlmongo.pushdown
// says.
type server struct {
	kind    engineKind
	version string // buildInfo's version: MongoDB's, or the one FerretDB reports
	ferret  string // FerretDB's own version, "" for MongoDB
	major   int32
	minor   int32
	// decimal128 is false on FerretDB v1, which rejects the type: there
	// DECIMAL values are stored as doubles (see README).
	decimal128 bool
}

// engineKind is the family of server behind the wire protocol.
type engineKind int

const (
	mongoDB   engineKind = iota
	ferretDB1            // FerretDB v1 (SQLite or PostgreSQL backend)
	ferretDB2            // FerretDB v2 on DocumentDB (PostgreSQL)
)

type serverInfo struct {
	once sync.Once
	info server
	err  error
	mu   sync.Mutex
}

func (s *serverInfo) get(ctx context.Context, c *mongo.Client) (server, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		s.once = sync.Once{} // retry after a failure
		s.err = nil
	}
	s.once.Do(func() {
		var bi buildInfo
		s.err = c.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&bi)
		if s.err != nil {
			s.err = sqlerr.Wrap(s.err, "reading server information")
			return
		}
		s.info = bi.server()
	})
	return s.info, s.err
}

// buildInfo is the part of the buildInfo reply that tells engines apart:
// FerretDB v1 adds ferretdbVersion, v2 a ferretdb document.
type buildInfo struct {
	Version         string  `bson:"version"`
	VersionArray    []int32 `bson:"versionArray"`
	FerretDBVersion *string `bson:"ferretdbVersion"`
	FerretDB        *struct {
		Version string `bson:"version"`
	} `bson:"ferretdb"`
}

func (bi buildInfo) server() server {
	s := server{kind: mongoDB, version: bi.Version, decimal128: true}
	if len(bi.VersionArray) >= 2 {
		s.major, s.minor = bi.VersionArray[0], bi.VersionArray[1]
	}
	switch {
	case bi.FerretDB != nil:
		s.kind, s.ferret = ferretDB2, bi.FerretDB.Version
	case bi.FerretDBVersion != nil:
		s.kind, s.ferret, s.decimal128 = ferretDB1, *bi.FerretDBVersion, false
	}
	return s
}

// String names the server for EXPLAIN.
func (s server) String() string {
	switch s.kind {
	case ferretDB1:
		return "FerretDB " + s.ferret
	case ferretDB2:
		return "FerretDB " + s.ferret + " on DocumentDB"
	}
	return "MongoDB " + s.version
}

// toServer converts a value bound for the server (a document, filter or
// pipeline) to types the server stores.
func (e *Engine) toServer(ctx context.Context, v any) (any, error) {
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return nil, err
	}
	if info.decimal128 {
		return v, nil
	}
	return lowerDecimals(v), nil
}

func lowerDecimals(v any) any {
	switch x := v.(type) {
	case bson.Decimal128:
		f, _ := sqltypes.ToFloat(x)
		return f
	case bson.D:
		out := make(bson.D, len(x))
		for i, el := range x {
			out[i] = bson.E{Key: el.Key, Value: lowerDecimals(el.Value)}
		}
		return out
	case bson.A:
		out := make(bson.A, len(x))
		for i, el := range x {
			out[i] = lowerDecimals(el)
		}
		return out
	case []bson.D:
		out := make([]bson.D, len(x))
		for i, el := range x {
			out[i] = lowerDecimals(el).(bson.D)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, el := range x {
			out[i] = lowerDecimals(el)
		}
		return out
	}
	return v
}

// serverDoc is toServer for a document.
func (e *Engine) serverDoc(ctx context.Context, d bson.D) (bson.D, error) {
	v, err := e.toServer(ctx, d)
	if err != nil {
		return nil, err
	}
	return v.(bson.D), nil
}
