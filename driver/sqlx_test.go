package driver_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// person exercises the scans sqlx users rely on: db tags, NULLable columns
// into sql.Null* and pointers, DATE and DATETIME into time.Time.
type person struct {
	ID     int64          `db:"id"`
	Name   string         `db:"name"`
	Email  sql.NullString `db:"email"`
	Age    *int64         `db:"age"`
	Born   time.Time      `db:"born"`
	Seen   *time.Time     `db:"seen"`
	Active bool           `db:"active"`
}

func TestSQLX(t *testing.T) {
	t.Parallel()
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			name := "drv_sqlx_" + mode
			dropDatabase(t, name)
			db, err := sqlx.Connect("mongodb", testDSN(t, name, "sqlmongo.pushdown="+mode))
			if err != nil {
				t.Fatalf("sqlx.Connect: %v", err)
			}
			defer db.Close()

			db.MustExec(`CREATE TABLE people (
				id BIGINT PRIMARY KEY AUTO_INCREMENT,
				name VARCHAR(50) NOT NULL,
				email VARCHAR(100),
				age INT,
				born DATE NOT NULL,
				seen DATETIME,
				active BOOL NOT NULL DEFAULT TRUE
			)`)

			seen := time.Date(2024, 3, 4, 15, 16, 17, 0, time.UTC)
			age := int64(41)
			// NamedExec with one struct.
			res, err := db.NamedExec(`INSERT INTO people (name, email, age, born, seen, active)
				VALUES (:name, :email, :age, :born, :seen, :active)`,
				person{Name: "Ada", Email: sql.NullString{String: "ada@example.com", Valid: true}, Age: &age,
					Born: time.Date(1983, 12, 10, 0, 0, 0, 0, time.UTC), Seen: &seen, Active: true})
			if err != nil {
				t.Fatalf("NamedExec struct: %v", err)
			}
			checkResult(t, res, 1, 1)

			// NamedExec with a slice of structs: one multi-row INSERT.
			batch := []person{
				{Name: "Brian", Born: time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), Active: true},
				{Name: "Chloé", Email: sql.NullString{String: "chloe@example.com", Valid: true}, Born: time.Date(2001, 7, 31, 0, 0, 0, 0, time.UTC)},
				{Name: "Dmitri", Age: ptr(int64(0)), Born: time.Date(1975, 5, 5, 0, 0, 0, 0, time.UTC), Seen: &seen, Active: true},
			}
			res, err = db.NamedExec(`INSERT INTO people (name, email, age, born, seen, active)
				VALUES (:name, :email, :age, :born, :seen, :active)`, batch)
			if err != nil {
				t.Fatalf("NamedExec slice: %v", err)
			}
			checkResult(t, res, 3, 2)

			// Select into a slice of structs.
			var all []person
			if err := db.Select(&all, "SELECT * FROM people ORDER BY id"); err != nil {
				t.Fatalf("Select: %v", err)
			}
			if len(all) != 4 {
				t.Fatalf("Select got %d rows, want 4: %+v", len(all), all)
			}
			want := []person{
				{ID: 1, Name: "Ada", Email: sql.NullString{String: "ada@example.com", Valid: true}, Age: &age,
					Born: time.Date(1983, 12, 10, 0, 0, 0, 0, time.UTC), Seen: &seen, Active: true},
				{ID: 2, Name: "Brian", Born: time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), Active: true},
				{ID: 3, Name: "Chloé", Email: sql.NullString{String: "chloe@example.com", Valid: true}, Born: time.Date(2001, 7, 31, 0, 0, 0, 0, time.UTC)},
				{ID: 4, Name: "Dmitri", Age: ptr(int64(0)), Born: time.Date(1975, 5, 5, 0, 0, 0, 0, time.UTC), Seen: &seen, Active: true},
			}
			for i := range want {
				if !samePerson(all[i], want[i]) {
					t.Errorf("row %d = %s\nwant      %s", i, fmtPerson(all[i]), fmtPerson(want[i]))
				}
			}

			// Select with a WHERE on a NULLable column and a parameter.
			var named []string
			if err := db.Select(&named, "SELECT name FROM people WHERE email IS NULL AND born < ? ORDER BY name DESC",
				time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatalf("Select names: %v", err)
			}
			if got := join(named); got != "Dmitri,Brian" {
				t.Errorf("names without email born before 2000 = %s, want Dmitri,Brian", got)
			}

			// Get one row.
			var p person
			if err := db.Get(&p, "SELECT * FROM people WHERE name = ?", "Chloé"); err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !samePerson(p, want[2]) {
				t.Errorf("Get = %s, want %s", fmtPerson(p), fmtPerson(want[2]))
			}
			// Get of a scalar, and Get with no row.
			var email sql.NullString
			if err := db.Get(&email, "SELECT email FROM people WHERE id = ?", 2); err != nil || email.Valid {
				t.Errorf("Get email of 2 = %+v, %v; want NULL", email, err)
			}
			if err := db.Get(&p, "SELECT * FROM people WHERE id = ?", 99); err != sql.ErrNoRows {
				t.Errorf("Get of a missing row: err = %v, want sql.ErrNoRows", err)
			}

			// In: a slice expands into IN (?, ?, ?); Rebind keeps '?'.
			q, args, err := sqlx.In("SELECT * FROM people WHERE id IN (?) AND active = ? ORDER BY id DESC", []int64{1, 3, 4}, true)
			if err != nil {
				t.Fatalf("sqlx.In: %v", err)
			}
			if want := "SELECT * FROM people WHERE id IN (?, ?, ?) AND active = ? ORDER BY id DESC"; q != want {
				t.Errorf("sqlx.In query = %q, want %q", q, want)
			}
			q = db.Rebind(q)
			var some []person
			if err := db.Select(&some, q, args...); err != nil {
				t.Fatalf("Select after In: %v", err)
			}
			if len(some) != 2 || some[0].ID != 4 || some[1].ID != 1 {
				t.Errorf("In selected %v, want ids 4,1", ids(some))
			}

			// Named query with a map and a struct.
			rows, err := db.NamedQuery("SELECT id, name FROM people WHERE age >= :min ORDER BY id", map[string]any{"min": 0})
			if err != nil {
				t.Fatalf("NamedQuery: %v", err)
			}
			var got []person
			for rows.Next() {
				var p person
				if err := rows.StructScan(&p); err != nil {
					t.Fatalf("StructScan: %v", err)
				}
				got = append(got, p)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
			if len(got) != 2 || got[0].ID != 1 || got[1].ID != 4 {
				t.Errorf("NamedQuery age >= 0 gave %v, want ids 1,4", ids(got))
			}

			t.Run("NamedExec update", func(t *testing.T) {
				res, err := db.NamedExec("UPDATE people SET active = :active WHERE id = :id", person{ID: 3, Active: true})
				if err != nil {
					t.Fatalf("NamedExec update: %v", err)
				}
				if n, _ := res.RowsAffected(); n != 1 {
					t.Errorf("update RowsAffected = %d, want 1", n)
				}
				var active bool
				if err := db.Get(&active, "SELECT active FROM people WHERE id = 3"); err != nil || !active {
					t.Errorf("active of 3 = %v, %v; want true", active, err)
				}
			})
		})
	}
}

