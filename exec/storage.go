package exec

import (
	"context"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// server is what exec knows of the server beyond pushdown: storage
// features that matter whatever sqlmongo.pushdown says.
type server struct {
	ferret bool
	major  int32
	minor  int32
	// decimal128 is false on FerretDB v1, which rejects the type: there
	// DECIMAL values are stored as doubles (see README).
	decimal128 bool
}

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
		var bi struct {
			VersionArray    []int32 `bson:"versionArray"`
			FerretDBVersion *string `bson:"ferretdbVersion"`
		}
		s.err = c.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&bi)
		if s.err != nil {
			s.err = sqlerr.Wrap(s.err, "reading server information")
			return
		}
		s.info.ferret = bi.FerretDBVersion != nil
		if len(bi.VersionArray) >= 2 {
			s.info.major, s.info.minor = bi.VersionArray[0], bi.VersionArray[1]
		}
		s.info.decimal128 = !s.info.ferret
	})
	return s.info, s.err
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
