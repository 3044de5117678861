package ormtest

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	migratemysql "github.com/golang-migrate/migrate/v4/database/mysql"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrations embed.FS

// TestGoose: up, status, down, up with goose's MySQL dialect.
func TestGoose(t *testing.T) {
	db := openDB(t)
	fsys, err := fs.Sub(migrations, "migrations/goose")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectMySQL, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	st, err := p.Status(ctx)
	if err != nil || len(st) != 2 || st[1].State != goose.StateApplied {
		t.Fatalf("status: %+v, %v", st, err)
	}
	if _, err := db.Exec("INSERT INTO users (name, email) VALUES ('bob', 'b@x')"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Down(ctx); err != nil {
		t.Fatalf("down: %v", err)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v != 1 {
		t.Fatalf("version after down = %d, %v", v, err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM users").Scan(&n); err != nil || n != 2 {
		t.Errorf("users = %d, %v; want 2", n, err)
	}
}

// TestMigrate: golang-migrate's MySQL driver over our *sql.DB, with
// multi-statement migration files (multiStatements, as MySQL needs too).
func TestMigrate(t *testing.T) {
	db := openDB(t, "sqlmongo.multiStatements=true")
	driver, err := migratemysql.WithInstance(db, &migratemysql.Config{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := iofs.New(migrations, "migrations/migrate")
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "mysql", driver)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up: %v", err)
	}
	if v, dirty, err := m.Version(); err != nil || v != 2 || dirty {
		t.Fatalf("version = %d %v, %v", v, dirty, err)
	}
	if err := m.Steps(-1); err != nil {
		t.Fatalf("down one: %v", err)
	}
	if err := m.Down(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		t.Fatalf("down: %v", err)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM users").Scan(&n); err != nil || n != 2 {
		t.Errorf("users = %d, %v; want 2", n, err)
	}
}
