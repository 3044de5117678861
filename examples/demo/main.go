// Command demo shows sqlmongo at work: it creates a small shop (customers
// and orders, with a few NULLs) through database/sql, runs SQL against it
// and prints every result as a table under its statement.
//
//	make demo                                  # embedded FerretDB, nothing to install
//	MONGODB_URI=mongodb://localhost:27017 make demo
//
// It uses the database "demo" and drops its own tables first, so it can be
// run again and again.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		fmt.Println("MONGODB_URI is not set: starting an embedded FerretDB (MongoDB wire protocol, SQLite storage).")
		srv, err := testserver.Start()
		if err != nil {
			return err
		}
		defer srv.Close()
		uri = srv.URI()
	}
	dsn, err := withDatabase(uri, "demo")
	if err != nil {
		return err
	}
	fmt.Printf("sql.Open(\"mongodb\", %q)\n\n", dsn)
	db, err := sql.Open("mongodb", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return err
	}

	d := &demo{ctx: ctx, db: db}
	d.exec("DROP TABLE IF EXISTS orders")
	d.exec("DROP TABLE IF EXISTS customers")
	d.exec(`CREATE TABLE customers (
  id     INT PRIMARY KEY AUTO_INCREMENT,
  name   VARCHAR(50) NOT NULL,
  city   VARCHAR(50),
  email  VARCHAR(100),
  joined DATE
)`)
	d.exec(`CREATE TABLE orders (
  id          INT PRIMARY KEY AUTO_INCREMENT,
  customer_id INT NOT NULL,
  product     VARCHAR(50),
  qty         INT,
  total       DOUBLE,
  status      VARCHAR(20),
  placed      DATE
)`)
	d.exec(`INSERT INTO customers (name, city, email, joined) VALUES
  ('Ada Lovelace',   'London', 'ada@example.com',   '2023-01-15'),
  ('Alan Turing',    'London', NULL,                '2023-03-02'),
  ('Grace Hopper',   'New York', 'grace@example.com', '2023-06-30'),
  ('Edsger Dijkstra', NULL,    'ewd@example.com',   NULL),
  ('Barbara Liskov', 'Boston', NULL,                '2024-02-11')`)
	d.exec(`INSERT INTO orders (customer_id, product, qty, total, status, placed) VALUES
  (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?),
  (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)`,
		1, "Analytical Engine", 1, 1843.00, "paid", date(2024, 1, 3),
		1, "Punched cards", 200, 24.50, "paid", date(2024, 1, 9),
		2, "Bombe rotor", 3, 89.90, "pending", date(2024, 2, 1),
		3, "COBOL manual", 2, 35.00, "paid", date(2024, 2, 14),
		3, "Moth (framed)", 1, nil, "cancelled", date(2024, 2, 20),
		4, "Semaphore", 10, 12.75, "pending", nil,
		5, "CLU compiler", 1, 49.99, "paid", date(2024, 3, 5),
		5, "Substitution kit", 4, 19.96, "cancelled", date(2024, 3, 7),
	)

	d.query("SELECT * FROM customers ORDER BY id")
	d.query("SELECT id, customer_id, product, total FROM orders WHERE status = 'paid' AND total >= 30 ORDER BY total DESC LIMIT 3")
	// Three-valued logic: a NULL city is neither 'London' nor not 'London'.
	d.query("SELECT name, city FROM customers WHERE city <> 'London'")
	d.query("SELECT name, city, email FROM customers WHERE city IS NULL OR email IS NULL ORDER BY name")
	d.query("SELECT product, qty, status FROM orders WHERE customer_id IN (1, 3, 5) AND NOT (status = 'cancelled') ORDER BY product")
	d.query("SELECT id, product, total FROM orders WHERE total BETWEEN 10 AND 50 ORDER BY total LIMIT 2 OFFSET 1")
	d.query("SELECT id, product, placed FROM orders WHERE customer_id = ? AND placed >= ? ORDER BY placed", 1, date(2024, 1, 5))
	d.exec("UPDATE orders SET status = ? WHERE status = 'pending'", "shipped")
	d.exec("DELETE FROM orders WHERE status = 'cancelled'")
	d.query("SELECT id, customer_id, product, status FROM orders ORDER BY status, id")
	d.query("SELECT status, COUNT(*) AS n, SUM(total), ROUND(AVG(qty), 2) FROM orders GROUP BY status HAVING n > 1 ORDER BY n DESC")
	d.query("SELECT COUNT(*), COUNT(city), SUM(id) FROM customers WHERE joined > '2030-01-01'")
	d.query("SELECT UPPER(name) AS shout, CONCAT(LEFT(name, 3), '…') AS short, YEAR(joined) FROM customers WHERE name LIKE 'A%' ORDER BY 1")
	d.query("EXPLAIN SELECT product, total FROM orders WHERE total > ? ORDER BY total DESC LIMIT 5", 20)
	return d.err
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// withDatabase returns uri with its path set to /db, keeping its options.
func withDatabase(uri, db string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("MONGODB_URI: %w", err)
	}
	u.Path = "/" + db
	return u.String(), nil
}

