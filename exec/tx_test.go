package exec

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// TestTxContexts: statements of a transaction carry its session; the
// counters (and, on MongoDB, collection listings) run without it, except
// counters in a transaction that changed a schema; values other than the
// session pass through.
func TestTxContexts(t *testing.T) {
	type other struct{}
	base := context.WithValue(context.Background(), other{}, 1)
	sess := &mongo.Session{}
	tx := &Tx{sess: sess, metaOutside: true}
	ctx := tx.Context(base)
	if mongo.SessionFromContext(ctx) != sess || txFrom(ctx) != tx {
		t.Fatal("the transaction's context carries neither its session nor the Tx")
	}
	for name, c := range map[string]context.Context{"counter": counterCtx(ctx, "t"), "meta": metaCtx(ctx)} {
		if mongo.SessionFromContext(c) != nil {
			t.Errorf("%s: the session is visible", name)
		}
		if c.Value(other{}) != 1 || txFrom(c) != tx {
			t.Errorf("%s: other values lost", name)
		}
	}
	tx.counted = map[string]bool{"t": true}
	if mongo.SessionFromContext(counterCtx(ctx, "t")) != sess {
		t.Error("a transaction that created a table takes its counter outside it")
	}
	if mongo.SessionFromContext(counterCtx(ctx, "u")) != nil {
		t.Error("a transaction that created another table takes this one's counter inside it")
	}
	tx.metaOutside = false
	if mongo.SessionFromContext(metaCtx(ctx)) != sess {
		t.Error("collection listings left the transaction on a server that runs them inside")
	}
	honest := (&Tx{}).Context(base)
	if mongo.SessionFromContext(honest) != nil || counterCtx(honest, "t") != honest {
		t.Error("a transaction without a session got one")
	}
}
