package ormtest

import (
	"context"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
)

type Book struct {
	bun.BaseModel `bun:"table:books"`
	ID            int64  `bun:",pk,autoincrement"`
	Title         string `bun:",unique,notnull"`
	Price         int
}

// TestBun: create table, insert (bun sends DEFAULT for the zero key),
// select, upsert with bun's MySQL dialect.
func TestBun(t *testing.T) {
	db := bun.NewDB(openDB(t), mysqldialect.New())
	ctx := context.Background()
	if _, err := db.NewCreateTable().Model((*Book)(nil)).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	b := &Book{Title: "go", Price: 10}
	if _, err := db.NewInsert().Model(b).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if b.ID == 0 {
		t.Error("insert did not set the id")
	}
	more := []Book{{Title: "sql", Price: 20}, {Title: "mongo", Price: 30}}
	if _, err := db.NewInsert().Model(&more).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewInsert().Model(&Book{ID: b.ID, Title: "go", Price: 12}).
		On("DUPLICATE KEY UPDATE").Set("price = VALUES(price)").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	var got []Book
	if err := db.NewSelect().Model(&got).Order("id").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Price != 12 || got[2].Title != "mongo" {
		t.Errorf("books = %+v", got)
	}
}
