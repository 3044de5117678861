package exec

import (
	"context"
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// TestScanIterContext: a scan stops at a cancelled context even while its
// cursor holds documents it fetched before.
func TestScanIterContext(t *testing.T) {
	cur, err := mongo.NewCursorFromDocuments([]any{bson.D{{Key: "a", Value: int32(1)}}, bson.D{{Key: "a", Value: int32(2)}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	it := newScanIter(cur, &planner.Scan{Fields: []string{"a"}, Types: []sqltypes.Type{{Kind: sqltypes.Int}}})
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := it.Next(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := it.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: got %v, want context.Canceled", err)
	}
}
