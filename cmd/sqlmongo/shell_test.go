package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mopts "go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

func TestMetaCommand(t *testing.T) {
	for line, want := range map[string]meta{
		`\q`:                {`\q`, ""},
		` \d  orders ;`:     {`\d`, "orders"},
		`\explain SELECT 1`: {`\explain`, "SELECT 1"},
		`source a b.sql;`:   {`\i`, "a b.sql"},
		`QUIT`:              {"quit", ""},
		`help;`:             {"help", ""},
	} {
		if got, ok := metaCommand(line); !ok || got != want {
			t.Errorf("metaCommand(%q) = %v, %v; want %v", line, got, ok, want)
		}
	}
	for _, line := range []string{"SELECT 1", "quit now", "source", "helpful"} {
		if got, ok := metaCommand(line); ok {
			t.Errorf("metaCommand(%q) = %v, want none", line, got)
		}
	}
}

func TestContinuationPrompt(t *testing.T) {
	for open, want := range map[string]string{"": "       -> ", "'": "       '> ", "(": "       (> ", "/*": "      /*> "} {
		if got := continuation(open); got != want || len(got) != len(prompt) {
			t.Errorf("continuation(%q) = %q, want %q", open, got, want)
		}
	}
}

func TestCompleter(t *testing.T) {
	c := &completer{tables: []string{"orders", "Ölmühle"}, cols: []string{"order_id", "status"}}
	got, n := c.Do([]rune("SELECT * FROM ord"), len("SELECT * FROM ord"))
	var s []string
	for _, r := range got {
		s = append(s, string(r))
	}
	slices.Sort(s)
	if n != 3 || !slices.Equal(s, []string{"er", "er_id", "ers"}) {
		t.Errorf("ord: %q, %d", s, n)
	}
	got, n = c.Do([]rune("SEL"), 3)
	if n != 3 || len(got) != 1 || string(got[0]) != "ECT" {
		t.Errorf("SEL: %q, %d", got, n)
	}
	got, _ = c.Do([]rune("sel"), 3)
	if len(got) != 1 || string(got[0]) != "ect" {
		t.Errorf("sel: %q", got)
	}
	got, n = c.Do([]rune("FROM Öl"), len([]rune("FROM Öl")))
	if n != 2 || len(got) != 1 || string(got[0]) != "mühle" {
		t.Errorf("Öl: %q, %d", got, n)
	}
}

func TestWriteExplain(t *testing.T) {
	var b strings.Builder
	writeExplain(&b, [][]any{
		{"sort", "name#0"},
		{"  mongo find", `t {"filter":{"a":{"$gt":1}}}`},
		{"profile", "ferretdb (auto: FerretDB v1)"},
	})
	want := `in-process  sort name#0
pushed        mongo find t
                {
                  "filter": {
                    "a": {
                      "$gt": 1
                    }
                  }
                }
profile: ferretdb (auto: FerretDB v1)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestDescribeSampled: a collection written without CREATE TABLE is listed
// and described as sampled.
func TestDescribeSampled(t *testing.T) {
	srv, err := testserver.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	client, err := mongo.Connect(mopts.Client().ApplyURI(srv.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	if _, err := client.Database("shell").Collection("events").InsertOne(ctx, bson.D{{Key: "kind", Value: "click"}, {Key: "n", Value: 3}}); err != nil {
		t.Fatal(err)
	}
	sess, code := connect(ctx, &options{uri: srv.URI() + "shell"}, &strings.Builder{})
	if sess == nil {
		t.Fatalf("connect: %d", code)
	}
	defer sess.close()
	if _, err := sess.conn.ExecContext(ctx, "CREATE TABLE made (id INT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	s := &shell{sess: sess}
	out, err := s.tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"| events |                1 | sampled    |", "| made   |                0 | catalogued |"} {
		if !strings.Contains(string(out), w) {
			t.Errorf(`\dt lacks %q:\n%s`, w, out)
		}
	}
	out, err = s.describe(ctx, "events")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "Table events (sampled") || !strings.Contains(string(out), "| kind ") {
		t.Errorf(`\d events:\n%s`, out)
	}
	out, err = s.describe(ctx, "nope")
	if err != nil || string(out) != "No table named \"nope\".\n" {
		t.Errorf(`\d nope: %q, %v`, out, err)
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "naïve": 5, "nai\u0308ve": 5, "😀": 2, "日本": 4, "": 0} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
	var b strings.Builder
	p := &printer{format: "table", w: &b, noCount: true}
	p.result([]string{"s"}, [][]any{{"日本"}, {"abcd"}})
	if want := "+------+\n| s    |\n+------+\n| 日本 |\n| abcd |\n+------+\n"; b.String() != want {
		t.Errorf("wide characters: got\n%s\nwant\n%s", b.String(), want)
	}
}