func checkResult(t *testing.T, res sql.Result, affected, lastID int64) {
	t.Helper()
	if n, err := res.RowsAffected(); err != nil || n != affected {
		t.Errorf("RowsAffected = %d, %v; want %d", n, err, affected)
	}
	if id, err := res.LastInsertId(); err != nil || id != lastID {
		t.Errorf("LastInsertId = %d, %v; want %d", id, err, lastID)
	}
}

func ptr[T any](v T) *T { return &v }

func samePerson(a, b person) bool {
	eqPtr := func(x, y *int64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	eqTime := func(x, y *time.Time) bool { return x == nil && y == nil || x != nil && y != nil && x.Equal(*y) }
	return a.ID == b.ID && a.Name == b.Name && a.Email == b.Email && eqPtr(a.Age, b.Age) &&
		a.Born.Equal(b.Born) && eqTime(a.Seen, b.Seen) && a.Active == b.Active
}

func fmtPerson(p person) string {
	s := func(v any) string { return sqlxFmt(v) }
	age, seen := "NULL", "NULL"
	if p.Age != nil {
		age = s(*p.Age)
	}
	if p.Seen != nil {
		seen = p.Seen.UTC().Format(time.DateTime)
	}
	email := "NULL"
	if p.Email.Valid {
		email = p.Email.String
	}
	return "{" + s(p.ID) + " " + p.Name + " " + email + " " + age + " " + p.Born.UTC().Format(time.DateOnly) + " " + seen + " " + s(p.Active) + "}"
}
