// Command quickstart is the smallest useful sqlmongo program: open a
// MongoDB database through database/sql, write rows with SQL, read them
// back into Go values.
//
//	MONGODB_URI=mongodb://localhost:27017/shop go run ./examples/quickstart
//
// The database is the URI's path ("quickstart" when it has none).
package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"net/url"
	"os"
	"time"

	_ "github.com/sqlmongo/sqlmongo/driver" // registers the "mongodb" driver
)

func main() {
	uri := os.Getenv("MONGODB_URI")
	if uri == "" {
		log.Fatal("set MONGODB_URI, e.g. MONGODB_URI=mongodb://localhost:27017/shop")
	}
	u, err := url.Parse(uri)
	if err != nil {
		log.Fatalf("MONGODB_URI: %v", err)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/quickstart"
	}

	db, err := sql.Open("mongodb", u.String())
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	for _, q := range []string{
		"DROP TABLE IF EXISTS products",
		"CREATE TABLE products (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100) NOT NULL, price DOUBLE, stock INT)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			log.Fatal(err)
		}
	}
	res, err := db.ExecContext(ctx,
		"INSERT INTO products (name, price, stock) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)",
		"keyboard", 49.90, 12,
		"mouse", 19.50, 0,
		"monitor", 189.00, nil)
	if err != nil {
		log.Fatal(err)
	}
	first, _ := res.LastInsertId()
	n, _ := res.RowsAffected()
	fmt.Printf("inserted %d products, ids from %d\n", n, first)

	rows, err := db.QueryContext(ctx,
		"SELECT id, name, price, stock FROM products WHERE price < ? ORDER BY price DESC", 100)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id    int64
			name  string
			price float64
			stock sql.NullInt64
		)
		if err := rows.Scan(&id, &name, &price, &stock); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d  %-10s %7.2f  stock=%v\n", id, name, price, nullable(stock))
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
}

func nullable(v sql.NullInt64) any {
	if !v.Valid {
		return "NULL"
	}
	return v.Int64
}