// demo runs statements and prints them; the first error stops the rest.
type demo struct {
	ctx context.Context
	db  *sql.DB
	err error
}

func (d *demo) exec(q string, args ...any) {
	if d.err != nil {
		return
	}
	printSQL(q, args)
	res, err := d.db.ExecContext(d.ctx, q, args...)
	if err != nil {
		d.err = fmt.Errorf("%s: %w", firstLine(q), err)
		return
	}
	n, _ := res.RowsAffected()
	id, _ := res.LastInsertId()
	switch {
	case strings.HasPrefix(q, "INSERT") && id > 0:
		fmt.Printf("-> %d rows affected, LastInsertId %d\n\n", n, id)
	case strings.HasPrefix(q, "INSERT"), strings.HasPrefix(q, "UPDATE"), strings.HasPrefix(q, "DELETE"):
		fmt.Printf("-> %d rows affected\n\n", n)
	default:
		fmt.Print("-> ok\n\n")
	}
}

func (d *demo) query(q string, args ...any) {
	if d.err != nil {
		return
	}
	printSQL(q, args)
	rows, err := d.db.QueryContext(d.ctx, q, args...)
	if err != nil {
		d.err = fmt.Errorf("%s: %w", q, err)
		return
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		d.err = err
		return
	}
	var table [][]string
	numeric := make([]bool, len(cols))
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			d.err = err
			return
		}
		line := make([]string, len(cols))
		for i, v := range vals {
			line[i] = format(v)
			switch v.(type) {
			case int64, float64:
				numeric[i] = true
			}
		}
		table = append(table, line)
	}
	if err := rows.Err(); err != nil {
		d.err = fmt.Errorf("%s: %w", q, err)
		return
	}
	printTable(cols, table, numeric)
}

func printSQL(q string, args []any) {
	fmt.Println("mongodb> " + strings.ReplaceAll(q, "\n", "\n      -> ") + ";")
	if len(args) > 0 {
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = format(a)
		}
		if len(parts) > 8 {
			parts = append(parts[:8], fmt.Sprintf("… (%d in all)", len(args)))
		}
		fmt.Println("   args: " + strings.Join(parts, ", "))
	}
}

func firstLine(q string) string {
	line, _, _ := strings.Cut(q, "\n")
	return line
}

// format renders a scanned value as the mysql client would.
func format(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.DateTime)
	}
	return fmt.Sprint(v)
}

// printTable prints an aligned text table, numbers right-aligned.
func printTable(cols []string, rows [][]string, numeric []bool) {
	width := make([]int, len(cols))
	for i, c := range cols {
		width[i] = utf8.RuneCountInString(c)
	}
	for _, r := range rows {
		for i, s := range r {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	sep := "+"
	for _, w := range width {
		sep += strings.Repeat("-", w+2) + "+"
	}
	line := func(cells []string, header bool) {
		var sb strings.Builder
		sb.WriteString("|")
		for i, s := range cells {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
			if numeric[i] && !header {
				sb.WriteString(" " + pad + s + " |")
			} else {
				sb.WriteString(" " + s + pad + " |")
			}
		}
		fmt.Println(sb.String())
	}
	fmt.Println(sep)
	line(cols, true)
	fmt.Println(sep)
	for _, r := range rows {
		line(r, false)
	}
	fmt.Println(sep)
	noun := "rows"
	if len(rows) == 1 {
		noun = "row"
	}
	fmt.Printf("%d %s in set\n\n", len(rows), noun)
}
