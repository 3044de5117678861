package exec

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestServerInfoHonoursDeadline: a server that accepts connections and
// never answers holds one caller's buildInfo for as long as that caller
// allows; another caller with a short deadline must get its deadline
// error then, not wait behind the first.
func TestServerInfoHonoursDeadline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // silent: read nothing, answer nothing
		}
	}()
	client, err := mongo.Connect(options.Client().ApplyURI("mongodb://" + ln.Addr().String() + "/?directConnection=true"))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	e := New(client, "x", Options{})

	slowCtx, cancelSlow := context.WithTimeout(context.Background(), time.Minute)
	defer cancelSlow()
	slowDone := make(chan struct{})
	go func() {
		defer close(slowDone)
		_, _ = e.Capabilities(slowCtx)
	}()
	time.Sleep(100 * time.Millisecond) // let the slow caller start its read

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = e.Capabilities(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("short-deadline caller: %v, want its deadline error", err)
	}
	// Generous: this only catches waiting for the minute-long caller.
	if waited := time.Since(start); waited > 10*time.Second {
		t.Errorf("short-deadline caller returned after %v", waited)
	}
	cancelSlow()
	<-slowDone
}
