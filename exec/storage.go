package exec

import (
	"context"
	"strings"
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
	// atomicUpdate is false on FerretDB v1, which applies an update by
	// reading the document and writing it back: AUTO_INCREMENT counters
	// are claim documents there (autoinc.go).
	atomicUpdate bool
}

// engineKind is the family of server behind the wire protocol.
type engineKind int

const (
	mongoDB   engineKind = iota
	ferretDB1            // FerretDB v1 (SQLite or PostgreSQL backend)
	ferretDB2            // FerretDB v2 on DocumentDB (PostgreSQL)
)

// serverInfo reads buildInfo once per engine. No lock is held across the
// round trip: callers that arrive while it is in flight wait for it or
// for their own context, whichever ends first; a failed read is retried
// by the next caller.
type serverInfo struct {
	mu       sync.Mutex
	known    bool
	info     server
	inFlight chan struct{} // closed when the read in flight ends; nil when none
}

func (s *serverInfo) get(ctx context.Context, c *mongo.Client) (server, error) {
	for {
		s.mu.Lock()
		if s.known {
			info := s.info
			s.mu.Unlock()
			return info, nil
		}
		if wait := s.inFlight; wait != nil {
			s.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return server{}, sqlerr.Wrap(ctx.Err(), "reading server information")
			}
		}
		done := make(chan struct{})
		s.inFlight = done
		s.mu.Unlock()

		var bi buildInfo
		err := c.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&bi)
		s.mu.Lock()
		if err == nil {
			s.known, s.info = true, bi.server()
		}
		s.inFlight = nil
		info := s.info
		s.mu.Unlock()
		close(done)
		if err != nil {
			return server{}, sqlerr.Wrap(err, "reading server information")
		}
		return info, nil
	}
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
	s := server{kind: mongoDB, version: bi.Version, decimal128: true, atomicUpdate: true}
	if len(bi.VersionArray) >= 2 {
		s.major, s.minor = bi.VersionArray[0], bi.VersionArray[1]
	}
	switch {
	case bi.FerretDB != nil:
		s.kind, s.ferret = ferretDB2, bi.FerretDB.Version
	case bi.FerretDBVersion != nil:
		s.kind, s.ferret, s.decimal128, s.atomicUpdate = ferretDB1, *bi.FerretDBVersion, false, false
	}
	return s
}

// String names the server for EXPLAIN.
func (s server) String() string {
	switch s.kind {
	case ferretDB1:
		if strings.HasPrefix(s.ferret, "v1.") {
			return "FerretDB " + s.ferret
		}
		return "FerretDB v1 (version " + s.ferret + ")" // embedded builds say "unknown"
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
