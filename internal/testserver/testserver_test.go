package testserver

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

func TestStart(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(ctx)
	coll := c.Database("x").Collection("t")
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}, {Key: "a", Value: "b"}}); err != nil {
		t.Fatal(err)
	}
	var bi bson.M
	if err := c.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&bi); err != nil {
		t.Fatal(err)
	}
	t.Logf("%v", bi)
	n, err := coll.CountDocuments(ctx, bson.D{})
	if err != nil || n != 1 {
		t.Fatal(n, err)
	}
}

func TestModes(t *testing.T) {
	for env, want := range map[string]string{"": "", "auto": "auto", " Auto, full ,none": "auto|full|none", "auto,,full": "error", "full,full": "error"} {
		t.Setenv("SQLMONGO_MODES", env)
		got, err := Modes()
		s := strings.Join(got, "|")
		if err != nil {
			s = "error"
		}
		if s != want {
			t.Errorf("SQLMONGO_MODES=%q: got %q, want %q", env, s, want)
		}
	}
}

// TestKillRestart: a killed server refuses clients; restarted, it answers
// on the same address with the data it had.
func TestKillRestart(t *testing.T) {
	s, err := StartKillable()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI()).SetServerSelectionTimeout(2 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(ctx)
	coll := c.Database("x").Collection("t")
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	s.Kill()
	if err := c.Ping(ctx, nil); err == nil {
		t.Fatal("a killed server answered a ping")
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	var n int64
	deadline := time.Now().Add(60 * time.Second)
	for n, err = coll.CountDocuments(ctx, bson.D{}); err != nil && time.Now().Before(deadline); n, err = coll.CountDocuments(ctx, bson.D{}) {
	}
	if err != nil || n != 1 {
		t.Fatalf("after the restart: %d documents, %v", n, err)
	}
}
